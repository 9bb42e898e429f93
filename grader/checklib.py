"""Small helpers for labs' checks.py files: reading numbers and comparing.

A check receives submission output, so everything here accepts anything:
a number that cannot be read is None, never an exception.  The helpers
return the check protocol's values: None when a comparison holds, or a pair
(expected, actual) of strings for the report (docs/lab-format.md).

    num(value)                 event or console number -> int | None
    mismatch(what, want, got)  None if equal, else ("what: want", "what: got")
    first(*results)            the first failing result, or None
    in_region(what, n, region) None if region[0] <= n < region[1]
    empty_region(run)          the BootInfo's empty slots, from the boot event
    retype_slot(step, index, what, slot)
                               an UntypedRetype event put one object in `slot`
"""
from __future__ import annotations

from typing import Any

Result = tuple[str, str] | None


def num(value: Any) -> int | None:
    """A number from an event (JSON int or "0x...") or a console capture."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if not isinstance(value, str) or not value or len(value) > 40:
        return None
    text = value.strip().lower()
    try:
        return int(text, 16) if text.startswith("0x") else int(text, 10)
    except ValueError:
        return None


def show(value: Any) -> str:
    """A value for a report line; numbers in hex when they look like addresses."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0x10000:
        return hex(value)
    return str(value)


def mismatch(what: str, want: Any, got: Any) -> Result:
    """None when want == got, else the pair the report shows."""
    return None if want == got else (f"{what}: {show(want)}", f"{what}: {show(got)}")


def first(*results: Result) -> Result:
    """The first failing comparison, or None."""
    return next((r for r in results if r is not None), None)


def empty_region(run: Any) -> tuple[int, int]:
    """[start, end) of the empty slots, from the kernel's boot event."""
    region = (run.boot or {}).get("empty", [0, 0])
    try:
        start, end = (num(v) for v in region)
    except (TypeError, ValueError):
        return 0, 0
    return (start or 0), (end or 0)


def in_region(what: str, value: int | None, region: tuple[int, int]) -> Result:
    start, end = region
    if value is not None and start <= value < end:
        return None
    return (f"{what}: a slot in [{start}, {end})", f"{what}: {value}")


def retype_slot(step: Any, index: int, what: str, slot: int | None) -> Result:
    """The step's event `index` is a Retype of one object into `slot`."""
    event = step.events[index]
    return first(
        mismatch(f"{what}: objects retyped", 1, num(event.get("num"))),
        mismatch(f"{what}: retype destination slot (as printed)", slot,
                 num(event.get("dest_offset"))),
    )
