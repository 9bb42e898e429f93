"""Hostile lab submissions, graded for real: every case must get a clear answer.

Each folder here with an `expect.toml` is one bad submission (its main.c,
or files a `prepare` function below makes) and what the grader must say
about it.  Every case is built and booted once by the grader's own command
line, as a student would run it:

    python3 -m grader check LAB --src DIR --json FILE --timeout S
    python3 -m grader run LAB --src DIR --timeout S

and the test for the case then checks, besides the case's own expectations
(verdict, diagnosis kind, words of the summary, ...), what holds for every
case: no Python traceback, never the grader's "internal error" status 2, a
result for `check`, no kernel panic, and a report free of raw control bytes.
Once all have run, no process of any grader may be left.

The cases run in two worker threads, one per lab: the grader takes a lock
on build/grader/<lab>/, so runs of one lab queue up anyway.  The hang cases
use a --timeout of 2 s, so the suite takes well under a minute and a half.

expect.toml keys (all optional except `lab`):

    lab              "kernel-objects" or "playground"
    command          "check" (default) or "run"
    timeout          --timeout in seconds (default 10)
    helpers          copy common/hostile.c and hostile.h into the submission
    prepare          a function of PREPARATIONS that makes the submission's files
    env              extra environment variables for the grader
    exit             the grader's exit status (check: 0 if the verdict is
                     "passed", else 1; run: the program's status)
    verdict, kind    the JSON verdict and diagnosis kind (check)
    summary, details, build_errors
                     substrings of the diagnosis summary, of its details
                     and of the build errors (check)
    steps, score     the step statuses and the score (check)
    halt_reason, timed_out
                     the JSON run's halt reason and time-out flag (check)
    report, absent   substrings that must (not) be in stdout: the report
                     for check, the console for run
    stderr           substrings of stderr (run)
    absent_json      substrings that must not be in the JSON result
    max_json_bytes, max_report_bytes, max_build_errors
                     size limits of the JSON, of stdout and of build_errors
    expected_failure the bug (in another area) that makes this case fail
                     today; the case is then an expected failure

Run from the repository root: python3 -m unittest discover -s tests/hostile -t .
Set HOSTILE_CASES=name,name to run only some cases.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import tomllib
import unittest
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from tests.grader.test_interrupt import processes_naming

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
COMMON = HERE / "common"
HAVE_QEMU = shutil.which("qemu-system-x86_64") is not None

DEFAULT_TIMEOUT = 10.0
# How long one grader command may take before the test calls it a hang: the
# build limits plus the boot limit, with room for a slow machine.
GRADER_SLACK = 240.0
EXIT_INTERNAL_ERROR = 2
CONTROL_BYTES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# ---- the cases ----

@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    expect: dict[str, Any]

    @property
    def lab(self) -> str:
        return str(self.expect["lab"])

    @property
    def command(self) -> str:
        return str(self.expect.get("command", "check"))

    @property
    def timeout(self) -> float:
        return float(self.expect.get("timeout", DEFAULT_TIMEOUT))

    @property
    def title(self) -> str:
        """The first comment line of expect.toml: what the case is."""
        first = (self.folder / "expect.toml").read_text().splitlines()[0]
        return first.lstrip("# ").strip()


def load_cases(*, every: bool = False) -> list[Case]:
    """The case folders, or those named in HOSTILE_CASES unless `every`."""
    only = set() if every else {n for n in os.environ.get("HOSTILE_CASES", "").split(",") if n}
    cases = []
    for folder in sorted(HERE.iterdir()):
        if (folder / "expect.toml").is_file() and (not only or folder.name in only):
            expect = tomllib.loads((folder / "expect.toml").read_text())
            cases.append(Case(folder.name, folder, expect))
    return cases


# ---- submissions a committed file cannot be ----

def _main_c_is_folder(src: Path) -> None:
    (src / "main.c").mkdir()
    (src / "main.c" / "README").write_text("a folder named main.c\n")


def _main_c_unreadable(src: Path) -> None:
    if os.geteuid() == 0:
        # root reads a mode-000 file anyway; /proc/self/mem is a regular
        # file whose first page is never mapped, so reading it fails (EIO).
        (src / "main.c").symlink_to("/proc/self/mem")
        return
    (src / "main.c").write_text("int main(void) { return 0; }\n")
    (src / "main.c").chmod(0)


def _binary_garbage(src: Path) -> None:
    (src / "main.c").write_bytes(random.Random(0xCAB1AB).randbytes(4096))


def _include_pipe(src: Path) -> None:
    pipe = src.parent / f"{src.name}.pipe"       # outside --src: nobody writes to it
    os.mkfifo(pipe)
    (src / "main.c").write_text(f'/* waits for a writer that never comes */\n'
                                f'#include "{pipe}"\nint main(void) {{ return 0; }}\n')


def _fine_main_c(src: Path) -> None:
    (src / "main.c").write_text("int main(void) { return 0; }\n")


def _name_semicolon(src: Path) -> None:
    _fine_main_c(src)
    (src / "x;touch pwned;.c").write_text("int x;\n")


def _name_leading_dash(src: Path) -> None:
    _fine_main_c(src)
    (src / "-include.c").write_text("int x;\n")


def _name_not_utf8(src: Path) -> None:
    _fine_main_c(src)
    with open(os.fsencode(src) + b"/\xff\xfe.c", "w") as file:
        file.write("int x;\n")


def _name_make_syntax(src: Path) -> None:
    _fine_main_c(src)
    (src / "a $(shell touch pwned):b.c").write_text("int x;\n")


def _symlink_to_solution(src: Path) -> None:
    (src / "main.c").symlink_to(ROOT / "solutions" / "kernel-objects" / "main.c")


def _symlink_proc_self(src: Path) -> None:
    (src / "main.c").symlink_to("/proc/self/environ")


def _fifo_main_c(src: Path) -> None:
    os.mkfifo(src / "main.c")


def _root_paths(src: Path) -> None:
    """@ROOT@ in the case's files becomes the repository's absolute path."""
    for path in src.iterdir():
        if path.suffix in (".c", ".h"):
            path.write_text(path.read_text().replace("@ROOT@", str(ROOT)))


PREPARATIONS: dict[str, Callable[[Path], None]] = {
    "main_c_is_folder": _main_c_is_folder,
    "main_c_unreadable": _main_c_unreadable,
    "binary_garbage": _binary_garbage,
    "include_pipe": _include_pipe,
    "name_semicolon": _name_semicolon,
    "name_leading_dash": _name_leading_dash,
    "name_not_utf8": _name_not_utf8,
    "name_make_syntax": _name_make_syntax,
    "symlink_to_solution": _symlink_to_solution,
    "symlink_proc_self": _symlink_proc_self,
    "fifo_main_c": _fifo_main_c,
    "root_paths": _root_paths,
}


def submission(case: Case, work: Path) -> Path:
    """The folder given to --src: the case's files, helpers, preparation."""
    src = work / case.name
    shutil.copytree(case.folder, src, ignore=shutil.ignore_patterns("expect.toml"))
    if case.expect.get("helpers"):
        for helper in COMMON.iterdir():
            shutil.copy(helper, src / helper.name)
    if "prepare" in case.expect:
        PREPARATIONS[case.expect["prepare"]](src)
    return src


# ---- running the grader ----

@dataclass
class Outcome:
    exit: int
    stdout: str
    stderr: str
    json_text: str = ""
    result: dict[str, Any] | None = None
    hung: bool = False
    notes: list[str] = field(default_factory=list)


def grade(case: Case, work: Path) -> Outcome:
    """One grader command for the case, as a student would type it."""
    src = submission(case, work)
    command = [sys.executable, "-m", "grader", case.command, case.lab, "--src", str(src),
               "--timeout", f"{case.timeout:g}"]
    json_path = work / f"{case.name}.json"
    if case.command == "check":
        command += ["--json", str(json_path)]
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT),
           **{k: str(v) for k, v in case.expect.get("env", {}).items()}}
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    hung = False
    try:
        out, err = proc.communicate(timeout=case.timeout + GRADER_SLACK)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        hung = True
    outcome = Outcome(exit=proc.returncode, stdout=out.decode("utf-8", "replace"),
                      stderr=err.decode("utf-8", "replace"), hung=hung)
    if json_path.is_file():
        outcome.json_text = json_path.read_text()
        try:
            outcome.result = json.loads(outcome.json_text)
        except ValueError as exc:
            outcome.notes.append(f"the JSON result does not parse: {exc}")
    return outcome


def grade_all(cases: list[Case], work: Path) -> dict[str, Outcome]:
    """Every case once: one worker per lab (each lab's runs queue on its lock)."""
    outcomes: dict[str, Outcome] = {}
    by_lab: dict[str, list[Case]] = {}
    for case in cases:
        by_lab.setdefault(case.lab, []).append(case)

    def worker(queue: list[Case]) -> None:
        for case in queue:
            try:
                outcomes[case.name] = grade(case, work)
            except Exception as exc:  # a broken case must fail its own test only
                outcomes[case.name] = Outcome(exit=-1, stdout="", stderr="",
                                              notes=[f"the test could not run it: {exc!r}"])

    threads = [threading.Thread(target=worker, args=(queue,)) for queue in by_lab.values()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


# ---- the tests ----

CASES = load_cases()


@unittest.skipUnless(HAVE_QEMU, "qemu-system-x86_64 is not installed "
                                "(apt-get install qemu-system-x86)")
class HostileSubmissionTest(unittest.TestCase):
    """One test per case folder; the grader runs happen once, in setUpClass."""

    tmp: tempfile.TemporaryDirectory[str]
    outcomes: dict[str, Outcome]

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory(prefix="caplab-hostile-")
        cls.outcomes = grade_all(CASES, Path(cls.tmp.name))

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tmp.cleanup()

    def test_no_process_is_left_behind(self) -> None:
        """Every grader has ended: none of its make, gcc, bwrap or QEMU may
        still run (they name the lab's work folder on their command line)."""
        for lab in {case.lab for case in CASES}:
            with self.subTest(lab=lab):
                left = processes_naming(f"{ROOT}/build/grader/{lab}/") + \
                    processes_naming(f"build/grader/{lab}/out/roottask.elf", cwd=ROOT)
                self.assertEqual(left, [])

    def check_case(self, case: Case) -> None:
        outcome = self.outcomes[case.name]
        context = self.describe(case, outcome)
        self.assertEqual(outcome.notes, [], context)
        self.assertFalse(outcome.hung, f"the grader hung\n{context}")
        self.check_never(outcome, context)
        if case.command == "check":
            self.check_result(case, outcome, context)
        else:
            self.check_run(case, outcome, context)
        self.check_text(case, outcome, context)

    def check_never(self, outcome: Outcome, context: str) -> None:
        """What no submission may ever cause."""
        self.assertNotEqual(outcome.exit, EXIT_INTERNAL_ERROR, context)
        for stream in (outcome.stdout, outcome.stderr):
            self.assertNotIn("Traceback (most recent call last)", stream, context)
            self.assertNotIn("internal grader error", stream, context)

    def check_result(self, case: Case, outcome: Outcome, context: str) -> None:
        expect, result = case.expect, outcome.result
        self.assertIsNotNone(result, f"no JSON result\n{context}")
        assert result is not None
        verdict = result["verdict"]
        self.assertEqual(outcome.exit, expect.get("exit", 0 if verdict == "passed" else 1),
                         context)
        self.assertNotEqual(verdict, "kernel_panic", context)
        if "verdict" in expect:
            self.assertEqual(verdict, expect["verdict"], context)
        diagnosis = result["diagnosis"]
        if "kind" in expect:
            self.assertEqual(diagnosis["kind"], expect["kind"], context)
        self.assert_all_in(expect.get("summary", []), diagnosis["summary"], context)
        self.assert_all_in(expect.get("details", []), "\n".join(diagnosis["details"]), context)
        self.assert_all_in(expect.get("build_errors", []),
                           "\n".join(result.get("build_errors", [])), context)
        if "steps" in expect:
            self.assertEqual([s["status"] for s in result["steps"]], expect["steps"], context)
        if "score" in expect:
            self.assertEqual(result["score"], expect["score"], context)
        run = result.get("run")
        if run is not None:
            self.assertIsNone(run["panic"], context)
            if "halt_reason" in expect:
                self.assertEqual(run["halt_reason"], expect["halt_reason"], context)
            if "timed_out" in expect:
                self.assertEqual(run["timed_out"], expect["timed_out"], context)
        if "max_build_errors" in expect:
            self.assertLessEqual(len(result.get("build_errors", [])),
                                 expect["max_build_errors"], context)
        if "max_json_bytes" in expect:
            self.assertLessEqual(len(outcome.json_text), expect["max_json_bytes"], context)
        for text in expect.get("absent_json", []):
            self.assertNotIn(text, outcome.json_text, context)
        # With NO_COLOR the report is plain text: whatever the program
        # printed is shown escaped, never sent to the terminal as it is.
        self.assertIsNone(CONTROL_BYTES.search(outcome.stdout), context)

    def check_run(self, case: Case, outcome: Outcome, context: str) -> None:
        self.assertEqual(outcome.exit, case.expect["exit"], context)
        self.assert_all_in(case.expect.get("stderr", []), outcome.stderr, context)
        self.assertNotIn("KERNEL PANIC", outcome.stdout, context)

    def check_text(self, case: Case, outcome: Outcome, context: str) -> None:
        self.assert_all_in(case.expect.get("report", []), outcome.stdout, context)
        for text in case.expect.get("absent", []):
            self.assertNotIn(text, outcome.stdout, context)
        if "max_report_bytes" in case.expect:
            self.assertLessEqual(len(outcome.stdout), case.expect["max_report_bytes"], context)

    def assert_all_in(self, words: list[str], text: str, context: str) -> None:
        for word in words:
            self.assertIn(word, text, context)

    @staticmethod
    def describe(case: Case, outcome: Outcome) -> str:
        """What a failing test shows: the case and what the grader said."""
        summary = ""
        if outcome.result is not None:
            summary = (f"verdict {outcome.result['verdict']}, diagnosis "
                       f"{json.dumps(outcome.result['diagnosis'])[:1500]}\n")
        return (f"\ncase {case.name} ({case.lab}, {case.command}): exit {outcome.exit}\n"
                f"{summary}--- stdout (end):\n{outcome.stdout[-2500:]}\n"
                f"--- stderr (end):\n{outcome.stderr[-1500:]}")


def _make_test(case: Case) -> Callable[[HostileSubmissionTest], None]:
    def test(self: HostileSubmissionTest) -> None:
        self.check_case(case)
    test.__doc__ = f"{case.name}: {case.title}"
    if "expected_failure" in case.expect:
        # A bug in another area makes this case fail today; the reason is
        # in expect.toml.  When it is fixed, unittest reports an
        # "unexpected success": then drop the key.
        return unittest.expectedFailure(test)
    return test


for _case in CASES:
    setattr(HostileSubmissionTest, f"test_{_case.name}", _make_test(_case))


class CaseFilesTest(unittest.TestCase):
    """The case folders themselves are well formed (no QEMU needed)."""

    KEYS = {"lab", "command", "timeout", "helpers", "prepare", "env", "exit", "verdict",
            "kind", "summary", "details", "build_errors", "steps", "score", "halt_reason",
            "timed_out", "report", "absent", "stderr", "absent_json", "max_json_bytes",
            "max_report_bytes", "max_build_errors", "expected_failure"}

    def test_every_case_is_well_formed(self) -> None:
        cases = load_cases(every=True)
        self.assertGreater(len(cases), 40)
        for case in cases:
            with self.subTest(case=case.name):
                self.assertEqual(set(case.expect) - self.KEYS, set())
                self.assertIn(case.lab, ("kernel-objects", "playground"))
                self.assertIn(case.command, ("check", "run"))
                if case.command == "run":
                    self.assertIn("exit", case.expect)
                if "prepare" in case.expect:
                    self.assertIn(case.expect["prepare"], PREPARATIONS)
                else:
                    self.assertTrue(any(case.folder.glob("*.c")), "no .c file")
                self.assertTrue(case.title)

    def test_every_c_file_opens_with_an_overview(self) -> None:
        for path in sorted(HERE.glob("*/*.[ch]")):
            if path.stat().st_size == 0:
                continue                  # empty_main_c is empty on purpose
            with self.subTest(file=str(path.relative_to(HERE))):
                self.assertTrue(path.read_text().startswith("/*\n"))


if __name__ == "__main__":
    unittest.main()
