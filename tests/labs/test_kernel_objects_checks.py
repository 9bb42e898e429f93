"""The kernel-objects lab's steps and checks.py, judged on made-up runs.

No QEMU here: each test writes the console and the event channel that a run
would produce (the shapes of docs/kernel-events.md), changes one thing, and
lets the grader's judge decide with the lab's real lab.toml and checks.py.
This pins down what each check really compares: printed values against the
kernel's, operations on the caps that earlier steps created, and the exact
rights of the minted copies.
"""
from __future__ import annotations

import json
import sys
import unittest
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from grader.judge import judge  # noqa: E402
from grader.lab import load_lab_file  # noqa: E402
from grader.qemu import Run  # noqa: E402

# The exercise carries the same lab.toml and checks.py (the student kit has
# no solutions/).
LAB = load_lab_file(next(folder for folder in (ROOT / "solutions" / "kernel-objects",
                                               ROOT / "exercises" / "kernel-objects")
                         if (folder / "lab.toml").is_file()) / "lab.toml")

UNTYPEDS = [["0x0", 19, False, 20], ["0x100000", 20, False, 21],
            ["0x2000000", 25, False, 22], ["0xfee00000", 12, True, 23]]
EMPTY = [24, 4096]
UT, NTFN, BADGED, NORIGHTS, WRITER = 22, 24, 25, 26, 27


class Trace:
    """A run of the correct solution, as lists that a test may edit."""

    def __init__(self) -> None:
        self.console = [
            "Booting all finished, dropped to user space",
            f"untypeds: {len(UNTYPEDS)} caps in slots [20, 24)",
            *[f"untyped {c}: paddr {p} size_bits {b} {'device' if d else 'ram'}"
              for p, b, d, c in UNTYPEDS],
            f"largest untyped: slot {UT}, paddr 0x2000000, size_bits 25",
            f"retyped a notification into slot {NTFN}",
            "unbadged signal: wait returned badge 0x0",
            f"minted badged cap into slot {BADGED} with badge 0x61",
            "badged signal: wait returned badge 0x61",
            f"minted no-rights cap into slot {NORIGHTS} with badge 0x62",
            "<<seL4(CPU 0) [decode_signal/1 T0x1 \"rootserver\" @0x401000]: "
            "signal through a cap without Write>>",
            "no-rights signal: poll returned badge 0x0",
            f"minted write-only cap into slot {WRITER} with badge 0x63",
            "write-only signal: wait returned badge 0x63",
            "kernel-objects: all done",
        ]
        root = "rootserver"
        self.events: list[dict[str, Any]] = [
            {"ev": "boot", "ram": 134217728, "untypeds": UNTYPEDS, "empty": EMPTY,
             "root_cnode_bits": 12},
            {"ev": "user_start", "thread": root, "entry": "0x401000"},
            {"ev": "invoke", "thread": root, "op": "UntypedRetype", "cptr": UT,
             "cap": "untyped", "err": 0, "error": "seL4_NoError",
             "type": "seL4_NotificationObject", "type_id": 3, "size_bits": 0, "num": 1,
             "dest_cnode": "0x500000", "dest_offset": NTFN, "paddr": "0x2000000",
             "ut_paddr": "0x2000000"},
            {"ev": "signal", "thread": root, "cptr": NTFN, "badge": 0, "err": 0, "woke": None},
            {"ev": "wait", "thread": root, "cptr": NTFN, "blocking": True, "badge": 0},
            self.mint(BADGED, 15, 0x61),
            {"ev": "signal", "thread": root, "cptr": BADGED, "badge": 0x61, "err": 0,
             "woke": None},
            {"ev": "wait", "thread": root, "cptr": NTFN, "blocking": True, "badge": 0x61},
            self.mint(NORIGHTS, 0, 0x62),
            {"ev": "signal", "thread": root, "cptr": NORIGHTS, "badge": 0x62, "err": 2,
             "woke": None},
            {"ev": "wait", "thread": root, "cptr": NTFN, "blocking": False, "badge": 0},
            self.mint(WRITER, 1, 0x63),
            {"ev": "signal", "thread": root, "cptr": WRITER, "badge": 0x63, "err": 0,
             "woke": None},
            {"ev": "wait", "thread": root, "cptr": NTFN, "blocking": True, "badge": 0x63},
            {"ev": "halt", "reason": "exit", "status": 0, "thread": root},
        ]

    @staticmethod
    def mint(dest: int, rights: int, badge: int) -> dict[str, Any]:
        return {"ev": "invoke", "thread": "rootserver", "op": "CNodeMint",
                "cptr": 2, "cap": "cnode", "err": 0, "error": "seL4_NoError",
                "dest": dest, "dest_depth": 64, "src": NTFN, "src_depth": 64,
                "rights": rights, "cap_type": "notification", "badge": badge}

    def event(self, ev: str, n: int = 0, **where: Any) -> dict[str, Any]:
        """The n-th event named `ev` whose keys equal `where`."""
        found = [e for e in self.events
                 if e["ev"] == ev and all(e.get(k) == v for k, v in where.items())]
        return found[n]

    def replace_line(self, start: str, new: str) -> None:
        index = next(i for i, line in enumerate(self.console) if line.startswith(start))
        self.console[index] = new

    def judge(self) -> list[str]:
        for seq, event in enumerate(self.events):
            event["seq"] = seq
        run = Run(console_bytes=("\n".join(self.console) + "\n").encode(),
                  events_bytes="".join(json.dumps(e) + "\n" for e in self.events).encode(),
                  exit_code=33)
        self.judgement = judge(LAB, run)
        return [r.status for r in self.judgement.steps]


def expect(failed_at: int) -> list[str]:
    """Steps 1..failed_at-1 pass, step failed_at fails, the rest not reached."""
    n = len(LAB.steps)
    return ["passed"] * (failed_at - 1) + ["failed"] + ["not_reached"] * (n - failed_at)


class KernelObjectsChecksTest(unittest.TestCase):
    def assert_fails_at(self, trace: Trace, step: int, words: str) -> None:
        self.assertEqual(trace.judge(), expect(step))
        failure = trace.judgement.steps[step - 1]
        self.assertIn(words, f"{failure.expected}\n{failure.actual}")

    def test_correct_run_passes_everything(self) -> None:
        trace = Trace()
        self.assertEqual(trace.judge(), ["passed"] * 7)
        self.assertEqual(trace.judgement.score, 100)

    def test_step1_wrong_size_printed(self) -> None:
        trace = Trace()
        trace.replace_line("untyped 21:", "untyped 21: paddr 0x100000 size_bits 21 ram")
        self.assert_fails_at(trace, 1, "size_bits 20")

    def test_step1_missing_untyped(self) -> None:
        trace = Trace()
        trace.console = [l for l in trace.console if not l.startswith("untyped 23:")]
        self.assert_fails_at(trace, 1, "no line for untyped 23")

    def test_step1_device_flag(self) -> None:
        trace = Trace()
        trace.replace_line("untyped 23:", "untyped 23: paddr 0xfee00000 size_bits 12 ram")
        self.assert_fails_at(trace, 1, "device")

    def test_step2_device_untyped_is_not_largest_ram(self) -> None:
        trace = Trace()
        trace.replace_line("largest untyped:", "largest untyped: slot 23, paddr 0xfee00000,"
                           " size_bits 12")
        self.assert_fails_at(trace, 2, "slot 22")

    def test_step3_retype_from_another_untyped(self) -> None:
        trace = Trace()
        trace.event("invoke", op="UntypedRetype")["cptr"] = 21
        self.assert_fails_at(trace, 3, "retype invoked on slot 21")

    def test_step3_printed_slot_is_not_the_real_one(self) -> None:
        trace = Trace()
        trace.replace_line("retyped a notification", "retyped a notification into slot 30")
        self.assert_fails_at(trace, 3, "destination slot")

    def test_step3_needs_the_retype_event(self) -> None:
        trace = Trace()
        trace.events = [e for e in trace.events if e.get("op") != "UntypedRetype"]
        self.assertEqual(trace.judge(), expect(3))

    def test_step3_slot_outside_empty_region(self) -> None:
        trace = Trace()
        trace.event("invoke", op="UntypedRetype")["dest_offset"] = 5
        trace.replace_line("retyped a notification", "retyped a notification into slot 5")
        self.assert_fails_at(trace, 3, "empty region")

    def test_step4_wait_on_another_cap(self) -> None:
        trace = Trace()
        trace.event("wait", 0)["cptr"] = 99
        self.assert_fails_at(trace, 4, "wait/poll on the original")

    def test_step5_printed_badge_not_received(self) -> None:
        trace = Trace()
        trace.replace_line("badged signal:", "badged signal: wait returned badge 0x99")
        self.assert_fails_at(trace, 5, "0x99")

    def test_step5_signal_through_original(self) -> None:
        trace = Trace()
        trace.event("signal", 1)["cptr"] = NTFN
        self.assert_fails_at(trace, 5, "signal through slot")

    def test_step6_rights_not_removed(self) -> None:
        trace = Trace()
        trace.event("invoke", op="CNodeMint", dest=NORIGHTS)["rights"] = 1
        trace.event("signal", 2)["err"] = 0
        self.assertEqual(trace.judge(), expect(6))

    def test_step6_mint_with_rights_but_signal_refused(self) -> None:
        trace = Trace()
        trace.event("invoke", op="CNodeMint", dest=NORIGHTS)["rights"] = 2
        self.assert_fails_at(trace, 6, "rights of the minted copy")

    def test_step7_more_rights_than_needed(self) -> None:
        trace = Trace()
        trace.event("invoke", op="CNodeMint", dest=WRITER)["rights"] = 3
        self.assert_fails_at(trace, 7, "0x3")

    def test_step7_needs_clean_exit(self) -> None:
        trace = Trace()
        trace.events[-1]["status"] = 1
        self.assertEqual(trace.judge(), expect(7))


if __name__ == "__main__":
    unittest.main()
