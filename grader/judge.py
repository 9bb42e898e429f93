"""Judging a run step by step: `judge(lab, run)` is a pure function.

Steps are judged in order.  Each channel (console lines, kernel events) has
a cursor that starts where the previous step's last match ended, so a step
can only be satisfied by output that came after the output of the steps
before it.  Within a step:

  1. each console regex must match one whole line, in order, after the
     console cursor;
  2. each expected event must match an event, in order, after the event
     cursor (every expected key present and equal; strings are full-match
     regexes);
  3. the optional check function in checks.py gets a view of the run and the
     step's matches, and returns None (pass) or (expected, actual).

The first failing step stops judging: later steps are `not_reached`, since
their output would be judged against a program that already went wrong.
When the program stopped at the TASK_TODO stub of the failing step's task,
the step shows the lab's `not_done` text instead of a bare mismatch.

Nothing here reads files or the clock, so batch mode can judge saved runs.
"""
from __future__ import annotations

import difflib
import re
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

from grader.diagnose import Diagnosis, clip, describe_event, diagnose, json_value
from grader.lab import Lab, Step
from grader.qemu import Run, TaskStop

PASSED, FAILED, NOT_REACHED = "passed", "failed", "not_reached"

# How the end of a run names a failed judgement; anything else is "failed".
_VERDICT_OF_KIND = {kind: kind for kind in (
    "timeout", "kernel_panic", "triple_fault", "output_flood", "user_fault", "stuck",
    "qemu_error", "boot_error")}

CONTEXT_BEFORE = 2
CONTEXT_AFTER = 4


@dataclass
class StepResult:
    step: Step
    status: str
    expected: str
    actual: str | None = None
    message: str | None = None        # one line: why it failed
    context: list[str] = field(default_factory=list)   # console lines around the failure

    @property
    def points(self) -> int:
        return self.step.points if self.status == PASSED else 0


@dataclass
class Judgement:
    lab: Lab
    steps: list[StepResult]
    verdict: str
    diagnosis: Diagnosis
    build_errors: list[str] = field(default_factory=list)
    build_warnings: list[str] = field(default_factory=list)   # user code: shown, not fatal

    @property
    def score(self) -> int:
        return sum(result.points for result in self.steps)

    @property
    def max_score(self) -> int:
        return self.lab.max_score

    @property
    def passed(self) -> bool:
        return self.verdict == "passed"

    @property
    def first_failure(self) -> StepResult | None:
        return next((r for r in self.steps if r.status == FAILED), None)


# ---- what check functions see ----

@dataclass
class RunView:
    """What a checks.py function may read about the whole run."""
    console: list[str]
    events: list[dict[str, Any]]
    boot: dict[str, Any] | None
    halt: dict[str, Any] | None
    faults: list[dict[str, Any]]
    exit_status: int | None
    vars: dict[str, Any] = field(default_factory=dict)


@dataclass
class StepView:
    """The step being checked and what its console regexes and events matched."""
    id: str
    tasks: tuple[int, ...]
    matches: list[re.Match[str]]
    lines: list[int]                  # console index of each matched line
    events: list[dict[str, Any]]

    @property
    def groups(self) -> list[tuple[str | Any, ...]]:
        return [match.groups() for match in self.matches]


# ---- judging ----

def judge(lab: Lab, run: Run) -> Judgement:
    diagnosis = diagnose(run)
    view = RunView(console=list(run.console), events=list(run.events), boot=run.boot,
                   halt=run.halt, faults=run.faults, exit_status=run.exit_status)
    results: list[StepResult] = []
    console_at = event_at = 0
    failed = False
    for step in lab.steps:
        if failed:
            results.append(StepResult(step, NOT_REACHED, expected_text(step)))
            continue
        result, console_at, event_at = _judge_step(lab, step, run, view, console_at, event_at)
        failed = result.status == FAILED
        results.append(result)
    return Judgement(lab=lab, steps=results, verdict=_verdict(lab, run, results, diagnosis),
                     diagnosis=diagnosis)


def every_step_passed(lab: Lab) -> Callable[[Run], bool]:
    """The question the QEMU runner asks while a run goes on (qemu.boot's
    `until`): would every step pass on the output so far?  Then the run can
    end at once rather than at the time-out, when threads serve forever.  A
    lab without steps never says yes: its verdict needs the exit status."""
    def passed(run: Run) -> bool:
        return bool(lab.steps) and all(result.status == PASSED
                                       for result in judge(lab, run).steps)
    return passed


def judge_build_failure(lab: Lab, errors: list[str]) -> Judgement:
    """Nothing ran: every step is not_reached and the errors say why."""
    steps = [StepResult(step, NOT_REACHED, expected_text(step)) for step in lab.steps]
    first = first_error(errors)
    summary = f"build failed: {first}" if first else "build failed"
    return Judgement(lab=lab, steps=steps, verdict="build_failed",
                     diagnosis=Diagnosis("build_failed", summary, tuple(errors)),
                     build_errors=list(errors))


def first_error(errors: list[str]) -> str | None:
    """The line a student should read first: the first one that names an
    error (gcc starts with "In function ..." context lines, and the linker's
    own "collect2: error" line says less than the one before it)."""
    def names_error(line: str) -> bool:
        return ("error" in line.lower() or "undefined reference" in line) and \
            not line.startswith("collect2:")
    return next((line.strip() for line in errors if names_error(line)),
                errors[0].strip() if errors else None)


def _verdict(lab: Lab, run: Run, results: list[StepResult], diagnosis: Diagnosis) -> str:
    failure = next((r for r in results if r.status == FAILED), None)
    if failure is None:
        if lab.steps:
            return "passed"
        # A lab with no steps (playground) passes when the program exits with 0.
        return "passed" if diagnosis.kind == "exit" and run.exit_status == 0 else \
            _VERDICT_OF_KIND.get(diagnosis.kind, "failed")
    if _stopped_at_task(run, failure.step) is not None:
        return "not_done"
    return _VERDICT_OF_KIND.get(diagnosis.kind, "failed")


def _stopped_at_task(run: Run, step: Step) -> TaskStop | None:
    stop = run.task_stop
    return stop if stop is not None and stop.task in step.tasks else None


def _judge_step(lab: Lab, step: Step, run: Run, view: RunView, console_at: int,
                event_at: int) -> tuple[StepResult, int, int]:
    expected = expected_text(step)
    matches, lines, missing = match_console(step.console, run.console, console_at)
    if missing is not None:
        return _console_failure(step, run, expected, missing, lines, console_at), \
            console_at, event_at
    new_console_at = lines[-1] + 1 if lines else console_at
    found, indexes, missing = match_events(step.events, run.events, event_at)
    if missing is not None:
        result = _event_failure(step, run, expected, missing, indexes, event_at)
        if not result.context:
            # Where the step's own console lines were: the lines near them
            # often hold the kernel's complaint.
            result.context = console_context(run.console, lines[-1] if lines else console_at,
                                             mark=lines[-1] if lines else None)
        return result, console_at, event_at
    new_event_at = indexes[-1] + 1 if indexes else event_at
    if step.check is not None:
        step_view = StepView(step.id, step.tasks, matches, lines, found)
        outcome = run_check(lab, step, view, step_view)
        if outcome is not None:
            result = StepResult(step, FAILED, outcome[0], actual=outcome[1],
                                message=f"check {step.check}() failed")
            _explain_task_stop(result, run)
            return result, console_at, event_at
    actual = "\n".join([run.console[i] for i in lines] +
                       [describe_event(event) for event in found])
    return StepResult(step, PASSED, expected, actual=actual), new_console_at, new_event_at


# ---- console ----

def match_console(patterns: tuple[str, ...], console: list[str], start: int
                  ) -> tuple[list[re.Match[str]], list[int], int | None]:
    """Match each regex against one whole line, in order, from `start`.

    Returns the matches, their line indexes, and the index of the first
    pattern that found no line (None when all matched).  Taking the earliest
    line for each pattern never misses an ordering that exists.
    """
    matches: list[re.Match[str]] = []
    lines: list[int] = []
    at = start
    for number, pattern in enumerate(patterns):
        regex = re.compile(pattern)
        hit = next(((i, m) for i in range(at, len(console))
                    if (m := regex.fullmatch(console[i])) is not None), None)
        if hit is None:
            return matches, lines, number
        lines.append(hit[0])
        matches.append(hit[1])
        at = hit[0] + 1
    return matches, lines, None


def _console_failure(step: Step, run: Run, expected: str, missing: int, lines: list[int],
                     console_at: int) -> StepResult:
    pattern = step.console[missing]
    search_from = lines[-1] + 1 if lines else console_at
    closest = closest_line(pattern, run.console, search_from)
    earlier = next((i for i in range(console_at) if re.fullmatch(pattern, run.console[i])), None)
    if earlier is not None:
        actual = (f"line {earlier + 1} matches, but it comes before line {console_at + 1}, "
                  f"where this step starts (after the previous step's output)")
    elif closest is not None:
        actual = f"closest line ({closest + 1}): {clip(run.console[closest], 400)}"
    elif search_from < len(run.console):
        actual = f"no line after line {search_from} looks like it"
    else:
        actual = ("the console is empty" if not run.console
                  else f"the console ended at line {len(run.console)}")
    complaint = _first_user_error(run.console, search_from)
    if complaint is not None:
        actual += f"\nthe kernel said (line {complaint + 1}): {run.console[complaint]}"
    result = StepResult(step, FAILED, expected, actual=actual,
                        message=f"no console line matches {pattern}",
                        context=console_context(run.console,
                                                closest if closest is not None else search_from,
                                                mark=closest))
    _explain_task_stop(result, run)
    return result


def _first_user_error(console: list[str], start: int) -> int | None:
    """The first `<<seL4 ...>>` user-error line from `start`: a failed
    invocation is often why the expected line never came."""
    return next((i for i in range(start, len(console)) if console[i].startswith("<<seL4")),
                None)


def closest_line(pattern: str, console: list[str], start: int) -> int | None:
    """The line after `start` most like the regex, read as plain text."""
    plain = re.sub(r"\\[dDsSwWbB]|[\^$()\[\]{}*+?|\\]", "", pattern)
    best, best_ratio = None, 0.55
    for index in range(start, min(len(console), start + 2000)):
        ratio = difflib.SequenceMatcher(None, plain, console[index][:300]).ratio()
        if ratio > best_ratio:
            best, best_ratio = index, ratio
    return best


def console_context(console: list[str], around: int, *, mark: int | None = None) -> list[str]:
    """A few numbered console lines around `around`; `mark` gets a '>'."""
    first = max(around - CONTEXT_BEFORE, 0)
    last = min(around + CONTEXT_AFTER, len(console))
    width = len(str(last))
    return [f"{'>' if index == mark else ' '} {index + 1:>{width}} | {printable(console[index])}"
            for index in range(first, last)]


def printable(text: str, limit: int = 200) -> str:
    """A console line safe to show on a terminal: control bytes escaped."""
    shown = "".join(ch if ch.isprintable() or ch == "\t" else f"\\x{ord(ch) & 0xff:02x}"
                    for ch in text[:limit])
    return shown + ("..." if len(text) > limit else "")


# ---- events ----

def value_matches(expected: Any, actual: Any) -> bool:
    """One expected value against one event value.

    Booleans only equal booleans and numbers only numbers (JSON's true is
    not 1); strings are regexes matching the whole value; lists compare
    element by element with these same rules; tables match as subsets.
    """
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(expected, bool) and isinstance(actual, bool) and expected == actual
    if isinstance(expected, (int, float)):
        return isinstance(actual, (int, float)) and expected == actual
    if isinstance(expected, str):
        return isinstance(actual, str) and re.fullmatch(expected, actual) is not None
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(
            value_matches(e, a) for e, a in zip(expected, actual))
    if isinstance(expected, dict):
        return isinstance(actual, dict) and event_matches(expected, actual)
    return False


def event_matches(expected: dict[str, Any], event: dict[str, Any]) -> bool:
    return all(key in event and value_matches(value, event[key])
               for key, value in expected.items())


def match_events(expected: tuple[dict[str, Any], ...], events: list[dict[str, Any]],
                 start: int) -> tuple[list[dict[str, Any]], list[int], int | None]:
    """Like match_console, for expected event tables."""
    found: list[dict[str, Any]] = []
    indexes: list[int] = []
    at = start
    for number, table in enumerate(expected):
        hit = next((i for i in range(at, len(events)) if event_matches(table, events[i])), None)
        if hit is None:
            return found, indexes, number
        found.append(events[hit])
        indexes.append(hit)
        at = hit + 1
    return found, indexes, None


def _event_failure(step: Step, run: Run, expected: str, missing: int, indexes: list[int],
                   event_at: int) -> StepResult:
    table = step.events[missing]
    start = indexes[-1] + 1 if indexes else event_at
    closest = closest_event(table, run.events, start)
    if closest is not None:
        event = run.events[closest]
        shown = {key: value for key, value in event.items() if key != "msg"}
        actual = f"closest event: {shorten(describe_event(shown))}\n" + \
            "\n".join(event_differences(table, event))
    elif run.events:
        actual = f"no event after #{start} comes close (events end at #{len(run.events)})"
    else:
        actual = "the kernel sent no events at all"
    result = StepResult(step, FAILED, expected, actual=actual,
                        message=f"the kernel saw no event {format_table(table)}")
    _explain_task_stop(result, run)
    return result


def closest_event(table: dict[str, Any], events: list[dict[str, Any]], start: int) -> int | None:
    """The event after `start` that agrees with the most expected keys,
    among those with the expected name (and operation, if one is given)."""
    best, best_score = None, -1
    for index in range(start, len(events)):
        event = events[index]
        if any(key in table and not value_matches(table[key], event.get(key))
               for key in ("ev", "op")):
            continue
        score = sum(1 for key, value in table.items()
                    if key in event and value_matches(value, event[key]))
        if score > best_score:
            best, best_score = index, score
    return best


def event_differences(table: dict[str, Any], event: dict[str, Any]) -> list[str]:
    """One line per expected key the event does not satisfy, and the
    kernel's user-error line if it gave one."""
    differences = []
    for key, value in table.items():
        if key not in event:
            differences.append(f"  it has no '{key}' (expected {json_value(value)})")
        elif not value_matches(value, event[key]):
            differences.append(f"  its {key} is {json_value(event[key])}, "
                               f"expected {json_value(value)}")
    if "msg" in event:
        differences.append(f"  the kernel said: {event['msg']}")
    return differences


def format_table(table: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{key} = {json_value(value)}" for key, value in table.items()) + "}"


def shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


# ---- check functions ----

def run_check(lab: Lab, step: Step, view: RunView, step_view: StepView
              ) -> tuple[str, str] | None:
    """Call the step's checks.py function; anything odd it does (raising,
    returning garbage) fails the step instead of crashing the grader."""
    function = getattr(lab.checks, step.check or "", None)
    if not callable(function):
        return (f"a check function '{step.check}'", "checks.py does not define it")
    try:
        outcome = function(view, step_view)
    except Exception as exc:  # lab code fed with submission output
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return (f"check {step.check}() to pass", f"it raised {last}")
    if outcome is None:
        return None
    if isinstance(outcome, (tuple, list)) and len(outcome) == 2:
        return (str(outcome[0]), str(outcome[1]))
    return (f"check {step.check}() to return None or (expected, actual)",
            f"it returned {outcome!r:.100}")


# ---- words ----

def expected_text(step: Step) -> str:
    parts = [f"console line matching {pattern}" for pattern in step.console]
    parts += [f"event {format_table(table)}" for table in step.events]
    if step.check is not None:
        parts.append(f"check {step.check}() passes")
    return "\n".join(parts) if parts else "(nothing)"


def _explain_task_stop(result: StepResult, run: Run) -> None:
    """If the program stopped at this step's TASK stub, say so plainly."""
    stop = _stopped_at_task(run, result.step)
    if stop is None:
        return
    result.message = result.step.not_done or f"TASK {stop.task} is not done yet: {stop.what}"
    result.actual = f"the program stopped at TASK {stop.task}'s stub: {run.console[stop.line]}"
    result.context = console_context(run.console, stop.line, mark=stop.line)
