"""Step checks for the cap-transfer lab: printed values against the kernel's.

The regexes of lab.toml prove that lines of the right shape were printed,
its event tables that IPC and invocations of the right kind happened.
These checks tie them together: the slots printed are the ones the kernel
names; the reply that carried a cap really left an endpoint cap in the
process's receive slot (the kernel's `cap_identify` says so); the process
received the root task's words through the new caps; the destroy and the
frees deleted exactly the caps they should; and the many rounds of spawn
and destroy reuse the same memory and leave as many caps in the root
CNode as before (counted from the kernel's `cap_identify` answers).

The root task names itself "cap-transfer" and the process "process_2"
(given code).  Facts found by one step go to `run.vars` for the next.
"""
from __future__ import annotations

from typing import Any

from grader.checkevents import find, position
from grader.checklib import Result, first, mismatch, num

ROOT = "cap-transfer"
CHILD = "process_2"
CLIENT_BADGE = 0x61
WORD_BY_IPC = 0xCA11
WORD_BY_COPY = 0xC0B1
WORD_BITS = 64
CAP_TAG_ENDPOINT = 4
LAST_ROUNDS = 5          # rounds compared against the first ones
EARLY_ROUNDS = 2         # rounds whose memory counts as "in use"


def _hex(value: int | None) -> str:
    """A badge or word for a report line ("none" when it was not a number)."""
    return "none" if value is None else hex(value)


def _after(run: Any, event: dict[str, Any]) -> int:
    return position(run.events, event) + 1


def _sends_by_root(run: Any, ep_slot: int, before: dict[str, Any]) -> bool:
    """Did the root task send on its slot `ep_slot` before `before`?"""
    sends = find(run.events, {"ev": "send", "thread": ROOT}, stop=position(run.events, before))
    return any(num(e.get("cptr")) == ep_slot for e in sends)


# ---- TASK 1 ----------------------------------------------------------------

def receive_path(run: Any, step: Any) -> Result:
    """The path names the slot the root task left free, at full depth."""
    service, free = (num(g) for g in step.groups[0])
    _cnode, index, depth = (num(g) for g in step.groups[1])
    named, mint = step.events
    result = first(
        mismatch("service endpoint slot (the mint's destination)", num(mint.get("dest")),
                 service),
        mismatch("badge of process_2's service cap", _hex(CLIENT_BADGE),
                 _hex(num(mint.get("badge")))),
        mismatch("receive index (the slot left free for process_2)", free, index),
        mismatch("receive depth (a whole word: the guard makes up the rest)", WORD_BITS,
                 depth),
    )
    if result is None:
        run.vars.update(service=service, free=free, cnode=num(mint.get("cptr")),
                        tcb=num(named.get("cptr")))
    return result


# ---- TASK 2 ----------------------------------------------------------------

def asked_by_ipc(run: Any, step: Any) -> Result:
    """process_2 called through its badged service cap."""
    call = step.events[1]
    return first(
        mismatch("process_2 calls through its slot", run.vars.get("service"),
                 num(call.get("cptr"))),
        mismatch("badge delivered", _hex(CLIENT_BADGE), _hex(num(call.get("badge")))),
        mismatch("printed badge", _hex(CLIENT_BADGE), _hex(num(step.groups[0][0]))),
    )


# ---- TASK 3 ----------------------------------------------------------------

def replied_with_cap(run: Any, step: Any) -> Result:
    """A new endpoint went with the reply and landed in the receive slot."""
    ours = num(step.groups[0][0])
    caps, slot, tag = (num(g) for g in step.groups[1])
    retype, _reply, identify = step.events
    result = first(
        mismatch("slot of the new endpoint (as printed)", num(retype.get("dest_offset")), ours),
        mismatch("slot process_2 looked at", run.vars.get("free"), num(identify.get("cptr"))),
        mismatch("printed slot", run.vars.get("free"), slot),
        mismatch("cap type the kernel found in the receive slot (4 = endpoint)",
                 CAP_TAG_ENDPOINT, num(identify.get("tag"))),
        mismatch("printed cap type", num(identify.get("tag")), tag),
        mismatch("caps carried by the reply (extraCaps)", 1, caps),
    )
    if result is None:
        run.vars["ep_by_ipc"] = ours
    return result


# ---- TASK 4 ----------------------------------------------------------------

def used_received_cap(run: Any, step: Any) -> Result:
    """process_2 received the root task's word through the new cap."""
    recv = step.events[0]
    ours = run.vars.get("ep_by_ipc", -1)
    return first(
        mismatch("process_2 receives on its slot", run.vars.get("free"), num(recv.get("cptr"))),
        None if _sends_by_root(run, ours, recv) else
        (f"the root task sends on the new endpoint (its slot {ours})", "no such send"),
        mismatch("word received", _hex(WORD_BY_IPC), _hex(num(step.groups[0][0]))),
    )


# ---- TASK 5 ----------------------------------------------------------------

def copied_to_process(run: Any, step: Any) -> Result:
    """A new endpoint was copied into process_2's CNode, at the printed slot."""
    ours, theirs = (num(g) for g in step.groups[1])
    call, retype, copy, _reply = step.events
    result = first(
        mismatch("process_2 calls through its slot", run.vars.get("service"),
                 num(call.get("cptr"))),
        mismatch("printed badge", _hex(CLIENT_BADGE), _hex(num(step.groups[0][0]))),
        mismatch("slot of the new endpoint (as printed)", num(retype.get("dest_offset")), ours),
        mismatch("CNode copied into (our slot of process_2's CNode)", run.vars.get("cnode"),
                 num(copy.get("cptr"))),
        mismatch("copied from our slot", ours, num(copy.get("src"))),
        mismatch("slot in process_2's CSpace (as printed)", num(copy.get("dest")), theirs),
    )
    if result is None:
        run.vars.update(ep_by_copy=ours, copied=theirs)
    return result


# ---- TASK 6 ----------------------------------------------------------------

def used_copied_cap(run: Any, step: Any) -> Result:
    """process_2 received the root task's word in the slot it was told."""
    word, slot = step.groups[0]
    recv = step.events[0]
    ours = run.vars.get("ep_by_copy", -1)
    return first(
        mismatch("process_2 receives on the copied slot", run.vars.get("copied"),
                 num(recv.get("cptr"))),
        mismatch("printed slot", run.vars.get("copied"), num(slot)),
        None if _sends_by_root(run, ours, recv) else
        (f"the root task sends on the new endpoint (its slot {ours})", "no such send"),
        mismatch("word received", _hex(WORD_BY_COPY), _hex(num(word))),
    )


# ---- TASK 7 ----------------------------------------------------------------

def _deleted(run: Any, start: int, stop: int | None = None) -> set[int]:
    """Root-CNode slots the root task deleted or revoked in events[start:stop]."""
    slots: set[int] = set()
    for op in ("CNodeDelete", "CNodeRevoke"):
        table = {"ev": "invoke", "thread": ROOT, "op": op, "err": 0}
        slots |= {num(e.get("index")) for e in find(run.events, table, start=start, stop=stop)}
    return slots


def _round_end(run: Any, start: int) -> int | None:
    """Where the next round begins (the next process_2 is named), if any."""
    table = {"ev": "name_thread", "thread": ROOT, "name": CHILD}
    return next((i for i in range(max(start, 0), len(run.events))
                 if find(run.events, table, start=i, stop=i + 1)), None)


def _deleted_this_round(run: Any, done: dict[str, Any] | None) -> set[int]:
    """Slots deleted after process_2's last Call, before the next round."""
    start = _after(run, done)
    return _deleted(run, start, _round_end(run, start))


def process_destroyed(run: Any, step: Any) -> Result:
    """After process_2's last Call, its TCB and CNode caps were deleted."""
    done = step.events[0]
    deleted = _deleted_this_round(run, done)
    tcb, cnode = run.vars.get("tcb"), run.vars.get("cnode")
    result = first(
        mismatch("process_2 says it is done through its slot", run.vars.get("service"),
                 num(done.get("cptr"))),
        None if tcb in deleted else
        (f"the cap to process_2's TCB (our slot {tcb}) deleted", "it was not deleted"),
        None if cnode in deleted else
        (f"the cap to process_2's CNode (our slot {cnode}) deleted", "it was not deleted"),
    )
    if result is None:
        run.vars["done"] = done
    return result


# ---- TASK 8: the endpoints are freed, and nothing leaks --------------------

def _endpoints_freed(run: Any, step: Any) -> Result:
    """The caps of both endpoints handed out were deleted after the destroy."""
    printed = [num(g) for g in step.groups[0]]
    want = [run.vars.get("ep_by_ipc"), run.vars.get("ep_by_copy")]
    deleted = _deleted_this_round(run, run.vars.get("done"))
    missing = [slot for slot in want if slot not in deleted]
    return first(
        mismatch("slots printed (the endpoints of TASKs 3 and 5)", want, printed),
        None if not missing else
        (f"the endpoint caps in our slots {want} deleted (vka_free_object)",
         f"slot(s) {missing} not deleted"),
    )


def _round_starts(run: Any) -> list[int]:
    """Where each process_2 is named: one per round of spawn and destroy."""
    return [i for i, e in enumerate(run.events) if e.get("ev") == "name_thread"
            and e.get("thread") == ROOT and e.get("name") == CHILD]


def _rounds(run: Any) -> list[list[dict[str, Any]]]:
    """The root task's successful retypes, cut where it names a new process_2."""
    starts = _round_starts(run)
    cuts = [0] + starts[1:] + [len(run.events)]
    table = {"ev": "invoke", "thread": ROOT, "op": "UntypedRetype", "err": 0}
    return [find(run.events, table, start=a, stop=b) for a, b in zip(cuts, cuts[1:])]


def _memory_reused(rounds: list[list[dict[str, Any]]]) -> Result:
    """The last rounds make their objects in memory the first rounds used:
    memory handed back is used again; memory kept shows as new addresses."""
    used = {num(e.get("paddr")) for r in rounds[:EARLY_ROUNDS] for e in r}
    for number, retypes in enumerate(rounds[-LAST_ROUNDS:], len(rounds) - LAST_ROUNDS):
        new = next((e for e in retypes if num(e.get("paddr")) not in used), None)
        if new is not None:
            return ("every round makes its objects in memory the first round used",
                    f"round {number + 1} makes a {new.get('type')} at paddr "
                    f"{_hex(num(new.get('paddr')))}, memory no early round used")
    return None


def _sweeps(run: Any, size: int) -> list[tuple[int, int]]:
    """(index, caps) of every sweep: seL4_DebugCapIdentify by the root task
    of slots 0 .. size-1, one right after the other (the libraries identify
    single slots too, which is why a sweep must be whole and in order)."""
    events, found = run.events, []
    for i, e in enumerate(events):
        if e.get("ev") != "cap_identify" or e.get("thread") != ROOT or num(e.get("cptr")) != 0:
            continue
        sweep = events[i:i + size]
        if len(sweep) == size and all(
                s.get("ev") == "cap_identify" and s.get("thread") == ROOT
                and num(s.get("cptr")) == slot for slot, s in enumerate(sweep)):
            found.append((i, sum(num(s.get("tag")) not in (0, None) for s in sweep)))
    return found


def _cap_sweeps(run: Any) -> tuple[list[int], Result]:
    """The caps in the root CNode before and after the rounds, from the
    kernel's answers to the root task's two sweeps."""
    size = 1 << (num((run.boot or {}).get("root_cnode_bits", 12)) or 12)
    starts, sweeps = _round_starts(run), _sweeps(run, size)
    before = [caps for i, caps in sweeps if starts[0] < i < starts[1]]
    after = [caps for i, caps in sweeps if i > starts[-1]]
    if not before or not after:
        return [], ("a seL4_DebugCapIdentify of every slot of the root CNode, in order, "
                    "before and after the rounds",
                    f"{'no' if not before else 'a'} whole sweep before, "
                    f"{'no' if not after else 'a'} whole sweep after")
    return [before[-1], after[-1]], None


def _nothing_leaked(run: Any, step: Any) -> Result:
    """The last rounds reuse the memory of the first, and the root CNode
    holds as many caps after the rounds as before."""
    more, before, after = (num(g) for g in step.groups[1])
    rounds = _rounds(run)
    if len(rounds) != more + 1:
        return (f"{more + 1} processes named process_2 (1 + {more} rounds, as printed)",
                f"{len(rounds)}")
    if more < EARLY_ROUNDS + LAST_ROUNDS:
        return (f"at least {EARLY_ROUNDS + LAST_ROUNDS} more rounds", f"{more}")
    counts, result = _cap_sweeps(run)
    return result or first(
        _memory_reused(rounds),
        mismatch("caps in the root CNode before the rounds (as printed)", counts[0], before),
        mismatch("caps in the root CNode after the rounds (as printed)", counts[1], after),
        mismatch("caps in the root CNode after the rounds (as before them)", counts[0],
                 counts[1]),
    )


def freed_and_nothing_leaked(run: Any, step: Any) -> Result:
    """TASK 8's frees happened, and many rounds leak neither slots nor memory."""
    return _endpoints_freed(run, step) or _nothing_leaked(run, step)
