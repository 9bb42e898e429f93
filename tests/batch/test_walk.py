"""The self-study walkthrough (grader/walk.py), `grader state`, and the lab pages.

The walk's loop is driven here without a terminal: a fake `sleep` plays
the student, saving a file between two polls, and the grader is either a
scripted list of results or the real `python3 -m grader check`.  (It was
also tried by hand in tmux, with send-keys and capture-pane: see
docs/student-guide.md.)
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from typing import Any

from grader import exercises, walk
from grader.lab import load_lab

ROOT = Path(__file__).resolve().parents[2]
LAB = "kernel-objects"
SOLUTION = ROOT / "solutions" / LAB
NO_SOLUTIONS = "needs solutions/ (absent in the student kit)"


def result(passed: int, verdict: str = "not_done") -> dict[str, Any]:
    lab = load_lab(LAB, root=ROOT)
    steps = [{"id": s.id, "status": "passed" if i < passed else
              ("failed" if i == passed else "not_reached"), "message": "m",
              "expected": "e", "actual": "a"} for i, s in enumerate(lab.steps)]
    score = sum(s.points for s in lab.steps[:passed])
    return {"steps": steps, "verdict": verdict if passed < len(steps) else "passed",
            "score": score}


class Pieces(unittest.TestCase):
    def setUp(self) -> None:
        self.lab = load_lab(LAB, root=ROOT)

    def test_example_lines_read_as_text(self) -> None:
        self.assertEqual(walk.example_line(self.lab.steps[0].console[0]),
                         "untypeds: <n> caps in slots [<n>, <n>)")
        self.assertEqual(walk.example_line(self.lab.steps[0].console[1]),
                         "untyped <n>: paddr 0x<hex> size_bits <n> <ram|device>")
        for step in self.lab.steps:
            for pattern in step.console:
                self.assertNotRegex(walk.example_line(pattern), r"[\\^$]|\\d|\{\d")

    def test_every_task_is_found_in_the_exercise(self) -> None:
        source = (self.lab.folder / "main.c").read_text()
        lines = source.splitlines()
        for task in range(1, 8):
            line, comment, function = walk.task_comment(source, task)
            self.assertTrue(comment[0].startswith(f"TASK {task}:"))
            self.assertIn(f"TASK_TODO({task},", lines[line - 1])
            self.assertIsNotNone(function)
            self.assertIn(f"{function}(", "\n".join(lines[line - 30:line]))

    def test_next_step(self) -> None:
        self.assertEqual(walk.next_step(self.lab, None), 0)
        self.assertEqual(walk.next_step(self.lab, result(3)), 3)
        self.assertEqual(walk.next_step(self.lab, result(3), start=5), 5)
        self.assertIsNone(walk.next_step(self.lab, result(7)))

    def test_watcher_sees_saves(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "main.c"
            path.write_text("a")
            watcher = walk.Watcher(lambda: [path])
            self.assertTrue(watcher.changed())
            self.assertFalse(watcher.changed())
            os.utime(path, ns=(1, 1))
            self.assertTrue(watcher.changed())
            path.write_text("bb")
            os.utime(path, ns=(1, 1))            # same time, other size
            self.assertTrue(watcher.changed())
            path.unlink()
            self.assertTrue(watcher.changed())

    def test_describe_step(self) -> None:
        text = walk.describe_step(self.lab, 2, result(2), src=self.lab.folder,
                                  shown_src="exercises/kernel-objects",
                                  style=walk.Style(colour=False, unicode=False))
        for words in ("Step 3 of 7: Retype a notification object (TASK 3, 15 points)",
                      "Where: exercises/kernel-objects/main.c:", "in retype_notification()",
                      "What to do:", "retyped a notification into slot <n>",
                      "Hint: seL4_Untyped_Retype", "Read: docs/labs/kernel-objects.md#retype"):
            self.assertIn(words, text)


class Loop(unittest.TestCase):
    """Walk.run with a scripted grader: saves, failures, passes, the end."""

    def test_scripted_session(self) -> None:
        lab = load_lab(LAB, root=ROOT)
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp)
            shutil.copy(lab.folder / "main.c", src / "main.c")
            grades = [result(0), result(0, "build_failed") | {"build_errors": ["main.c:3: error: x"]},
                      result(2), result(7)]
            saves = iter([False, True, False, True, True])

            def sleep(seconds: float) -> None:
                if seconds == walk.POLL_SECONDS and next(saves, False):
                    (src / "main.c").write_text((src / "main.c").read_text() + "\n")

            out = io.StringIO()
            session = walk.Walk(lab=lab, src=src, shown_src="src", out=out,
                                grader=lambda *_: grades.pop(0), sleep=sleep)
            self.assertEqual(session.run(rounds=20), 0)
        text = out.getvalue()
        order = ["Step 1 of 7", "does not build:", "main.c:3: error: x",
                 "PASS step 1 passed", "PASS step 2 passed", "Step 3 of 7",
                 "PASS step 7 passed", "Well done"]
        positions = [text.find(words) for words in order]
        self.assertNotIn(-1, positions, text)
        self.assertEqual(positions, sorted(positions))
        self.assertEqual(grades, [])

    def test_no_save_no_grade(self) -> None:
        lab = load_lab(LAB, root=ROOT)
        calls = []
        session = walk.Walk(lab=lab, src=lab.folder, shown_src="x", out=io.StringIO(),
                            grader=lambda *_: calls.append(1) or result(0),
                            sleep=lambda _s: None)
        self.assertEqual(session.run(rounds=5), 1)
        self.assertEqual(len(calls), 1)


@unittest.skipUnless(SOLUTION.is_dir() and shutil.which("qemu-system-x86_64"), NO_SOLUTIONS)
class RealGrades(unittest.TestCase):
    def test_saving_task_1_passes_step_1(self) -> None:
        lab = load_lab(LAB, root=ROOT)
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp)
            exercises.write_tree(exercises.generate_lab(SOLUTION, 0), src, prune=False)
            solved = exercises.generate_lab(SOLUTION, 1)["main.c"]
            saved = []

            def sleep(seconds: float) -> None:
                if seconds == walk.POLL_SECONDS and not saved:
                    (src / "main.c").write_bytes(solved)
                    saved.append(1)

            out = io.StringIO()
            session = walk.Walk(lab=lab, src=src, shown_src="src", out=out, sleep=sleep)
            self.assertEqual(session.run(rounds=2), 1)
        text = out.getvalue()
        self.assertIn("Step 1 of 7", text)
        self.assertIn("PASS step 1 passed", text)
        self.assertIn("Step 2 of 7: Find the largest RAM untyped", text)

    def test_state_command(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "k3"
            proc = subprocess.run([sys.executable, "-m", "grader", "state", LAB, "3",
                                   "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual((out / "main.c").read_bytes(),
                             exercises.generate_lab(SOLUTION, 3)["main.c"])
            busy = Path(tmp) / "busy"
            busy.mkdir()
            (busy / "thesis.tex").write_text("precious")
            proc = subprocess.run([sys.executable, "-m", "grader", "state", LAB, "3",
                                   "--out", str(busy)], cwd=ROOT, capture_output=True, text=True)
            self.assertEqual(proc.returncode, 2)
            self.assertIn("not empty", proc.stderr)


class LabPages(unittest.TestCase):
    """Every step's hint links to a section that exists; the report the
    page shows uses the lab's real patterns."""

    def test_every_step_has_its_section(self) -> None:
        for toml in sorted((ROOT / "exercises").glob("*/lab.toml")):
            lab = load_lab(toml.parent.name, root=ROOT)
            if not lab.steps:
                continue
            self.assertIsNotNone(lab.doc, f"{toml}: [lab] doc is missing")
            page = (ROOT / lab.doc).read_text()
            for step in lab.steps:
                anchor = lab.doc_link(step).partition("#")[2]
                self.assertIn(f'<a id="{anchor}"></a>', page, f"{lab.name}: {step.id}")

    def test_report_sample_uses_real_patterns(self) -> None:
        lab = load_lab(LAB, root=ROOT)
        page = (ROOT / lab.doc).read_text()
        patterns = {p for step in lab.steps for p in step.console}
        shown = re.findall(r"console line matching (\S.*)$", page, re.M)
        self.assertTrue(shown)
        for pattern in shown:
            self.assertIn(pattern.strip(), patterns)


if __name__ == "__main__":
    unittest.main()
