"""The grader on the real kernel in QEMU: a few end-to-end runs.

Skipped until the kernel is built (`make`) and the user libraries exist;
the labs' own tests (tests/labs/) cover the kernel-objects lab in depth.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import unittest
from pathlib import Path

from tests.grader.support import ROOT, grader_cli

READY = ((ROOT / "build/kernel/kernel.bin").is_file() and (ROOT / "libs/libs.mk").is_file()
         and (ROOT / "exercises/playground/lab.toml").is_file()
         and shutil.which("qemu-system-x86_64") is not None)

PROGRAMS = {
    "null": '#include <stdio.h>\nint main(void)\n{\n    volatile int *p = 0;\n'
            '    printf("about to fault\\n");\n    return *p;\n}\n',
    "loop": '#include <stdio.h>\nint main(void)\n{\n    printf("looping\\n");\n'
            '    for (;;) {\n    }\n}\n',
}


@unittest.skipUnless(READY, "needs build/kernel/kernel.bin (make), libs/ and QEMU")
class RealQemuTest(unittest.TestCase):
    def check(self, *args: str) -> tuple[int, dict, str]:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "result.json"
            proc = grader_cli("check", *args, "--json", str(out))
            data = json.loads(out.read_text()) if out.is_file() else {}
        self.assertNotIn("Traceback", proc.stderr)
        return proc.returncode, data, proc.stdout

    def program(self, name: str, *args: str) -> tuple[int, dict, str]:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "main.c").write_text(PROGRAMS[name])
            return self.check("playground", "--src", tmp, *args)

    def test_playground_passes(self) -> None:
        status, data, output = self.check("playground")
        self.assertEqual((status, data["verdict"]), (0, "passed"), output)
        self.assertEqual(data["run"]["exit_status"], 0)
        saved = ROOT / "build" / "grader" / "playground"
        self.assertIn(b"Booting all finished", (saved / "console.log").read_bytes())
        self.assertIn('"ev":"halt"', (saved / "events.jsonl").read_text().replace(" ", ""))

    def test_null_pointer_is_a_user_fault_in_main(self) -> None:
        status, data, output = self.program("null")
        self.assertEqual((status, data["verdict"]), (1, "user_fault"), output)
        self.assertIn('thread "rootserver"', data["diagnosis"]["summary"])
        self.assertIn("(in main+", data["diagnosis"]["summary"])

    def test_endless_loop_times_out(self) -> None:
        status, data, output = self.program("loop", "--timeout", "2")
        self.assertEqual((status, data["verdict"]), (1, "timeout"), output)
        self.assertTrue(data["run"]["timed_out"])


if __name__ == "__main__":
    unittest.main()
