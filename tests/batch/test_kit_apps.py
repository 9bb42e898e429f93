"""The kits carry what the labs with apps and the seL4_libs need.

A lab such as dynamic-4 has an app folder (client/) that mk/apps.mk builds
and mk/cpio_archive.sh packs into the root task, linked with allocman, vka,
vspace, sel4utils, cpio and elf.  The grading kit (batch and Gradescope)
and the student kit must hold all of it, and never solutions/; and a batch
grade of such a lab must work from the grading kit, build and boot in the
sandbox, also when a student file lives in the app's folder (cap-transfer's
app/app.c, handed in as a zip one folder down).
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

from grader import exercises, kit

ROOT = Path(__file__).resolve().parents[2]
LAB = "dynamic-4"
SOLUTION = ROOT / "solutions" / LAB
NEEDED = ["mk/apps.mk", "mk/cpio_archive.sh", "mk/lab.mk", "mk/top_apps.sh",
          "libs/allocman", "libs/vka", "libs/vspace", "libs/sel4runtime/crt", "libs/cpio",
          "libs/elf", f"exercises/{LAB}/lab.toml", f"exercises/{LAB}/client"]


@unittest.skipUnless((ROOT / "exercises" / LAB / "lab.toml").is_file(),
                     f"needs the {LAB} lab")
class KitContents(unittest.TestCase):
    def test_grading_kit_has_the_apps_and_libraries(self) -> None:
        with tempfile.TemporaryDirectory(prefix="kit-apps-") as tmp:
            dest = kit.copy_grading_kit(ROOT, Path(tmp) / "kit", LAB)
            for name in NEEDED:
                self.assertTrue((dest / name).exists(), name)
            self.assertTrue(list((dest / "exercises" / LAB / "client").glob("*.c")))
            self.assertFalse((dest / "solutions").exists())

    def test_student_kit_has_the_apps_and_libraries(self) -> None:
        names = kit.student_files(ROOT)
        for name in NEEDED:
            self.assertTrue(name in names or any(n.startswith(name + "/") for n in names), name)
        self.assertFalse([n for n in names if n.startswith("solutions/")])


@unittest.skipUnless(shutil.which("qemu-system-x86_64") and SOLUTION.is_dir(),
                     "needs qemu-system-x86_64 and solutions/ (absent in the student kit)")
class BatchWithApps(unittest.TestCase):
    def test_solved_lab_with_an_app_gets_full_marks(self) -> None:
        files = exercises.generate_lab(SOLUTION, max(exercises.lab_tasks(SOLUTION)))
        with tempfile.TemporaryDirectory(prefix="batch-apps-") as tmp:
            subs = Path(tmp) / "subs"
            (subs / "alice").mkdir(parents=True)
            (subs / "alice" / "main.c").write_bytes(files["main.c"])
            out = Path(tmp) / "out"
            proc = subprocess.run([sys.executable, "-m", "grader", "batch", LAB, str(subs),
                                   "--out", str(out), "--jobs", "1"], cwd=ROOT,
                                  capture_output=True, text=True)
            self.assertEqual(proc.returncode, 0, proc.stdout[-3000:] + proc.stderr[-3000:])
            record = json.loads((out / "results" / "alice.json").read_text())
        self.assertEqual(record["verdict"], "passed", record)
        self.assertEqual(record["score"], record["max_score"], record)

    @unittest.skipUnless((ROOT / "solutions" / "cap-transfer").is_dir(), "needs cap-transfer")
    def test_a_student_file_in_an_app_folder_is_taken(self) -> None:
        solution = ROOT / "solutions" / "cap-transfer"
        files = exercises.generate_lab(solution, max(exercises.lab_tasks(solution)))
        with tempfile.TemporaryDirectory(prefix="batch-apps-") as tmp:
            subs = Path(tmp) / "subs"
            subs.mkdir()
            with zipfile.ZipFile(subs / "bob.zip", "w") as archive:
                archive.writestr("bob/main.c", files["main.c"])
                archive.writestr("bob/app/app.c", files["app/app.c"])
            out = Path(tmp) / "out"
            proc = subprocess.run([sys.executable, "-m", "grader", "batch", "cap-transfer",
                                   str(subs), "--out", str(out), "--jobs", "1"], cwd=ROOT,
                                  capture_output=True, text=True)
            self.assertEqual(proc.returncode, 0, proc.stdout[-3000:] + proc.stderr[-3000:])
            record = json.loads((out / "results" / "bob.json").read_text())
        self.assertEqual(record["verdict"], "passed", record)
        self.assertEqual(record["score"], record["max_score"], record)


if __name__ == "__main__":
    unittest.main()
