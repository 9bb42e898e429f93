"""Building a submission's root task with `make lab`.

The source folder that gets compiled is assembled fresh for every build:
  - a normal lab: a copy of the lab folder (exercises/<lab>/), with only the
    files lab.toml lists under `files` taken from the submission (--src), so
    a submission cannot replace the parts of the lab it is not meant to edit;
  - a free lab (`files = []`, e.g. playground): every .c and .h file at the
    top of --src, and nothing else.
Then `make -s kernel libs` brings the kernel and libraries up to date (our
code: a first build may take minutes), and `make -s lab LAB=... SRCDIR=...
OUT=...` (mk/lab.mk) builds the root task into OUT/roottask.elf.

The second make compiles the submission, so it runs under limits a hostile
submission cannot stretch: a time limit (SUBMISSION_BUILD_TIMEOUT, or
CAPLAB_BUILD_TIMEOUT seconds; `#include` of a pipe would wait forever), an
address-space limit for the compiler (`#include "/dev/zero"` would eat the
machine's memory), and a cap on the output kept (a macro can make gcc print
gigabytes).

On failure the compiler's own lines are kept, with the temporary source
folder removed from paths so that they read `main.c:12:5: error: ...`, as
they would in the student's folder.
"""
from __future__ import annotations

import os
import re
import resource
import selectors
import shutil
import signal
import stat
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from grader.lab import Lab

MAX_SOURCE_BYTES = 2 * 1024 * 1024
MAX_ERROR_LINES = 20
MAX_LINE_CHARS = 400            # one compiler line as shown (gcc quotes whole source lines)
BUILD_TIMEOUT = 900.0           # kernel and libraries: a first build compiles them all
SUBMISSION_BUILD_TIMEOUT = 60.0  # the submission's own files: normally a second or two
SUBMISSION_MEMORY = 1 << 30     # address space of each compiler process
MAX_OUTPUT_BYTES = 1 << 20      # make output kept; the rest is counted, not stored
SOURCE_SUFFIXES = (".c", ".h")
TIMED_OUT = 124                 # _run_make's status when the time limit stopped make
SYSTEM_HEADER_DIRS = (Path("/usr/lib/gcc"), Path("/usr/include"))


class SubmissionError(Exception):
    """The submission cannot be built as given (a missing file, ...)."""


@dataclass
class BuildResult:
    ok: bool
    src_dir: Path
    out_dir: Path
    errors: list[str] = field(default_factory=list)   # for people: trimmed, relative paths
    warnings: list[str] = field(default_factory=list) # the compiler's, when the build worked
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
        names += _app_sources(src)
        if not any("/" not in name and name.endswith(".c") for name in names):
            raise SubmissionError(f"there is no .c file in {src}")
    else:
        shutil.copytree(lab.folder, dest, symlinks=False,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        names = list(lab.files)
    for name in names:
        _take_file(src / name, dest / name, name=name)
    return names


def _app_sources(src: Path) -> list[str]:
    """A free lab's apps: the sources of each plain subfolder (one level;
    mk/lab.mk builds every subfolder holding .c files as an app)."""
    names: list[str] = []
    for folder in sorted(src.iterdir()):
        if folder.is_dir() and not folder.is_symlink() and not folder.name.startswith("."):
            names += sorted(f"{folder.name}/{p.name}" for p in folder.iterdir()
                            if p.suffix in SOURCE_SUFFIXES and p.is_file())
    return names


def _take_file(source: Path, target: Path, *, name: str) -> None:
    if not source.is_file():
        raise SubmissionError(f"the submission has no file {name} ({_not_a_file(source)})")
    size = source.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise SubmissionError(f"{name} is {size} bytes; a source file may have at most "
                              f"{MAX_SOURCE_BYTES} bytes")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copyfile(source, target)
    except OSError as exc:
        raise SubmissionError(f"cannot read {name}: {exc.strerror or exc}") from None


def _not_a_file(path: Path) -> str:
    """Why `path` cannot be read as a source file, in a few words."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return f"{path} is a symbolic link to nothing"
        return f"looked for {path}"
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return f"{path} is a folder, not a file"
    return f"{path} is not a regular file (a pipe, a device or a socket)"


def make_command(lab: Lab, *, src_dir: Path, out_dir: Path) -> list[str]:
    command = ["make", "-s", "lab", f"LAB={lab.name}", f"SRCDIR={src_dir}", f"OUT={out_dir}"]
    if lab.apps:
        command.append(f"APPS={' '.join(lab.apps)}")
    return command


def submission_timeout() -> float:
    """The time limit of the submission's build: CAPLAB_BUILD_TIMEOUT
    (seconds) if it is a positive number, else SUBMISSION_BUILD_TIMEOUT."""
    try:
        value = float(os.environ.get("CAPLAB_BUILD_TIMEOUT", ""))
    except ValueError:
        return SUBMISSION_BUILD_TIMEOUT
    return value if 0 < value <= BUILD_TIMEOUT else SUBMISSION_BUILD_TIMEOUT


def build(lab: Lab, *, root: Path, src: Path, work_dir: Path,
          timeout: float = BUILD_TIMEOUT, submission_limit: float | None = None
          ) -> BuildResult:
    """Assemble work_dir/src from the submission and build into work_dir/out.

    `timeout` bounds the kernel-and-libraries build, `submission_limit`
    (default: submission_timeout()) the build of the submission itself.
    """
    src_dir = (work_dir / "src").resolve()
    out_dir = (work_dir / "out").resolve()
    result = BuildResult(ok=False, src_dir=src_dir, out_dir=out_dir)
    try:
        assemble_sources(lab, src=src, dest=src_dir)
    except SubmissionError as exc:
        result.errors = [str(exc)]
        return result
    status, output = _run_make(["make", "-s", "kernel", "libs"], root=root, timeout=timeout)
    if status != 0:
        result.output = output
        result.errors = ["the kernel and the libraries did not build (this is not the "
                         "submission's fault):"] + compiler_lines(output, src_dir=src_dir,
                                                                 root=root)
        return result
    result.command = make_command(lab, src_dir=src_dir, out_dir=out_dir)
    limit = submission_limit if submission_limit is not None else submission_timeout()
    status, output = _run_make(result.command, root=root, timeout=limit,
                               limits=_submission_limits)
    result.output = output
    result.ok = status == 0 and result.roottask.is_file()
    if status == TIMED_OUT:
        output += ("(does the code #include a pipe or a device, or expand a macro without "
                   "end?)\n")
    if "undefined reference to `main'" in output:
        output += "the program has no main() function (is main.c empty, or main misspelt?)\n"
    if not result.ok:
        result.errors = compiler_lines(output, src_dir=src_dir, root=root, out_dir=out_dir)
        if not result.errors:
            result.errors = [f"make exited with status {status} and printed nothing"
                             if status != 0 else "make succeeded but wrote no roottask.elf"]
        return result
    result.warnings = [line for line in compiler_lines(output, src_dir=src_dir, root=root,
                                                       out_dir=out_dir, limit=1000)
                       if ": warning: " in line]
    foreign = foreign_includes(src_dir=src_dir, out_dir=out_dir, root=root)
    if foreign:
        result.ok = False
        result.errors = [f"the submission includes {name}, which is not one of its own files "
                         "nor a library header; only those may be #included"
                         for name in foreign[:5]]
    return result


def foreign_includes(*, src_dir: Path, out_dir: Path, root: Path) -> list[str]:
    """Files the submission's objects were compiled from that are neither
    the submission's own nor the libraries' (or the compiler's) headers.

    `#include "../../../../solutions/<lab>/main.c"` compiles, and would
    pass every step with someone else's work: the dependency files that
    mk/lab.mk has gcc write (-MMD) list every file a source read.  Only the
    .d files of this build's sources are read: obj/ may keep older ones.
    """
    allowed = [src_dir.resolve(), (root / "libs").resolve(), *SYSTEM_HEADER_DIRS]
    foreign: list[str] = []
    sources = [(s, out_dir / "obj" / f"{s.stem}.d") for s in sorted(src_dir.glob("*.c"))]
    sources += [(s, out_dir / "obj" / "apps" / s.parent.name / f"{s.stem}.d")
                for s in sorted(src_dir.glob("*/*.c"))]            # apps (mk/apps.mk)
    for _source, depfile in sources:
        for name in _dependencies(depfile):
            path = (root / name).resolve()
            if not any(path.is_relative_to(folder) for folder in allowed):
                shown = _relative(path, root)
                if shown not in foreign:
                    foreign.append(shown)
    return foreign


def _dependencies(depfile: Path) -> list[str]:
    """The prerequisites in a make dependency file (targets left out)."""
    try:
        text = depfile.read_text(errors="replace")
    except OSError:
        return []
    words = re.findall(r"(?:\\.|[^\s\\])+", text.replace("\\\n", " "))
    return [word.replace("\\ ", " ") for word in words if not word.endswith(":")]


def _submission_limits() -> None:
    """In the child, before make starts: limits every compiler inherits."""
    resource.setrlimit(resource.RLIMIT_AS, (SUBMISSION_MEMORY, SUBMISSION_MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _build_env() -> dict[str, str]:
    """The environment make and the compiler run in: only what a build
    needs, so a submission that makes gcc print a file such as
    /proc/self/environ shows nothing of the grader's own environment."""
    keep = ("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "LC_MESSAGES", "LC_CTYPE")
    return {key: os.environ[key] for key in keep if key in os.environ}


def _run_make(command: list[str], *, root: Path, timeout: float,
              limits: Callable[[], None] | None = None) -> tuple[int, str]:
    """Run make; stdout and stderr together, in the order they came, at
    most MAX_OUTPUT_BYTES of it; status 124 when it ran out of time."""
    try:
        proc = subprocess.Popen(command, cwd=root, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True, preexec_fn=limits,
                                env=_build_env())
    except OSError as exc:
        return 127, f"cannot run make: {exc}"
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    kept, dropped, finished = _read_output(proc.stdout.fileno(), deadline)
    proc.stdout.close()
    if not finished:
        _kill_group(proc)
    try:
        status = proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
    except subprocess.TimeoutExpired:   # the output ended but make goes on
        _kill_group(proc)
        finished, status = False, proc.wait()
    output = kept.decode("utf-8", "replace")
    if dropped:
        output += f"\n... ({dropped} more bytes of output not kept)\n"
    if not finished:
        return TIMED_OUT, output + f"\nthe build took longer than {timeout:g} s and was " \
            "stopped\n"
    return status, output


def _read_output(fd: int, deadline: float) -> tuple[bytes, int, bool]:
    """Read a pipe to its end or the deadline: (bytes kept, bytes dropped,
    whether the end came first)."""
    chunks: list[bytes] = []
    kept = dropped = 0
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return b"".join(chunks), dropped, False
            if not selector.select(min(left, 1.0)):
                continue
            data = os.read(fd, 65536)
            if not data:
                return b"".join(chunks), dropped, True
            room = max(MAX_OUTPUT_BYTES - kept, 0)
            chunks.append(data[:room])
            kept += len(data[:room])
            dropped += len(data) - len(data[:room])


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop make and every compiler it started (they share its session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def compiler_lines(output: str, *, src_dir: Path, root: Path, out_dir: Path | None = None,
                   limit: int = MAX_ERROR_LINES) -> list[str]:
    """The compiler's messages as a student should see them.

    make's own "*** Error" lines are noise once the compiler has spoken;
    the temporary folders' paths are cut so names are relative to the
    student's folder (`main.c`, and `main.o` in linker messages), and the
    repository's path from our own files (`libs/...`); a line longer than
    MAX_LINE_CHARS is cut.
    """
    folders = [src_dir] + ([out_dir / "obj", out_dir] if out_dir is not None else [])
    prefixes = sorted({text for folder in folders
                       for text in (f"{folder}/", f"{_relative(folder, root)}/")} |
                      {f"{root.resolve()}/"}, key=len, reverse=True)
    lines = []
    for line in output.splitlines():
        if _is_make_noise(line):
            continue
        for prefix in prefixes:
            line = line.replace(prefix, "")
        line = line.rstrip()
        if len(line) > MAX_LINE_CHARS:
            line = f"{line[:MAX_LINE_CHARS]}... ({len(line) - MAX_LINE_CHARS} more characters)"
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
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
