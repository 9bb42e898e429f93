"""Step checks for the dynamic-3 lab: printed values against the kernel's.

lab.toml's regexes prove that lines of the right shape were printed and its
event tables that operations of the right kind happened.  These functions
tie them together: the TCB, CNode and endpoint slots the root task printed
must be the ones the kernel's `invoke` events name; the mint must go into
the process's CNode from our endpoint; the messages must travel through
those caps.  Slots found by one step are left in `run.vars` for the next.

The root task names itself "dynamic-3" and the process's thread
"process_2" (given code), so events name the two threads that way.
"""
from __future__ import annotations

from typing import Any

from grader.checkevents import find, position
from grader.checklib import Result, first, mismatch, num

ROOT = "dynamic-3"
CHILD = "process_2"
EP_BADGE = 0x61
MSG_DATA = 0x6161
ANSWER = ~MSG_DATA & (2**64 - 1)
WORD_BITS = 64
RIGHT_WRITE = 0x1


def _hex(value: int | None) -> str:
    """A badge or word for a report line ("none" when it was not a number)."""
    return "none" if value is None else hex(value)


def _root_invokes(run: Any, op: str, **more: Any) -> list[dict[str, Any]]:
    table = {"ev": "invoke", "thread": ROOT, "op": op, "err": 0, **more}
    return find(run.events, table)


def _retyped_into(run: Any, object_type: str, slot: int) -> bool:
    """Did the root task retype an object of this type into this slot?"""
    return any(num(e.get("dest_offset")) == slot
               for e in _root_invokes(run, "UntypedRetype", type=object_type))


# ---- TASK 1 ----------------------------------------------------------------

def page_mapped(run: Any, step: Any) -> Result:
    """The printed page was really mapped by the root task at that address."""
    vaddr = num(step.groups[0][0])
    mapped = [num(e.get("vaddr")) for e in _root_invokes(run, "X86PageMap")]
    if vaddr not in mapped:
        return (f"an X86PageMap by the root task at {vaddr:#x} (the printed address)",
                f"pages mapped at {', '.join(_hex(v) for v in mapped[:6]) or 'none'}")
    return None


# ---- TASK 2 ----------------------------------------------------------------

def process_configured(run: Any, step: Any) -> Result:
    """The printed TCB and CNode are objects the root task just made."""
    tcb, cnode = (num(g) for g in step.groups[0])
    named = step.events[1]
    result = first(
        None if _retyped_into(run, "seL4_TCBObject", tcb) else
        (f"a TCB retyped into slot {tcb} (the printed slot)", "no TCB was retyped there"),
        None if _retyped_into(run, "seL4_CapTableObject", cnode) else
        (f"a CNode retyped into slot {cnode} (the printed slot)", "no CNode was retyped there"),
        mismatch("thread named process_2 through slot", tcb, num(named.get("cptr"))),
    )
    if result is None:
        run.vars.update(tcb=tcb, cnode=cnode)
    return result


# ---- TASK 3 ----------------------------------------------------------------

def endpoint_path(run: Any, step: Any) -> Result:
    """The path names the endpoint the root task allocated, at full depth."""
    slot, depth = (num(g) for g in step.groups[0])
    retype = step.events[0]
    result = first(
        mismatch("endpoint slot (the path's capPtr)", num(retype.get("dest_offset")), slot),
        mismatch("depth of a slot in the root CNode", WORD_BITS, depth),
    )
    if result is None:
        run.vars["ep"] = slot
    return result


# ---- TASK 4 ----------------------------------------------------------------

def minted_to_process(run: Any, step: Any) -> Result:
    """A badged copy of our endpoint went into process_2's CNode."""
    slot = num(step.groups[0][0])
    mint = step.events[0]
    rights = num(mint.get("rights"))
    result = first(
        mismatch("CNode the mint went into (slot in the root CNode)", run.vars.get("cnode"),
                 num(mint.get("cptr"))),
        mismatch("slot in process_2's CSpace (as printed)", slot, num(mint.get("dest"))),
        mismatch("minted from the endpoint in slot", run.vars.get("ep"), num(mint.get("src"))),
        mismatch("badge", _hex(EP_BADGE), _hex(num(mint.get("badge")))),
        None if rights is not None and rights & RIGHT_WRITE else
        ("a cap with the Write right (process_2 must send)", f"rights {_hex(rights)}"),
    )
    if result is None:
        run.vars["child_ep"] = slot
    return result


# ---- TASK 5 ----------------------------------------------------------------

def process_started(run: Any, step: Any) -> Result:
    """process_2's registers were written, and argv carries its slot."""
    written = step.events[0]
    return first(
        mismatch("TCB whose registers were written (slot)", run.vars.get("tcb"),
                 num(written.get("cptr"))),
        mismatch("slot passed in argv (the minted slot)", run.vars.get("child_ep"),
                 num(step.groups[0][0])),
    )


# ---- TASK 6 ----------------------------------------------------------------

def message_received(run: Any, step: Any) -> Result:
    """The root task waited on its endpoint; process_2 sent through its copy."""
    block, sent = step.events
    badge = num(step.groups[1][1])
    result = first(
        mismatch("the root task waits on the endpoint in slot", run.vars.get("ep"),
                 num(block.get("cptr"))),
        mismatch("process_2 sends through its slot", run.vars.get("child_ep"),
                 num(sent.get("cptr"))),
        mismatch("badge of process_2's cap", _hex(EP_BADGE), _hex(num(sent.get("badge")))),
        mismatch("printed badge (the one the kernel delivered)", _hex(num(sent.get("badge"))),
                 _hex(badge)),
        mismatch("message length", 1, num(sent.get("length"))),
    )
    if result is None:
        run.vars["sent"] = sent
    return result


# ---- TASK 7 ----------------------------------------------------------------

def replied_and_waiting(run: Any, step: Any) -> Result:
    """The root task waits again; a Call from process_2 got its reply first."""
    block = step.events[0]
    result = mismatch("the root task waits again on the endpoint in slot", run.vars.get("ep"),
                      num(block.get("cptr")))
    if result:
        return result
    sent = run.vars.get("sent")
    start, stop = position(run.events, sent), position(run.events, block)
    replies = find(run.events, {"ev": "reply", "thread": ROOT, "to": CHILD},
                   start=start + 1, stop=stop)
    run.vars["replied"] = bool(replies)
    if sent is not None and sent.get("ev") == "call" and not replies:
        return ("a reply to process_2 before waiting again (seL4_ReplyRecv)",
                "the root task waited again without replying")
    return None


# ---- TASK 8 ----------------------------------------------------------------

def reply_received(run: Any, step: Any) -> Result:
    """process_2 used seL4_Call, was answered, and prints the true answer."""
    sent = run.vars.get("sent") or {}
    if sent.get("ev") != "call":
        return ("process_2 sends with seL4_Call", "process_2 sent with seL4_Send (a `send` event, no reply cap)")
    return first(
        None if run.vars.get("replied") else
        ("a reply event from the root task to process_2", "none"),
        mismatch("answer printed by process_2", _hex(ANSWER), _hex(num(step.groups[0][0]))),
    )
