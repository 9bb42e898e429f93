"""Assembling a submission and reading compiler output (grader/build.py)."""
from __future__ import annotations

import os
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

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

    def test_folder_pipe_and_dangling_link_say_what_they_are(self) -> None:
        (self.src / "main.c").mkdir()
        with self.assertRaisesRegex(SubmissionError, "is a folder, not a file"):
            assemble_sources(self.lab, src=self.src, dest=self.dest)
        (self.src / "main.c").rmdir()
        os.mkfifo(self.src / "main.c")      # copying it would wait for a writer forever
        with self.assertRaisesRegex(SubmissionError, "not a regular file"):
            assemble_sources(self.lab, src=self.src, dest=self.dest)
        (self.src / "main.c").unlink()
        (self.src / "main.c").symlink_to(self.src / "gone.c")
        with self.assertRaisesRegex(SubmissionError, "symbolic link to nothing"):
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

    def test_app_folders_come_along(self) -> None:
        with TempLab('[lab]\nname = "tmp-lab"\ntitle = "T"\nfiles = []\n') as lab_dir, \
                tempfile.TemporaryDirectory() as tmp:
            lab = load_lab_file(lab_dir.toml)
            src = Path(tmp) / "mine"
            (src / "hello").mkdir(parents=True)
            (src / ".git").mkdir()
            (src / "main.c").write_text("x")
            (src / "hello" / "main.c").write_text("x")
            (src / "hello" / "notes.txt").write_text("x")
            (src / ".git" / "x.c").write_text("x")
            dest = Path(tmp) / "src"
            self.assertEqual(assemble_sources(lab, src=src, dest=dest),
                             ["main.c", "hello/main.c"])
            self.assertTrue((dest / "hello" / "main.c").is_file())
            (src / "main.c").unlink()
            with self.assertRaisesRegex(SubmissionError, "no .c file"):
                assemble_sources(lab, src=src, dest=dest)   # an app alone is not a root task

    def test_apps_go_to_make(self) -> None:
        with TempLab('[lab]\nname = "tmp-lab"\ntitle = "T"\nfiles = ["main.c"]\n'
                     'apps = ["hello", "two"]\n') as lab_dir:
            lab = load_lab_file(lab_dir.toml)
        command = builder.make_command(lab, src_dir=Path("/s"), out_dir=Path("/o"))
        self.assertEqual(command[-1], "APPS=hello two")


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


class CompilerLinesHostileTest(unittest.TestCase):
    SRC = Path("/work/main/build/grader/lab/src")
    OUT = Path("/work/main/build/grader/lab/out")

    def test_linker_paths_are_relative_too(self) -> None:
        output = (f"/usr/bin/ld: {self.OUT}/obj/main.o: in function `main':\n"
                  f"{self.SRC}/main.c:2: undefined reference to `x'\n")
        lines = compiler_lines(output, src_dir=self.SRC, root=Path("/work/main"),
                               out_dir=self.OUT)
        self.assertEqual(lines, ["/usr/bin/ld: main.o: in function `main':",
                                 "main.c:2: undefined reference to `x'"])

    def test_repository_paths_are_relative(self) -> None:
        output = ("/work/main/libs/sel4runtime/src/start.c:86: undefined reference to "
                  "`main'\n")
        lines = compiler_lines(output, src_dir=self.SRC, root=Path("/work/main"))
        self.assertEqual(lines, ["libs/sel4runtime/src/start.c:86: undefined reference to "
                                 "`main'"])

    def test_long_lines_are_cut_and_blank_edges_go(self) -> None:
        output = "\n\nmain.c:1:1: error: stray '\\377' " + "\u00ff" * 5000 + "\n\n"
        lines = compiler_lines(output, src_dir=self.SRC, root=Path("/work/main"))
        self.assertEqual(len(lines), 1)
        self.assertLess(len(lines[0]), builder.MAX_LINE_CHARS + 50)
        self.assertIn("more characters", lines[0])


class ForeignIncludesTest(unittest.TestCase):
    """A submission may #include its own files and library headers only."""

    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory(prefix="caplab-deps-")
        self.addCleanup(tmp.cleanup)
        self.root = Path(tmp.name)
        self.src = self.root / "build/grader/lab/src"
        self.out = self.root / "build/grader/lab/out"
        (self.out / "obj").mkdir(parents=True)
        self.src.mkdir(parents=True)
        (self.src / "main.c").write_text("")

    def depfile(self, stem: str, *deps: str) -> None:
        text = f"{self.out}/obj/{stem}.o: " + " \\\n ".join(deps) + "\n"
        text += "".join(f"{dep}:\n" for dep in deps[1:])          # what -MP adds
        (self.out / "obj" / f"{stem}.d").write_text(text)

    def foreign(self) -> list[str]:
        return builder.foreign_includes(src_dir=self.src, out_dir=self.out, root=self.root)

    def test_own_files_libraries_and_system_headers_are_fine(self) -> None:
        self.depfile("main", f"{self.src}/main.c", f"{self.src}/util.h",
                     "libs/libc/include/stdio.h",
                     "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h")
        self.assertEqual(self.foreign(), [])

    def test_the_solution_is_foreign(self) -> None:
        self.depfile("main", f"{self.src}/main.c",
                     f"{self.src}/../../../../solutions/lab/main.c",
                     "/etc/host\\ name.h")                   # make escapes the space
        self.assertEqual(self.foreign(), ["solutions/lab/main.c", "/etc/host name.h"])

    def test_an_app_that_includes_the_solution_is_caught(self) -> None:
        (self.src / "hello").mkdir(parents=True, exist_ok=True)
        (self.src / "hello" / "main.c").write_text("x")
        dep = self.out / "obj" / "apps" / "hello" / "main.d"
        dep.parent.mkdir(parents=True, exist_ok=True)
        dep.write_text(f"x.o: {self.src}/hello/main.c solutions/lab/app.c\n")
        self.assertEqual(self.foreign(), ["solutions/lab/app.c"])

    def test_stale_dependency_files_are_not_read(self) -> None:
        self.depfile("old", f"{self.src}/old.c", "solutions/lab/main.c")
        self.depfile("main", f"{self.src}/main.c")
        self.assertEqual(self.foreign(), [])


class RunMakeLimitsTest(unittest.TestCase):
    """_run_make with a stand-in for make: a child that hangs or floods."""

    def run_python(self, code: str, timeout: float) -> tuple[int, str]:
        return builder._run_make([sys.executable, "-c", code], root=ROOT, timeout=timeout)

    def test_a_hanging_build_is_stopped(self) -> None:
        status, output = self.run_python("import time; print('compiling', flush=True); "
                                         "time.sleep(600)", timeout=0.5)
        self.assertEqual(status, builder.TIMED_OUT)
        self.assertIn("compiling", output)
        self.assertIn("took longer than 0.5 s", output)

    def test_output_is_capped(self) -> None:
        status, output = self.run_python(
            "import sys; sys.stdout.write('e' * (3 << 20)); sys.exit(2)", timeout=60)
        self.assertEqual(status, 2)
        self.assertLess(len(output), builder.MAX_OUTPUT_BYTES + 200)
        self.assertIn(f"{(3 << 20) - builder.MAX_OUTPUT_BYTES} more bytes of output not kept",
                      output)

    def test_memory_limit_reaches_the_children(self) -> None:
        code = ("import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0])")
        status, output = builder._run_make([sys.executable, "-c", code], root=ROOT, timeout=60,
                                           limits=builder._submission_limits)
        self.assertEqual((status, output.strip()), (0, str(builder.SUBMISSION_MEMORY)))

    def test_build_timeout_from_the_environment(self) -> None:
        with mock.patch.dict(os.environ, {"CAPLAB_BUILD_TIMEOUT": "3"}):
            self.assertEqual(builder.submission_timeout(), 3.0)
        for bad in ("", "soon", "-1", "0", "1e9"):
            with mock.patch.dict(os.environ, {"CAPLAB_BUILD_TIMEOUT": bad}):
                self.assertEqual(builder.submission_timeout(), builder.SUBMISSION_BUILD_TIMEOUT)


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

    def test_warnings_are_kept_and_not_fatal(self) -> None:
        lab = load_lab("kernel-objects", root=ROOT)
        with tempfile.TemporaryDirectory(prefix="caplab-build-") as tmp:
            src = Path(tmp) / "student"
            src.mkdir()
            (src / "main.c").write_text("int main(void)\n{\n    int unused_thing;\n"
                                        "    return 0;\n}\n")
            result = builder.build(lab, root=ROOT, src=src, work_dir=Path(tmp) / "work")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(len(result.warnings), 1, result.warnings)
        self.assertIn("main.c:3:9: warning: unused variable", result.warnings[0])
        self.assertIn("unused_thing", result.warnings[0])

    def test_an_empty_main_c_is_explained(self) -> None:
        lab = load_lab("kernel-objects", root=ROOT)
        with tempfile.TemporaryDirectory(prefix="caplab-build-") as tmp:
            src = Path(tmp) / "student"
            src.mkdir()
            (src / "main.c").write_text("")
            result = builder.build(lab, root=ROOT, src=src, work_dir=Path(tmp) / "work")
        self.assertFalse(result.ok)
        self.assertIn("has no main() function", "\n".join(result.errors))

    def test_including_the_solution_is_refused(self) -> None:
        lab = load_lab("kernel-objects", root=ROOT)
        with tempfile.TemporaryDirectory(prefix="caplab-build-") as tmp:
            src = Path(tmp) / "student"
            src.mkdir()
            (src / "main.c").write_text(f'#include "{ROOT}/solutions/kernel-objects/main.c"\n')
            result = builder.build(lab, root=ROOT, src=src, work_dir=Path(tmp) / "work")
        self.assertFalse(result.ok)
        self.assertIn("includes solutions/kernel-objects/main.c", result.errors[0])

    def test_include_of_a_pipe_is_stopped_by_the_submission_limit(self) -> None:
        lab = load_lab("kernel-objects", root=ROOT)
        with tempfile.TemporaryDirectory(prefix="caplab-build-") as tmp:
            src = Path(tmp) / "student"
            src.mkdir()
            os.mkfifo(Path(tmp) / "pipe")    # nobody ever writes to it
            (src / "main.c").write_text(f'#include "{tmp}/pipe"\nint main(void) {{ return 0; }}\n')
            result = builder.build(lab, root=ROOT, src=src, work_dir=Path(tmp) / "work",
                                   submission_limit=1.0)
        self.assertFalse(result.ok)
        self.assertIn("took longer than 1 s", "\n".join(result.errors))
        self.assertIn("#include a pipe", "\n".join(result.errors))


if __name__ == "__main__":
    unittest.main()


class BuildEnvironmentTest(unittest.TestCase):
    """make and the compiler see only what a build needs: a submission that
    #includes /proc/self/environ must not show the grader's secrets."""

    def test_only_build_variables_pass(self) -> None:
        fake = {"PATH": "/usr/bin", "HOME": "/home/ta", "LANG": "C.UTF-8",
                "GRADESCOPE_TOKEN": "secret", "AWS_SECRET_ACCESS_KEY": "x"}
        with mock.patch.dict(os.environ, fake, clear=True):
            env = builder._build_env()
        self.assertEqual(env, {"PATH": "/usr/bin", "HOME": "/home/ta", "LANG": "C.UTF-8"})
