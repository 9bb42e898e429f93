"""Small helpers for the labs' checks.py files.

A lab's checks compare what a submission printed with what the kernel
reported (docs/lab-format.md, docs/kernel-events.md).  They all need the
same few things: read a number that may come as JSON int, "0x..." text or
decimal text; find events of a given shape in a part of the run; and say
"expected X, got Y" in the (expected, actual) form the judge reports.  A
checks.py imports them with `from grader.checklib import ...`; the grader
is importable whenever it loads a lab.

Everything here must survive hostile input: a value that is not a number
reads as -1 (which no slot, badge or address equals), never as an
exception.
"""
from __future__ import annotations

from typing import Any, Iterable

from grader.judge import event_matches

Result = tuple[str, str] | None


def num(value: Any) -> int:
    """A number from an event or a console capture; -1 when it is none."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip().lower()
    try:
        return int(text, 16) if text.startswith("0x") else int(text)
    except ValueError:
        return -1


def mismatch(what: str, want: Any, got: Any) -> Result:
    """None when equal, else ("what: want", "what: got")."""
    return None if want == got else (f"{what}: {want}", f"{what}: {got}")


def first(*results: Result) -> Result:
    """The first failing comparison, or None."""
    return next((r for r in results if r is not None), None)


def position(events: list[dict[str, Any]], event: dict[str, Any] | None) -> int:
    """Index of `event` (the very object) in `events`; -1 if absent."""
    if event is None:
        return -1
    return next((i for i, e in enumerate(events) if e is event), -1)


def find(events: list[dict[str, Any]], table: dict[str, Any], *, start: int = 0,
         stop: int | None = None) -> list[dict[str, Any]]:
    """Events in events[start:stop] that match `table` as lab.toml tables do."""
    end = len(events) if stop is None else min(stop, len(events))
    return [e for e in events[max(start, 0):end] if event_matches(table, e)]


def values(events: Iterable[dict[str, Any]], key: str) -> list[int]:
    """The numbers under `key` in each event (-1 where missing)."""
    return [num(e.get(key, -1)) for e in events]
