"""The QEMU runner and the Run record (grader/qemu.py).

The runner is exercised with a fake QEMU (support.install_fake_qemu, named
by CAPLAB_QEMU) whose behaviour is chosen by the "root task" file it is
given, so the pipe, flood and time-out handling run for real without a
kernel.
"""
from __future__ import annotations

import os
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from tests.grader.support import install_fake_qemu, make_run

from grader import qemu
from grader.qemu import Run, qemu_command, read_symbols

class FakeQemuTest(unittest.TestCase):
    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory(prefix="caplab-fake-qemu-")
        self.addCleanup(tmp.cleanup)
        self.dir = Path(tmp.name)
        fake = install_fake_qemu(self.dir)
        patcher = mock.patch.dict(os.environ, {"CAPLAB_QEMU": str(fake)})
        patcher.start()
        self.addCleanup(patcher.stop)

    def boot(self, mode: str, **options) -> Run:
        task = self.dir / f"{mode}.elf"
        task.write_text(mode)
        options.setdefault("timeout", 60)
        return qemu.boot(kernel=self.dir / "kernel.bin", roottask=task,
                         run_dir=self.dir / "run", **options)

    def test_normal_halt(self) -> None:
        echoed: list[bytes] = []
        run = self.boot("exit", echo=echoed.append)
        self.assertEqual(run.exit_code, 33)
        self.assertFalse(run.timed_out)
        self.assertEqual(run.console, ["Booting all finished, dropped to user space", "hello"])
        self.assertEqual(b"".join(echoed), run.console_bytes)
        self.assertEqual(run.exit_status, 3)
        self.assertEqual(run.diagnosis.kind, "exit")

    def test_until_ends_the_run_early(self) -> None:
        asked: list[list[str]] = []

        def until(run: Run) -> bool:
            asked.append(run.console)
            return "about to hang" in run.console

        run = self.boot("hang", timeout=60, until=until)
        self.assertTrue(run.completed)
        self.assertFalse(run.timed_out)
        self.assertIsNone(run.exit_code)
        self.assertEqual(run.console, ["about to hang"])
        self.assertEqual(asked[-1], ["about to hang"])
        self.assertEqual(run.diagnosis.kind, "complete")

    def test_until_answering_no_changes_nothing(self) -> None:
        run = self.boot("exit", until=lambda run: False)
        self.assertFalse(run.completed)
        self.assertEqual(run.exit_status, 3)
        self.assertEqual(run.diagnosis.kind, "exit")

    def test_garbage_on_both_channels(self) -> None:
        run = self.boot("garbage")
        self.assertEqual(run.exit_code, 33)
        self.assertEqual(len(run.console), 3)
        self.assertIn("caf\u00e9", run.console[2])
        self.assertEqual([e["ev"] for e in run.events], ["boot"])
        self.assertEqual(len(run.bad_event_lines), 4)
        self.assertEqual(run.diagnosis.kind, "no_halt")

    def test_panic_exit_status(self) -> None:
        self.assertEqual(self.boot("panic").diagnosis.kind, "kernel_panic")

    def test_console_flood_is_stopped(self) -> None:
        run = self.boot("flood", console_limit=64 * 1024)
        self.assertEqual(run.flooded, "console")
        self.assertEqual(len(run.console_bytes), 64 * 1024)
        self.assertIsNone(run.exit_code)
        self.assertEqual(run.diagnosis.kind, "output_flood")

    def test_event_flood_is_stopped(self) -> None:
        run = self.boot("event-flood", events_limit=64 * 1024)
        self.assertEqual(run.flooded, "events")

    def test_hang_times_out(self) -> None:
        run = self.boot("hang", timeout=1)
        self.assertTrue(run.timed_out)
        self.assertIsNone(run.exit_code)
        self.assertEqual(run.console, ["about to hang"])
        self.assertEqual(run.diagnosis.kind, "timeout")

    def test_missing_qemu_binary(self) -> None:
        with mock.patch.dict(os.environ, {"CAPLAB_QEMU": str(self.dir / "nope")}):
            run = self.boot("exit")
        self.assertIsNone(run.exit_code)
        self.assertEqual(run.diagnosis.kind, "qemu_error")
        self.assertIn("cannot start", run.diagnosis.summary)


class CommandTest(unittest.TestCase):
    def command(self, **options) -> list[str]:
        return qemu_command(kernel=Path("build/kernel/kernel.bin"),
                            roottask=Path("out/roottask.elf"), events=Path("run/events.jsonl"),
                            **options)

    def test_contract_flags(self) -> None:
        with mock.patch.dict(os.environ, {}, clear=False) as env:
            env.pop("CAPLAB_ACCEL", None)
            env.pop("CAPLAB_QEMU", None)
            command = self.command()
        text = " ".join(command)
        self.assertEqual(command[0], "qemu-system-x86_64")
        for part in ("-machine pc", "-cpu qemu64", "-m 128M", "-accel tcg", "-display none",
                     "-no-reboot", "-nodefaults", "-serial stdio -serial file:run/events.jsonl",
                     "-device isa-debug-exit,iobase=0xf4,iosize=0x04",
                     "-kernel build/kernel/kernel.bin", "-initrd out/roottask.elf"):
            self.assertIn(part, text)
        self.assertNotIn("-S", command)

    def test_kvm_and_gdb(self) -> None:
        with mock.patch.dict(os.environ, {"CAPLAB_ACCEL": "kvm"}):
            command = self.command(gdb=26042)
        self.assertIn("-accel kvm", " ".join(command))
        self.assertEqual(command[-3:], ["-S", "-gdb", "tcp::26042"])

    def test_gdb_port_is_per_user(self) -> None:
        self.assertEqual(qemu.gdb_port(), 26000 + os.getuid() % 1000)

    def test_comma_in_path_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            qemu_command(kernel=Path("a,b"), roottask=Path("r"), events=Path("e"))


class RunRecordTest(unittest.TestCase):
    def test_console_text_is_cleaned(self) -> None:
        run = make_run(b"one\r\n\x1b[1;32mtwo\x1b[0m\nbad \xff byte\nno newline")
        self.assertEqual(run.console, ["one", "two", "bad \ufffd byte", "no newline"])

    def test_malformed_events_are_skipped_and_counted(self) -> None:
        run = make_run([], ['{"ev":"boot"}', "garbage", '"text"', '{"ev": 3}',
                            '{"ev":"halt","reason":"exit","status":0}', '{"ev":'])
        self.assertEqual([e["ev"] for e in run.events], ["boot", "halt"])
        self.assertEqual([n for n, _ in run.bad_event_lines], [2, 3, 4, 6])
        self.assertEqual(run.exit_status, 0)

    def test_exit_status_must_be_a_number(self) -> None:
        self.assertIsNone(make_run([], [{"ev": "halt", "reason": "exit", "status": True}]).exit_status)
        self.assertIsNone(make_run([], [{"ev": "halt", "reason": "idle", "status": 0}]).exit_status)

    def test_save_and_load(self) -> None:
        run = make_run(b"a\nb\xff\n", [{"ev": "boot"}, {"ev": "halt", "reason": "exit",
                                                        "status": 0}],
                       timed_out=False, duration=1.25, timeout=20.0)
        with tempfile.TemporaryDirectory() as tmp:
            run.save(Path(tmp))
            self.assertEqual(sorted(p.name for p in Path(tmp).iterdir()),
                             ["console.log", "events.jsonl", "run.json"])
            back = Run.load(Path(tmp))
        self.assertEqual((back.console_bytes, back.events_bytes, back.exit_code, back.duration),
                         (run.console_bytes, run.events_bytes, 33, 1.25))

    def test_load_tolerates_missing_and_broken_files(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(Run.load(Path(tmp)).console, [])
            (Path(tmp) / "run.json").write_text("[not an object")
            self.assertIsNone(Run.load(Path(tmp)).exit_code)

    def test_symbols(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "roottask.sym"
            path.write_text("0000000000401000 T _start\n                 U missing\n"
                            "0000000000401200 t helper\n0000000000600000 D data\n")
            run = Run(symbols=read_symbols(path))
        self.assertEqual(run.symbolize("0x401000"), "_start")
        self.assertEqual(run.symbolize(0x401210), "helper+0x10")
        self.assertIsNone(run.symbolize("0x400000"))
        self.assertIsNone(run.symbolize("0x9999999"))
        self.assertIsNone(run.symbolize("nonsense"))


if __name__ == "__main__":
    unittest.main()
