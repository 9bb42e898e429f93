"""Integration tests of the cap-transfer lab (caps at run time, clean-up).

The tests are tests/labs/harness.py's (generator check, progression over
every state, the full solution at -O2 and -O0, printing is not doing),
with what is particular to this lab:

  - TASK 1 (the receive path) only writes our own IPC buffer: no kernel
    work, so its step is not among the kernel steps; every other step is;
  - a wrong clean-up that deletes the endpoint caps without freeing them
    (vka_cnode_delete instead of vka_free_object) passes TASK 8's frees but
    leaks a slot and memory per round, and the last step says so;
  - without a receive path the reply's cap is not transferred: extraCaps
    reads 0, and the step of TASK 3 fails naming the empty slot.
"""
from __future__ import annotations

import subprocess
import sys
import unittest
from typing import Any

from tests.labs import harness

# Processes come from sel4utils (<sel4utils/process.h>); until the library
# has them, nothing of this lab can be built and its QEMU tests are skipped.
HAVE_PROCESSES = (harness.ROOT / "libs" / "sel4utils" / "include" / "sel4utils"
                  / "process.h").is_file()

FREES = ("    vka_free_object(&vka, &c->ep_by_ipc);\n"
         "    vka_free_object(&vka, &c->ep_by_copy);\n")
DELETES = ("    cspacepath_t a, b;\n"
           "    vka_cspace_make_path(&vka, c->ep_by_ipc.cptr, &a);\n"
           "    vka_cspace_make_path(&vka, c->ep_by_copy.cptr, &b);\n"
           "    vka_cnode_delete(&a);\n"
           "    vka_cnode_delete(&b);\n")
RECEIVE_PATH = "    seL4_SetCapReceivePath(SEL4UTILS_CNODE_SLOT, free_slot, seL4_WordBits);\n"


@unittest.skipUnless(HAVE_PROCESSES, "sel4utils processes are not in libs/ yet")
class CapTransferTest(harness.LabTest):
    LAB = "cap-transfer"
    KERNEL_STEPS = frozenset({"request-by-ipc", "reply-with-cap", "use-received-cap",
                              "copy-to-process", "use-copied-cap", "destroy",
                              "free-endpoints"})

    def edited_solution(self, name: str, file: str, old: str, new: str,
                        include: str = "") -> dict[str, Any]:
        """The full solution with `old` replaced by `new` in `file`."""
        files = self.solution_files()
        text = files[file].decode()
        self.assertIn(old, text)
        files[file] = (include + text.replace(old, new)).encode()
        return self.files(name, files)

    @unittest.skipUnless(harness.HAVE_QEMU, harness.NO_QEMU)
    def test_deleting_without_freeing_leaks(self) -> None:
        result = self.edited_solution("delete-not-free", "main.c", FREES, DELETES,
                                      include="#include <vka/capops.h>\n")
        n = len(self.steps)
        self.assertEqual(harness.statuses(result), ["passed"] * (n - 1) + ["failed"],
                         self.describe(result))
        self.assertIn("no early round used", result["steps"][-1]["actual"] or "",
                      self.describe(result))

    @unittest.skipUnless(harness.HAVE_QEMU, harness.NO_QEMU)
    def test_no_receive_path_no_cap(self) -> None:
        """The kernel drops the reply's cap: extraCaps 0, an empty receive
        slot, and TASK 4's check stops process_2 (step 1 fails on the path)."""
        files = self.solution_files()
        text = files["app/app.c"].decode()
        self.assertIn(RECEIVE_PATH, text)
        files["app/app.c"] = text.replace(RECEIVE_PATH, "").encode()
        result = self.files("no-receive-path", files)
        self.assertEqual(harness.statuses(result)[0], "failed", self.describe(result))
        folder = self.work / "no-receive-path"
        proc = subprocess.run(
            [sys.executable, "-m", "grader", "run", self.LAB, "--src", str(folder)],
            cwd=harness.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            errors="replace", stdin=subprocess.DEVNULL)
        self.assertRegex(proc.stdout, r"the reply carries 0 cap\(s\); slot \d+ now holds "
                         r"cap type 0")
        self.assertIn("The reply carried no cap", proc.stdout)

if __name__ == "__main__":
    unittest.main()
