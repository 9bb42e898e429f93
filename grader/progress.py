"""A progress display for long runs: done/total, rate and time left.

On a terminal it is one line redrawn in place (a bar, the counts, the rate
per minute and the time left); anywhere else (a log file, CI, a pipe) it is
one plain line per finished item, so nothing is lost and no control bytes
end up in a file.
"""
from __future__ import annotations

import shutil
import time
from typing import Any, Callable, TextIO


class Progress:
    def __init__(self, *, total: int, stream: TextIO,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self.stream = stream
        self.clock = clock
        self.start = clock()
        self.count = 0
        self.graded = 0         # graded now, not skipped: the rate counts only these
        self.skipped = 0
        try:
            self.live = stream.isatty()
        except (AttributeError, ValueError):
            self.live = False

    # ---- what happened ----

    def done(self, record: dict[str, Any], *, skipped: bool = False) -> None:
        self.count += 1
        if skipped:
            self.skipped += 1
        else:
            self.graded += 1
        if self.live:
            self._draw()
        elif not skipped:
            self.stream.write(f"{self.status()}  {record.get('id')}: "
                              f"{record.get('score')}/{record.get('max_score')} "
                              f"{record.get('verdict')}\n")
            self.stream.flush()

    def tick(self) -> None:
        if self.live:
            self._draw()

    def finish(self) -> None:
        if self.live:
            self._draw()
            self.stream.write("\n")
        elif self.skipped:
            self.stream.write(f"{self.skipped} already graded (skipped)\n")
        self.stream.flush()

    # ---- words ----

    def rate(self) -> float | None:
        """Items graded per minute so far, or None before the first."""
        elapsed = self.clock() - self.start
        return self.graded * 60.0 / elapsed if self.graded and elapsed > 0 else None

    def eta(self) -> float | None:
        rate = self.rate()
        left = self.total - self.count
        return left * 60.0 / rate if rate else None

    def status(self) -> str:
        rate, eta = self.rate(), self.eta()
        parts = [f"{self.count}/{self.total}"]
        parts.append(f"{rate:.0f}/min" if rate is not None else "-/min")
        parts.append(f"{format_duration(eta)} left" if eta is not None else "")
        return "  ".join(part for part in parts if part)

    def _draw(self) -> None:
        width = max(min(shutil.get_terminal_size((80, 24)).columns, 120) - 1, 20)
        text = self.status()
        bar_width = max(width - len(text) - 4, 10)
        filled = bar_width * self.count // self.total if self.total else bar_width
        bar = "#" * filled + "." * (bar_width - filled)
        self.stream.write("\r" + f"[{bar}] {text}"[:width].ljust(width))
        self.stream.flush()


def format_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}:{seconds % 60:02d}"
