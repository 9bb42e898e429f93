"""The class outputs of a batch: results.csv, results.json, junit.xml, summary.html.

All four are written from the per-student records (grader/batch.py), each
to a temporary name and then renamed, so an instructor never opens half a
file.  summary.html is self-contained: inline CSS and SVG, no script, no
network; it links to logs/<id>.log beside it.

Where a student stopped is the first step they did not pass: the failed
step, or the first step when the build failed (kind `build_failed`), or
the whole submission when it was refused or the grader failed.  The kind
of a stop is the grade's verdict (not_done, failed, timeout, user_fault,
...), which is what "most common failure kinds per step" counts.
"""
from __future__ import annotations

import csv
import html
import io
import json
import os
import statistics
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

from grader.lab import Lab

SUMMARY_SCHEMA = 1
BINS = 10
KIND_COLOURS = {
    "not_done": "#e0a030", "failed": "#d04040", "build_failed": "#8050c0",
    "timeout": "#4070c0", "user_fault": "#c05080", "kernel_panic": "#202020",
    "stuck": "#40a0a0", "output_flood": "#a07040", "rejected": "#707070",
    "grader_error": "#000000",
}


def write_all(out: Path, lab: Lab, records: list[dict[str, Any]], *, total: int) -> None:
    _write(out / "results.csv", results_csv(lab, records))
    _write(out / "results.json", json.dumps(results_json(lab, records, total=total),
                                            indent=1, ensure_ascii=False) + "\n")
    _write(out / "junit.xml", junit_xml(lab, records))
    _write(out / "summary.html", summary_html(lab, records, total=total))


def _write(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.part")
    partial.write_text(text, encoding="utf-8", errors="replace")
    os.replace(partial, path)


# ---- where a student stopped ----

def stop_of(record: dict[str, Any]) -> tuple[str, str, str] | None:
    """(step id, kind, message) of the first step not passed; None if all passed."""
    verdict = record.get("verdict", "failed")
    if verdict in ("rejected", "grader_error"):
        return "(submission)", verdict, record.get("problem") or verdict
    steps = record.get("steps", [])
    if verdict == "build_failed":
        errors = record.get("build_errors") or []
        first = steps[0]["id"] if steps else "(build)"
        return first, verdict, errors[0] if errors else "build failed"
    for step in steps:
        if step.get("status") != "passed":
            return step["id"], verdict, step.get("message") or verdict
    return None


# ---- csv / json / junit ----

def results_csv(lab: Lab, records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "score", "max", *[step.id for step in lab.steps], "verdict"])
    for record in records:
        points = {step["id"]: step.get("points", 0) for step in record.get("steps", [])}
        writer.writerow([record["id"], record["score"], record["max_score"],
                         *[points.get(step.id, 0) for step in lab.steps], record["verdict"]])
    return buffer.getvalue()


def results_json(lab: Lab, records: list[dict[str, Any]], *, total: int) -> dict[str, Any]:
    scores = [record["score"] for record in records]
    return {
        "schema": SUMMARY_SCHEMA,
        "lab": lab.name,
        "title": lab.title,
        "max_score": lab.max_score,
        "steps": [{"id": s.id, "title": s.title, "points": s.points, "tasks": list(s.tasks),
                   "passed": _passed(records, s.id)} for s in lab.steps],
        "submissions": total,
        "graded": len(records),
        "mean": round(statistics.fmean(scores), 2) if scores else None,
        "median": statistics.median(scores) if scores else None,
        "verdicts": dict(Counter(record["verdict"] for record in records).most_common()),
        "students": records,
    }


def _passed(records: list[dict[str, Any]], step_id: str) -> int:
    return sum(1 for record in records for step in record.get("steps", [])
               if step["id"] == step_id and step.get("status") == "passed")


def junit_xml(lab: Lab, records: list[dict[str, Any]]) -> str:
    """One <testsuite> per student, one <testcase> per step."""
    suites = ET.Element("testsuites", name=lab.name)
    for record in records:
        suite = ET.SubElement(suites, "testsuite", name=record["id"])
        failures = skipped = 0
        if record["verdict"] in ("rejected", "grader_error", "build_failed"):
            case = ET.SubElement(suite, "testcase", classname=f"{lab.name}.{record['id']}",
                                 name="submission")
            failure = ET.SubElement(case, "failure", message=record["verdict"])
            failure.text = _clean(record.get("problem") or
                                  "\n".join(record.get("build_errors") or []))
            failures += 1
        for step in record.get("steps", []):
            case = ET.SubElement(suite, "testcase", classname=f"{lab.name}.{record['id']}",
                                 name=step["id"])
            if step.get("status") == "failed":
                failure = ET.SubElement(case, "failure",
                                        message=_clean(step.get("message") or "failed"))
                failure.text = _clean(f"expected: {step.get('expected')}\n"
                                      f"actual: {step.get('actual')}\n"
                                      f"hint: {step.get('hint')}")
                failures += 1
            elif step.get("status") != "passed":
                ET.SubElement(case, "skipped", message="not reached")
                skipped += 1
        suite.set("tests", str(len(suite)))
        suite.set("failures", str(failures))
        suite.set("skipped", str(skipped))
        suite.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") \
        + "\n"


def _clean(text: str) -> str:
    """XML 1.0 cannot hold most control characters, even escaped."""
    return "".join(ch if ch in "\t\n\r" or ord(ch) >= 0x20 else f"\\x{ord(ch):02x}"
                   for ch in str(text))[:4000]


# ---- summary.html ----

def summary_html(lab: Lab, records: list[dict[str, Any]], *, total: int) -> str:
    data = results_json(lab, records, total=total)
    esc = html.escape
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<title>{esc(lab.name)}: class summary</title><style>{_CSS}</style></head><body>",
             f"<h1>{esc(lab.name)}: {esc(lab.title)}</h1>",
             f"<p class=\"facts\">{len(records)} of {total} submissions graded &middot; "
             f"mean {_num(data['mean'])} &middot; median {_num(data['median'])} "
             f"of {lab.max_score} &middot; all steps passed: "
             f"{data['verdicts'].get('passed', 0)}</p>",
             "<section><h2>Score distribution</h2>", histogram_svg(
                 [r["score"] for r in records], lab.max_score), "</section>",
             "<section><h2>Students who passed each step</h2>",
             step_bars_svg([(s["id"], s["passed"]) for s in data["steps"]], len(records)),
             "</section>",
             "<section><h2>Where students stopped</h2>"
             "<p>The first step each student did not pass, by kind of failure.</p>",
             stops_svg(lab, records), stops_table(lab, records), "</section>",
             "<section><h2>Students</h2>", students_table(records), "</section>",
             "</body></html>\n"]
    return "\n".join(parts)


def _num(value: Any) -> str:
    return "-" if value is None else f"{value:g}"


_CSS = """
body { font-family: sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
.facts { color: #444; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.5em; text-align: left;
         vertical-align: top; }
td.num { text-align: right; }
.kind { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em; }
svg text { font-family: sans-serif; font-size: 12px; fill: #222; }
"""


def histogram_svg(scores: list[int], max_score: int) -> str:
    """Bars of how many students scored in each tenth of the maximum."""
    counts = [0] * (BINS + 1)
    for score in scores:
        index = min(int(score * BINS / max_score), BINS) if max_score else BINS
        counts[index] += 1
    labels = [f"{i * max_score // BINS}-{(i + 1) * max_score // BINS - 1}"
              for i in range(BINS)] + [str(max_score)]
    width, height, left, bottom = 640, 220, 40, 40
    bar = (width - left) / len(counts)
    top = max(counts) or 1
    items = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="score distribution">']
    plot = height - bottom - 20     # room above the tallest bar for its count
    for index, count in enumerate(counts):
        h = plot * count / top
        x = left + index * bar
        y = height - bottom - h
        items.append(f'<rect x="{x + 3:.1f}" y="{y:.1f}" width="{bar - 6:.1f}" '
                     f'height="{h:.1f}" fill="#4a8"><title>{labels[index]}: {count}</title>'
                     f'</rect>')
        if count:
            items.append(f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" '
                         f'text-anchor="middle">{count}</text>')
        items.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 15}" '
                     f'text-anchor="middle" font-size="10">{labels[index]}</text>')
    items.append(f'<text x="{left}" y="{height - 5}">score (of {max_score})</text>')
    items.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width}" '
                 f'y2="{height - bottom}" stroke="#888"/>')
    items.append("</svg>")
    return "\n".join(items)


def step_bars_svg(passed: list[tuple[str, int]], graded: int) -> str:
    """One horizontal bar per step: how many passed it, out of everyone."""
    row, left, width = 24, 150, 640
    height = row * len(passed) + 20
    items = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="students who passed each step">']
    span = width - left - 80
    for index, (step_id, count) in enumerate(passed):
        y = 5 + index * row
        w = span * count / graded if graded else 0
        items.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">'
                     f'{html.escape(step_id)}</text>')
        items.append(f'<rect x="{left}" y="{y}" width="{span}" height="{row - 6}" '
                     f'fill="#eee"/>')
        items.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{row - 6}" '
                     f'fill="#4a8"/>')
        items.append(f'<text x="{left + span + 6}" y="{y + 15}">{count}/{graded}</text>')
    items.append("</svg>")
    return "\n".join(items)


def _stops(lab: Lab, records: list[dict[str, Any]]
           ) -> dict[str, Counter[str]]:
    """For each place (step id or "(submission)"), how many stopped there, by kind."""
    places: dict[str, Counter[str]] = {}
    for record in records:
        stop = stop_of(record)
        if stop is not None:
            places.setdefault(stop[0], Counter())[stop[1]] += 1
    return places


def _ordered_places(lab: Lab, places: dict[str, Counter[str]]) -> list[str]:
    order = ["(submission)"] + [step.id for step in lab.steps]
    return [place for place in order if place in places] + \
        sorted(place for place in places if place not in order)


def stops_svg(lab: Lab, records: list[dict[str, Any]]) -> str:
    """A stacked bar per step: the students who stopped there, by kind."""
    places = _stops(lab, records)
    order = _ordered_places(lab, places)
    if not order:
        return "<p>Every student passed every step.</p>"
    row, left, width = 24, 150, 640
    kinds = sorted({kind for counts in places.values() for kind in counts})
    height = row * len(order) + 30
    top = max(sum(counts.values()) for counts in places.values())
    span = width - left - 60
    items = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="where students stopped">']
    for index, place in enumerate(order):
        y = 5 + index * row
        x = float(left)
        items.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">'
                     f'{html.escape(place)}</text>')
        for kind in kinds:
            count = places[place].get(kind, 0)
            if not count:
                continue
            w = span * count / top
            items.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 6}" '
                         f'fill="{_colour(kind)}"><title>{html.escape(kind)}: {count}</title>'
                         f'</rect>')
            x += w
        items.append(f'<text x="{x + 6:.1f}" y="{y + 15}">'
                     f'{sum(places[place].values())}</text>')
    legend_y = height - 8
    x = float(left)
    for kind in kinds:
        items.append(f'<rect x="{x:.1f}" y="{legend_y - 10}" width="10" height="10" '
                     f'fill="{_colour(kind)}"/>')
        items.append(f'<text x="{x + 14:.1f}" y="{legend_y}">{html.escape(kind)}</text>')
        x += 24 + 7 * len(kind)
    items.append("</svg>")
    return "\n".join(items)


def _colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, "#999")


def stops_table(lab: Lab, records: list[dict[str, Any]]) -> str:
    """Per place: the most common kinds, each with its most common message."""
    messages: dict[tuple[str, str], Counter[str]] = {}
    for record in records:
        stop = stop_of(record)
        if stop is not None:
            messages.setdefault((stop[0], stop[1]), Counter())[_short(stop[2])] += 1
    places = _stops(lab, records)
    rows = ["<table><tr><th>step</th><th>kind</th><th class=\"num\">students</th>"
            "<th>most common message</th></tr>"]
    for place in _ordered_places(lab, places):
        for kind, count in places[place].most_common():
            message = messages[(place, kind)].most_common(1)[0][0]
            rows.append(f"<tr><td>{html.escape(place)}</td><td><span class=\"kind\" "
                        f"style=\"background:{_colour(kind)}\"></span>{html.escape(kind)}</td>"
                        f"<td class=\"num\">{count}</td><td>{html.escape(message)}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(_clean(str(text)).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def students_table(records: list[dict[str, Any]]) -> str:
    rows = ["<table><tr><th>student</th><th class=\"num\">score</th><th>verdict</th>"
            "<th>stopped at</th><th>log</th></tr>"]
    for record in records:
        stop = stop_of(record)
        where = f"{stop[0]}: {_short(stop[2], 100)}" if stop else ""
        ident = html.escape(record["id"])
        rows.append(f"<tr><td>{ident}</td><td class=\"num\">{record['score']}/"
                    f"{record['max_score']}</td><td>{html.escape(record['verdict'])}</td>"
                    f"<td>{html.escape(where)}</td><td><a href=\"logs/"
                    f"{html.escape(record['id'], quote=True)}.log\">log</a></td></tr>")
    rows.append("</table>")
    return "\n".join(rows)
