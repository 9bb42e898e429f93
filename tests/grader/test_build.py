"""Assembling a submission and reading compiler output (grader/build.py)."""
from __future__ import annotations

import tempfile
import unittest
from pathlib import Path

from tests.grader.support import ROOT, TempLab

from grader import build as builder
from grader.build import SubmissionError, assemble_sources, compiler_lines
from grader.lab import load_lab, load_lab_file

LAB = """\
    [lab]
    name = "tmp-lab"
    title = "T"
    files = ["main.c", "apps/echo.c"]
    """


class AssembleTest(unittest.TestCase):
    def setUp(self) -> None:
        self.lab_dir = TempLab(LAB, files={"main.c": "/* pristine main */\n",
                                           "helper.c": "/* pristine helper */\n"})
        self.addCleanup(self.lab_dir.cleanup)
        (self.lab_dir.folder / "apps").mkdir()
        (self.lab_dir.folder / "apps" / "echo.c").write_text("/* pristine echo */\n")
        self.lab = load_lab_file(self.lab_dir.toml)
        tmp = tempfile.TemporaryDirectory(prefix="caplab-assemble-")
        self.addCleanup(tmp.cleanup)
        self.src = Path(tmp.name) / "student"
        self.src.mkdir()
        self.dest = Path(tmp.name) / "work" / "src"

    def student(self, name: str, text: str) -> None:
        path = self.src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def test_only_listed_files_come_from_the_submission(self) -> None:
        self.student("main.c", "/* student main */\n")
        self.student("apps/echo.c", "/* student echo */\n")
        self.student("helper.c", "/* student helper: must be ignored */\n")
        self.student("extra.c", "/* not part of the lab */\n")
        taken = assemble_sources(self.lab, src=self.src, dest=self.dest)
        self.assertEqual(taken, ["main.c", "apps/echo.c"])
        self.assertEqual((self.dest / "main.c").read_text(), "/* student main */\n")
        self.assertEqual((self.dest / "apps/echo.c").read_text(), "/* student echo */\n")
        self.assertEqual((self.dest / "helper.c").read_text(), "/* pristine helper */\n")
        self.assertFalse((self.dest / "extra.c").exists())

    def test_fresh_copy_every_time(self) -> None:
        self.student("main.c", "one\n")
        self.student("apps/echo.c", "echo\n")
        assemble_sources(self.lab, src=self.src, dest=self.dest)
        (self.dest / "leftover.c").write_text("stale\n")
        assemble_sources(self.lab, src=self.src, dest=self.dest)
        self.assertFalse((self.dest / "leftover.c").exists())

    def test_missing_student_file(self) -> None:
        self.student("main.c", "x\n")
        with self.assertRaisesRegex(SubmissionError, "has no file apps/echo.c"):
            assemble_sources(self.lab, src=self.src, dest=self.dest)

    def test_student_file_that_is_a_folder(self) -> None:
        (self.src / "main.c").mkdir()
        with self.assertRaisesRegex(SubmissionError, "has no file main.c"):
            assemble_sources(self.lab, src=self.src, dest=self.dest)

    def test_missing_submission_folder(self) -> None:
        with self.assertRaisesRegex(SubmissionError, "does not exist"):
            assemble_sources(self.lab, src=self.src / "nope", dest=self.dest)

    def test_huge_file(self) -> None:
        self.student("main.c", "x" * (builder.MAX_SOURCE_BYTES + 1))
        self.student("apps/echo.c", "x\n")
        with self.assertRaisesRegex(SubmissionError, "at most"):
            assemble_sources(self.lab, src=self.src, dest=self.dest)

    def test_build_reports_submission_errors_without_make(self) -> None:
        result = builder.build(self.lab, root=ROOT, src=self.src / "nope",
                               work_dir=self.dest.parent)
        self.assertFalse(result.ok)
        self.assertEqual(result.command, [])
        self.assertIn("does not exist", result.errors[0])


class FreeLabAssembleTest(unittest.TestCase):
    def test_every_c_and_h_of_the_submission(self) -> None:
        with TempLab('[lab]\nname = "tmp-lab"\ntitle = "T"\nfiles = []\n',
                     files={"pristine.c": "x\n"}) as lab_dir, \
                tempfile.TemporaryDirectory() as tmp:
            lab = load_lab_file(lab_dir.toml)
            src = Path(tmp) / "mine"
            src.mkdir()
            for name in ("a.c", "b.c", "util.h", "notes.txt"):
                (src / name).write_text(name)
            (src / "sub").mkdir()
            dest = Path(tmp) / "src"
            self.assertEqual(assemble_sources(lab, src=src, dest=dest), ["a.c", "b.c", "util.h"])
            self.assertEqual(sorted(p.name for p in dest.iterdir()), ["a.c", "b.c", "util.h"])
            (src / "a.c").unlink()
            (src / "b.c").unlink()
            with self.assertRaisesRegex(SubmissionError, "no .c file"):
                assemble_sources(lab, src=src, dest=dest)


class CompilerLinesTest(unittest.TestCase):
    SRC = Path("/work/main/build/grader/lab/src")

    def test_paths_are_relative_and_make_noise_goes(self) -> None:
        output = (f"{self.SRC}/main.c: In function 'main':\n"
                  f"{self.SRC}/main.c:4:12: error: 'x' undeclared (first use in this function)\n"
                  "    4 |     return x;\n"
                  "      |            ^\n"
                  "make: *** [mk/lab.mk:48: /work/main/build/grader/lab/out/obj/main.o] Error 1\n"
                  "make[1]: *** [Makefile:3: all] Error 2\n")
        lines = compiler_lines(output, src_dir=self.SRC, root=Path("/work/main"))
        self.assertEqual(lines, ["main.c: In function 'main':",
                                 "main.c:4:12: error: 'x' undeclared (first use in this function)",
                                 "    4 |     return x;",
                                 "      |            ^"])

    def test_relative_source_paths_too(self) -> None:
        lines = compiler_lines("build/grader/lab/src/main.c:1:1: error: y\n", src_dir=self.SRC,
                               root=Path("/work/main"))
        self.assertEqual(lines, ["main.c:1:1: error: y"])

    def test_limit(self) -> None:
        output = "".join(f"main.c:{n}:1: error: e{n}\n" for n in range(30))
        lines = compiler_lines(output, src_dir=self.SRC, root=Path("/work/main"))
        self.assertEqual(len(lines), 21)
        self.assertEqual(lines[-1], "... (10 more lines)")


@unittest.skipUnless((ROOT / "build/kernel/kernel.bin").is_file() and
                     (ROOT / "libs/libs.mk").is_file() and
                     (ROOT / "exercises/kernel-objects/lab.toml").is_file(),
                     "needs a built kernel (make), the user libraries and the kernel-objects lab")
class RealBuildTest(unittest.TestCase):
    def test_compile_error_is_reported_with_student_paths(self) -> None:
        lab = load_lab("kernel-objects", root=ROOT)
        with tempfile.TemporaryDirectory(prefix="caplab-build-") as tmp:
            src = Path(tmp) / "student"
            src.mkdir()
            (src / "main.c").write_text("int main(void)\n{\n    return undeclared_thing;\n}\n")
            result = builder.build(lab, root=ROOT, src=src, work_dir=Path(tmp) / "work")
        self.assertFalse(result.ok)
        text = "\n".join(result.errors)
        self.assertIn("main.c:3:", text)
        self.assertIn("undeclared_thing", text)
        self.assertNotIn(tmp, text)


if __name__ == "__main__":
    unittest.main()
