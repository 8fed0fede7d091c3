"""A one-screen text summary of a course, for `histdocs validate`."""

from __future__ import annotations

from .model import Course

__all__ = ["course_summary"]


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def course_summary(course: Course) -> str:
    """Return the counts, the date span and the periods of a course, one screen at most."""
    lines = [f"{course.title} ({course.id}): OK"]
    counts = [
        _plural(len(course.periods), "period"),
        _plural(len(course.events), "event"),
        _plural(len(course.people), "person", "people"),
        _plural(len(course.places), "place"),
        _plural(len(course.sources), "source"),
        _plural(len(course.quotes), "quote"),
        _plural(len(course.glossary), "glossary term"),
    ]
    lines.append("  " + ", ".join(counts))
    events = course.chronological_events
    if events:
        first = min(events, key=lambda e: e.date.earliest_day)
        last = max(events, key=lambda e: e.date.latest_day)
        lines.append(f"  span: {first.date} – {last.date}")
    key = sum(1 for e in course.events if e.importance == 1)
    lines.append(f"  key events (importance 1): {key}")
    for period in course.periods:
        n = len(course.events_in(period))
        lines.append(f"  {period.number:02d} {period.id}: {period.span_text()}, {_plural(n, 'event')}")
    outside = [e for e in course.events if not any(e.overlaps_days(p.first_day, p.last_day) for p in course.periods)]
    if course.periods and outside:
        lines.append(f"  {_plural(len(outside), 'event')} outside every period (whole-course outputs only)")
    return "\n".join(lines)
