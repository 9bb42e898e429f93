"""Terminal report and JSON result (grader/report.py)."""
from __future__ import annotations

import io
import json
import os
import unittest
from unittest import mock

from tests.grader.support import demo_lab, recorded

from grader.judge import judge, judge_build_failure, printable
from grader.report import Style, as_json, render, use_colour

STEP_KEYS = {"id", "task", "tasks", "title", "status", "points", "max_points", "expected",
             "actual", "message", "hint", "context"}


class FakeTerminal(io.StringIO):
    encoding = "utf-8"

    def isatty(self) -> bool:
        return True


class JsonTest(unittest.TestCase):
    def test_schema(self) -> None:
        run = recorded("todo-3")
        data = json.loads(json.dumps(as_json(judge(demo_lab(), run), run=run)))
        self.assertEqual(data["lab"], "demo")
        self.assertEqual((data["score"], data["max_score"], data["verdict"]),
                         (15, 40, "not_done"))
        self.assertEqual([s["status"] for s in data["steps"]],
                         ["passed", "passed", "failed", "not_reached"])
        for step in data["steps"]:
            self.assertEqual(set(step), STEP_KEYS)
            self.assertIsInstance(step["points"], int)
        mint = data["steps"][2]
        self.assertEqual((mint["id"], mint["task"], mint["points"], mint["max_points"]),
                         ("mint", 3, 0, 10))
        self.assertEqual(mint["message"], "TASK 3: no badged copy was minted.")
        self.assertEqual(mint["hint"], "seL4_CNode_Mint with badge 0x42.")
        self.assertEqual(data["steps"][3]["tasks"], [4, 5])
        self.assertEqual(data["steps"][1]["points"], 10)
        self.assertEqual(data["diagnosis"]["kind"], "task_todo")
        self.assertEqual(data["run"]["exit_code"], 33)
        self.assertEqual(data["run"]["exit_status"], 103)

    def test_build_failure_schema(self) -> None:
        data = as_json(judge_build_failure(demo_lab(), ["main.c:1:1: error: x"]))
        self.assertEqual(data["verdict"], "build_failed")
        self.assertEqual(data["build_errors"], ["main.c:1:1: error: x"])
        self.assertNotIn("run", data)
        self.assertTrue(all(s["status"] == "not_reached" for s in data["steps"]))


class TerminalTest(unittest.TestCase):
    def test_report_content(self) -> None:
        run = recorded("todo-3")
        text = render(judge(demo_lab(), run), style=Style(colour=False, unicode=True), run=run)
        self.assertIn(" ✓ boot-info", text)
        self.assertIn(" ✗ mint", text)
        self.assertIn(" · signal", text)
        self.assertIn("✗ mint: TASK 3: no badged copy was minted.", text)
        self.assertIn("expected: console line matching ^minted badge", text)
        self.assertIn("hint:     seL4_CNode_Mint with badge 0x42.", text)
        self.assertIn("score 15/40", text)
        self.assertNotIn("\x1b[", text)

    def test_ascii_marks(self) -> None:
        text = render(judge(demo_lab(), recorded("todo-3")), style=Style(False, False))
        self.assertIn(" PASS boot-info", text)
        self.assertIn(" FAIL mint", text)
        self.assertIn(" ---- signal", text)
        text.encode("ascii")  # nothing else needs Unicode either

    def test_build_failure_report(self) -> None:
        judgement = judge_build_failure(demo_lab(), ["main.c:3:12: error: 'x' undeclared"])
        text = render(judgement, style=Style(False, True))
        self.assertIn("build failed", text)
        self.assertIn("main.c:3:12: error: 'x' undeclared", text)

    def test_warnings_are_shown_not_fatal(self) -> None:
        run = recorded("pass")
        judgement = judge(demo_lab(), run)
        judgement.build_warnings = [f"main.c:{n}:9: warning: unused variable 'x{n}'"
                                    for n in range(1, 8)]
        text = render(judgement, style=Style(False, True), run=run)
        self.assertIn("build: ok (7 warnings)", text)
        self.assertIn("main.c:1:9: warning: unused variable 'x1'", text)
        self.assertIn("... (2 more)", text)
        self.assertNotIn("'x6'", text)
        self.assertEqual(judgement.verdict, "passed")
        data = as_json(judgement, run=run)
        self.assertEqual(len(data["build_warnings"]), 7)

    def test_diagnosis_is_shown(self) -> None:
        text = render(judge(demo_lab(), recorded("vm-fault")), style=Style(False, True))
        self.assertIn('user fault: thread "rootserver"', text)
        self.assertIn("score 15/40 — user fault", text)

    def test_control_bytes_are_escaped(self) -> None:
        self.assertEqual(printable("a\x1b[2Jb\x00"), "a\\x1b[2Jb\\x00")
        self.assertTrue(printable("x" * 500).endswith("..."))


class ColourTest(unittest.TestCase):
    def test_no_colour_when_piped(self) -> None:
        with mock.patch.dict(os.environ, {"TERM": "xterm"}):
            os.environ.pop("NO_COLOR", None)
            self.assertFalse(use_colour(io.StringIO()))
            self.assertTrue(use_colour(FakeTerminal()))

    def test_no_colour_with_no_color(self) -> None:
        with mock.patch.dict(os.environ, {"NO_COLOR": "1", "TERM": "xterm"}):
            self.assertFalse(use_colour(FakeTerminal()))

    def test_no_colour_on_dumb_terminal(self) -> None:
        with mock.patch.dict(os.environ, {"TERM": "dumb"}):
            os.environ.pop("NO_COLOR", None)
            self.assertFalse(use_colour(FakeTerminal()))

    def test_colour_on_a_terminal(self) -> None:
        with mock.patch.dict(os.environ, {"TERM": "xterm"}):
            os.environ.pop("NO_COLOR", None)
            style = Style.for_stream(FakeTerminal())
        text = render(judge(demo_lab(), recorded("todo-3")), style=style)
        self.assertIn("\x1b[32m✓\x1b[0m", text)
        self.assertIn("\x1b[31m✗\x1b[0m", text)


class HostileRunsJsonTest(unittest.TestCase):
    def test_run_has_halt_reason_and_panic(self) -> None:
        run = recorded("panic")
        data = as_json(judge(demo_lab(), run), run=run)
        self.assertIsInstance(data["run"]["panic"], str)
        self.assertIn("slot list corrupt", data["run"]["panic"])
        run = recorded("todo-3")
        data = as_json(judge(demo_lab(), run), run=run)
        self.assertEqual((data["run"]["halt_reason"], data["run"]["panic"]), ("exit", None))

    def test_boot_error_words(self) -> None:
        from tests.grader.support import halt, make_run
        run = make_run(["caplab: cannot start the root task: too big"], [halt("boot_error")])
        text = render(judge(demo_lab(), run), style=Style(colour=False, unicode=False), run=run)
        self.assertIn("the kernel could not start the program", text)
        self.assertIn("could not start the root task: too big", text)


if __name__ == "__main__":
    unittest.main()
