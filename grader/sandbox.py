"""The sandbox a submission's build and its QEMU run happen in (bubblewrap).

A submission is hostile, and its build runs a compiler over its text: an
`#include`, an `.incbin`, a `__has_include` or a line marker can name any
file, and a build runs whatever the makefile's recipes say.  Rather than
defend against each of these, the grader runs `make lab` and QEMU inside a
bubblewrap (`bwrap`) sandbox whose world holds only what they need:

  - a fresh root (a tmpfs, read-only once set up) with the system's programs
    and libraries mounted read-only (/usr, /bin, /lib..., ld.so.cache);
  - the files the caller names: read-only (the kit's makefiles, headers and
    built libraries, the copy of the submission, the kernel image) or
    writable (the one folder results go to; a single file for QEMU's event
    channel), and size-capped tmpfs scratch folders;
  - a private /tmp (a tmpfs of TMP_BYTES), /dev (null, zero, urandom, ...;
    read-only as a folder) and /proc (its own pid namespace: no other
    process is visible);
  - new user, pid, network, IPC, UTS and cgroup namespaces (--unshare-all
    --unshare-user): no network, no other processes, no capabilities, and
    no further user namespaces (--disable-userns);
  - --new-session (no controlling terminal to inject keys into) and
    --die-with-parent (the sandbox dies with bwrap and with the grader).

Everything else -- solutions/, grader/, tests/, the user's home, /etc, the
rest of the file system -- does not exist inside.  Two options are newer
than some distributions' bwrap (Ubuntu 22.04 has 0.6): --disable-userns and
--size; without them the sandbox allows nested user namespaces and its
tmpfs folders have no size cap (scratch folders then stay on disk, where
only the per-file limit of the caller bounds them).  Paths inside are the
host's paths, so compiler messages, debug info and gdb need no translation.

`Sandbox(enabled=False)` (the --unsandboxed flag) runs the same commands
directly: only for graders that already give every submission a throw-away
container of its own.  Whether a sandbox can be made here is found out by
trying: `setup_error()` reads bwrap's own failure from a sandboxed
command's output (the build is the first), and `Sandbox.check()` asks
beforehand with an empty sandbox.
"""
from __future__ import annotations

import functools
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

TMP_BYTES = 256 << 20                   # the sandbox's /tmp (compiler temporaries)
SYSTEM_READ_ONLY = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
                    "/etc/ld.so.cache")
SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin"
PROBE_TIMEOUT = 30.0
OPTIONAL = ("--disable-userns", "--size")   # used when this bwrap knows them


class SandboxError(Exception):
    """A sandbox cannot be made on this machine; the message says why."""


@dataclass(frozen=True)
class Mounts:
    """What one sandboxed command may see besides the system folders.

    A read-only path that does not exist is left out (the program then
    reports the missing file itself); a writable path must exist.
    """
    read_only: tuple[Path, ...] = ()
    writable: tuple[Path, ...] = ()
    scratch: tuple[tuple[Path, int], ...] = ()      # (folder, size in bytes): a tmpfs
    devices: tuple[Path, ...] = ()                  # e.g. /dev/kvm, when it exists
    network: bool = False                           # only for `run --gdb`


@dataclass(frozen=True)
class Sandbox:
    """How to run a command for a submission: in bwrap, or (disabled) as is."""
    enabled: bool = True
    bwrap: str = field(default_factory=lambda: os.environ.get("CAPLAB_BWRAP") or "bwrap")

    def command(self, argv: Sequence[str], *, mounts: Mounts, cwd: Path) -> list[str]:
        """`argv` wrapped in bwrap with `mounts`, running in `cwd`.

        The environment is the caller's (pass only what the command needs).
        """
        if not self.enabled:
            return list(argv)
        known = _known_options(self.bwrap)
        return [self.bwrap, *_namespaces(mounts, known), *_system(known),
                *_mounts(mounts, known),
                "--dir", str(cwd), "--remount-ro", "/", "--remount-ro", "/dev",
                "--chdir", str(cwd), "--", *argv]

    def check(self) -> None:
        """Make a throw-away sandbox; SandboxError says why it failed.

        The command line does not call this: it learns the same from the
        build, the first sandboxed command (setup_error), one bwrap sooner.
        """
        if not self.enabled:
            return
        argv = self.command(["true"], mounts=Mounts(), cwd=Path("/"))
        try:
            proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, timeout=PROBE_TIMEOUT,
                                  env={"PATH": SANDBOX_PATH})
        except OSError as exc:
            raise self.start_error(exc) from None
        except subprocess.SubprocessError as exc:
            raise SandboxError(f"cannot run {self.bwrap}: {exc}") from None
        error = self.setup_error(proc.returncode, proc.stdout.decode("utf-8", "replace"))
        if error is not None or proc.returncode != 0:
            raise error or SandboxError(f"{self.bwrap} true exited with {proc.returncode}")

    def start_error(self, exc: OSError) -> SandboxError:
        """bwrap itself could not be started."""
        if isinstance(exc, FileNotFoundError):
            return SandboxError(f"bubblewrap ({self.bwrap}) is not installed "
                                "(Debian/Ubuntu: apt-get install bubblewrap)")
        return SandboxError(f"cannot run {self.bwrap}: {exc.strerror or exc}")

    def setup_error(self, status: int, output: str) -> SandboxError | None:
        """Whether a sandboxed command failed because bwrap could not make
        the sandbox: its messages come first, before the command could say
        anything, and start with "bwrap: "."""
        if not self.enabled or status == 0 or not output.startswith("bwrap: "):
            return None
        said = output.strip().splitlines()[0][:500]
        return SandboxError(f"{self.bwrap} could not make a sandbox (exit status {status}): "
                            f"{said}; are user namespaces disabled on this machine? "
                            "(sysctl user.max_user_namespaces, "
                            "kernel.unprivileged_userns_clone, or an AppArmor rule for bwrap)")


def refusal(error: SandboxError) -> str:
    """What the command line says when it will not grade without a sandbox."""
    return (f"grader: cannot build in a sandbox: {error}\n"
            "grader: a submission's build and run are only done inside a sandbox, so "
            "nothing is graded.\n"
            "grader: where every submission already runs in a throw-away container of its "
            "own (Gradescope, say), pass --unsandboxed.")


@functools.cache
def _known_options(bwrap: str) -> frozenset[str]:
    """The OPTIONAL options this bwrap knows (from its --help), once per process."""
    try:
        text = subprocess.run([bwrap, "--help"], stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=PROBE_TIMEOUT).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(option for option in OPTIONAL if option.encode() + b" " in text)


def _namespaces(mounts: Mounts, known: frozenset[str]) -> list[str]:
    args = ["--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
            "--cap-drop", "ALL", "--hostname", "caplab"]
    if "--disable-userns" in known:
        args.append("--disable-userns")
    if mounts.network:
        args.append("--share-net")
    return args


def _tmpfs(path: str, size: int, known: frozenset[str]) -> list[str]:
    return (["--size", str(size)] if "--size" in known else []) + ["--tmpfs", path]


def _system(known: frozenset[str]) -> list[str]:
    """The system folders: a link stays a link (/bin -> usr/bin on a merged
    /usr: cheaper than one more mount), a folder is mounted read-only."""
    args: list[str] = []
    for path in SYSTEM_READ_ONLY:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.exists(path):
            args += ["--ro-bind", path, path]
    return args + ["--proc", "/proc", "--dev", "/dev", *_tmpfs("/tmp", TMP_BYTES, known)]


def _mounts(mounts: Mounts, known: frozenset[str]) -> list[str]:
    """Each mount after the mounts of the folders above it."""
    entries: list[tuple[Path, list[str]]] = []
    entries += [(path, ["--ro-bind-try", str(path), str(path)]) for path in mounts.read_only]
    entries += [(path, ["--bind", str(path), str(path)]) for path in mounts.writable]
    if "--size" in known:           # else an uncapped tmpfs: better the folder on disk
        entries += [(path, _tmpfs(str(path), size, known)) for path, size in mounts.scratch]
    entries += [(path, ["--dev-bind-try", str(path), str(path)]) for path in mounts.devices]
    entries.sort(key=lambda entry: len(entry[0].parts))
    return [arg for _path, args in entries for arg in args]
