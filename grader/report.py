"""Showing a judgement: a terminal report and the JSON result.

The terminal report is for a student at a prompt: one line per step, then
for the first failing step what was expected, what was found, the console
around the place where matching stopped, and the hint; then the score.
Colour is used only on a terminal and never when NO_COLOR is set.  Marks are
✓ ✗ · when the terminal can show them, PASS FAIL ---- otherwise.

The JSON result (also saved as build/grader/<lab>/result.json) is for tools:
the schema is in docs/grader.md and is kept stable for batch mode.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any, TextIO

from grader.judge import FAILED, NOT_REACHED, PASSED, Judgement, StepResult, printable
from grader.qemu import Run

SCHEMA_VERSION = 1

VERDICT_WORDS = {
    "passed": "all steps passed",
    "failed": "a step failed",
    "not_done": "not done yet: the program stopped at a TASK stub",
    "build_failed": "build failed",
    "timeout": "time-out (the program hangs)",
    "kernel_panic": "kernel panic",
    "triple_fault": "triple fault (the machine reset)",
    "output_flood": "output flood",
    "user_fault": "user fault",
    "stuck": "stuck (every thread blocked)",
    "qemu_error": "QEMU failed",
    "boot_error": "the kernel could not start the program",
}


@dataclass(frozen=True)
class Style:
    """Colours and marks for one output stream."""
    colour: bool
    unicode: bool

    @classmethod
    def for_stream(cls, stream: TextIO) -> "Style":
        return cls(colour=use_colour(stream), unicode=can_encode(stream, "✓✗·—"))

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text

    def green(self, text: str) -> str:
        return self.paint(text, "32")

    def red(self, text: str) -> str:
        return self.paint(text, "31")

    def yellow(self, text: str) -> str:
        return self.paint(text, "33")

    def dim(self, text: str) -> str:
        return self.paint(text, "2")

    def bold(self, text: str) -> str:
        return self.paint(text, "1")

    def mark(self, status: str) -> str:
        marks = {PASSED: ("✓", "PASS"), FAILED: ("✗", "FAIL"), NOT_REACHED: ("·", "----")}
        symbol, word = marks[status]
        text = symbol if self.unicode else word
        colour = {PASSED: self.green, FAILED: self.red, NOT_REACHED: self.dim}[status]
        return colour(text)


def use_colour(stream: TextIO) -> bool:
    """Colour only for a terminal, and never with NO_COLOR or TERM=dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def can_encode(stream: TextIO, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


# ---- terminal ----

def render(judgement: Judgement, *, style: Style, run: Run | None = None,
           verbose: bool = False) -> str:
    """The whole terminal report as one string."""
    lab = judgement.lab
    lines = [style.bold(f"{lab.name}: {lab.title}")]
    lines += _run_summary(judgement, run, style)
    if lab.steps:
        lines.append("")
        lines += [_step_line(result, style, judgement) for result in judgement.steps]
        if verbose:
            lines += _passed_details(judgement, style)
    failure = judgement.first_failure
    if failure is not None:
        lines.append("")
        lines += _failure_details(failure, style)
    if judgement.verdict == "build_failed":
        lines.append("")
        lines += _build_errors(judgement, style)
    if verbose and run is not None and run.bad_event_lines:
        lines.append(style.yellow(f"{len(run.bad_event_lines)} malformed event line(s) "
                                  f"skipped, first: {printable(run.bad_event_lines[0][1])}"))
    lines.append("")
    lines.append(_score_line(judgement, style))
    return "\n".join(lines) + "\n"


def _run_summary(judgement: Judgement, run: Run | None, style: Style) -> list[str]:
    if judgement.verdict == "build_failed":
        return [f"build: {style.red('failed')}"]
    diagnosis = judgement.diagnosis
    took = f" ({run.duration:.2f} s)" if run is not None else ""
    # Exiting (even at a TASK stub) is a normal end; anything else is news.
    paint = style.green if diagnosis.kind in ("exit", "task_todo", "complete") else style.red
    lines = _build_ok(judgement, style) + \
        [f"run:   {paint(printable(diagnosis.summary, 400))}{took}"]
    if diagnosis.kind not in ("exit", "task_todo", "complete"):
        lines += [f"       {printable(detail, 300)}" for detail in diagnosis.details[:6]]
    return lines


def _step_line(result: StepResult, style: Style, judgement: Judgement) -> str:
    step = result.step
    id_width = max(len(r.step.id) for r in judgement.steps)
    title_width = max(len(r.step.title) for r in judgement.steps)
    tasks = ",".join(str(t) for t in step.tasks)
    task = f"TASK {tasks}" if tasks else ""
    points = f"{result.points}/{step.points}"
    text = f" {style.mark(result.status)} {step.id:<{id_width}}  {task:<8} " \
           f"{step.title:<{title_width}}  {points:>6}"
    return style.dim(text) if result.status == NOT_REACHED and not style.colour else text


def _failure_details(result: StepResult, style: Style) -> list[str]:
    step = result.step
    head = f"{style.mark(FAILED)} {style.bold(step.id)}: {printable(result.message or 'failed', 400)}"
    lines = [head]
    lines += _labelled("expected", result.expected, style)
    lines += _labelled("actual", result.actual or "", style)
    if result.context:
        lines.append(f"  {style.dim('console:')}")
        lines += [f"    {line}" for line in result.context]
    if step.hint:
        lines += _labelled("hint", step.hint, style, paint=style.yellow)
    return lines


def _labelled(label: str, text: str, style: Style, *, paint: Any = None) -> list[str]:
    parts = text.split("\n") if text else [""]
    prefix = f"  {label + ':':<10}"
    pad = " " * len(prefix)
    body = [printable(part, 400) for part in parts[:12]]
    if paint is not None:
        body = [paint(part) for part in body]
    return [(prefix if i == 0 else pad) + part for i, part in enumerate(body)]


def _passed_details(judgement: Judgement, style: Style) -> list[str]:
    lines = []
    for result in judgement.steps:
        if result.status == PASSED and result.actual:
            lines.append(style.dim(f"   {result.step.id} matched:"))
            lines += [style.dim(f"     {printable(part)}") for part in result.actual.split("\n")]
    return lines


WARNINGS_SHOWN = 5


def _build_ok(judgement: Judgement, style: Style) -> list[str]:
    """"build: ok", and the compiler's warnings (not fatal for user code)."""
    warnings = judgement.build_warnings
    if not warnings:
        return ["build: ok"]
    count = f"{len(warnings)} warning{'s' if len(warnings) > 1 else ''}"
    lines = [f"build: ok ({style.yellow(count)})"]
    lines += [f"       {printable(line, 300)}" for line in warnings[:WARNINGS_SHOWN]]
    if len(warnings) > WARNINGS_SHOWN:
        lines.append(f"       ... ({len(warnings) - WARNINGS_SHOWN} more)")
    return lines


def _build_errors(judgement: Judgement, style: Style) -> list[str]:
    return [style.red("build failed:")] + [f"  {printable(line, 300)}"
                                           for line in judgement.build_errors]


def _score_line(judgement: Judgement, style: Style) -> str:
    words = VERDICT_WORDS.get(judgement.verdict, judgement.verdict)
    paint = style.green if judgement.passed else style.red
    dash = "—" if style.unicode else "-"
    if not judgement.lab.steps:
        # A free lab has no steps: it passes when the program exits with 0.
        if judgement.verdict in ("passed", "failed"):
            words = "the program exited with status 0" if judgement.passed else \
                "the program did not exit with status 0"
        return style.bold("result") + f" {dash} " + paint(words)
    return style.bold(f"score {judgement.score}/{judgement.max_score}") + \
        f" {dash} " + paint(words)


def print_report(judgement: Judgement, *, run: Run | None = None, verbose: bool = False,
                 stream: TextIO | None = None) -> None:
    out = stream if stream is not None else sys.stdout
    out.write(render(judgement, style=Style.for_stream(out), run=run, verbose=verbose))
    out.flush()


# ---- JSON ----

def as_json(judgement: Judgement, *, run: Run | None = None) -> dict[str, Any]:
    """The result as plain JSON data (see docs/grader.md for the schema)."""
    data: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "lab": judgement.lab.name,
        "title": judgement.lab.title,
        "score": judgement.score,
        "max_score": judgement.max_score,
        "verdict": judgement.verdict,
        "steps": [_step_json(result) for result in judgement.steps],
        "diagnosis": judgement.diagnosis.as_json(),
    }
    if judgement.build_errors:
        data["build_errors"] = judgement.build_errors
    if judgement.build_warnings:
        data["build_warnings"] = judgement.build_warnings
    if run is not None:
        data["run"] = _run_json(run)
    return data


def _run_json(run: Run) -> dict[str, Any]:
    """How the machine ran; halt_reason and panic come from the kernel's
    events (null when it sent none), so tools need not read events.jsonl."""
    halt = run.halt or {}
    reason = halt.get("reason")
    panic = run.panic
    return {"exit_code": run.exit_code, "exit_status": run.exit_status,
            "duration": round(run.duration, 3), "timed_out": run.timed_out,
            "flooded": run.flooded, "completed": run.completed,
            "console_lines": len(run.console),
            "events": len(run.events), "malformed_events": len(run.bad_event_lines),
            "halt_reason": reason if isinstance(reason, str) else None,
            "panic": str(panic.get("msg", "")) if panic is not None else None}


def _step_json(result: StepResult) -> dict[str, Any]:
    step = result.step
    return {
        "id": step.id,
        "task": step.tasks[0] if len(step.tasks) == 1 else (list(step.tasks) or None),
        "tasks": list(step.tasks),
        "title": step.title,
        "status": result.status,
        "points": result.points,
        "max_points": step.points,
        "expected": result.expected,
        "actual": result.actual,
        "message": result.message,
        "hint": step.hint,
        "context": result.context,
    }
