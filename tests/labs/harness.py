"""A reusable integration test of one lab: real builds, real boots.

A lab's test module subclasses `LabTest`, names the lab and the steps that
need kernel work, and gets these tests (each program is graded once, by the
grader's own command line, and its JSON result shared):

  - the committed exercise is the generator's output, every TASK has its
    stub, and no line of solution code leaks into the exercise;
  - progression: the state with the TASKs of steps 1..j solved passes
    exactly steps 1..j, for every j; the failing step j+1 shows its
    `not_done` text because the program stopped at its TASK's stub
    (`start_state` may describe a different start, as dynamic-2's fault);
  - the full solution passes every step for 100 points, built as the
    grader builds it (-O2) and with its main.c at -O0;
  - printing is not doing: a program that prints the solution's console
    lines passes none of the kernel-work steps, and neither does one that
    solves the TASKs before step k and prints the text from step k on.

States are sets of solved TASKs in step order (lab.toml lists steps in the
order the program runs them), written by the exercise generator into
temporary folders.  The QEMU tests are skipped when QEMU is not installed.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import unittest
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from grader import exercises  # noqa: E402

HAVE_QEMU = shutil.which("qemu-system-x86_64") is not None
NO_QEMU = "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)"
TODO_LINE = re.compile(r"^ *TASK_TODO\((\d+), .*$", re.M)


def c_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")


def statuses(result: dict[str, Any]) -> list[str]:
    return [step["status"] for step in result["steps"]]


class LabTest(unittest.TestCase):
    """Subclasses set LAB and KERNEL_STEPS (ids of steps that need kernel work)."""

    LAB: ClassVar[str] = ""
    KERNEL_STEPS: ClassVar[frozenset[str]] = frozenset()
    MAX_SCORE: ClassVar[int] = 100

    tmp: ClassVar[tempfile.TemporaryDirectory[str]]
    work: ClassVar[Path]
    cache: ClassVar[dict[str, dict[str, Any]]]

    @classmethod
    def setUpClass(cls) -> None:
        if not cls.LAB:
            raise unittest.SkipTest("the harness itself")
        cls.tmp = tempfile.TemporaryDirectory(prefix=f"caplab-{cls.LAB}-")
        cls.work = Path(cls.tmp.name)
        cls.cache = {}

    @classmethod
    def tearDownClass(cls) -> None:
        if cls.LAB:
            cls.tmp.cleanup()

    # ---- the lab ----

    @property
    def solution(self) -> Path:
        return ROOT / "solutions" / self.LAB

    @property
    def steps(self) -> list[dict[str, Any]]:
        return tomllib.loads((self.solution / "lab.toml").read_text())["step"]

    def tasks_of(self, step: dict[str, Any]) -> list[int]:
        return list(step["tasks"]) if "tasks" in step else [step["task"]]

    def solved_before(self, j: int) -> frozenset[int]:
        """The TASKs of steps 1..j (the progression's state j)."""
        return frozenset(t for step in self.steps[:j] for t in self.tasks_of(step))

    def all_tasks(self) -> list[int]:
        return exercises.lab_tasks(self.solution)

    # ---- grading programs ----

    def grade(self, src: Path) -> dict[str, Any]:
        out = self.work / f"{src.name}.json"
        proc = subprocess.run(
            [sys.executable, "-m", "grader", "check", self.LAB, "--src", str(src),
             "--json", str(out)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            errors="replace", stdin=subprocess.DEVNULL)
        if not out.is_file():
            raise AssertionError(f"the grader wrote no JSON (exit {proc.returncode}):\n"
                                 f"{proc.stdout[-3000:]}")
        result = json.loads(out.read_text())
        result["_exit"] = proc.returncode
        result["_output"] = proc.stdout
        return result

    def files(self, name: str, files: dict[str, bytes]) -> dict[str, Any]:
        """Grade a lab folder with these files (cached by name)."""
        if name not in self.cache:
            folder = self.work / name
            exercises.write_tree(files, folder, prune=True)
            self.cache[name] = self.grade(folder)
        return self.cache[name]

    def state(self, j: int) -> dict[str, Any]:
        tasks = self.solved_before(j)
        return self.files(f"state{j}", exercises.generate_lab(self.solution, tasks))

    def solution_files(self) -> dict[str, bytes]:
        return exercises.generate_lab(self.solution, frozenset(self.all_tasks()))

    def describe(self, result: dict[str, Any]) -> str:
        return (f"verdict {result['verdict']}, steps {statuses(result)}\n"
                f"{result['_output'][-3000:]}")

    def console_of_solution(self) -> list[str]:
        """The full solution's console, as `python3 -m grader run` shows it."""
        if "solution_console" not in self.cache:
            folder = self.work / "run-solution"
            exercises.write_tree(self.solution_files(), folder, prune=True)
            proc = subprocess.run(
                [sys.executable, "-m", "grader", "run", self.LAB, "--src", str(folder)],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                errors="replace", stdin=subprocess.DEVNULL)
            self.cache["solution_console"] = {"lines": proc.stdout.splitlines()}
        return self.cache["solution_console"]["lines"]

    def step_lines(self, start: int = 0) -> list[str]:
        """The solution's console lines matched by the regexes of steps start.."""
        patterns = [re.compile(p) for step in self.steps[start:] for p in step.get("console", [])]
        return [l for l in self.console_of_solution() if any(p.fullmatch(l) for p in patterns)]

    # ---- hooks ----

    def start_state(self, result: dict[str, Any]) -> None:
        """What state 0 must look like; by default like every other state."""
        self.assert_stopped_at(result, 0)

    def assert_stopped_at(self, result: dict[str, Any], j: int) -> None:
        n = len(self.steps)
        want = ["passed"] * j + ["failed"] + ["not_reached"] * (n - j - 1)
        self.assertEqual(statuses(result), want, self.describe(result))
        self.assertEqual(result["verdict"], "not_done", self.describe(result))
        self.assertEqual(result["steps"][j]["message"], self.steps[j]["not_done"])
        self.assertEqual(result["diagnosis"]["kind"], "task_todo")
        task = self.tasks_of(self.steps[j])[0]
        self.assertIn(f"TASK {task}", result["diagnosis"]["summary"])
        self.assertEqual(result["score"], sum(s["points"] for s in self.steps[:j]))

    # ---- the tests ----

    def test_committed_exercise_is_generated(self) -> None:
        proc = subprocess.run([sys.executable, "-m", "grader", "exercises", "--check",
                               "--lab", self.LAB], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
        self.assertEqual(proc.returncode, 0, proc.stdout)

    def test_every_task_has_a_step_and_a_stub(self) -> None:
        graded = sorted(t for step in self.steps for t in self.tasks_of(step))
        self.assertEqual(graded, self.all_tasks())
        self.assertEqual(sum(s["points"] for s in self.steps), self.MAX_SCORE)
        exercise = "".join(p.read_text() for p in sorted((ROOT / "exercises" / self.LAB)
                                                          .rglob("*.c")))
        self.assertNotIn("/*?", exercise)
        for step in self.steps:
            for key in ("not_done", "hint", "title"):
                self.assertTrue(step.get(key), f"step {step['id']} has no {key}")

    def test_no_solution_line_reaches_the_exercise(self) -> None:
        for path in sorted(self.solution.glob("**/*.c")):
            solution = path.read_text()
            rel = path.relative_to(self.solution)
            exercise = (ROOT / "exercises" / self.LAB / rel).read_text()
            blocks = re.findall(r"/\*\? TASK \d+ begin \*/\n(.*?)^\s*/\*\? TASK \d+ end \*/",
                                solution, re.S | re.M)
            in_blocks = {l.strip() for b in blocks for l in b.splitlines()}
            outside = {l.strip() for l in re.sub(
                r"/\*\? TASK \d+ begin \*/\n.*?TASK \d+ end \*/", "", solution,
                flags=re.S).splitlines()}
            code = {l for l in in_blocks - outside if len(l) > 3}
            leaked = sorted(code & {l.strip() for l in exercise.splitlines()})
            self.assertEqual(leaked, [], str(rel))

    @unittest.skipUnless(HAVE_QEMU, NO_QEMU)
    def test_committed_exercise_is_the_start_state(self) -> None:
        result = self.grade(ROOT / "exercises" / self.LAB)
        self.start_state(result)
        self.assertNotEqual(result["_exit"], 0)

    @unittest.skipUnless(HAVE_QEMU, NO_QEMU)
    def test_state_j_passes_exactly_steps_1_to_j(self) -> None:
        for j in range(1, len(self.steps)):
            with self.subTest(state=j):
                self.assert_stopped_at(self.state(j), j)

    @unittest.skipUnless(HAVE_QEMU, NO_QEMU)
    def test_solution_passes_every_step(self) -> None:
        result = self.state(len(self.steps))
        self.assertEqual(statuses(result), ["passed"] * len(self.steps), self.describe(result))
        self.assertEqual(result["verdict"], "passed")
        self.assertEqual(result["score"], self.MAX_SCORE)
        self.assertEqual(result["max_score"], self.MAX_SCORE)
        self.assertEqual(result["_exit"], 0)

    @unittest.skipUnless(HAVE_QEMU, NO_QEMU)
    def test_solution_passes_at_O0(self) -> None:
        """The lab's own C files compiled without optimisation pass too."""
        files = {name: (b'#pragma GCC optimize ("O0")\n' + data if name.endswith(".c")
                        else data) for name, data in self.solution_files().items()}
        result = self.files("solution-O0", files)
        self.assertEqual(statuses(result), ["passed"] * len(self.steps), self.describe(result))

    @unittest.skipUnless(HAVE_QEMU, NO_QEMU)
    def test_printing_the_text_without_kernel_work_fails(self) -> None:
        lines = self.step_lines()
        self.assertGreaterEqual(len(lines), len(self.steps) // 2,
                                "the solution's console lines were not found")
        body = "".join(f'    printf("{c_string(l)}\\n");\n' for l in lines)
        files = self.solution_files()
        files["main.c"] = f"#include <stdio.h>\n\nint main(void)\n{{\n{body}    return 0;\n}}\n" \
            .encode()
        result = self.files("print-only", files)
        self.assertEqual(result["verdict"], "failed", self.describe(result))
        self.assert_no_kernel_step_passed(result, 0)

    @unittest.skipUnless(HAVE_QEMU, NO_QEMU)
    def test_each_kernel_step_needs_its_kernel_work(self) -> None:
        """The TASKs of steps before k done for real, then the console text of
        step k onwards printed at TASK k's stub instead of done."""
        for k, step in enumerate(self.steps):
            if step["id"] not in self.KERNEL_STEPS:
                continue
            task = self.tasks_of(step)[0]
            files = exercises.generate_lab(self.solution, self.solved_before(k))
            name = next((n for n, data in files.items() if n.endswith(".c") and
                         re.search(rf"^ *TASK_TODO\({task}, ", data.decode(), re.M)), None)
            if name is None:            # a stub without TASK_TODO: only print-only covers it
                continue
            with self.subTest(step=step["id"]):
                text = files[name].decode()
                todo = re.search(rf"^ *TASK_TODO\({task}, .*$", text, re.M)
                assert todo is not None
                prints = "".join(f'printf("{c_string(l)}\\n"); ' for l in self.step_lines(k))
                files[name] = ("#include <stdio.h>\n#include <stdlib.h>\n" + text[:todo.start()]
                               + "    " + prints + "exit(0);" + text[todo.end():]).encode()
                result = self.files(f"printed-from-{step['id']}", files)
                self.assertEqual(result["steps"][k]["status"], "failed", self.describe(result))
                self.assert_no_kernel_step_passed(result, k)

    def assert_no_kernel_step_passed(self, result: dict[str, Any], start: int) -> None:
        for number, step in enumerate(self.steps[start:], start):
            if step["id"] in self.KERNEL_STEPS:
                self.assertNotEqual(result["steps"][number]["status"], "passed",
                                    f"step {step['id']} passed without kernel work\n"
                                    + self.describe(result))
