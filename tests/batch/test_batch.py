"""Batch grading end to end: 60 generated kernel-objects submissions.

The class (made in a temporary folder by `make_class`):
  - 20 solved: the solution's main.c, as folders, zips and tar.gz files,
    at the top or one folder down;
  - 20 stopped at TASK k+1 (k = 0..6 in turn), written by the exercise
    generator's state k: the score is the points of steps 1..k;
  - 20 hostile: 11 archive or folder attacks (refused, 0 points) and 9
    programs of tests/hostile whose expect.toml lists every step's
    status, from which the score follows.
The batch runs with `python3 -m grader batch` as an instructor runs it,
is interrupted with SIGINT part-way, and is run again: nothing graded
before the interrupt is graded again or lost, and in the end every
student has the right score and verdict in every output.

Run alone: python3 -m unittest tests.batch.test_batch (about 30 s).
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import unittest
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

from grader import batch, exercises
from grader.lab import load_lab
from tests.batch.attacks import ATTACKS
from tests.grader.support import sigint_as_usual

ROOT = Path(__file__).resolve().parents[2]
LAB = "kernel-objects"
SOLUTION = ROOT / "solutions" / LAB
HOSTILE = ROOT / "tests" / "hostile"
HOSTILE_CASES = ["control_bytes", "debug_halt_middle", "exit_in_constructor",
                 "forged_kernel_lines", "forged_todo_line", "huge_number",
                 "include_solution", "null_deref", "priv_outb_exit_device"]
ATTACK_CASES = ["zip_dotdot", "zip_absolute", "zip_symlink", "zip_bomb", "zip_lying_size",
                "tar_symlink", "tar_hardlink", "tar_device", "tgz_bomb", "folder_symlink",
                "zip_many_entries"]
HAVE_TOOLS = shutil.which("qemu-system-x86_64") is not None and SOLUTION.is_dir()
WHY_SKIPPED = "needs qemu-system-x86_64 and solutions/ (absent in the student kit)"


def package(files: dict[str, bytes], folder: Path, stem: str, how: int) -> None:
    """Write one submission in one of four shapes."""
    if how == 0:                                  # a folder
        (folder / stem).mkdir()
        for name, data in files.items():
            (folder / stem / name).write_bytes(data)
    elif how in (1, 2):                           # a zip, at the top or one down
        prefix = "" if how == 1 else f"{stem}/"
        with zipfile.ZipFile(folder / f"{stem}.zip", "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in files.items():
                z.writestr(prefix + name, data)
    else:                                         # a tar.gz, one folder down
        staging = folder / f".{stem}"
        (staging / "work").mkdir(parents=True)
        for name, data in files.items():
            (staging / "work" / name).write_bytes(data)
        with tarfile.open(folder / f"{stem}.tar.gz", "w:gz") as t:
            t.add(staging / "work", arcname="work")
        shutil.rmtree(staging)


def make_class(folder: Path) -> dict[str, tuple[int, str]]:
    """Write the 60 submissions; returns id -> (expected score, verdict)."""
    lab = load_lab(LAB, root=ROOT)
    points = [step.points for step in lab.steps]
    expected: dict[str, tuple[int, str]] = {}
    solved = exercises.generate_lab(SOLUTION, len(points))
    for n in range(20):
        stem = f"solved{n:02d}"
        package({"main.c": solved["main.c"]}, folder, stem, n % 4)
        expected[stem] = (lab.max_score, "passed")
    for n in range(20):
        k = n % 7
        stem = f"stopped{n:02d}-k{k}"
        state = exercises.generate_lab(SOLUTION, k)
        package({"main.c": state["main.c"]}, folder, stem, n % 4)
        expected[stem] = (sum(points[:k]), "not_done")
    for name in ATTACK_CASES:
        ATTACKS[name](folder, f"attack-{name}")
        expected[f"attack-{name}"] = (0, "rejected")
    for name in HOSTILE_CASES:
        case = tomllib.loads((HOSTILE / name / "expect.toml").read_text())
        package({"main.c": (HOSTILE / name / "main.c").read_bytes()}, folder,
                f"hostile-{name}", 0)
        score = sum(p for p, status in zip(points, case["steps"]) if status == "passed")
        expected[f"hostile-{name}"] = (score, case["verdict"])
    return expected


def run_batch(subs: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "grader", "batch", LAB, str(subs),
                             "--out", str(out), "--jobs", "2", *extra],
                            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, errors="replace",
                            start_new_session=True, preexec_fn=sigint_as_usual)


def leftovers() -> list[str]:
    """Processes still working in a batch's temporary folders (its kit, its
    submissions): QEMU, make, gcc or a grader that an interrupt left behind."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cwd = os.readlink(proc / "cwd")
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "caplab-batch-" in cwd or "caplab-batch-" in command:
            found.append(f"{proc.name}: {command[:200]}")
    return found


def results(out: Path) -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text())
            for path in (out / "results").glob("*.json")}


@unittest.skipUnless(HAVE_TOOLS, WHY_SKIPPED)
class ClassOfSixty(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = Path(tempfile.mkdtemp(prefix="batch-test-"))
        cls.subs = cls.tmp / "submissions"
        cls.subs.mkdir()
        cls.expected = make_class(cls.subs)
        cls.out = cls.tmp / "out"

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def assert_scores(self, graded: dict[str, dict[str, Any]]) -> None:
        for ident, record in graded.items():
            with self.subTest(ident):
                score, verdict = self.expected[ident]
                self.assertEqual((record["score"], record["verdict"]), (score, verdict),
                                 record.get("problem"))

    def test_interrupted_then_resumed(self) -> None:
        self.assertEqual(len(self.expected), 60)
        proc = run_batch(self.subs, self.out)
        deadline = time.monotonic() + 600
        while len(list((self.out / "results").glob("*.json"))) < 20 if \
                (self.out / "results").is_dir() else True:
            self.assertIsNone(proc.poll(), "the batch ended before it could be interrupted")
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGINT)
        output, _ = proc.communicate(timeout=120)
        self.assertEqual(proc.returncode, 130, output)
        self.assertIn("interrupted", output)
        self.assertNotIn("Traceback", output)
        self.assertEqual(leftovers(), [], "processes of the batch outlived it")
        kept = results(self.out)
        self.assertLess(len(kept), 60, "the interrupt came too late to test anything")
        self.assert_scores(kept)
        times = {p.name: p.stat().st_mtime_ns for p in (self.out / "results").glob("*.json")}
        self.assertEqual(len(json.loads((self.out / "results.json").read_text())["students"]),
                         len(kept))

        proc = run_batch(self.subs, self.out)
        output, _ = proc.communicate(timeout=900)
        self.assertEqual(proc.returncode, 0, output)
        self.assertIn(f"{len(kept)} already graded (skipped)", output)
        for name, mtime in times.items():
            self.assertEqual((self.out / "results" / name).stat().st_mtime_ns, mtime,
                             f"{name} was graded again")
        graded = results(self.out)
        self.assertEqual(sorted(graded), sorted(self.expected))
        self.assert_scores(graded)
        self.check_outputs(graded)

    def check_outputs(self, graded: dict[str, dict[str, Any]]) -> None:
        with open(self.out / "results.csv", newline="") as handle:
            rows = list(csv.DictReader(handle))
        self.assertEqual(len(rows), 60)
        lab = load_lab(LAB, root=ROOT)
        for row in rows:
            score, verdict = self.expected[row["id"]]
            self.assertEqual((int(row["score"]), row["verdict"]), (score, verdict))
            self.assertEqual(sum(int(row[step.id]) for step in lab.steps), score)
        summary = json.loads((self.out / "results.json").read_text())
        self.assertEqual(summary["graded"], 60)
        self.assertEqual(summary["verdicts"]["passed"], 20)
        suites = ET.parse(self.out / "junit.xml").getroot()
        self.assertEqual(len(suites), 60)
        page = (self.out / "summary.html").read_text()
        self.assertEqual(page.count("<svg"), 3)
        self.assertNotIn("<script", page)
        self.assertNotIn("src=", page)
        self.assertNotIn("https://", page)
        for ident in graded:
            log = (self.out / "logs" / f"{ident}.log").read_text()
            self.assertIn(f"verdict:    {self.expected[ident][1]}", log)
            self.assertIn("==== console ====", log)
        self.assertIn("TASK 4 is not done yet", (self.out / "logs" / "stopped03-k3.log").read_text())


@unittest.skipUnless(HAVE_TOOLS, WHY_SKIPPED)
class SmallBatch(unittest.TestCase):
    """--force, a changed submission, odd names, and the grader failing."""

    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="batch-small-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.subs = self.tmp / "subs"
        self.subs.mkdir()
        self.out = self.tmp / "out"

    def batch(self, *extra: str) -> str:
        proc = run_batch(self.subs, self.out, *extra)
        output, _ = proc.communicate(timeout=600)
        self.assertEqual(proc.returncode, 0, output)
        self.assertNotIn("Traceback", output)
        return output

    def test_force_and_changed_submission(self) -> None:
        package({"main.c": exercises.generate_lab(SOLUTION, 2)["main.c"]}, self.subs, "ann", 0)
        package({"main.c": exercises.generate_lab(SOLUTION, 1)["main.c"]}, self.subs,
                "b;rm -rf ~", 1)
        (self.subs / "notes.txt").write_text("not a submission")
        output = self.batch()
        self.assertIn("notes.txt: not a folder, .zip or .tar.gz; skipped", output)
        self.assertEqual({k: v["score"] for k, v in results(self.out).items()},
                         {"ann": 20, "b_rm_-rf__": 10})
        # The same files: skipped.  A changed file: graded again.  --force: all.
        self.assertIn("2 already graded", self.batch())
        (self.subs / "ann" / "main.c").write_bytes(
            exercises.generate_lab(SOLUTION, 3)["main.c"])
        output = self.batch()
        self.assertIn("1 already graded", output)
        self.assertEqual(results(self.out)["ann"]["score"], 35)
        self.assertNotIn("already graded", self.batch("--force"))

    def test_grader_failure_is_recorded(self) -> None:
        lab = load_lab(LAB, root=ROOT)
        sub = batch.Submission("zoe", self.subs / "zoe")
        record, report = batch._judged(lab, sub, "x", self.tmp, 2, "",
                                       "internal grader error (please report it)")
        self.assertEqual((record["verdict"], record["score"]), ("grader_error", 0))
        self.assertIn("internal grader error", record["problem"])


if __name__ == "__main__":
    unittest.main()
