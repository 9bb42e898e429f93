"""Shared helpers for the grader tests: paths, made-up runs, throw-away labs.

Fixtures live in tests/grader/fixtures/: `labs/demo` is a small lab with a
checks.py, and every folder under `runs/` is a recorded run of it (console.log,
events.jsonl, run.json and a README saying what the run shows).
"""
from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from grader.lab import Lab, load_lab_file  # noqa: E402
from grader.qemu import Run  # noqa: E402

FIXTURES = ROOT / "tests" / "grader" / "fixtures"
DEMO = FIXTURES / "labs" / "demo"
RUNS = FIXTURES / "runs"


def demo_lab() -> Lab:
    return load_lab_file(DEMO / "lab.toml")


def recorded(name: str) -> Run:
    return Run.load(RUNS / name)


def make_run(console: list[str] | str | bytes = (), events: list[Any] = (),
             exit_code: int | None = 33, **meta: Any) -> Run:
    """A Run from console lines and event objects (strings go in verbatim)."""
    if isinstance(console, bytes):
        console_bytes = console
    elif isinstance(console, str):
        console_bytes = console.encode()
    else:
        console_bytes = "".join(line + "\n" for line in console).encode()
    lines = []
    for seq, event in enumerate(events):
        if isinstance(event, dict):
            lines.append(json.dumps({"seq": seq, **event}))
        else:
            lines.append(str(event))
    return Run(console_bytes=console_bytes, events_bytes="".join(l + "\n" for l in lines).encode(),
               exit_code=exit_code, **meta)


def halt(reason: str = "exit", status: int = 0) -> dict[str, Any]:
    return {"ev": "halt", "reason": reason, "status": status, "thread": "rootserver"}


class TempLab:
    """A lab folder in a temporary directory, for lab.toml edge cases."""

    def __init__(self, toml: str, *, checks: str | None = None, name: str = "tmp-lab",
                 files: dict[str, str] | None = None) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="caplab-grader-test-")
        self.folder = Path(self._tmp.name) / name
        self.folder.mkdir()
        (self.folder / "lab.toml").write_text(textwrap.dedent(toml))
        if checks is not None:
            (self.folder / "checks.py").write_text(textwrap.dedent(checks))
        for file_name, text in (files or {}).items():
            (self.folder / file_name).write_text(text)

    @property
    def toml(self) -> Path:
        return self.folder / "lab.toml"

    def cleanup(self) -> None:
        self._tmp.cleanup()

    def __enter__(self) -> "TempLab":
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()


def sigint_as_usual() -> None:
    """A preexec_fn: SIGINT back to its default in the child, before exec.
    A suite started in the background by a non-interactive shell inherits
    SIGINT ignored, and the grader (like any program) keeps an ignored
    SIGINT ignored; tests that send SIGINT to the grader need it default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def grader_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python3 -m grader ...` from the repository root, output piped."""
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "grader", *args], cwd=ROOT, env=full_env,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, errors="replace")


# The fake runs inside the sandbox, which sees the system's python3 but not a
# Python installed in a home folder (sys.executable may be one).
FAKE_QEMU = f"""\
    #!/usr/bin/env python3
    # A stand-in for qemu-system-x86_64: reads its mode from the -initrd file.
    import os, sys, time
    args = sys.argv[1:]
    mode = open(args[args.index("-initrd") + 1]).read().strip()
    events_path = [a for a in args if a.startswith("file:")][0][len("file:"):]
    out = sys.stdout.buffer
    with open(events_path, "wb") as events:
        events.write(b'{{"seq":0,"ev":"boot","untypeds":[],"empty":[16,4096]}}\\n')
        events.flush()
        if mode == "exit":
            out.write(b"Booting all finished, dropped to user space\\r\\nhello\\n")
            events.write(b'{{"seq":1,"ev":"halt","reason":"exit","status":3,"thread":"rootserver"}}\\n')
            sys.exit(33)
        if mode == "garbage":
            out.write(bytes(range(256)) + b"\\n\\xff\\xfe caf\\xc3\\xa9\\n")
            events.write(b'not json\\n[1,2]\\n{{"no_ev":1}}\\n{{"seq":1,"ev":"halt","reason":"exit"')
            sys.exit(33)
        if mode == "idle":
            events.write(b'{{"seq":1,"ev":"name_thread","thread":"rootserver","cptr":1,'
                         b'"was":"rootserver","name":"server"}}\\n'
                         b'{{"seq":2,"ev":"block","thread":"server","on":"endpoint_recv",'
                         b'"cptr":9}}\\n'
                         b'{{"seq":3,"ev":"halt","reason":"idle","status":0}}\\n')
            sys.exit(33)
        if mode == "panic":
            events.write(b'{{"seq":1,"ev":"panic","msg":"bad"}}\\n')
            sys.exit(35)
        if mode == "flood":
            while True:
                out.write(b"spam " * 1000 + b"\\n")
                out.flush()
        if mode == "event-flood":
            while True:
                events.write(b'{{"ev":"signal"}}\\n' * 1000)
                events.flush()
                time.sleep(0.01)
        if mode == "hang":
            out.write(b"about to hang\\n")
            out.flush()
            time.sleep(600)
    sys.exit(1)
    """


def install_fake_qemu(folder: Path) -> Path:
    """Write the fake QEMU into `folder`; returns its path (for CAPLAB_QEMU).

    Its mode comes from the -initrd file: exit (status 3), garbage, idle
    (the root task renamed itself and blocked), panic, flood, event-flood
    or hang."""
    fake = folder / "fake-qemu"
    fake.write_text(textwrap.dedent(FAKE_QEMU))
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return fake
