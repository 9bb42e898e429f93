"""Step matching (grader/judge.py): cursors, regexes, events, checks, TASK stops."""
from __future__ import annotations

import unittest

from tests.grader.support import TempLab, demo_lab, halt, make_run, recorded

from grader.judge import (FAILED, NOT_REACHED, PASSED, event_matches, every_step_passed,
                          judge, judge_build_failure, match_console, match_events, value_matches)
from grader.lab import load_lab_file

BOOT = {"ev": "boot", "untypeds": [["0x100000", 20, False, 406]], "empty": [409, 4096]}


def statuses(judgement) -> list[str]:
    return [r.status for r in judgement.steps]


class ConsoleMatchTest(unittest.TestCase):
    def test_whole_line_only(self) -> None:
        lines = ["xx found 3 untypeds", "found 3 untypeds yy", "found 3 untypeds"]
        matches, where, missing = match_console(("found \\d+ untypeds",), lines, 0)
        self.assertIsNone(missing)
        self.assertEqual(where, [2])

    def test_in_order(self) -> None:
        lines = ["b", "a", "c"]
        self.assertEqual(match_console(("a", "c"), lines, 0)[1:], ([1, 2], None))
        _, where, missing = match_console(("b", "a", "b"), lines, 0)
        self.assertEqual((where, missing), ([0, 1], 2))

    def test_each_line_used_once(self) -> None:
        self.assertEqual(match_console(("a", "a"), ["a"], 0)[2], 1)
        self.assertEqual(match_console(("a", "a"), ["a", "a"], 0)[1], [0, 1])

    def test_starts_at_cursor(self) -> None:
        self.assertEqual(match_console(("a",), ["a", "b"], 1)[2], 0)

    def test_groups(self) -> None:
        matches, _, _ = match_console(("^slot (\\d+) badge (0x[0-9a-f]+)$",), ["slot 7 badge 0x42"], 0)
        self.assertEqual(matches[0].groups(), ("7", "0x42"))


class EventMatchTest(unittest.TestCase):
    EVENT = {"seq": 4, "ev": "invoke", "op": "UntypedRetype", "err": 0, "num": 1,
             "type": "seL4_NotificationObject", "empty": [409, 4096], "handled": False}

    def test_subset(self) -> None:
        self.assertTrue(event_matches({"ev": "invoke", "err": 0}, self.EVENT))
        self.assertFalse(event_matches({"ev": "invoke", "badge": 0}, self.EVENT))

    def test_strings_are_full_match_regexes(self) -> None:
        self.assertTrue(event_matches({"type": "seL4_Notif.*"}, self.EVENT))
        self.assertFalse(event_matches({"type": "Notification"}, self.EVENT))
        self.assertFalse(event_matches({"op": "Untyped"}, self.EVENT))

    def test_booleans_are_not_numbers(self) -> None:
        self.assertFalse(value_matches(False, 0))
        self.assertFalse(value_matches(0, False))
        self.assertFalse(value_matches(1, True))
        self.assertTrue(value_matches(False, False))
        self.assertTrue(event_matches({"handled": False}, self.EVENT))

    def test_numbers_and_strings_do_not_mix(self) -> None:
        self.assertFalse(value_matches("0", 0))
        self.assertFalse(value_matches(0, "0"))
        self.assertTrue(value_matches(1.0, 1))

    def test_lists_equal(self) -> None:
        self.assertTrue(event_matches({"empty": [409, 4096]}, self.EVENT))
        self.assertFalse(event_matches({"empty": [409]}, self.EVENT))
        self.assertFalse(event_matches({"empty": [4096, 409]}, self.EVENT))

    def test_in_order_from_cursor(self) -> None:
        events = [{"ev": "signal"}, {"ev": "wait"}, {"ev": "signal"}]
        self.assertEqual(match_events(({"ev": "wait"}, {"ev": "signal"}), events, 0)[1:],
                         ([1, 2], None))
        self.assertEqual(match_events(({"ev": "signal"}, {"ev": "wait"}), events, 1)[1:],
                         ([2], 1))


class StepJudgingTest(unittest.TestCase):
    def setUp(self) -> None:
        self.lab = demo_lab()

    def test_solved_run_passes_every_step(self) -> None:
        judgement = judge(self.lab, recorded("pass"))
        self.assertEqual(statuses(judgement), [PASSED] * 4)
        self.assertEqual((judgement.score, judgement.max_score, judgement.verdict),
                         (40, 40, "passed"))
        self.assertIsNone(judgement.first_failure)
        self.assertIn("retyped notification into slot 409", judgement.steps[1].actual)

    def test_not_reached_after_first_failure(self) -> None:
        judgement = judge(self.lab, recorded("wrong-count"))
        self.assertEqual(statuses(judgement), [FAILED, NOT_REACHED, NOT_REACHED, NOT_REACHED])
        self.assertEqual(judgement.score, 0)
        self.assertEqual(judgement.verdict, "failed")

    def test_cursor_carries_across_steps(self) -> None:
        judgement = judge(self.lab, recorded("out-of-order"))
        self.assertEqual(statuses(judgement), [PASSED, PASSED, FAILED, NOT_REACHED])
        self.assertIn("line 3 matches, but it comes before line 5", judgement.steps[2].actual)

    def test_event_cursor_carries_across_steps(self) -> None:
        """One signal event cannot serve two steps."""
        toml = """\
            [lab]
            name = "tmp-lab"
            title = "T"
            files = []
            [[step]]
            id = "first"
            title = "first"
            points = 1
            events = [{ ev = "signal" }]
            [[step]]
            id = "second"
            title = "second"
            points = 1
            events = [{ ev = "signal" }]
            """
        with TempLab(toml) as tmp:
            lab = load_lab_file(tmp.toml)
        one = make_run([], [{"ev": "signal"}, halt()])
        two = make_run([], [{"ev": "signal"}, {"ev": "signal"}, halt()])
        self.assertEqual(statuses(judge(lab, one)), [PASSED, FAILED])
        self.assertEqual(statuses(judge(lab, two)), [PASSED, PASSED])

    def test_printing_without_doing_fails_on_events(self) -> None:
        judgement = judge(self.lab, recorded("forged"))
        self.assertEqual(statuses(judgement), [PASSED, FAILED, NOT_REACHED, NOT_REACHED])
        failure = judgement.steps[1]
        self.assertIn("the kernel saw no event", failure.message)
        self.assertIn('op = "UntypedRetype"', failure.expected)

    def test_event_failure_shows_the_closest_event_and_kernel_message(self) -> None:
        failure = judge(self.lab, recorded("retype-error")).steps[1]
        self.assertEqual(failure.status, FAILED)
        self.assertIn("its err is 4, expected 0", failure.actual)
        self.assertIn("Destination offset 5000 outside the CNode", failure.actual)

    def test_console_failure_has_context(self) -> None:
        failure = judge(self.lab, recorded("stuck")).steps[3]
        self.assertEqual(failure.message, "no console line matches ^signalled$")
        self.assertTrue(any("minted badge 0x42" in line for line in failure.context))
        self.assertEqual(failure.step.hint, "seL4_Signal on the badged cap, then seL4_Poll.")

    def test_console_failure_quotes_the_kernels_user_error(self) -> None:
        error = ('<<seL4(CPU 0) [decode_untyped_invocation/88 T0x1 "rootserver" @401234]: '
                 'Untyped Retype: Destination slot not empty.>>')
        run = make_run(["found 1 untypeds", error, "done"], [BOOT, halt()])
        failure = judge(self.lab, run).steps[1]
        self.assertIn(f"the kernel said (line 2): {error}", failure.actual)

    def test_task_todo_stop_shows_not_done(self) -> None:
        judgement = judge(self.lab, recorded("todo-3"))
        self.assertEqual(statuses(judgement), [PASSED, PASSED, FAILED, NOT_REACHED])
        failure = judgement.steps[2]
        self.assertEqual(failure.message, "TASK 3: no badged copy was minted.")
        self.assertIn("caplab: TASK 3 is not done yet", failure.actual)
        self.assertTrue(any(line.startswith(">") and "TASK 3" in line for line in failure.context))
        self.assertEqual(judgement.verdict, "not_done")
        self.assertEqual(judgement.score, 15)

    def test_task_todo_first_task(self) -> None:
        judgement = judge(self.lab, recorded("todo-1"))
        self.assertEqual(judgement.steps[0].message, "TASK 1: the untypeds were not counted.")
        self.assertEqual(judgement.verdict, "not_done")

    def test_task_todo_without_not_done_text_uses_the_stub_message(self) -> None:
        run = make_run(["found 1 untypeds", "retyped notification into slot 409",
                        "minted badge 0x42", "caplab: TASK 5 is not done yet: poll it"],
                       [BOOT, {"ev": "invoke", "op": "UntypedRetype", "err": 0,
                               "type": "seL4_NotificationObject", "dest_offset": 409},
                        {"ev": "invoke", "op": "CNodeMint", "err": 0, "badge": 66},
                        halt("exit", 105)])
        judgement = judge(self.lab, run)
        self.assertEqual(statuses(judgement), [PASSED, PASSED, PASSED, FAILED])
        self.assertEqual(judgement.steps[3].message, "TASK 5 is not done yet: poll it")
        self.assertEqual(judgement.verdict, "not_done")

    def test_printed_todo_line_is_not_a_stop(self) -> None:
        """The stub exits with 100 + n; a program that only prints the line
        and exits 0 did not stop at a stub."""
        run = make_run(["caplab: TASK 1 is not done yet: count"], [BOOT, halt("exit", 0)])
        judgement = judge(self.lab, run)
        self.assertEqual(judgement.steps[0].message, "no console line matches ^found (\\d+) untypeds$")
        self.assertEqual(judgement.verdict, "failed")

    def test_stop_at_another_task_is_a_plain_failure(self) -> None:
        run = make_run(["found 7 untypeds", "caplab: TASK 3 is not done yet: mint"],
                       [BOOT, halt("exit", 103)])
        judgement = judge(self.lab, run)
        self.assertEqual(statuses(judgement)[0], FAILED)
        self.assertEqual(judgement.steps[0].message, "check untyped_count_is_true() failed")
        self.assertEqual(judgement.verdict, "failed")
        self.assertEqual(judgement.diagnosis.kind, "task_todo")

    def test_check_function_result(self) -> None:
        failure = judge(self.lab, recorded("wrong-count")).steps[0]
        self.assertEqual((failure.expected, failure.actual), ("the number of untypeds, 3", "5"))

    def test_judging_is_pure(self) -> None:
        run = recorded("pass")
        first, second = judge(self.lab, run), judge(self.lab, run)
        self.assertEqual([(r.status, r.actual) for r in first.steps],
                         [(r.status, r.actual) for r in second.steps])

    def test_build_failure_judgement(self) -> None:
        judgement = judge_build_failure(self.lab, ["main.c:3:5: error: boom"])
        self.assertEqual(statuses(judgement), [NOT_REACHED] * 4)
        self.assertEqual((judgement.verdict, judgement.score), ("build_failed", 0))
        self.assertEqual(judgement.build_errors, ["main.c:3:5: error: boom"])


CHECKS_LAB = """\
    [lab]
    name = "tmp-lab"
    title = "T"
    files = []
    checks = "checks.py"
    [[step]]
    id = "store"
    title = "store"
    points = 1
    console = ['^value (\\d+)$']
    events = [{ ev = "boot" }]
    check = "store"
    [[step]]
    id = "use"
    title = "use"
    points = 2
    check = "use"
    """

CHECKS = """\
    def store(run, step):
        run.vars["value"] = int(step.groups[0][0])
        assert step.events[0]["ev"] == "boot" and run.boot is step.events[0]
        assert step.lines == [1] and step.id == "store"
        return None

    def use(run, step):
        if run.vars.get("value") != 7:
            return ("value 7", f"value {run.vars.get('value')}")
        if run.exit_status != 0 or run.halt["reason"] != "exit":
            return ("exit 0", "other")
        return None

    def crash(run, step):
        return int("not a number")

    def odd(run, step):
        return 42
    """


class CheckFunctionTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = TempLab(CHECKS_LAB, checks=CHECKS)
        self.addCleanup(self.tmp.cleanup)

    def lab_with(self, second_check: str):
        self.tmp.toml.write_text(self.tmp.toml.read_text().replace(
            'check = "use"', f'check = "{second_check}"'))
        return load_lab_file(self.tmp.toml)

    def test_vars_pass_values_between_steps(self) -> None:
        lab = load_lab_file(self.tmp.toml)
        good = make_run(["boot", "value 7"], [BOOT, halt()])
        self.assertEqual(statuses(judge(lab, good)), [PASSED, PASSED])
        bad = make_run(["boot", "value 8"], [BOOT, halt()])
        judgement = judge(lab, bad)
        self.assertEqual(statuses(judgement), [PASSED, FAILED])
        self.assertEqual((judgement.steps[1].expected, judgement.steps[1].actual),
                         ("value 7", "value 8"))

    def test_raising_check_fails_the_step(self) -> None:
        judgement = judge(self.lab_with("crash"), make_run(["x", "value 7"], [BOOT, halt()]))
        self.assertEqual(statuses(judgement), [PASSED, FAILED])
        self.assertIn("raised ValueError", judgement.steps[1].actual)

    def test_odd_return_value_fails_the_step(self) -> None:
        judgement = judge(self.lab_with("odd"), make_run(["x", "value 7"], [BOOT, halt()]))
        self.assertIn("returned 42", judgement.steps[1].actual)


class EarlyEndTest(unittest.TestCase):
    """every_step_passed: the question the runner asks during a run."""

    def test_yes_once_every_step_passed(self) -> None:
        full = recorded("pass")
        done = every_step_passed(demo_lab())
        self.assertTrue(done(make_run(full.console, full.events, exit_code=None)))

    def test_no_while_a_step_is_missing(self) -> None:
        full = recorded("pass")
        done = every_step_passed(demo_lab())
        self.assertFalse(done(make_run(full.console[:3], full.events[:2], exit_code=None)))
        self.assertFalse(done(recorded("wrong-count")))

    def test_a_completed_run_is_judged_passed(self) -> None:
        full = recorded("pass")
        events = [e for e in full.events if e.get("ev") != "halt"]
        run = make_run(full.console, events, exit_code=None, completed=True)
        judgement = judge(demo_lab(), run)
        self.assertEqual(judgement.diagnosis.kind, "complete")
        self.assertEqual(judgement.verdict, "passed")

    def test_free_lab_never_ends_early(self) -> None:
        with TempLab('[lab]\nname = "tmp-lab"\ntitle = "Free"\nfiles = []\n') as tmp:
            lab = load_lab_file(tmp.toml)
        self.assertFalse(every_step_passed(lab)(make_run(["hi"], [halt("exit", 0)])))


class FreeLabTest(unittest.TestCase):
    def setUp(self) -> None:
        with TempLab('[lab]\nname = "tmp-lab"\ntitle = "Free"\nfiles = []\n') as tmp:
            self.lab = load_lab_file(tmp.toml)

    def test_exit_zero_passes(self) -> None:
        self.assertEqual(judge(self.lab, make_run(["hi"], [halt("exit", 0)])).verdict, "passed")

    def test_other_exits_fail(self) -> None:
        self.assertEqual(judge(self.lab, make_run(["hi"], [halt("exit", 3)])).verdict, "failed")
        self.assertEqual(judge(self.lab, recorded("vm-fault")).verdict, "user_fault")
        self.assertEqual(judge(self.lab, recorded("timeout")).verdict, "timeout")


class HostileRunsTest(unittest.TestCase):
    """Fixes that tests/hostile/ called for."""

    def test_build_failure_summary_names_the_first_error(self) -> None:
        errors = ["main.c: In function 'main':", "main.c:1:26: error: expected ';'",
                  "    1 | int main(void) { return 0 }"]
        self.assertEqual(judge_build_failure(demo_lab(), errors).diagnosis.summary,
                         "build failed: main.c:1:26: error: expected ';'")

    def test_linker_summary_skips_collect2(self) -> None:
        errors = ["/usr/bin/ld: main.o: in function `main':",
                  "main.c:2: undefined reference to `nothing'",
                  "collect2: error: ld returned 1 exit status"]
        self.assertIn("undefined reference to `nothing'",
                      judge_build_failure(demo_lab(), errors).diagnosis.summary)

    def test_boot_error_is_a_verdict(self) -> None:
        run = make_run(["caplab: cannot start the root task: too big"],
                       [{"ev": "boot_error", "msg": "too big"}, halt("boot_error")])
        judgement = judge(demo_lab(), run)
        self.assertEqual(judgement.verdict, "boot_error")
        self.assertEqual(statuses(judgement)[0], FAILED)


if __name__ == "__main__":
    unittest.main()
