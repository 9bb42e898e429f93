"""Step checks for the dynamic-1 lab: printed values against real ones.

The console regexes of lab.toml find the lines main() prints after each
TASK, and the event tables find what the kernel did.  These functions tie
the two together: the slots printed are the slots the kernel's Retype put
objects into, the TCB that is configured, named, given registers and
resumed is the TCB of TASK 8, the registers read back from the kernel are
the ones TASKs 11 and 12 chose, and the thread that suspends itself after
"hallo wereld" is the new thread, by its name.  See docs/kernel-events.md
for the events and docs/lab-format.md for the check protocol.

Earlier steps leave values in run.vars for later ones: `tcb` (step 8),
`rip` (step 11), `rsp` (step 12), `name` (step 10).
"""
from __future__ import annotations

from typing import Any

from grader.checklib import Result, empty_region, first, in_region, mismatch, num, \
    retype_slot

# The root task's fixed slots and the kernel's cap type tags (seL4_CapTag_*).
CNODE_SLOT, VSPACE_SLOT = 2, 3
CAP_TAG = {"CNode": 10, "PML4": 9}
THREAD_NAME = "dynamic-1: thread_2"


def _groups(step: Any, index: int = 0) -> tuple[Any, ...]:
    return tuple(step.groups[index])


def _boot_untyped_slots(run: Any) -> tuple[int, int] | None:
    cptrs = [num(u[3]) for u in (run.boot or {}).get("untypeds", [])
             if isinstance(u, list) and len(u) == 4]
    cptrs = [c for c in cptrs if c is not None]
    return (min(cptrs), max(cptrs) + 1) if cptrs else None


# ---- steps 1 to 3: the BootInfo, through simple --------------------------------

def bootinfo_read(run: Any, step: Any) -> Result:
    """The printed slot regions are the kernel's (boot event)."""
    _, ut_start, ut_end, empty_start, empty_end = (num(g) for g in _groups(step))
    untypeds = _boot_untyped_slots(run)
    if untypeds is None:
        return ("a boot event listing the untypeds", "no boot event (kernel problem)")
    return first(
        mismatch("untyped slots [start, end)", list(untypeds), [ut_start, ut_end]),
        mismatch("empty slots [start, end)", list(empty_region(run)), [empty_start, empty_end]),
    )


def simple_ready(run: Any, step: Any) -> Result:
    """simple's answers: the root CNode's size and the number of untypeds."""
    bits, count = (num(g) for g in _groups(step))
    boot = run.boot or {}
    return first(
        mismatch("root CNode size bits", num(boot.get("root_cnode_bits")), bits),
        mismatch("untyped count", len(boot.get("untypeds", [])), count),
    )


def simple_printed(run: Any, step: Any) -> Result:
    """simple_print's regions and CNode size are the kernel's."""
    (empty_start, empty_end), (ut_start, ut_end) = \
        [(num(a), num(b)) for a, b in (_groups(step, 0), _groups(step, 1))]
    bits = num(_groups(step, 2)[0])
    untypeds = _boot_untyped_slots(run) or (0, 0)
    return first(
        mismatch("Empty slots [start --> end)", list(empty_region(run)),
                 [empty_start, empty_end]),
        mismatch("untypeds [start --> end)", list(untypeds), [ut_start, ut_end]),
        mismatch("Initial thread cnode size", num((run.boot or {}).get("root_cnode_bits")),
                 bits),
    )


# ---- steps 4 and 5: the allocator and the vka --------------------------------

def _retyped_into_free_slot(run: Any, step: Any, what: str) -> Result:
    slot = num(_groups(step)[0])
    return first(
        retype_slot(step, 0, what, slot),
        in_region(what, slot, empty_region(run)),
    )


def allocman_works(run: Any, step: Any) -> Result:
    """allocman gave a free slot and retyped a notification into it."""
    result = _retyped_into_free_slot(run, step, "allocman's notification")
    if result is None:
        run.vars["allocman_slot"] = num(_groups(step)[0])
    return result


def vka_works(run: Any, step: Any) -> Result:
    """The vka did the same in one call, into another free slot."""
    slot = num(_groups(step)[0])
    if slot == run.vars.get("allocman_slot"):
        return ("the vka's notification in a new slot",
                f"slot {slot}, the slot allocman already used")
    return _retyped_into_free_slot(run, step, "the vka's notification")


# ---- steps 6 and 7: the roots of our CSpace and VSpace -----------------------------

def _identified(step: Any, want_slot: int, kind: str) -> Result:
    slot, tag = (num(g) for g in _groups(step))
    event = step.events[0]
    return first(
        mismatch(f"{kind} root: slot (seL4's fixed slot for it)", want_slot, slot),
        mismatch(f"{kind} root: slot identified by the kernel (as printed)", slot,
                 num(event.get("cptr"))),
        mismatch(f"{kind} root: cap type the kernel reports", CAP_TAG[
            "CNode" if kind == "CSpace" else "PML4"], num(event.get("tag"))),
        mismatch(f"{kind} root: cap type printed = cap type from the kernel",
                 num(event.get("tag")), tag),
    )


def cspace_root(run: Any, step: Any) -> Result:
    return _identified(step, CNODE_SLOT, "CSpace")


def vspace_root(run: Any, step: Any) -> Result:
    return _identified(step, VSPACE_SLOT, "VSpace")


# ---- steps 8 to 10: the TCB -------------------------------------------------

def tcb_allocated(run: Any, step: Any) -> Result:
    slot = num(_groups(step)[0])
    result = first(retype_slot(step, 0, "TCB", slot),
                   in_region("TCB", slot, empty_region(run)))
    if result is None:
        run.vars["tcb"] = slot
    return result


def _invoked_on_tcb(run: Any, step: Any, indexes: range, what: str) -> Result:
    tcb = run.vars.get("tcb")
    for i in indexes:
        event = step.events[i]
        result = mismatch(f"{what}: {event.get('op')} invoked on the TCB of TASK 8, slot",
                          tcb, num(event.get("cptr")))
        if result:
            return result
    return None


def tcb_configured(run: Any, step: Any) -> Result:
    slot, cspace, vspace = (num(g) for g in _groups(step))
    return first(
        mismatch("configured TCB (as printed)", run.vars.get("tcb"), slot),
        mismatch("CSpace given to the TCB (as printed)", CNODE_SLOT, cspace),
        mismatch("VSpace given to the TCB (as printed)", VSPACE_SLOT, vspace),
        _invoked_on_tcb(run, step, range(2), "configure"),
    )


def tcb_named(run: Any, step: Any) -> Result:
    printed = _groups(step)[0]
    event = step.events[0]
    result = first(
        mismatch("thread named through the TCB of TASK 8, slot", run.vars.get("tcb"),
                 num(event.get("cptr"))),
        mismatch("name the kernel recorded", THREAD_NAME, event.get("name")),
        mismatch("printed name", event.get("name"), printed),
    )
    if result is None:
        run.vars["name"] = event.get("name")
    return result


# ---- steps 11 to 13: the registers ------------------------------------------

def ip_set(run: Any, step: Any) -> Result:
    rip, entry = (num(g) for g in _groups(step))
    result = mismatch("instruction pointer (the address of thread_2)", entry, rip)
    if result is None:
        run.vars["rip"] = rip
    return result


def sp_set(run: Any, step: Any) -> Result:
    rsp, top = (num(g) for g in _groups(step))
    if rsp is None or top is None:
        return ("two numbers", "unreadable numbers")
    if rsp == top:
        return (f"rsp = stack top - 8 = {top - 8:#x}: at a function's first instruction "
                "rsp + 8 is a multiple of 16 (x86_64 ABI)", f"rsp = stack top = {rsp:#x}")
    result = mismatch("stack pointer (stack top - 8, x86_64 ABI)", top - 8, rsp)
    if result is None:
        run.vars["rsp"] = rsp
    return result


def registers_written(run: Any, step: Any) -> Result:
    rip, rsp = (num(g) for g in _groups(step))
    return first(
        _invoked_on_tcb(run, step, range(2), "registers"),
        mismatch("rip the kernel holds (TASK 11's value)", run.vars.get("rip"), rip),
        mismatch("rsp the kernel holds (TASK 12's value)", run.vars.get("rsp"), rsp),
    )


# ---- steps 14 and 15: running ---------------------------------------------

def tcb_resumed(run: Any, step: Any) -> Result:
    return _invoked_on_tcb(run, step, range(1), "resume")


def thread_ran(run: Any, step: Any) -> Result:
    """The line came from the new thread: it then suspended its own TCB."""
    event = step.events[0]
    return first(
        mismatch("thread that suspended itself after the line", THREAD_NAME,
                 event.get("thread")),
        mismatch("TCB it suspended (its own, slot)", run.vars.get("tcb"), num(event.get("cptr"))),
    )
