"""Teachers' formats out (issue 12): `histdocs export --to csv|timelinejs` and `histdocs import`.

The sheet round trip keeps every event field a sheet can hold; the TimelineJS JSON has the
shape TimelineJS documents (checked with a JSON Schema written from its JSON format page),
every event and era, dates as histdocs prints them and BCE years as TimelineJS counts them.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from PIL import Image as PILImage

from histdocs.cli import main
from histdocs.load import load_course
from histdocs.resources import bundled_course

REPO = Path(__file__).resolve().parents[1]
ROME = REPO / "tests" / "cases" / "rome"
EXAMPLE = REPO / "examples" / "events.csv"

# TimelineJS 3's JSON format (timeline.knightlab.com/docs/json-format.html): a timeline has
# `events` (slides), an optional `title` slide, `eras` and `scale`; a date needs a numeric
# `year` (BCE negative), month 1-12; a media object needs `url`; an era needs both dates.
_DATE = {
    "type": "object",
    "required": ["year"],
    "additionalProperties": False,
    "properties": {
        "year": {"type": "integer"},
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "day": {"type": "integer", "minimum": 1, "maximum": 31},
        "hour": {"type": "integer", "minimum": 0, "maximum": 23},
        "minute": {"type": "integer", "minimum": 0, "maximum": 59},
        "second": {"type": "integer", "minimum": 0, "maximum": 59},
        "millisecond": {"type": "integer"},
        "display_date": {"type": "string"},
    },
}
_TEXT = {"type": "object", "additionalProperties": False,
         "properties": {"headline": {"type": "string"}, "text": {"type": "string"}}}
_MEDIA = {
    "type": "object", "required": ["url"], "additionalProperties": False,
    "properties": {k: {"type": "string"} for k in ("url", "caption", "credit", "thumbnail", "alt", "title", "link",
                                                   "link_target")},
}
_SLIDE_PROPERTIES = {
    "start_date": _DATE, "end_date": _DATE, "text": _TEXT, "media": _MEDIA, "group": {"type": "string"},
    "display_date": {"type": "string"}, "autolink": {"type": "boolean"}, "unique_id": {"type": "string"},
    "background": {"type": "object", "additionalProperties": False,
                   "properties": {"url": {"type": "string"}, "alt": {"type": "string"}, "color": {"type": "string"}}},
}
TIMELINEJS_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["events"],
    "additionalProperties": False,
    "properties": {
        "events": {"type": "array", "items": {"type": "object", "required": ["start_date"],
                                              "additionalProperties": False, "properties": _SLIDE_PROPERTIES}},
        "title": {"type": "object", "additionalProperties": False, "properties": _SLIDE_PROPERTIES},
        "eras": {"type": "array", "items": {"type": "object", "required": ["start_date", "end_date"],
                                            "additionalProperties": False,
                                            "properties": {"start_date": _DATE, "end_date": _DATE, "text": _TEXT}}},
        "scale": {"enum": ["human", "cosmological"]},
    },
}


def _export(tmp_path: Path, course: Path | None, to: str, name: str) -> Path:
    out = tmp_path / name
    args = ["export", *([str(course)] if course else []), "--to", to, "-o", str(out)]
    assert main(args) == 0
    return out


def _timeline(tmp_path: Path, course: Path | None) -> dict:
    doc = json.loads(_export(tmp_path, course, "timelinejs", "timeline.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, TIMELINEJS_SCHEMA)
    return doc


# --------------------------------------------------------------------------- sheet round trip


def test_bundled_course_round_trips_through_the_sheet(tmp_path: Path) -> None:
    original = load_course(bundled_course())
    sheet = _export(tmp_path, None, "csv", "events.csv")
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbfYear,Month,Day,Time,End Year")  # Excel reads the BOM
    folder = tmp_path / "course"
    folder.mkdir()
    for path in Path(bundled_course()).glob("*.yaml"):
        if not path.name.startswith(("events", "periods")):
            shutil.copyfile(path, folder / path.name)  # people, places, sources ... stay YAML
    shutil.copyfile(sheet, folder / "events.csv")
    again = load_course(folder)
    assert again.events == original.events  # every field: ids, dates, prose, tags, cite, facts ...
    assert [(p.id, p.title, p.start, p.end, p.summary) for p in again.periods] == \
           [(p.id, p.title, p.start, p.end, p.summary) for p in original.periods]

    out = tmp_path / "imported"
    assert main(["import", str(folder), "-o", str(out)]) == 0
    imported = load_course(out)
    assert imported.events == original.events
    assert (imported.people, imported.places, imported.sources) == (original.people, original.places,
                                                                     original.sources)


def test_import_of_a_yaml_course_writes_the_same_course(tmp_path: Path) -> None:
    out = tmp_path / "flat"
    assert main(["import", str(bundled_course()), "-o", str(out)]) == 0
    assert load_course(out) == load_course(bundled_course())  # every section, periods' objectives included


def test_every_event_field_and_a_picture_survive_the_round_trip(tmp_path: Path) -> None:
    course = tmp_path / "course"
    (course / "images").mkdir(parents=True)
    PILImage.new("RGB", (40, 30), "navy").save(course / "images" / "map.png")
    (course / "course.yaml").write_text("""\
course: {id: rt, title: Round trip}
sources:
  - {id: book, type: book, title: A Book, author: ["Roe, Ann"], issued: 2001}
places:
  - {id: baku, name: Baku}
people:
  - {id: vazirov, name: Abdurrahman Vazirov}
events:
  - id: rally
    date: 17–18 November 1988
    title: "Rallies in Baku; the square fills"
    place: baku
    people: [vazirov]
    summary: "Crowds gather on *Lenin Square* [@book, p. 5]."
    details: |
      First paragraph.

      Second paragraph with **bold**.
    note: A note.
    importance: 1
    tags: [protest, "Baku, the capital"]
    cite: [{source: book, locator: "pp. 5–7"}, {source: book}]
    facts: [{label: "People (est.: police)", value: 500000}, {label: Days, value: 18}]
    image: {path: images/map.png, alt: A map of Baku, caption: "The *square*", credit: Ann Roe}
  - date: c. 1200 BCE
    title: Long ago
  - date: "20 January 1990, 00:30 UTC+04:00"
    title: At night
  - date: 9 November 1989, 22:30 – 10 November 1989, 01:00
    title: Overnight
  - date: 2500000 BCE
    title: Very long ago
""", encoding="utf-8")
    original = load_course(course)
    sheet = _export(tmp_path, course, "csv", "events.csv")
    (course / "course.yaml").write_text((course / "course.yaml").read_text().split("events:")[0], encoding="utf-8")
    shutil.copyfile(sheet, course / "events.csv")
    assert load_course(course).events == original.events


def test_import_writes_a_yaml_course_that_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "course"
    assert main(["import", str(EXAMPLE), "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"{out / 'course.yaml'}\nnext: `histdocs build {out}`")
    text = (out / "course.yaml").read_text(encoding="utf-8")
    assert "date: 17 November – 29 December 1989" in text  # dates as the teacher wrote them
    assert "with *glasnost* (openness)" in text  # a TimelineJS <i> as histdocs markup
    assert load_course(out).events == load_course(EXAMPLE).events
    assert main(["build", str(out), "-o", str(tmp_path / "out"), "--only", "handouts", "-q"]) == 0
    assert len(list((tmp_path / "out" / "handouts").glob("*.pdf"))) == 3


def test_import_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "notes.txt").write_text("mine")
    assert main(["import", str(EXAMPLE), "-o", str(tmp_path / "course")]) == 2
    assert capsys.readouterr().err == (f"histdocs import: 1 problem found:\n{tmp_path / 'course'} already exists "
                                       "and is not an empty folder; choose a new folder name\n")


# --------------------------------------------------------------------------- TimelineJS


def test_bundled_course_timelinejs_has_every_event_and_era(tmp_path: Path) -> None:
    course = load_course(bundled_course())
    doc = _timeline(tmp_path, None)
    assert doc["title"]["text"]["headline"] == course.title
    assert sorted(slide["unique_id"] for slide in doc["events"]) == sorted(e.key for e in course.events)
    assert [era["text"]["headline"] for era in doc["eras"]] == [p.title for p in course.periods]
    for slide in doc["events"]:
        event = course.event(slide["unique_id"])
        assert slide["display_date"] == str(event.date)  # exactly as the handout prints it
        assert slide["text"]["headline"] == html.escape(event.title, quote=False)
        year, month, day = event.date.earliest
        assert slide["start_date"]["year"] == year
        if event.tags:
            assert slide["group"] == event.tags[0]
    black_january = next(s for s in doc["events"] if s["display_date"] == "20 January 1990")
    assert black_january["start_date"] == {"year": 1990, "month": 1, "day": 20}
    first_era = doc["eras"][0]
    period = course.periods[0]
    assert (first_era["start_date"]["year"], first_era["start_date"]["month"]) == period.start.earliest[:2]
    assert (first_era["end_date"]["year"], first_era["end_date"]["month"]) == period.end.latest[:2]
    assert doc["scale"] == "human"


def test_bce_course_has_negative_timelinejs_years(tmp_path: Path) -> None:
    doc = _timeline(tmp_path, ROME)
    slides = {slide["unique_id"]: slide for slide in doc["events"]}
    assert slides["ides-of-march"]["start_date"] == {"year": -44, "month": 3, "day": 15}
    assert slides["ides-of-march"]["display_date"] == "15 March 44 BCE"
    assert slides["teutoburg"]["start_date"] == {"year": 9}
    assert slides["rubicon"]["start_date"] == {"year": -49, "month": 1}
    civil_war = next(s for s in doc["events"] if s["display_date"] == "49–45 BCE")
    assert (civil_war["start_date"], civil_war["end_date"]) == ({"year": -49}, {"year": -45})
    assert doc["eras"][0]["start_date"] == {"year": -63, "month": 1, "day": 1}
    assert doc["eras"][0]["end_date"] == {"year": -50, "month": 12, "day": 31}


def test_timelinejs_text_cites_as_short_notes_and_media_keeps_alt_and_credit(tmp_path: Path) -> None:
    course = tmp_path / "course"
    (course / "images").mkdir(parents=True)
    PILImage.new("RGB", (40, 30), "navy").save(course / "images" / "map.png")
    (course / "course.yaml").write_text("""\
course: {id: tl, title: "Maps & more"}
sources:
  - {id: book, type: book, title: "A Book: With a Subtitle", author: ["Roe, Ann"], issued: 2001}
events:
  - date: 1990
    title: "Mapped <here>"
    summary: "On the *map* [@book, p. 5]."
    cite: [{source: book, locator: "pp. 7–9"}]
    tags: [maps, other]
    image: {path: images/map.png, alt: A map of Baku, caption: "The **old** town", credit: "Ann Roe & Co"}
""", encoding="utf-8")
    out = tmp_path / "web"
    out.mkdir()
    doc = _timeline(out, course)
    [slide] = doc["events"]
    assert slide["text"] == {
        "headline": "Mapped &lt;here&gt;",
        "text": "<p>On the <em>map</em> (Roe, <em>A Book</em>, 5).</p><p>Sources: Roe, <em>A Book</em>, 7–9.</p>",
    }
    assert slide["media"] == {"url": "images/map.png", "alt": "A map of Baku",
                              "caption": "The <strong>old</strong> town", "credit": "Ann Roe &amp; Co"}
    assert slide["group"] == "maps"
    assert (out / "images" / "map.png").read_bytes() == (course / "images" / "map.png").read_bytes()


def test_export_refuses_what_a_sheet_cell_could_not_give_back(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    course = tmp_path / "course.yaml"
    course.write_text("course: {id: c, title: C}\nevents:\n  - date: 1990\n    title: Odd\n"
                      "    tags: [\"left; right\"]\n", encoding="utf-8")
    assert main(["export", str(course), "--to", "csv", "-o", str(tmp_path / "events.csv")]) == 2
    assert capsys.readouterr().err == (
        f"histdocs export: 1 problem found:\n{course}:4:12: event 'Odd': tag 'left; right' cannot be written in a "
        "sheet cell, where ';' separates items (and a fact's value cannot hold ':')\n"
        "    hint: reword it, or keep this course in YAML\n")
    assert not (tmp_path / "events.csv").exists()


def test_timelinejs_dates_keep_the_time_of_day(tmp_path: Path) -> None:
    course = tmp_path / "course.yaml"
    course.write_text("course: {id: t, title: T}\nevents:\n"
                      "  - {date: '9 November 1989, 22:30 – 10 November 1989, 01:00', title: Overnight}\n"
                      "  - {date: '11 November 1918, 11:00', title: Armistice}\n", encoding="utf-8")
    slides = {s["text"]["headline"]: s for s in _timeline(tmp_path, course)["events"]}
    assert (slides["Overnight"]["start_date"], slides["Overnight"]["end_date"]) == (
        {"year": 1989, "month": 11, "day": 9, "hour": 22, "minute": 30, "second": 0},
        {"year": 1989, "month": 11, "day": 10, "hour": 1, "minute": 0, "second": 0})
    assert "end_date" not in slides["Armistice"]
    assert slides["Armistice"]["display_date"] == "11 November 1918, 11:00"
