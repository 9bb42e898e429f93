"""The grader's command line: `python3 -m grader {check,run,exercises} ...`.

    check LAB   build, boot, judge every step, print a report; exit 0 only
                when every step passes (1 otherwise, 2 for a broken lab)
    run LAB     build and boot with the console on the terminal; exit with
                the root task's exit status (1 if it did not exit normally)
    exercises   the exercise generator (grader/exercises.py, by the labs)

The last run's console and events are kept in build/grader/<lab>/.
A bad submission must never produce a traceback here; a grader bug may, and
then the catch-all below says "internal grader error" and exits with 2.
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import importlib
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Iterator, Sequence

from grader import build as builder
from grader import qemu
from grader.judge import Judgement, every_step_passed, judge, judge_build_failure
from grader.lab import Lab, LabError, load_lab
from grader.report import as_json, print_report

ROOT = Path(__file__).resolve().parent.parent
KERNEL = Path("build/kernel/kernel.bin")
KERNEL_ELF = Path("build/kernel/kernel.elf")

EXIT_PASS, EXIT_FAIL, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python3 -m grader",
        description="caplab grader: build a lab, boot it in QEMU and judge it step by step.",
        epilog="See docs/grader.md.  `python3 -m grader exercises ...` runs the exercise "
               "generator.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="build, boot and grade a lab")
    _common(check)
    check.add_argument("--json", metavar="FILE", type=Path,
                       help="also write the result as JSON to FILE")
    check.add_argument("--verbose", "-v", action="store_true",
                       help="show what every step matched and the commands used")
    check.add_argument("--replay", metavar="DIR", type=Path,
                       help="judge a saved run (console.log, events.jsonl, run.json in DIR) "
                            "instead of building and booting")
    run = commands.add_parser("run", help="build and boot a lab, console on the terminal")
    _common(run)
    run.add_argument("--gdb", action="store_true",
                     help="start QEMU paused for gdb and write .gdbinit (no time limit)")
    commands.add_parser("exercises", help="generate exercises/ from solutions/ "
                        "(arguments go to grader/exercises.py)", add_help=False)
    return top


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument("lab", metavar="LAB",
                         help="lab name (exercises/LAB) or a folder holding a lab.toml")
    command.add_argument("--src", metavar="DIR", type=Path,
                         help="the student's folder (default: the lab's exercises folder)")
    command.add_argument("--timeout", metavar="S", type=_seconds,
                         help="wall-clock limit for one boot (default: lab.toml, else 20)")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("the time-out must be between 0 and 3600 seconds")
    return value


# ---- shared steps ----

def _load(name: str) -> Lab:
    lab = load_lab(name, root=ROOT)
    for warning in lab.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return lab


def _work_dir(lab: Lab) -> Path:
    return ROOT / "build" / "grader" / lab.name


@contextlib.contextmanager
def _lab_lock(lab: Lab) -> Iterator[None]:
    """One build-and-boot of a lab at a time: two runs would share (and
    delete) each other's build/grader/<lab>/ folder."""
    work = _work_dir(lab)
    work.mkdir(parents=True, exist_ok=True)
    with open(work / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"grader: waiting for another grader run of {lab.name} to finish ...",
                  file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _build(lab: Lab, args: argparse.Namespace) -> builder.BuildResult:
    src = args.src if args.src is not None else lab.folder
    return builder.build(lab, root=ROOT, src=src, work_dir=_work_dir(lab))


def _boot(lab: Lab, result: builder.BuildResult, *, timeout: float | None,
          echo: Any = None, gdb: int | None = None, until: Any = None) -> qemu.Run:
    work = _work_dir(lab)
    run = qemu.boot(kernel=KERNEL, roottask=_for_qemu(result.roottask), run_dir=work,
                    timeout=timeout, echo=echo, gdb=gdb, cwd=ROOT, until=until)
    run.symbols = qemu.read_symbols(result.out_dir / "roottask.sym")
    run.save(work)
    return run


def _for_qemu(path: Path) -> Path:
    """A path relative to the repository when possible: shorter, and free of
    the commas a user's home folder might hold."""
    try:
        return path.relative_to(ROOT)
    except ValueError:
        return path


def _kernel_missing() -> str | None:
    if (ROOT / KERNEL).is_file():
        return None
    return f"{KERNEL} is missing: the kernel has not been built (try `make`)"


# ---- check ----

def cmd_check(args: argparse.Namespace) -> int:
    lab = _load(args.lab)
    timeout = args.timeout or lab.timeout
    if args.replay is not None:
        if not args.replay.is_dir():
            print(f"grader: --replay {args.replay} is not a folder", file=sys.stderr)
            return EXIT_ERROR
        run = qemu.Run.load(args.replay)
        return _report(lab, judge(lab, run), run, args)
    with _lab_lock(lab):
        judgement, run = _build_boot_judge(lab, args, timeout=timeout)
        return _report(lab, judgement, run, args)


def _report(lab: Lab, judgement: Judgement, run: qemu.Run | None,
            args: argparse.Namespace) -> int:
    """Print the report, save result.json (and --json); the exit status."""
    print_report(judgement, run=run, verbose=args.verbose)
    data = as_json(judgement, run=run)
    _write_json(_work_dir(lab) / "result.json", data)
    if args.json is not None:
        _write_json(args.json, data)
    return EXIT_PASS if judgement.passed else EXIT_FAIL


def _build_boot_judge(lab: Lab, args: argparse.Namespace, *, timeout: float
                      ) -> tuple[Judgement, qemu.Run | None]:
    built = _build(lab, args)
    if args.verbose and built.command:
        print("$ " + " ".join(built.command), file=sys.stderr)
    missing = _kernel_missing() if built.ok else None
    if not built.ok or missing:
        return judge_build_failure(lab, built.errors or [missing or "build failed"]), None
    run = _boot(lab, built, timeout=timeout, until=every_step_passed(lab))
    judgement = judge(lab, run)
    judgement.build_warnings = built.warnings
    return judgement, run


def _write_json(path: Path, data: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        print(f"grader: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)


# ---- run ----

def cmd_run(args: argparse.Namespace) -> int:
    lab = _load(args.lab)
    with _lab_lock(lab):
        return _build_and_run(lab, args)


def _build_and_run(lab: Lab, args: argparse.Namespace) -> int:
    built = _build(lab, args)
    if not built.ok:
        print("build failed:", file=sys.stderr)
        for line in built.errors:
            print(f"  {line}", file=sys.stderr)
        return EXIT_FAIL
    missing = _kernel_missing()
    if missing:
        print(f"grader: {missing}", file=sys.stderr)
        return EXIT_FAIL
    port = None
    if args.gdb:
        port = qemu.gdb_port()
        student = (args.src if args.src is not None else lab.folder).resolve()
        _write_gdbinit(built.roottask, port, sources=(built.src_dir, student))
    run = _boot(lab, built, timeout=None if args.gdb else (args.timeout or lab.timeout),
                echo=_echo, gdb=port)
    if run.console_bytes and not run.console_bytes.endswith(b"\n"):
        _echo(b"\n")
    status = run.exit_status
    if status is not None:
        # A shell sees only 8 bits; do not let 256 pass for success.
        return status if 0 <= status <= 255 else EXIT_FAIL
    diagnosis = run.diagnosis
    if args.gdb and diagnosis.kind == "triple_fault":
        # Under gdb, QEMU also stops this way when gdb kills or detaches it.
        print("grader: QEMU stopped without a halt: ended from gdb (kill/quit), "
              "or the machine reset (a triple fault)", file=sys.stderr)
        return EXIT_FAIL
    print(f"grader: the root task did not exit normally: {diagnosis.summary}", file=sys.stderr)
    for line in diagnosis.details:
        print(f"  {line}", file=sys.stderr)
    return EXIT_FAIL


def _echo(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _write_gdbinit(roottask: Path, port: int, *, sources: tuple[Path, Path] | None = None
                   ) -> None:
    """A .gdbinit at the repository root, so gdb there attaches at once.

    `sources` maps the assembled source folder back to the student's, so
    that gdb lists the files the student edits, not the grader's copies.
    """
    text = f"set architecture i386:x86-64\nfile {KERNEL_ELF}\n"
    if sources is not None:
        text += f"set substitute-path {sources[0]} {sources[1]}\n"
    text += (f"add-symbol-file {_for_qemu(roottask)}\n"
             f"target remote localhost:{port}\n")
    (ROOT / ".gdbinit").write_text(text)
    print(f"QEMU is waiting for gdb on port {port}.  In another terminal:\n"
          f"    cd {ROOT} && gdb -nx -x .gdbinit\n"
          f"(plain `gdb` also works if your ~/.gdbinit has "
          f"`add-auto-load-safe-path {ROOT}/.gdbinit`).", file=sys.stderr)


# ---- exercises ----

def cmd_exercises(rest: list[str]) -> int:
    """Hand over to the generator, which the lab engineers own."""
    try:
        module = importlib.import_module("grader.exercises")
    except ModuleNotFoundError as exc:
        if exc.name != "grader.exercises":
            raise
        print("grader: grader/exercises.py (the exercise generator) is not there yet",
              file=sys.stderr)
        return EXIT_ERROR
    return int(module.main(rest) or 0)


# ---- entry ----

def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        if arguments[:1] == ["exercises"]:
            return cmd_exercises(arguments[1:])
        args = parser().parse_args(arguments)
        return cmd_check(args) if args.command == "check" else cmd_run(args)
    except LabError as exc:
        print(f"lab error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("\ngrader: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): say nothing more, anywhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAIL
    except Exception:  # a grader bug: say so, show where, do not pretend
        print("internal grader error (please report it with the text below):",
              file=sys.stderr)
        traceback.print_exc()
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
