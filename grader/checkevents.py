"""Finding events in a run, for labs' checks.py files.

grader/checklib.py reads numbers and phrases comparisons; this module
finds the events a check needs beyond the ones its step matched: every
event of some shape in a part of the run, and where an event stands.  A
table here matches an event exactly as a lab.toml event table does
(grader.judge.event_matches: every key present and equal, strings as
full-match regexes), so checks and lab.toml speak one language.
"""
from __future__ import annotations

from typing import Any

from grader.judge import event_matches


def position(events: list[dict[str, Any]], event: dict[str, Any] | None) -> int:
    """Index of `event` (that very object) in `events`; -1 if absent."""
    if event is None:
        return -1
    return next((i for i, e in enumerate(events) if e is event), -1)


def find(events: list[dict[str, Any]], table: dict[str, Any], *, start: int = 0,
         stop: int | None = None) -> list[dict[str, Any]]:
    """The events of events[start:stop] that match `table`."""
    end = len(events) if stop is None else max(0, min(stop, len(events)))
    return [e for e in events[max(start, 0):end] if event_matches(table, e)]
