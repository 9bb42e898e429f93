"""Grading one submission: build it, boot it, judge it.

`grade()` is the whole of it, for the command line (`check`) and for batch
grading alike: it takes a lab, a submission folder and a work folder of
its own, and returns a `Graded` (the judgement, the run if there was one,
and the build).  Nothing of an earlier grade in the work folder survives:
the folder is emptied first (but for the command line's `.lock`).

Both the build and the boot happen in `sandbox` (sandbox.py); the kernel
and the libraries are built before, outside it (build.py).  Where bwrap
cannot make a sandbox, grade() raises SandboxError (nothing is graded);
`sandbox.check()` tells the same beforehand, for a batch that wants to
know before it starts.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from grader import build as builder
from grader import qemu
from grader.judge import Judgement, every_step_passed, judge, judge_build_failure
from grader.lab import Lab
from grader.sandbox import Sandbox

KERNEL = Path("build/kernel/kernel.bin")
KERNEL_ELF = Path("build/kernel/kernel.elf")
KEEP = (".lock",)          # files of the work folder a grade leaves in place


@dataclass
class Graded:
    """The outcome of grading one submission."""
    judgement: Judgement
    run: qemu.Run | None
    build: builder.BuildResult


def grade(lab: Lab, *, root: Path, src: Path, work_dir: Path, sandbox: Sandbox,
          timeout: float | None = None) -> Graded:
    """Build `src` as a submission of `lab` in `work_dir`, boot it once
    (time limit `timeout`, default the lab's) and judge the run."""
    reset_work_dir(work_dir)
    built = builder.build(lab, root=root, src=src, work_dir=work_dir, sandbox=sandbox,
                          student_src=src.resolve())
    missing = kernel_missing(root) if built.ok else None
    if not built.ok or missing:
        errors = built.errors or [missing or "build failed"]
        return Graded(judge_build_failure(lab, errors), None, built)
    run = boot(built, root=root, work_dir=work_dir, sandbox=sandbox,
               timeout=timeout if timeout is not None else lab.timeout,
               until=every_step_passed(lab))
    judgement = judge(lab, run)
    judgement.build_warnings = built.warnings
    return Graded(judgement, run, built)


def boot(built: builder.BuildResult, *, root: Path, work_dir: Path, sandbox: Sandbox,
         timeout: float | None, echo: Callable[[bytes], None] | None = None,
         gdb: int | None = None, until: Callable[[qemu.Run], bool] | None = None) -> qemu.Run:
    """Boot a built root task once; the run is saved in `work_dir`.  `until`
    ends the run early once it answers True (every step passed, for check)."""
    run = qemu.boot(kernel=KERNEL, roottask=relative(built.roottask, root), run_dir=work_dir,
                    timeout=timeout, echo=echo, gdb=gdb, cwd=root, sandbox=sandbox,
                    until=until)
    run.symbols = qemu.read_symbols(built.out_dir / "roottask.sym")
    run.save(work_dir)
    return run


def reset_work_dir(work_dir: Path) -> None:
    """Remove everything an earlier grade left in `work_dir` (links are
    removed, never followed)."""
    work_dir.mkdir(parents=True, exist_ok=True)
    for entry in work_dir.iterdir():
        if entry.name in KEEP:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def kernel_missing(root: Path) -> str | None:
    if (root / KERNEL).is_file():
        return None
    return f"{KERNEL} is missing: the kernel has not been built (try `make`)"


def relative(path: Path, root: Path) -> Path:
    """A path relative to the repository when possible: shorter, and free of
    the commas a user's home folder might hold."""
    try:
        return path.relative_to(root)
    except ValueError:
        return path
