"""A Gradescope autograder for a lab: `python3 -m grader gradescope LAB ...`.

    gradescope LAB --out autograder.zip
        writes the zip an instructor uploads: the grading kit of the lab
        (grader/kit.py: no solutions/), setup.sh and run_autograder
    gradescope LAB --grade
        what run_autograder runs in Gradescope's container: grades
        $CAPLAB_AUTOGRADER/submission (default /autograder/submission)
        into $CAPLAB_AUTOGRADER/results/results.json

Gradescope unpacks the zip into /autograder/source, runs setup.sh there
once when it builds the image (as root), and for every submission copies
run_autograder to /autograder/run_autograder and runs it, with the
student's files in /autograder/submission.  The grade is the same as in a
batch (grader/batch.py: the submission staged safely, then `python3 -m
grader check` on it); Gradescope already gives every submission its own
container, so the grader's --unsandboxed mode is used when it has one.

results.json follows Gradescope's autograder format: `score`,
`execution_time`, `output` (the grader's report), and one test per step
with `name`, `number`, `score`, `max_score`, `status` and `output` (what
was expected, what was found, the hint and the lab page's section), plus
a `build` test holding the compiler's messages when the build failed.
"""
from __future__ import annotations

import argparse
import json
import os
import stat
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any, Sequence

from grader import batch, kit
from grader.lab import Lab, LabError, load_lab

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_AUTOGRADER = "/autograder"
# Debian/Ubuntu packages the grader needs in the container.
PACKAGES = ("gcc", "libc6-dev", "make", "binutils", "qemu-system-x86", "python3", "bubblewrap")
OUTPUT_CHARS = 8000

SETUP_SH = """#!/usr/bin/env bash
# setup.sh - written by `python3 -m grader gradescope {lab}`.  Gradescope runs
# it once, as root, in /autograder/source: install what the grader needs,
# then build the kernel and the libraries every grade links with.
set -euo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
missing=()
for package in {packages}; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
python_ok() {{ "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }}
if ! python_ok python3 && ! command -v python3.11 >/dev/null 2>&1; then
    missing+=(python3.11)        # Ubuntu 22.04's python3 is 3.10
fi
if [ ${{#missing[@]}} -gt 0 ]; then
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${{missing[@]}}" </dev/null
fi
make -s -j"$(nproc)" all
echo "setup.sh: caplab {lab} autograder ready"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# run_autograder - written by `python3 -m grader gradescope {lab}`.  Grades
# $CAPLAB_AUTOGRADER/submission (default /autograder/submission) into
# $CAPLAB_AUTOGRADER/results/results.json.
set -u
autograder=${{CAPLAB_AUTOGRADER:-/autograder}}
cd "$autograder/source" || exit 1
for python in python3.13 python3.12 python3.11 python3; do
    if "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        exec "$python" -m grader gradescope {lab} --grade
    fi
done
mkdir -p "$autograder/results"
echo '{{"score": 0, "output": "autograder error: no Python 3.11 or newer in the image"}}' \\
    > "$autograder/results/results.json"
"""


# ---- writing the zip ----

def write_zip(lab: Lab, out: Path, *, root: Path = ROOT) -> int:
    """Write autograder.zip; returns the number of files in it."""
    with tempfile.TemporaryDirectory(prefix="caplab-gradescope-") as tmp:
        tree = kit.copy_grading_kit(root, Path(tmp) / "kit", lab.name)
        scripts = {"setup.sh": SETUP_SH.format(lab=lab.name, packages=" ".join(PACKAGES)),
                   "run_autograder": RUN_AUTOGRADER.format(lab=lab.name)}
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".part")
        count = 0
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in scripts.items():
                _add(archive, name, text.encode(), executable=True)
                count += 1
            for path in sorted(tree.rglob("*")):
                if path.is_file():
                    _add(archive, str(path.relative_to(tree)), path.read_bytes(),
                         executable=bool(path.stat().st_mode & stat.S_IXUSR))
                    count += 1
        os.replace(partial, out)
    return count


def _add(archive: zipfile.ZipFile, name: str, data: bytes, *, executable: bool) -> None:
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.external_attr = (stat.S_IFREG | (0o755 if executable else 0o644)) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


# ---- grading in the container ----

def autograder_root() -> Path:
    return Path(os.environ.get("CAPLAB_AUTOGRADER") or DEFAULT_AUTOGRADER)


def grade_submission(lab: Lab, submission: Path, *, kit_root: Path = ROOT
                     ) -> tuple[dict[str, Any], str]:
    """Grade one folder as the batch does; the batch record and the log."""
    with tempfile.TemporaryDirectory(prefix="caplab-gs-") as tmp:
        scratch = Path(tmp) / "scratch"
        scratch.mkdir()
        job = batch.Batch(lab=lab, kit=kit_root, out=Path(tmp) / "out", scratch=scratch,
                          check_options=_check_options())
        sub = batch.Submission("submission", submission)
        tree, sha, problem = batch.stage(job, sub)
        record = batch.grade(job, sub, tree, sha, problem)
        log = (job.out / batch.LOGS / f"{sub.id}.log").read_text(errors="replace")
    assert record is not None       # only a stopped batch gives none
    return record, log


def _check_options() -> tuple[str, ...]:
    """--unsandboxed when the grader has it: the container is the sandbox."""
    from grader.__main__ import parser
    commands = next(action for action in parser()._actions
                    if isinstance(action, argparse._SubParsersAction))
    check = commands.choices["check"]
    known = {option for action in check._actions for option in action.option_strings}
    return ("--unsandboxed",) if "--unsandboxed" in known else ()


def results_json(lab: Lab, record: dict[str, Any], *, seconds: float) -> dict[str, Any]:
    """The batch record in Gradescope's results.json format."""
    tests = []
    if record["verdict"] in ("build_failed", "rejected", "grader_error"):
        tests.append({"name": "build: the submission compiles", "number": "0",
                      "score": 0, "max_score": 0, "status": "failed",
                      "output": _clip(_problem(record)), "output_format": "text"})
    for number, step in enumerate(record["steps"], start=1):
        definition = lab.steps[number - 1]
        tasks = ",".join(str(t) for t in definition.tasks)
        tests.append({
            "name": f"{step['id']}: {definition.title}" + (f" (TASK {tasks})" if tasks else ""),
            "number": str(number),
            "score": step["points"],
            "max_score": step["max_points"],
            "status": "passed" if step["status"] == "passed" else "failed",
            "output": _clip(_step_output(lab, definition, step)),
            "output_format": "text",
        })
    return {"score": record["score"], "execution_time": round(seconds, 1),
            "output": _clip(record.get("report") or _problem(record)),
            "output_format": "text", "stdout_visibility": "hidden", "tests": tests}


def _problem(record: dict[str, Any]) -> str:
    if record.get("problem"):
        return str(record["problem"])
    errors = record.get("build_errors") or []
    return "build failed:\n" + "\n".join(errors) if errors else record["verdict"]


def _step_output(lab: Lab, definition: Any, step: dict[str, Any]) -> str:
    if step["status"] == "passed":
        return "passed; matched:\n" + (step.get("actual") or "")
    if step["status"] == "not_reached":
        return "not reached: an earlier step did not pass, so this one was not judged."
    lines = [step.get("message") or "failed",
             f"expected: {step.get('expected')}",
             f"actual:   {step.get('actual')}"]
    if step.get("hint"):
        lines.append(f"hint:     {step['hint']}")
    link = lab.doc_link(definition)
    if link:
        lines.append(f"read:     {link}")
    return "\n".join(lines)


def _clip(text: str) -> str:
    return text if len(text) <= OUTPUT_CHARS else text[:OUTPUT_CHARS] + "\n... (cut)"


def grade_here(lab: Lab) -> int:
    """run_autograder's work: grade, write results.json, say it on stdout."""
    base = autograder_root()
    start = time.monotonic()
    record, log = grade_submission(lab, base / "submission")
    data = results_json(lab, record, seconds=time.monotonic() - start)
    results = base / "results" / "results.json"
    batch.write_atomic(results, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(log)      # Gradescope shows run_autograder's stdout to instructors only
    print(f"{lab.name}: {record['score']}/{record['max_score']} {record['verdict']} "
          f"-> {results}")
    return 0


# ---- command line ----

def main(argv: Sequence[str] | None = None) -> int:
    top = argparse.ArgumentParser(
        prog="python3 -m grader gradescope",
        description="Write a Gradescope autograder zip for a lab (--out), or grade inside "
                    "Gradescope's container (--grade).  See docs/instructor-guide.md.")
    top.add_argument("lab", metavar="LAB")
    what = top.add_mutually_exclusive_group(required=True)
    what.add_argument("--out", metavar="ZIP", type=Path, help="write the autograder zip here")
    what.add_argument("--grade", action="store_true",
                      help="grade $CAPLAB_AUTOGRADER/submission (default /autograder)")
    args = top.parse_args(argv)
    try:
        lab = load_lab(args.lab, root=ROOT)
    except LabError as exc:
        print(f"lab error: {exc}", file=sys.stderr)
        return 2
    if args.grade:
        return grade_here(lab)
    try:
        count = write_zip(lab, args.out)
    except (kit.KitError, OSError) as exc:
        print(f"gradescope: {exc}", file=sys.stderr)
        return 2
    print(f"gradescope: {args.out}: {count} files (setup.sh, run_autograder and the "
          f"{lab.name} grading kit, no solutions/)")
    return 0
