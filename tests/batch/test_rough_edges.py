"""The student path's rough edges (issue 8), each checked as a user meets it.

  - `make exercises` never destroys work: an edited or extra exercise file
    makes it refuse (FORCE=1 / --force overwrites); an exercise that only
    lags behind a changed solution, committed as generated, is regenerated;
  - `./caplab` with sudo present but the user not allowed to use it says
    so and prints the `su -c` command, and apt-get never runs;
  - a failed `make check` ends without make's "*** ... Error" line and
    with a non-zero status; a passed one exits 0;
  - compiler messages name the student's file as the student knows it,
    and the debug information (what gdb shows) names the student's file,
    not the grader's copy.
"""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from grader import exercises

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = ROOT / "solutions" / "kernel-objects"
HAVE_QEMU = shutil.which("qemu-system-x86_64") is not None

DEMO_TOML = '[lab]\nname = "demo"\ntitle = "Demo"\nfiles = ["main.c"]\n'
DEMO_C = """/* TASK 1: say hello. */
int main(void)
{
    /*? TASK 1 begin */
    return 0;
    /*? TASK 1 end */
}
"""


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root,
                   check=True, capture_output=True)


@unittest.skipUnless(shutil.which("git"), "needs git")
class ExercisesKeepWork(unittest.TestCase):
    def setUp(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="exercises-work-"))
        self.addCleanup(shutil.rmtree, self.root, True)
        (self.root / "solutions" / "demo").mkdir(parents=True)
        (self.root / "solutions" / "demo" / "lab.toml").write_text(DEMO_TOML)
        (self.root / "solutions" / "demo" / "main.c").write_text(DEMO_C)
        self.assertEqual(self.generate(), 0)
        git(self.root, "init", "-q")
        git(self.root, "add", ".")
        git(self.root, "commit", "-qm", "start")
        self.exercise = self.root / "exercises" / "demo" / "main.c"

    def generate(self, *extra: str) -> int:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return exercises.main(["--root", str(self.root), *extra])

    def test_a_changed_solution_regenerates_committed_exercises(self) -> None:
        source = self.root / "solutions" / "demo" / "main.c"
        source.write_text(DEMO_C.replace("say hello", "say hello twice"))
        self.assertEqual(self.generate(), 0)
        self.assertIn("say hello twice", self.exercise.read_text())

    def test_edited_exercise_is_kept(self) -> None:
        self.exercise.write_text(self.exercise.read_text() + "/* my work */\n")
        extra = self.exercise.parent / "notes.c"
        extra.write_text("/* mine too */\n")
        self.assertEqual(self.generate(), 1)
        self.assertIn("my work", self.exercise.read_text())
        self.assertTrue(extra.exists())
        self.assertEqual(self.generate("--force"), 0)
        self.assertNotIn("my work", self.exercise.read_text())
        self.assertFalse(extra.exists())


class CaplabWithoutSudoRights(unittest.TestCase):
    def test_says_what_failed_and_prints_su(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            bin_dir = Path(tmp)
            for tool in ("sh", "dirname", "gcc", "make", "ld", "objdump", "nm", "ar", "cat"):
                found = shutil.which(tool)
                if found:
                    (bin_dir / tool).symlink_to(found)
            (bin_dir / "python3").symlink_to(sys.executable)
            marker = bin_dir / "apt-get-ran"
            scripts = {
                "id": 'case "$1" in -u) echo 1000;; -un) echo student;; *) echo x;; esac\n',
                "sudo": 'echo "Sorry, user student may not run sudo on this host." >&2; exit 1\n',
                "apt-get": f"touch {marker}\n",
            }
            for name, body in scripts.items():
                (bin_dir / name).write_text("#!/bin/sh\n" + body)
                (bin_dir / name).chmod(0o755)
            proc = subprocess.run([str(ROOT / "caplab"), "setup"], env={"PATH": str(bin_dir)},
                                  capture_output=True, text=True, stdin=subprocess.DEVNULL)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("sudo refused: student may not run commands as root", proc.stderr)
        self.assertIn("su -c 'apt-get update", proc.stderr)
        self.assertIn("qemu-system-x86", proc.stderr)
        self.assertNotIn("apt-get's message", proc.stderr)
        self.assertFalse(marker.exists())


@unittest.skipUnless(HAVE_QEMU and SOLUTION.is_dir(), "needs QEMU and solutions/")
class MakeAndCompilerOutput(unittest.TestCase):
    def setUp(self) -> None:
        (ROOT / "build").mkdir(exist_ok=True)
        self.src = Path(tempfile.mkdtemp(prefix="student-", dir=ROOT / "build"))
        self.work = Path(tempfile.mkdtemp(prefix="work-"))
        self.addCleanup(shutil.rmtree, self.src, True)
        self.addCleanup(shutil.rmtree, self.work, True)
        self.env = dict(os.environ, CAPLAB_WORK=str(self.work))
        for key in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
            self.env.pop(key, None)

    def make_check(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["make", "--no-print-directory", "check", f"SRC={self.src}",
                               f"PYTHON={sys.executable}"], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)

    def test_make_check_status_without_noise(self) -> None:
        exercises.write_tree(exercises.generate_lab(SOLUTION, 2), self.src, prune=False)
        failed = self.make_check()
        self.assertNotEqual(failed.returncode, 0)
        self.assertIn("score 20/100", failed.stdout)
        self.assertNotIn("***", failed.stdout + failed.stderr)
        exercises.write_tree(exercises.generate_lab(SOLUTION, 7), self.src, prune=False)
        passed = self.make_check()
        self.assertEqual(passed.returncode, 0, passed.stdout + passed.stderr)

    def test_student_file_names(self) -> None:
        exercises.write_tree(exercises.generate_lab(SOLUTION, 0), self.src, prune=False)
        shown = self.src.relative_to(ROOT)
        proc = subprocess.run([sys.executable, "-m", "grader", "check", "kernel-objects",
                               "--src", str(shown)], cwd=ROOT, env=dict(self.env, CAPLAB_WORK=""),
                              capture_output=True, text=True)
        self.assertIn("score 0/100", proc.stdout)
        elf = (ROOT / "build" / "grader" / "kernel-objects" / "out" / "roottask.elf").read_bytes()
        self.assertIn(str(self.src).encode(), elf)
        self.assertNotIn(b"build/grader/kernel-objects/src", elf)
        (self.src / "main.c").write_text("int main(void)\n{\n    return 0\n}\n")
        proc = subprocess.run([sys.executable, "-m", "grader", "check", "kernel-objects",
                               "--src", str(shown)], cwd=ROOT, env=self.env,
                              capture_output=True, text=True)
        self.assertIn(f"{shown}/main.c:3:13: error", proc.stdout)


if __name__ == "__main__":
    unittest.main()
