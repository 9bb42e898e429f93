"""lab.toml loading and validation (grader/lab.py)."""
from __future__ import annotations

import unittest

from tests.grader.support import DEMO, ROOT, TempLab, demo_lab

from grader.lab import DEFAULT_TIMEOUT, LabError, find_lab_folder, load_lab, load_lab_file

GOOD_LAB = """\
    [lab]
    name = "tmp-lab"
    title = "A lab for tests"
    files = ["main.c"]

    [[step]]
    id = "one"
    task = 1
    title = "Step one"
    points = 5
    console = ['^hello (\\d+)$']
    """


def step_lab(step_body: str, *, lab_extra: str = "") -> str:
    """A lab.toml whose single step has the given keys."""
    return ('[lab]\nname = "tmp-lab"\ntitle = "T"\nfiles = ["main.c"]\n' + lab_extra +
            '\n[[step]]\n' + step_body)


class LoadTest(unittest.TestCase):
    def test_demo_lab_loads_completely(self) -> None:
        lab = demo_lab()
        self.assertEqual(lab.name, "demo")
        self.assertEqual(lab.files, ("main.c",))
        self.assertEqual(lab.timeout, 5.0)
        self.assertEqual([s.id for s in lab.steps], ["boot-info", "retype", "mint", "signal"])
        self.assertEqual(lab.max_score, 40)
        self.assertEqual(lab.steps[3].tasks, (4, 5))
        self.assertEqual(lab.steps[1].events[0]["op"], "UntypedRetype")
        self.assertEqual(lab.steps[0].not_done, "TASK 1: the untypeds were not counted.")
        self.assertTrue(callable(lab.checks.untyped_count_is_true))
        self.assertEqual(lab.warnings, ())

    def test_defaults(self) -> None:
        with TempLab(GOOD_LAB) as tmp:
            lab = load_lab_file(tmp.toml)
        self.assertEqual(lab.timeout, DEFAULT_TIMEOUT)
        self.assertIsNone(lab.checks)
        step = lab.steps[0]
        self.assertEqual((step.events, step.check, step.hint, step.not_done), ((), None, None, None))

    def test_free_lab_has_no_files(self) -> None:
        with TempLab('[lab]\nname = "tmp-lab"\ntitle = "Free"\nfiles = []\n') as tmp:
            lab = load_lab_file(tmp.toml)
        self.assertTrue(lab.free)
        self.assertEqual(lab.steps, ())
        self.assertEqual(lab.max_score, 0)

    def test_find_by_path_and_by_name(self) -> None:
        self.assertEqual(find_lab_folder(str(DEMO), root=ROOT), DEMO)
        with TempLab(GOOD_LAB) as tmp:
            root = tmp.folder.parent
            (root / "exercises").mkdir()
            tmp.folder.rename(root / "exercises" / "tmp-lab")
            self.assertEqual(load_lab("tmp-lab", root=root).name, "tmp-lab")

    def test_unknown_lab_names_the_known_ones(self) -> None:
        with TempLab(GOOD_LAB) as tmp:
            root = tmp.folder.parent
            (root / "solutions").mkdir()
            tmp.folder.rename(root / "solutions" / "tmp-lab")
            with self.assertRaises(LabError) as caught:
                load_lab("no-such-lab", root=root)
        self.assertIn("no lab named 'no-such-lab'", str(caught.exception))
        self.assertIn("tmp-lab", str(caught.exception))

    def test_bad_lab_name_argument(self) -> None:
        with self.assertRaisesRegex(LabError, "not a lab name"):
            find_lab_folder("../../etc", root=ROOT)

    def test_unknown_lab_key_is_a_warning(self) -> None:
        with TempLab(GOOD_LAB.replace('files = ["main.c"]',
                                      'files = ["main.c"]\n    colour = "blue"')) as tmp:
            lab = load_lab_file(tmp.toml)
        self.assertEqual(len(lab.warnings), 1)
        self.assertIn("colour", lab.warnings[0])


class ValidationTest(unittest.TestCase):
    """Each broken lab.toml gives a LabError naming the file and the key."""

    def assert_error(self, toml: str, *words: str, checks: str | None = None,
                     in_file: str = "lab.toml") -> str:
        with TempLab(toml, checks=checks) as tmp:
            with self.assertRaises(LabError) as caught:
                load_lab_file(tmp.toml)
            message = str(caught.exception)
            self.assertTrue(message.startswith(f"{tmp.folder / in_file}: "), message)
        for word in words:
            self.assertIn(word, message)
        return message

    def test_invalid_toml(self) -> None:
        self.assert_error("[lab\nname = 1\n", "invalid TOML", "line 1")

    def test_not_utf8(self) -> None:
        with TempLab("") as tmp:
            tmp.toml.write_bytes(b"[lab]\nname = \"\xff\"\n")
            with self.assertRaisesRegex(LabError, "UTF-8"):
                load_lab_file(tmp.toml)

    def test_missing_file(self) -> None:
        with TempLab(GOOD_LAB) as tmp:
            with self.assertRaisesRegex(LabError, "cannot read"):
                load_lab_file(tmp.folder / "nope.toml")

    def test_missing_lab_table(self) -> None:
        self.assert_error('[[step]]\nid = "a"\n', "missing the [lab] table")

    def test_missing_name_and_title(self) -> None:
        self.assert_error('[lab]\ntitle = "T"\nfiles = []\n', "[lab] key 'name'", "required")
        self.assert_error('[lab]\nname = "tmp-lab"\nfiles = []\n', "[lab] key 'title'")

    def test_bad_name(self) -> None:
        self.assert_error('[lab]\nname = "a b"\ntitle = "T"\nfiles = []\n', "key 'name'")
        self.assert_error('[lab]\nname = 3\ntitle = "T"\nfiles = []\n', "key 'name'",
                          "must be a string")

    def test_files(self) -> None:
        self.assert_error('[lab]\nname = "x"\ntitle = "T"\n', "key 'files'", "files = []")
        self.assert_error('[lab]\nname = "x"\ntitle = "T"\nfiles = "main.c"\n', "key 'files'")
        self.assert_error('[lab]\nname = "x"\ntitle = "T"\nfiles = ["../x.c"]\n',
                          "key 'files'", "inside the lab folder")
        self.assert_error('[lab]\nname = "x"\ntitle = "T"\nfiles = ["/etc/passwd"]\n',
                          "key 'files'")
        self.assert_error('[lab]\nname = "x"\ntitle = "T"\nfiles = ["a.c", "a.c"]\n',
                          "names a file twice")

    def test_apps(self) -> None:
        base = '[lab]\nname = "x"\ntitle = "T"\nfiles = []\n'
        with TempLab(base.replace('"x"', '"tmp-lab"') + 'apps = ["hello", "b-2"]\n') as tmp:
            lab = load_lab_file(tmp.toml)
        self.assertEqual(lab.apps, ("hello", "b-2"))
        self.assertEqual(lab.warnings, ())
        self.assert_error(base + 'apps = "hello"\n', "key 'apps'", "list")
        self.assert_error(base + 'apps = ["../x"]\n', "key 'apps'")
        self.assert_error(base + 'apps = ["a", "a"]\n', "key 'apps'", "twice")

    def test_timeout(self) -> None:
        base = '[lab]\nname = "x"\ntitle = "T"\nfiles = []\n'
        self.assert_error(base + 'timeout = "20"\n', "key 'timeout'", "number")
        self.assert_error(base + "timeout = 0\n", "key 'timeout'")
        self.assert_error(base + "timeout = true\n", "key 'timeout'")

    def test_checks_file_must_exist(self) -> None:
        self.assert_error(step_lab('id = "a"\ntitle = "A"\npoints = 1\n',
                                   lab_extra='checks = "nope.py"\n'),
                          "key 'checks'", "nope.py")

    def test_step_id(self) -> None:
        self.assert_error(step_lab('title = "A"\npoints = 1\n'), "[[step]] #1 key 'id'",
                          "required")
        self.assert_error(step_lab('id = "a b"\ntitle = "A"\npoints = 1\n'), "key 'id'")

    def test_duplicate_step_id(self) -> None:
        toml = step_lab('id = "a"\ntitle = "A"\npoints = 1\n') + \
            '\n[[step]]\nid = "a"\ntitle = "B"\npoints = 2\n'
        self.assert_error(toml, "[[step]] #2", "'a' is used by an earlier step")

    def test_points(self) -> None:
        for value in ('"ten"', "-1", "1.5", "true"):
            with self.subTest(points=value):
                self.assert_error(step_lab(f'id = "a"\ntitle = "A"\npoints = {value}\n'),
                                  "('a') key 'points'")
        self.assert_error(step_lab('id = "a"\ntitle = "A"\n'), "key 'points'")

    def test_unknown_step_key_is_an_error(self) -> None:
        self.assert_error(step_lab('id = "a"\ntitle = "A"\npoints = 1\nconsol = ["x"]\n'),
                          "key 'consol'", "unknown key")

    def test_task_and_tasks(self) -> None:
        body = 'id = "a"\ntitle = "A"\npoints = 1\n'
        self.assert_error(step_lab(body + "task = 1\ntasks = [2]\n"), "not both")
        self.assert_error(step_lab(body + 'task = "1"\n'), "key 'task'")
        self.assert_error(step_lab(body + "tasks = [0]\n"), "key 'tasks'")
        self.assert_error(step_lab(body + "tasks = 3\n"), "key 'tasks'")

    def test_bad_console_regex(self) -> None:
        self.assert_error(step_lab('id = "a"\ntitle = "A"\npoints = 1\nconsole = ["(x"]\n'),
                          "key 'console[0]'", "bad regular expression")
        self.assert_error(step_lab('id = "a"\ntitle = "A"\npoints = 1\nconsole = "x"\n'),
                          "key 'console'")

    def test_bad_events(self) -> None:
        body = 'id = "a"\ntitle = "A"\npoints = 1\n'
        self.assert_error(step_lab(body + 'events = ["invoke"]\n'), "key 'events'")
        self.assert_error(step_lab(body + "events = [{}]\n"), "key 'events[0]'", "empty")
        self.assert_error(step_lab(body + 'events = [{ev = "(x"}]\n'), "key 'events[0].ev'",
                          "bad regular expression")
        self.assert_error(step_lab(body + "events = [{ev = 1979-05-27}]\n"),
                          "key 'events[0].ev'")

    def test_check_needs_checks_file(self) -> None:
        self.assert_error(step_lab('id = "a"\ntitle = "A"\npoints = 1\ncheck = "f"\n'),
                          "key 'check'", "no [lab] checks file")

    def test_check_function_must_exist(self) -> None:
        self.assert_error(step_lab('id = "a"\ntitle = "A"\npoints = 1\ncheck = "f"\n',
                                   lab_extra='checks = "checks.py"\n'),
                          "key 'check'", "no function 'f'", checks="def g(run, step):\n    pass\n")

    def test_checks_import_error_is_reported(self) -> None:
        self.assert_error(step_lab('id = "a"\ntitle = "A"\npoints = 1\n',
                                   lab_extra='checks = "checks.py"\n'),
                          "failed to import", "ZeroDivisionError",
                          checks="x = 1 / 0\n", in_file="checks.py")


if __name__ == "__main__":
    unittest.main()
