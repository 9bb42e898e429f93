"""Integration tests of the dynamic-3 lab (processes and ELF loading).

The tests are tests/labs/harness.py's (generator check, progression over
every state, the full solution at -O2 and -O0, printing is not doing),
with what is particular to this lab:

  - the start state, as in the seL4 tutorial, shows the vspace library's
    "Not implemented" and "Failed to reserve a chunk of memory." before it
    stops at TASK 1;
  - TASK 3 (vka_cspace_make_path) does no kernel work, so its step is not
    among the kernel steps; every other step is;
  - the solution's console ends with the tutorial's three lines, in order.
"""
from __future__ import annotations

import unittest
from typing import Any

from tests.labs import harness

# Processes come from sel4utils (<sel4utils/process.h>); until the library
# has them, nothing of this lab can be built and its QEMU tests are skipped.
HAVE_PROCESSES = (harness.ROOT / "libs" / "sel4utils" / "include" / "sel4utils"
                  / "process.h").is_file()


@unittest.skipUnless(HAVE_PROCESSES, "sel4utils processes are not in libs/ yet")
class DynamicThreeTest(harness.LabTest):
    LAB = "dynamic-3"
    KERNEL_STEPS = frozenset({"vspace-manager", "configure-process", "mint-to-process",
                              "spawn", "recv", "reply-recv", "call"})

    def start_state(self, result: dict[str, Any]) -> None:
        self.assert_stopped_at(result, 0)
        output = result["_output"]
        self.assertIn("Not implemented", output, self.describe(result))
        self.assertIn("Failed to reserve a chunk of memory.", output, self.describe(result))

    @unittest.skipUnless(harness.HAVE_QEMU, harness.NO_QEMU)
    def test_tutorial_lines_end_the_solution_console(self) -> None:
        console = self.console_of_solution()
        texts = ["process_2: hey hey hey", "main: got a message 0x6161 from 0x61",
                 "process_2: got a reply: 0xffffffffffff9e9e"]
        where = [console.index(t) for t in texts if t in console]
        self.assertEqual(len(where), 3, "\n".join(console[-30:]))
        self.assertEqual(where, sorted(where))


if __name__ == "__main__":
    unittest.main()
