"""Self-study: a walkthrough that grades as you save, and solved states.

    python3 -m grader walk LAB [--src DIR] [--step N]
        shows the lab's goal and the first step not passed yet (or step N):
        what to do (the TASK's comment in the student's file), where (file,
        line and function), the hint, the lab page's section, and what the
        console shows once it works; then it watches the student's files
        (their modification times, polled: stdlib only, works over ssh and
        in any terminal) and grades again on every save, with the grader's
        own `check` command.  A passed step is marked and the next one
        shown; ^C leaves.
    python3 -m grader state LAB K --out DIR
        writes the lab with TASKs 1..K solved (the exercise generator's
        state K), for a learner who is stuck or a lecture that starts there.

The pieces (what to show for a step, which step comes next, whether a file
changed) are small functions so that tests can drive them without a
terminal; `Walk.run` is the loop that ties them together.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import textwrap
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence, TextIO

from grader import exercises
from grader.lab import Lab, LabError, Step, load_lab
from grader.report import Style

ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.5
SETTLE_SECONDS = 0.3     # an editor may write a file in several steps


# ---- what a step looks like to a learner ----

def example_line(pattern: str) -> str:
    """A console regex as a line a person can read: groups become <...>."""
    text = pattern.removeprefix("^").removesuffix("$")
    text = re.sub(r"\((?:\\d|\[0-9\])[^()]*\)", "<n>", text)
    text = re.sub(r"\(0x\[0-9a-f\][^()]*\)", "0x<hex>", text)
    text = re.sub(r"\(([\w|-]+)\)", lambda m: "<" + m.group(1) + ">", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return text


def task_comment(source: str, task: int) -> tuple[int, list[str], str | None]:
    """The `/* TASK n: ...` comment of a file: (line number of the place to
    edit, the comment's lines without the '*' margin, the function name)."""
    lines = source.splitlines()
    start = next((i for i, line in enumerate(lines)
                  if re.match(rf"\s*/\*\s*TASK\s+{task}\s*:", line)), None)
    if start is None:
        return 0, [], None
    end = next((i for i in range(start, len(lines)) if "*/" in lines[i]), start)
    text = [re.sub(r"^\s*/?\*+/?\s?", "", line).rstrip() for line in lines[start:end + 1]]
    text = [line.removesuffix("*/").rstrip() for line in text]
    while text and not text[-1]:
        text.pop()
    function, place = None, end + 2
    for i in range(end + 1, min(end + 6, len(lines))):
        found = re.match(r"[\w\s\*]*?\b(\w+)\s*\(", lines[i])
        if found and function is None:
            function, place = found.group(1), i + 1
    todo = next((i + 1 for i in range(end + 1, min(end + 80, len(lines)))
                 if re.search(rf"TASK_TODO\(\s*{task}\s*,", lines[i])), None)
    return todo or place, text, function


def lab_goal(lab: Lab, root: Path) -> str:
    """The first paragraph of the lab's page, or its title."""
    page = root / lab.doc if lab.doc else root / "docs" / "labs" / f"{lab.name}.md"
    try:
        text = page.read_text(errors="replace")
    except OSError:
        return lab.title
    for block in text.split("\n\n"):
        block = block.strip()
        if block and not block.startswith(("#", "*", "<")):
            return " ".join(block.split())
    return lab.title


def describe_step(lab: Lab, index: int, result: dict[str, Any] | None, *, src: Path,
                  shown_src: str, style: Style) -> str:
    """Everything a learner needs for step `index` (0-based)."""
    step = lab.steps[index]
    tasks = ", ".join(f"TASK {t}" for t in step.tasks)
    head = f"Step {index + 1} of {len(lab.steps)}: {step.title}" + \
        (f" ({tasks}, {step.points} points)" if tasks else f" ({step.points} points)")
    lines = [style.bold(head)]
    for task in step.tasks:
        lines += _task_lines(lab, task, src=src, shown_src=shown_src)
    if step.console:
        lines.append("")
        lines.append("Afterwards the console shows:")
        lines += [f"    {example_line(pattern)}" for pattern in step.console]
    if step.hint:
        lines.append("")
        lines.append(style.yellow(wrap(f"Hint: {step.hint}")))
    link = lab.doc_link(step)
    if link:
        lines.append(f"Read: {link}")
    lines += _last_result(result, step, style)
    return "\n".join(lines) + "\n"


def _task_lines(lab: Lab, task: int, *, src: Path, shown_src: str) -> list[str]:
    for name in lab.files or sorted(p.name for p in src.glob("*.c")):
        try:
            source = (src / name).read_text(errors="replace")
        except OSError:
            continue
        line, comment, function = task_comment(source, task)
        if comment:
            where = f"{shown_src}/{name}:{line}" + (f", in {function}()" if function else "")
            return ["", f"Where: {where}", "What to do:"] + [f"  {text}" for text in comment]
    return []


def _last_result(result: dict[str, Any] | None, step: Step, style: Style) -> list[str]:
    """What the last grade said about this step, when it says more than
    "not done yet"."""
    if result is None:
        return []
    if result.get("verdict") == "build_failed":
        errors = result.get("build_errors") or []
        return ["", style.red("The last save does not build:")] + \
            [f"  {line}" for line in errors[:12]]
    data = next((s for s in result.get("steps", []) if s.get("id") == step.id), None)
    if data is None or data.get("status") != "failed" or result.get("verdict") == "not_done":
        return []
    lines = ["", style.red(f"Last check: {data.get('message') or 'failed'}")]
    for label in ("expected", "actual"):
        for number, text in enumerate(str(data.get(label) or "").splitlines()[:8]):
            lines.append(f"  {label + ':' if number == 0 else '':<10}{text}")
    return lines


def wrap(text: str) -> str:
    """A paragraph fitted to the terminal (80 columns when there is none)."""
    width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1
    return "\n".join(textwrap.wrap(text, width=max(width, 40), subsequent_indent="  "))


def next_step(lab: Lab, result: dict[str, Any] | None, start: int = 0) -> int | None:
    """The first step at or after `start` that the result does not pass."""
    passed = {s.get("id") for s in (result or {}).get("steps", []) if s.get("status") == "passed"}
    return next((i for i in range(start, len(lab.steps)) if lab.steps[i].id not in passed), None)


# ---- watching files ----

@dataclass
class Watcher:
    """Tells when any of some files changed, by their modification times."""
    paths: Callable[[], list[Path]]
    seen: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def snapshot(self) -> dict[Path, tuple[int, int]]:
        state = {}
        for path in self.paths():
            try:
                info = path.stat()
            except OSError:
                continue
            state[path] = (info.st_mtime_ns, info.st_size)
        return state

    def changed(self) -> bool:
        """True (once) when a file changed since the last call."""
        now = self.snapshot()
        if now == self.seen:
            return False
        self.seen = now
        return True


def student_paths(lab: Lab, src: Path) -> Callable[[], list[Path]]:
    if lab.free:
        return lambda: sorted(p for p in src.glob("*") if p.suffix in (".c", ".h"))
    return lambda: [src / name for name in lab.files]


# ---- grading ----

def grade(lab: Lab, src: Path) -> dict[str, Any] | None:
    """`python3 -m grader check` on the folder; its JSON result."""
    with tempfile.TemporaryDirectory(prefix="caplab-walk-") as tmp:
        out = Path(tmp) / "result.json"
        subprocess.run([sys.executable, "-m", "grader", "check", str(lab.folder),
                        "--src", str(src), "--json", str(out)], cwd=ROOT,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        try:
            data = json.loads(out.read_text())
        except (OSError, ValueError):
            return None
    return data if isinstance(data, dict) else None


# ---- the loop ----

@dataclass
class Walk:
    lab: Lab
    src: Path
    shown_src: str
    out: TextIO
    grader: Callable[[Lab, Path], dict[str, Any] | None] = grade
    sleep: Callable[[float], None] = time.sleep
    style: Style = field(default_factory=lambda: Style(colour=False, unicode=False))

    def say(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def run(self, *, start: int = 0, rounds: int | None = None) -> int:
        """Show, watch, re-grade; returns 0 when every step passed.
        `rounds` bounds the number of polls (tests); None is for ever."""
        mark = "✓" if self.style.unicode else "PASS"
        self.say(self.style.bold(f"{self.lab.name}: {self.lab.title}") + "\n" +
                 wrap(lab_goal(self.lab, ROOT)) + "\n\n")
        watcher = Watcher(student_paths(self.lab, self.src))
        watcher.changed()
        result = self._grade()
        current = next_step(self.lab, result, start)
        if current is not None:
            self._show(current, result)
        polls = 0
        while current is not None and (rounds is None or polls < rounds):
            polls += 1
            self.sleep(POLL_SECONDS)
            if not watcher.changed():
                continue
            self.sleep(SETTLE_SECONDS)
            watcher.changed()
            self.say("saved: checking ...\n")
            result = self._grade()
            following = next_step(self.lab, result, current)
            if following == current:
                self.say(self._still(current, result))
                continue
            for index in range(current, following if following is not None
                               else len(self.lab.steps)):
                step = self.lab.steps[index]
                self.say(self.style.green(f"{mark} step {index + 1} passed: {step.title}") + "\n")
            current = following
            if current is not None:
                self.say("\n" + "-" * 60 + "\n")
                self._show(current, result)
        if current is None:
            score = (result or {}).get("score")
            self.say(self.style.green(f"Every step from step {start + 1} on passes"
                                      f" (score {score}/{self.lab.max_score}). Well done.")
                     + "\n")
            return 0
        return 1

    def _grade(self) -> dict[str, Any] | None:
        result = self.grader(self.lab, self.src)
        if result is None:
            self.say("the grader gave no result (see `make check` for why)\n")
        return result

    def _show(self, index: int, result: dict[str, Any] | None) -> None:
        self.say(describe_step(self.lab, index, result, src=self.src,
                               shown_src=self.shown_src, style=self.style))
        self.say(f"\nWatching {self.shown_src}/ : save your file to check again (^C leaves).\n")

    def _still(self, index: int, result: dict[str, Any] | None) -> str:
        step = self.lab.steps[index]
        if result is None:
            return "no result\n"
        if result.get("verdict") == "build_failed":
            errors = result.get("build_errors") or ["the build failed"]
            return self.style.red("does not build:") + "\n" + \
                "".join(f"  {line}\n" for line in errors[:8])
        data = next((s for s in result.get("steps", []) if s.get("id") == step.id), {})
        message = data.get("message") or result.get("verdict")
        text = f"step {index + 1} not passed yet: {message}\n"
        if data.get("status") == "failed" and result.get("verdict") != "not_done":
            text += "".join(f"  {label}: {str(data.get(label) or '').splitlines()[0][:200]}\n"
                            for label in ("expected", "actual") if data.get(label))
        return text


# ---- command line ----

def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    top = argparse.ArgumentParser(
        prog="python3 -m grader walk",
        description="Walk through a lab step by step; grades again each time you save.")
    top.add_argument("lab", metavar="LAB")
    top.add_argument("--src", metavar="DIR", type=Path,
                     help="your folder (default: the lab's exercises folder)")
    top.add_argument("--step", metavar="N", type=int, default=1,
                     help="start at step N (default: the first step not passed)")
    args = top.parse_args(argv)
    try:
        lab = load_lab(args.lab, root=ROOT)
    except LabError as exc:
        print(f"lab error: {exc}", file=sys.stderr)
        return 2
    if not lab.steps:
        print(f"walk: {lab.name} has no graded steps (try `make run LAB={lab.name}`)",
              file=sys.stderr)
        return 2
    if not 1 <= args.step <= len(lab.steps):
        print(f"walk: --step must be between 1 and {len(lab.steps)}", file=sys.stderr)
        return 2
    src = (args.src or lab.folder).resolve()
    walk = Walk(lab=lab, src=src, shown_src=_shown(src), out=sys.stdout,
                style=Style.for_stream(sys.stdout))
    try:
        return walk.run(start=args.step - 1)
    except KeyboardInterrupt:
        print("\nwalk: bye; your files are as you saved them.")
        return 0


def main_state(argv: Sequence[str] | None = None) -> int:
    top = argparse.ArgumentParser(
        prog="python3 -m grader state",
        description="Write the lab with TASKs 1..K solved (needs solutions/).")
    top.add_argument("lab", metavar="LAB")
    top.add_argument("k", metavar="K", type=int)
    top.add_argument("--out", metavar="DIR", type=Path, required=True)
    args = top.parse_args(argv)
    source = ROOT / "solutions" / args.lab
    if not (source / "lab.toml").is_file():
        print(f"state: solutions/{args.lab} is not here (a student kit has no solutions/)",
              file=sys.stderr)
        return 2
    tasks = exercises.lab_tasks(source)
    if not 0 <= args.k <= (max(tasks) if tasks else 0):
        print(f"state: K must be between 0 and {max(tasks) if tasks else 0}", file=sys.stderr)
        return 2
    if args.out.exists() and any(args.out.iterdir()) and \
            not (args.out / "lab.toml").is_file():
        print(f"state: {args.out} is not empty and holds no lab; choose another folder",
              file=sys.stderr)
        return 2
    return exercises.main(["--lab", args.lab, "--state", str(args.k), "--out", str(args.out)])
