"""The grader's command line: `python3 -m grader {check,run,exercises,...} ...`.

    check LAB   build, boot, judge every step, print a report; exit 0 only
                when every step passes (1 otherwise, 2 for a broken lab or
                when no sandbox can be made: see --unsandboxed)
    run LAB     build and boot with the console on the terminal; exit with
                the root task's exit status (1 if it did not exit normally)
    exercises   the exercise generator (grader/exercises.py, by the labs)
    batch, gradescope, walk, state, student-kit
                tools with their own modules and options (TOOLS below)

The last run's console and events are kept in build/grader/<lab>/.
Grading one submission is grader/grade.py; the build and the boot run in a
bubblewrap sandbox (grader/sandbox.py).  SIGTERM and SIGHUP stop the grader
as Ctrl-C does: every child process is killed on the way out.
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
import re
import sys
import traceback
from pathlib import Path
from typing import Any, Iterator, Sequence

from grader import build as builder
from grader import grade as grading
from grader import processes, qemu
from grader.grade import KERNEL_ELF
from grader.judge import Judgement, judge, judge_build_failure
from grader.lab import Lab, LabError, load_lab
from grader.report import as_json, print_report
from grader.sandbox import Sandbox, SandboxError, refusal

ROOT = Path(__file__).resolve().parent.parent

EXIT_PASS, EXIT_FAIL, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
# Commands with their own module and argument parser (docs/grader.md).
TOOLS = {"batch": ("grader.batch", "main"), "gradescope": ("grader.gradescope", "main"),
         "walk": ("grader.walk", "main"), "state": ("grader.walk", "main_state"),
         "student-kit": ("grader.kit", "main")}


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
    command.add_argument("--unsandboxed", action="store_true",
                         help="build and boot without the bubblewrap sandbox: only where "
                              "every submission runs in a throw-away container of its own")


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
    """build/grader/<lab>/, or CAPLAB_WORK when set (batch grading gives
    every submission its own folder, so several grade at once)."""
    chosen = os.environ.get("CAPLAB_WORK")
    return Path(chosen).resolve() if chosen else ROOT / "build" / "grader" / lab.name


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


def _src(lab: Lab, args: argparse.Namespace) -> Path:
    return args.src if args.src is not None else lab.folder


def _as_student_sees(lines: list[str], lab: Lab, src: Path) -> list[str]:
    """Compiler lines name the student's files as the student knows them:
    `exercises/kernel-objects/main.c:187:22` for a folder under the current
    one; bare names (`main.c:187:22`) for a folder elsewhere."""
    folder = src.resolve()
    try:
        shown = str(folder.relative_to(Path.cwd().resolve()))
    except ValueError:      # elsewhere: the bare names, as in the student's folder
        return lines
    if shown == ".":
        return lines
    names = lab.files or tuple(sorted(p.name for p in folder.glob("*.[ch]")))
    if not names:
        return lines
    pattern = re.compile(r"(?<![\w/.-])(" + "|".join(re.escape(n) for n in names) + r")(?=:)")
    return [pattern.sub(lambda m: f"{shown}/{m.group(1)}", line) for line in lines]


def _sandbox(args: argparse.Namespace) -> Sandbox:
    """The sandbox for this run.  Whether one can be made here is learnt
    from the build, the first command in it (SandboxError)."""
    if args.unsandboxed:
        print("grader: --unsandboxed: the build and QEMU run with all of the grader's "
              "rights", file=sys.stderr)
        return Sandbox(enabled=False)
    return Sandbox()


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
    sandbox = _sandbox(args)
    with _lab_lock(lab):
        judgement, run = _build_boot_judge(lab, args, sandbox=sandbox, timeout=timeout)
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


def _build_boot_judge(lab: Lab, args: argparse.Namespace, *, sandbox: Sandbox,
                      timeout: float) -> tuple[Judgement, qemu.Run | None]:
    src = _src(lab, args)
    graded = grading.grade(lab, root=ROOT, src=src, work_dir=_work_dir(lab),
                           sandbox=sandbox, timeout=timeout)
    _save_build_log(lab, graded.build)
    if args.verbose and graded.build.command:
        print("$ " + " ".join(graded.build.command), file=sys.stderr)
    if graded.run is None and graded.judgement.build_errors:
        shown = _as_student_sees(graded.judgement.build_errors, lab, src)
        return judge_build_failure(lab, shown), None
    return graded.judgement, graded.run


def _save_build_log(lab: Lab, built: builder.BuildResult) -> None:
    """What make printed, kept beside the run for the batch logs."""
    with contextlib.suppress(OSError):
        (_work_dir(lab) / "build.log").write_text(built.output)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", errors="replace")
    except OSError as exc:
        print(f"grader: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)


# ---- run ----

def cmd_run(args: argparse.Namespace) -> int:
    lab = _load(args.lab)
    sandbox = _sandbox(args)
    with _lab_lock(lab):
        return _build_and_run(lab, args, sandbox)


def _build_and_run(lab: Lab, args: argparse.Namespace, sandbox: Sandbox) -> int:
    work = _work_dir(lab)
    grading.reset_work_dir(work)
    built = builder.build(lab, root=ROOT, src=_src(lab, args), work_dir=work, sandbox=sandbox,
                          student_src=_src(lab, args).resolve())
    if not built.ok:
        print("build failed:", file=sys.stderr)
        for line in _as_student_sees(built.errors, lab, _src(lab, args)):
            print(f"  {line}", file=sys.stderr)
        return EXIT_FAIL
    missing = grading.kernel_missing(ROOT)
    if missing:
        print(f"grader: {missing}", file=sys.stderr)
        return EXIT_FAIL
    port = None
    if args.gdb:
        port = qemu.gdb_port()
        _write_gdbinit(built.roottask, port, sources=(built.src_dir, _src(lab, args).resolve()))
    run = grading.boot(built, root=ROOT, work_dir=work, sandbox=sandbox,
                       timeout=None if args.gdb else (args.timeout or lab.timeout),
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
    if diagnosis.kind == "stuck":
        # Not an error of the run itself: a root task that ends waiting (as
        # the seL4 tutorials do, in seL4_ReplyRecv) leaves seL4 idle.
        print("grader: the run is over: no thread can run any more and nothing can wake "
              "one (seL4 would sit idle from here); the root task did not return from main, "
              "so there is no exit status. Where the threads stopped:", file=sys.stderr)
    else:
        print(f"grader: the root task did not exit normally: {diagnosis.summary}",
              file=sys.stderr)
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
    text += (f"add-symbol-file {grading.relative(roottask, ROOT)}\n"
             f"target remote localhost:{port}\n")
    (ROOT / ".gdbinit").write_text(text, errors="surrogateescape")   # paths as bytes
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
        if arguments[:1] and arguments[0] in TOOLS:
            module, function = TOOLS[arguments[0]]
            return int(getattr(importlib.import_module(module), function)(arguments[1:]) or 0)
        args = parser().parse_args(arguments)
        with processes.stop_on_signals():
            return cmd_check(args) if args.command == "check" else cmd_run(args)
    except LabError as exc:
        print(f"lab error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except SandboxError as exc:
        print(refusal(exc), file=sys.stderr)
        return EXIT_ERROR
    except processes.Interrupted as exc:
        print(f"\ngrader: stopped by {exc}", file=sys.stderr)
        return 128 + exc.signum
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
