"""Taking a submission in: a folder, a .zip or a .tar.gz, unpacked safely.

`stage(path, dest, lab)` puts the submission's student files into the empty
folder `dest` as plain regular files, and nothing else:
  - the files are the lab's declared `files` (for a free lab, the .c and .h
    files), found at the top of the submission or one folder down (an
    archive of a folder); other entries are checked and then ignored;
  - an archive is refused as a whole when any entry has an absolute name,
    a `..` part, a backslash or NUL in its name, or is anything but a
    regular file or a folder (symbolic and hard links, devices, FIFOs), or
    is encrypted; when it has more than MAX_ENTRIES entries; when one file
    is larger than MAX_FILE_BYTES or all of them together larger than
    MAX_TOTAL_BYTES, counted on the bytes really unpacked, so that a zip
    whose headers lie or a gzip bomb stops at the limit;
  - a folder is read without following links: a student file that is a
    link, a device or a FIFO is refused.
Every refusal raises `Rejected` with a sentence for the student's record.
"""
from __future__ import annotations

import gzip
import io
import os
import stat
import tarfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Iterator

from grader.build import MAX_SOURCE_BYTES
from grader.lab import Lab

MAX_ENTRIES = 500
MAX_FILE_BYTES = MAX_SOURCE_BYTES
MAX_TOTAL_BYTES = 32 * 1024 * 1024
MAX_ARCHIVE_BYTES = 32 * 1024 * 1024
ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz")
IGNORED_TOP = {"__MACOSX"}


class Rejected(Exception):
    """The submission cannot be taken in; the message says why."""


def submission_stem(path: Path) -> str:
    """The student id a submission's name gives: folder name or file stem."""
    name = path.name
    for suffix in ARCHIVE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[:-len(suffix)]
    return name


def is_submission(path: Path) -> bool:
    return path.is_dir() or path.name.endswith(ARCHIVE_SUFFIXES)


def wanted(lab: Lab, name: str) -> bool:
    """Is `name` (relative to the submission's top) a student file?"""
    if lab.free:
        return "/" not in name and name.endswith((".c", ".h"))
    return name in lab.files


def stage(path: Path, dest: Path, lab: Lab) -> list[str]:
    """Unpack or copy the submission at `path` into `dest`; the names taken."""
    dest.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        raise Rejected(f"{path.name} is a symbolic link")
    if not path.is_dir() and not path.is_file():
        raise Rejected(f"{path.name} is not a regular file (a FIFO, a device or a socket)")
    if path.is_dir():
        found = _from_folder(path, lab)
    elif path.name.endswith(".zip"):
        found = _from_zip(path, lab)
    elif path.name.endswith((".tar.gz", ".tgz")):
        found = _from_tar(path, lab)
    else:
        raise Rejected(f"{path.name}: a submission is a folder, a .zip or a .tar.gz")
    taken = _choose(found, lab)
    for name, data in taken.items():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return sorted(taken)


def _choose(found: dict[str, bytes], lab: Lab) -> dict[str, bytes]:
    """The student files at the top, or else in the one folder that holds them."""
    top = {name: data for name, data in found.items() if wanted(lab, name)}
    if top:
        return top
    by_folder: dict[str, dict[str, bytes]] = {}
    for name, data in found.items():
        folder, _, rest = name.partition("/")
        if rest and folder not in IGNORED_TOP and wanted(lab, rest):
            by_folder.setdefault(folder, {})[rest] = data
    if len(by_folder) > 1:
        raise Rejected("the student files are in several folders ("
                       + ", ".join(sorted(by_folder)) + "); hand in one")
    if by_folder:
        return next(iter(by_folder.values()))
    want = ", ".join(lab.files) if not lab.free else "a .c file"
    raise Rejected(f"the submission holds none of the lab's files ({want}), neither at its "
                   "top nor one folder down")


# ---- names ----

def check_name(name: str) -> str:
    """An archive entry's name, normalised; Rejected when it is unsafe."""
    if "\0" in name or "\\" in name:
        raise Rejected(f"an entry's name holds a backslash or NUL: {name!r:.80}")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise Rejected(f"an entry has an absolute name: {name!r:.80}")
    parts = [part for part in PurePosixPath(name).parts if part not in ("", ".")]
    if ".." in parts:
        raise Rejected(f"an entry's name climbs out with '..': {name!r:.80}")
    return "/".join(parts)


def _interesting(name: str) -> bool:
    """Only names at the top or one folder down can be student files."""
    return 0 < name.count("/") + 1 <= 3


class _Budget:
    """Counts entries and unpacked bytes against the limits."""

    def __init__(self) -> None:
        self.entries = 0
        self.total = 0

    def entry(self) -> None:
        self.entries += 1
        if self.entries > MAX_ENTRIES:
            raise Rejected(f"the archive has more than {MAX_ENTRIES} entries")

    def declared(self, name: str, size: int) -> None:
        if size > MAX_FILE_BYTES:
            raise Rejected(f"{name} is {size} bytes; a file may have at most "
                           f"{MAX_FILE_BYTES} bytes")
        self.total += size
        if self.total > MAX_TOTAL_BYTES:
            raise Rejected(f"the archive unpacks to more than {MAX_TOTAL_BYTES} bytes")


def _read_limited(stream: BinaryIO, name: str) -> bytes:
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise Rejected(f"{name} unpacks to more than {MAX_FILE_BYTES} bytes")
    return data


def _archive_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_ARCHIVE_BYTES:
        raise Rejected(f"{path.name} is {size} bytes; an archive may have at most "
                       f"{MAX_ARCHIVE_BYTES} bytes")


# ---- zip ----

def _from_zip(path: Path, lab: Lab) -> dict[str, bytes]:
    _archive_size(path)
    budget = _Budget()
    found: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise Rejected(f"the archive has more than {MAX_ENTRIES} entries")
            for info in infos:
                name = _zip_entry(info, budget)
                if name is not None and _interesting(name):
                    with archive.open(info) as stream:
                        found[name] = _read_limited(stream, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError,
            ValueError, OSError) as exc:
        raise Rejected(f"{path.name} is not a readable zip archive ({exc})") from None
    return found


def _zip_entry(info: zipfile.ZipInfo, budget: _Budget) -> str | None:
    """Check one zip entry; its normalised name if it is a file."""
    budget.entry()
    name = check_name(info.filename)
    mode = info.external_attr >> 16
    if info.flag_bits & 0x1:
        raise Rejected(f"{name} is encrypted")
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise Rejected(f"{name} is not a regular file or folder (a link or a device)")
    if info.is_dir():
        return None
    budget.declared(name, info.file_size)
    return name


# ---- tar.gz ----

class _Capped(io.RawIOBase):
    """A stream that fails once more than `limit` bytes were read from it:
    tarfile itself reads long-name and pax headers whole."""

    def __init__(self, inner: BinaryIO, limit: int) -> None:
        self.inner = inner
        self.left = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(min(len(buffer), 1 << 16))
        self.left -= len(data)
        if self.left < 0:
            raise Rejected(f"the archive unpacks to more than {MAX_TOTAL_BYTES} bytes")
        buffer[:len(data)] = data
        return len(data)


def _from_tar(path: Path, lab: Lab) -> dict[str, bytes]:
    _archive_size(path)
    budget = _Budget()
    found: dict[str, bytes] = {}
    try:
        with gzip.open(path, "rb") as raw:
            capped = io.BufferedReader(_Capped(raw, MAX_TOTAL_BYTES + 512 * (MAX_ENTRIES + 4)))
            with tarfile.open(fileobj=capped, mode="r|") as archive:
                for member in _members(archive, budget):
                    if member.isfile() and _interesting(member.name):
                        stream = archive.extractfile(member)
                        if stream is not None:
                            found[member.name] = _read_limited(stream, member.name)
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise Rejected(f"{path.name} is not a readable .tar.gz archive ({exc})") from None
    return found


def _members(archive: tarfile.TarFile, budget: _Budget) -> Iterator[tarfile.TarInfo]:
    for member in archive:
        budget.entry()
        member.name = check_name(member.name)
        if not (member.isfile() or member.isdir()):
            raise Rejected(f"{member.name} is not a regular file or folder (a link, "
                           "a device or a FIFO)")
        if member.isfile():
            budget.declared(member.name, member.size)
        yield member


# ---- folders ----

def _from_folder(path: Path, lab: Lab) -> dict[str, bytes]:
    """The student files of a folder, at its top or one folder down,
    read without following links."""
    found: dict[str, bytes] = {}
    names = list(lab.files) if not lab.free else None
    for prefix in _folder_candidates(path):
        for name in names if names is not None else _free_names(path / prefix):
            relative = f"{prefix}/{name}" if prefix else name
            data = _read_file(path / relative, relative)
            if data is not None:
                found[relative] = data
    return found


def _folder_candidates(path: Path) -> list[str]:
    subfolders = []
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and entry.name not in IGNORED_TOP:
                    subfolders.append(entry.name)
    except OSError as exc:
        raise Rejected(f"cannot read the folder {path.name}: {exc.strerror or exc}") from None
    return [""] + sorted(subfolders)[:MAX_ENTRIES]


def _free_names(folder: Path) -> list[str]:
    try:
        return sorted(entry.name for entry in os.scandir(folder)
                      if entry.name.endswith((".c", ".h")))[:MAX_ENTRIES]
    except OSError:
        return []


def _read_file(path: Path, name: str) -> bytes | None:
    """A regular file's bytes; None when absent; Rejected when it is not
    a regular file or too large."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise Rejected(f"cannot read {name}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise Rejected(f"{name} is not a regular file (a link, a folder, a device or a FIFO)")
    if info.st_size > MAX_FILE_BYTES:
        raise Rejected(f"{name} is {info.st_size} bytes; a file may have at most "
                       f"{MAX_FILE_BYTES} bytes")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise Rejected(f"cannot read {name}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        return _read_limited(handle, name)
