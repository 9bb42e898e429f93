"""The Gradescope autograder end to end, in a Gradescope-like tree.

`python3 -m grader gradescope kernel-objects --out autograder.zip` is
unpacked into <tmp>/source as Gradescope does, setup.sh runs there,
run_autograder is copied to <tmp>/run_autograder, and for a solved, a
partial and a broken submission in <tmp>/submission it must write a valid
<tmp>/results/results.json (CAPLAB_AUTOGRADER=<tmp> stands in for
/autograder).  setup.sh installs nothing here when every package is
already installed; the test is skipped when one is missing (it would need
the network).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile
from pathlib import Path
from typing import Any

from grader import exercises, gradescope

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = ROOT / "solutions" / "kernel-objects"


def installed(package: str) -> bool:
    return subprocess.run(["dpkg", "-s", package], capture_output=True).returncode == 0


MISSING = [p for p in gradescope.PACKAGES if shutil.which("dpkg") and not installed(p)]
SKIP = (not SOLUTION.is_dir() and "needs solutions/ (absent in the student kit)") or \
    (MISSING and f"setup.sh would install {', '.join(MISSING)} (needs the network)") or None


@unittest.skipIf(SKIP, SKIP or "")
class Autograder(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = Path(tempfile.mkdtemp(prefix="gradescope-test-"))
        cls.zip = cls.tmp / "autograder.zip"
        proc = subprocess.run([sys.executable, "-m", "grader", "gradescope", "kernel-objects",
                               "--out", str(cls.zip)], cwd=ROOT, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        cls.base = cls.tmp / "autograder"
        source = cls.base / "source"
        source.mkdir(parents=True)
        with zipfile.ZipFile(cls.zip) as archive:
            for info in archive.infolist():       # extract keeps no modes: set them
                archive.extract(info, source)
                (source / info.filename).chmod(info.external_attr >> 16 & 0o777)
        proc = subprocess.run(["bash", "setup.sh"], cwd=source, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        shutil.copy2(source / "run_autograder", cls.base / "run_autograder")

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_zip_has_no_solutions(self) -> None:
        with zipfile.ZipFile(self.zip) as archive:
            names = archive.namelist()
        self.assertIn("setup.sh", names)
        self.assertIn("run_autograder", names)
        self.assertIn("exercises/kernel-objects/lab.toml", names)
        self.assertFalse([n for n in names if n.startswith(("solutions/", "build/", "tests/"))])
        solved = exercises.generate_lab(SOLUTION, 7)["main.c"]
        with zipfile.ZipFile(self.zip) as archive:
            self.assertFalse(any(archive.read(n) == solved for n in names))

    def grade(self, main_c: bytes, folder: str = "") -> dict[str, Any]:
        submission = self.base / "submission"
        shutil.rmtree(submission, ignore_errors=True)
        (submission / folder).mkdir(parents=True)
        (submission / folder / "main.c").write_bytes(main_c)
        shutil.rmtree(self.base / "results", ignore_errors=True)
        proc = subprocess.run([str(self.base / "run_autograder")], cwd=self.base,
                              env={"PATH": "/usr/bin:/bin", "CAPLAB_AUTOGRADER": str(self.base)},
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertNotIn("Traceback", proc.stdout + proc.stderr)
        data = json.loads((self.base / "results" / "results.json").read_text())
        self.assert_schema(data)
        self.assertNotIn("--unsandboxed", data["output"])     # a note for the log only
        return data

    def assert_schema(self, data: dict[str, Any]) -> None:
        """Gradescope's results.json: the keys we use, with their types."""
        self.assertIsInstance(data["score"], (int, float))
        self.assertIsInstance(data["output"], str)
        self.assertIsInstance(data["execution_time"], (int, float))
        self.assertEqual(data["score"], sum(test["score"] for test in data["tests"]))
        for test in data["tests"]:
            self.assertEqual(set(test) - {"name", "number", "score", "max_score", "status",
                                          "output", "output_format"}, set())
            self.assertIn(test["status"], ("passed", "failed"))
            self.assertLessEqual(test["score"], test["max_score"])
            self.assertIsInstance(test["output"], str)

    def test_solved(self) -> None:
        data = self.grade(exercises.generate_lab(SOLUTION, 7)["main.c"])
        self.assertEqual(data["score"], 100)
        self.assertEqual([t["status"] for t in data["tests"]], ["passed"] * 7)

    def test_partial_one_folder_down(self) -> None:
        data = self.grade(exercises.generate_lab(SOLUTION, 3)["main.c"], folder="work")
        self.assertEqual(data["score"], 35)
        failed = data["tests"][3]
        self.assertEqual((failed["status"], failed["score"], failed["max_score"]),
                         ("failed", 0, 15))
        for words in ("TASK 4", "expected:", "actual:", "hint:",
                      "docs/labs/kernel-objects.md#signal-wait"):
            self.assertIn(words, failed["output"])
        self.assertIn("not reached", data["tests"][4]["output"])

    def test_broken(self) -> None:
        data = self.grade(b"int main(void) { return 0 }\n")
        self.assertEqual(data["score"], 0)
        build = data["tests"][0]
        self.assertTrue(build["name"].startswith("build"))
        self.assertEqual(build["status"], "failed")
        self.assertIn("main.c:1:", build["output"])
        self.assertIn("error", build["output"])


if __name__ == "__main__":
    unittest.main()
