"""Step checks for the dynamic-4 lab: the timer server's work, from events.

lab.toml finds the lines the program prints and the first events of each
kind; these functions tie them together and count.  The interrupt is bound
to a badged copy of the notification of TASK 1; the client's request
arrives through the badged endpoint; every tick the server counted is one
interrupt delivered, one wait on that notification and one acknowledgement;
after ltimer_destroy the line is released and no interrupt comes any more;
the client is answered with the time that passed.  run.vars carries `ntfn`,
`irq`, `request` (ms) and `ticks`.  Events: docs/kernel-events.md.
"""
from __future__ import annotations

from typing import Any

from grader.checklib import Result, empty_region, first, in_region, mismatch, num, \
    retype_slot

SERVER = "dynamic-4"
CLIENT = "dynamic-4: timer_client"
EP_BADGE = 0x61
TICK_NS = 1_000_000
PIT_PIN = 2                 # ISA IRQ 0 reaches the I/O APIC on pin 2


def _groups(step: Any, index: int = 0) -> list[int | None]:
    return [num(g) for g in step.groups[index]]


def _seq(event: dict[str, Any]) -> int:
    return num(event.get("seq")) or 0


def notification_allocated(run: Any, step: Any) -> Result:
    slot = _groups(step)[0]
    result = first(retype_slot(step, 0, "notification", slot),
                   in_region("notification", slot, empty_region(run)))
    if result is None:
        run.vars["ntfn"] = slot
    return result


def timer_initialised(run: Any, step: Any) -> Result:
    """The PIT's line got a handler and a badged copy of TASK 1's ntfn.

    (The IRQSetIRQHandler event names the handler, not the notification,
    which travels as an extra cap: the Mint between the two is the copy.)"""
    issue, mint, _ = step.events
    result = first(
        mismatch("I/O APIC pin of the timer's interrupt", PIT_PIN, num(issue.get("pin"))),
        mismatch("notification the IRQ interface copied (TASK 1's), slot",
                 run.vars.get("ntfn"), num(mint.get("src"))),
        None if num(mint.get("badge")) else ("a badged copy (one bit per interrupt)",
                                             "badge 0"),
    )
    if result is None:
        run.vars["irq"] = num(issue.get("irq"))
        run.vars["bound"] = _seq(step.events[-1])
    return result


def timeout_set(run: Any, step: Any) -> Result:
    badge, request = _groups(step, 0)
    tick, ticks = _groups(step, 1)
    call = step.events[0]
    result = first(
        mismatch("badge of the request", EP_BADGE, badge),
        mismatch("badge the kernel delivered with the client's Call", EP_BADGE,
                 num(call.get("badge"))),
        mismatch("tick period", TICK_NS, tick),
        mismatch("ticks to wait (one per ms asked for)", request, ticks),
    )
    if result is None:
        run.vars["request"] = request
        run.vars["started"] = _seq(step.events[-1])
    return result


def ticks_counted(run: Any, step: Any) -> Result:
    """Each tick counted is an interrupt, a wait on the notification, an ack."""
    ticks, elapsed = _groups(step)
    want = run.vars.get("request")
    irq, ntfn = run.vars.get("irq"), run.vars.get("ntfn")
    # Waits and acks since the timeout was set; interrupts since the line was
    # bound (one may come between ltimer_default_init and the timeout, and
    # the first wait then returns at once with it).
    started, bound = run.vars.get("started", 0), run.vars.get("bound", 0)
    waits = [e for e in run.events if e.get("ev") == "wait" and e.get("thread") == SERVER
             and _seq(e) > started and num(e.get("cptr")) == ntfn]
    irqs = [e for e in run.events if e.get("ev") == "irq" and _seq(e) > bound
            and num(e.get("irq")) == irq]
    acks = [e for e in run.events if e.get("ev") == "invoke" and e.get("op") == "IRQAckIRQ"
            and e.get("thread") == SERVER and _seq(e) > started and num(e.get("err")) == 0]
    result = first(
        mismatch("ticks counted (the client's request)", want, ticks),
        mismatch("waits on the notification of TASK 1", ticks, len(waits)),
        None if ticks is not None and len(irqs) >= ticks else
        (f"at least {ticks} timer interrupts delivered", f"{len(irqs)}"),
        None if ticks is not None and len(acks) >= ticks else
        (f"at least {ticks} acknowledgements (one per tick)", f"{len(acks)}"),
        None if elapsed is not None and ticks is not None and elapsed >= ticks // 2 else
        (f"about {ticks} ms on the clock", f"{elapsed} ms"),
    )
    if result is None:
        run.vars["ticks"] = ticks
    return result


def timer_destroyed(run: Any, step: Any) -> Result:
    """The line is released, stays quiet, and the client got its answer."""
    slept = _groups(step, 1)[0]
    clear, reply = step.events
    irq = run.vars.get("irq")
    late = [e for e in run.events if e.get("ev") == "irq" and _seq(e) > _seq(clear)
            and num(e.get("irq")) == irq]
    return first(
        None if not late else ("no timer interrupt after the line was released",
                               f"{len(late)} more"),
        None if slept is not None and slept >= (run.vars.get("ticks") or 0) // 2 else
        ("the client slept about as long as it asked", f"{slept} ms"),
        mismatch("answer went to", CLIENT, reply.get("to")),
    )
