"""Integration tests of the kernel-objects lab: real builds, real boots.

Every program here is built and booted in QEMU by the grader's own command
line (`python3 -m grader check kernel-objects --src DIR --json FILE`), and
the JSON result is what the tests look at:

  - the committed exercise is the generator's output (`exercises --check`);
  - the start state (the committed exercise) stops at TASK 1 and says so;
  - the state with TASKs 1..k solved, for every k, passes exactly steps 1..k:
    step k+1 fails (with its not_done text, the program having stopped at
    TASK k+1's stub) and the rest are not reached;
  - the full solution passes every step for the full score;
  - a program that prints the solution's console text but does no kernel work
    passes none of the steps that need it (3 to 7), and neither does one that
    solves TASKs 1..k-1 and then only prints the text of TASK k onwards;
  - a program that does not compile is "build_failed" with gcc's message, and
    one that dereferences NULL is diagnosed as a user fault.

The states come from the exercise generator, written to temporary folders.
These tests are skipped only when qemu-system-x86_64 is not installed, or
solutions/ is absent (the student kit).
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
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from grader import exercises  # noqa: E402

LAB = "kernel-objects"
SOLUTION = ROOT / "solutions" / LAB
NUM_TASKS = 7
HAVE_QEMU = shutil.which("qemu-system-x86_64") is not None
NO_QEMU = "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)"
HAVE_SOLUTIONS = SOLUTION.is_dir()
NO_SOLUTIONS = "needs solutions/kernel-objects, which a student kit does not have"


def grade(src: Path, work: Path) -> dict[str, Any]:
    """Grade the folder `src` with the grader's CLI; return its JSON result."""
    out = work / f"{src.name}.json"
    proc = subprocess.run(
        [sys.executable, "-m", "grader", "check", LAB, "--src", str(src), "--json", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        errors="replace", stdin=subprocess.DEVNULL)
    if not out.is_file():
        raise AssertionError(f"the grader wrote no JSON (exit {proc.returncode}):\n"
                             f"{proc.stdout[-3000:]}")
    result = json.loads(out.read_text())
    result["_exit"] = proc.returncode
    result["_output"] = proc.stdout
    return result


def write_state(k: int, folder: Path) -> Path:
    """The lab with TASKs 1..k solved, as the generator writes it."""
    exercises.write_tree(exercises.generate_lab(SOLUTION, k), folder, prune=True)
    return folder


def statuses(result: dict[str, Any]) -> list[str]:
    return [step["status"] for step in result["steps"]]


def write_main(folder: Path, source: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.c").write_text(source)
    return folder


def student_patterns() -> list[re.Pattern[str]]:
    """Every console regex of the lab: the lines a student's code prints."""
    lab = tomllib.loads((SOLUTION / "lab.toml").read_text())
    return [re.compile(p) for step in lab["step"] for p in step.get("console", [])]


def c_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")


@unittest.skipUnless(HAVE_SOLUTIONS, NO_SOLUTIONS)
class CommittedExerciseTest(unittest.TestCase):
    """No QEMU needed: the committed exercise is the generator's output."""

    def test_exercises_check_through_the_grader_cli(self) -> None:
        proc = subprocess.run([sys.executable, "-m", "grader", "exercises", "--check",
                               "--lab", LAB], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
        self.assertEqual(proc.returncode, 0, proc.stdout)

    def test_exercise_has_a_stub_for_every_task(self) -> None:
        text = (ROOT / "exercises" / LAB / "main.c").read_text()
        for k in range(1, NUM_TASKS + 1):
            self.assertEqual(len(re.findall(rf"TASK_TODO\({k}, ", text)), 1, f"TASK {k}")
        # No line of solution code reaches the exercise: the code between the
        # begin/end markers, read here without the generator, minus the lines
        # that also stand outside the blocks (braces, blank lines).
        solution = (SOLUTION / "main.c").read_text()
        blocks = re.findall(r"/\*\? TASK \d+ begin \*/\n(.*?)^\s*/\*\? TASK \d+ end \*/",
                            solution, re.S | re.M)
        self.assertEqual(len(blocks), NUM_TASKS)
        in_blocks = {l.strip() for b in blocks for l in b.splitlines()}
        outside = {l.strip() for l in re.sub(r"/\*\? TASK \d+ begin \*/\n.*?TASK \d+ end \*/",
                                            "", solution, flags=re.S).splitlines()}
        code = {l for l in in_blocks - outside if len(l) > 3}
        self.assertGreater(len(code), 20)
        leaked = sorted(code & {l.strip() for l in text.splitlines()})
        self.assertEqual(leaked, [])
        self.assertNotIn("/*?", text)


@unittest.skipUnless(HAVE_QEMU, NO_QEMU)
@unittest.skipUnless(HAVE_SOLUTIONS, NO_SOLUTIONS)
class KernelObjectsLabTest(unittest.TestCase):
    """The results are computed once per program and shared by the tests."""

    tmp: tempfile.TemporaryDirectory[str]
    work: Path
    cache: dict[str, dict[str, Any]]

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory(prefix="caplab-kernel-objects-")
        cls.work = Path(cls.tmp.name)
        cls.cache = {}

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tmp.cleanup()

    def state(self, k: int) -> dict[str, Any]:
        """The grader's result for the program with TASKs 1..k solved."""
        key = f"state{k}"
        if key not in self.cache:
            folder = self.work / key
            write_state(k, folder)
            self.cache[key] = grade(folder, self.work)
        return self.cache[key]

    def program(self, name: str, source: str) -> dict[str, Any]:
        if name not in self.cache:
            self.cache[name] = grade(write_main(self.work / name, source), self.work)
        return self.cache[name]

    def describe(self, result: dict[str, Any]) -> str:
        return f"verdict {result['verdict']}, steps {statuses(result)}\n{result['_output'][-2500:]}"

    # ---- the progression ----

    def test_committed_exercise_stops_at_task_1(self) -> None:
        result = grade(ROOT / "exercises" / LAB, self.work)
        self.assertEqual(result["verdict"], "not_done", self.describe(result))
        self.assertEqual(statuses(result), ["failed"] + ["not_reached"] * (NUM_TASKS - 1))
        lab = tomllib.loads((SOLUTION / "lab.toml").read_text())
        self.assertEqual(result["steps"][0]["message"], lab["step"][0]["not_done"])
        self.assertEqual(result["score"], 0)
        self.assertNotEqual(result["_exit"], 0)

    def test_state_k_passes_exactly_steps_1_to_k(self) -> None:
        lab = tomllib.loads((SOLUTION / "lab.toml").read_text())
        for k in range(0, NUM_TASKS):
            with self.subTest(state=k):
                result = self.state(k)
                want = ["passed"] * k + ["failed"] + ["not_reached"] * (NUM_TASKS - k - 1)
                self.assertEqual(statuses(result), want, self.describe(result))
                self.assertEqual(result["verdict"], "not_done", self.describe(result))
                self.assertEqual(result["steps"][k]["message"], lab["step"][k]["not_done"])
                self.assertEqual(result["diagnosis"]["kind"], "task_todo")
                self.assertIn(f"TASK {k + 1}", result["diagnosis"]["summary"])
                self.assertEqual(result["score"],
                                 sum(s["points"] for s in lab["step"][:k]))

    def test_solution_passes_every_step(self) -> None:
        result = self.state(NUM_TASKS)
        self.assertEqual(statuses(result), ["passed"] * NUM_TASKS, self.describe(result))
        self.assertEqual(result["verdict"], "passed")
        self.assertEqual(result["score"], result["max_score"])
        self.assertEqual(result["max_score"], 100)
        self.assertEqual(result["_exit"], 0)

    def test_solution_console_shows_the_refused_signal(self) -> None:
        """TASK 6's signal without rights: the kernel's user-error line."""
        result = self.state(NUM_TASKS)
        console = self.console_of_solution()
        mint = next(i for i, l in enumerate(console) if l.startswith("minted no-rights"))
        poll = next(i for i, l in enumerate(console) if l.startswith("no-rights signal"))
        self.assertTrue(any(l.startswith("<<seL4") for l in console[mint:poll]),
                        self.describe(result))

    # ---- printing is not doing ----

    def console_of_solution(self) -> list[str]:
        """The solution's console, as `python3 -m grader run` shows it."""
        if "solution_console" not in self.cache:
            folder = write_state(NUM_TASKS, self.work / "run-solution")
            proc = subprocess.run(
                [sys.executable, "-m", "grader", "run", LAB, "--src", str(folder)],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                errors="replace", stdin=subprocess.DEVNULL)
            self.cache["solution_console"] = {"lines": proc.stdout.splitlines()}
        return self.cache["solution_console"]["lines"]

    def student_lines(self) -> list[str]:
        """The solution's console lines that the lab's regexes look at."""
        patterns = student_patterns()
        lines = [l for l in self.console_of_solution() if any(p.match(l) for p in patterns)]
        self.assertGreaterEqual(len(lines), 12, "the solution's console lines were not found")
        return lines

    def test_printing_the_text_without_kernel_work_fails(self) -> None:
        """Only printf: whatever the untyped layout, steps 3..7 cannot pass."""
        body = "".join(f'    printf("{c_string(l)}\\n");\n' for l in self.student_lines())
        fake = f"#include <stdio.h>\n\nint main(void)\n{{\n{body}    return 0;\n}}\n"
        result = self.program("fake", fake)
        self.assertEqual(result["verdict"], "failed", self.describe(result))
        for number in range(3, NUM_TASKS + 1):
            self.assertNotEqual(result["steps"][number - 1]["status"], "passed",
                                f"step {number} passed without kernel work\n"
                                + self.describe(result))
        self.assertLess(result["score"], result["max_score"])

    def test_each_step_needs_its_kernel_work(self) -> None:
        """TASKs 1..k-1 done for real, then TASK k's and all later console
        text printed instead of done: step k must fail (k = 3..7)."""
        lab = tomllib.loads((SOLUTION / "lab.toml").read_text())
        lines = self.student_lines()
        for k in range(3, NUM_TASKS + 1):
            with self.subTest(task=k):
                first = re.compile(lab["step"][k - 1]["console"][0])
                start = next(i for i, l in enumerate(lines) if first.match(l))
                prints = "".join(f'printf("{c_string(l)}\\n"); ' for l in lines[start:])
                text = exercises.generate_lab(SOLUTION, k - 1)["main.c"].decode()
                todo = re.search(rf"^ *TASK_TODO\({k}, .*$", text, re.M)
                assert todo is not None
                fake = ("#include <stdlib.h>\n" + text[:todo.start()] + "    " + prints
                        + "exit(0);" + text[todo.end():])
                result = self.program(f"printed-from-{k}", fake)
                want = ["passed"] * (k - 1) + ["failed"] + ["not_reached"] * (NUM_TASKS - k)
                self.assertEqual(statuses(result), want, self.describe(result))
                self.assertEqual(result["verdict"], "failed")

    def test_wrong_rights_fail_step_7(self) -> None:
        """Every right works too, but it is not the least: step 7 says so."""
        text = (SOLUTION / "main.c").read_text()
        solved = exercises.transform_c(text, NUM_TASKS, "main.c")
        marker = "seL4_CanWrite, badge);"
        self.assertIn(marker, solved)
        result = self.program("all-rights", solved.replace(marker, "seL4_AllRights, badge);"))
        self.assertEqual(statuses(result), ["passed"] * 6 + ["failed"], self.describe(result))
        self.assertIn("0x1", result["steps"][6]["expected"] or "")

    # ---- broken programs ----

    def test_compile_error_is_build_failed_with_message(self) -> None:
        result = self.program("broken", "int main(void)\n{\n    return undeclared_name;\n}\n")
        self.assertEqual(result["verdict"], "build_failed", self.describe(result))
        errors = "\n".join(result.get("build_errors", []))
        self.assertIn("undeclared_name", errors)
        self.assertIn("error", errors)
        self.assertEqual(statuses(result), ["not_reached"] * NUM_TASKS)

    def test_null_dereference_is_a_user_fault(self) -> None:
        source = ("int main(void)\n{\n    volatile int *p = (volatile int *)0;\n"
                  "    return *p;\n}\n")
        result = self.program("null", source)
        self.assertEqual(result["verdict"], "user_fault", self.describe(result))
        self.assertEqual(result["diagnosis"]["kind"], "user_fault")
        self.assertIn("fault", result["diagnosis"]["summary"].lower())


if __name__ == "__main__":
    unittest.main()
