"""`histdocs import`: write a checked course (read from a sheet, CSL-JSON or YAML) as a YAML course folder.

A teacher who started from a spreadsheet moves to the richer format this way: the course is
loaded (every check runs), written as one ``course.yaml`` holding every section, its pictures
copied beside it, and the result loaded again before the command reports success. Dates are
written as the teacher wrote them ("late 1989"), prose as typed (markup and ``[@id]`` kept).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from .dates import HistoricalDate
from .errors import InputError, Problem
from .model import Citation, Course, Event, Image, Prose

__all__ = ["course_yaml", "import_course"]


def _date(date: HistoricalDate | None) -> str | None:
    if date is None:
        return None
    return date.text or str(date)


def _prose(prose: Prose | None) -> str | None:
    return prose.raw if prose is not None and prose.raw else None


def _drop_empty(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v not in (None, "", [], ())}


def _cite(cites: tuple[Citation, ...]) -> list[dict[str, str]]:
    return [_drop_empty({"source": c.source, "locator": c.locator}) for c in cites]


def _image(image: Image | None, root: Path | None) -> dict[str, Any] | None:
    if image is None:
        return None
    path = image.path
    if root is not None and path.is_relative_to(root):
        path = path.relative_to(root)
    return _drop_empty({"path": path.as_posix(), "alt": image.alt, "caption": _prose(image.caption),
                        "credit": image.credit})


def _event(event: Event, root: Path | None) -> dict[str, Any]:
    return _drop_empty({
        "id": event.id,
        "date": _date(event.date),
        "title": event.title,
        "place": list(event.places),
        "people": list(event.people),
        "summary": _prose(event.summary),
        "details": _prose(event.details),
        "note": _prose(event.note),
        "importance": str(event.importance) if event.importance != 2 else None,
        "tags": list(event.tags),
        "cite": _cite(event.cite),
        "facts": [{"label": f.label, "value": f.value} for f in event.facts],
        "image": _image(event.image, root),
    })


def _number(value: float | None) -> str | None:
    return None if value is None else repr(value)


def course_data(course: Course) -> dict[str, Any]:
    """Return the course as plain YAML data: the sections of the course format, empty ones left out."""
    root = Path(course.root).resolve() if course.root is not None else None
    data: dict[str, Any] = {
        "course": _drop_empty({"id": course.id, "title": course.title, "subtitle": course.subtitle,
                               "language": course.language if course.language != "en" else None,
                               "authors": list(course.authors), "summary": _prose(course.summary)}),
        "sources": [_drop_empty({
            "id": s.id, "type": s.type, "author": list(s.author), "editor": list(s.editor), "title": s.title,
            "container-title": s.container_title, "publisher": s.publisher, "publisher-place": s.publisher_place,
            "issued": _date(s.issued), "page": s.page, "url": s.url, "accessed": _date(s.accessed),
            "note": _prose(s.note)}) for s in course.sources],
        "places": [_drop_empty({"id": p.id, "name": p.name, "native": p.native, "aliases": list(p.aliases),
                                "lat": _number(p.lat), "lon": _number(p.lon)}) for p in course.places],
        "offices": [_drop_empty({"id": o.id, "title": o.title, "short": o.short}) for o in course.offices],
        "people": [_drop_empty({
            "id": p.id, "name": p.name, "native": p.native, "aliases": list(p.aliases), "born": _date(p.born),
            "died": _date(p.died), "summary": _prose(p.summary),
            "terms": [_drop_empty({"office": t.office, "start": _date(t.start), "end": _date(t.end),
                                   "note": _prose(t.note)}) for t in p.terms]}) for p in course.people],
        "periods": [_drop_empty({
            "id": p.id, "title": p.title, "start": _date(p.start), "end": _date(p.end), "summary": _prose(p.summary),
            "objectives": [_prose(o) for o in p.objectives], "questions": [_prose(q) for q in p.questions]})
            for p in course.periods],
        "events": [_event(e, root) for e in course.events],
        "quotes": [_drop_empty({
            "id": q.id, "speaker": q.speaker_id or q.speaker, "date": _date(q.date), "text": _prose(q.text),
            "context": _prose(q.context), "cite": _cite(q.cite)}) for q in course.quotes],
        "glossary": [{"term": g.term, "definition": _prose(g.definition)} for g in course.glossary],
    }
    return {k: v for k, v in data.items() if v or k in ("course", "events")}


class _Dumper(yaml.SafeDumper):
    """Write text that spans lines as a `|` block, so prose stays readable in the file."""


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text and not text.endswith((" ", "\t")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str)


def course_yaml(course: Course) -> str:
    """Return the course as the text of one course.yaml."""
    head = f"# {course.title}: written by `histdocs import`; edit freely, then `histdocs validate` this folder.\n"
    body = yaml.dump(course_data(course), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return head + body


def import_course(source: str | Path, folder: str | Path) -> list[Path]:
    """Load `source` (a sheet, or a course folder with sheets), write it as a YAML course in `folder`.

    `folder` must be new or empty. The written course is loaded again: what this returns builds.
    Raise :class:`~histdocs.errors.InputError` for bad input.
    """
    from .build import write_atomic
    from .load import load_course

    out = Path(folder)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError([Problem(f"{out} already exists and is not an empty folder; choose a new folder name")])
    course = load_course(source)
    written = [out / "course.yaml"]
    write_atomic(written[0], course_yaml(course).encode("utf-8"))
    root = Path(course.root).resolve() if course.root is not None else None
    for event in course.events:
        if event.image is not None and root is not None and event.image.path.is_relative_to(root):
            copy = out / event.image.path.relative_to(root)
            if copy not in written:
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(event.image.path, copy)
                written.append(copy)
    load_course(out)  # what was written must load: a problem here is a bug worth reporting
    return written
