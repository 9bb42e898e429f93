"""Booting a root task in QEMU, and the `Run` that records what happened.

QEMU gets the kernel (`-kernel`) and the root task (`-initrd`), with two
serial ports: COM1, the console, comes back through a pipe so that the
grader can stop a flood while it happens; COM2, the kernel event channel
(docs/kernel-events.md), goes to a file that is read after the machine
stops.  `isa-debug-exit` ends QEMU the moment the kernel halts, so a normal
run never waits for the time-out, which is only there to catch hangs.
QEMU runs in the sandbox (sandbox.py), which sees the kernel, the root task
and the event file only, and through processes.child(), so that no QEMU
outlives the grader.

QEMU's exit status says how the machine stopped:
    33  the kernel halted normally (the last event, `halt`, says why)
    35  the kernel panicked
    0   reset or triple fault (with -no-reboot QEMU exits instead)
and a run the grader killed is a time-out, an output flood, or complete:
`boot(until=...)` takes a predicate over the run so far (the judge's "has
every step passed?"), asked whenever new output came, at most every
UNTIL_INTERVAL seconds; when it says yes QEMU is stopped at once, since
threads that serve forever would otherwise end a run only at the time-out.

A `Run` is plain data (console bytes, event bytes, exit status, flags), so a
run can be saved to a folder and replayed later for judging or for tests;
its derived views (console lines, events, halt, faults) are computed once.
"""
from __future__ import annotations

import bisect
import json
import os
import re
import selectors
import subprocess
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from grader import processes
from grader.sandbox import SANDBOX_PATH, Mounts, Sandbox

if TYPE_CHECKING:
    from grader.diagnose import Diagnosis

EXIT_HALTED = 33
EXIT_PANIC = 35
CONSOLE_LIMIT = 256 * 1024       # bytes of console before "output flood"
EVENTS_LIMIT = 64 * 1024 * 1024  # bytes of events before "output flood" (a process spawn + destroy costs ~0.25 MB)
GDB_PORT_BASE = 26000
UNTIL_INTERVAL = 0.25            # seconds between two `until` questions

_ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_TASK_TODO_RE = re.compile(r"caplab: TASK (\d+) is not done yet: ?(.*)")


@dataclass(frozen=True)
class TaskStop:
    """The program stopped at a TASK_TODO stub."""
    task: int
    what: str
    line: int          # index into Run.console


@dataclass
class Run:
    """One boot: both channels, the exit status and how the run ended."""
    console_bytes: bytes = b""
    events_bytes: bytes = b""
    exit_code: int | None = None
    timed_out: bool = False
    flooded: str | None = None          # "console" or "events"
    completed: bool = False             # stopped by the grader: every step had passed
    duration: float = 0.0
    timeout: float | None = None
    qemu_stderr: str = ""
    symbols: list[tuple[int, str]] = field(default_factory=list, repr=False)

    # ---- derived views ----

    @cached_property
    def console(self) -> list[str]:
        """Console lines as text: invalid UTF-8 replaced, CR and colour
        escapes removed, so regexes see what a person sees."""
        text = self.console_bytes.decode("utf-8", errors="replace")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return [_ANSI_RE.sub("", line).replace("\r", "") for line in lines]

    @cached_property
    def _parsed_events(self) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
        events: list[dict[str, Any]] = []
        bad: list[tuple[int, str]] = []
        for number, raw in enumerate(self.events_bytes.split(b"\n"), start=1):
            text = raw.decode("utf-8", errors="replace").strip()
            if not text:
                continue
            try:
                event = json.loads(text)
            except (ValueError, RecursionError):
                bad.append((number, text[:200]))
                continue
            if isinstance(event, dict) and isinstance(event.get("ev"), str):
                events.append(event)
            else:
                bad.append((number, text[:200]))
        return events, bad

    @property
    def events(self) -> list[dict[str, Any]]:
        """Well-formed events, in order (malformed lines are skipped)."""
        return self._parsed_events[0]

    @property
    def bad_event_lines(self) -> list[tuple[int, str]]:
        """(line number, text) of event lines that were not a JSON object."""
        return self._parsed_events[1]

    def first_event(self, name: str) -> dict[str, Any] | None:
        return next((e for e in self.events if e.get("ev") == name), None)

    @property
    def boot(self) -> dict[str, Any] | None:
        return self.first_event("boot")

    @property
    def halt(self) -> dict[str, Any] | None:
        halts = [e for e in self.events if e.get("ev") == "halt"]
        return halts[-1] if halts else None

    @property
    def panic(self) -> dict[str, Any] | None:
        return self.first_event("panic")

    @property
    def faults(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("ev") == "fault"]

    @property
    def exit_status(self) -> int | None:
        """The root task's exit status, if it exited normally."""
        halt = self.halt
        if halt is None or halt.get("reason") != "exit":
            return None
        status = halt.get("status")
        return status if isinstance(status, int) and not isinstance(status, bool) else None

    @cached_property
    def task_stop(self) -> TaskStop | None:
        """The TASK_TODO stub the program stopped at, if it did.

        The stub prints its line and exits with 100 + n; both must agree so
        that a program that merely prints such a line is not mistaken for
        one that stopped (if the events were lost, the line alone counts).
        """
        for index in range(len(self.console) - 1, -1, -1):
            match = _TASK_TODO_RE.search(self.console[index])
            if match is None:
                continue
            task = int(match.group(1)[:6])
            status = self.exit_status
            if (self.halt is None and not self.events) or status == 100 + task:
                return TaskStop(task=task, what=match.group(2).strip(), line=index)
            return None
        return None

    def symbolize(self, address: Any) -> str | None:
        """'function+0xoff' for a root-task address ("0x..." or int)."""
        try:
            value = int(address, 16) if isinstance(address, str) else int(address)
        except (TypeError, ValueError):
            return None
        keys = [a for a, _ in self.symbols]
        index = bisect.bisect_right(keys, value) - 1
        if index < 0:
            return None
        start, name = self.symbols[index]
        offset = value - start
        if offset >= 0x10000:
            return None
        return name if offset == 0 else f"{name}+{offset:#x}"

    @property
    def diagnosis(self) -> "Diagnosis":
        """How the run ended (see grader/diagnose.py)."""
        from grader.diagnose import diagnose
        return diagnose(self)

    # ---- saving and replaying ----

    def save(self, folder: Path) -> None:
        """Write console.log, events.jsonl and run.json into `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "console.log").write_bytes(self.console_bytes)
        (folder / "events.jsonl").write_bytes(self.events_bytes)
        meta = {"exit_code": self.exit_code, "timed_out": self.timed_out,
                "flooded": self.flooded, "completed": self.completed, "duration": round(self.duration, 3),
                "timeout": self.timeout, "qemu_stderr": self.qemu_stderr}
        (folder / "run.json").write_text(json.dumps(meta, indent=2) + "\n")

    @classmethod
    def load(cls, folder: Path) -> "Run":
        """Read a run saved by `save` (or a hand-written fixture).

        run.json may be missing or partial; missing files read as empty.
        """
        def read(name: str) -> bytes:
            path = folder / name
            return path.read_bytes() if path.is_file() else b""
        try:
            meta = json.loads(read("run.json") or b"{}")
        except ValueError:
            meta = {}
        if not isinstance(meta, dict):
            meta = {}
        exit_code = meta.get("exit_code")
        flooded = meta.get("flooded")
        duration, timeout = meta.get("duration"), meta.get("timeout")
        return cls(console_bytes=read("console.log"), events_bytes=read("events.jsonl"),
                   exit_code=exit_code if isinstance(exit_code, int) else None,
                   timed_out=bool(meta.get("timed_out", False)),
                   completed=meta.get("completed") is True,
                   flooded=flooded if isinstance(flooded, str) else None,
                   duration=float(duration) if _is_number(duration) else 0.0,
                   timeout=float(timeout) if _is_number(timeout) else None,
                   qemu_stderr=str(meta.get("qemu_stderr") or ""),
                   symbols=read_symbols(folder / "roottask.sym"))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def read_symbols(path: Path) -> list[tuple[int, str]]:
    """Code symbols from `nm -n` output, sorted by address."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return []
    symbols = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TtWw":
            try:
                symbols.append((int(parts[0], 16), parts[2]))
            except ValueError:
                continue
    symbols.sort()
    return symbols


# ---- the QEMU command line ----

def gdb_port() -> int:
    """A per-user port, so two people on one machine do not collide."""
    return GDB_PORT_BASE + os.getuid() % 1000


def qemu_command(*, kernel: Path, roottask: Path, events: Path,
                 gdb: int | None = None) -> list[str]:
    """The one place that knows how caplab boots.

    CAPLAB_QEMU overrides the binary; CAPLAB_ACCEL=kvm uses KVM instead of
    TCG (slower to start on our machines, faster for long runs).
    """
    for path in (kernel, roottask, events):
        if "," in str(path):
            raise ValueError(f"QEMU cannot take a path with a comma: {path}")
    accel = os.environ.get("CAPLAB_ACCEL", "tcg") or "tcg"
    command = [
        os.environ.get("CAPLAB_QEMU", "qemu-system-x86_64"),
        "-machine", "pc", "-cpu", "qemu64", "-m", "128M", "-accel", accel,
        "-display", "none", "-no-reboot", "-nodefaults",
        "-serial", "stdio", "-serial", f"file:{events}",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        "-kernel", str(kernel), "-initrd", str(roottask),
    ]
    if gdb is not None:
        command += ["-S", "-gdb", f"tcp::{gdb}"]
    return command


# ---- running it ----

@dataclass
class _Capture:
    """Console bytes kept so far, with the flood limit applied."""
    limit: int
    echo: Callable[[bytes], None] | None
    chunks: list[bytes] = field(default_factory=list)
    size: int = 0

    def add(self, data: bytes) -> bool:
        """Keep `data`; False once the limit is passed."""
        room = max(self.limit - self.size, 0)
        kept = data[:room]
        self.chunks.append(kept)
        self.size += len(data)
        if self.echo is not None and kept:
            self.echo(kept)
        return self.size <= self.limit


QEMU_LIMITS = processes.Limits(file_size=EVENTS_LIMIT + (1 << 20),
                               ignore_file_size_signal=True)


def boot(*, kernel: Path, roottask: Path, run_dir: Path, timeout: float | None,
         echo: Callable[[bytes], None] | None = None, gdb: int | None = None,
         console_limit: int = CONSOLE_LIMIT, events_limit: int = EVENTS_LIMIT,
         cwd: Path | None = None, sandbox: Sandbox | None = None,
         until: Callable[[Run], bool] | None = None) -> Run:
    """Boot once and return the Run; `timeout` None means no limit (gdb).

    QEMU runs in `sandbox` (default: a bubblewrap sandbox) that sees the
    kernel and the root task (read-only) and the event file (writable).
    No file QEMU writes may pass EVENTS_LIMIT by more than a MiB.
    `until`, if given, ends the run early once it answers True (see above).
    """
    sandbox = sandbox if sandbox is not None else Sandbox()
    base = (cwd or Path.cwd()).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    events_path = run_dir / "events.jsonl"
    events_path.unlink(missing_ok=True)
    events_path.touch()
    stderr_path = run_dir / "qemu.stderr"
    try:
        command = qemu_command(kernel=kernel, roottask=roottask,
                               events=_relative(events_path.resolve(), cwd), gdb=gdb)
    except ValueError as exc:
        return Run(exit_code=None, qemu_stderr=str(exc), timeout=timeout)
    argv = sandbox.command(command, cwd=base, mounts=qemu_mounts(
        command, kernel=base / kernel, roottask=base / roottask,
        events=events_path.resolve(), gdb=gdb is not None))
    capture = _Capture(limit=console_limit, echo=echo)
    start = time.monotonic()
    with open(stderr_path, "wb") as stderr:
        try:
            with processes.child(argv, cwd=cwd, env={"PATH": SANDBOX_PATH},
                                 limits=QEMU_LIMITS, stderr=stderr) as proc:
                done = None if until is None else _Until(until, capture, events_path)
                ended = _pump(proc, capture, events_path=events_path,
                              events_limit=events_limit,
                              deadline=None if timeout is None else start + timeout,
                              done=done)
        except OSError as exc:
            return Run(exit_code=None, qemu_stderr=f"cannot start {argv[0]}: {exc}",
                       timeout=timeout)
    duration = time.monotonic() - start
    return Run(console_bytes=b"".join(capture.chunks), events_bytes=_read_events(events_path),
               exit_code=proc.returncode if ended == "exited" else None,
               timed_out=ended == "timeout", completed=ended == "complete",
               flooded=ended.removeprefix("flood:") if ended.startswith("flood:") else None,
               duration=duration, timeout=timeout,
               qemu_stderr=_read_tail(stderr_path, 4000))


def qemu_mounts(command: list[str], *, kernel: Path, roottask: Path, events: Path,
                gdb: bool) -> Mounts:
    """What QEMU sees in the sandbox: its inputs, the event file, KVM when
    asked for, a QEMU binary outside the system folders (CAPLAB_QEMU), and
    the network only for gdb."""
    read_only = [kernel, roottask]
    if "/" in command[0]:
        read_only.append(Path(command[0]).resolve())
    devices = (Path("/dev/kvm"),) if "kvm" in command else ()
    return Mounts(read_only=tuple(read_only), writable=(events,), devices=devices,
                  network=gdb)


@dataclass
class _Until:
    """Asks the `until` predicate about the run so far, when output grew."""
    predicate: Callable[[Run], bool]
    capture: _Capture
    events_path: Path
    seen: tuple[int, int] = (0, 0)
    asked_at: float = 0.0

    def __call__(self) -> bool:
        sizes = (self.capture.size, _file_size(self.events_path))
        now = time.monotonic()
        if sizes == self.seen or now - self.asked_at < UNTIL_INTERVAL:
            return False
        self.seen, self.asked_at = sizes, now
        partial = Run(console_bytes=b"".join(self.capture.chunks),
                      events_bytes=_read_events(self.events_path))
        return self.predicate(partial)


def _pump(proc: subprocess.Popen[bytes], capture: _Capture, *, events_path: Path,
          events_limit: int, deadline: float | None,
          done: Callable[[], bool] | None = None) -> str:
    """Read the console until QEMU exits; say how it ended:
    "exited", "timeout", "flood:console", "flood:events" or "complete"."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        open_pipe = True
        while open_pipe:
            wait = 0.1
            if deadline is not None:
                wait = min(wait, deadline - time.monotonic())
                if wait <= 0:
                    return "timeout"
            for _key, _mask in selector.select(wait):
                data = os.read(fd, 65536)
                if not data:
                    open_pipe = False
                elif not capture.add(data):
                    return "flood:console"
            if _file_size(events_path) > events_limit:
                return "flood:events"
            if done is not None and done():
                return "complete"
    remaining = None if deadline is None else max(deadline - time.monotonic(), 0.1)
    try:
        proc.wait(timeout=remaining)
    except subprocess.TimeoutExpired:
        return "timeout"
    return "exited"


def _relative(path: Path, cwd: Path | None) -> Path:
    """`path` as QEMU (running in `cwd`) can reach it, as short as possible."""
    base = (cwd or Path.cwd()).resolve()
    try:
        return path.relative_to(base)
    except ValueError:
        return path


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_events(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _read_tail(path: Path, limit: int) -> str:
    """The last `limit` characters of a text file the program wrote."""
    try:
        with open(path, "rb") as file:
            file.seek(max(os.fstat(file.fileno()).st_size - 4 * limit, 0))
            return file.read().decode("utf-8", "replace")[-limit:]
    except OSError:
        return ""
