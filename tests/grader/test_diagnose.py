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

    def test_return_from_main_then_idle_is_an_exit(self) -> None:
        main_returned = {"ev": "thread_exit", "thread": "rootserver", "status": 3, "root": True}
        run = make_run([], [main_returned, halt("exit", 3)])
        diagnosis = diagnose(run)
        self.assertEqual(diagnosis.kind, "exit")
        self.assertIn("exited with status 3 (main returned;", diagnosis.summary)
        self.assertEqual(run.exit_status, 3)

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


# ---- what the hostile submissions (tests/hostile/) showed ----

def fault(text: str, type_: str = "VMFault", ip: str = "0x400030") -> dict:
    return {"ev": "fault", "thread": "rootserver", "type": type_, "ip": ip, "addr": "0x0",
            "text": text, "handled": False}


def report(text: str, rsp: str = "0x412f40") -> list[str]:
    """The kernel's console report of an unhandled fault."""
    return ["Caught cap fault in send phase at address (nil)", "while trying to handle:",
            text, 'in thread 0xffffffff80001000 "rootserver" at address 0x400030',
            "With stack:", f"{rsp}: 0x0", "caplab: no thread can run and nothing can wake "
            "one; halting."]


class BootErrorTest(unittest.TestCase):
    """A root task the kernel refuses (char big[16 << 20] = {1};)."""

    def test_named_with_the_kernel_reason(self) -> None:
        run = make_run(["caplab kernel: x86_64, seL4-style capabilities",
                        "caplab: cannot start the root task: the ELF image is larger than 8 MiB"],
                       [{"ev": "boot_error", "msg": "the ELF image is larger than 8 MiB"},
                        halt("boot_error")])
        diagnosis = diagnose(run)
        self.assertEqual(diagnosis.kind, "boot_error")
        self.assertIn("could not start the root task: the ELF image is larger than 8 MiB",
                      diagnosis.summary)
        self.assertIn("big static array", " ".join(diagnosis.details))
        self.assertEqual(judge(demo_lab(), run).verdict, "boot_error")

    def test_console_line_when_the_event_has_no_message(self) -> None:
        run = make_run(["caplab: cannot start the root task: no loadable segment"],
                       [halt("boot_error")])
        self.assertIn("no loadable segment", diagnose(run).summary)

    def test_other_unknown_reasons_stay_unexpected(self) -> None:
        self.assertEqual(diagnose(make_run([], [halt("sleepy")])).kind, "unexpected")


class AbortTest(unittest.TestCase):
    def test_failed_assert_is_named(self) -> None:
        run = make_run(["checking", "Assertion failed: slots == 4 (main.c: main: 3)"],
                       [halt("exit", 134)])
        diagnosis = diagnose(run)
        self.assertEqual(diagnosis.kind, "exit")
        self.assertIn("failed an assert()", diagnosis.summary)
        self.assertIn("slots == 4", diagnosis.summary)

    def test_abort_is_named(self) -> None:
        run = make_run(["giving up", "abort() called"], [halt("exit", 134)])
        self.assertIn("called abort()", diagnose(run).summary)

    def test_status_134_alone(self) -> None:
        summary = diagnose(make_run(["x"], [halt("exit", 134)])).summary
        self.assertIn("status 134", summary)
        self.assertIn("abort()", summary)

    def test_other_statuses_are_plain(self) -> None:
        self.assertEqual(diagnose(make_run(["abort() called"], [halt("exit", 44)])).summary,
                         "the root task exited with status 44")


class KernelHaltTest(unittest.TestCase):
    LONG_NAME = ('<<seL4(CPU 0) [debug_name_thread/269 T0xffffffff80001000 "rootserver" '
                 '@4000ab]: DebugNameThread: name too long; halting.>>')

    def test_kernel_halt_is_not_blamed_on_debug_halt(self) -> None:
        diagnosis = diagnose(make_run(["naming", self.LONG_NAME], [halt("debug_halt")]))
        self.assertEqual(diagnosis.kind, "debug_halt")
        self.assertIn("the kernel halted the machine", diagnosis.summary)
        self.assertIn("DebugNameThread: name too long", diagnosis.summary)
        self.assertNotIn("seL4_DebugHalt called", diagnosis.summary)

    def test_a_real_debug_halt_after_it(self) -> None:
        console = [self.LONG_NAME, 'Debug halt syscall from user thread 0x1 "rootserver"']
        self.assertIn("seL4_DebugHalt called",
                      diagnose(make_run(console, [halt("debug_halt")])).summary)

    def test_thread_name_cannot_break_the_line(self) -> None:
        event = {**halt("debug_halt"), "thread": 'a","reason":"exit"\n{"ev":"x"}'}
        summary = diagnose(make_run([], [event])).summary
        self.assertNotIn("\n", summary)
        self.assertIn('"a\\",\\"reason', summary)


class StuckTest(unittest.TestCase):
    def test_deleting_its_own_tcb(self) -> None:
        delete = {"ev": "invoke", "thread": "rootserver", "cptr": 2, "op": "CNodeDelete",
                  "cap": "cnode", "index": 1, "depth": 64, "err": 0, "error": "seL4_NoError"}
        diagnosis = diagnose(make_run(["Delete slot 1"], [delete, halt("idle")]))
        self.assertEqual(diagnosis.kind, "stuck")
        self.assertIn("CNodeDelete (index 1", diagnosis.details[0])
        self.assertIn("deleted slot 1, its own TCB cap", diagnosis.details[0])

    def test_the_kernel_words_when_it_suspends(self) -> None:
        revoke = {"ev": "invoke", "thread": "rootserver", "cptr": 2, "op": "CNodeRevoke",
                  "index": 3, "depth": 64, "err": 0}
        line = 'caplab: thread 0xffffffff80001000 "rootserver" has no valid VSpace; suspending it.'
        details = diagnose(make_run([line], [revoke, halt("idle")])).details
        self.assertIn("revoked slot 3, its own VSpace cap", details[0])
        self.assertEqual(details[1], f"the kernel said: {line}")


class FaultMeaningTest(unittest.TestCase):
    def meaning(self, text: str, type_: str = "VMFault", rsp: str = "0x412f40",
                ip: str = "0x400030") -> str:
        return diagnose(make_run(report(text, rsp),
                                 [fault(text, type_, ip), halt("idle")])).summary

    def test_user_exception_vectors(self) -> None:
        self.assertIn("privileged instruction",
                      self.meaning("user exception 0xd code (nil)", "UserException"))
        self.assertIn("undefined instruction",
                      self.meaning("user exception 0x6 code (nil)", "UserException"))
        self.assertIn("division by zero",
                      self.meaning("user exception (nil) code (nil)", "UserException"))

    def test_vm_faults(self) -> None:
        self.assertIn("a read through a NULL pointer",
                      self.meaning("vm fault on data at address (nil) with status 0x4"))
        self.assertIn("a write through a NULL pointer",
                      self.meaning("vm fault on data at address 0x8 with status 0x6"))
        self.assertIn("a write to a read-only page",
                      self.meaning("vm fault on data at address 0x400020 with status 0x7"))
        self.assertIn("nothing is mapped",
                      self.meaning("vm fault on data at address 0x7000000 with status 0x6"))

    def test_jumps(self) -> None:
        # No NX, no SMEP (as on seL4 x86_64): a jump is a read fault at the IP.
        self.assertIn("a jump into kernel memory",
                      self.meaning("vm fault on data at address 0xffffffff80100000 with "
                                   "status 0x5", ip="0xffffffff80100000"))
        self.assertIn("NULL function pointer",
                      self.meaning("vm fault on data at address (nil) with status 0x4",
                                   ip="0x0"))
        self.assertIn("a jump to an address with no code",
                      self.meaning("vm fault on data at address 0x7000000 with status 0x4",
                                   ip="0x7000000"))
        self.assertIn("a jump to an address with no code",
                      self.meaning("vm fault on data at address 0x412f40 with status 0x4",
                                   ip="0x412f40", rsp="0x412f40"))
        # The same read away from the IP is a data access.
        self.assertIn("a read through a NULL pointer",
                      self.meaning("vm fault on data at address (nil) with status 0x4"))
        self.assertIn("an access to kernel memory",
                      self.meaning("vm fault on data at address 0xffffffff80100000 with "
                                   "status 0x5"))
        # seL4's report form for a fetch on CPUs that mark one ("on code").
        self.assertIn("a jump into kernel memory",
                      self.meaning("vm fault on code at address 0xffffffff80100000 with "
                                   "status 0x15"))

    def test_stack_overflow(self) -> None:
        summary = self.meaning("vm fault on data at address 0x402b20 with status 0x7",
                               rsp="0x402b28")
        self.assertIn("stack overflow", summary)

    def test_a_printed_caught_line_is_not_the_report(self) -> None:
        text = "vm fault on data at address (nil) with status 0x4"
        console = ["Caught nothing at all", "hello"] + report(text)
        diagnosis = diagnose(make_run(console, [fault(text), halt("idle")]))
        self.assertEqual(diagnosis.details[0], "Caught cap fault in send phase at address (nil)")


class ResetTest(unittest.TestCase):
    ISSUE = {"ev": "invoke", "thread": "rootserver", "cptr": 7, "op": "X86IOPortControlIssue",
             "cap": "io_port_control", "err": 0, "error": "seL4_NoError"}

    def test_a_reset_after_port_caps_were_issued_says_so(self) -> None:
        diagnosis = diagnose(make_run(["port 0x64: error 0"], [{"ev": "boot"}, self.ISSUE],
                                      exit_code=0))
        self.assertEqual(diagnosis.kind, "triple_fault")
        self.assertIn("reset port such as 0x64", diagnosis.summary)
        self.assertIn("last event before the reset: #1 invoke X86IOPortControlIssue",
                      diagnosis.details[-1])

    def test_a_refused_issue_is_no_excuse(self) -> None:
        refused = {**self.ISSUE, "err": 3, "error": "seL4_IllegalOperation"}
        summary = diagnose(make_run([], [{"ev": "boot"}, refused], exit_code=0)).summary
        self.assertIn("kernel or boot problem", summary)
        self.assertNotIn("0x64", summary)


class FloodAndSizeTest(unittest.TestCase):
    def test_flood_of_kernel_error_lines_is_named(self) -> None:
        line = ('<<seL4(CPU 0) [lookup_slot_for_cnode_op/99 T0xffffffff80001000 "rootserver" '
                '@4000fb]: Invalid target slot depth 0.>>')
        run = make_run([line] * 30 + [line[:40]], [], exit_code=None, flooded="console")
        diagnosis = diagnose(run)
        self.assertIn("kernel's error lines", diagnosis.summary)
        self.assertEqual(diagnosis.details, (f"the kernel said: {line}",))

    def test_a_long_line_is_clipped(self) -> None:
        run = make_run("A" * (1 << 20), [], exit_code=None, flooded="console")
        diagnosis = diagnose(run)
        self.assertLess(max(len(d) for d in diagnosis.details), 400)
        self.assertIn("more characters", diagnosis.details[0])

    def test_control_characters_are_written_out(self) -> None:
        run = make_run(["\x1b]0;title\x07 printed"], [halt("debug_halt")])
        self.assertTrue(all(d.isprintable() for d in diagnose(run).details))


if __name__ == "__main__":
    unittest.main()
