"""Naming how a run ended, from the exit status and the event channel.

`diagnose(run)` is a pure function of a Run.  It answers the question a
student asks first when a step fails -- did my program finish, hang, fault,
or did the machine itself die? -- with one `kind`, a one-line `summary` and a
few lines of evidence (`details`) taken from the console and the events.

kinds:
    exit          the root task exited (its status is in the halt event), or
                  returned from main and then no thread could run
    complete      every step had passed, so the grader stopped the machine
                  (threads were still running: servers that never return)
    task_todo     the root task stopped at a TASK_TODO stub
    user_fault    a thread faulted with no fault handler and was suspended
    stuck         every thread is blocked or suspended (halt reason "idle")
    debug_halt    a thread called seL4_DebugHalt (or the kernel halted on a bad
                  debug call, such as seL4_DebugNameThread with a long name)
    boot_error    the kernel could not start the root task (an image too big, ...)
    kernel_panic  the kernel panicked (a kernel bug, never the student's)
    timeout       no halt within the time limit: most often an endless loop
    triple_fault  the machine reset (QEMU stops instead, with -no-reboot)
    output_flood  the grader stopped QEMU because of too much output
    qemu_error    QEMU did not start or failed on its own
    no_halt       QEMU reported a halt but the halt event is missing
    unexpected    an exit status or a halt reason the kernel never uses
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from grader.qemu import CONSOLE_LIMIT, EVENTS_LIMIT, EXIT_HALTED, EXIT_PANIC, Run

_REPORT_STARTS = ("Caught ", "cap fault", "vm fault", "unknown syscall", "user exception",
                  "null fault")

# A diagnosis goes into every JSON result: a 1 MiB console line must not.
SUMMARY_LIMIT = 1000
DETAIL_LIMIT = 300

ABORT_STATUS = 134        # libc: abort() and a failed assert()

# x86 exception vectors a user thread can raise, and what usually raises them.
_VECTORS = {
    0x0: "divide error: a division by zero",
    0x1: "debug exception",
    0x3: "breakpoint (int3)",
    0x4: "overflow (into)",
    0x5: "bound range exceeded",
    0x6: "invalid opcode: an undefined instruction such as ud2 or __builtin_trap(), or "
         "a jump into data",
    0x7: "device not available: an x87 or SSE instruction the CPU refused (not expected: "
         "the kernel keeps every thread's floating-point registers)",
    0xc: "stack-segment fault",
    0xd: "general protection: a privileged instruction such as hlt, cli, in/out or a "
         "control-register access, an int N the program may not raise, or a non-canonical "
         "address",
    0x10: "x87 floating-point error: an exception the program unmasked in the x87 control "
          "word (division by zero, invalid operation, ...)",
    0x11: "alignment check",
    0x13: "SIMD floating-point error: an exception the program unmasked in MXCSR "
          "(division by zero, invalid operation, ...)",
}

# The root task's own caps in its root CNode (seL4's initial slots).
_OWN_CAPS = {1: "TCB", 2: "CNode", 3: "VSpace"}

_NUMBER = r"(0x[0-9a-fA-F]+|\(nil\)|0)"
_USER_EXCEPTION_RE = re.compile(r"user exception " + _NUMBER)
_VM_FAULT_RE = re.compile(r"vm fault on (code|data) at address " + _NUMBER +
                          r" with status " + _NUMBER)
_STACK_LINE_RE = re.compile(r"^" + _NUMBER + r": ")
_KERNEL_HALTING_RE = re.compile(r"^<<seL4.*?\]: (.*halting\.)>>$")

KERNEL_HALF = 0xFFFF800000000000
STACK_SLACK = 4096        # a fault this close to the stack pointer is the stack


@dataclass(frozen=True)
class Diagnosis:
    kind: str
    summary: str
    details: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Console text and thread names are the student's: keep them to one
        # line each, of a size a report can show, with no terminal controls.
        object.__setattr__(self, "summary", clip(visible(self.summary), SUMMARY_LIMIT))
        object.__setattr__(self, "details",
                           tuple(clip(visible(str(d)), DETAIL_LIMIT) for d in self.details))

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
    if run.completed:
        return _halted(run, run.halt) if run.halt is not None else _complete(run)
    if run.exit_code is None or (run.exit_code not in (0, EXIT_HALTED) and not run.events):
        return _qemu_error(run)
    if run.exit_code == 0 and run.halt is None:
        return _reset(run)
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
    limit = f"output flood: more than {CONSOLE_LIMIT // 1024} KiB on the console, so the " \
        "grader stopped QEMU"
    tail = _last_lines(run, 20)
    errors = [line for line in tail if line.startswith("<<seL4")]
    if tail and len(errors) * 2 >= len(tail):
        # Most of it is the kernel's own: one user-error line per failed call.
        return Diagnosis("output_flood", f"{limit}; it is mostly the kernel's error lines for "
                         "failed invocations (a kernel call that fails, made in a loop?)",
                         (f"the kernel said: {errors[0]}",))
    return Diagnosis("output_flood", f"{limit} (printing in a loop?)",
                     tuple(_last_lines(run, 3)))


def _timeout(run: Run) -> Diagnosis:
    limit = f" within {run.timeout:g} s" if isinstance(run.timeout, (int, float)) else ""
    details = [f"last console line: {line}" for line in _last_lines(run, 1)]
    if run.events:
        details.append(f"last event: {describe_event(run.events[-1])}")
    return Diagnosis("timeout", f"time-out: the machine did not halt{limit}; most likely "
                     "a thread loops forever without blocking", tuple(details))


def _complete(run: Run) -> Diagnosis:
    ended = next((e for e in run.events if e.get("ev") == "thread_exit" and e.get("root")),
                 None)
    main = "" if ended is None else \
        f" (the root task returned from main with status {ended.get('status')})"
    return Diagnosis("complete", "every step passed, so the grader stopped the machine while "
                     f"threads were still running{main}", tuple(_last_lines(run, 1)))


def _reset(run: Run) -> Diagnosis:
    """QEMU stopped as it does on a reset.  Usually a triple fault, a kernel
    or boot problem; but a program given I/O port caps can also reset the
    machine with a write to a reset port (0x64, the keyboard controller), or
    power it off through the ACPI power-management ports."""
    details = _last_lines(run, 4)
    last = next((e for e in reversed(run.events) if e.get("ev") not in ("boot", "halt")), None)
    if last is not None:
        details.append(f"last event before the reset: {describe_event(last)}")
    ports = any(e.get("op") == "X86IOPortControlIssue" and e.get("err") == 0
                for e in run.events if e.get("ev") == "invoke")
    if ports:
        return Diagnosis("triple_fault", "the machine reset or powered off (a triple fault, "
                         "or a command): the program was given I/O port caps, and a write to a "
                         "reset port such as 0x64 (the keyboard controller) or to the ACPI "
                         "power-management ports stops the machine; if it made none, this is a "
                         "kernel problem", tuple(details))
    return Diagnosis("triple_fault", "the machine reset (triple fault): the CPU met a fault "
                     "it could not handle; this is a kernel or boot problem", tuple(details))


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
        return _exit(run, halt.get("status"))
    if reason == "debug_halt":
        return _debug_halt(run, halt)
    if reason == "idle":
        if fault is not None:
            return _user_fault(run, fault, then="no thread could run after that")
        return Diagnosis("stuck", "stuck: every thread is blocked or suspended and nothing "
                         "can wake one", tuple(_idle_threads(run)))
    if reason == "boot_error":
        return _boot_error(run)
    return Diagnosis("unexpected", f"the kernel halted for an unknown reason {reason!r}")


def _returned_from_main(run: Run) -> bool:
    """The root task's main returned (only its thread stopped; the machine
    halted later, when no thread could run)."""
    return any(e.get("ev") == "thread_exit" and e.get("root") is True for e in run.events)


def _exit(run: Run, status: Any) -> Diagnosis:
    """A normal exit; abort() and assert() exit too, and are named."""
    plain = f"the root task exited with status {status}"
    if _returned_from_main(run):
        return Diagnosis("exit", f"{plain} (main returned; the machine halted once no "
                         "thread could run)")
    if status != ABORT_STATUS:
        return Diagnosis("exit", plain)
    tail = _last_lines(run, 4)
    failed = next((line for line in reversed(tail) if line.startswith("Assertion failed:")),
                  None)
    if failed is not None:
        return Diagnosis("exit", f"the root task failed an assert() (exit status "
                         f"{status}): {failed.removeprefix('Assertion failed:').strip()}",
                         (failed,))
    if any(line.startswith("abort() called") for line in tail):
        return Diagnosis("exit", f"the root task called abort() (exit status {status}), "
                         "directly or through ZF_LOGF", tuple(tail[-2:]))
    return Diagnosis("exit", f"{plain} (the status of abort() and of a failed assert())")


def _debug_halt(run: Run, halt: dict[str, Any]) -> Diagnosis:
    """seL4_DebugHalt, or the kernel stopping on a bad debug call: then its
    last user-error line says "halting." and no "Debug halt" line follows."""
    console = run.console
    for index in range(len(console) - 1, max(len(console) - 8, -1), -1):
        line = console[index]
        if line.startswith("Debug halt syscall"):
            break
        said = _KERNEL_HALTING_RE.match(line)
        if said is not None:
            return Diagnosis("debug_halt", f"the kernel halted the machine because of a bad "
                             f"debug call by thread {_thread(halt.get('thread'))}: "
                             f"{said.group(1)}", (line,))
    return Diagnosis("debug_halt", f"seL4_DebugHalt called by thread "
                     f"{_thread(halt.get('thread'))}", tuple(_last_lines(run, 2)))


def _boot_error(run: Run) -> Diagnosis:
    """The kernel refused the root task before it ran (its `boot_error`
    event says why; the console has the same words)."""
    event = run.first_event("boot_error") or {}
    why = str(event.get("msg") or "").strip()
    line = next((l for l in run.console if l.startswith("caplab: cannot start the root task")),
                None)
    if not why and line is not None:
        why = line.partition("task:")[2].strip()
    details = [line] if line is not None else []
    if "larger than" in why:
        details.append("code, data and bss together count: a big static array is the usual "
                       "cause, even an uninitialised one")
    return Diagnosis("boot_error", f"the kernel could not start the root task: "
                     f"{why or 'no reason given'}", tuple(details))


def _user_fault(run: Run, fault: dict[str, Any], *, then: str) -> Diagnosis:
    text = str(fault.get("text") or fault.get("type") or "fault")
    where = ""
    if fault.get("ip") is not None:
        symbol = run.symbolize(fault.get("ip"))
        where = f" at {fault.get('ip')}" + (f" (in {symbol})" if symbol else "")
    report = _fault_report(run, text)
    meaning = _fault_meaning(text, _stack_pointer(run, text), _number(str(fault.get("ip"))))
    summary = (f"user fault: thread {_thread(fault.get('thread'))} {fault.get('type', '')}"
               f"{where}: {text}" + (f" ({meaning})" if meaning else "") +
               f"; it had no fault handler and was suspended, {then}")
    return Diagnosis("user_fault", " ".join(summary.split()), tuple(report))


def _fault_meaning(text: str, stack_pointer: int | None, ip: int | None) -> str | None:
    """What the kernel's fault text usually means, in a student's words.

    A jump shows as a fault whose address is the thread's IP: like seL4 on
    x86_64, the kernel turns on neither NX nor SMEP, so the CPU reports an
    instruction fetch as a read ("vm fault on data", status 0x4 or 0x5)."""
    exception = _USER_EXCEPTION_RE.search(text)
    if exception is not None:
        vector = _number(exception.group(1))
        return _VECTORS.get(vector) if vector is not None else None
    vm = _VM_FAULT_RE.search(text)
    if vm is None:
        return None
    address, status = _number(vm.group(2)), _number(vm.group(3))
    if address is None or status is None:
        return None
    if vm.group(1) == "code" or address == ip:
        if address >= KERNEL_HALF:
            return "a jump into kernel memory, which user code cannot run"
        if address < 0x1000:
            return "a call through a NULL function pointer"
        return "a jump to an address with no code (a bad function pointer or a " \
               "smashed return address)"
    if stack_pointer is not None and abs(address - stack_pointer) <= STACK_SLACK:
        return "at the stack pointer: most likely a stack overflow, from endless or deep " \
               "recursion or from big local arrays"
    if address < 0x1000:
        return "a write through a NULL pointer" if status & 2 else "a read through a NULL pointer"
    if address >= KERNEL_HALF:
        return "an access to kernel memory, which user code cannot touch"
    if status & 1 and status & 2:
        return "a write to a read-only page, such as the program's code or constant data"
    return "an access to an address where nothing is mapped (a wild or uninitialised " \
           "pointer, or past the end of an array)"


def _number(text: str) -> int | None:
    if text in ("(nil)", "0"):
        return 0
    try:
        return int(text, 16)
    except ValueError:
        return None


def _report_start(console: list[str], text: str) -> int | None:
    """Where the kernel's report of the fault with this text begins: a line
    with the text itself, or a "Caught" line with the text just below it (a
    "Caught" line on its own may be something the program printed)."""
    for index, line in enumerate(console):
        if not line.startswith(_REPORT_STARTS):
            continue
        if text in line or (line.startswith("Caught") and
                            any(text in l for l in console[index + 1:index + 4])):
            return index
    return None


def _fault_report(run: Run, text: str) -> list[str]:
    """The kernel's fault report on the console, without the stack dump."""
    console = run.console
    start = _report_start(console, text)
    if start is None:
        return []
    report = []
    for line in console[start:start + 6]:
        if line.startswith("With stack") or (report and line.startswith("<<seL4")):
            break
        report.append(line)
    return report


def _stack_pointer(run: Run, text: str) -> int | None:
    """The faulting thread's stack pointer: the report's stack dump starts
    at it ("With stack:" then "0x<rsp>: <value>")."""
    console = run.console
    start = _report_start(console, text)
    if start is None:
        return None
    for index in range(start, min(start + 8, len(console) - 1)):
        if console[index].startswith("With stack"):
            match = _STACK_LINE_RE.match(console[index + 1])
            return _number(match.group(1)) if match else None
    return None


def _idle_threads(run: Run) -> list[str]:
    """Why nothing can run: for each thread, what it waits on, or for one
    that is not blocked, its last kernel call (it was suspended after it);
    and the kernel's own words when it suspended a thread."""
    last: dict[str, dict[str, Any]] = {}
    for event in run.events:
        thread = event.get("thread")
        if isinstance(thread, str) and event.get("ev") != "halt":
            last[thread] = event
        _follow_rename(last, event)
    lines = []
    for name, event in last.items():
        if event.get("ev") == "block":
            lines.append(f"thread {_thread(name)} blocked on {event.get('on', '?')} "
                         f"(cptr {event.get('cptr', '?')})")
        else:
            lines.append(f"thread {_thread(name)} is not blocked but was suspended; its last "
                         f"kernel call: {_call(event)}{_own_cap_note(name, event)}")
    lines += [f"the kernel said: {line}" for line in run.console
              if line.startswith("caplab: thread ") and "suspending it" in line][:3]
    return lines


def _follow_rename(last: dict[str, dict[str, Any]], event: dict[str, Any]) -> None:
    """A thread renamed with seL4_DebugNameThread goes on under its new
    name (the event's `was` and `name`), so it is listed once."""
    was, name = event.get("was"), event.get("name")
    if event.get("ev") == "name_thread" and isinstance(was, str) and isinstance(name, str) \
            and was != name and was in last:
        last[name] = last.pop(was)


def _call(event: dict[str, Any]) -> str:
    """A short account of one event, for a person."""
    head = str(event.get("op") or event.get("ev") or "?")
    keys = [f"{key} {event[key]}" for key in ("index", "dest", "src", "cptr", "depth", "error")
            if key in event]
    return head + (f" ({', '.join(keys)})" if keys else "")


def _own_cap_note(thread: str, event: dict[str, Any]) -> str:
    """The root task deleting or revoking one of its own initial caps."""
    if thread != "rootserver" or event.get("op") not in ("CNodeDelete", "CNodeRevoke") \
            or event.get("err") != 0:
        return ""
    index = event.get("index")
    if event.get("cptr") != 2 or index not in _OWN_CAPS:
        return ""
    verb = "deleted" if event["op"] == "CNodeDelete" else "revoked"
    return f"; it {verb} slot {index}, its own {_OWN_CAPS[index]} cap"


def _last_lines(run: Run, count: int) -> list[str]:
    lines = [line for line in run.console if line.strip()]
    return lines[-count:]


def visible(text: str) -> str:
    """`text` with control characters (newlines too) written as \\xNN."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == "\t" else
                   f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
                   for ch in text)


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"


def _thread(name: Any) -> str:
    """A thread name as the kernel gave it, quoted; it is whatever the
    program passed to seL4_DebugNameThread, so quotes are escaped."""
    if not isinstance(name, str):
        return "(unknown)"
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'



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
