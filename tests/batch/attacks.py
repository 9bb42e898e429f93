"""Hostile archives and folders for the batch tests: each must be refused.

Every maker takes the folder to write into and the submission's stem, and
returns the path of the submission it wrote.  They build the archives
byte by byte where Python's own writers would refuse (links, devices,
lying sizes), so the attacks are the real thing.
"""
from __future__ import annotations

import gzip
import io
import os
import stat
import struct
import tarfile
import zipfile
import zlib
from pathlib import Path
from typing import Callable

SOURCE = b"int main(void) { return 0; }\n"


def _zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return path


def _tar(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> Path:
    with tarfile.open(path, "w:gz", format=tarfile.GNU_FORMAT) as archive:
        for info, data in members:
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def _info(name: str, kind: bytes = tarfile.REGTYPE, size: int = 0, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = size
    info.linkname = link
    info.mode = 0o644
    return info


def zip_dotdot(folder: Path, stem: str) -> Path:
    return _zip(folder / f"{stem}.zip", [("../main.c", SOURCE), ("main.c", SOURCE)])


def zip_absolute(folder: Path, stem: str) -> Path:
    return _zip(folder / f"{stem}.zip", [("/tmp/main.c", SOURCE), ("main.c", SOURCE)])


def zip_symlink(folder: Path, stem: str) -> Path:
    info = zipfile.ZipInfo("main.c")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return _zip(folder / f"{stem}.zip", [(info, b"/etc/passwd")])


def zip_bomb(folder: Path, stem: str) -> Path:
    """main.c of 64 MiB of spaces: a few KiB compressed."""
    path = folder / f"{stem}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("main.c", "w", force_zip64=True) as stream:
            chunk = b" " * (1 << 20)
            for _ in range(64):
                stream.write(chunk)
    return path


def zip_lying_size(folder: Path, stem: str) -> Path:
    """A 3 MiB main.c whose headers say 29 bytes."""
    path = _zip(folder / f"{stem}.zip", [("main.c", SOURCE + b" " * (3 << 20))])
    data = bytearray(path.read_bytes())
    real = struct.pack("<I", len(SOURCE) + (3 << 20))
    fake = struct.pack("<I", len(SOURCE))
    path.write_bytes(bytes(data).replace(real, fake))
    return path


def zip_encrypted(folder: Path, stem: str) -> Path:
    info = zipfile.ZipInfo("main.c")
    info.flag_bits |= 0x1
    path = _zip(folder / f"{stem}.zip", [("main.c", SOURCE)])
    data = bytearray(path.read_bytes())
    # Set the "encrypted" bit in the local and the central header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + offset] |= 0x1
    path.write_bytes(bytes(data))
    return path


def zip_many_entries(folder: Path, stem: str) -> Path:
    return _zip(folder / f"{stem}.zip",
                [("main.c", SOURCE)] + [(f"junk/{n}.txt", b"") for n in range(600)])


def tar_symlink(folder: Path, stem: str) -> Path:
    return _tar(folder / f"{stem}.tar.gz", [(_info("main.c", tarfile.SYMTYPE,
                                                   link="/etc/passwd"), None)])


def tar_hardlink(folder: Path, stem: str) -> Path:
    return _tar(folder / f"{stem}.tar.gz",
                [(_info("x.c", size=len(SOURCE)), SOURCE),
                 (_info("main.c", tarfile.LNKTYPE, link="/etc/passwd"), None)])


def tar_device(folder: Path, stem: str) -> Path:
    info = _info("main.c", tarfile.CHRTYPE)
    info.devmajor, info.devminor = 1, 5          # /dev/zero
    return _tar(folder / f"{stem}.tar.gz", [(info, None)])


def tar_fifo(folder: Path, stem: str) -> Path:
    return _tar(folder / f"{stem}.tar.gz", [(_info("main.c", tarfile.FIFOTYPE), None)])


def tar_dotdot(folder: Path, stem: str) -> Path:
    return _tar(folder / f"{stem}.tar.gz",
                [(_info("sub/../../main.c", size=len(SOURCE)), SOURCE)])


def tgz_bomb(folder: Path, stem: str) -> Path:
    """A tar.gz of one 200 MiB file of zeros: about 200 KiB on disk."""
    path = folder / f"{stem}.tar.gz"
    size = 200 << 20
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(_info("main.c", size=size).tobuf(format=tarfile.GNU_FORMAT))
        zeros = bytes(1 << 20)
        for _ in range(size >> 20):
            out.write(zeros)
        out.write(bytes(1024))
    return path


def tar_long_name_bomb(folder: Path, stem: str) -> Path:
    """A GNU long-name header claiming 100 MiB: tarfile would read it whole."""
    path = folder / f"{stem}.tar.gz"
    header = _info("././@LongLink", tarfile.GNUTYPE_LONGNAME, size=100 << 20)
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(header.tobuf(format=tarfile.USTAR_FORMAT))
        zeros = bytes(1 << 20)
        for _ in range(100):
            out.write(zeros)
    return path


def folder_symlink(folder: Path, stem: str) -> Path:
    target = folder / stem
    target.mkdir()
    os.symlink("/etc/passwd", target / "main.c")
    return target


def folder_fifo(folder: Path, stem: str) -> Path:
    target = folder / stem
    target.mkdir()
    os.mkfifo(target / "main.c")
    return target


def fifo_archive(folder: Path, stem: str) -> Path:
    """A FIFO named like an archive: opening it would wait for ever."""
    path = folder / f"{stem}.zip"
    os.mkfifo(path)
    return path


def not_an_archive(folder: Path, stem: str) -> Path:
    path = folder / f"{stem}.zip"
    path.write_bytes(zlib.compress(SOURCE))
    return path


ATTACKS: dict[str, Callable[[Path, str], Path]] = {
    "zip_dotdot": zip_dotdot, "zip_absolute": zip_absolute, "zip_symlink": zip_symlink,
    "zip_bomb": zip_bomb, "zip_lying_size": zip_lying_size, "zip_encrypted": zip_encrypted,
    "zip_many_entries": zip_many_entries, "tar_symlink": tar_symlink,
    "tar_hardlink": tar_hardlink, "tar_device": tar_device, "tar_fifo": tar_fifo,
    "tar_dotdot": tar_dotdot, "tgz_bomb": tgz_bomb, "tar_long_name_bomb": tar_long_name_bomb,
    "folder_symlink": folder_symlink, "folder_fifo": folder_fifo,
    "not_an_archive": not_an_archive, "fifo_archive": fifo_archive,
}
