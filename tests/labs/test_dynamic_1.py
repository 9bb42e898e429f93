"""Integration tests of the dynamic-1 lab (threads with the libraries).

The tests themselves are tests/labs/harness.py's: generated exercise,
progression over all 15 TASKs, the solution at -O2 and -O0, and the
print-only forgeries.  Steps 1 to 3 (reading the BootInfo) and 11, 12
(register values computed in user space) need no kernel work; every other
step does, and a program that only prints its text must fail it.
"""
from __future__ import annotations

import unittest

from tests.labs import harness


class DynamicOneTest(harness.LabTest):
    LAB = "dynamic-1"
    KERNEL_STEPS = frozenset({"allocman", "vka", "cspace-root", "vspace-root", "tcb",
                              "configure", "name", "write-registers", "resume",
                              "hallo-wereld"})


if __name__ == "__main__":
    unittest.main()
