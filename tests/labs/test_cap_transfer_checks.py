"""The cap-transfer lab's steps and checks.py, judged on made-up runs.

No QEMU here: a Trace builds the console and the events of a correct run,
with 1 + 20 rounds of spawn, transfer and destroy (the shapes of
docs/kernel-events.md); a test changes one thing and the grader's judge
decides with the lab's real lab.toml and checks.py.  This pins down what
the checks compare: the receive path against the free slot, the kernel's
`cap_identify` of the receive slot, the words received through the new
caps, the caps deleted by the destroy and the frees, and the slots and
memory of the last rounds against the first.
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

LAB = load_lab_file(ROOT / "solutions" / "cap-transfer" / "lab.toml")
ME, CHILD = "cap-transfer", "process_2"
SERVICE = 380                       # our service endpoint
CNODE, TCB, EP_IPC, EP_COPY = 384, 390, 401, 402
CHILD_SERVICE, FREE, COPIED = 6, 7, 8
MORE = 20
CNODE_SLOTS = 4096
CAPS = 420                          # caps in the root CNode between rounds


def invoke(op: str, cptr: int, **more: Any) -> dict[str, Any]:
    return {"ev": "invoke", "thread": ME, "op": op, "cptr": cptr, "err": 0,
            "error": "seL4_NoError", **more}


def retype(kind: str, slot: int, paddr: int) -> dict[str, Any]:
    return invoke("UntypedRetype", 330, type=kind, num=1, dest_offset=slot,
                  paddr=hex(paddr))


def delete(slot: int) -> dict[str, Any]:
    return invoke("CNodeDelete", 2, index=slot, depth=64)


class Trace:
    """A run of the correct solution; `leak` makes every round keep its
    endpoints (new slots and memory each round)."""

    def __init__(self, leak: bool = False, free_endpoints: bool = True) -> None:
        self.console = ["Booting all finished, dropped to user space"]
        self.events: list[dict[str, Any]] = [{"ev": "boot", "untypeds": [], "empty": [330, 4096]},
                                             retype("seL4_EndpointObject", SERVICE, 0x100000)]
        after = CAPS + (2 * MORE if leak else 0)
        for r in range(1 + MORE):
            shift = 2 * r if leak else 0
            self.round(r == 0, EP_IPC + shift, EP_COPY + shift, 0x181000 + 0x20 * shift,
                       free_endpoints)
            if r == 0:
                self.sweep(CAPS)
        self.sweep(after)
        self.console.append(f"main: {MORE} more rounds of spawn, transfer and destroy: "
                            f"{CAPS} caps in our CNode before, {after} after")
        self.events.append({"ev": "thread_exit", "thread": ME, "status": 0, "root": True})

    def sweep(self, caps: int) -> None:
        """The root task's seL4_DebugCapIdentify of every slot: `caps` full."""
        for slot in range(CNODE_SLOTS):
            self.events.append({"ev": "cap_identify", "thread": ME, "cptr": slot,
                                "tag": 4 if slot < caps else 0})

    def say(self, verbose: bool, line: str) -> None:
        if verbose:
            self.console.append(line)

    def round(self, verbose: bool, ep_ipc: int, ep_copy: int, ep_paddr: int,
              free_endpoints: bool) -> None:
        say = lambda line: self.say(verbose, line)  # noqa: E731
        ev = self.events.append
        ev(retype("seL4_CapTableObject", CNODE, 0x200000))
        ev(retype("seL4_TCBObject", TCB, 0x180000))
        ev({"ev": "name_thread", "thread": ME, "cptr": TCB, "name": CHILD})
        ev(invoke("CNodeMint", CNODE, dest=CHILD_SERVICE, dest_depth=12, src=SERVICE,
                  src_depth=64, rights=9, cap_type="endpoint", badge=0x61))
        ev(invoke("TCBWriteRegisters", TCB))
        say(f"main: process_2 started: service endpoint in its slot {CHILD_SERVICE}, "
            f"its slot {FREE} left free")
        ev({"ev": "block", "thread": ME, "cptr": SERVICE, "on": "endpoint_recv"})
        say(f"process_2: receive path: CNode 1, index {FREE}, depth 64")
        ev({"ev": "call", "thread": CHILD, "cptr": CHILD_SERVICE, "badge": 0x61, "label": 1,
            "length": 0, "to": ME})
        say("main: request 1 from badge 0x61: a new endpoint in the reply")
        ev(retype("seL4_EndpointObject", ep_ipc, ep_paddr))
        ev({"ev": "reply", "thread": ME, "to": CHILD})
        say(f"main: replied with the endpoint in our slot {ep_ipc} as an extra cap")
        ev({"ev": "send", "thread": ME, "cptr": ep_ipc, "badge": 0, "label": 0, "length": 1,
            "to": None})
        ev({"ev": "block", "thread": ME, "cptr": ep_ipc, "on": "endpoint_send"})
        ev({"ev": "cap_identify", "thread": CHILD, "cptr": FREE, "tag": 4})
        say(f"process_2: the reply carries 1 cap(s); slot {FREE} now holds cap type 4")
        ev({"ev": "recv", "thread": CHILD, "cptr": FREE, "from": ME, "badge": 0})
        ev({"ev": "block", "thread": ME, "cptr": SERVICE, "on": "endpoint_recv"})
        say("process_2: got 0xca11 on the endpoint from the reply")
        ev({"ev": "call", "thread": CHILD, "cptr": CHILD_SERVICE, "badge": 0x61, "label": 2,
            "length": 0, "to": ME})
        say("main: request 2 from badge 0x61: a new endpoint copied into your CSpace")
        ev(retype("seL4_EndpointObject", ep_copy, ep_paddr + 0x10))
        ev(invoke("CNodeCopy", CNODE, dest=COPIED, dest_depth=12, src=ep_copy, src_depth=64,
                  rights=15, cap_type="endpoint"))
        ev({"ev": "reply", "thread": ME, "to": CHILD})
        say(f"main: copied the endpoint in our slot {ep_copy} into process_2's slot {COPIED}")
        ev({"ev": "send", "thread": ME, "cptr": ep_copy, "badge": 0, "label": 0, "length": 1,
            "to": None})
        ev({"ev": "block", "thread": ME, "cptr": ep_copy, "on": "endpoint_send"})
        ev({"ev": "recv", "thread": CHILD, "cptr": COPIED, "from": ME, "badge": 0})
        ev({"ev": "block", "thread": ME, "cptr": SERVICE, "on": "endpoint_recv"})
        say(f"process_2: got 0xc0b1 on the endpoint the root task copied into slot {COPIED}")
        ev({"ev": "call", "thread": CHILD, "cptr": CHILD_SERVICE, "badge": 0x61, "label": 3,
            "length": 0, "to": ME})
        say("main: process_2 is done")
        ev(delete(TCB))
        ev(invoke("CNodeRevoke", 2, index=CNODE, depth=64))
        ev(delete(CNODE))
        say("main: process_2 destroyed")
        if free_endpoints:
            ev(delete(ep_ipc))
            ev(delete(ep_copy))
        say(f"main: freed the endpoints in our slots {ep_ipc} and {ep_copy}")

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


class CapTransferChecksTest(unittest.TestCase):
    def assert_fails_at(self, trace: Trace, step: int, words: str) -> None:
        self.assertEqual(trace.judge(), expect(step))
        failure = trace.judgement.steps[step - 1]
        self.assertIn(words, f"{failure.expected}\n{failure.actual}")

    def test_correct_run_passes_everything(self) -> None:
        trace = Trace()
        self.assertEqual(trace.judge(), ["passed"] * len(LAB.steps))
        self.assertEqual(trace.judgement.score, 100)

    def test_receive_path_into_the_service_slot(self) -> None:
        trace = Trace()
        trace.replace_line("process_2: receive path", "process_2: receive path: CNode 1, "
                           f"index {CHILD_SERVICE}, depth 64")
        self.assert_fails_at(trace, 1, "receive index")

    def test_receive_depth_of_the_cnode_alone(self) -> None:
        trace = Trace()
        trace.replace_line("process_2: receive path", "process_2: receive path: CNode 1, "
                           f"index {FREE}, depth 12")
        self.assert_fails_at(trace, 1, "receive depth")

    def test_request_through_another_cap(self) -> None:
        trace = Trace()
        trace.event("call", 0)["cptr"] = 9
        self.assert_fails_at(trace, 2, "calls through its slot")

    def test_reply_without_the_cap(self) -> None:
        trace = Trace()
        trace.event("cap_identify")["tag"] = 0
        trace.replace_line("process_2: the reply", "process_2: the reply carries 0 cap(s); "
                           f"slot {FREE} now holds cap type 0")
        self.assert_fails_at(trace, 3, "cap type the kernel found")

    def test_printed_cap_type_must_be_the_kernels(self) -> None:
        trace = Trace()
        trace.event("cap_identify")["tag"] = 0
        self.assert_fails_at(trace, 3, "cap type")

    def test_received_on_the_service_slot(self) -> None:
        trace = Trace()
        trace.event("recv", 0)["cptr"] = CHILD_SERVICE
        self.assert_fails_at(trace, 4, "receives on its slot")

    def test_word_must_come_from_the_new_endpoint(self) -> None:
        trace = Trace()
        trace.event("send", 0)["cptr"] = SERVICE
        self.assert_fails_at(trace, 4, "sends on the new endpoint")

    def test_copy_into_our_own_cnode(self) -> None:
        trace = Trace()
        trace.event("invoke", op="CNodeCopy")["cptr"] = 2
        self.assert_fails_at(trace, 5, "CNode copied into")

    def test_printed_child_slot_must_be_the_copys(self) -> None:
        trace = Trace()
        trace.replace_line("main: copied", f"main: copied the endpoint in our slot {EP_COPY} "
                           f"into process_2's slot {COPIED + 1}")
        self.assert_fails_at(trace, 5, "slot in process_2's CSpace")

    def test_waiting_on_the_wrong_slot(self) -> None:
        trace = Trace()
        trace.event("recv", 1)["cptr"] = FREE
        self.assert_fails_at(trace, 6, "copied slot")

    def test_destroy_must_delete_the_tcb(self) -> None:
        trace = Trace()
        trace.events = [e for e in trace.events
                        if not (e.get("op") == "CNodeDelete" and e.get("index") == TCB)]
        self.assert_fails_at(trace, 7, "TCB")

    def test_endpoints_not_freed(self) -> None:
        trace = Trace(free_endpoints=False)
        self.assert_fails_at(trace, 8, "not deleted")

    def test_leaking_rounds(self) -> None:
        trace = Trace(leak=True)
        self.assert_fails_at(trace, 8, "no early round used")

    def test_printed_caps_must_be_the_kernels(self) -> None:
        trace = Trace()
        trace.replace_line("main: 20 more rounds", "main: 20 more rounds of spawn, transfer "
                           f"and destroy: {CAPS} caps in our CNode before, {CAPS + 1} after")
        self.assert_fails_at(trace, 8, "as printed")

    def test_caps_left_behind(self) -> None:
        trace = Trace()
        last = [e for e in trace.events if e["ev"] == "cap_identify"][-1]
        last["tag"] = 4
        trace.replace_line("main: 20 more rounds", "main: 20 more rounds of spawn, transfer "
                           f"and destroy: {CAPS} caps in our CNode before, {CAPS + 1} after")
        self.assert_fails_at(trace, 8, "as before them")

    def test_a_sweep_must_cover_the_cnode(self) -> None:
        trace = Trace()
        trace.events = [e for e in trace.events if not (e["ev"] == "cap_identify"
                                                         and e["cptr"] == 100)]
        self.assert_fails_at(trace, 8, "every slot of the root CNode, in order")

    def test_rounds_printed_must_have_happened(self) -> None:
        trace = Trace()
        trace.replace_line("main: 20 more rounds", "main: 30 more rounds of spawn, transfer "
                           f"and destroy: {CAPS} caps in our CNode before, {CAPS} after")
        self.assert_fails_at(trace, 8, "31 processes")


if __name__ == "__main__":
    unittest.main()
