"""Building a submission's root task with `make lab`, inside the sandbox.

A build starts from nothing: the folders of the previous build (src/, out/)
are removed first.  The source folder is then assembled fresh:
  - a normal lab: a copy of the lab folder (exercises/<lab>/), with only the
    files lab.toml lists under `files` taken from the submission (--src), so
    a submission cannot replace the parts of the lab it is not meant to edit;
  - a free lab (`files = []`, e.g. playground): every .c and .h file at the
    top of --src, and those of each plain subfolder one level down (apps:
    mk/lab.mk builds every subfolder holding .c files as its own program),
    and nothing else.
A file is taken only if its name is safe (letters, digits, `_`, `-`, `.`,
not starting with `-`: a name reaches make and the shell) and it is a
regular file, opened without following symbolic links, of at most
MAX_SOURCE_BYTES counted on the copy itself (/proc files say size 0).

Then `make -s kernel libs` brings the kernel and libraries up to date: our
own code, built outside the sandbox before any submission file is compiled.
The submission is then built by `make -s -o kernel -o libs lab ...`
(mk/lab.mk; APPS= the lab's `apps` when lab.toml names them) inside the
sandbox (sandbox.py), which sees the kit's makefiles and their scripts
(mk/, with mk/apps.mk and mk/cpio_archive.sh that pack the apps into the
root task), libs/ (headers, sources, linker script), the built libraries (read-only),
the assembled sources (read-only) and nothing else of the repository.
Objects go to out/obj/, a size-capped tmpfs (SCRATCH_BYTES) that vanishes
with the sandbox; out/ itself receives only roottask.elf, .dis and .sym
(and their .tmp files), each under the file-size limit.
Every process of that build also runs under limits a submission cannot
stretch: a time limit (SUBMISSION_BUILD_TIMEOUT, or CAPLAB_BUILD_TIMEOUT
seconds; `#include "/dev/zero"` reads forever), an address-space limit per
process, a size limit on every file written (MAX_FILE_BYTES), and a cap on
the output kept (a macro can make gcc print gigabytes).

On failure the compiler's own lines are kept, with the temporary folders
removed from paths so that they read `main.c:12:5: error: ...`, as they
would in the student's folder.
"""
from __future__ import annotations

import dataclasses
import errno
import os
import re
import selectors
import shutil
import stat
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from grader import processes
from grader.lab import Lab
from grader.sandbox import SANDBOX_PATH, Mounts, Sandbox

MAX_SOURCE_BYTES = 2 * 1024 * 1024
MAX_SOURCE_FILES = 64           # files of a free lab's submission
MAX_ERROR_LINES = 20
MAX_LINE_CHARS = 400            # one compiler line as shown (gcc quotes whole source lines)
BUILD_TIMEOUT = 900.0           # kernel and libraries: a first build compiles them all
SUBMISSION_BUILD_TIMEOUT = 60.0  # the submission's own files: normally a second or two
SUBMISSION_MEMORY = 1 << 30     # address space of each compiler process
MAX_FILE_BYTES = 64 << 20       # any one file the submission's build writes
SCRATCH_BYTES = 256 << 20       # everything the submission's build writes
MAX_OUTPUT_BYTES = 1 << 20      # make output kept; the rest is counted, not stored
SOURCE_SUFFIXES = (".c", ".h")
TIMED_OUT = 124                 # _run_make's status when the time limit stopped make
PRODUCTS = ("roottask.elf", "roottask.dis", "roottask.sym")
SUBMISSION_LIMITS = processes.Limits(file_size=MAX_FILE_BYTES,
                                     address_space=SUBMISSION_MEMORY)

_SAFE_NAME = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_.-]*")


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

    @property
    def scratch_dir(self) -> Path:
        """Where make writes the objects (a tmpfs in the sandbox)."""
        return self.out_dir / "obj"


# ---- taking the submission's files ----

def shown(name: str) -> str:
    """A file name as a message may show it: odd characters escaped."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def check_name(name: str) -> None:
    """A name that reaches make must be plain: SubmissionError otherwise."""
    for part in name.split("/"):
        if not _SAFE_NAME.fullmatch(part) or part in (".", ".."):
            raise SubmissionError(
                f"the file name '{shown(name)}' is not allowed: use only letters, digits, "
                "'_', '-' and '.', not starting with '-'")


def assemble_sources(lab: Lab, *, src: Path, dest: Path) -> list[str]:
    """Fill `dest` with what gets compiled; returns the files taken from src."""
    if not _is_folder(src):
        raise SubmissionError(f"the submission folder {shown(str(src))} does not exist or "
                              "is not a folder")
    _remove(dest)
    if lab.free:
        dest.mkdir(parents=True)
        names = _free_lab_names(src)
    else:
        shutil.copytree(lab.folder, dest, symlinks=False,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        names = list(lab.files)
    for name in names:
        check_name(name)
    for name in names:
        _take_file(src, name, dest / name)
    return names


def _free_lab_names(src: Path) -> list[str]:
    """The .c and .h names at the top of src, then app/name for those of
    each plain subfolder (an app: not a link, not hidden; one level only)."""
    top: list[str] = []
    apps: list[str] = []
    try:
        with os.scandir(src) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(SOURCE_SUFFIXES):
                    top.append(entry.name)
                elif not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                    apps += [f"{entry.name}/{name}" for name in _app_names(entry.path)]
    except OSError as exc:
        raise SubmissionError(f"cannot list {shown(str(src))}: {exc.strerror or exc}") from None
    if not any(name.endswith(".c") for name in top):
        raise SubmissionError(f"there is no .c file in {shown(str(src))}")
    if len(top) + len(apps) > MAX_SOURCE_FILES:
        raise SubmissionError(f"the submission has {len(top) + len(apps)} .c and .h files; "
                              f"at most {MAX_SOURCE_FILES} are built")
    return top + apps


def _app_names(folder: str) -> list[str]:
    with os.scandir(folder) as entries:
        return sorted(entry.name for entry in entries if entry.name.endswith(SOURCE_SUFFIXES))


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _take_file(src: Path, name: str, target: Path) -> None:
    """Copy src/name to target: a regular file only, reached without
    following any symbolic link, at most MAX_SOURCE_BYTES as read."""
    fd = _open_beneath(src, name)
    try:
        data = _read_limited(fd, name)
    finally:
        os.close(fd)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.write_bytes(data)


def _open_beneath(src: Path, name: str) -> int:
    """Open src/name for reading, each folder on the way and the file itself
    opened with O_NOFOLLOW; SubmissionError says what is wrong."""
    parts = name.split("/")
    try:
        fd = os.open(src, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise SubmissionError(f"cannot read the submission folder {shown(str(src))}: "
                              f"{exc.strerror or exc}") from None
    try:
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
            if not last:
                flags |= os.O_DIRECTORY
            else:
                _check_entry(fd, part, name, src)
            try:
                new = os.open(part, flags, dir_fd=fd)
            except OSError as exc:
                raise SubmissionError(_open_error(exc, name, src, last)) from None
            os.close(fd)
            fd = new
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SubmissionError(f"the submission has no file {shown(name)} (it is not a "
                                  "regular file)")
        return fd
    except BaseException:
        os.close(fd)
        raise


def _check_entry(dir_fd: int, part: str, name: str, src: Path) -> None:
    """Refuse what is not a regular file before opening it (a FIFO or a
    device may do something on open)."""
    try:
        mode = os.stat(part, dir_fd=dir_fd, follow_symlinks=False).st_mode
    except OSError as exc:
        raise SubmissionError(_open_error(exc, name, src, True)) from None
    what = _kind(mode)
    if what is not None:
        raise SubmissionError(f"the submission has no file {shown(name)} ({shown(name)} is "
                              f"{what}; only regular files are taken)")


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link (submit the file itself)"
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket or another special file"


def _open_error(exc: OSError, name: str, src: Path, last: bool) -> str:
    if exc.errno == errno.ENOENT:
        return f"the submission has no file {shown(name)} (looked for " \
               f"{shown(str(src / name))})"
    if exc.errno in (errno.ELOOP, errno.ENOTDIR) and not last:
        return f"the submission's {shown(name)} is under a symbolic link or a file, " \
               "not a folder"
    return f"cannot read {shown(name)}: {exc.strerror or exc}"


def _read_limited(fd: int, name: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            data = os.read(fd, 1 << 16)
        except OSError as exc:
            raise SubmissionError(f"cannot read {shown(name)}: {exc.strerror or exc}") from None
        if not data:
            return b"".join(chunks)
        size += len(data)
        if size > MAX_SOURCE_BYTES:
            raise SubmissionError(f"{shown(name)} has more than {MAX_SOURCE_BYTES} bytes; a "
                                  f"source file may have at most {MAX_SOURCE_BYTES} bytes")
        chunks.append(data)


def _remove(path: Path) -> None:
    """Remove a file or folder left by an earlier build (links not followed)."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


# ---- building ----

def make_command(lab: Lab, *, src_dir: Path, out_dir: Path,
                 student_src: Path | None = None) -> list[str]:
    """`make lab` for the sandbox: the kernel and libraries are already
    built (-o: not remade, nor even looked at); APPS= the lab's apps.
    `student_src`: the folder the debug information names instead of the
    build's copy (gdb then shows the student's own file); plain paths only."""
    command = ["make", "-s", "-o", "kernel", "-o", "libs", "lab", f"LAB={lab.name}",
               f"SRCDIR={src_dir}", f"OUT={out_dir}"]
    if lab.apps:
        command.append(f"APPS={' '.join(lab.apps)}")
    if student_src is not None and re.fullmatch(r"[\w./+@-]+", str(student_src)):
        command.append(f"STUDENT_SRC={student_src}")
    return command


def submission_timeout() -> float:
    """The time limit of the submission's build: CAPLAB_BUILD_TIMEOUT
    (seconds) if it is a positive number, else SUBMISSION_BUILD_TIMEOUT."""
    try:
        value = float(os.environ.get("CAPLAB_BUILD_TIMEOUT", ""))
    except ValueError:
        return SUBMISSION_BUILD_TIMEOUT
    return value if 0 < value <= BUILD_TIMEOUT else SUBMISSION_BUILD_TIMEOUT


def build_mounts(*, root: Path, src_dir: Path, out_dir: Path) -> Mounts:
    """What the submission's build sees of the repository: the objects go
    to a tmpfs (out/obj), the three results to out/."""
    return Mounts(read_only=(root / "Makefile", root / "mk", root / "libs",
                             root / "build" / "libs", src_dir),
                  writable=(out_dir,), scratch=((out_dir / "obj", SCRATCH_BYTES),))


def build(lab: Lab, *, root: Path, src: Path, work_dir: Path, sandbox: Sandbox | None = None,
          timeout: float = BUILD_TIMEOUT, submission_limit: float | None = None,
          student_src: Path | None = None) -> BuildResult:
    """Assemble work_dir/src from the submission and build into work_dir/out.

    `timeout` bounds the kernel-and-libraries build, `submission_limit`
    (default: submission_timeout()) the build of the submission itself,
    which runs in `sandbox` (default: a bubblewrap sandbox).  SandboxError
    when bwrap cannot make the sandbox: nothing can be graded then.
    """
    sandbox = sandbox if sandbox is not None else Sandbox()
    work_dir = work_dir.resolve()
    src_dir, out_dir = work_dir / "src", work_dir / "out"
    result = BuildResult(ok=False, src_dir=src_dir, out_dir=out_dir)
    try:
        for folder in (src_dir, out_dir):
            _remove(folder)
        assemble_sources(lab, src=src, dest=src_dir)
    except SubmissionError as exc:
        result.errors = [str(exc)]
        return result
    result.scratch_dir.mkdir(parents=True)
    try:
        status, output = _run_make(["make", "-s", "kernel", "libs"], root=root,
                                   timeout=timeout)
    except OSError as exc:
        status, output = 127, f"cannot run make: {exc.strerror or exc}"
    if status != 0:
        result.output = output
        result.errors = ["the kernel and the libraries did not build (this is not the "
                         "submission's fault):"] + compiler_lines(output, src_dir=src_dir,
                                                                 root=root)
        return result
    result.command = make_command(lab, src_dir=src_dir, out_dir=out_dir,
                                  student_src=student_src)
    mounts = build_mounts(root=root, src_dir=src_dir, out_dir=out_dir)
    limit = submission_limit if submission_limit is not None else submission_timeout()
    # The CPU limit matters only to a compiler that outlives a grader killed
    # with SIGKILL when there is no sandbox (whose pid namespace ends it).
    limits = dataclasses.replace(SUBMISSION_LIMITS, cpu_seconds=int(limit) + 10)
    try:
        status, output = _run_make(sandbox.command(result.command, mounts=mounts, cwd=root),
                                   root=root, timeout=limit, limits=limits)
    except OSError as exc:
        if sandbox.enabled:
            raise sandbox.start_error(exc) from None
        status, output = 127, f"cannot run make: {exc.strerror or exc}"
    sandbox_failure = sandbox.setup_error(status, output)
    if sandbox_failure is not None:
        raise sandbox_failure
    result.output = output
    # Regular files, not links: QEMU's sandbox would mount a link's target.
    result.ok = status == 0 and all(_is_regular(out_dir / name) for name in PRODUCTS)
    if not result.ok:
        result.errors = _failure_lines(status, output, result, root)
        return result
    result.warnings = [line for line in compiler_lines(output, src_dir=result.src_dir, root=root,
                                                       out_dir=result.out_dir, limit=1000)
                       if ": warning: " in line]
    return result


def _failure_lines(status: int, output: str, result: BuildResult, root: Path) -> list[str]:
    """What a student reads about a failed build of the submission."""
    if status == TIMED_OUT:
        output += ("(does the code #include a pipe or a device, or expand a macro without "
                   "end?)\n")
    if "undefined reference to `main'" in output:
        output += "the program has no main() function (is main.c empty, or main misspelt?)\n"
    if "File size limit exceeded" in output or "File too large" in output:
        output += (f"(the build may write no file larger than {MAX_FILE_BYTES >> 20} MiB: "
                   ".incbin of a device, or a huge .space or .fill?)\n")
    if "No space left on device" in output:
        output += (f"(the objects of a build may take at most {SCRATCH_BYTES >> 20} MiB "
                   "in all)\n")
    errors = compiler_lines(output, src_dir=result.src_dir, root=root, out_dir=result.out_dir)
    if not errors:
        errors = compiler_lines(output, src_dir=result.src_dir, root=root,
                                out_dir=result.out_dir, keep_make=True)
    if not errors:
        errors = [f"make exited with status {status} and printed nothing"
                  if status != 0 else "make succeeded but wrote no roottask.elf"]
    return errors


def _build_env() -> dict[str, str]:
    """The environment make and the compiler run in: fixed, not the
    grader's, so that a submission that makes gcc print a file such as
    /proc/self/environ shows nothing of the grader's own environment."""
    utf8 = any("UTF-8" in os.environ.get(key, "").upper().replace("UTF8", "UTF-8")
               for key in ("LC_ALL", "LC_CTYPE", "LANG"))
    return {"PATH": SANDBOX_PATH, "HOME": "/nonexistent", "TMPDIR": "/tmp",
            "LC_ALL": "C.UTF-8" if utf8 else "C"}


def _run_make(command: list[str], *, root: Path, timeout: float,
              limits: processes.Limits | None = None) -> tuple[int, str]:
    """Run make; stdout and stderr together, in the order they came, at
    most MAX_OUTPUT_BYTES of it; status 124 when it ran out of time.
    `limits`: for the submission's build (None: our own, trusted).
    OSError when the program cannot be started."""
    with processes.child(command, cwd=root, env=_build_env(), limits=limits) as proc:
        assert proc.stdout is not None
        deadline = time.monotonic() + timeout
        kept, dropped, finished = _read_output(proc.stdout.fileno(), deadline)
        status = _wait(proc, deadline) if finished else None
    output = kept.decode("utf-8", "replace")
    if dropped:
        output += f"\n... ({dropped} more bytes of output not kept)\n"
    if status is None:
        return TIMED_OUT, output + f"\nthe build took longer than {timeout:g} s and was " \
            "stopped\n"
    return status, output


def _wait(proc: subprocess.Popen[bytes], deadline: float) -> int | None:
    """make's status, or None if it goes on after closing its output."""
    try:
        return proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
    except subprocess.TimeoutExpired:
        return None


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


def compiler_lines(output: str, *, src_dir: Path, root: Path, out_dir: Path | None = None,
                   limit: int = MAX_ERROR_LINES, keep_make: bool = False) -> list[str]:
    """The compiler's messages as a student should see them.

    make's own "*** Error" lines are noise once the compiler has spoken;
    the temporary folders' paths are cut so names are relative to the
    student's folder (`main.c`, and `main.o` in linker messages), and the
    repository's path from our own files (`libs/...`); a line longer than
    MAX_LINE_CHARS is cut.  With `keep_make`, make's own lines stay: when
    make alone spoke, they are all there is to show.
    """
    folders = [src_dir] + ([out_dir / "obj", out_dir] if out_dir is not None else [])
    prefixes = sorted({text for folder in folders
                       for text in (f"{folder}/", f"{_relative(folder, root)}/")} |
                      {f"{root.resolve()}/"}, key=len, reverse=True)
    lines = []
    for line in output.splitlines():
        if not keep_make and _is_make_noise(line):
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
