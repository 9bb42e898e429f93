"""Step checks for the kernel-objects lab: printed values against real ones.

lab.toml's console regexes prove that a line of the right shape was printed
and its event tables prove that an operation of the right kind happened.
These functions tie the two together: the slot, badge and rights a student
printed must be the ones the kernel reports in its `boot` and `invoke`,
`signal` and `wait` events (docs/kernel-events.md), and the operations must
use the caps the earlier steps created.  A program that only prints the
expected text therefore fails here.

Each check is `check(run, step) -> None | (expected, actual)`.  It reads the
run's console lines and events, the `boot` event, the step's matched regex
groups and events, and `run.vars`, where earlier steps leave the slots they
established (`untyped`, `ntfn`) for later ones.
"""
from __future__ import annotations

import re
from typing import Any

Result = tuple[str, str] | None

_UNTYPED_LINE = re.compile(r"^untyped (\d+): paddr (0x[0-9a-f]+) size_bits (\d+) (ram|device)$")

# The rights word of a cap (docs/kernel-events.md: CNodeMint "rights").
RIGHT_WRITE = 0x1


# ---- reading the run -------------------------------------------------------

def _groups(step: Any, index: int) -> tuple[str, ...]:
    """Regex groups of the step's console pattern number `index`."""
    return tuple(step.groups[index])


def _event(step: Any, index: int) -> dict[str, Any]:
    """The event that matched the step's expected event number `index`."""
    return step.events[index]


def _boot_untypeds(run: Any) -> list[tuple[int, int, bool, int]]:
    """(paddr, size_bits, is_device, cptr) of every untyped, from `boot`."""
    boot = run.boot or {}
    return [(_num(paddr), int(bits), bool(device), int(cptr))
            for paddr, bits, device, cptr in boot.get("untypeds", [])]


def _num(value: Any) -> int:
    """An event or console number: JSON int, or "0x..." / decimal text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value)
    return int(text, 16) if text.lower().startswith("0x") else int(text)


def _largest_ram(run: Any) -> list[int]:
    """Cptrs of the non-device untypeds of the largest size (ties allowed)."""
    ram = [u for u in _boot_untypeds(run) if not u[2]]
    if not ram:
        return []
    top = max(u[1] for u in ram)
    return [u[3] for u in ram if u[1] == top]


def _empty(run: Any) -> tuple[int, int]:
    start, end = (run.boot or {}).get("empty", [0, 0])
    return int(start), int(end)


def _mismatch(what: str, want: Any, got: Any) -> Result:
    return None if want == got else (f"{what}: {want}", f"{what}: {got}")


def _first(*results: Result) -> Result:
    """The first failing comparison, or None."""
    return next((r for r in results if r is not None), None)


# ---- step 1 ----------------------------------------------------------------

def untypeds_listed(run: Any, step: Any) -> Result:
    """Every untyped of the boot event is printed with its true values."""
    truth = _boot_untypeds(run)
    if not truth:
        return ("a boot event listing the untypeds", "no boot event (kernel problem)")
    count, start, end = (int(g) for g in _groups(step, 0))
    boot_start = min(u[3] for u in truth)
    header = _mismatch("header (count, start, end)", (len(truth), boot_start,
                       boot_start + len(truth)), (count, start, end))
    if header:
        return header
    printed = {}
    for line in run.console:
        m = _UNTYPED_LINE.match(line)
        if m:
            printed[int(m.group(1))] = (int(m.group(2), 16), int(m.group(3)),
                                        m.group(4) == "device")
    for paddr, bits, device, cptr in truth:
        want = f"untyped {cptr}: paddr {paddr:#x} size_bits {bits} " \
               f"{'device' if device else 'ram'}"
        if cptr not in printed:
            return (want, f"no line for untyped {cptr}")
        got_paddr, got_bits, got_device = printed[cptr]
        if (got_paddr, got_bits, got_device) != (paddr, bits, device):
            return (want, f"untyped {cptr}: paddr {got_paddr:#x} size_bits {got_bits} "
                          f"{'device' if got_device else 'ram'}")
    extra = sorted(set(printed) - {u[3] for u in truth})
    if extra:
        return ("only the untypeds in the BootInfo", f"lines for slots {extra}")
    return None


# ---- step 2 ----------------------------------------------------------------

def largest_untyped(run: Any, step: Any) -> Result:
    """The printed slot is a largest RAM untyped, with its true paddr/size."""
    slot, paddr, bits = _groups(step, 0)
    slot_n = int(slot)
    best = _largest_ram(run)
    if slot_n not in best:
        return (f"largest RAM untyped in slot {' or '.join(map(str, best)) or '?'}",
                f"slot {slot_n}")
    truth = {u[3]: u for u in _boot_untypeds(run)}[slot_n]
    result = _mismatch(f"untyped {slot_n} (paddr, size_bits)",
                       (hex(truth[0]), truth[1]), (hex(int(paddr, 16)), int(bits)))
    if result is None:
        run.vars["untyped"] = slot_n
    return result


# ---- step 3 ----------------------------------------------------------------

def retype_from_largest(run: Any, step: Any) -> Result:
    """One notification, from the largest untyped, into the printed free slot."""
    slot = int(_groups(step, 0)[0])
    retype = _event(step, 0)
    start, end = _empty(run)
    untyped = run.vars.get("untyped")
    allowed = [untyped] if untyped is not None else _largest_ram(run)
    used = _num(retype.get("cptr", -1))
    if used not in allowed:
        return (f"retype invoked on the largest RAM untyped (slot"
                f" {' or '.join(map(str, allowed))})", f"retype invoked on slot {used}")
    result = _first(
        _mismatch("objects retyped", 1, _num(retype.get("num", -1))),
        _mismatch("retype destination slot (as printed)", slot,
                  _num(retype.get("dest_offset", -1))),
    )
    if result:
        return result
    if not start <= slot < end:
        return (f"a slot in the empty region [{start}, {end})", f"slot {slot}")
    run.vars["ntfn"] = slot
    return None


# ---- steps 4 to 7: signals and waits -----------------------------------------

def _signal_then_receive(run: Any, step: Any, *, through: int, sig: int,
                         recv: int, printed_badge: str) -> Result:
    """The signal went through `through` and the receive used the original."""
    ntfn = run.vars.get("ntfn")
    signal, wait = _event(step, sig), _event(step, recv)
    return _first(
        _mismatch("signal through slot", through, _num(signal.get("cptr", -1))),
        _mismatch("wait/poll on the original notification, slot", ntfn,
                  _num(wait.get("cptr", -1))),
        _mismatch("printed badge = badge received from the kernel",
                  hex(_num(wait.get("badge", -1))), hex(int(printed_badge, 16))),
    )


def unbadged_signal(run: Any, step: Any) -> Result:
    """Signal and wait both on the retyped cap; the badge is the real one (0)."""
    ntfn = run.vars.get("ntfn")
    return _first(
        _signal_then_receive(run, step, through=ntfn, sig=0, recv=1,
                             printed_badge=_groups(step, 0)[0]),
        _mismatch("badge of an unbadged signal", 0, _num(_event(step, 1).get("badge", -1))),
    )


def _minted(run: Any, step: Any, *, what: str) -> tuple[int, int, Result]:
    """Slot and badge of the step's Mint, checked against the printed ones."""
    slot, badge = int(_groups(step, 0)[0]), int(_groups(step, 0)[1], 16)
    mint = _event(step, 0)
    start, end = _empty(run)
    result = _first(
        _mismatch(f"{what}: mint source slot (the notification)", run.vars.get("ntfn"),
                  _num(mint.get("src", -1))),
        _mismatch(f"{what}: mint destination slot (as printed)", slot,
                  _num(mint.get("dest", -1))),
        _mismatch(f"{what}: mint badge (as printed)", hex(badge),
                  hex(_num(mint.get("badge", -1)))),
        None if start <= slot < end else
        (f"{what}: a slot in the empty region [{start}, {end})", f"slot {slot}"),
    )
    return slot, badge, result


def badged_signal(run: Any, step: Any) -> Result:
    """Mint with a badge, signal through the copy, the wait returns that badge."""
    slot, badge, result = _minted(run, step, what="badged copy")
    if result:
        return result
    return _first(
        None if badge != 0 else ("a non-zero badge", "badge 0x0"),
        _signal_then_receive(run, step, through=slot, sig=1, recv=2,
                             printed_badge=_groups(step, 1)[0]),
        _mismatch("badge received", hex(badge), hex(_num(_event(step, 2).get("badge", -1)))),
    )


def no_rights_signal(run: Any, step: Any) -> Result:
    """A no-rights copy: the kernel refuses the signal, the poll finds nothing."""
    slot, _, result = _minted(run, step, what="no-rights copy")
    if result:
        return result
    poll = _event(step, 2)
    return _first(
        _mismatch("rights of the minted copy", 0, _num(_event(step, 0).get("rights", -1))),
        _signal_then_receive(run, step, through=slot, sig=1, recv=2,
                             printed_badge=_groups(step, 1)[0]),
        _mismatch("badge returned by the poll (nothing arrived)", 0,
                  _num(poll.get("badge", -1))),
    )


def least_rights_signal(run: Any, step: Any) -> Result:
    """Write alone is the least that lets a signal through; it must work."""
    slot, badge, result = _minted(run, step, what="least-rights copy")
    if result:
        return result
    rights = _num(_event(step, 0).get("rights", -1))
    if rights != RIGHT_WRITE:
        return ("rights of the minted copy: 0x1 (write only: a signal needs Write and"
                " nothing else)", f"rights of the minted copy: {rights:#x}")
    return _first(
        _signal_then_receive(run, step, through=slot, sig=1, recv=2,
                             printed_badge=_groups(step, 1)[0]),
        _mismatch("badge received", hex(badge), hex(_num(_event(step, 2).get("badge", -1)))),
    )
