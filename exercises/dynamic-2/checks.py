"""Step checks for the dynamic-2 lab: printed values against real ones.

lab.toml finds the lines the program prints and the kernel's events; these
functions tie them together.  The frame, page table and endpoint are the
objects the kernel retyped into the printed slots; the maps use those caps
at the printed addresses; the Call goes through the badged copy of TASK 7,
the Recv through the original endpoint, and the reply comes from thread_2.
Values travel between steps in run.vars: `frame`, `pt`, `ep`, `badged`,
`badge`, `length`, `msg`.  Events: docs/kernel-events.md.
"""
from __future__ import annotations

from typing import Any

from grader.checklib import Result, empty_region, first, in_region, mismatch, num, \
    retype_slot

IPCBUF_VADDR = 0x7000000
PAGE_TABLE_SPAN = 1 << 21          # a page table maps 2 MiB on x86_64
EP_BADGE = 0x61
MSG_DATA = 0x6161
WORD_MASK = (1 << 64) - 1
ROOT = "rootserver"
THREAD_2 = "dynamic-2: thread_2"


def _groups(step: Any, index: int = 0) -> list[int | None]:
    return [num(g) for g in step.groups[index]]


def _retyped(run: Any, step: Any, what: str, var: str) -> Result:
    slot = _groups(step)[0]
    result = first(retype_slot(step, 0, what, slot),
                   in_region(what, slot, empty_region(run)))
    if result is None:
        run.vars[var] = slot
    return result


def _on_cap(run: Any, event: dict[str, Any], var: str, what: str) -> Result:
    return mismatch(what, run.vars.get(var), num(event.get("cptr")))


# ---- TASKs 1 to 5: the IPC buffer -----------------------------------------

def frame_allocated(run: Any, step: Any) -> Result:
    return _retyped(run, step, "IPC buffer frame", "frame")


def first_map_failed(run: Any, step: Any) -> Result:
    """The refused map was the frame of TASK 1 (not some other cap)."""
    return _on_cap(run, step.events[0], "frame", "frame the first map used, slot")


def page_table_allocated(run: Any, step: Any) -> Result:
    return _retyped(run, step, "page table", "pt")


def page_table_mapped(run: Any, step: Any) -> Result:
    """The page table of TASK 3 now covers the IPC buffer's address."""
    start, end = _groups(step)
    event = step.events[0]
    vaddr = num(event.get("vaddr"))
    base = IPCBUF_VADDR & ~(PAGE_TABLE_SPAN - 1)
    return first(
        _on_cap(run, event, "pt", "page table mapped, slot"),
        mismatch("page table's range (as printed)", [base, base + PAGE_TABLE_SPAN], [start, end]),
        None if vaddr is not None and base <= vaddr < base + PAGE_TABLE_SPAN else
        (f"the page table mapped for an address in [{base:#x}, {base + PAGE_TABLE_SPAN:#x})",
         f"mapped for {event.get('vaddr')}"),
    )


def frame_mapped(run: Any, step: Any) -> Result:
    """The frame of TASK 1 is mapped at IPCBUF_VADDR, at the printed paddr."""
    vaddr, paddr = _groups(step)
    mapped, address = step.events
    return first(
        _on_cap(run, mapped, "frame", "frame mapped, slot"),
        mismatch("mapped at (the kernel's vaddr)", IPCBUF_VADDR, num(mapped.get("vaddr"))),
        mismatch("mapped at (as printed)", IPCBUF_VADDR, vaddr),
        mismatch("frame's paddr (as printed)", num(mapped.get("paddr")), paddr),
        mismatch("frame's paddr (GetAddress)", num(mapped.get("paddr")),
                 num(address.get("paddr"))),
    )


# ---- TASKs 6 to 9: endpoint, badge, message, Call ---------------------------

def endpoint_allocated(run: Any, step: Any) -> Result:
    return _retyped(run, step, "endpoint", "ep")


def endpoint_badged(run: Any, step: Any) -> Result:
    slot, badge = _groups(step)
    mint = step.events[0]
    result = first(
        mismatch("mint source (the endpoint of TASK 6), slot", run.vars.get("ep"),
                 num(mint.get("src"))),
        mismatch("mint destination (as printed)", slot, num(mint.get("dest"))),
        mismatch("badge minted", EP_BADGE, num(mint.get("badge"))),
        mismatch("badge printed", num(mint.get("badge")), badge),
        in_region("badged copy", slot, empty_region(run)),
    )
    if result is None:
        run.vars["badged"] = slot
    return result


def message_ready(run: Any, step: Any) -> Result:
    length, mr0 = _groups(step, 1)
    result = first(mismatch("message length", 1, length), mismatch("MR0", MSG_DATA, mr0))
    if result is None:
        run.vars["length"], run.vars["msg"] = length, mr0
    return result


def called(run: Any, step: Any) -> Result:
    """main called through its badged copy, with the prepared message."""
    call = step.events[0]
    return first(
        _on_cap(run, call, "badged", "Call through the badged copy, slot"),
        mismatch("badge of the cap used", EP_BADGE, num(call.get("badge"))),
        mismatch("length of the message sent", run.vars.get("length"),
                 num(call.get("length"))),
    )


# ---- TASKs 11 to 15: thread_2 ---------------------------------------------

def received(run: Any, step: Any) -> Result:
    """thread_2 received main's message on the unbadged endpoint."""
    length, badge = _groups(step)
    recv = step.events[0]
    return first(
        _on_cap(run, recv, "ep", "Recv on the original endpoint, slot"),
        mismatch("sender", ROOT, recv.get("from")),
        mismatch("badge the kernel delivered", EP_BADGE, num(recv.get("badge"))),
        mismatch("badge printed", num(recv.get("badge")), badge),
        mismatch("length printed", run.vars.get("length"), length),
    )


def validated(run: Any, step: Any) -> Result:
    badge, length = _groups(step)
    return first(mismatch("badge", EP_BADGE, badge),
                 mismatch("length", run.vars.get("length"), length))


def message_read(run: Any, step: Any) -> Result:
    msg, badge = _groups(step)
    return first(mismatch("message thread_2 read", run.vars.get("msg"), msg),
                 mismatch("badge", EP_BADGE, badge))


def answer_written(run: Any, step: Any) -> Result:
    answer = _groups(step)[0]
    return mismatch("answer in MR0 (~message)", ~MSG_DATA & WORD_MASK, answer)


def replied(run: Any, step: Any) -> Result:
    """thread_2 replied to main, which saw a one-word answer."""
    length = _groups(step)[0]
    reply, block = step.events
    return first(
        mismatch("reply went to", ROOT, reply.get("to")),
        _on_cap(run, block, "ep", "thread_2 waits again on the endpoint, slot"),
        mismatch("length of the answer", 1, length),
    )


def reply_read(run: Any, step: Any) -> Result:
    low, word = _groups(step)
    answer = ~MSG_DATA & WORD_MASK
    return first(mismatch("reply, 32 bits", answer & 0xffffffff, low),
                 mismatch("reply, 64 bits", answer, word))
