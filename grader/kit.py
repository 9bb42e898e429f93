"""Copies of the kit without solutions/: for grading, for Gradescope, for students.

Three callers need a tree that holds the public parts of caplab and nothing
of solutions/:
  - batch grading builds a *grading kit* once per batch: the build system,
    the kernel, the libraries, the grader and the graded lab's public
    folder (exercises/<lab>), with the kernel and libraries built (the
    objects of the repository's own build/ are copied with their times, so
    `make all` there usually has nothing left to do);
  - the Gradescope autograder ships the same grading kit, unbuilt;
  - `make student-kit` packs every file of the project but solutions/ and
    build output into a tarball a student unpacks and works in.
Which files make each kit is decided here and nowhere else.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import time
from pathlib import Path

# What building and grading one lab needs (the lab folder comes on top).
GRADING_PARTS = ("Makefile", "mk", "kernel", "libs", "grader")
# Never part of any kit: the solutions, build output, version control, caches.
EXCLUDED_TOP = {"solutions", "build", ".git", ".gdbinit"}
EXCLUDED_NAMES = {"__pycache__", ".lock"}
EXCLUDED_SUFFIXES = (".pyc", ".pyo")
KIT_BUILD_TIMEOUT = 1800.0


class KitError(Exception):
    """A kit could not be made; the message says why."""


def _ignore(_folder: str, names: list[str]) -> set[str]:
    return {name for name in names
            if name in EXCLUDED_NAMES or name.endswith(EXCLUDED_SUFFIXES)}


def copy_grading_kit(root: Path, dest: Path, lab_name: str) -> Path:
    """Copy what grading `lab_name` needs from `root` into `dest` (sources only)."""
    lab_folder = root / "exercises" / lab_name
    if not (lab_folder / "lab.toml").is_file():
        raise KitError(f"exercises/{lab_name}/lab.toml is missing: the kit grades the public "
                       "lab folder, never solutions/")
    dest.mkdir(parents=True, exist_ok=True)
    for part in GRADING_PARTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=_ignore, symlinks=False)
        elif source.is_file():
            shutil.copy2(source, dest / part)
        else:
            raise KitError(f"{part} is missing from {root}")
    shutil.copytree(lab_folder, dest / "exercises" / lab_name, ignore=_ignore)
    return dest


def copy_build(root: Path, dest: Path) -> None:
    """Seed dest/build with the repository's kernel and library objects,
    times kept, so the kit's own `make all` only rebuilds what is stale."""
    for part in ("kernel", "libs"):
        source = root / "build" / part
        if source.is_dir():
            shutil.copytree(source, dest / "build" / part, dirs_exist_ok=True)


def build_kit(kit: Path, *, jobs: int | None = None) -> None:
    """`make all` in the kit: the kernel and libraries every grade links."""
    command = ["make", "-s", f"-j{jobs or os.cpu_count() or 1}", "all"]
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("MAKE") and key != "MFLAGS"}
    try:
        proc = subprocess.run(command, cwd=kit, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=KIT_BUILD_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KitError(f"building the kit's kernel and libraries failed: {exc}") from None
    if proc.returncode != 0:
        tail = proc.stdout.decode("utf-8", "replace")[-3000:]
        raise KitError(f"building the kit's kernel and libraries failed "
                       f"(make exited with {proc.returncode}):\n{tail}")


def prepare_grading_kit(root: Path, dest: Path, lab_name: str) -> Path:
    """A built grading kit in `dest` (see the module docstring)."""
    copy_grading_kit(root, dest, lab_name)
    copy_build(root, dest)
    build_kit(dest)
    return dest


# ---- the student kit ----

def student_files(root: Path) -> list[str]:
    """Every file of the project a student gets, relative, sorted.

    In a git checkout these are the tracked files (what a clone holds);
    elsewhere, every file on disk; solutions/ and build output never.
    """
    names: list[str] | None = None
    if (root / ".git").exists():
        try:
            proc = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True,
                                  check=True)
            names = [n for n in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if n]
        except (OSError, subprocess.CalledProcessError):
            names = None
    if names is None:
        names = [str(path.relative_to(root)) for path in root.rglob("*")
                 if path.is_file() and not path.is_symlink()]
    return sorted(name for name in names if _for_students(name) and (root / name).is_file())


def _for_students(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and parts[0] not in EXCLUDED_TOP and \
        not any(part in EXCLUDED_NAMES for part in parts) and \
        not name.endswith(EXCLUDED_SUFFIXES)


def write_student_kit(root: Path, out: Path, *, prefix: str = "caplab") -> int:
    """Pack the student kit as a .tar.gz under folder `prefix`; returns
    the number of files.  Written to a temporary name, then renamed."""
    files = student_files(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with tarfile.open(partial, "w:gz") as tar:
        for name in files:
            info = tar.gettarinfo(str(root / name), arcname=f"{prefix}/{name}")
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with open(root / name, "rb") as handle:
                tar.addfile(info, handle)
        tar.addfile(*_readme_entry(prefix))
    os.replace(partial, out)
    return len(files)


def _readme_entry(prefix: str) -> tuple[tarfile.TarInfo, io.BytesIO]:
    """A note at the top of the kit saying what it is."""
    text = ("This is the caplab student kit: the kernel, the libraries, the labs' exercises,\n"
            "the grader and the tests, without the labs' solutions.  Start with README.md;\n"
            "`./caplab check` grades exercises/kernel-objects.  Tests that need solutions/\n"
            "say they are skipped and why.\n").encode()
    info = tarfile.TarInfo(f"{prefix}/STUDENT-KIT.txt")
    info.size = len(text)
    info.mtime = int(time.time())
    info.mode = 0o644
    return info, io.BytesIO(text)


def main(argv: list[str] | None = None) -> int:
    """`python3 -m grader student-kit --out FILE.tar.gz`."""
    import argparse
    import sys
    top = argparse.ArgumentParser(prog="python3 -m grader student-kit",
                                  description="Pack the project without solutions/ for "
                                              "students (docs/instructor-guide.md).")
    top.add_argument("--out", metavar="FILE", type=Path, required=True,
                     help="the .tar.gz to write")
    top.add_argument("--prefix", default="caplab", help="top folder in the tarball")
    args = top.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    try:
        count = write_student_kit(root, args.out, prefix=args.prefix)
    except OSError as exc:
        print(f"student-kit: {exc}", file=sys.stderr)
        return 2
    print(f"student-kit: {args.out}: {count} files under {args.prefix}/, no solutions/")
    return 0
