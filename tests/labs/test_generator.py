"""Unit tests of the exercise generator (grader/exercises.py).

They run on small made-up sources in memory or in temporary folders, so
they need neither QEMU nor a compiler: marker handling, stub blocks, the
default TASK_TODO line, intermediate states, every marker error (with its
file:line), copying of non-C files, determinism, and the command line
(--lab, --state/--out, --check).
"""
from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from grader import exercises  # noqa: E402
from grader.exercises import MarkerError, transform_c  # noqa: E402

SOURCE = """\
#include <caplab/task.h>

/* TASK 1: say hello.
 * More words that are not the TODO text.
 */
static void one(void)
{
    /*? TASK 1 begin */
    puts("hello");
    /*? TASK 1 end */
}

/* TASK 2: return the answer */
static int two(void)
{
    /*? TASK 2 begin */
    return 42;
    /*? TASK 2 end */
    /*? TASK 2 stub
    TASK_TODO(2, "compute the answer");
    return 0;
    */
}
"""


def run_main(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = exercises.main(list(argv))
    return code, out.getvalue(), err.getvalue()


class TransformTest(unittest.TestCase):
    def test_state_zero_has_stubs_and_default_todo(self) -> None:
        out = transform_c(SOURCE, 0, "x.c")
        self.assertIn('    TASK_TODO(1, "say hello.");\n', out)
        self.assertIn('    TASK_TODO(2, "compute the answer");\n    return 0;\n', out)
        self.assertNotIn("puts", out)
        self.assertNotIn("return 42", out)
        self.assertNotIn("/*?", out)

    def test_contract_comments_stay(self) -> None:
        for state in (0, 1, 2):
            out = transform_c(SOURCE, state, "x.c")
            self.assertIn("/* TASK 1: say hello.\n * More words", out)
            self.assertIn("/* TASK 2: return the answer */", out)

    def test_intermediate_state(self) -> None:
        out = transform_c(SOURCE, 1, "x.c")
        self.assertIn('puts("hello");', out)
        self.assertNotIn("TASK_TODO(1", out)
        self.assertIn('TASK_TODO(2, "compute the answer");', out)
        self.assertNotIn("return 42", out)

    def test_solved_state_is_solution_without_markers(self) -> None:
        out = transform_c(SOURCE, 2, "x.c")
        expected = "".join(line for line in SOURCE.splitlines(keepends=True)
                           if "/*?" not in line)
        # the stub body lines go too
        expected = expected.replace('    TASK_TODO(2, "compute the answer");\n'
                                    '    return 0;\n    */\n', "")
        self.assertEqual(out, expected)
        self.assertNotIn("TASK_TODO", out)

    def test_state_as_a_set_of_tasks(self) -> None:
        """A set solves exactly its TASKs, in any order of numbers."""
        only_two = transform_c(SOURCE, frozenset({2}), "x.c")
        self.assertIn('TASK_TODO(1, "say hello.");', only_two)
        self.assertIn("return 42", only_two)
        self.assertNotIn("compute the answer", only_two)
        self.assertEqual(transform_c(SOURCE, frozenset({1}), "x.c"), transform_c(SOURCE, 1, "x.c"))
        self.assertEqual(transform_c(SOURCE, frozenset(), "x.c"), transform_c(SOURCE, 0, "x.c"))
        self.assertEqual(transform_c(SOURCE, {1, 2}, "x.c"), transform_c(SOURCE, 2, "x.c"))

    def test_state_beyond_last_task_is_solved(self) -> None:
        self.assertEqual(transform_c(SOURCE, 99, "x.c"), transform_c(SOURCE, 2, "x.c"))

    def test_plain_file_unchanged(self) -> None:
        text = "int main(void) { return 0; }\n"
        self.assertEqual(transform_c(text, 0, "p.c"), text)

    def test_todo_text_is_escaped_for_c(self) -> None:
        src = ('/* TASK 1: print "hi" \\ there */\n'
               "/*? TASK 1 begin */\nx();\n/*? TASK 1 end */\n")
        out = transform_c(src, 0, "q.c")
        self.assertIn('TASK_TODO(1, "print \\"hi\\" \\\\ there");', out)

    def test_several_blocks_of_one_task_get_one_todo(self) -> None:
        src = ("/* TASK 1: two places */\n"
               "  /*? TASK 1 begin */\na();\n  /*? TASK 1 end */\n"
               "mid();\n"
               "/*? TASK 1 begin */\nb();\n/*? TASK 1 end */\n")
        out = transform_c(src, 0, "m.c")
        self.assertEqual(out.count("TASK_TODO(1,"), 1)
        self.assertIn('  TASK_TODO(1, "two places");\nmid();\n', out)
        self.assertIn("a();\nmid();\nb();\n", transform_c(src, 1, "m.c"))

    def test_stub_may_come_before_solution(self) -> None:
        src = ("/* TASK 1: early stub */\n"
               "/*? TASK 1 stub\nint x = 0;\n*/\n"
               "/*? TASK 1 begin */\nint x = 1;\n/*? TASK 1 end */\n")
        self.assertEqual(transform_c(src, 0, "s.c"), "/* TASK 1: early stub */\nint x = 0;\n")
        self.assertEqual(transform_c(src, 1, "s.c"), "/* TASK 1: early stub */\nint x = 1;\n")

    def test_output_is_deterministic(self) -> None:
        self.assertEqual(transform_c(SOURCE, 0, "x.c"), transform_c(SOURCE, 0, "x.c"))


class MarkerErrorTest(unittest.TestCase):
    def assert_error(self, src: str, where: str, words: str) -> None:
        with self.assertRaises(MarkerError) as ctx:
            transform_c(src, 0, "bad.c")
        self.assertIn(where, str(ctx.exception))
        self.assertIn(words, str(ctx.exception))

    def test_begin_without_end(self) -> None:
        self.assert_error("/* TASK 1: x */\n/*? TASK 1 begin */\ncode();\n",
                          "bad.c:2:", "no matching 'TASK 1 end'")

    def test_end_without_begin(self) -> None:
        self.assert_error("code();\n/*? TASK 1 end */\n", "bad.c:2:", "without a 'TASK 1 begin'")

    def test_mismatched_end(self) -> None:
        self.assert_error("/*? TASK 1 begin */\n/*? TASK 2 end */\n",
                          "bad.c:2:", "closes TASK 1 (opened at line 1)")

    def test_nested_begin(self) -> None:
        self.assert_error("/*? TASK 1 begin */\n/*? TASK 2 begin */\n",
                          "bad.c:2:", "do not nest")

    def test_unknown_marker(self) -> None:
        self.assert_error("a();\n/*? TASK 1 start */\n", "bad.c:2:", "unknown or misplaced marker")

    def test_marker_not_alone_on_line(self) -> None:
        self.assert_error("x = 1; /*? TASK 1 begin */\n", "bad.c:1:", "unknown or misplaced marker")

    def test_task_zero(self) -> None:
        self.assert_error("/*? TASK 0 begin */\n", "bad.c:1:", "start at 1")

    def test_unterminated_stub(self) -> None:
        self.assert_error("/*? TASK 1 begin */\n/*? TASK 1 end */\n/*? TASK 1 stub\nx();\n",
                          "bad.c:3:", "never closed")

    def test_comment_end_inside_stub(self) -> None:
        self.assert_error("/*? TASK 1 begin */\n/*? TASK 1 end */\n"
                          "/*? TASK 1 stub\nx(); /* why */\n*/\n",
                          "bad.c:4:", "would end the comment early")

    def test_stub_inside_block(self) -> None:
        self.assert_error("/*? TASK 1 begin */\n/*? TASK 1 stub\n*/\n/*? TASK 1 end */\n",
                          "bad.c:2:", "inside TASK 1")

    def test_stub_without_solution(self) -> None:
        self.assert_error("/*? TASK 3 stub\nx();\n*/\n", "bad.c", "no 'TASK 3 begin'")

    def test_task_without_comment_or_stub(self) -> None:
        self.assert_error("/*? TASK 4 begin */\nx();\n/*? TASK 4 end */\n",
                          "bad.c", "neither a stub block nor a '/* TASK 4: ...' comment")


class LabTreeTest(unittest.TestCase):
    """Whole labs in a temporary repository root, through main()."""

    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        lab = self.root / "solutions" / "demo"
        (lab / "inc").mkdir(parents=True)
        (lab / "main.c").write_text(SOURCE)
        (lab / "lab.toml").write_text('[lab]\nname = "demo"\n')
        (lab / "checks.py").write_text("def f(run, step):\n    return None\n")
        (lab / "inc" / "util.h").write_text("#pragma once\n")
        (lab / "__pycache__").mkdir()
        (lab / "__pycache__" / "checks.cpython-311.pyc").write_bytes(b"\0junk")

    def tearDown(self) -> None:
        self.tmp.cleanup()

    def gen(self, *argv: str) -> tuple[int, str, str]:
        return run_main("--root", str(self.root), *argv)

    def test_regenerate_then_check(self) -> None:
        code, _, err = self.gen()
        self.assertEqual(code, 0, err)
        ex = self.root / "exercises" / "demo"
        self.assertEqual(sorted(p.relative_to(ex).as_posix() for p in ex.rglob("*") if p.is_file()),
                         ["checks.py", "inc/util.h", "lab.toml", "main.c"])
        self.assertEqual((ex / "main.c").read_text(), transform_c(SOURCE, 0, "x.c"))
        self.assertEqual((ex / "checks.py").read_bytes(),
                         (self.root / "solutions/demo/checks.py").read_bytes())
        self.assertEqual(self.gen("--check")[0], 0)

    def test_check_lists_differences(self) -> None:
        self.gen()
        ex = self.root / "exercises" / "demo"
        (ex / "main.c").write_text("edited by hand\n")
        (ex / "extra.c").write_text("int x;\n")
        (ex / "lab.toml").unlink()
        code, out, _ = self.gen("--check")
        self.assertEqual(code, 1)
        self.assertIn("exercises/demo/main.c: differs from the generator output", out)
        self.assertIn("exercises/demo/extra.c: not produced by the generator", out)
        self.assertIn("exercises/demo/lab.toml: missing", out)

    def test_check_reports_stale_lab(self) -> None:
        self.gen()
        (self.root / "exercises" / "gone").mkdir()
        code, out, _ = self.gen("--check")
        self.assertEqual(code, 1)
        self.assertIn("exercises/gone/", out)

    def test_regenerate_removes_stale_files(self) -> None:
        self.gen()
        stale = self.root / "exercises" / "demo" / "old.c"
        stale.write_text("int old;\n")
        code, _, err = self.gen("--lab", "demo")        # someone's file: refused
        self.assertEqual(code, 1)
        self.assertIn("exercises/demo/old.c", err)
        self.assertTrue(stale.exists())
        self.gen("--lab", "demo", "--force")
        self.assertFalse(stale.exists())
        self.assertEqual(self.gen("--check")[0], 0)

    def test_state_out(self) -> None:
        out = self.root / "state1"
        code, _, err = self.gen("--lab", "demo", "--state", "1", "--out", str(out))
        self.assertEqual(code, 0, err)
        self.assertEqual((out / "main.c").read_text(), transform_c(SOURCE, 1, "x.c"))
        self.assertFalse((self.root / "exercises").exists())

    def test_state_out_without_lab_uses_subfolders(self) -> None:
        out = self.root / "all"
        self.assertEqual(self.gen("--state", "2", "--out", str(out))[0], 0)
        self.assertTrue((out / "demo" / "main.c").is_file())

    def test_bad_arguments(self) -> None:
        code, _, err = self.gen("--lab", "nosuch")
        self.assertEqual(code, 2)
        self.assertIn("no lab 'nosuch'", err)
        self.assertEqual(self.gen("--state", "1")[0], 2)
        self.assertEqual(self.gen("--check", "--state", "1", "--out", "x")[0], 2)

    def test_marker_error_is_reported_not_raised(self) -> None:
        (self.root / "solutions/demo/main.c").write_text("/*? TASK 1 begin */\n")
        code, _, err = self.gen()
        self.assertEqual(code, 2)
        self.assertIn("exercises: error: demo/main.c:1:", err)

    def test_marker_in_copied_file_is_refused(self) -> None:
        (self.root / "solutions/demo/inc/util.h").write_text("/*? TASK 1 begin */\n")
        code, _, err = self.gen()
        self.assertEqual(code, 2)
        self.assertIn("demo/inc/util.h:1: TASK markers are only allowed in .c files", err)

    def test_lab_tasks(self) -> None:
        self.assertEqual(exercises.lab_tasks(self.root / "solutions" / "demo"), [1, 2])


@unittest.skipUnless((ROOT / "solutions").is_dir(),
                     "needs solutions/, which a student kit does not have")
class RepositoryTest(unittest.TestCase):
    """The real labs: the committed exercises are the generator's output."""

    def test_committed_exercises_are_up_to_date(self) -> None:
        code, out, err = run_main("--check")
        self.assertEqual(code, 0, out + err)

    def test_kernel_objects_has_tasks_one_to_seven(self) -> None:
        self.assertEqual(exercises.lab_tasks(ROOT / "solutions" / "kernel-objects"),
                         list(range(1, 8)))


if __name__ == "__main__":
    unittest.main()
