"""A grader that is stopped leaves nothing behind (grader/processes.py).

The grader is started on a submission that runs forever (or builds for
ever), and once its QEMU (or its compiler) is running it is stopped:
SIGTERM, SIGINT, SIGKILL, or its parent dying.  Afterwards no process of
that grade may be left: this test process makes itself a child subreaper,
so anything orphaned would be re-parented here and seen, and every process
on the machine is also searched for the grade's unique folder name.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

from tests.grader.support import ROOT, sigint_as_usual

PR_SET_CHILD_SUBREAPER = 36
HAVE_TOOLS = (shutil.which("qemu-system-x86_64") is not None and
              (ROOT / "build/kernel/kernel.bin").is_file() and
              (ROOT / "solutions/playground/lab.toml").is_file())
SPIN = "int main(void) { for (;;) { } }\n"
# main.c includes itself twice at every level, 40 levels deep: 2^40
# inclusions that produce no tokens, so the preprocessor works for days in
# constant memory (a build that runs out of memory would end the grade
# before the test's signal, and the test would race it).
SLOW_BUILD = ("#if __INCLUDE_LEVEL__ < 40\n#include \"main.c\"\n#include \"main.c\"\n#endif\n"
              "#if __INCLUDE_LEVEL__ == 0\nint main(void) { return 0; }\n#endif\n")
WAIT = 60.0          # the longest we wait for something to start or end


def _prctl(option: int, value: int) -> None:
    ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


def processes_naming(word: str, *, cwd: Path | None = None) -> list[tuple[int, str]]:
    """Live processes whose command line holds `word` (and that run in
    `cwd`, if given: other checkouts run the same commands): (pid, command)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                "utf-8", "replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            where = os.readlink(entry / "cwd") if cwd is not None else ""
        except OSError:
            continue
        if word in cmdline and state != "Z" and (cwd is None or where == str(cwd)):
            found.append((int(entry.name), cmdline[:200]))
    return found


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def reap_orphans() -> None:
    """Collect the exit statuses of processes re-parented to us."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


@unittest.skipUnless(HAVE_TOOLS, "needs QEMU, a built kernel and the playground lab")

class InterruptTest(unittest.TestCase):
    def setUp(self) -> None:
        _prctl(PR_SET_CHILD_SUBREAPER, 1)
        self.addCleanup(_prctl, PR_SET_CHILD_SUBREAPER, 0)
        tmp = tempfile.TemporaryDirectory(prefix="caplab-interrupt-")
        self.addCleanup(tmp.cleanup)
        self.tmp = Path(tmp.name)
        # A lab of its own, so its work folder's name is unique to this test.
        self.name = f"interrupt-{os.getpid()}-{self.id().rsplit('_', 1)[-1]}"
        lab = self.tmp / self.name
        lab.mkdir()
        text = (ROOT / "solutions/playground/lab.toml").read_text()
        (lab / "lab.toml").write_text(text.replace('name = "playground"',
                                                   f'name = "{self.name}"'))
        self.lab = lab
        self.src = self.tmp / "src"
        self.src.mkdir()
        self.addCleanup(shutil.rmtree, ROOT / "build" / "grader" / self.name, True)

    def grader(self, source: str, *extra: str, parent: bool = False) -> subprocess.Popen[bytes]:
        (self.src / "main.c").write_text(source)
        command = [sys.executable, "-m", "grader", "check", str(self.lab), "--src",
                   str(self.src), "--timeout", "600", *extra]
        if parent:       # a parent in between, that the test can kill
            command = [sys.executable, "-c", "import subprocess, sys, time; "
                       "subprocess.Popen(sys.argv[1:]); time.sleep(600)", *command]
        env = {**os.environ, "PYTHONPATH": str(ROOT), "CAPLAB_BUILD_TIMEOUT": "600"}
        return subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                preexec_fn=sigint_as_usual)

    def running(self, program: str) -> bool:
        return any(program in command for _, command in processes_naming(self.name))

    def assert_nothing_left(self, proc: subprocess.Popen[bytes]) -> None:
        try:
            proc.wait(timeout=WAIT)
        finally:
            if proc.poll() is None:
                proc.kill()
        stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        proc.stderr and proc.stderr.close()
        self.assertNotIn("Traceback", stderr)
        try:
            wait_for(lambda: not processes_naming(self.name), "the grade's processes to end")
        except AssertionError:
            left = processes_naming(self.name)
            for pid, _ in left:
                os.kill(pid, signal.SIGKILL)
            self.fail(f"processes left behind: {left}\n{stderr}")
        finally:
            reap_orphans()

    def test_sigterm_while_qemu_runs(self) -> None:
        proc = self.grader(SPIN)
        wait_for(lambda: self.running("qemu-system-x86_64"), "QEMU to start")
        proc.send_signal(signal.SIGTERM)
        self.assert_nothing_left(proc)
        self.assertEqual(proc.returncode, 128 + signal.SIGTERM)

    def test_sigint_while_the_compiler_runs(self) -> None:
        proc = self.grader(SLOW_BUILD)
        wait_for(lambda: self.running("cc1"), "the compiler to start")
        proc.send_signal(signal.SIGINT)
        self.assert_nothing_left(proc)
        self.assertEqual(proc.returncode, 130)

    def test_sigkill_of_the_grader(self) -> None:
        proc = self.grader(SPIN)
        wait_for(lambda: self.running("qemu-system-x86_64"), "QEMU to start")
        proc.kill()
        self.assert_nothing_left(proc)

    def test_the_graders_parent_dies(self) -> None:
        parent = self.grader(SPIN, parent=True)
        wait_for(lambda: self.running("qemu-system-x86_64"), "QEMU to start")
        parent.kill()
        self.assert_nothing_left(parent)

    def test_sigterm_unsandboxed(self) -> None:
        proc = self.grader(SLOW_BUILD, "--unsandboxed")
        wait_for(lambda: self.running("cc1"), "the compiler to start")
        proc.send_signal(signal.SIGTERM)
        self.assert_nothing_left(proc)


if __name__ == "__main__":
    unittest.main()
