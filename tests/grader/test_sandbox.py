"""The sandbox (grader/sandbox.py): what a submission's build can see and do.

These run real bubblewrap with the mounts of a real build
(build.build_mounts), as root and, when the tests run as root, also as an
unprivileged user (setpriv), since graders run both ways.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from tests.grader.support import DEMO, ROOT, grader_cli

from grader import build as builder
from grader.sandbox import Mounts, Sandbox, SandboxError

HAVE_BWRAP = shutil.which("bwrap") is not None


def sandbox_works() -> bool:
    try:
        Sandbox().check()
    except SandboxError:
        return False
    return True


@unittest.skipUnless(HAVE_BWRAP and sandbox_works(), "bubblewrap cannot make a sandbox here")
class BuildSandboxTest(unittest.TestCase):
    """A shell in the build's sandbox tries what a hostile build would."""

    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory(prefix="caplab-sandbox-", dir=ROOT / "build")
        self.addCleanup(tmp.cleanup)
        work = Path(tmp.name)
        work.chmod(0o755)                  # for the unprivileged test
        self.src, self.out, self.scratch = work / "src", work / "out", work / "out" / "obj"
        for folder in (self.src, self.out, self.scratch):
            folder.mkdir()
        (self.src / "main.c").write_text("int main(void) { return 0; }\n")
        self.mounts = builder.build_mounts(root=ROOT, src_dir=self.src, out_dir=self.out)

    def shell(self, script: str, *, sandbox: Sandbox | None = None,
              prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
        command = (sandbox or Sandbox()).command(["sh", "-c", script], mounts=self.mounts,
                                                 cwd=ROOT)
        return subprocess.run([*prefix, *command], stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=60,
                              env={"PATH": "/usr/bin:/bin", "SECRET_OF_THE_GRADER": "x"})

    def assert_absent(self, path: Path | str) -> None:
        """`path` is not in the sandbox; a folder on the way to the kit (a
        kit unpacked in /home/..., /var/tmp/...) holds only that way."""
        path = Path(path)
        for mounted in (ROOT, self.src):
            if mounted.is_relative_to(path) and mounted != path:
                listing = self.shell(f"ls -A '{path}'").stdout.split()
                self.assertEqual(listing, [mounted.relative_to(path).parts[0]],
                                 f"{path} shows more than the way to {mounted}")
                return
        proc = self.shell(f"test -e '{path}'")
        self.assertNotEqual(proc.returncode, 0, f"{path} is visible in the sandbox")

    def test_the_repository_beyond_the_kit_is_not_there(self) -> None:
        for name in ("solutions", "grader", "tests", "exercises", "kernel", "scripts", ".git",
                     "build/grader", "build/kernel"):
            with self.subTest(name=name):
                self.assert_absent(ROOT / name)

    def test_the_kit_is_there(self) -> None:
        for path in ("Makefile", "mk/lab.mk", "libs/libs.mk", "libs/user.ld", "build/libs"):
            with self.subTest(path=path):
                self.assertEqual(self.shell(f"test -e '{ROOT / path}'").returncode, 0)
        self.assertEqual(self.shell(f"cat '{self.src}/main.c'").stdout,
                         "int main(void) { return 0; }\n")

    def test_home_etc_and_other_processes_are_not_there(self) -> None:
        for path in (Path.home(), "/root", "/home", "/etc/passwd", "/etc/shadow", "/var",
                     "/sys/class", "/run"):
            with self.subTest(path=path):
                self.assert_absent(path)
        pids = self.shell("ls /proc | grep '^[0-9]'").stdout.split()
        self.assertLessEqual(len(pids), 4, pids)        # bwrap's init, sh, ls, grep

    def test_the_environment_is_the_callers_only(self) -> None:
        proc = self.shell("cat /proc/self/environ")
        self.assertIn("SECRET_OF_THE_GRADER", proc.stdout)   # what we passed, and only it
        self.assertNotIn("HOME=", proc.stdout)

    def test_writes_go_only_to_out_and_scratch(self) -> None:
        for path in (ROOT / "libs" / "x", ROOT / "build" / "libs" / "x", self.src / "x",
                     ROOT / "x", Path("/usr/x"), Path("/x"), Path("/dev/shm/x"),
                     Path("/dev/x")):
            with self.subTest(path=path):
                proc = self.shell(f"echo x > '{path}'")
                # Under /tmp (a kit unpacked there) the write lands on the
                # sandbox's private /tmp and vanishes with it: still nothing
                # reaches the host, which is what counts.
                if not path.is_relative_to("/tmp"):
                    self.assertNotEqual(proc.returncode, 0)
                self.assertFalse(path.exists())
        self.assertEqual(self.shell(f"echo x > '{self.out}/x' && echo y > "
                                    f"'{self.scratch}/y'").returncode, 0)
        self.assertTrue((self.out / "x").is_file())
        self.assertFalse((self.scratch / "y").exists())    # a tmpfs that went with it

    def test_scratch_and_tmp_are_capped(self) -> None:
        for folder in (self.scratch, Path("/tmp")):
            with self.subTest(folder=folder):
                proc = self.shell(f"head -c 300M /dev/zero > '{folder}/big'")
                self.assertNotEqual(proc.returncode, 0)
                self.assertIn("No space left", proc.stderr)

    def test_no_network_and_no_capabilities(self) -> None:
        self.assertEqual(self.shell("ls /sys/class/net 2>/dev/null; cat /proc/net/dev").stdout
                         .count(":"), 1)                 # the header and lo only
        caps = self.shell("grep CapEff /proc/self/status").stdout.split()
        self.assertEqual(caps[-1], "0000000000000000")

    def test_no_controlling_terminal(self) -> None:
        proc = self.shell("echo x > /dev/tty")
        self.assertNotEqual(proc.returncode, 0)

    def test_processes_die_with_the_sandbox(self) -> None:
        marker = f"sleep 300.{os.getpid()}"             # no other sleep has this one
        proc = self.shell(f"(setsid {marker} &) ; echo started")
        self.assertEqual(proc.stdout.strip(), "started")
        leftover = subprocess.run(["pgrep", "-f", f"^{marker}$"], capture_output=True, text=True)
        self.assertEqual(leftover.stdout, "")

    @unittest.skipUnless(os.geteuid() == 0 and shutil.which("setpriv"),
                         "needs root to try as an unprivileged user")
    @unittest.skipUnless(all(folder.stat().st_mode & 0o001 for folder in ROOT.parents),
                         "the repository is in a folder other users cannot enter (/root?)")
    def test_it_works_unprivileged(self) -> None:
        prefix = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
        proc = self.shell(f"cat '{self.src}/main.c' && test ! -e '{ROOT}/solutions' && id -u",
                          prefix=prefix)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("int main", proc.stdout)


@unittest.skipUnless(HAVE_BWRAP and sandbox_works(), "bubblewrap cannot make a sandbox here")
class OlderBwrapTest(unittest.TestCase):
    """A bwrap without --size and --disable-userns (Ubuntu 22.04 has 0.6)
    still makes the sandbox, without those two."""

    def test_it_still_works(self) -> None:
        real = shutil.which("bwrap")
        with tempfile.TemporaryDirectory(dir=ROOT / "build") as tmp:
            old = Path(tmp) / "old-bwrap"
            old.write_text(f"""#!/bin/sh
if [ "$1" = --help ]; then {real} --help | grep -v -e --size -e --disable-userns; exit 0; fi
for arg; do case $arg in --size|--disable-userns) echo "bwrap: Unknown option $arg" >&2
    exit 1;; esac; done
exec {real} "$@"
""")
            old.chmod(0o755)
            sandbox = Sandbox(bwrap=str(old))
            sandbox.check()
            out = Path(tmp) / "out"
            (out / "obj").mkdir(parents=True)
            mounts = builder.build_mounts(root=ROOT, src_dir=ROOT / "libs", out_dir=out)
            command = sandbox.command(["sh", "-c", f"echo x > {out}/obj/y && test ! -e "
                                       f"{ROOT}/solutions"], mounts=mounts, cwd=ROOT)
            proc = subprocess.run(command, capture_output=True, text=True)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertTrue((out / "obj" / "y").is_file())     # on disk: no capped tmpfs


class SandboxCommandTest(unittest.TestCase):
    def test_unsandboxed_runs_the_command_as_is(self) -> None:
        command = Sandbox(enabled=False).command(["make", "x"], mounts=Mounts(), cwd=ROOT)
        self.assertEqual(command, ["make", "x"])

    def test_the_flags_that_make_it_a_sandbox(self) -> None:
        command = Sandbox(bwrap="bwrap").command(["true"], mounts=Mounts(), cwd=ROOT)
        for flag in ("--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
                     "--disable-userns"):
            self.assertIn(flag, command)
        self.assertNotIn("--share-net", command)
        self.assertIn("--share-net", Sandbox(bwrap="bwrap").command(
            ["true"], mounts=Mounts(network=True), cwd=ROOT))

    def test_bwraps_own_failure_is_told_from_the_builds(self) -> None:
        sandbox = Sandbox(bwrap="bwrap")
        error = sandbox.setup_error(1, "bwrap: No permissions to create a new namespace\n")
        self.assertIsNotNone(error)
        self.assertIn("user namespaces", str(error))
        self.assertIsNone(sandbox.setup_error(2, "main.c:1:1: error: bwrap: x\n"))
        self.assertIsNone(sandbox.setup_error(0, "bwrap: a warning\n"))
        self.assertIsNone(Sandbox(enabled=False).setup_error(1, "bwrap: x\n"))

    def test_parents_are_mounted_before_children(self) -> None:
        mounts = Mounts(read_only=(Path("/a/b/c"),), writable=(Path("/a/b"),),
                        scratch=((Path("/a/b/c/d/e"), 10),))
        command = Sandbox(bwrap="bwrap").command(["true"], mounts=mounts, cwd=Path("/a"))
        order = [command.index(str(path)) for path in ("/a/b", "/a/b/c", "/a/b/c/d/e")]
        self.assertEqual(order, sorted(order))


class RefusalTest(unittest.TestCase):
    """Where no sandbox can be made, the grader says so and grades nothing."""

    def fake_bwrap(self, folder: Path) -> Path:
        fake = folder / "bwrap"
        fake.write_text("#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\n"
                        "exit 1\n")
        fake.chmod(0o755)
        return fake

    def test_check_refuses(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            fake = self.fake_bwrap(Path(tmp))
            proc = grader_cli("check", str(DEMO), "--json", str(Path(tmp) / "r.json"),
                              env={"CAPLAB_BWRAP": str(fake)})
            self.assertFalse((Path(tmp) / "r.json").exists())
        self.assertEqual(proc.returncode, 2)
        self.assertIn("uid map: Permission denied", proc.stderr)
        self.assertIn("user namespaces", proc.stderr)
        self.assertIn("--unsandboxed", proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)

    def test_missing_bwrap(self) -> None:
        with mock.patch.dict(os.environ, {"CAPLAB_BWRAP": "/nonexistent/bwrap"}):
            with self.assertRaisesRegex(SandboxError, "apt-get install bubblewrap"):
                Sandbox().check()

    def test_unsandboxed_grades_anyway(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            fake = self.fake_bwrap(Path(tmp))
            proc = grader_cli("check", str(DEMO), "--src", str(Path(tmp) / "nope"),
                              "--unsandboxed", env={"CAPLAB_BWRAP": str(fake)})
        self.assertEqual(proc.returncode, 1)          # graded: the submission is missing
        self.assertIn("does not exist", proc.stdout)
        self.assertIn("--unsandboxed", proc.stderr)


if __name__ == "__main__":
    unittest.main()
