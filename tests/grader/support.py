"""Shared helpers for the grader tests: paths, made-up runs, throw-away labs.

Fixtures live in tests/grader/fixtures/: `labs/demo` is a small lab with a
checks.py, and every folder under `runs/` is a recorded run of it (console.log,
events.jsonl, run.json and a README saying what the run shows).
"""
from __future__ import annotations

import json
import os
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


def grader_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python3 -m grader ...` from the repository root, output piped."""
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "grader", *args], cwd=ROOT, env=full_env,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, errors="replace")
