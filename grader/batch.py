"""Batch grading: `python3 -m grader batch LAB SUBMISSIONS --out DIR`.

A class's submissions are graded one by one, several at once, each exactly
as `python3 -m grader check` grades one (it is that command, run from a
grading kit):

  1. a grading kit is made once per batch in a temporary folder: the public
     parts of the project without solutions/ (grader/kit.py), with the
     kernel and libraries built up front;
  2. every submission (a folder, .zip or .tar.gz in SUBMISSIONS; the student
     id is its name) is unpacked safely into its own temporary tree
     (grader/archive.py), only the lab's declared files taken;
  3. `python3 -m grader check LAB --src <that tree> --json ...` runs in the
     kit, with CAPLAB_WORK pointing at the submission's own work folder, so
     its build, run files and lock are its own, and its build and boot run
     in the grader's bubblewrap sandbox (grader/sandbox.py; the batch checks
     once, up front, that one can be made, unless --unsandboxed);
  4. the result is written to DIR/results/<id>.json atomically the moment it
     is known, with the submission's digest, and a log to DIR/logs/<id>.log.

A re-run skips every submission whose result is there with the same digest
(unless --force), so an interrupted batch loses nothing already graded.  A
submission that makes the grader itself fail (no result, a crash, a time
limit of the whole grade) gets the verdict `grader_error` and the batch
goes on.  At the end (also after an interrupt) the class outputs are
written from the results: results.csv, results.json, junit.xml and
summary.html (grader/batch_report.py).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

from grader import archive, batch_report, kit
from grader.build import submission_timeout
from grader.lab import Lab, LabError, load_lab
from grader.progress import Progress
from grader.sandbox import Sandbox, SandboxError, refusal

ROOT = Path(__file__).resolve().parent.parent
RESULTS, LOGS = "results", "logs"
LOG_SECTION_BYTES = 64 * 1024
REPORT_CHARS = 16 * 1024     # of the terminal report, kept in the record
GRADE_SLACK = 120.0     # on top of the build and boot limits, for the whole grade
_ID_RE = re.compile(r"[A-Za-z0-9_@+][A-Za-z0-9._@+-]*")


@dataclass(frozen=True)
class Submission:
    id: str
    path: Path


@dataclass
class Batch:
    """What every worker shares: the lab, the kit, the output folder."""
    lab: Lab
    kit: Path
    out: Path
    scratch: Path
    check_options: tuple[str, ...] = ()     # more options for `grader check`
    stop: threading.Event = field(default_factory=threading.Event)
    children: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def grade_timeout(self) -> float:
        return submission_timeout() + self.lab.timeout + GRADE_SLACK


# ---- finding submissions ----

def student_id(path: Path) -> str:
    """The id a submission's name gives, made safe for file names."""
    stem = archive.submission_stem(path)
    if _ID_RE.fullmatch(stem):
        return stem
    cleaned = re.sub(r"[^A-Za-z0-9._@+-]", "_", stem).lstrip(".-") or "student"
    return cleaned


def discover(folder: Path, *, out: Path | None = None
             ) -> tuple[list[Submission], list[str]]:
    """The submissions in `folder`, sorted by id; and warnings about the
    entries that are not submissions or that share an id.  `out` (the
    results folder, if it is inside `folder`) is not a submission."""
    subs: list[Submission] = []
    warnings: list[str] = []
    seen: set[str] = set()
    skip = out.resolve() if out is not None else None
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or (skip is not None and path.resolve() == skip):
            continue
        if not archive.is_submission(path):
            warnings.append(f"{_shown(path.name)}: not a folder, .zip or .tar.gz; skipped")
            continue
        ident = student_id(path)
        if ident in seen:
            number = 2
            while f"{ident}~{number}" in seen:
                number += 1
            warnings.append(f"{_shown(path.name)}: the id {ident} is taken; graded as "
                            f"{ident}~{number}")
            ident = f"{ident}~{number}"
        seen.add(ident)
        subs.append(Submission(ident, path))
    return subs, warnings


def _shown(name: str) -> str:
    return name.encode("utf-8", "replace").decode("utf-8", "replace")[:120]


# ---- grading one submission ----

def digest(folder: Path) -> str:
    """What was graded, as one hash: the staged files' names and bytes."""
    hasher = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        hasher.update(str(path.relative_to(folder)).encode("utf-8", "surrogateescape") + b"\0")
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def stage(batch: Batch, sub: Submission) -> tuple[Path, str, str | None]:
    """Unpack into a fresh tree: (the tree, its digest, why it was refused)."""
    tree = Path(tempfile.mkdtemp(prefix="sub-", dir=batch.scratch))
    src = tree / "submission"
    try:
        archive.stage(sub.path, src, batch.lab)
    except archive.Rejected as exc:
        return tree, "rejected:" + hashlib.sha256(str(exc).encode()).hexdigest(), str(exc)
    except OSError as exc:
        return tree, "rejected:oserror", f"cannot read the submission: {exc.strerror or exc}"
    return tree, digest(src), None


def grade(batch: Batch, sub: Submission, tree: Path, sha: str, problem: str | None
          ) -> dict[str, Any] | None:
    """Grade a staged submission; its record, or None when the batch stopped."""
    start = time.monotonic()
    if problem is not None:
        record = _record(batch.lab, sub, sha, verdict="rejected", problem=problem)
        report = f"the submission was refused: {problem}\n"
        record["report"] = report
    else:
        outcome = _run_grader(batch, tree)
        if outcome is None:
            return None
        record, report = _judged(batch.lab, sub, sha, tree, *outcome)
        if outcome[2].strip():      # the grader's own remarks: for the log only
            report += f"\n(grader, on stderr)\n{outcome[2]}"
    record["duration"] = round(time.monotonic() - start, 3)
    write_log(batch.out / LOGS / f"{sub.id}.log", record, report, tree / "work")
    write_atomic(batch.out / RESULTS / f"{sub.id}.json",
                 json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    return record


def _run_grader(batch: Batch, tree: Path) -> tuple[int, str, str] | None:
    """`python3 -m grader check` in the kit: (status, stdout, stderr)."""
    command = [sys.executable, "-m", "grader", "check", batch.lab.name,
               "--src", str(tree / "submission"), "--json", str(tree / "result.json"),
               *batch.check_options]
    env = dict(os.environ, CAPLAB_WORK=str(tree / "work"), NO_COLOR="1",
               PYTHONDONTWRITEBYTECODE="1")
    with batch.lock:     # the stopping thread takes the lock to see every child
        if batch.stop.is_set():
            return None
        proc = subprocess.Popen(command, cwd=batch.kit, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        batch.children[proc.pid] = proc
    try:
        out, err = proc.communicate(timeout=batch.grade_timeout)
        status = proc.returncode
    except subprocess.TimeoutExpired:
        stop_child(proc)
        out, err = proc.communicate()
        status = -1
        err += f"\nthe whole grade took longer than {batch.grade_timeout:g} s".encode()
    finally:
        with batch.lock:
            batch.children.pop(proc.pid, None)
    if batch.stop.is_set():
        return None
    return status, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def _judged(lab: Lab, sub: Submission, sha: str, tree: Path, status: int, out: str,
            err: str) -> tuple[dict[str, Any], str]:
    """The record from the grader's JSON, or a grader_error."""
    result = None
    with contextlib.suppress(OSError, ValueError):
        result = json.loads((tree / "result.json").read_text())
    if status not in (0, 1) or not isinstance(result, dict):
        tail = (err.strip() or out.strip())[-2000:]
        problem = f"the grader failed (exit status {status}): {tail or 'no message'}"
        return _record(lab, sub, sha, verdict="grader_error", problem=problem), out
    record = _record(lab, sub, sha, verdict=str(result.get("verdict", "failed")),
                     result=result)
    record["report"] = out[:REPORT_CHARS]
    return record, out


def _record(lab: Lab, sub: Submission, sha: str, *, verdict: str,
            problem: str | None = None, result: dict[str, Any] | None = None
            ) -> dict[str, Any]:
    steps = result.get("steps", []) if result else []
    by_id = {step.get("id"): step for step in steps if isinstance(step, dict)}
    return {
        "id": sub.id,
        "submission": sub.path.name,
        "digest": sha,
        "lab": lab.name,
        "score": int(result.get("score", 0)) if result else 0,
        "max_score": lab.max_score,
        "verdict": verdict,
        "problem": problem,
        "steps": [_step_record(step.id, step.points, by_id.get(step.id)) for step in lab.steps],
        "diagnosis": result.get("diagnosis") if result else None,
        "build_errors": result.get("build_errors", []) if result else [],
    }


def _step_record(step_id: str, max_points: int, step: dict[str, Any] | None) -> dict[str, Any]:
    if step is None:
        return {"id": step_id, "status": "not_reached", "points": 0, "max_points": max_points,
                "message": None, "expected": None, "actual": None, "hint": None}
    return {key: step.get(key) for key in
            ("id", "status", "points", "max_points", "message", "expected", "actual", "hint")}


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that a reader (or a crash) never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    partial.write_text(text, errors="replace")
    os.replace(partial, path)


def write_log(path: Path, record: dict[str, Any], report: str, work: Path) -> None:
    """One student's log: verdict, the report, build output, console, events."""
    parts = [f"student:    {record['id']} ({record['submission']})",
             f"verdict:    {record['verdict']}",
             f"score:      {record['score']}/{record['max_score']}"]
    if record.get("problem"):
        parts.append(f"problem:    {record['problem']}")
    sections = [("report", report.encode("utf-8", "replace")),
                ("build output", _read(work / "build.log")),
                ("console", _read(work / "console.log")),
                ("kernel events", _read(work / "events.jsonl"))]
    text = "\n".join(parts) + "\n"
    for title, data in sections:
        shown = data[:LOG_SECTION_BYTES].decode("utf-8", "replace")
        more = len(data) - LOG_SECTION_BYTES
        text += f"\n==== {title} ====\n{shown}"
        if more > 0:
            text += f"\n... ({more} more bytes not shown)\n"
    write_atomic(path, text)


def _read(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(LOG_SECTION_BYTES + 1024 * 1024)
    except OSError:
        return b""


def stop_child(proc: subprocess.Popen[bytes], grace: float = 3.0) -> None:
    """Ask a grader to stop (it then stops its QEMU), then make sure."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


# ---- the batch ----

def previous(out: Path, sub: Submission) -> dict[str, Any] | None:
    """The recorded result of a submission, if there is a readable one."""
    try:
        data = json.loads((out / RESULTS / f"{sub.id}.json").read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("id") == sub.id else None


def run_batch(batch: Batch, subs: list[Submission], *, jobs: int, force: bool,
              progress: Progress) -> dict[str, dict[str, Any]]:
    """Grade what needs grading; every record, by id (also when interrupted:
    KeyboardInterrupt is raised after the workers stopped)."""
    records: dict[str, dict[str, Any]] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_one, batch, sub, force): sub for sub in subs}
        try:
            for future in _as_completed(futures, progress):
                record, skipped = future.result()
                if record is not None:
                    records[record["id"]] = record
                    progress.done(record, skipped=skipped)
        except BaseException:
            with batch.lock:
                batch.stop.set()
                running = list(batch.children.values())
            for future in futures:
                future.cancel()
            for proc in running:
                stop_child(proc)
            raise
    return records


def _as_completed(futures: dict[concurrent.futures.Future[Any], Submission],
                  progress: Progress) -> Iterator[concurrent.futures.Future[Any]]:
    """Completed futures; the progress line is redrawn every second meanwhile."""
    pending = set(futures)
    while pending:
        finished, pending = concurrent.futures.wait(
            pending, timeout=1.0, return_when=concurrent.futures.FIRST_COMPLETED)
        yield from finished
        progress.tick()


def _one(batch: Batch, sub: Submission, force: bool) -> tuple[dict[str, Any] | None, bool]:
    if batch.stop.is_set():
        return None, False
    tree, sha, problem = stage(batch, sub)
    try:
        old = previous(batch.out, sub)
        if not force and old is not None and old.get("digest") == sha:
            return old, True
        return grade(batch, sub, tree, sha, problem), False
    finally:
        shutil.rmtree(tree, ignore_errors=True)


# ---- command line ----

def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python3 -m grader batch",
        description="Grade every submission in a folder; write results, logs and a "
                    "summary.  See docs/instructor-guide.md.")
    top.add_argument("lab", metavar="LAB", help="lab name, e.g. kernel-objects")
    top.add_argument("submissions", metavar="SUBMISSIONS", type=Path,
                     help="folder of submissions: one folder, .zip or .tar.gz per student")
    top.add_argument("--out", metavar="DIR", type=Path, required=True,
                     help="where results, logs and summary.html go (kept between runs)")
    top.add_argument("--jobs", "-j", metavar="N", type=int, default=os.cpu_count() or 1,
                     help="submissions graded at once (default: the number of cores)")
    top.add_argument("--force", action="store_true",
                     help="grade again what is already graded")
    top.add_argument("--unsandboxed", action="store_true",
                     help="grade without the bubblewrap sandbox (passed on to `grader check`): "
                          "only where the whole batch runs in a throw-away container that "
                          "holds nothing else")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.jobs < 1:
        print("batch: --jobs must be at least 1", file=sys.stderr)
        return 2
    if not args.submissions.is_dir():
        print(f"batch: {args.submissions} is not a folder", file=sys.stderr)
        return 2
    try:
        lab = load_lab(args.lab, root=ROOT)
    except LabError as exc:
        print(f"lab error: {exc}", file=sys.stderr)
        return 2
    if not args.unsandboxed:
        try:
            Sandbox().check()      # refuse once, clearly, not once per submission
        except SandboxError as exc:
            print(refusal(exc), file=sys.stderr)
            return 2
    subs, warnings = discover(args.submissions, out=args.out)
    for warning in warnings:
        print(f"batch: {warning}", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    with _signals_interrupt(), tempfile.TemporaryDirectory(prefix="caplab-batch-") as tmp:
        return _graded(lab, subs, args, Path(tmp))


def _graded(lab: Lab, subs: list[Submission], args: argparse.Namespace, tmp: Path) -> int:
    print(f"batch: {lab.name}: {len(subs)} submission(s); preparing the grading kit",
          file=sys.stderr)
    try:
        kit_root = kit.prepare_grading_kit(ROOT, tmp / "kit", lab.name)
    except kit.KitError as exc:
        print(f"batch: {exc}", file=sys.stderr)
        return 2
    scratch = tmp / "submissions"
    scratch.mkdir()
    batch = Batch(lab=lab, kit=kit_root, out=args.out.resolve(), scratch=scratch,
                  check_options=("--unsandboxed",) if args.unsandboxed else ())
    progress = Progress(total=len(subs), stream=sys.stderr)
    status = 0
    try:
        records = run_batch(batch, subs, jobs=args.jobs, force=args.force, progress=progress)
    except KeyboardInterrupt:
        progress.finish()
        records = {sub.id: r for sub in subs if (r := previous(batch.out, sub)) is not None}
        print(f"batch: interrupted: {len(records)} of {len(subs)} graded and kept; run the "
              "same command again to grade the rest", file=sys.stderr)
        status = 130
    else:
        progress.finish()
    ordered = [records[sub.id] for sub in subs if sub.id in records]
    batch_report.write_all(batch.out, lab, ordered, total=len(subs))
    if status == 0:
        print(f"batch: {len(ordered)} graded; {batch.out}/summary.html", file=sys.stderr)
    return status


@contextlib.contextmanager
def _signals_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP stop a batch as ^C does: cleanly, results kept."""
    def interrupt(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt
    old = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
