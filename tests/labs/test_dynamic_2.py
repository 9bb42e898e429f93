"""Integration tests of the dynamic-2 lab (IPC, an IPC buffer mapped by hand).

The tests are tests/labs/harness.py's, with two particulars of this lab:
its steps run TASK 10 last (main reads the reply only after thread_2's
TASKs 11 to 15), which the harness follows because states are built from
the steps' order; and its start state is not a TASK_TODO stop but, as in
the seL4 tutorial, the kernel's report of a VM fault in the root thread,
which writes to the IPC buffer's address before anything is mapped there.
"""
from __future__ import annotations

import unittest
from typing import Any

from tests.labs import harness

IPCBUF_USERDATA = 0x7000000 + 121 * 8     # seL4_IPCBuffer.userData at IPCBUF_VADDR


class DynamicTwoTest(harness.LabTest):
    LAB = "dynamic-2"
    KERNEL_STEPS = frozenset({"frame", "map-fails", "page-table", "map-page-table",
                              "map-frame", "endpoint", "badge", "call", "recv", "reply"})

    def start_state(self, result: dict[str, Any]) -> None:
        n = len(self.steps)
        self.assertEqual(harness.statuses(result), ["failed"] + ["not_reached"] * (n - 1),
                         self.describe(result))
        self.assertEqual(result["verdict"], "user_fault", self.describe(result))
        self.assertEqual(result["score"], 0)
        summary = result["diagnosis"]["summary"]
        self.assertIn(f"vm fault on data at address {IPCBUF_USERDATA:#x}", summary)
        self.assertIn('thread "rootserver"', summary)
        self.assertIn("main: TASK 1 is not done", result["_output"])

    def test_tutorial_texts_in_the_solution_console(self) -> None:
        console = self.console_of_solution()
        for text in ("thread_2: hallo wereld", "thread_2: got a message 0x6161 from 0x61",
                     "main: got a reply: [0xffff9e9e|0xffffffffffff9e9e]"):
            self.assertIn(text, console)
        self.assertTrue(any("[Err seL4_FailedLookup]" in line for line in console))


if __name__ == "__main__":
    unittest.main()
