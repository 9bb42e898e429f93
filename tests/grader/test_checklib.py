"""grader/checklib.py: the helpers lab checks use on submission output."""
from __future__ import annotations

import unittest
from types import SimpleNamespace

from grader.checklib import empty_region, first, in_region, mismatch, num, retype_slot


class NumTest(unittest.TestCase):
    def test_numbers_of_every_shape(self) -> None:
        self.assertEqual(num(7), 7)
        self.assertEqual(num("0x1F"), 31)
        self.assertEqual(num("42"), 42)
        self.assertEqual(num(True), 1)

    def test_anything_else_is_none_never_an_exception(self) -> None:
        for value in (None, "", "0xzz", "12a", "9" * 5000, [1], {"a": 1}, 1.5):
            self.assertIsNone(num(value), repr(value)[:40])


class CompareTest(unittest.TestCase):
    def test_mismatch_and_first(self) -> None:
        self.assertIsNone(mismatch("slot", 3, 3))
        self.assertEqual(mismatch("slot", 3, 4), ("slot: 3", "slot: 4"))
        self.assertEqual(mismatch("paddr", 0x100000, 0x200000),
                         ("paddr: 0x100000", "paddr: 0x200000"))
        self.assertEqual(first(None, ("a", "b"), ("c", "d")), ("a", "b"))
        self.assertIsNone(first(None, None))

    def test_regions(self) -> None:
        run = SimpleNamespace(boot={"empty": [400, 4096]})
        self.assertEqual(empty_region(run), (400, 4096))
        self.assertEqual(empty_region(SimpleNamespace(boot=None)), (0, 0))
        self.assertEqual(empty_region(SimpleNamespace(boot={"empty": "bad"})), (0, 0))
        self.assertIsNone(in_region("tcb", 400, (400, 4096)))
        self.assertIsNotNone(in_region("tcb", 4096, (400, 4096)))
        self.assertIsNotNone(in_region("tcb", None, (400, 4096)))

    def test_retype_slot(self) -> None:
        step = SimpleNamespace(events=[{"num": 1, "dest_offset": 500}])
        self.assertIsNone(retype_slot(step, 0, "tcb", 500))
        self.assertEqual(retype_slot(step, 0, "tcb", 501)[1],
                         "tcb: retype destination slot (as printed): 500")
        step = SimpleNamespace(events=[{"num": "x"}])
        self.assertIsNotNone(retype_slot(step, 0, "tcb", 500))


if __name__ == "__main__":
    unittest.main()
