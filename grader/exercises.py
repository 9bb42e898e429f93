"""The exercise generator: solutions/<lab>/ -> exercises/<lab>/.

A lab has one source, ``solutions/<lab>/``: C files whose TASK solutions sit
between marker lines, plus ``lab.toml``, an optional ``checks.py`` and any
headers.  This module writes the student's version of a lab from it, either
the start state (every TASK unsolved, committed under ``exercises/``) or any
intermediate state k (TASKs 1..k solved), which the lab tests use to prove
that each step is graded by its own TASK.

Marker lines (each alone on its line; they never reach the output)::

    /*? TASK 3 begin */      solution code for TASK 3 follows
    /*? TASK 3 end */        ... and ends here
    /*? TASK 3 stub          what the student gets instead (optional);
    seL4_CPtr ntfn = 0;      the body is plain C, written uncommented
    TASK_TODO(3, "...");
    */                       a line holding only "*/" closes the stub

For state k a TASK n <= k keeps its solution and loses its stub; a TASK n > k
loses its solution and gets its stub body, or, when the file has no stub for
n, one ``TASK_TODO(n, "<first line of the /* TASK n: ... comment>");`` at the
place of its first solution block.  Only ``.c`` files are transformed; every
other file is copied byte for byte, and a marker found in one is an error
(it would leak a solution into the student kit).

The output depends on nothing but the input files: no dates, no absolute
paths, files in sorted order.  Entry point: ``main(argv) -> int``, wired by
the grader's CLI as ``python3 -m grader exercises``.
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import sys
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# A begin/end marker, alone on its line.
_BLOCK_RE = re.compile(r"^\s*/\*\?\s*TASK\s+(\d+)\s+(begin|end)\s*\*/\s*$")
# The opening line of a stub block; the comment stays open until "*/".
_STUB_RE = re.compile(r"^\s*/\*\?\s*TASK\s+(\d+)\s+stub\s*$")
# Anything that looks like a marker: used to reject misspelt ones.
_MARKER_HINT = "/*?"
# The contract comment of a TASK, whose first line names the default TODO.
_TASK_COMMENT_RE = re.compile(r"/\*\s*TASK\s+(\d+)\s*:\s*(.*)$")
_SKIP_DIRS = {"__pycache__"}
_SKIP_SUFFIXES = {".pyc", ".pyo"}


class MarkerError(Exception):
    """A malformed marker; the message starts with "file:line:"."""


# ---------------------------------------------------------------------------
# Parsing one C file into plain text, solution blocks and stub blocks.


@dataclass
class _Text:
    lines: list[str]


@dataclass
class _Solution:
    task: int
    lines: list[str]
    indent: str      # indentation of the begin marker, for a default TODO
    first: bool      # the first solution block of this task in the file


@dataclass
class _Stub:
    task: int
    lines: list[str]


@dataclass
class ParsedFile:
    """A C source split into segments, plus what each TASK needs."""

    name: str
    segments: list[_Text | _Solution | _Stub] = field(default_factory=list)
    stubbed: set[int] = field(default_factory=set)        # tasks with a stub
    todo_text: dict[int, str] = field(default_factory=dict)

    @property
    def tasks(self) -> set[int]:
        return {s.task for s in self.segments if isinstance(s, _Solution)}


def _task_number(name: str, lineno: int, text: str) -> int:
    n = int(text)
    if n < 1:
        raise MarkerError(f"{name}:{lineno}: TASK numbers start at 1, not {n}")
    return n


def _task_comments(name: str, lines: list[str]) -> dict[int, str]:
    """First line of every ``/* TASK n: ...`` comment, keyed by n."""
    found: dict[int, str] = {}
    for line in lines:
        m = _TASK_COMMENT_RE.search(line)
        if m and int(m.group(1)) not in found:
            text = m.group(2).strip()
            if text.endswith("*/"):
                text = text[:-2].rstrip()
            found[int(m.group(1))] = text
    return found


class _Parser:
    """Walks the lines once; keeps the open block to report nesting errors."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.lines = text.splitlines(keepends=True)
        self.out = ParsedFile(name)
        self.plain: list[str] = []
        self.open: tuple[int, int, str, list[str]] | None = None  # task, line, indent, body
        self.seen: set[int] = set()

    def error(self, lineno: int, msg: str) -> MarkerError:
        return MarkerError(f"{self.name}:{lineno}: {msg}")

    def flush_plain(self) -> None:
        if self.plain:
            self.out.segments.append(_Text(self.plain))
            self.plain = []

    def parse(self) -> ParsedFile:
        i = 0
        while i < len(self.lines):
            i = self.step(i)
        if self.open is not None:
            task, lineno, _, _ = self.open
            raise self.error(lineno, f"'TASK {task} begin' has no matching 'TASK {task} end'")
        self.flush_plain()
        self.finish()
        return self.out

    def step(self, i: int) -> int:
        """Handle line i; return the index of the next line to read."""
        line, lineno = self.lines[i], i + 1
        block, stub = _BLOCK_RE.match(line), _STUB_RE.match(line)
        if block:
            self.block_marker(lineno, _task_number(self.name, lineno, block.group(1)),
                              block.group(2), line)
            return i + 1
        if stub:
            return self.stub_block(i, _task_number(self.name, lineno, stub.group(1)))
        if _MARKER_HINT in line:
            raise self.error(lineno, "unknown or misplaced marker (markers are "
                             "'/*? TASK n begin */', '/*? TASK n end */' and "
                             "'/*? TASK n stub', each alone on its line)")
        (self.open[3] if self.open else self.plain).append(line)
        return i + 1

    def block_marker(self, lineno: int, task: int, kind: str, line: str) -> None:
        if kind == "begin":
            if self.open is not None:
                raise self.error(lineno, f"'TASK {task} begin' inside TASK {self.open[0]}"
                                 f" (opened at line {self.open[1]}); blocks do not nest")
            self.flush_plain()
            indent = line[: len(line) - len(line.lstrip())]
            self.open = (task, lineno, indent, [])
            return
        if self.open is None:
            raise self.error(lineno, f"'TASK {task} end' without a 'TASK {task} begin'")
        if self.open[0] != task:
            raise self.error(lineno, f"'TASK {task} end' closes TASK {self.open[0]}"
                             f" (opened at line {self.open[1]})")
        first = task not in self.seen
        self.seen.add(task)
        self.out.segments.append(_Solution(task, self.open[3], self.open[2], first))
        self.open = None

    def stub_block(self, i: int, task: int) -> int:
        lineno = i + 1
        if self.open is not None:
            raise self.error(lineno, f"'TASK {task} stub' inside TASK {self.open[0]}"
                             f" (opened at line {self.open[1]})")
        body: list[str] = []
        for j in range(i + 1, len(self.lines)):
            text = self.lines[j]
            if text.strip() == "*/":
                self.flush_plain()
                self.out.segments.append(_Stub(task, body))
                self.out.stubbed.add(task)
                return j + 1
            if _MARKER_HINT in text:
                raise self.error(j + 1, f"marker inside the stub of TASK {task}")
            if "*/" in text:
                raise self.error(j + 1, f"'*/' inside the stub of TASK {task} would end"
                                 " the comment early; close the stub with a line"
                                 " holding only '*/'")
            body.append(text)
        raise self.error(lineno, f"'TASK {task} stub' is never closed by a '*/' line")

    def finish(self) -> None:
        """Every stub needs a solution block; every stubless TASK a comment."""
        solved = self.out.tasks
        orphans = sorted(self.out.stubbed - solved)
        if orphans:
            raise MarkerError(f"{self.name}: 'TASK {orphans[0]} stub' but no 'TASK {orphans[0]}"
                              " begin' block in this file")
        comments = _task_comments(self.name, self.lines)
        for task in sorted(solved - self.out.stubbed):
            if task not in comments or not comments[task]:
                raise MarkerError(f"{self.name}: TASK {task} has neither a stub block nor a"
                                  f" '/* TASK {task}: ...' comment to name its TODO")
            self.out.todo_text[task] = comments[task]


def parse_c(text: str, name: str = "<input>") -> ParsedFile:
    """Parse one C file; raises MarkerError on any malformed marker."""
    return _Parser(name, text).parse()


def _c_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


# A state: TASKs 1..k solved (an int), or exactly the TASKs in a set (for
# labs whose TASKs run in another order than their numbers, e.g. dynamic-2).
State = int | AbstractSet[int]


def _solved(task: int, state: State) -> bool:
    return task <= state if isinstance(state, int) else task in state


def render(parsed: ParsedFile, state: State) -> str:
    """The file as it is with TASKs 1..state (or the TASKs in state) solved."""
    out: list[str] = []
    for seg in parsed.segments:
        if isinstance(seg, _Text):
            out.extend(seg.lines)
        elif isinstance(seg, _Solution):
            if _solved(seg.task, state):
                out.extend(seg.lines)
            elif seg.first and seg.task not in parsed.stubbed:
                what = _c_string(parsed.todo_text[seg.task])
                out.append(f'{seg.indent}TASK_TODO({seg.task}, "{what}");\n')
        elif not _solved(seg.task, state):
            out.extend(seg.lines)
    return "".join(out)


def transform_c(text: str, state: State, name: str = "<input>") -> str:
    """Parse and render in one go."""
    return render(parse_c(text, name), state)


# ---------------------------------------------------------------------------
# Whole labs.


def _source_files(src: Path) -> list[Path]:
    files = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if any(part in _SKIP_DIRS for part in rel.parts) or path.suffix in _SKIP_SUFFIXES:
            continue
        if path.is_file():
            files.append(path)
    return files


def _refuse_markers(rel: str, data: bytes) -> None:
    """A copied (non-.c) file must not carry solution markers."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    for n, line in enumerate(text.splitlines(), 1):
        if _BLOCK_RE.match(line) or _STUB_RE.match(line):
            raise MarkerError(f"{rel}:{n}: TASK markers are only allowed in .c files;"
                              " this file is copied to the exercise as it is")


def generate_lab(src: Path, state: State = 0) -> dict[str, bytes]:
    """Every file of the lab in state `state`, keyed by POSIX relative path."""
    result: dict[str, bytes] = {}
    for path in _source_files(src):
        rel = path.relative_to(src).as_posix()
        data = path.read_bytes()
        if path.suffix == ".c":
            text = data.decode("utf-8")
            data = transform_c(text, state, f"{src.name}/{rel}").encode("utf-8")
        else:
            _refuse_markers(f"{src.name}/{rel}", data)
        result[rel] = data
    return result


def lab_tasks(src: Path) -> list[int]:
    """The TASK numbers used anywhere in a lab, sorted."""
    tasks: set[int] = set()
    for path in _source_files(src):
        if path.suffix == ".c":
            rel = f"{src.name}/{path.relative_to(src).as_posix()}"
            tasks |= parse_c(path.read_text(encoding="utf-8"), rel).tasks
    return sorted(tasks)


def list_labs(root: Path) -> list[str]:
    """Labs are the folders of solutions/ that hold a lab.toml."""
    sol = root / "solutions"
    if not sol.is_dir():
        return []
    return sorted(p.name for p in sol.iterdir() if (p / "lab.toml").is_file())


def write_tree(files: dict[str, bytes], dest: Path, *, prune: bool) -> None:
    """Write files under dest; with prune, remove every other file there."""
    dest.mkdir(parents=True, exist_ok=True)
    if prune:
        for path in sorted(dest.rglob("*"), reverse=True):
            rel = path.relative_to(dest).as_posix()
            if path.is_file() and rel not in files:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    for rel, data in files.items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)


def diff_tree(files: dict[str, bytes], dest: Path, label: str) -> list[str]:
    """Differences between the generator's output and what is on disk."""
    problems: list[str] = []
    on_disk = {p.relative_to(dest).as_posix() for p in _source_files(dest)} \
        if dest.is_dir() else set()
    for rel in sorted(set(files) | on_disk):
        where = f"{label}/{rel}"
        if rel not in on_disk:
            problems.append(f"{where}: missing (the generator writes it)")
        elif rel not in files:
            problems.append(f"{where}: not produced by the generator (stale or hand-made)")
        else:
            problems.extend(_diff_file(where, files[rel], (dest / rel).read_bytes()))
    return problems


def _diff_file(where: str, want: bytes, have: bytes) -> list[str]:
    if want == have:
        return []
    lines = difflib.unified_diff(
        have.decode("utf-8", "replace").splitlines(),
        want.decode("utf-8", "replace").splitlines(),
        f"{where} (committed)", f"{where} (generated)", lineterm="", n=1)
    shown = list(lines)[:40]
    return [f"{where}: differs from the generator output"] + ["    " + s for s in shown]


# ---------------------------------------------------------------------------
# Command line.


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python3 -m grader exercises",
        description="Generate exercises/<lab>/ from solutions/<lab>/ (TASK markers).")
    p.add_argument("--lab", help="only this lab (default: every lab in solutions/)")
    p.add_argument("--state", type=int, default=None, metavar="K",
                   help="write the state with TASKs 1..K solved (needs --out)")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="write to DIR instead of exercises/ (with --lab: DIR holds the"
                        " lab's files; without: DIR/<lab>/)")
    p.add_argument("--check", action="store_true",
                   help="compare the committed exercises with the generator output;"
                        " exit 1 and list the differences if they differ")
    p.add_argument("--root", type=Path, default=REPO_ROOT,
                   help="repository root (default: the one holding this grader)")
    return p


def _check(root: Path, labs: list[str], all_labs: bool) -> int:
    problems: list[str] = []
    for lab in labs:
        files = generate_lab(root / "solutions" / lab, 0)
        problems += diff_tree(files, root / "exercises" / lab, f"exercises/{lab}")
    ex = root / "exercises"
    if all_labs and ex.is_dir():
        for stale in sorted(p.name for p in ex.iterdir() if p.is_dir() and p.name not in labs):
            problems.append(f"exercises/{stale}/: no solutions/{stale}/lab.toml generates it")
    for line in problems:
        print(line)
    if problems:
        print("exercises: committed exercises differ; run 'python3 -m grader exercises'"
              " and commit the result", file=sys.stderr)
        return 1
    print(f"exercises: {len(labs)} lab(s) up to date")
    return 0


def _generate(root: Path, labs: list[str], state: int, out: Path | None,
              single: bool) -> int:
    for lab in labs:
        files = generate_lab(root / "solutions" / lab, state)
        if out is None:
            dest = root / "exercises" / lab
        else:
            dest = out if single else out / lab
        write_tree(files, dest, prune=out is None)
        print(f"exercises: {lab}: state {state}, {len(files)} file(s) -> {dest}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root: Path = args.root.resolve()
    known = list_labs(root)
    if args.lab is not None and args.lab not in known:
        print(f"exercises: error: no lab '{args.lab}' (solutions/{args.lab}/lab.toml"
              f" missing); labs: {', '.join(known) or 'none'}", file=sys.stderr)
        return 2
    if args.check and (args.state is not None or args.out is not None):
        print("exercises: error: --check compares exercises/ and takes no --state/--out",
              file=sys.stderr)
        return 2
    if args.state is not None and (args.out is None or args.state < 0):
        print("exercises: error: --state K needs K >= 0 and --out DIR (exercises/"
              " always holds state 0)", file=sys.stderr)
        return 2
    labs = [args.lab] if args.lab else known
    try:
        if args.check:
            return _check(root, labs, all_labs=args.lab is None)
        return _generate(root, labs, args.state or 0, args.out, args.lab is not None)
    except MarkerError as exc:
        print(f"exercises: error: {exc}", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        print(f"exercises: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
