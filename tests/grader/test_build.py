"""Assembling a submission and reading compiler output (grader/build.py)."""
from __future__ import annotations

import os
import sys
import tempfile
import threading
import unittest
from pathlib import Path
from unittest import mock

from tests.grader.support import ROOT, TempLab

from grader import build as builder
from grader.build import BuildResult, SubmissionError, assemble_sources, compiler_lines
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
        with self.assertRaisesRegex(SubmissionError, "is a pipe"):
            assemble_sources(self.lab, src=self.src, dest=self.dest)
        (self.src / "main.c").unlink()
        (self.src / "main.c").symlink_to(self.src / "gone.c")
        with self.assertRaisesRegex(SubmissionError, "is a symbolic link"):
            assemble_sources(self.lab, src=self.src, dest=self.dest)

    def test_a_folder_on_the_way_that_is_a_link_is_not_followed(self) -> None:
        self.student("main.c", "x\n")
        elsewhere = self.src.parent / "elsewhere"
        elsewhere.mkdir()
        (elsewhere / "echo.c").write_text("/* someone else's */\n")
        (self.src / "apps").symlink_to(elsewhere)
        with self.assertRaisesRegex(SubmissionError, "apps/echo.c is under a symbolic link"):
            assemble_sources(self.lab, src=self.src, dest=self.dest)

    def test_a_link_to_a_proc_file_is_not_followed(self) -> None:
        self.student("apps/echo.c", "x\n")
        (self.src / "main.c").symlink_to("/proc/self/environ")
        with self.assertRaisesRegex(SubmissionError, "main.c is a symbolic link"):
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


class NameTest(unittest.TestCase):
    def test_safe_names(self) -> None:
        for name in ("main.c", "my_file-2.h", ".hidden.c", "apps/echo.c", "A.B.c"):
            builder.check_name(name)

    def test_unsafe_names(self) -> None:
        for name in ("a;b.c", "-x.c", "a b.c", "$(x).c", "a:b.c", "a'b.c", "../x.c", "a/./b.c",
                     "caf\u00e9.c", "x\udcff.c", "a\nb.c", "apps/-x.c", ""):
            with self.subTest(name=name), self.assertRaisesRegex(SubmissionError,
                                                                 "is not allowed"):
                builder.check_name(name)

    def test_shown_escapes(self) -> None:
        self.assertEqual(builder.shown("\udcff\udcfe.c"), "\\xff\\xfe.c")
        self.assertEqual(builder.shown("a\nb\x1b.c"), "a\\nb\\x1b.c")


class SizeOnTheCopyTest(unittest.TestCase):
    def test_the_bytes_read_count_not_what_stat_says(self) -> None:
        read, write = os.pipe()                   # st_size 0, like a /proc file
        writer = threading.Thread(target=self.fill, args=(write,))
        writer.start()
        try:
            with self.assertRaisesRegex(SubmissionError, "more than"):
                builder._read_limited(read, "main.c")
        finally:
            os.close(read)
            writer.join()

    @staticmethod
    def fill(fd: int) -> None:
        try:
            os.write(fd, b"x" * (builder.MAX_SOURCE_BYTES + (1 << 16)))
        except OSError:
            pass                                  # the reader stopped early
        finally:
            os.close(fd)


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
                                           limits=builder.SUBMISSION_LIMITS)
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

    def build(self, files: dict[str, str], *, lab: str = "kernel-objects",
              **options: object) -> builder.BuildResult:
        with tempfile.TemporaryDirectory(prefix="caplab-build-") as tmp:
            src = Path(tmp) / "student"
            src.mkdir()
            for name, text in files.items():
                (src / name).parent.mkdir(parents=True, exist_ok=True)
                (src / name).write_text(text.replace("@ROOT@", str(ROOT)))
            return builder.build(load_lab(lab, root=ROOT), root=ROOT, src=src,
                                 work_dir=ROOT / "build" / "test-build" / lab, **options)

    def test_the_solution_cannot_be_included(self) -> None:
        """The build cannot see solutions/, however it names it."""
        for text in ('#include "@ROOT@/solutions/kernel-objects/main.c"\n',
                     '#include "../../../../solutions/kernel-objects/main.c"\n',
                     '# 1 "/usr/include/stdio.h" 1 3\n#pragma GCC system_header\n'
                     '#include "@ROOT@/solutions/kernel-objects/main.c"\n'):
            with self.subTest(text=text):
                result = self.build({"main.c": text})
                self.assertFalse(result.ok)
                self.assertIn("No such file or directory", "\n".join(result.errors))

    @unittest.skipUnless((ROOT / "exercises/playground/lab.toml").is_file(),
                         "needs the playground lab (a free lab)")
    def test_an_app_is_built_and_packed_in_the_sandbox(self) -> None:
        """mk/apps.mk and mk/cpio_archive.sh work inside bwrap."""
        result = self.build({"main.c": "int main(void) { return 0; }\n",
                             "hello/main.c": "int main(void) { return 0; }\n"},
                            lab="playground")
        self.assertTrue(result.ok, result.errors)
        image = result.roottask.read_bytes()
        self.assertIn(b"070701", image)                 # a newc CPIO header
        self.assertIn(b"hello\0", image)

    @unittest.skipUnless((ROOT / "exercises/playground/lab.toml").is_file(),
                         "needs the playground lab (a free lab)")
    def test_an_apps_warnings_are_kept_and_not_fatal(self) -> None:
        result = self.build({"main.c": "int main(void) { return 0; }\n",
                             "hello/main.c": "int main(void)\n{\n    int unused_thing;\n"
                                             "    return 0;\n}\n"},
                            lab="playground")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(len(result.warnings), 1, result.warnings)
        self.assertIn("hello/main.c:3:9: warning: unused variable", result.warnings[0])

    @unittest.skipUnless((ROOT / "exercises/playground/lab.toml").is_file(),
                         "needs the playground lab (a free lab)")
    def test_an_app_cannot_include_the_solution(self) -> None:
        result = self.build({"main.c": "int main(void) { return 0; }\n",
                             "hello/main.c": '#include "@ROOT@/solutions/kernel-objects/main.c"\n'},
                            lab="playground")
        self.assertFalse(result.ok)
        self.assertIn("No such file or directory", "\n".join(result.errors))

    def test_incbin_reads_nothing_outside(self) -> None:
        for path in ("@ROOT@/solutions/kernel-objects/main.c", "@ROOT@/grader/judge.py",
                     "/etc/passwd", "/root/.bashrc"):
            with self.subTest(path=path):
                result = self.build({"main.c": f'__asm__(".incbin \\"{path}\\"");\n'
                                               "int main(void) { return 0; }\n"})
                self.assertFalse(result.ok)
                self.assertIn("file not found", "\n".join(result.errors))

    def test_has_include_sees_only_the_kit(self) -> None:
        probes = ["@ROOT@/solutions/kernel-objects/main.c", "@ROOT@/grader/judge.py",
                  "@ROOT@/tests/hostile/README.md", "@ROOT@/kernel/kernel.mk", "/etc/passwd",
                  "/root/.bashrc", "/home"]
        text = "".join(f'#if __has_include("{p}")\n#error "visible: {p}"\n#endif\n'
                       for p in probes)
        text += ('#if !__has_include(<sel4/sel4.h>)\n#error "the kit is missing"\n#endif\n'
                 "int main(void) { return 0; }\n")
        result = self.build({"main.c": text})
        self.assertTrue(result.ok, result.errors)

    def test_a_pipe_outside_the_submission_is_not_there(self) -> None:
        with tempfile.TemporaryDirectory(prefix="caplab-build-") as tmp:
            os.mkfifo(Path(tmp) / "pipe")    # nobody ever writes to it
            result = self.build({"main.c": f'#include "{tmp}/pipe"\n'})
        self.assertFalse(result.ok)
        self.assertIn("No such file or directory", "\n".join(result.errors))

    def test_endless_expansion_is_stopped_by_the_time_limit(self) -> None:
        text = "#define A0 ;\n" + "".join(f"#define A{n} A{n - 1} A{n - 1}\n"
                                          for n in range(1, 41))
        result = self.build({"main.c": text + "int main(void) { A40 return 0; }\n"},
                            submission_limit=1.0)
        self.assertFalse(result.ok)
        self.assertIn("took longer than 1 s", "\n".join(result.errors))

    def test_a_huge_object_file_is_stopped(self) -> None:
        result = self.build({"main.c": '__asm__(".data\\n.fill 0x10000000, 1, 0");\n'
                                       "int main(void) { return 0; }\n"})
        self.assertFalse(result.ok)
        self.assertIn("no file larger than 64 MiB", "\n".join(result.errors))

    def test_nothing_of_an_earlier_build_survives(self) -> None:
        good = self.build({"main.c": "int main(void) { return 0; }\n"})
        self.assertTrue(good.ok, good.errors)
        bad = self.build({"main.c": "int main(void) { return nope; }\n"})
        self.assertFalse(bad.ok)
        self.assertEqual([p.name for p in bad.out_dir.iterdir()], ["obj"])
        self.assertEqual(list(bad.scratch_dir.iterdir()), [])       # its tmpfs is gone


class FailureLinesTest(unittest.TestCase):
    def test_makes_own_message_is_shown_when_it_is_all(self) -> None:
        result = BuildResult(ok=False, src_dir=Path("/b/src"), out_dir=Path("/b/out"))
        output = "make: *** No rule to make target 'x.c', needed by 'x.o'.  Stop.\n"
        lines = builder._failure_lines(2, output, result, Path("/r"))
        self.assertEqual(lines, ["make: *** No rule to make target 'x.c', needed by 'x.o'.  Stop."])

    def test_silent_failure(self) -> None:
        result = BuildResult(ok=False, src_dir=Path("/b/src"), out_dir=Path("/b/out"))
        self.assertEqual(builder._failure_lines(2, "", result, Path("/r")),
                         ["make exited with status 2 and printed nothing"])


class BuildEnvironmentTest(unittest.TestCase):
    """make and the compiler see a fixed environment, never the grader's: a
    submission that #includes /proc/self/environ must not show its secrets."""

    def test_nothing_of_the_graders_environment_passes(self) -> None:
        fake = {"PATH": "/home/ta/bin:/usr/bin", "HOME": "/home/ta", "LANG": "de_DE.UTF-8",
                "GRADESCOPE_TOKEN": "secret", "AWS_SECRET_ACCESS_KEY": "x",
                "LIBRARY_PATH": "/home/ta/lib", "MAKEFLAGS": "-j9"}
        with mock.patch.dict(os.environ, fake, clear=True):
            env = builder._build_env()
        self.assertEqual(env, {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/nonexistent",
                               "TMPDIR": "/tmp", "LC_ALL": "C.UTF-8"})
        with mock.patch.dict(os.environ, {"LANG": "C"}, clear=True):
            self.assertEqual(builder._build_env()["LC_ALL"], "C")


if __name__ == "__main__":
    unittest.main()
