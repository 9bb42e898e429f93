"""Taking submissions in (grader/archive.py): good layouts work, attacks are refused.

Every attack of attacks.py must raise Rejected with a sentence, write
nothing outside the staging folder, and not read more than the limits
allow; the good layouts (folder, zip, tar.gz, files one folder down) give
exactly the lab's declared files.
"""
from __future__ import annotations

import io
import tarfile
import tempfile
import unittest
import zipfile
from pathlib import Path

from grader import archive
from grader.lab import load_lab
from tests.batch.attacks import ATTACKS, SOURCE

ROOT = Path(__file__).resolve().parents[2]


def _lab(name: str):
    return load_lab(name, root=ROOT)


class Layouts(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="archive-test-"))
        self.lab = _lab("kernel-objects")
        self.addCleanup(lambda: __import__("shutil").rmtree(self.tmp, ignore_errors=True))

    def staged(self, path: Path) -> dict[str, bytes]:
        dest = self.tmp / "staged"
        names = archive.stage(path, dest, self.lab)
        return {name: (dest / name).read_bytes() for name in names}

    def test_folder_takes_only_declared_files(self) -> None:
        sub = self.tmp / "alice"
        sub.mkdir()
        (sub / "main.c").write_bytes(SOURCE)
        (sub / "notes.txt").write_text("not taken")
        (sub / "lab.toml").write_text("[lab]\n# a replaced lab.toml is not taken\n")
        self.assertEqual(self.staged(sub), {"main.c": SOURCE})

    def test_zip_one_folder_down(self) -> None:
        path = self.tmp / "bob.zip"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("bob/", b"")
            z.writestr("bob/main.c", SOURCE)
            z.writestr("__MACOSX/bob/._main.c", b"junk")
        self.assertEqual(self.staged(path), {"main.c": SOURCE})

    def test_tar_gz_at_top(self) -> None:
        path = self.tmp / "carol.tar.gz"
        with tarfile.open(path, "w:gz") as t:
            info = tarfile.TarInfo("./main.c")
            info.size = len(SOURCE)
            t.addfile(info, io.BytesIO(SOURCE))
        self.assertEqual(self.staged(path), {"main.c": SOURCE})

    def test_two_folders_are_ambiguous(self) -> None:
        path = self.tmp / "dave.zip"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("a/main.c", SOURCE)
            z.writestr("b/main.c", SOURCE)
        with self.assertRaisesRegex(archive.Rejected, "several folders"):
            self.staged(path)

    def test_missing_files_are_named(self) -> None:
        path = self.tmp / "erin.zip"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("readme.txt", b"hi")
        with self.assertRaisesRegex(archive.Rejected, "main.c"):
            self.staged(path)

    def test_free_lab_takes_c_and_h_files(self) -> None:
        self.lab = _lab("playground")
        sub = self.tmp / "frank"
        sub.mkdir()
        (sub / "main.c").write_bytes(SOURCE)
        (sub / "util.h").write_bytes(b"#pragma once\n")
        (sub / "Makefile").write_text("all:\n")
        self.assertEqual(sorted(self.staged(sub)), ["main.c", "util.h"])

    def test_student_ids(self) -> None:
        self.assertEqual(archive.submission_stem(Path("a.b.tar.gz")), "a.b")
        self.assertEqual(archive.submission_stem(Path("x.tgz")), "x")
        self.assertEqual(archive.submission_stem(Path("y.zip")), "y")
        self.assertEqual(archive.submission_stem(Path("zed")), "zed")


class Attacks(unittest.TestCase):
    """Each attack is refused with a message, and nothing lands outside."""

    def test_every_attack_is_refused(self) -> None:
        lab = _lab("kernel-objects")
        for name, maker in ATTACKS.items():
            with self.subTest(name), tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp) / "in"
                folder.mkdir()
                path = maker(folder, name)
                dest = Path(tmp) / "out" / "staged"
                with self.assertRaises(archive.Rejected) as caught:
                    archive.stage(path, dest, lab)
                self.assertTrue(str(caught.exception).strip())
                self.assertFalse((Path(tmp) / "main.c").exists())
                self.assertFalse((Path(tmp) / "out" / "main.c").exists())
                self.assertEqual(list(dest.iterdir()) if dest.exists() else [], [])

    def test_check_name(self) -> None:
        self.assertEqual(archive.check_name("./a//b/main.c"), "a/b/main.c")
        for bad in ("../x", "a/../../x", "/etc/passwd", "C:/x", "a\\b", "a\0b"):
            with self.subTest(bad), self.assertRaises(archive.Rejected):
                archive.check_name(bad)


if __name__ == "__main__":
    unittest.main()


class ProgressDisplay(unittest.TestCase):
    """grader/progress.py: a bar on a terminal, plain lines elsewhere."""

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    def make(self, stream: io.StringIO):
        from grader.progress import Progress
        now = [100.0]
        progress = Progress(total=4, stream=stream, clock=lambda: now[0])
        return progress, now

    def test_plain_lines(self) -> None:
        stream = io.StringIO()
        progress, now = self.make(stream)
        progress.done({"id": "old"}, skipped=True)
        now[0] += 30
        progress.done({"id": "ann", "score": 20, "max_score": 100, "verdict": "not_done"})
        progress.finish()
        self.assertEqual(stream.getvalue(),
                         "2/4  2/min  1:00 left  ann: 20/100 not_done\n"
                         "1 already graded (skipped)\n")
        self.assertNotIn("\r", stream.getvalue())

    def test_terminal_bar(self) -> None:
        stream = self.Tty()
        progress, now = self.make(stream)
        now[0] += 15
        progress.done({"id": "ann"})
        progress.tick()
        progress.finish()
        text = stream.getvalue()
        self.assertTrue(text.startswith("\r["))
        self.assertIn("1/4  4/min  0:45 left", text)
        self.assertTrue(text.endswith("\n"))
