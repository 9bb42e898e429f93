"""The command line (grader/__main__.py): exit codes, files, and no
tracebacks for anything a submission or a lab can do."""
from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
import types
import unittest
from pathlib import Path
from unittest import mock

from tests.grader.support import DEMO, ROOT, RUNS, TempLab, grader_cli, install_fake_qemu

import grader.__main__ as cli
from grader.build import BuildResult

RESULT = ROOT / "build" / "grader" / "demo" / "result.json"


def in_process(*args: str) -> tuple[int, str, str]:
    """Run the CLI's main() here, returning (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()


class CheckReplayTest(unittest.TestCase):
    def test_passing_run(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "deep" / "result.json"
            proc = grader_cli("check", str(DEMO), "--replay", str(RUNS / "pass"),
                              "--json", str(out))
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            data = json.loads(out.read_text())
        self.assertEqual((data["score"], data["verdict"]), (40, "passed"))
        self.assertIn("score 40/40", proc.stdout)
        self.assertNotIn("\x1b[", proc.stdout)
        self.assertEqual(json.loads(RESULT.read_text())["verdict"], "passed")

    def test_failing_run_exits_1(self) -> None:
        proc = grader_cli("check", str(DEMO), "--replay", str(RUNS / "todo-3"))
        self.assertEqual(proc.returncode, 1)
        self.assertIn("TASK 3: no badged copy was minted.", proc.stdout)
        self.assertEqual(proc.stderr, "")

    def test_verbose_shows_matches(self) -> None:
        proc = grader_cli("check", str(DEMO), "--replay", str(RUNS / "todo-3"), "--verbose")
        self.assertIn("retyped notification into slot 409", proc.stdout)

    def test_garbage_run_gives_a_report_not_a_traceback(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "console.log").write_bytes(bytes(range(256)) * 40 + b"\xff\xfe\x00\n")
            (folder / "events.jsonl").write_bytes(b"\x00\x01{{{\n[]\n{\"ev\": null}\n\xff\n"
                                                  b'{"ev":"halt","reason":"exit","status":"x"}\n')
            (folder / "run.json").write_text('{"exit_code": "33", "duration": null}')
            proc = grader_cli("check", str(DEMO), "--replay", str(folder), "--verbose")
        self.assertEqual(proc.returncode, 1)
        self.assertNotIn("Traceback", proc.stderr)
        self.assertIn("score 0/40", proc.stdout)
        self.assertIn("malformed event line", proc.stdout)

    def test_replay_needs_a_folder(self) -> None:
        proc = grader_cli("check", str(DEMO), "--replay", "/nonexistent/run")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("not a folder", proc.stderr)


class LabErrorTest(unittest.TestCase):
    def test_broken_lab_toml(self) -> None:
        with TempLab('[lab]\nname = "tmp-lab"\ntitle = "T"\nfiles = []\n[[step]]\nid = "a"\n'
                     'title = "A"\npoints = "many"\n') as tmp:
            proc = grader_cli("check", str(tmp.folder), "--replay", str(RUNS / "pass"))
        self.assertEqual(proc.returncode, 2)
        self.assertIn("lab error:", proc.stderr)
        self.assertIn("lab.toml: [[step]] #1 ('a') key 'points'", proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)

    def test_unknown_lab(self) -> None:
        proc = grader_cli("check", "no-such-lab")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("no lab named 'no-such-lab'", proc.stderr)

    def test_bad_timeout_argument(self) -> None:
        proc = grader_cli("check", str(DEMO), "--timeout", "soon")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("not a number of seconds", proc.stderr)


class SubmissionProblemTest(unittest.TestCase):
    """Problems found before make runs are build failures with a clear line."""

    def test_missing_src_folder(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "r.json"
            proc = grader_cli("check", str(DEMO), "--src", str(Path(tmp) / "nope"),
                              "--json", str(out))
            data = json.loads(out.read_text())
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(data["verdict"], "build_failed")
        self.assertIn("does not exist", data["build_errors"][0])
        self.assertIn("build failed", proc.stdout)

    def test_missing_student_file(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            proc = grader_cli("check", str(DEMO), "--src", tmp)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("the submission has no file main.c", proc.stdout)
        self.assertNotIn("Traceback", proc.stderr)


class InternalErrorTest(unittest.TestCase):
    def test_grader_bug_is_named(self) -> None:
        with mock.patch.object(cli, "judge", side_effect=RuntimeError("oops")):
            status, _, err = in_process("check", str(DEMO), "--replay", str(RUNS / "pass"))
        self.assertEqual(status, 2)
        self.assertIn("internal grader error", err)
        self.assertIn("RuntimeError: oops", err)


class ExercisesTest(unittest.TestCase):
    def test_arguments_are_passed_on(self) -> None:
        seen: list[list[str]] = []
        fake = types.ModuleType("grader.exercises")
        fake.main = lambda argv: seen.append(argv) or 7
        with mock.patch.dict(sys.modules, {"grader.exercises": fake}):
            status, _, _ = in_process("exercises", "--lab", "x", "--state", "3")
        self.assertEqual((status, seen), (7, [["--lab", "x", "--state", "3"]]))


class RunCommandTest(unittest.TestCase):
    """`run` with the build replaced and a fake QEMU: exit status and files."""

    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory(prefix="caplab-cli-run-")
        self.addCleanup(tmp.cleanup)
        self.root = Path(tmp.name)
        (self.root / "build" / "kernel").mkdir(parents=True)
        (self.root / "build" / "kernel" / "kernel.bin").write_text("kernel")
        self.out = self.root / "out"
        self.out.mkdir()
        fake = install_fake_qemu(self.root)
        for patcher in (mock.patch.object(cli, "ROOT", self.root),
                        mock.patch.object(cli.builder, "build", self.fake_build),
                        mock.patch.dict(os.environ, {"CAPLAB_QEMU": str(fake)})):
            patcher.start()
            self.addCleanup(patcher.stop)
        self.mode = "exit"

    def fake_build(self, lab, *, root, src, work_dir, sandbox, **_options) -> BuildResult:
        (self.out / "roottask.elf").write_text(self.mode)
        return BuildResult(ok=True, src_dir=src, out_dir=self.out)

    def run_cli(self, *args: str) -> tuple[int, str]:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), mock.patch.object(cli, "_echo", lambda data: None):
            status = cli.main(["run", str(DEMO), *args])
        return status, err.getvalue()

    def test_exit_status_is_the_root_tasks(self) -> None:
        status, err = self.run_cli()
        self.assertEqual(status, 3)
        self.assertEqual(err, "")
        saved = self.root / "build" / "grader" / "demo"
        self.assertIn(b"hello", (saved / "console.log").read_bytes())
        self.assertIn(b'"halt"', (saved / "events.jsonl").read_bytes())

    def test_abnormal_end_is_explained(self) -> None:
        self.mode = "panic"
        status, err = self.run_cli()
        self.assertEqual(status, 1)
        self.assertIn("did not exit normally: kernel panic: bad", err)

    def test_a_run_that_ends_with_every_thread_waiting_is_not_an_error_message(self) -> None:
        """As the seL4 tutorials end (the root task in seL4_ReplyRecv): a
        status line and where each thread stopped, the renamed root thread
        listed once under its new name."""
        self.mode = "idle"
        status, err = self.run_cli()
        self.assertEqual(status, 1)
        self.assertIn("grader: the run is over: no thread can run any more", err)
        self.assertNotIn("did not exit normally", err)
        self.assertIn('thread "server" blocked on endpoint_recv (cptr 9)', err)
        self.assertNotIn('"rootserver"', err)

    def test_gdbinit(self) -> None:
        with contextlib.redirect_stderr(io.StringIO()) as err:
            cli._write_gdbinit(self.out / "roottask.elf", 26123,
                               sources=(Path("/b/src"), Path("/home/me/lab")))
        self.assertIn("gdb -nx -x .gdbinit", err.getvalue())
        text = (self.root / ".gdbinit").read_text().splitlines()
        self.assertEqual(text, ["set architecture i386:x86-64", "file build/kernel/kernel.elf",
                                "set substitute-path /b/src /home/me/lab",
                                "add-symbol-file out/roottask.elf",
                                "target remote localhost:26123"])


if __name__ == "__main__":
    unittest.main()
