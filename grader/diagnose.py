"""Naming how a run ended, from the exit status and the event channel.

`diagnose(run)` is a pure function of a Run.  It answers the question a
student asks first when a step fails -- did my program finish, hang, fault,
or did the machine itself die? -- with one `kind`, a one-line `summary` and a
few lines of evidence (`details`) taken from the console and the events.

kinds:
    exit          the root task exited (its status is in the halt event)
    task_todo     the root task stopped at a TASK_TODO stub
    user_fault    a thread faulted with no fault handler and was suspended
    stuck         every thread is blocked or suspended (halt reason "idle")
    debug_halt    a thread called seL4_DebugHalt
    kernel_panic  the kernel panicked (a kernel bug, never the student's)
    timeout       no halt within the time limit: most often an endless loop
    triple_fault  the machine reset (QEMU stops instead, with -no-reboot)
    output_flood  the grader stopped QEMU because of too much output
    qemu_error    QEMU did not start or failed on its own
    no_halt       QEMU reported a halt but the halt event is missing
    unexpected    an exit status the kernel never uses
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.qemu import CONSOLE_LIMIT, EVENTS_LIMIT, EXIT_HALTED, EXIT_PANIC, Run

_REPORT_STARTS = ("Caught ", "cap fault", "vm fault", "unknown syscall", "user exception",
                  "null fault")


@dataclass(frozen=True)
class Diagnosis:
    kind: str
    summary: str
    details: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "summary": self.summary, "details": list(self.details)}


def diagnose(run: Run) -> Diagnosis:
    """How the run ended, in order of what overrides what: the grader's own
    stops first, then the machine's fate, then what user code did."""
    if run.flooded is not None:
        return _flood(run)
    if run.timed_out:
        return _timeout(run)
    if run.panic is not None or run.exit_code == EXIT_PANIC:
        return _panic(run)
    if run.exit_code is None or (run.exit_code not in (0, EXIT_HALTED) and not run.events):
        return _qemu_error(run)
    if run.exit_code == 0 and run.halt is None:
        return Diagnosis("triple_fault", "the machine reset (triple fault): the CPU met a fault "
                         "it could not handle; this is a kernel or boot problem",
                         tuple(_last_lines(run, 4)))
    if run.halt is None:
        return Diagnosis("no_halt" if run.exit_code == EXIT_HALTED else "unexpected",
                         f"QEMU exited with status {run.exit_code} but the kernel sent "
                         "no halt event", tuple(_last_lines(run, 4)))
    return _halted(run, run.halt)


def _flood(run: Run) -> Diagnosis:
    if run.flooded == "events":
        return Diagnosis("output_flood", f"output flood: more than {EVENTS_LIMIT // (1 << 20)} "
                         "MiB of kernel events, so the grader stopped QEMU (a loop of "
                         "invocations or IPC?)", tuple(_last_lines(run, 3)))
    return Diagnosis("output_flood", f"output flood: more than {CONSOLE_LIMIT // 1024} KiB on "
                     "the console, so the grader stopped QEMU (printing in a loop?)",
                     tuple(_last_lines(run, 3)))


def _timeout(run: Run) -> Diagnosis:
    limit = f" within {run.timeout:g} s" if isinstance(run.timeout, (int, float)) else ""
    details = [f"last console line: {line}" for line in _last_lines(run, 1)]
    if run.events:
        details.append(f"last event: {describe_event(run.events[-1])}")
    return Diagnosis("timeout", f"time-out: the machine did not halt{limit}; most likely "
                     "a thread loops forever without blocking", tuple(details))


def _panic(run: Run) -> Diagnosis:
    message = str((run.panic or {}).get("msg", "")).strip() or "(no message)"
    return Diagnosis("kernel_panic", f"kernel panic: {message} (a kernel bug, not your "
                     "code's fault: please report it with console.log)",
                     tuple(_last_lines(run, 4)))


def _qemu_error(run: Run) -> Diagnosis:
    lines = [line for line in run.qemu_stderr.splitlines() if line.strip()]
    status = "did not start" if run.exit_code is None else f"exited with status {run.exit_code}"
    first = f": {lines[0]}" if lines else ""
    return Diagnosis("qemu_error", f"QEMU {status}{first}", tuple(lines[1:6]))


def _halted(run: Run, halt: dict[str, Any]) -> Diagnosis:
    reason = halt.get("reason")
    fault = next((f for f in run.faults if f.get("handled") is not True), None)
    if reason == "exit":
        stop = run.task_stop
        if stop is not None:
            return Diagnosis("task_todo", f"the program stopped at TASK {stop.task}'s stub: "
                             f"{stop.what}", (run.console[stop.line],))
        if fault is not None:
            return _user_fault(run, fault, then=f"then the root task exited with status "
                               f"{halt.get('status')}")
        return Diagnosis("exit", f"the root task exited with status {halt.get('status')}")
    if reason == "debug_halt":
        return Diagnosis("debug_halt", f"seL4_DebugHalt called by thread "
                         f"{_thread(halt.get('thread'))}", tuple(_last_lines(run, 2)))
    if reason == "idle":
        if fault is not None:
            return _user_fault(run, fault, then="no thread could run after that")
        return Diagnosis("stuck", "stuck: every thread is blocked or suspended and nothing "
                         "can wake one", tuple(_blocked_threads(run)))
    return Diagnosis("unexpected", f"the kernel halted for an unknown reason {reason!r}")


def _user_fault(run: Run, fault: dict[str, Any], *, then: str) -> Diagnosis:
    text = str(fault.get("text") or fault.get("type") or "fault")
    where = ""
    if fault.get("ip") is not None:
        symbol = run.symbolize(fault.get("ip"))
        where = f" at {fault.get('ip')}" + (f" (in {symbol})" if symbol else "")
    summary = (f"user fault: thread {_thread(fault.get('thread'))} {fault.get('type', '')}"
               f"{where}: {text}; it had no fault handler and was suspended, {then}")
    return Diagnosis("user_fault", " ".join(summary.split()), tuple(_fault_report(run, text)))


def _fault_report(run: Run, text: str) -> list[str]:
    """The kernel's fault report on the console, without the stack dump."""
    console = run.console
    start = next((i for i, line in enumerate(console)
                  if line.startswith(_REPORT_STARTS) and (text in line or "Caught" in line)),
                 None)
    if start is None:
        return []
    report = []
    for line in console[start:start + 6]:
        if line.startswith("With stack") or (report and line.startswith("<<seL4")):
            break
        report.append(line)
    return report


def _blocked_threads(run: Run) -> list[str]:
    """For each thread, its last event if that event is a block."""
    last: dict[str, dict[str, Any]] = {}
    for event in run.events:
        thread = event.get("thread")
        if isinstance(thread, str):
            last[thread] = event
    return [f"thread {_thread(name)} blocked on {event.get('on', '?')} "
            f"(cptr {event.get('cptr', '?')})"
            for name, event in last.items() if event.get("ev") == "block"]


def _last_lines(run: Run, count: int) -> list[str]:
    lines = [line for line in run.console if line.strip()]
    return lines[-count:]


def _thread(name: Any) -> str:
    return f'"{name}"' if isinstance(name, str) else "(unknown)"


def describe_event(event: dict[str, Any]) -> str:
    """One line for a person: the name first, then the other keys."""
    head = str(event.get("ev", "?"))
    if "op" in event:
        head += f" {event['op']}"
    rest = ", ".join(f"{key}={json_value(value)}" for key, value in event.items()
                     if key not in ("ev", "op", "seq"))
    seq = f"#{event['seq']} " if "seq" in event else ""
    return f"{seq}{head}" + (f" ({rest})" if rest else "")


def json_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(json_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={json_value(v)}" for k, v in value.items()) + "}"
    return str(value)
