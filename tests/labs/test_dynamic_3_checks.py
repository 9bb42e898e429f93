"""The dynamic-3 lab's steps and checks.py, judged on made-up runs.

No QEMU here: a Trace holds the console and the events of a correct run
(the shapes of docs/kernel-events.md), a test changes one thing, and the
grader's judge decides with the lab's real lab.toml and checks.py.  This
pins down what each check compares: the printed page, slots and badge
against the kernel's, the mint into process_2's CNode, the message sent
through process_2's own slot, and a Call answered by a reply.
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

LAB = load_lab_file(ROOT / "solutions" / "dynamic-3" / "lab.toml")
ME, CHILD = "dynamic-3", "process_2"
CNODE, TCB, EP, CHILD_EP = 384, 390, 399, 6


def invoke(op: str, cptr: int, **more: Any) -> dict[str, Any]:
    return {"ev": "invoke", "thread": ME, "op": op, "cptr": cptr, "err": 0,
            "error": "seL4_NoError", **more}


def retype(kind: str, slot: int, paddr: int) -> dict[str, Any]:
    return invoke("UntypedRetype", 330, type=kind, num=1, dest_offset=slot,
                  paddr=hex(paddr))


class Trace:
    """A run of the correct solution, as lists that a test may edit."""

    def __init__(self) -> None:
        self.console = [
            "Booting all finished, dropped to user space",
            "main: vspace manager ready: new page mapped at 0x10064000",
            f'main: process_2 configured from ELF image "app": TCB in slot {TCB}, '
            f"CNode in slot {CNODE}",
            f"main: endpoint path: slot {EP}, depth 64",
            f"main: minted a badged endpoint cap into process_2's slot {CHILD_EP}",
            f"main: process_2 started with its endpoint slot {CHILD_EP} in argv[1]",
            "process_2: hey hey hey",
            "main: got a message 0x6161 from 0x61",
            "process_2: got a reply: 0xffffffffffff9e9e",
        ]
        self.events: list[dict[str, Any]] = [
            {"ev": "boot", "untypeds": [], "empty": [330, 4096]},
            invoke("X86PageMap", 379, vaddr="0x10064000", paddr="0x137000"),
            retype("seL4_CapTableObject", CNODE, 0x200000),
            retype("seL4_TCBObject", TCB, 0x180000),
            {"ev": "name_thread", "thread": ME, "cptr": TCB, "name": CHILD},
            retype("seL4_EndpointObject", EP, 0x181000),
            invoke("CNodeMint", CNODE, dest=CHILD_EP, dest_depth=12, src=EP, src_depth=64,
                   rights=15, cap_type="endpoint", badge=0x61),
            invoke("TCBWriteRegisters", TCB),
            {"ev": "block", "thread": ME, "cptr": EP, "on": "endpoint_recv"},
            {"ev": "call", "thread": CHILD, "cptr": CHILD_EP, "badge": 0x61, "label": 0,
             "length": 1, "to": ME},
            {"ev": "reply", "thread": ME, "to": CHILD},
            {"ev": "block", "thread": ME, "cptr": EP, "on": "endpoint_recv"},
            {"ev": "thread_exit", "thread": CHILD, "status": 0, "root": False},
        ]

    def event(self, ev: str, n: int = 0, **where: Any) -> dict[str, Any]:
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
    n = len(LAB.steps)
    return ["passed"] * (failed_at - 1) + ["failed"] + ["not_reached"] * (n - failed_at)


class DynamicThreeChecksTest(unittest.TestCase):
    def assert_fails_at(self, trace: Trace, step: int, words: str) -> None:
        self.assertEqual(trace.judge(), expect(step))
        failure = trace.judgement.steps[step - 1]
        self.assertIn(words, f"{failure.expected}\n{failure.actual}")

    def test_correct_run_passes_everything(self) -> None:
        trace = Trace()
        self.assertEqual(trace.judge(), ["passed"] * len(LAB.steps))
        self.assertEqual(trace.judgement.score, 100)

    def test_page_printed_is_not_the_page_mapped(self) -> None:
        trace = Trace()
        trace.replace_line("main: vspace", "main: vspace manager ready: new page mapped at 0x10065000")
        self.assert_fails_at(trace, 1, "0x10065000")

    def test_a_refused_map_is_no_map(self) -> None:
        trace = Trace()
        page_map = trace.event("invoke", op="X86PageMap")
        page_map.update(err=6, error="seL4_FailedLookup")
        self.assertEqual(trace.judge(), expect(1))

    def test_printed_tcb_slot_must_hold_the_new_tcb(self) -> None:
        trace = Trace()
        trace.replace_line("main: process_2 configured", 'main: process_2 configured from '
                           f'ELF image "app": TCB in slot {TCB + 1}, CNode in slot {CNODE}')
        self.assert_fails_at(trace, 2, f"a TCB retyped into slot {TCB + 1}")

    def test_path_depth_must_be_a_word(self) -> None:
        trace = Trace()
        trace.replace_line("main: endpoint path", f"main: endpoint path: slot {EP}, depth 12")
        self.assert_fails_at(trace, 3, "depth")

    def test_mint_into_our_own_cnode_is_not_into_the_process(self) -> None:
        trace = Trace()
        trace.event("invoke", op="CNodeMint")["cptr"] = 2
        self.assert_fails_at(trace, 4, "CNode the mint went into")

    def test_mint_needs_the_badge(self) -> None:
        trace = Trace()
        trace.event("invoke", op="CNodeMint")["badge"] = 0
        self.assert_fails_at(trace, 4, "badge")

    def test_argv_must_carry_the_minted_slot(self) -> None:
        trace = Trace()
        trace.replace_line("main: process_2 started",
                           f"main: process_2 started with its endpoint slot {EP} in argv[1]")
        self.assert_fails_at(trace, 5, "argv")

    def test_registers_of_another_thread(self) -> None:
        trace = Trace()
        trace.event("invoke", op="TCBWriteRegisters")["cptr"] = 1
        self.assert_fails_at(trace, 5, "TCB whose registers")

    def test_printed_badge_must_be_delivered(self) -> None:
        trace = Trace()
        trace.replace_line("main: got a message", "main: got a message 0x6161 from 0x62")
        self.assert_fails_at(trace, 6, "printed badge")

    def test_recv_on_another_cap(self) -> None:
        trace = Trace()
        trace.event("block", 0)["cptr"] = CHILD_EP
        self.assert_fails_at(trace, 6, "waits on the endpoint")

    def test_recv_instead_of_replyrecv_leaves_the_call_unanswered(self) -> None:
        trace = Trace()
        trace.events = [e for e in trace.events if e["ev"] != "reply"]
        self.assert_fails_at(trace, 7, "reply to process_2")

    def test_a_send_gets_no_answer(self) -> None:
        trace = Trace()
        trace.event("call").update(ev="send")
        trace.events = [e for e in trace.events if e["ev"] != "reply"]
        self.assert_fails_at(trace, 8, "seL4_Call")

    def test_printed_answer_must_be_the_flipped_word(self) -> None:
        trace = Trace()
        trace.replace_line("process_2: got a reply", "process_2: got a reply: 0x9e9e")
        self.assert_fails_at(trace, 8, "answer")


if __name__ == "__main__":
    unittest.main()
