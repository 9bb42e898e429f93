"""The grader's child processes: started with limits, never left behind.

Every program the grader starts for a submission (make, QEMU; bwrap around
them, see sandbox.py) goes through `child()`:

  - it runs in a session of its own, so one kill of its process group
    reaches everything it started that stayed in the group (with the
    sandbox, its pid namespace takes the rest);
  - with `limits`, resource limits are set in the child before it executes
    (every process it starts inherits them), and it gets SIGKILL when the
    grader dies, however it dies (prctl(PR_SET_PDEATHSIG), through ctypes);
    without, it is started the cheap way (no Python code runs between fork
    and exec): for our own commands, such as building the kernel;
  - leaving the `with` block, by any path, kills and reaps it.

`stop_on_signals()` turns SIGTERM and SIGHUP into `Interrupted`, as Python
already turns SIGINT into KeyboardInterrupt, so that the `finally` blocks
above run whichever way the grader is told to stop.  The signals are held
off while a child is being started or stopped, so that no interrupt falls
between starting a child with limits and being ready to kill it.
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import resource
import signal
import subprocess
from dataclasses import dataclass
from typing import IO, Any, Callable, Iterator, Mapping, Sequence

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PR_SET_PDEATHSIG = 1


class Interrupted(KeyboardInterrupt):
    """The grader was told to stop (SIGTERM, SIGHUP)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@dataclass(frozen=True)
class Limits:
    """Resource limits of a child and of everything it starts (None: keep)."""
    file_size: int | None = None        # RLIMIT_FSIZE: the largest file it may write
    address_space: int | None = None    # RLIMIT_AS: memory of each process
    cpu_seconds: int | None = None      # RLIMIT_CPU: each process's own CPU time
    ignore_file_size_signal: bool = False   # get EFBIG from write() instead of SIGXFSZ

    def apply(self) -> None:
        """In the child, before exec."""
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if self.file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (self.file_size, self.file_size))
        if self.address_space is not None:
            resource.setrlimit(resource.RLIMIT_AS, (self.address_space, self.address_space))
        if self.cpu_seconds is not None:
            resource.setrlimit(resource.RLIMIT_CPU, (self.cpu_seconds, self.cpu_seconds))
        if self.ignore_file_size_signal:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """libc's prctl, looked up in the parent (never between fork and exec)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _child_setup(limits: Limits, mask: set[signal.Signals]) -> Callable[[], None]:
    prctl = _prctl()
    parent = os.getpid()

    def setup() -> None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            if os.getppid() != parent:          # the grader died before prctl
                os._exit(1)
        limits.apply()
    return setup


@contextlib.contextmanager
def held_signals() -> Iterator[set[signal.Signals]]:
    """Delay SIGINT, SIGTERM and SIGHUP for the duration; yields the old mask."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield old
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def child(command: Sequence[str], *, cwd: os.PathLike[str] | str | None,
          env: Mapping[str, str], limits: Limits | None = None,
          stdout: int | IO[Any] | None = subprocess.PIPE,
          stderr: int | IO[Any] | None = subprocess.STDOUT,
          pass_fds: Sequence[int] = ()) -> Iterator[subprocess.Popen[bytes]]:
    """Start `command`; leaving the block kills its process group and reaps it.

    Raises OSError when the program cannot be started.
    """
    options: dict[str, Any] = dict(cwd=cwd, env=dict(env), stdin=subprocess.DEVNULL,
                                   stdout=stdout, stderr=stderr, start_new_session=True,
                                   pass_fds=tuple(pass_fds))
    if limits is None:      # a signal held here would stay blocked in the child
        proc = subprocess.Popen(list(command), **options)
    else:
        with held_signals() as mask:
            proc = subprocess.Popen(list(command), preexec_fn=_child_setup(limits, mask),
                                    **options)
    try:
        yield proc
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Kill the child's process group (if still there) and reap the child."""
    with held_signals():
        kill_group(proc)
        proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL to the child's process group, once the child has not been reaped."""
    if proc.returncode is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """For the command line: SIGTERM and SIGHUP raise Interrupted, so every
    child is stopped on the way out; the grader also gets SIGTERM when its
    own parent dies."""
    def handler(signum: int, _frame: Any) -> None:
        raise Interrupted(signum)

    old = {signum: signal.signal(signum, handler) for signum in (signal.SIGTERM, signal.SIGHUP)}
    _die_with_parent(signal.SIGTERM)
    try:
        yield
    finally:
        _die_with_parent(0)
        for signum, previous in old.items():
            signal.signal(signum, previous)


def _die_with_parent(signum: int) -> None:
    """Ask for `signum` when the parent dies (0: no longer); Linux only."""
    prctl = _prctl()
    parent = os.getppid()
    if prctl is None or prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) != 0:
        return
    if signum and os.getppid() != parent:          # it died before we asked
        os.kill(os.getpid(), signum)
