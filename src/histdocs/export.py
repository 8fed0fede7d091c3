"""Write a course out for other tools: an events sheet (CSV) and a TimelineJS web timeline (JSON).

Pure: both return data (rows, a JSON-ready dict); :func:`write_sheet` and
:func:`write_timelinejs` put them in files. The sheet uses the TimelineJS template's columns
first (so it also loads into TimelineJS) and histdocs' own columns after them, so reading it
back (:mod:`histdocs.sheets`) gives every event field again: the round trip
``import(export(course))`` keeps ids, dates, titles, places, people, prose, importance, tags,
citations, facts and pictures.

TimelineJS dates: TimelineJS counts BCE years as negative numbers (-44 is 44 BCE), histdocs
astronomically (year 0 is 1 BCE), so a year y <= 0 is written as y - 1.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

from .citations import short_note
from .dates import HistoricalDate, TimeOfDay, Ymd
from .errors import InputError, Problem
from .model import Course, Event, Period, Prose, Run

__all__ = [
    "SHEET_HEADINGS",
    "sheet_rows",
    "sheet_csv",
    "write_sheet",
    "timelinejs",
    "timelinejs_year",
    "write_timelinejs",
]

SHEET_HEADINGS = (
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date",
    "Headline", "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group",
    "Background",
    "ID", "Importance", "Place", "People", "Tags", "Details", "Note", "Cite", "Facts", "Media Alt",
    "Start", "End",
)
"""The columns of an exported sheet: the TimelineJS template's, then histdocs' own."""

_COSMOLOGICAL_BEFORE = -271_820  # TimelineJS's human scale (JavaScript dates) ends in 271,821 BCE


def timelinejs_year(year: int) -> int:
    """Return an astronomical year as TimelineJS writes it: 1990 → 1990, -43 (44 BCE) → -44."""
    return year if year > 0 else year - 1


def _parts(ymd: Ymd, precision: str) -> tuple[int, int | None, int | None]:
    """Return (year, month, day) of a bound, as far as the precision goes."""
    year, month, day = ymd
    if precision == "day":
        return year, month, day
    if precision in ("month", "season"):
        return year, month, None
    return year, None, None


def _ymd_cells(date: HistoricalDate) -> dict[str, str]:
    """Return the Year ... End Time cells of a date: its bounds, the end only when it differs."""
    start = _parts(date.earliest, date.precision)
    end = _parts(date.latest, date.precision)
    cells = _cells("", start, date.time)
    if end != start or date.end_time is not None:
        cells.update(_cells("End ", end, date.end_time))
    return cells


def _clock(time: TimeOfDay) -> str:
    """Return a time of day as a Time cell holds it (TimelineJS has no UTC offset: Display Date keeps it)."""
    return f"{time.hour:02d}:{time.minute:02d}" + (f":{time.second:02d}" if time.second else "")


def _cells(prefix: str, parts: tuple[int, int | None, int | None], time: TimeOfDay | None = None) -> dict[str, str]:
    year, month, day = parts
    out = {f"{prefix}Year": str(timelinejs_year(year))}
    if month is not None:
        out[f"{prefix}Month"] = str(month)
    if day is not None:
        out[f"{prefix}Day"] = str(day)
        if time is not None:
            out[f"{prefix}Time"] = _clock(time)
    return out


def _raw(prose: Prose | None) -> str:
    return prose.raw if prose is not None else ""


def _image_path(course: Course, event: Event) -> str:
    if event.image is None:
        return ""
    path = event.image.path
    if course.root is not None:
        try:
            return path.relative_to(Path(course.root).resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _check_separators(course: Course) -> None:
    """Refuse an event whose list items hold ';' (or a fact label ':'): the sheet could not give them back."""
    problems = []
    for event in course.events:
        items = [("place", x) for x in event.places] + [("person", x) for x in event.people] + \
                [("tag", x) for x in event.tags] + [("citation locator", c.locator) for c in event.cite] + \
                [("fact", f"{f.label}: {f.value}") for f in event.facts if ";" in f.label + f.value or ":" in f.value]
        for what, text in items:
            if ";" in text or what == "fact":
                where = course.locations.get(f"events[{event.key}].title")
                problems.append(Problem(f"event '{event.title}': {what} '{text}' cannot be written in a sheet cell, "
                                        "where ';' separates items (and a fact's value cannot hold ':')", where,
                                        hint="reword it, or keep this course in YAML"))
    if problems:
        raise InputError(problems)


def sheet_rows(course: Course) -> list[dict[str, str]]:
    """Return the course as sheet rows: a title row, an era row per period, a row per event.

    Raise :class:`~histdocs.errors.InputError` for a list item a sheet cell could not give back.
    """
    _check_separators(course)
    rows = [{"Type": "title", "Headline": course.title, "Text": _raw(course.summary), "ID": course.id}]
    for period in course.periods:
        row = {"Type": "era", "Headline": period.title, "Text": _raw(period.summary), "ID": period.id,
               "Start": str(period.start), "End": str(period.end)}
        row.update(_cells("", _parts(period.start.earliest, period.start.precision)))
        row.update(_cells("End ", _parts(period.end.latest, period.end.precision)))
        rows.append(row)
    for event in course.events:
        row = _ymd_cells(event.date)
        row.update({
            "Display Date": str(event.date),
            "Headline": event.title,
            "Text": _raw(event.summary),
            "ID": event.id,
            "Importance": str(event.importance) if event.importance != 2 else "",
            "Place": "; ".join(event.places),
            "People": "; ".join(event.people),
            "Group": event.tags[0] if event.tags else "",
            "Tags": "; ".join(event.tags),
            "Details": _raw(event.details),
            "Note": _raw(event.note),
            "Cite": "; ".join(f"{c.source}, {c.locator}" if c.locator else c.source for c in event.cite),
            "Facts": "; ".join(f"{f.label}: {f.value}" for f in event.facts),
        })
        if event.image is not None:
            row.update({"Media": _image_path(course, event), "Media Alt": event.image.alt,
                        "Media Caption": _raw(event.image.caption), "Media Credit": event.image.credit})
        rows.append(row)
    return rows


def sheet_csv(course: Course) -> str:
    """Return the course's events sheet as CSV text (comma-separated, CRLF rows as Excel writes them)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=SHEET_HEADINGS, restval="", lineterminator="\r\n")
    writer.writeheader()
    for row in sheet_rows(course):
        writer.writerow(row)
    return out.getvalue()


def write_sheet(course: Course, path: str | os.PathLike[str]) -> Path:
    """Write the events sheet as UTF-8 CSV with a byte-order mark, so Excel shows every letter right."""
    from .build import write_atomic

    target = Path(path)
    write_atomic(target, sheet_csv(course).encode("utf-8-sig"))
    return target


# --------------------------------------------------------------------------- TimelineJS


def _esc(text: str) -> str:
    """Return text for TimelineJS's HTML fields: &, < and > escaped (quotes need not be)."""
    return html.escape(text, quote=False)


def _date_object(ymd: Ymd, precision: str, time: TimeOfDay | None = None) -> dict[str, int]:
    year, month, day = _parts(ymd, precision)
    out = {"year": timelinejs_year(year)}
    if month is not None:
        out["month"] = month
    if day is not None:
        out["day"] = day
        if time is not None:
            out.update(hour=time.hour, minute=time.minute, second=time.second)
    return out


def _runs_html(runs: tuple[Run, ...] | list[Run], course: Course) -> str:
    """Return runs as HTML; a citation becomes its short note in parentheses."""
    out = []
    for run in runs:
        if run.citation is not None:
            try:
                source = course.source(run.citation.source)
            except KeyError:
                continue
            note = _note_html(short_note(source, run.citation.locator))
            out.append(f" ({note})")
        elif run.bold:
            out.append(f"<strong>{_esc(run.text)}</strong>")
        elif run.italic:
            out.append(f"<em>{_esc(run.text)}</em>")
        else:
            out.append(_esc(run.text))
    return "".join(out)


def _note_html(runs: tuple[Run, ...]) -> str:
    """Return a note's runs as HTML without its closing full stop."""
    text = "".join(f"<em>{_esc(r.text)}</em>" if r.italic else _esc(r.text) for r in runs)
    return text[:-1] if text.endswith(".") else text


def _prose_html(prose: Prose | None, course: Course) -> list[str]:
    if prose is None:
        return []
    return [f"<p>{_runs_html(para, course).strip()}</p>" for para in prose.paragraphs]


def _event_text(event: Event, course: Course) -> str:
    parts = _prose_html(event.summary, course) + _prose_html(event.details, course)
    if event.facts:
        parts.append("<p>" + "; ".join(f"{_esc(f.label)}: {_esc(f.value)}" for f in event.facts) + "</p>")
    notes = []
    for citation in event.cite:
        try:
            notes.append(_note_html(short_note(course.source(citation.source), citation.locator)))
        except KeyError:
            continue
    if notes:
        parts.append("<p>Sources: " + "; ".join(notes) + ".</p>")
    return "".join(parts)


def _slide(event: Event, course: Course) -> dict[str, Any]:
    date = event.date
    slide: dict[str, Any] = {
        "unique_id": event.key,
        "start_date": _date_object(date.earliest, date.precision, date.time),
        "display_date": str(date),
        "text": {"headline": _esc(event.title), "text": _event_text(event, course)},
    }
    if date.latest != date.earliest and _parts(date.latest, date.precision) != _parts(date.earliest, date.precision) \
            or date.end_time is not None:
        slide["end_date"] = _date_object(date.latest, date.precision, date.end_time)
    if event.tags:
        slide["group"] = event.tags[0]
    if event.image is not None:
        media: dict[str, str] = {"url": _image_path(course, event), "alt": event.image.alt}
        if event.image.caption is not None:
            media["caption"] = _runs_html(event.image.caption.runs, course)
        if event.image.credit:
            media["credit"] = _esc(event.image.credit)
        slide["media"] = media
    return slide


def _era(period: Period) -> dict[str, Any]:
    return {
        "start_date": _date_object(period.start.earliest, "day"),
        "end_date": _date_object(period.end.latest, "day"),
        "text": {"headline": _esc(period.title)},
    }


def timelinejs(course: Course) -> dict[str, Any]:
    """Return the course as a TimelineJS JSON document: a title slide, a slide per event, an era per period."""
    title: dict[str, Any] = {"text": {"headline": _esc(course.title),
                                      "text": "".join(_prose_html(course.summary, course))}}
    doc: dict[str, Any] = {
        "title": title,
        "events": [_slide(event, course) for event in course.chronological_events],
        "eras": [_era(period) for period in course.periods],
    }
    years = [e.date.earliest[0] for e in course.events] + [p.start.earliest[0] for p in course.periods]
    doc["scale"] = "cosmological" if years and min(years) < _COSMOLOGICAL_BEFORE else "human"
    return doc


def write_timelinejs(course: Course, path: str | os.PathLike[str]) -> list[Path]:
    """Write the TimelineJS JSON file, and copy the course's pictures beside it; return the files written."""
    from .build import write_atomic

    target = Path(path)
    doc = timelinejs(course)
    write_atomic(target, (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    written = [target]
    root = Path(course.root).resolve() if course.root is not None else None
    for event in course.events:
        if event.image is None or root is None:
            continue
        rel = _image_path(course, event)
        copy = target.parent / rel
        if copy.resolve() != event.image.path.resolve() and not Path(rel).is_absolute():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(event.image.path, copy)
            written.append(copy)
    return written
