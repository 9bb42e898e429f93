"""Integration tests of the playground lab: any .c files, built and booted.

The committed exercise must build, print its BootInfo summary and exit 0
(verdict "passed" for a lab without steps); a folder of the student's own
with several .c files must be built whole (lab.toml says files = []); and a
program that exits with a non-zero status must not pass.  Skipped only when
qemu-system-x86_64 is not installed.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HAVE_QEMU = shutil.which("qemu-system-x86_64") is not None
NO_QEMU = "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)"


def grader(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "grader", *args], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace", stdin=subprocess.DEVNULL)


ROOT_WITH_APP = r"""
#include <stdio.h>
#include <allocman/bootstrap.h>
#include <allocman/vka.h>
#include <sel4platsupport/bootinfo.h>
#include <simple-default/simple-default.h>
#include <sel4utils/process.h>
#include <vka/capops.h>

static char pool[40960];

int main(void)
{
    seL4_BootInfo *bi = platsupport_get_bootinfo();
    simple_t simple;
    vka_t vka;
    vspace_t vspace;
    static sel4utils_alloc_data_t data;
    sel4utils_process_t p;
    vka_object_t ep;
    cspacepath_t path;
    char strings[1][WORD_STRING_SIZE], *argv[2];
    seL4_Word badge;

    allocman_t *allocman;
    void *vaddr;

    simple_default_init_bootinfo(&simple, bi);
    allocman = bootstrap_use_current_simple(&simple, sizeof(pool), pool);
    allocman_make_vka(&vka, allocman);
    sel4utils_bootstrap_vspace_with_bootinfo_leaky(&vspace, &data, simple_get_pd(&simple), &vka, bi);
    vspace_reserve_range(&vspace, 100 * 4096, seL4_AllRights, 1, &vaddr);
    bootstrap_configure_virtual_pool(allocman, vaddr, 100 * 4096, simple_get_pd(&simple));
    vka_alloc_endpoint(&vka, &ep);
    if (sel4utils_configure_process_custom(&p, &vka, &vspace,
            process_config_default_simple(&simple, "echo", 200)) != 0)
        return 1;
    vka_cspace_make_path(&vka, ep.cptr, &path);
    sel4utils_create_word_args(strings, &argv[1], 1,
                               sel4utils_mint_cap_to_process(&p, path, seL4_AllRights, 7));
    argv[0] = "echo";
    sel4utils_spawn_process_v(&p, &vka, &vspace, 2, argv, 1);
    seL4_Recv(ep.cptr, &badge);
    printf("root: badge %lu word %lu\n", (unsigned long)badge, (unsigned long)seL4_GetMR(0));
    sel4utils_destroy_process(&p, &vka);
    return 0;
}
"""

ECHO_APP = r"""
#include <stdio.h>
#include <stdlib.h>
#include <sel4/sel4.h>

int main(int argc, char *argv[])
{
    printf("echo: argv[0]=%s argc=%d\n", argv[0], argc);
    seL4_SetMR(0, 42);
    seL4_Send((seL4_CPtr)atol(argv[1]), seL4_MessageInfo_new(0, 0, 0, 1));
    return 0;
}
"""

# The root task spawns the app "quit" three times (as many as its CNode
# has room for: each app has 1 MiB of .bss, libc's heap); argv[0] names
# each run and argv[1] says how it ends (@HOW@).  The last one Calls back.
ROOT_QUITTERS = r"""
#include <stdio.h>
#include <allocman/bootstrap.h>
#include <allocman/vka.h>
#include <sel4platsupport/bootinfo.h>
#include <simple-default/simple-default.h>
#include <sel4utils/process.h>
#include <vka/capops.h>

static char pool[40960];
static sel4utils_alloc_data_t data;
static sel4utils_process_t procs[3];

int main(void)
{
    const char *how[3][2] = { @HOW@, {"q-zero", "zero"} };
    seL4_BootInfo *bi = platsupport_get_bootinfo();
    simple_t simple;
    vka_t vka;
    vspace_t vspace;
    vka_object_t ep;
    cspacepath_t path;
    seL4_Word badge;
    void *vaddr;

    simple_default_init_bootinfo(&simple, bi);
    allocman_t *allocman = bootstrap_use_current_simple(&simple, sizeof(pool), pool);
    allocman_make_vka(&vka, allocman);
    sel4utils_bootstrap_vspace_with_bootinfo_leaky(&vspace, &data, simple_get_pd(&simple), &vka, bi);
    vspace_reserve_range(&vspace, 100 * 4096, seL4_AllRights, 1, &vaddr);
    bootstrap_configure_virtual_pool(allocman, vaddr, 100 * 4096, simple_get_pd(&simple));
    vka_alloc_endpoint(&vka, &ep);
    vka_cspace_make_path(&vka, ep.cptr, &path);
    for (int i = 0; i < 3; i++) {
        char *argv[2] = { (char *)how[i][0], (char *)how[i][1] };
        if (sel4utils_configure_process_custom(&procs[i], &vka, &vspace,
                process_config_default_simple(&simple, "quit", 200)) != 0)
            return 1;
        sel4utils_mint_cap_to_process(&procs[i], path, seL4_AllRights, i);
        sel4utils_spawn_process_v(&procs[i], &vka, &vspace, 2, argv, 1);
    }
    seL4_Recv(ep.cptr, &badge);
    printf("root: called by the process with badge %lu\n", (unsigned long)badge);
    return 0;
}
"""

QUIT_APP = r"""
#include <stdlib.h>
#include <string.h>
#include <sel4runtime.h>
#include <sel4/sel4.h>
#include <sel4utils/process.h>

int main(int argc, char *argv[])
{
    if (strcmp(argv[1], "abort") == 0)
        abort();
    if (strcmp(argv[1], "exit") == 0)
        exit(5);
    if (strcmp(argv[1], "ret") == 0)
        return 7;
    if (strcmp(argv[1], "rt") == 0)
        sel4runtime_exit(9);
    seL4_Call(SEL4UTILS_FIRST_FREE, seL4_MessageInfo_new(0, 0, 0, 0));
    return 0;
}
"""


@unittest.skipUnless(HAVE_QEMU, NO_QEMU)
class PlaygroundTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory(prefix="caplab-playground-")
        self.work = Path(self.tmp.name)

    def tearDown(self) -> None:
        self.tmp.cleanup()

    def check(self, src: Path) -> dict[str, Any]:
        out = self.work / "result.json"
        proc = grader("check", "playground", "--src", str(src), "--json", str(out))
        self.assertTrue(out.is_file(), proc.stdout[-3000:])
        result = json.loads(out.read_text())
        result["_exit"], result["_output"] = proc.returncode, proc.stdout
        return result

    def test_hello_runs_and_exits_zero(self) -> None:
        proc = grader("run", "playground", "--src", str(ROOT / "exercises" / "playground"))
        self.assertEqual(proc.returncode, 0, proc.stdout[-3000:])
        self.assertIn("hello from the caplab playground", proc.stdout)
        self.assertRegex(proc.stdout, r"empty slots +\[\d+, 4096\)")
        self.assertIn("playground: done", proc.stdout)
        result = self.check(ROOT / "exercises" / "playground")
        self.assertEqual(result["verdict"], "passed", result["_output"][-3000:])
        self.assertEqual(result["steps"], [])
        self.assertEqual(result["_exit"], 0)

    def test_every_c_file_of_the_folder_is_built(self) -> None:
        src = self.work / "mine"
        src.mkdir()
        (src / "main.c").write_text(
            '#include <stdio.h>\nint helper(int x);\n'
            'int main(void)\n{\n    printf("helper says %d\\n", helper(20));\n'
            '    return 0;\n}\n')
        (src / "helper.c").write_text("int helper(int x)\n{\n    return x + 22;\n}\n")
        proc = grader("run", "playground", "--src", str(src))
        self.assertEqual(proc.returncode, 0, proc.stdout[-3000:])
        self.assertIn("helper says 42", proc.stdout)

    def test_app_folders_are_built_and_spawned(self) -> None:
        """A subfolder with .c files is an app: its own ELF, packed into the
        root task's CPIO archive and started with sel4utils by name."""
        src = self.work / "with-app"
        (src / "echo").mkdir(parents=True)
        (src / "main.c").write_text(ROOT_WITH_APP)
        (src / "echo" / "main.c").write_text(ECHO_APP)
        proc = grader("run", "playground", "--src", str(src))
        self.assertEqual(proc.returncode, 0, proc.stdout[-3000:])
        self.assertIn("echo: argv[0]=echo argc=2", proc.stdout)
        self.assertIn("root: badge 7 word 42", proc.stdout)

    def test_an_app_file_beside_main_c_is_spawned(self) -> None:
        """The seL4 tutorials' layout: echo.c beside main.c defines its own
        main, so it is the app "echo", not a part of the root task."""
        src = self.work / "tutorial-layout"
        src.mkdir()
        (src / "main.c").write_text(ROOT_WITH_APP)
        (src / "echo.c").write_text(ECHO_APP)
        proc = grader("run", "playground", "--src", str(src))
        self.assertEqual(proc.returncode, 0, proc.stdout[-3000:])
        self.assertIn("echo: argv[0]=echo argc=2", proc.stdout)
        self.assertIn("root: badge 7 word 42", proc.stdout)

    def test_an_app_ends_alone_and_says_its_status(self) -> None:
        """abort(), exit(), returning from main and sel4runtime_exit() in an
        app stop only that app; a nonzero status is printed with argv[0]."""
        for how, statuses in (('{"q-abort", "abort"}, {"q-exit", "exit"}', (134, 5)),
                              ('{"q-ret", "ret"}, {"q-rt", "rt"}', (7, 9))):
            with self.subTest(how=how):
                src = self.work / f"quitters-{statuses[0]}"
                src.mkdir()
                (src / "main.c").write_text(ROOT_QUITTERS.replace("@HOW@", how))
                (src / "quit.c").write_text(QUIT_APP)
                proc = grader("run", "playground", "--src", str(src))
                self.assertEqual(proc.returncode, 0, proc.stdout[-3000:])
                lines = proc.stdout.splitlines()
                names = [part.split('"')[1] for part in how.split("}, {")]
                for name, status in zip(names, statuses):
                    self.assertIn(f"{name}: exited with status {status}", lines,
                                  proc.stdout[-3000:])
                self.assertIn("root: called by the process with badge 2", lines)
                self.assertNotIn("q-zero: exited", proc.stdout)

    def test_non_zero_exit_does_not_pass(self) -> None:
        src = self.work / "fails"
        src.mkdir()
        (src / "main.c").write_text("int main(void)\n{\n    return 3;\n}\n")
        result = self.check(src)
        self.assertNotEqual(result["verdict"], "passed", result["_output"][-3000:])
        self.assertNotEqual(result["_exit"], 0)


if __name__ == "__main__":
    unittest.main()
