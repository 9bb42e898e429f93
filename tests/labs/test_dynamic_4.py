"""Integration tests of the dynamic-4 lab (a timer server on the PIT).

The tests are tests/labs/harness.py's.  Every step needs kernel work (an
object retyped, an IRQ handler issued and bound, PIT ports written, ticks
delivered, waited for and acknowledged, the line released, a reply), so a
program that only prints the expected lines must fail all of them.
"""
from __future__ import annotations

import unittest

from tests.labs import harness


class DynamicFourTest(harness.LabTest):
    LAB = "dynamic-4"
    KERNEL_STEPS = frozenset({"notification", "timer-init", "timeout", "ticks", "destroy"})


if __name__ == "__main__":
    unittest.main()
