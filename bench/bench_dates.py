"""Benchmark: date parsing speed, and that drawing year ticks does not grow with the span.

Prints parses per second for a mix of accepted and refused dates, then the time to plan the
succession-chart ticks and a timeline for windows from ten years to the whole calendar
(1000000 BCE to 9999). Tick work is computed from the step, so the last column should stay
flat while the span grows a hundred-thousandfold.

    python bench/bench_dates.py
"""

from __future__ import annotations

import time

from histdocs.dates import DateError, day_number, parse_date
from histdocs.plan.handout import _year_ticks
from histdocs.timeline import TimelineEvent, TimelineStyle, plan_timeline

TEXTS = [
    "1992-06-07", "7 June 1992", "c. 1200 BCE", "1990s", "19th century", "1984-1X", "1984-12-3X",
    "1918-11-11T11:00:00Z", "20 January 1990, 00:30 UTC+04:00", "19–20 January 1990",
    "1990-01-19/1990-01-20", "early 1993", "Febuary 1990", "c. c. 1990", "99999999999th century",
]


def _parses_per_second(rounds: int = 2000) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for text in TEXTS:
            try:
                parse_date(text)
            except DateError:
                pass
    return rounds * len(TEXTS) / (time.perf_counter() - started)


def _ticks_seconds(first_year: int, last_year: int) -> tuple[float, float]:
    first, last = day_number((first_year, 1, 1)), day_number((last_year, 12, 31))
    started = time.perf_counter()
    for _ in range(100):
        _year_ticks(first, last)
    chart = (time.perf_counter() - started) / 100
    events = [TimelineEvent(f"e{i}", f"Event {i}", parse_date(str(y) if y > 0 else f"{1 - y} BCE"), 1)
              for i, y in enumerate((first_year, last_year))]
    started = time.perf_counter()
    style = TimelineStyle(width=480, label_size=9, tick_size=8, line_height=11, max_label_width=120)
    plan_timeline(events, style, lambda text, size: 0.5 * size * len(text))
    return chart, time.perf_counter() - started


def main() -> None:
    print(f"parse_date: {_parses_per_second():,.0f} dates/s")
    print(f"{'window':>28} {'chart ticks (ms)':>17} {'timeline (ms)':>14}")
    for first, last in ((1985, 1994), (1000, 1999), (-9999, 9999), (-999_999, 9999)):
        chart, timeline = _ticks_seconds(first, last)
        print(f"{first:>12} to {last:>12} {chart * 1000:>17.3f} {timeline * 1000:>14.1f}")


if __name__ == "__main__":
    main()
