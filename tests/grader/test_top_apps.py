"""Top-level apps of a free lab: `main.c` + `app.c` in one folder, as the seL4
tutorials lay out a root task and the program it starts (mk/top_apps.sh,
mk/lab.mk).  Real builds in the grader's sandbox; no QEMU needed.

When main.c defines main, every other top-level file whose object defines
main is an app named after the file; files without main stay in the root
task.  The decision comes from the objects' symbols, so a `main` in a
comment, a string or an `#if 0` block does not count.
"""
from __future__ import annotations

import subprocess
import tempfile
import unittest
from pathlib import Path

from tests.grader.support import ROOT

from grader import build as builder
from grader.lab import load_lab

PLAYGROUND = ROOT / "exercises" / "playground" / "lab.toml"
ROOT_MAIN = ('#include <stdio.h>\nint helper(void);\n'
             'int main(void)\n{\n    printf("%d\\n", helper());\n    return 0;\n}\n')
APP_MAIN = "int main(int argc, char *argv[])\n{\n    return argc;\n}\n"
HELPER = ("/* not an app: int main(void) { return 0; } */\n"
          'const char *helper_name = "int main(void)";\n'
          "#if 0\nint main(void) { return 1; }\n#endif\n"
          "int helper(void)\n{\n    return 42;\n}\n")


def cpio_names(image: bytes) -> list[str]:
    """The file names of the newc CPIO archive inside a root task image."""
    names = []
    at = image.find(b"070701")
    while at >= 0:
        size = int(image[at + 54:at + 62], 16)
        name_size = int(image[at + 94:at + 102], 16)
        name = image[at + 110:at + 110 + name_size - 1].decode()
        if name == "TRAILER!!!":
            return names
        names.append(name)
        start = (at + 110 + name_size + 3) & ~3
        at = image.find(b"070701", (start + size + 3) & ~3)
    return names


@unittest.skipUnless(PLAYGROUND.is_file(), "needs the playground lab (a free lab)")
class TopLevelAppsTest(unittest.TestCase):
    def build(self, files: dict[str, str]) -> builder.BuildResult:
        with tempfile.TemporaryDirectory(prefix="caplab-top-apps-") as tmp:
            src = Path(tmp) / "student"
            for name, text in files.items():
                (src / name).parent.mkdir(parents=True, exist_ok=True)
                (src / name).write_text(text)
            return builder.build(load_lab("playground", root=ROOT), root=ROOT, src=src,
                                 work_dir=ROOT / "build" / "test-build" / "top-apps")

    def symbols(self, result: builder.BuildResult) -> str:
        return subprocess.run(["nm", str(result.roottask)], stdout=subprocess.PIPE,
                              text=True, check=True).stdout

    def test_a_file_beside_main_c_with_its_own_main_is_an_app(self) -> None:
        result = self.build({"main.c": ROOT_MAIN, "helper.c": HELPER, "app.c": APP_MAIN,
                             "client.c": APP_MAIN})
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(cpio_names(result.roottask.read_bytes()), ["app", "client"])
        self.assertIn(" T helper\n", self.symbols(result))     # helper.c: in the root task

    def test_folder_apps_and_file_apps_together(self) -> None:
        result = self.build({"main.c": ROOT_MAIN, "helper.c": HELPER, "app.c": APP_MAIN,
                             "hello/main.c": APP_MAIN})
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(sorted(cpio_names(result.roottask.read_bytes())), ["app", "hello"])

    def test_a_file_and_a_folder_of_the_same_name(self) -> None:
        result = self.build({"main.c": ROOT_MAIN, "helper.c": HELPER, "hello.c": APP_MAIN,
                             "hello/main.c": APP_MAIN})
        self.assertFalse(result.ok)
        self.assertIn("two apps are named 'hello': the file hello.c and the folder hello/",
                      "\n".join(result.errors))

    def test_an_app_file_that_does_not_compile(self) -> None:
        result = self.build({"main.c": ROOT_MAIN, "helper.c": HELPER,
                             "app.c": "int main(void)\n{\n    return missing_thing;\n}\n"})
        self.assertFalse(result.ok)
        text = "\n".join(result.errors)
        self.assertRegex(text, r"(?m)^app\.c:3:12: error: .missing_thing. undeclared")
        self.assertNotIn("No such file", text)
        self.assertNotIn("Traceback", text)

    def test_without_main_c_two_mains_are_a_link_error(self) -> None:
        result = self.build({"one.c": APP_MAIN, "two.c": APP_MAIN})
        self.assertFalse(result.ok)
        self.assertIn("multiple definition of `main'", "\n".join(result.errors))

    def test_a_main_c_without_main_makes_no_apps(self) -> None:
        """main.c holding only helpers: the file with main is the root task's."""
        result = self.build({"main.c": HELPER, "prog.c": ROOT_MAIN})
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(cpio_names(result.roottask.read_bytes()), [])
        self.assertIn(" T main\n", self.symbols(result))


if __name__ == "__main__":
    unittest.main()
