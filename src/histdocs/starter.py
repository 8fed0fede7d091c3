"""`histdocs new`: write a small starter course a teacher fills in, one file per section."""

from __future__ import annotations

import json
from pathlib import Path

from .build import safe_name, write_atomic
from .errors import InputError, Problem

__all__ = ["new_course", "new_sheet_course", "STARTER_FILES", "STARTER_SHEET"]

_COURSE = """\
# The course: its id (used in file names), title and language. Replace the examples below
# with your own; `histdocs validate @FOLDER@` checks your work and says where anything is wrong.
course:
  id: @ID@
  title: @TITLE@
  subtitle: "A course built with histdocs"
  language: en               # used in the PDF and PPTX metadata
  authors: ["Your Name"]
  summary: |
    One or two sentences on what the course is about. Prose may use *italic*, **bold**
    and citations such as [@example-book, p. 12], which become footnotes.
"""

_SOURCES = """\
# Sources: the bibliography. Other entries cite them by id, in `cite:` lists or as [@id, p. 5].
sources:
  - id: example-book
    type: book               # book | chapter | article | webpage | document | interview | report
    author: ["Surname, Given"]
    title: "Title of the Book"
    publisher: Publisher
    publisher-place: City
    issued: 2001
"""

_PEOPLE = """\
# Places, offices and people. `native` is the name in its own script; terms are offices held.
places:
  - id: capital
    name: Capital City
    native: Başkənd          # any script your font has
    aliases: [Old Name]
    lat: 40.0
    lon: 49.0

offices:
  - id: leader
    title: Leader of the Country
    short: Leader

people:
  - id: first-leader
    name: First Leader
    born: 1900
    died: 1980
    terms:
      - office: leader
        start: early 1950    # dates may be fuzzy: early/mid/late, seasons, c., ranges, BCE
        end: 12 March 1961
  - id: second-leader
    name: Second Leader
    terms:
      - {office: leader, start: 12 March 1961, end: 1970}
"""

_PERIODS = """\
# Periods are your teaching units: each gets one handout and one deck.
periods:
  - id: first-unit
    title: The First Unit
    start: 1950
    end: 1960
    summary: What this unit covers, in two sentences.
    objectives:
      - Explain one thing students should be able to explain.
      - Compare two things students should be able to compare.
    questions:
      - A question to discuss in class?
      - Another question, with room to write an answer?
  - id: second-unit
    title: The Second Unit
    start: 1961
    end: 1970
    summary: What the second unit covers.
    questions:
      - What changed between the two units?
"""

_EVENTS = """\
# Events: a date (as precise as the evidence allows), a short title, and 1–3 sentences.
# importance: 1 key (its own slide in the deck), 2 normal, 3 minor.
events:
  - id: founding
    date: autumn 1950
    title: Example event one
    place: capital
    people: [first-leader]
    importance: 1
    summary: Say in your own words what happened [@example-book, p. 12].
    tags: [politics]
    cite: [{source: example-book, locator: "pp. 10–14"}]
  - date: 12 March 1961
    title: Example event two
    place: capital
    people: [first-leader, second-leader]
    summary: The office changes hands.
    details: |
      Longer text for the handout and the speaker notes goes here.

      A blank line starts a new paragraph.
    facts:
      - {label: Votes for, value: 120}
      - {label: Turnout, value: "81%"}
  - date: 1965 – 1967
    title: Example event three
    importance: 3
    summary: A minor development over several years.

quotes:
  - speaker: second-leader
    date: 12 March 1961
    text: "A short quotation, exactly as the source gives it."
    cite: [{source: example-book, locator: "p. 40"}]

glossary:
  - term: Leader
    definition: The head of the country's government in this course.
"""

STARTER_FILES = {
    "course.yaml": _COURSE,
    "sources.yaml": _SOURCES,
    "people.yaml": _PEOPLE,
    "periods.yaml": _PERIODS,
    "events.yaml": _EVENTS,
}
"""The files `histdocs new` writes, by name."""


def new_course(folder: str | Path, title: str | None = None) -> list[Path]:
    """Write a starter course into `folder` (new or empty) and return the files written."""
    root = Path(folder)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise InputError([Problem(f"{root} already exists and is not an empty folder; choose a new folder name")])
    course_id = safe_name(root.resolve().name, "my-course")
    text_title = title or root.resolve().name.replace("-", " ").replace("_", " ").strip().title() or "My Course"
    values = {"@ID@": course_id, "@TITLE@": json.dumps(text_title, ensure_ascii=False), "@FOLDER@": str(root)}
    texts = {}
    for name, template in STARTER_FILES.items():
        for key, value in values.items():
            template = template.replace(key, value)
        texts[root / name] = template
    for path, text in texts.items():
        write_atomic(path, text.encode("utf-8"))
    return list(texts)


# --------------------------------------------------------------------------- starting from a spreadsheet

STARTER_SHEET = """\
Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,\
Media Caption,Media Thumbnail,Type,Group,Background
,,,,,,,,,@TITLE@,"One or two sentences on what the course is about. <i>Italic</i> and <b>bold</b> work.",,,,,title,,
1960,,,,1969,,,,,The first unit,"A period: an 'era' row with a start (Year) and an end (End Year). One handout and one deck each.",,,,,era,,
1961,3,12,,,,,,,Example event one,"Say in your own words what happened.",,,,,,Politics,
1963,,,,1965,,,,,Example event two,"An event over several years: fill End Year.",,,,,,Economy,
,,,,,,,,late 1968,Example event three,"Display Date takes any date histdocs reads: late 1968, c. 1200 BCE, 1990s.",,,,,,Politics,
"""
"""The events sheet `histdocs new --from-sheet` writes: the TimelineJS template's columns, a few rows to overwrite."""


def new_sheet_course(folder: str | Path, title: str | None = None, sheet: str | Path | None = None) -> list[Path]:
    """Start a course folder (new or empty) from a spreadsheet: the teacher's `sheet`, or a starter events.csv.

    A teacher's sheet (``.csv`` or ``.xlsx``) is copied in as events.csv / events.xlsx and must load;
    the folder needs no course.yaml (the sheet's title row, or the folder's name, names the course).
    """
    from .load import load_course

    root = Path(folder)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise InputError([Problem(f"{root} already exists and is not an empty folder; choose a new folder name")])
    if sheet is not None:
        source = Path(sheet)
        suffix = source.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise InputError([Problem(f"'{source.name}' is not a sheet histdocs reads",
                                      hint="save it as .xlsx (Excel Workbook) or .csv (CSV UTF-8)")])
        load_course(source)  # check before anything is written
        target = root / f"events{suffix}"
        write_atomic(target, source.read_bytes())
        return [target]
    text_title = title or root.resolve().name.replace("-", " ").replace("_", " ").strip().title() or "My Course"
    cell = '"' + text_title.replace('"', '""') + '"'
    target = root / "events.csv"
    write_atomic(target, STARTER_SHEET.replace("@TITLE@", cell).encode("utf-8-sig"))
    return [target]
