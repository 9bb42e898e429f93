"""The seL4_libs conformance suite: root tasks written for seL4, run on caplab.

Every folder of programs/ is one root task written only against the seL4 and
seL4_libs API, as it would run on seL4 (x86_64, pc99, debug, non-MCS)
unchanged: a `main.c` (and app sub-folders, as the playground builds them),
plus an `expect.txt` saying what seL4 prints for it.  What the programs
share (the start-up and small helpers) is in common/ (env.h, env.c).  Each
folder is one test: the program is staged, i.e. its folder (without
expect.txt) and common/*.c, common/*.h are copied into a temporary folder
<tmp>/<name> (the playground's sandbox sees only the folder it is given;
env.c has no main, so it is part of the root task), and run exactly as a
user runs it,

    python3 -m grader run playground --src <tmp>/<name>

and its console is checked against expect.txt.  expect.txt, one item a line
(blank lines are ignored):

    # a comment
    regex           must match (re.search) a console line after the line the
                    previous regex matched: the regexes match in order
    !regex          no console line may match it
    @exit N         the exit status `grader run` must give (default 0: the
                    root task returned 0, or exited with 0)
    @end regex      the run may end other than by an exit: the grader's line
                    "the root task did not exit normally: ..." must match it
                    (without @end that line must not appear at all)
    @unhandled-fault
                    a thread may fault with no handler (the kernel's
                    "Caught ..." report); without it no such report may show
    @timeout S      the time limit of the run (default: the playground's)

Whatever expect.txt says, a run never passes when the kernel panicked.  The
QEMU runs are skipped when QEMU is not installed.

Run from the repository root:
    python3 -m unittest discover -s tests/sel4libs
    python3 tests/sel4libs/test_programs.py threads_basic      # some programs
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = Path(__file__).resolve().parent / "programs"
COMMON = Path(__file__).resolve().parent / "common"
HAVE_QEMU = shutil.which("qemu-system-x86_64") is not None
NO_QEMU = "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)"

NOT_NORMAL = re.compile(r"^grader: the root task did not exit normally: (.*)$", re.M)
UNHANDLED = re.compile(r"^Caught .*fault")
PANIC = re.compile(r"kernel panic", re.I)


@dataclass
class Expectation:
    """What expect.txt asks of one run."""
    ordered: list[re.Pattern[str]] = field(default_factory=list)
    forbidden: list[re.Pattern[str]] = field(default_factory=list)
    exit_status: int = 0
    end: re.Pattern[str] | None = None
    unhandled_fault: bool = False
    timeout: float | None = None


def parse_expect(path: Path) -> Expectation:
    """Read expect.txt; a malformed line is an error naming it."""
    want = Expectation()
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            if line.startswith("!"):
                want.forbidden.append(re.compile(line[1:]))
            elif line.startswith("@exit "):
                want.exit_status = int(line.split(None, 1)[1])
            elif line.startswith("@end "):
                want.end = re.compile(line.split(None, 1)[1])
            elif line.strip() == "@unhandled-fault":
                want.unhandled_fault = True
            elif line.startswith("@timeout "):
                want.timeout = float(line.split(None, 1)[1])
            elif line.startswith("@"):
                raise ValueError(f"unknown directive {line.split()[0]}")
            else:
                want.ordered.append(re.compile(line))
        except (re.error, ValueError) as exc:
            raise AssertionError(f"{path}:{number}: {exc}") from None
    return want


@dataclass
class Outcome:
    """One run of a program: its status, console and the grader's own lines."""
    status: int
    console: list[str]
    grader: str

    def transcript(self) -> str:
        return (f"exit status {self.status}\n--- console ---\n" + "\n".join(self.console) +
                f"\n--- grader ---\n{self.grader}")


def stage(folder: Path, into: Path) -> Path:
    """Copy a program's sources and the common support next to each other.

    The playground's sandbox sees only the folder it is given: the program's
    .c/.h files and app sub-folders, plus common/*.c and *.h, which (having
    no main) become part of the root task.  A program file may not shadow a
    common one."""
    staged = into / folder.name
    shutil.copytree(folder, staged, ignore=shutil.ignore_patterns("expect.txt"))
    for source in sorted(COMMON.glob("*.[ch]")):
        if (staged / source.name).exists():
            raise AssertionError(f"{folder.name}/{source.name} shadows common/{source.name}")
        shutil.copy2(source, staged / source.name)
    return staged


def run_program(folder: Path, timeout: float | None) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="sel4libs-") as tmp:
        return run_staged(stage(folder, Path(tmp)), timeout)


def run_staged(folder: Path, timeout: float | None) -> Outcome:
    command = [sys.executable, "-m", "grader", "run", "playground", "--src", str(folder)]
    if timeout is not None:
        command += ["--timeout", f"{timeout:g}"]
    proc = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, errors="replace", stdin=subprocess.DEVNULL)
    return Outcome(proc.returncode, proc.stdout.splitlines(), proc.stderr)


def check(test: unittest.TestCase, want: Expectation, run: Outcome) -> None:
    """Assert every item of expect.txt, and that the kernel did not panic."""
    shown = run.transcript()
    test.assertIsNone(PANIC.search("\n".join(run.console) + run.grader), shown)
    ended = NOT_NORMAL.search(run.grader)
    if want.end is None:
        test.assertIsNone(ended, shown)
        test.assertEqual(run.status, want.exit_status, shown)
    else:
        test.assertIsNotNone(ended, f"the run was to end by /{want.end.pattern}/\n{shown}")
        assert ended is not None
        test.assertRegex(ended.group(1), want.end, shown)
    if not want.unhandled_fault:
        faults = [line for line in run.console if UNHANDLED.search(line)]
        test.assertEqual(faults, [], f"a fault with no handler\n{shown}")
    for pattern in want.forbidden:
        bad = [line for line in run.console if pattern.search(line)]
        test.assertEqual(bad, [], f"lines matching the forbidden /{pattern.pattern}/\n{shown}")
    at = 0
    for pattern in want.ordered:
        found = next((i for i in range(at, len(run.console))
                      if pattern.search(run.console[i])), None)
        if found is None:
            last = run.console[at - 1] if at else "(the start)"
            test.fail(f"no line matching /{pattern.pattern}/ after {last!r}\n{shown}")
        at = found + 1


def program_folders() -> list[Path]:
    return sorted(p for p in PROGRAMS.iterdir() if (p / "main.c").is_file())


def make_test(folder: Path) -> Callable[[unittest.TestCase], None]:
    def test(self: unittest.TestCase) -> None:
        want = parse_expect(folder / "expect.txt")
        check(self, want, run_program(folder, want.timeout))
    test.__doc__ = f"programs/{folder.name}: its console matches expect.txt"
    return test


@unittest.skipUnless(HAVE_QEMU, NO_QEMU)
class Sel4LibsPrograms(unittest.TestCase):
    """One test per folder of programs/, made below."""


class SuiteShape(unittest.TestCase):
    def test_every_program_has_an_expect_file(self) -> None:
        folders = program_folders()
        self.assertTrue(folders, "no program in tests/sel4libs/programs")
        for folder in folders:
            self.assertTrue((folder / "expect.txt").is_file(), f"{folder.name}: no expect.txt")
            want = parse_expect(folder / "expect.txt")
            self.assertTrue(want.ordered, f"{folder.name}: expect.txt has no line to match")

    def test_staging_puts_common_beside_the_program(self) -> None:
        folder = PROGRAMS / "process_ipc"
        with tempfile.TemporaryDirectory() as tmp:
            staged = stage(folder, Path(tmp))
            self.assertTrue((staged / "main.c").is_file())
            self.assertTrue((staged / "client" / "main.c").is_file(), "app sub-folders come along")
            self.assertFalse((staged / "expect.txt").exists())
            for source in COMMON.glob("*.[ch]"):
                self.assertEqual((staged / source.name).read_text(), source.read_text())

    def test_no_program_shadows_a_common_file(self) -> None:
        common = {source.name for source in COMMON.glob("*.[ch]")}
        self.assertTrue(common, "no common/*.c or *.h")
        for folder in program_folders():
            self.assertEqual(common & {p.name for p in folder.iterdir()}, set(), folder.name)


def test_name(folder: Path) -> str:
    return "test_" + re.sub(r"\W", "_", folder.name)


for _folder in program_folders():
    setattr(Sel4LibsPrograms, test_name(_folder), make_test(_folder))


if __name__ == "__main__":
    names = sys.argv[1:]
    if names and not names[0].startswith("-"):
        sys.argv[1:] = [f"Sel4LibsPrograms.test_{n}" for n in names]
    unittest.main()
