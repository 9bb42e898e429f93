"""Grading one submission (grader/grade.py): nothing of an earlier grade
survives, and odd inputs give answers, not tracebacks."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from tests.grader.support import DEMO, ROOT, install_fake_qemu

from grader import grade as grading
from grader.lab import load_lab
from grader.sandbox import Sandbox


class ResetTest(unittest.TestCase):
    def test_everything_but_the_lock_goes_and_links_are_not_followed(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            work, outside = Path(tmp) / "work", Path(tmp) / "outside"
            (work / "out" / "obj").mkdir(parents=True)
            outside.mkdir()
            (outside / "keep.txt").write_text("not the grader's to remove")
            for name in (".lock", "console.log", "result.json", "out/roottask.elf"):
                (work / name).write_text("x")
            (work / "link").symlink_to(outside)
            grading.reset_work_dir(work)
            self.assertEqual([p.name for p in work.iterdir()], [".lock"])
            self.assertTrue((outside / "keep.txt").is_file())


@unittest.skipUnless((ROOT / "build/kernel/kernel.bin").is_file() and
                     (ROOT / "solutions/playground/lab.toml").is_file(),
                     "needs a built kernel and the playground lab")
class GradeTwiceTest(unittest.TestCase):
    """A failed build after a good run leaves no file of that run behind."""

    def test_a_second_grade_starts_from_nothing(self) -> None:
        lab = load_lab("playground", root=ROOT)
        with tempfile.TemporaryDirectory(prefix="caplab-grade-") as tmp:
            fake = install_fake_qemu(Path(tmp))
            src, work = Path(tmp) / "src", ROOT / "build" / "test-grade"
            src.mkdir()
            self.addCleanup(shutil.rmtree, work, True)
            (src / "main.c").write_text("int main(void) { return 0; }\n")
            with mock.patch.dict(os.environ, {"CAPLAB_QEMU": str(fake)}):
                first = grading.grade(lab, root=ROOT, src=src, work_dir=work,
                                      sandbox=Sandbox(), timeout=30)
            self.assertIsNotNone(first.run)
            self.assertTrue((work / "console.log").is_file())
            (src / "main.c").write_text("int main(void) { return nope; }\n")
            second = grading.grade(lab, root=ROOT, src=src, work_dir=work,
                                   sandbox=Sandbox(), timeout=30)
            self.assertEqual(second.judgement.verdict, "build_failed")
            self.assertEqual(sorted(p.name for p in work.iterdir()), ["out", "src"])
            self.assertEqual([p.name for p in (work / "out").iterdir()], ["obj"])


class OddInputTest(unittest.TestCase):
    def test_a_src_folder_whose_name_is_not_utf8(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            src = os.fsencode(tmp) + b"/caf\xe9"
            os.mkdir(src)
            with open(src + b"/main.c", "w") as file:
                file.write("int main(void) { return 0; }\n")
            json_path = Path(tmp) / "r.json"
            proc = subprocess.run([sys.executable, "-m", "grader", "check", str(DEMO),
                                   b"--src", src + b"/nope", "--json", str(json_path)],
                                  cwd=ROOT, capture_output=True,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
            self.assertTrue(json_path.is_file())
            summary = json.loads(json_path.read_text())["diagnosis"]["summary"]
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertNotIn(b"Traceback", proc.stderr)
        self.assertIn("caf\\xe9/nope does not exist", summary)
        self.assertIn(b"caf\\xe9", proc.stdout)

    def test_lone_surrogates_and_odd_bytes_in_a_run(self) -> None:
        """JSON escapes that decode to lone surrogates, bytes that are not
        UTF-8, control bytes: the report and the JSON come out anyway."""
        with tempfile.TemporaryDirectory() as tmp:
            run = Path(tmp) / "run"
            run.mkdir()
            (run / "console.log").write_bytes(b"found \xff\xfe untypeds\x1b[2J\x00\n")
            (run / "events.jsonl").write_bytes(
                b'{"ev":"boot","name":"\\ud800\\udfff\\udc00"}\n\xff\xfe\n'
                b'{"ev":"halt","reason":"\\udcff","status":0}\n')
            (run / "run.json").write_text('{"exit_code": 33, "duration": "soon"}')
            json_path = Path(tmp) / "r.json"
            proc = subprocess.run([sys.executable, "-m", "grader", "check", str(DEMO),
                                   "--replay", str(run), "--json", str(json_path), "-v"],
                                  cwd=ROOT, capture_output=True,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
            self.assertEqual(proc.returncode, 1, proc.stderr)
            self.assertNotIn(b"Traceback", proc.stderr)
            json.loads(json_path.read_text())


if __name__ == "__main__":
    unittest.main()
