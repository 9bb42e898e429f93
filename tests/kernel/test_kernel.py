"""In-QEMU kernel tests: small root tasks that check kernel semantics.

Every folder beside this file (untyped/, cnode/, ...) is a root task.  It is
built as the playground lab together with common/ktest.{c,h} and booted once
through the grader's Python API (grader.build, grader.qemu), which gives
both channels: the console (COM1) and the kernel events (COM2).

A folder prints one line per check, `ok <n> - <what>` or
`not ok <n> - <what>: <expected> vs <actual>`, then
`caplab-test: <P> passed, <F> failed`, and returns F from main.  A test
here passes when the summary is there and agrees with the lines, nothing
failed, the kernel never panicked, and the machine halted with `exit` and
status 0 -- except notification_fault/, whose thread must end in a CapFault
that the kernel reports and suspends.

The fuzzer (fuzz/) runs once per seed; the seed and the number of
iterations go into a generated fuzz_config.h.  Seeds come from
CAPLAB_FUZZ_SEEDS (comma-separated) or FUZZ_SEEDS below.

Run from the repository root:
    python3 -m unittest discover -s tests/kernel -t .
    python3 tests/kernel/test_kernel.py run cnode        # one folder, console shown
    python3 tests/kernel/test_kernel.py run fuzz --seed 7 --iterations 5000
Each run of the suite works in its own folder, build/ktest/run-<pid>/<name>/
(staged/ sources, src/, out/, run/ with console.log and events.jsonl), so
two runs at once (two people, or run-tests and a manual run) never share a
QEMU output file.  Folders of runs whose process has ended are removed when
the next run starts; the newest stays for reading.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import unittest
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from grader import build as builder  # noqa: E402
from grader import qemu  # noqa: E402
from grader.lab import load_lab  # noqa: E402

HERE = ROOT / "tests" / "kernel"
COMMON = HERE / "common"
KERNEL = ROOT / "build" / "kernel" / "kernel.bin"
WORK_ROOT = ROOT / "build" / "ktest"
WORK = WORK_ROOT / f"run-{os.getpid()}"

HAVE_QEMU = shutil.which(os.environ.get("CAPLAB_QEMU", "qemu-system-x86_64")) is not None
NO_QEMU = "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)"

# Folders whose root task must pass every check and exit 0.
PASSING_FOLDERS = ("untyped", "cnode", "notification", "tcb_ipc", "vspace", "preempt",
                   "device_untypeds", "fpu", "irq", "sched", "dump")
FAULT_FOLDER = "notification_fault"
# adversarial/: every check passes on a correct kernel; threads named
# ADVERSARIAL_VICTIM are meant to die of a fault the kernel reports.
# The other adversarial_* folders are cases that corrupt kernel state, panic
# the kernel or stop the machine, kept apart so the main folder's checks run.
ADVERSARIAL_FOLDERS = ("adversarial", "adversarial_df", "adversarial_asid",
                       "adversarial_ioapic", "adversarial_poweroff", "adversarial_rflags")
ADVERSARIAL_VICTIM = "adv-victim"
# The name adversarial/threads.c gives a thread (HOSTILE_NAME there); the
# kernel escapes control and high bytes as \u00XX, so it reads back as Latin-1.
HOSTILE_NAME = b'q"b\\n\nt\t\x1b[31m%s\x7f\xff\xc3('.decode("latin-1")
FUZZ_FOLDER = "fuzz"
FUZZ_SEEDS = (1, 0x5EED, 0xC0FFEE)
FUZZ_ITERATIONS = 20000

TIMEOUT = 60.0            # a hang, not a slow machine: normal runs take ~1 s
FUZZ_TIMEOUT = 240.0
# Every failed invocation prints a user-error line and sends an event, so
# the fuzzer legitimately writes far more than a lab may.
FUZZ_CONSOLE_LIMIT = 64 * 1024 * 1024
FUZZ_EVENTS_LIMIT = 256 * 1024 * 1024

Echo = Callable[[bytes], None]

OK_RE = re.compile(r"^ok (\d+) - (.*)$")
NOT_OK_RE = re.compile(r"^not ok (\d+) - (.*)$")
SUMMARY_RE = re.compile(r"^caplab-test: (\d+) passed, (\d+) failed$")


@dataclass
class Outcome:
    """One folder built and booted once."""
    name: str
    build: builder.BuildResult
    run: qemu.Run | None = None
    oks: list[str] = field(default_factory=list)
    not_oks: list[str] = field(default_factory=list)
    summary: tuple[int, int] | None = None

    def transcript(self, lines: int = 25) -> str:
        """The end of the console, for failure messages."""
        if self.run is None:
            return "\n".join(self.build.errors[-lines:])
        tail = self.run.console[-lines:]
        return f"(last {len(tail)} console lines; all in {WORK / self.name / 'run'})\n" + \
            "\n".join(tail)


def fuzz_seeds() -> tuple[int, ...]:
    text = os.environ.get("CAPLAB_FUZZ_SEEDS", "").strip()
    if not text:
        return FUZZ_SEEDS
    return tuple(int(part, 0) for part in text.split(",") if part.strip())


def fuzz_iterations() -> int:
    return int(os.environ.get("CAPLAB_FUZZ_ITERATIONS", FUZZ_ITERATIONS))


def assemble(folder: str, dest: Path, *, config: dict[str, int] | None = None) -> None:
    """Copy the folder's sources and the harness into dest (a flat folder,
    as the playground lab wants); write fuzz_config.h if asked."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for source in [*sorted((HERE / folder).glob("*.[ch]")), *sorted(COMMON.glob("*.[ch]"))]:
        shutil.copyfile(source, dest / source.name)
    if config is not None:
        lines = ["/* fuzz_config.h - written by tests/kernel/test_kernel.py */", "#pragma once"]
        lines += [f"#define {key} {value:#x}ull" for key, value in sorted(config.items())]
        (dest / "fuzz_config.h").write_text("\n".join(lines) + "\n")


def parse_console(outcome: Outcome) -> None:
    assert outcome.run is not None
    for line in outcome.run.console:
        line = line.rstrip()
        if (match := OK_RE.match(line)) is not None:
            outcome.oks.append(line)
        elif (match := NOT_OK_RE.match(line)) is not None:
            outcome.not_oks.append(line)
        elif (match := SUMMARY_RE.match(line)) is not None:
            outcome.summary = (int(match.group(1)), int(match.group(2)))


def build_and_boot(folder: str, *, name: str | None = None, config: dict[str, int] | None = None,
                   timeout: float = TIMEOUT, console_limit: int = qemu.CONSOLE_LIMIT,
                   events_limit: int = qemu.EVENTS_LIMIT, echo: Echo | None = None) -> Outcome:
    """Build folder (as the playground lab) and boot it once."""
    name = name or folder
    work = WORK / name
    staged = work / "staged"
    assemble(folder, staged, config=config)
    lab = load_lab("playground", root=ROOT)
    built = builder.build(lab, root=ROOT, src=staged, work_dir=work)
    outcome = Outcome(name=name, build=built)
    if not built.ok:
        return outcome
    run = qemu.boot(kernel=KERNEL, roottask=built.roottask, run_dir=work / "run",
                    timeout=timeout, console_limit=console_limit, events_limit=events_limit,
                    cwd=ROOT, echo=echo)
    run.symbols = qemu.read_symbols(built.out_dir / "roottask.sym")
    run.save(work / "run")
    outcome.run = run
    parse_console(outcome)
    return outcome


def fuzz_job(seed: int, *, iterations: int | None = None, echo: Echo | None = None) -> Outcome:
    return build_and_boot(FUZZ_FOLDER, name=f"fuzz-{seed:#x}", echo=echo,
                          config={"FUZZ_SEED": seed,
                                  "FUZZ_ITERATIONS": iterations or fuzz_iterations()},
                          timeout=FUZZ_TIMEOUT, console_limit=FUZZ_CONSOLE_LIMIT,
                          events_limit=FUZZ_EVENTS_LIMIT)


# ---- running every folder once, two at a time ----

_pool: concurrent.futures.ThreadPoolExecutor | None = None
_jobs: dict[str, concurrent.futures.Future[Outcome]] = {}
_prepare_error: str | None = None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_old_work() -> None:
    """Drop the folders of earlier runs that have ended, but the newest."""
    if not WORK_ROOT.is_dir():
        return
    ended = []
    for folder in WORK_ROOT.glob("run-*"):
        pid = folder.name.removeprefix("run-")
        if folder != WORK and pid.isdigit() and not _pid_alive(int(pid)):
            ended.append(folder)
    ended.sort(key=lambda f: f.stat().st_mtime)
    for folder in ended[:-1]:
        shutil.rmtree(folder, ignore_errors=True)


def _prepare() -> str | None:
    """Bring kernel and libraries up to date once, so the parallel builds
    below never race to rebuild them."""
    _remove_old_work()
    proc = subprocess.run(["make", "-s", "kernel", "libs"], cwd=ROOT, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace")
    if proc.returncode != 0:
        return f"make kernel libs failed:\n{proc.stdout[-3000:]}"
    return None


def setUpModule() -> None:  # noqa: N802 (unittest's name)
    global _pool, _prepare_error
    if not HAVE_QEMU:
        return
    _prepare_error = _prepare()
    if _prepare_error is not None:
        return
    _pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1)))
    # Longest first, so the two workers finish close together.
    for seed in fuzz_seeds():
        _jobs[f"fuzz-{seed:#x}"] = _pool.submit(fuzz_job, seed)
    for folder in (*PASSING_FOLDERS, FAULT_FOLDER, *ADVERSARIAL_FOLDERS):
        _jobs[folder] = _pool.submit(build_and_boot, folder)


def tearDownModule() -> None:  # noqa: N802
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)


def outcome_of(test: unittest.TestCase, name: str) -> Outcome:
    if _prepare_error is not None:
        test.fail(_prepare_error)
    job = _jobs.get(name)
    if job is None:
        test.fail(f"no job for {name}")
    return job.result()


# ---- the tests ----

@unittest.skipUnless(HAVE_QEMU, NO_QEMU)
class KernelTests(unittest.TestCase):
    maxDiff = None

    def assertBuilt(self, outcome: Outcome) -> qemu.Run:
        self.assertTrue(outcome.build.ok, "build failed:\n" + "\n".join(outcome.build.errors))
        assert outcome.run is not None
        return outcome.run

    def assertSane(self, outcome: Outcome) -> qemu.Run:
        """No time-out, no flood, no panic, and a halt event at the end."""
        run = self.assertBuilt(outcome)
        self.assertFalse(run.timed_out, f"{outcome.name}: the run timed out (a hang)\n"
                         + outcome.transcript())
        self.assertIsNone(run.flooded, f"{outcome.name}: output flood on {run.flooded}")
        self.assertIsNone(run.panic, f"{outcome.name}: kernel panic: {run.panic}\n"
                          + outcome.transcript())
        self.assertIsNotNone(run.halt, f"{outcome.name}: no halt event (QEMU exit "
                             f"{run.exit_code})\n" + outcome.transcript())
        return run

    def assertAllPassed(self, outcome: Outcome, *,
                        may_die: tuple[str, ...] = ()) -> None:
        """Every check passed and the root task exited 0.  Threads named in
        may_die may end in a fault the kernel reports (the fuzzer's pool
        threads run garbage on purpose)."""
        run = self.assertSane(outcome)
        self.assertEqual(outcome.not_oks, [], f"{outcome.name}: failed checks\n"
                         + outcome.transcript())
        self.assertIsNotNone(outcome.summary, f"{outcome.name}: no 'caplab-test:' summary "
                             "line (the program stopped early)\n" + outcome.transcript())
        assert outcome.summary is not None
        self.assertEqual(outcome.summary, (len(outcome.oks), len(outcome.not_oks)),
                         f"{outcome.name}: the summary disagrees with the check lines")
        self.assertGreater(len(outcome.oks), 0)
        self.assertEqual((run.halt or {}).get("reason"), "exit", f"halt: {run.halt}\n"
                         + outcome.transcript())
        self.assertEqual(run.exit_status, 0, f"halt: {run.halt}")
        # Faults a test provokes go to its own handler (handled: true); one
        # the kernel had to report and suspend means a thread died unplanned.
        unhandled = [f for f in run.faults
                     if f.get("handled") is not True and f.get("thread") not in may_die]
        self.assertEqual(unhandled, [], f"{outcome.name}: unhandled faults\n"
                         + outcome.transcript())

    def test_untyped(self) -> None:
        self.assertAllPassed(outcome_of(self, "untyped"))

    def test_cnode(self) -> None:
        self.assertAllPassed(outcome_of(self, "cnode"))

    def test_notification(self) -> None:
        self.assertAllPassed(outcome_of(self, "notification"))

    def test_tcb_ipc(self) -> None:
        self.assertAllPassed(outcome_of(self, "tcb_ipc"))

    def test_vspace(self) -> None:
        outcome = outcome_of(self, "vspace")
        self.assertAllPassed(outcome)
        # seL4 prints no user error when a map finds a paging level missing:
        # the FailedLookup is the normal way to learn a table is needed.
        quiet = [line for line in outcome.run.console if "no paging structure" in line]
        self.assertEqual(quiet, [], "a missing paging level printed a user error")

    def test_preempt(self) -> None:
        self.assertAllPassed(outcome_of(self, "preempt"))

    def test_device_untypeds(self) -> None:
        """No untyped covers the I/O APIC, HPET or LAPIC/MSI window."""
        self.assertAllPassed(outcome_of(self, "device_untypeds"))

    def test_fpu(self) -> None:
        """Per-thread x87/SSE state: preempted threads keep theirs, a new
        thread sees the reset state, FP exceptions are user faults."""
        self.assertAllPassed(outcome_of(self, "fpu"))

    def test_irq(self) -> None:
        self.assertAllPassed(outcome_of(self, "irq"))

    def test_sched(self) -> None:
        self.assertAllPassed(outcome_of(self, "sched"))

    def test_dump_scheduler(self) -> None:
        """seL4_DebugDumpScheduler prints seL4's table (x86_64, non-MCS debug
        build): header, dashes, one row per TCB, newest first, idle last."""
        outcome = outcome_of(self, "dump")
        self.assertAllPassed(outcome)
        run = outcome.run
        assert run is not None
        lines = [line.rstrip("\r\n") for line in run.console]
        start = lines.index("# begin dump") + 1
        table = lines[start:lines.index("# end dump")]
        self.assertEqual(table[:3], [
            "Dumping all tcbs!",
            "Name" + " " * 36 + "\tState" + " " * 10 + "\tIP" + " " * 18 + "\t Prio \t Core",
            "-" * 86])
        rows = [row.split("\t") for row in table[3:]]
        for row in rows:
            self.assertEqual(len(row), 5, row)
            self.assertEqual((len(row[0]), len(row[1]), len(row[3])), (40, 15, 20), row)
        self.assertEqual([[r[0].strip(), r[1].strip(), r[3].strip(), r[4]] for r in rows], [
            ["child of: 'rootserver'", "inactive", "0", "0"],   # seL4's default name
            ["sleeper", "inactive", "7", "0"],
            ["waiter", "blocked on ntfn", "255", "0"],
            ["rootserver", "running", "255", "0"],
            ["idle_thread", "idle", "0", "0"]])
        self.assertEqual([rows[0][2], rows[1][2]], ["(nil)", "(nil)"], "never-started threads")
        for row in rows[2:4]:
            self.assertRegex(row[2], r"^0x[0-9a-f]+$")
            self.assertLess(int(row[2], 16), 0x80000000, "a user address: the syscall instruction")
        self.assertRegex(rows[4][2], r"^0xffffffff8[0-9a-f]{7}$", "the kernel's idle loop")

    def test_notification_fault(self) -> None:
        """Wait through a cap without Read: a CapFault in the receive phase;
        with no fault handler the kernel reports it and suspends the root
        task, and the machine halts idle.  No summary line may appear."""
        outcome = outcome_of(self, FAULT_FOLDER)
        run = self.assertSane(outcome)
        self.assertEqual(outcome.not_oks, [], outcome.transcript())
        self.assertGreater(len(outcome.oks), 0, outcome.transcript())
        self.assertIsNone(outcome.summary, "the thread went on after the faulting Wait\n"
                          + outcome.transcript())
        cptr = self._waiting_cptr(run)
        faults = run.faults
        self.assertEqual(len(faults), 1, f"fault events: {faults}")
        fault = faults[0]
        self.assertEqual(fault.get("type"), "CapFault", fault)
        self.assertIs(fault.get("handled"), False, fault)
        self.assertEqual(_number(fault.get("addr")), cptr, fault)
        self.assertIn("cap fault in receive phase", str(fault.get("text")), fault)
        self.assertTrue(any("cap fault in receive phase" in line for line in run.console),
                        "no fault report on the console\n" + outcome.transcript())
        self.assertEqual((run.halt or {}).get("reason"), "idle", run.halt)

    def test_adversarial(self) -> None:
        """A hostile root task (adversarial/): use-after-free, reused memory,
        rights and boundary values; every check holds on a correct kernel.
        The event channel must stay valid JSON whatever a thread is named."""
        outcome = outcome_of(self, "adversarial")
        self.assertAllPassed(outcome, may_die=(ADVERSARIAL_VICTIM,))
        run = outcome.run
        assert run is not None
        self.assertEqual(run.bad_event_lines, [], "event lines that are not JSON")
        names = [e.get("name") for e in run.events if e.get("ev") == "name_thread"]
        self.assertIn(HOSTILE_NAME, names, "the hostile thread name did not round-trip")

    def test_adversarial_df(self) -> None:
        """Traps taken with the direction flag set (adversarial_df/)."""
        self.assertAllPassed(outcome_of(self, "adversarial_df"))

    def test_adversarial_ioapic(self) -> None:
        """User code must not reach the I/O APIC (adversarial_ioapic/): routed
        to an exception vector, a device line panics the kernel."""
        self.assertAllPassed(outcome_of(self, "adversarial_ioapic"))

    def test_adversarial_poweroff(self) -> None:
        """No I/O port cap may power the machine off (adversarial_poweroff/)."""
        self.assertAllPassed(outcome_of(self, "adversarial_poweroff"))

    def test_adversarial_rflags(self) -> None:
        """No TCB content gives a thread IOPL or other system flags, or
        leaves it another thread's data segments (adversarial_rflags/)."""
        self.assertAllPassed(outcome_of(self, "adversarial_rflags"))

    def test_adversarial_asid(self) -> None:
        """The root task deletes its own VSpace's ASID pool.  It must not run
        on in the orphaned page tables: seL4 runs it on the kernel's tables,
        so it takes a VMFault (reported: it has no handler); a kernel that
        suspends it at once is accepted too.  Either way the machine halts
        idle before the program can report reading a deleted frame."""
        outcome = outcome_of(self, "adversarial_asid")
        run = self.assertSane(outcome)
        self.assertEqual(outcome.not_oks, [], outcome.transcript())
        self.assertGreater(len(outcome.oks), 0, outcome.transcript())
        self.assertIsNone(outcome.summary, "the root task ran on without an ASID\n"
                          + outcome.transcript())
        for fault in run.faults:
            self.assertEqual(fault.get("thread"), "rootserver", fault)
            self.assertEqual(fault.get("type"), "VMFault", fault)
            self.assertIs(fault.get("handled"), False, fault)
        self.assertLessEqual(len(run.faults), 1, f"fault events: {run.faults}")
        self.assertEqual((run.halt or {}).get("reason"), "idle", run.halt)

    def _waiting_cptr(self, run: qemu.Run) -> int:
        for line in run.console:
            if (match := re.match(r"^# waiting on cptr (\d+) without Read", line)):
                return int(match.group(1))
        self.fail("the program never said which cptr it waits on")

    def check_fuzz(self, seed: int) -> None:
        outcome = outcome_of(self, f"fuzz-{seed:#x}")
        self.assertAllPassed(outcome, may_die=("pool",))
        done = [line for line in outcome.oks if "iterations done" in line]
        self.assertTrue(done, f"seed {seed:#x}: no 'iterations done' check\n"
                        + outcome.transcript())


def _number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value, 0)
        except ValueError:
            return None
    return None


def _add_fuzz_tests() -> None:
    """One test method per seed, so each seed passes or fails on its own."""
    for seed in fuzz_seeds():
        def test(self: KernelTests, seed: int = seed) -> None:
            self.check_fuzz(seed)
        test.__doc__ = f"fuzzer, seed {seed:#x}"
        setattr(KernelTests, f"test_fuzz_seed_{seed:#x}", test)


_add_fuzz_tests()


# ---- by hand ----

def main(argv: list[str]) -> int:
    if argv[:1] != ["run"]:
        unittest.main(argv=[sys.argv[0], *argv])
        return 0
    parser = argparse.ArgumentParser(prog="test_kernel.py run",
                                      description="build and boot one kernel test folder")
    parser.add_argument("folder")
    parser.add_argument("--seed", type=lambda s: int(s, 0), default=FUZZ_SEEDS[0])
    parser.add_argument("--iterations", type=int, default=None)
    args = parser.parse_args(argv[1:])
    error = _prepare()
    if error:
        print(error, file=sys.stderr)
        return 2

    def echo(data: bytes) -> None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()

    if args.folder == FUZZ_FOLDER:
        outcome = fuzz_job(args.seed, iterations=args.iterations, echo=echo)
    else:
        outcome = build_and_boot(args.folder, echo=echo)
    if outcome.run is None:
        print("build failed:\n" + "\n".join(outcome.build.errors), file=sys.stderr)
        return 1
    run = outcome.run
    print(f"\n== {outcome.name}: {len(outcome.oks)} ok, {len(outcome.not_oks)} not ok, "
          f"summary {outcome.summary}, halt {run.halt}, panic {run.panic}, "
          f"timed out {run.timed_out}, {run.duration:.1f} s")
    return 0 if not outcome.not_oks and run.exit_status == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
