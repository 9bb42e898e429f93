"""Integration tests of the playground lab: any .c files, built and booted.

The committed exercise must build, print its BootInfo summary and exit 0
(verdict "passed" for a lab without steps); a folder of the student's own
with several .c files must be built whole (lab.toml says files = []); and a
program that exits with a non-zero status must not pass.  Skipped only when
qemu-system-x86_64 is not installed.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HAVE_QEMU = shutil.which("qemu-system-x86_64") is not None
NO_QEMU = "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)"


def grader(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "grader", *args], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace", stdin=subprocess.DEVNULL)


@unittest.skipUnless(HAVE_QEMU, NO_QEMU)
class PlaygroundTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory(prefix="caplab-playground-")
        self.work = Path(self.tmp.name)

    def tearDown(self) -> None:
        self.tmp.cleanup()

    def check(self, src: Path) -> dict[str, Any]:
        out = self.work / "result.json"
        proc = grader("check", "playground", "--src", str(src), "--json", str(out))
        self.assertTrue(out.is_file(), proc.stdout[-3000:])
        result = json.loads(out.read_text())
        result["_exit"], result["_output"] = proc.returncode, proc.stdout
        return result

    def test_hello_runs_and_exits_zero(self) -> None:
        proc = grader("run", "playground", "--src", str(ROOT / "exercises" / "playground"))
        self.assertEqual(proc.returncode, 0, proc.stdout[-3000:])
        self.assertIn("hello from the caplab playground", proc.stdout)
        self.assertRegex(proc.stdout, r"empty slots +\[\d+, 4096\)")
        self.assertIn("playground: done", proc.stdout)
        result = self.check(ROOT / "exercises" / "playground")
        self.assertEqual(result["verdict"], "passed", result["_output"][-3000:])
        self.assertEqual(result["steps"], [])
        self.assertEqual(result["_exit"], 0)

    def test_every_c_file_of_the_folder_is_built(self) -> None:
        src = self.work / "mine"
        src.mkdir()
        (src / "main.c").write_text(
            '#include <stdio.h>\nint helper(int x);\n'
            'int main(void)\n{\n    printf("helper says %d\\n", helper(20));\n'
            '    return 0;\n}\n')
        (src / "helper.c").write_text("int helper(int x)\n{\n    return x + 22;\n}\n")
        proc = grader("run", "playground", "--src", str(src))
        self.assertEqual(proc.returncode, 0, proc.stdout[-3000:])
        self.assertIn("helper says 42", proc.stdout)

    def test_non_zero_exit_does_not_pass(self) -> None:
        src = self.work / "fails"
        src.mkdir()
        (src / "main.c").write_text("int main(void)\n{\n    return 3;\n}\n")
        result = self.check(src)
        self.assertNotEqual(result["verdict"], "passed", result["_output"][-3000:])
        self.assertNotEqual(result["_exit"], 0)


if __name__ == "__main__":
    unittest.main()
