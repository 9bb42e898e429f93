"""The class outputs (grader/batch_report.py) from hand-made records.

Hostile text (control bytes, markup, quotes) in messages and ids must not
break the CSV, the XML or the page; where students stopped is counted by
step and kind.
"""
from __future__ import annotations

import csv
import io
import tempfile
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from grader import batch_report
from grader.lab import load_lab

ROOT = Path(__file__).resolve().parents[2]


def record(ident: str, passed: int, verdict: str, message: str = "m") -> dict[str, Any]:
    lab = load_lab("kernel-objects", root=ROOT)
    steps = []
    for index, step in enumerate(lab.steps):
        status = "passed" if index < passed else ("failed" if index == passed else
                                                  "not_reached")
        steps.append({"id": step.id, "status": status,
                      "points": step.points if status == "passed" else 0,
                      "max_points": step.points, "message": message if status == "failed"
                      else None, "expected": "e", "actual": "a\x1b[31m", "hint": "h"})
    return {"id": ident, "submission": ident, "score": sum(s["points"] for s in steps),
            "max_score": lab.max_score, "verdict": verdict, "problem": None, "steps": steps,
            "build_errors": ["main.c:1: error: <b>"] if verdict == "build_failed" else []}


class Outputs(unittest.TestCase):
    def setUp(self) -> None:
        self.lab = load_lab("kernel-objects", root=ROOT)
        self.records = [record("ann", 7, "passed"),
                        record("bob", 2, "not_done", "TASK 3: no notification"),
                        record("cat<script>", 2, "failed", "bad \x00\x07 <b>\"quote\"</b>"),
                        record("dan", 0, "build_failed"),
                        {**record("eve", 0, "rejected"), "problem": "main.c is a link"}]

    def test_csv(self) -> None:
        rows = list(csv.reader(io.StringIO(batch_report.results_csv(self.lab, self.records))))
        self.assertEqual(rows[0], ["id", "score", "max"] + [s.id for s in self.lab.steps]
                         + ["verdict"])
        self.assertEqual(rows[2][:5], ["bob", "20", "100", "10", "10"])
        self.assertEqual(len(rows), 6)

    def test_junit_parses(self) -> None:
        root = ET.fromstring(batch_report.junit_xml(self.lab, self.records).encode())
        self.assertEqual([s.get("name") for s in root], [r["id"] for r in self.records])
        bob = root[1]
        self.assertEqual((bob.get("tests"), bob.get("failures"), bob.get("skipped")),
                         ("7", "1", "4"))
        self.assertEqual(root[3][0].get("name"), "submission")      # dan's build

    def test_stops(self) -> None:
        self.assertIsNone(batch_report.stop_of(self.records[0]))
        self.assertEqual(batch_report.stop_of(self.records[1])[:2], ("retype", "not_done"))
        self.assertEqual(batch_report.stop_of(self.records[3])[:2],
                         ("list-untypeds", "build_failed"))
        self.assertEqual(batch_report.stop_of(self.records[4]),
                         ("(submission)", "rejected", "main.c is a link"))

    def test_summary_is_escaped_and_offline(self) -> None:
        page = batch_report.summary_html(self.lab, self.records, total=6)
        self.assertNotIn("<script", page)
        self.assertIn("cat&lt;script&gt;", page)
        self.assertNotIn("<b>", page)
        self.assertNotIn("http://www.w3.org/2000/svg\"", page.replace(
            'xmlns="http://www.w3.org/2000/svg"', ""))
        self.assertIn("5 of 6 submissions graded", page)
        ET.fromstring(page.split("<body>", 1)[1].rsplit("</body>", 1)[0].join(
            ["<body>", "</body>"]).replace("&middot;", "&#183;"))

    def test_write_all(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            batch_report.write_all(Path(tmp), self.lab, self.records, total=5)
            self.assertEqual(sorted(p.name for p in Path(tmp).iterdir()),
                             ["junit.xml", "results.csv", "results.json", "summary.html"])


if __name__ == "__main__":
    unittest.main()
