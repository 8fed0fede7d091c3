"""A JSON Schema (draft 2020-12) of the course format, so editors can complete and check keys.

`histdocs schema > course.schema.json`, then point the editor's YAML extension at it
(``# yaml-language-server: $schema=course.schema.json``). The schema describes the same keys
as the loader (:data:`histdocs.load.RECORDS`); the loader stays the judge: it also checks
dates, references, overlaps and characters, which a schema cannot.
"""

from __future__ import annotations

from typing import Any

from .load import (
    ID_RE,
    MAX_FACT_CHARS,
    MAX_PROSE_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    RECORDS,
    SECTION_RECORDS,
    SOURCE_TYPES,
)

__all__ = ["course_json_schema", "SCHEMA_ID"]

SCHEMA_ID = "https://histdocs.invalid/schema/course-v1.json"
"""The schema's `$id` (a name, not a download address)."""

_JSON = dict[str, Any]

_DATE_HELP = (
    "A date: EDTF (1992-06-07, 1992-06, 1987-23 for autumn, 1989-12~, 1993?, "
    "1990-01-19/1990-01-20, -0043-03-15, 198X, 1918-11-11T11:00:00Z) or English (7 June 1992, "
    "autumn 1987, early 1993, c. 1200 BCE, AD 9, 1990s, '1990 – 1992', '11 November 1918, 11:00')."
)
_PROSE_HELP = (
    "Prose: plain text with *italic*, **bold** and citations [@source-id] or "
    "[@source-id, p. 571]; blank lines separate paragraphs; everything else is literal."
)


def _ref(name: str, description: str = "") -> _JSON:
    node: _JSON = {"$ref": f"#/$defs/{name}"}
    if description:
        node["description"] = description
    return node


def _one_or_many(item: _JSON, description: str) -> _JSON:
    return {"description": description, "anyOf": [item, {"type": "array", "items": item}]}


def _defs() -> _JSON:
    text = {"type": "string", "maxLength": MAX_TITLE_CHARS}
    return {
        "id": {
            "type": "string",
            "pattern": ID_RE.pattern,
            "description": "An id: lowercase letters, digits and '-'.",
        },
        "text": {**text, "description": f"One line of text (at most {MAX_TITLE_CHARS} characters)."},
        "prose": {"type": "string", "maxLength": MAX_PROSE_CHARS, "description": _PROSE_HELP},
        "date": {"type": ["string", "integer"], "description": _DATE_HELP},
        "textList": _one_or_many(text, "A list of texts (one text counts as a list of one)."),
        "proseList": _one_or_many(_ref("prose"), "A list of prose items."),
        "citations": {"type": "array", "items": _ref("citation"), "description": "Sources: a list of citations."},
    }


def _record_properties() -> dict[str, _JSON]:
    """Return the JSON Schema of each record's keys, with descriptions."""
    text, prose, date, ident = _ref("text"), _ref("prose"), _ref("date"), _ref("id")
    return {
        "course": {
            "id": {**ident, "description": "The course id (used in file names)."},
            "title": {**text, "description": "The course title."},
            "subtitle": {**text, "description": "Optional subtitle."},
            "language": {"type": "string", "description": "BCP 47 language tag (en, en-GB, az, ru); default en."},
            "authors": {**_ref("textList"), "description": "Optional authors of the course."},
            "summary": {**prose, "description": "Optional summary (prose)."},
        },
        "source": {
            "id": {**ident, "description": "The id citations use: [@id]."},
            "type": {"enum": list(SOURCE_TYPES), "description": "What kind of source."},
            "author": {**_ref("textList"), "description": "'Family, Given' strings or literal names."},
            "editor": {**_ref("textList"), "description": "Editors, like author."},
            "title": {**text, "description": "The title."},
            "container-title": {**text, "description": "Journal or book a chapter sits in."},
            "publisher": {**text, "description": "Publisher."},
            "publisher-place": {**text, "description": "Place of publication."},
            "issued": {**date, "description": "When it was published (a date)."},
            "page": {**text, "description": "Page range of a chapter or article."},
            "url": {"type": "string", "maxLength": MAX_URL_CHARS, "pattern": "^https?://",
                    "description": "An http:// or https:// address."},
            "accessed": {**date, "description": "When a web page was read (a date)."},
            "note": {**prose, "description": "A note printed with the entry (prose)."},
        },
        "place": {
            "id": {**ident, "description": "The id events use in 'place:'."},
            "name": {**text, "description": "The name used in the text."},
            "native": {**text, "description": "The name in the local script or spelling."},
            "aliases": {**_ref("textList"), "description": "Other names."},
            "lat": {"type": "number", "minimum": -90, "maximum": 90, "description": "Latitude (with lon)."},
            "lon": {"type": "number", "minimum": -180, "maximum": 180, "description": "Longitude (with lat)."},
        },
        "office": {
            "id": {**ident, "description": "The id terms use in 'office:'."},
            "title": {**text, "description": "The full title of the office."},
            "short": {**text, "description": "A short label (President)."},
        },
        "person": {
            "id": {**ident, "description": "The id events and quotes use."},
            "name": {**text, "description": "The name used in the text."},
            "native": {**text, "description": "The name in the local script or spelling."},
            "aliases": {**_ref("textList"), "description": "Other names."},
            "born": {**date, "description": "Date of birth."},
            "died": {**date, "description": "Date of death."},
            "summary": {**prose, "description": "Who they were (prose)."},
            "terms": {"type": "array", "items": _ref("term"), "description": "Offices held."},
        },
        "term": {
            "office": {**ident, "description": "An office id."},
            "start": {**date, "description": "When the term began."},
            "end": {**date, "description": "When it ended (leave out if unknown or ongoing)."},
            "note": {**prose, "description": "A note on the term (prose)."},
        },
        "period": {
            "id": {**ident, "description": "The period id (used in file names)."},
            "title": {**text, "description": "The title of the unit."},
            "start": {**date, "description": "First date of the period."},
            "end": {**date, "description": "Last date of the period."},
            "summary": {**prose, "description": "What the unit is about (prose)."},
            "objectives": {**_ref("proseList"), "description": "Learning objectives."},
            "questions": {**_ref("proseList"), "description": "Discussion questions."},
        },
        "event": {
            "id": {**ident, "description": "Optional id (else the event is 'event-N')."},
            "date": {**date, "description": "When it happened."},
            "title": {**text, "description": "A short title."},
            "place": {**_one_or_many(ident, "A place id, or a list of them.")},
            "people": {**_one_or_many(ident, "Person ids.")},
            "summary": {**prose, "description": "1–3 sentences (prose)."},
            "details": {**prose, "description": "Longer text for handouts and speaker notes (prose)."},
            "note": {**prose, "description": "A note for the teacher (prose)."},
            "importance": {"type": ["integer", "string"], "enum": [1, 2, 3, "1", "2", "3"],
                           "description": "1 key, 2 normal (default), 3 minor."},
            "tags": {**_ref("textList"), "description": "Tags."},
            "cite": {**_ref("citations"), "description": "Sources for the event as a whole."},
            "facts": {"type": "array", "items": _ref("fact"), "description": "Figures worth a small table."},
            "image": {**_ref("image"), "description": "A picture inside the course folder."},
        },
        "fact": {
            "label": {**text, "description": "What the figure is."},
            "value": {"anyOf": [{"type": "number"}, {"type": "string", "maxLength": MAX_FACT_CHARS}],
                      "description": f"A number or short text (at most {MAX_FACT_CHARS} characters)."},
        },
        "image": {
            "path": {"type": "string", "description": "PNG or JPEG, relative to the course folder, inside it."},
            "alt": {**text, "description": "What the picture shows, for readers who cannot see it (required)."},
            "caption": {**prose, "description": "Caption (prose)."},
            "credit": {**text, "description": "Who made or owns the picture."},
        },
        "citation": {
            "source": {**ident, "description": "A source id."},
            "locator": {**text, "description": "Where in the source, printed as written: 'p. 223'."},
        },
        "quote": {
            "id": {**ident, "description": "Optional id."},
            "speaker": {**text, "description": "A person id, or a literal name."},
            "date": {**date, "description": "When it was said."},
            "text": {**prose, "description": "The words (prose)."},
            "context": {**prose, "description": "Where and why it was said (prose)."},
            "cite": {**_ref("citations"), "description": "Sources of the quote."},
        },
        "glossary": {
            "term": {**text, "description": "The term as students meet it."},
            "definition": {**prose, "description": "What it means (prose)."},
        },
    }


def _record_schema(name: str, properties: _JSON) -> _JSON:
    allowed, required, what = RECORDS[name]
    assert set(properties) == set(allowed), (name, set(properties) ^ set(allowed))
    return {
        "type": "object",
        "description": what[0].upper() + what[1:] + ".",
        "properties": {key: properties[key] for key in allowed},
        "required": list(required),
        "additionalProperties": False,
    }


def course_json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a course file, with descriptions."""
    defs = _defs()
    for name, props in _record_properties().items():
        defs[name] = _record_schema(name, props)
    sections: _JSON = {}
    for section, record in SECTION_RECORDS.items():
        if section == "course":
            sections[section] = _ref("course", "The course: id, title, language.")
        else:
            sections[section] = {
                "type": "array",
                "items": _ref(record),
                "description": f"A list; each item is {RECORDS[record][2]}.",
            }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "histdocs course (format v1)",
        "description": (
            "A history course: events with fuzzy dates, people and offices, periods, places, "
            "sources, quotes and a glossary. A folder may split the sections over several files; "
            "only course.yaml holds 'course'. A course needs 'course' and 'events' somewhere: "
            "`histdocs validate` checks that, since one file of a folder may hold neither."
        ),
        "type": "object",
        "properties": sections,
        "additionalProperties": False,
        "$defs": defs,
    }
