"""Building a submission's root task with `make lab`.

The source folder that gets compiled is assembled fresh for every build:
  - a normal lab: a copy of the lab folder (exercises/<lab>/), with only the
    files lab.toml lists under `files` taken from the submission (--src), so
    a submission cannot replace the parts of the lab it is not meant to edit;
  - a free lab (`files = []`, e.g. playground): every .c and .h file at the
    top of --src, and nothing else.
Then `make -s lab LAB=... SRCDIR=... OUT=...` (mk/lab.mk) builds the kernel
and libraries if needed and the root task into OUT/roottask.elf.

On failure the compiler's own lines are kept, with the temporary source
folder removed from paths so that they read `main.c:12:5: error: ...`, as
they would in the student's folder.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from grader.lab import Lab

MAX_SOURCE_BYTES = 2 * 1024 * 1024
MAX_ERROR_LINES = 20
BUILD_TIMEOUT = 900.0     # a first build compiles kernel and libraries too
SOURCE_SUFFIXES = (".c", ".h")


class SubmissionError(Exception):
    """The submission cannot be built as given (a missing file, ...)."""


@dataclass
class BuildResult:
    ok: bool
    src_dir: Path
    out_dir: Path
    errors: list[str] = field(default_factory=list)   # for people: trimmed, relative paths
    output: str = ""                                   # everything make printed
    command: list[str] = field(default_factory=list)

    @property
    def roottask(self) -> Path:
        return self.out_dir / "roottask.elf"


def assemble_sources(lab: Lab, *, src: Path, dest: Path) -> list[str]:
    """Fill `dest` with what gets compiled; returns the files taken from src."""
    if not src.is_dir():
        raise SubmissionError(f"the submission folder {src} does not exist or is not a folder")
    if dest.exists():
        shutil.rmtree(dest)
    if lab.free:
        dest.mkdir(parents=True)
        names = sorted(p.name for p in src.iterdir()
                       if p.suffix in SOURCE_SUFFIXES and p.is_file())
        if not any(name.endswith(".c") for name in names):
            raise SubmissionError(f"there is no .c file in {src}")
    else:
        shutil.copytree(lab.folder, dest, symlinks=False,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        names = list(lab.files)
    for name in names:
        _take_file(src / name, dest / name, name=name)
    return names


def _take_file(source: Path, target: Path, *, name: str) -> None:
    if not source.is_file():
        raise SubmissionError(f"the submission has no file {name} (looked for {source})")
    size = source.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise SubmissionError(f"{name} is {size} bytes; a source file may have at most "
                              f"{MAX_SOURCE_BYTES} bytes")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copyfile(source, target)
    except OSError as exc:
        raise SubmissionError(f"cannot read {name}: {exc.strerror or exc}") from None


def make_command(lab: Lab, *, src_dir: Path, out_dir: Path) -> list[str]:
    return ["make", "-s", "lab", f"LAB={lab.name}", f"SRCDIR={src_dir}", f"OUT={out_dir}"]


def build(lab: Lab, *, root: Path, src: Path, work_dir: Path,
          timeout: float = BUILD_TIMEOUT) -> BuildResult:
    """Assemble work_dir/src from the submission and build into work_dir/out."""
    src_dir = (work_dir / "src").resolve()
    out_dir = (work_dir / "out").resolve()
    result = BuildResult(ok=False, src_dir=src_dir, out_dir=out_dir)
    try:
        assemble_sources(lab, src=src, dest=src_dir)
    except SubmissionError as exc:
        result.errors = [str(exc)]
        return result
    result.command = make_command(lab, src_dir=src_dir, out_dir=out_dir)
    status, output = _run_make(result.command, root=root, timeout=timeout)
    result.output = output
    result.ok = status == 0 and result.roottask.is_file()
    if not result.ok:
        result.errors = compiler_lines(output, src_dir=src_dir, root=root)
        if not result.errors:
            result.errors = [f"make exited with status {status} and printed nothing"
                             if status != 0 else "make succeeded but wrote no roottask.elf"]
    return result


def _run_make(command: list[str], *, root: Path, timeout: float) -> tuple[int, str]:
    """Run make; stdout and stderr together, in the order they came."""
    try:
        proc = subprocess.Popen(command, cwd=root, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)
    except OSError as exc:
        return 127, f"cannot run make: {exc}"
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        output, _ = proc.communicate()
        return 124, output.decode("utf-8", "replace") + \
            f"\nthe build took longer than {timeout:g} s and was stopped\n"
    return proc.returncode, output.decode("utf-8", "replace")


def compiler_lines(output: str, *, src_dir: Path, root: Path,
                   limit: int = MAX_ERROR_LINES) -> list[str]:
    """The compiler's messages as a student should see them.

    make's own "*** Error" lines are noise once the compiler has spoken;
    the temporary folder's path is cut so names are relative to the
    student's folder.
    """
    prefixes = sorted({f"{src_dir}/", f"{_relative(src_dir, root)}/"}, key=len, reverse=True)
    lines = []
    for line in output.splitlines():
        if _is_make_noise(line):
            continue
        for prefix in prefixes:
            line = line.replace(prefix, "")
        lines.append(line.rstrip())
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) > limit:
        hidden = len(lines) - limit
        lines = lines[:limit] + [f"... ({hidden} more line{'s' if hidden > 1 else ''})"]
    return lines


def _is_make_noise(line: str) -> bool:
    stripped = line.strip()
    if stripped.startswith(("make: ***", "make[")) and "***" in stripped:
        return True
    return stripped.startswith("make: Leaving directory") or \
        stripped.startswith("make: Entering directory")


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.resolve()))
    except ValueError:
        return str(path)
