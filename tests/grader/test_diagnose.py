"""Naming how a run ended (grader/diagnose.py), on recorded and made-up runs."""
from __future__ import annotations

import unittest

from tests.grader.support import demo_lab, halt, make_run, recorded

from grader.diagnose import diagnose
from grader.judge import judge

# fixture -> (diagnosis kind, verdict of the demo lab)
EXPECTED = {
    "pass": ("exit", "passed"),
    "todo-1": ("task_todo", "not_done"),
    "todo-3": ("task_todo", "not_done"),
    "wrong-count": ("exit", "failed"),
    "forged": ("exit", "failed"),
    "retype-error": ("exit", "failed"),
    "out-of-order": ("exit", "failed"),
    "vm-fault": ("user_fault", "user_fault"),
    "cap-fault": ("user_fault", "user_fault"),
    "panic": ("kernel_panic", "kernel_panic"),
    "timeout": ("timeout", "timeout"),
    "triple-fault": ("triple_fault", "triple_fault"),
    "flood": ("output_flood", "output_flood"),
    "stuck": ("stuck", "stuck"),
    "qemu-error": ("qemu_error", "qemu_error"),
}

FAULT = {"ev": "fault", "thread": "worker", "type": "VMFault", "ip": "0x401234",
         "addr": "0x0", "text": "vm fault on data at address 0x0 with status 0x6",
         "handled": False}


class RecordedRunsTest(unittest.TestCase):
    def test_every_fixture(self) -> None:
        lab = demo_lab()
        for name, (kind, verdict) in EXPECTED.items():
            with self.subTest(run=name):
                run = recorded(name)
                self.assertEqual(diagnose(run).kind, kind)
                self.assertEqual(judge(lab, run).verdict, verdict)


class DiagnosisTextTest(unittest.TestCase):
    def test_user_fault_names_thread_fault_and_place(self) -> None:
        diagnosis = diagnose(recorded("vm-fault"))
        self.assertIn('thread "rootserver"', diagnosis.summary)
        self.assertIn("VMFault at 0x401234", diagnosis.summary)
        self.assertIn("vm fault on data at address 0x0 with status 0x6", diagnosis.summary)
        self.assertEqual(diagnosis.details, (
            "vm fault on data at address 0x0 with status 0x6",
            'in thread 0xffffff801fe0a400 "rootserver" at address 0x401234'))

    def test_cap_fault_report_keeps_the_caught_lines(self) -> None:
        details = diagnose(recorded("cap-fault")).details
        self.assertEqual(details[0], "Caught cap fault in send phase at address 0x0")
        self.assertNotIn("With stack:", details)

    def test_fault_address_is_symbolized(self) -> None:
        run = make_run([], [FAULT, halt("idle")])
        run.symbols = [(0x401000, "_start"), (0x401200, "main"), (0x401300, "helper")]
        self.assertIn("(in main+0x34)", diagnose(run).summary)

    def test_handled_faults_are_normal(self) -> None:
        run = make_run([], [{**FAULT, "handled": True}, halt("exit", 0)])
        self.assertEqual(diagnose(run).kind, "exit")

    def test_fault_then_exit_is_still_a_user_fault(self) -> None:
        diagnosis = diagnose(make_run([], [FAULT, halt("exit", 1)]))
        self.assertEqual(diagnosis.kind, "user_fault")
        self.assertIn('thread "worker"', diagnosis.summary)
        self.assertIn("exited with status 1", diagnosis.summary)

    def test_stuck_lists_blocked_threads(self) -> None:
        diagnosis = diagnose(recorded("stuck"))
        self.assertEqual(diagnosis.details,
                         ('thread "rootserver" blocked on notification (cptr 409)',))

    def test_timeout_says_the_limit(self) -> None:
        diagnosis = diagnose(recorded("timeout"))
        self.assertIn("within 5 s", diagnosis.summary)
        self.assertIn("last console line: retyped notification into slot 409",
                      diagnosis.details)

    def test_panic_message(self) -> None:
        self.assertIn("cnode.c:120: slot list corrupt", diagnose(recorded("panic")).summary)
        self.assertEqual(diagnose(make_run(["x"], [], exit_code=35)).kind, "kernel_panic")

    def test_flood_channels(self) -> None:
        self.assertIn("256 KiB", diagnose(recorded("flood")).summary)
        events = diagnose(make_run([], [], exit_code=None, flooded="events"))
        self.assertIn("kernel events", events.summary)

    def test_qemu_error_shows_stderr(self) -> None:
        self.assertIn("could not load kernel", diagnose(recorded("qemu-error")).summary)
        self.assertIn("did not start", diagnose(make_run([], [], exit_code=None)).summary)

    def test_debug_halt(self) -> None:
        diagnosis = diagnose(make_run([], [halt("debug_halt")]))
        self.assertEqual(diagnosis.kind, "debug_halt")
        self.assertIn('"rootserver"', diagnosis.summary)

    def test_halt_exit_without_halt_event(self) -> None:
        self.assertEqual(diagnose(make_run(["x"], [{"ev": "boot"}])).kind, "no_halt")
        self.assertEqual(diagnose(make_run(["x"], [{"ev": "boot"}], exit_code=7)).kind,
                         "unexpected")

    def test_task_stop(self) -> None:
        run = recorded("todo-3")
        self.assertEqual((run.task_stop.task, run.task_stop.what),
                         (3, "mint a badged copy of the notification"))
        self.assertIn("TASK 3", diagnose(run).summary)


if __name__ == "__main__":
    unittest.main()
