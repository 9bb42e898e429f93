#!/usr/bin/env python3
"""run_roottask.py - boot one root task on the caplab kernel and judge it.

Boots QEMU with the kernel and the root task, captures the console (COM1)
and the kernel event channel (COM2, one JSON object per line), and checks:

  * the run ended with a `halt` event of the expected reason (--reason,
    default "exit") and, for an exit, the expected status (--status);
  * every --expect regex matches some console line, in the given order;
  * no --forbid regex matches any console line.

Prints the console, then one verdict line; exits 0 when every check holds.
The --limit is only a guard against a hung kernel, not a timing check.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def boot(kernel: Path, roottask: Path, limit: float) -> tuple[str, list[dict]]:
    """Runs QEMU once; returns the console text and the parsed events."""
    with tempfile.TemporaryDirectory() as tmp:
        events_path = Path(tmp) / "events.jsonl"
        command = [
            "qemu-system-x86_64", "-machine", "pc", "-cpu", "qemu64", "-m", "128M",
            "-display", "none", "-no-reboot", "-nodefaults",
            "-serial", "stdio", "-serial", f"file:{events_path}",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-kernel", str(kernel), "-initrd", str(roottask),
        ]
        try:
            done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=limit)
            console = done.stdout.decode(errors="replace")
        except subprocess.TimeoutExpired as expired:
            console = (expired.stdout or b"").decode(errors="replace")
            console += f"\n[run_roottask: QEMU still running after {limit:.0f} s; stopped]\n"
        events = []
        if events_path.exists():
            for line in events_path.read_text(errors="replace").splitlines():
                try:
                    events.append(json.loads(line))
                except json.JSONDecodeError:
                    pass
    return console, events


def judge(console: str, events: list[dict], reason: str, status: int,
          expect: list[str], forbid: list[str]) -> list[str]:
    """Returns the list of problems (empty when the run is as expected)."""
    problems = []
    halts = [e for e in events if e.get("ev") == "halt"]
    if not halts:
        problems.append("no halt event on the event channel")
    elif halts[-1].get("reason") != reason or halts[-1].get("status") != status:
        problems.append(f"halt event {halts[-1]}, expected reason {reason} "
                        f"with status {status}")

    lines = console.splitlines()
    position = 0
    for pattern in expect:
        regex = re.compile(pattern)
        found = next((i for i in range(position, len(lines)) if regex.search(lines[i])), None)
        if found is None:
            problems.append(f"no console line matching {pattern!r} (in order)")
        else:
            position = found + 1
    for pattern in forbid:
        bad = [line for line in lines if re.search(pattern, line)]
        if bad:
            problems.append(f"forbidden line {bad[0]!r}")
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernel", type=Path, required=True)
    parser.add_argument("--roottask", type=Path, required=True)
    parser.add_argument("--reason", default="exit", help="expected halt reason")
    parser.add_argument("--status", type=int, default=0, help="expected exit status")
    parser.add_argument("--expect", action="append", default=[], help="regex, in order")
    parser.add_argument("--forbid", action="append", default=[], help="regex")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before giving up")
    args = parser.parse_args(argv)

    console, events = boot(args.kernel, args.roottask, args.limit)
    sys.stdout.write(console if console.endswith("\n") else console + "\n")
    problems = judge(console, events, args.reason, args.status, args.expect, args.forbid)
    name = args.roottask.name
    if problems:
        for problem in problems:
            print(f"run_roottask: {name}: {problem}")
        print(f"run_roottask: {name}: FAILED")
        return 1
    print(f"run_roottask: {name}: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
