"""Every piece of course text a handout or deck may print, with its field path.

Renderers pass these to `histdocs.fonts.check_coverage` before drawing, so a character the
font lacks is reported with the field it is in (``people[elchibey].native``) instead of being
printed as a box. The loader records where each of these paths is written
(`Course.locations`, keyed by exactly these strings), so the problem also says FILE:LINE:COLUMN;
a new path here needs its `locate` call in `histdocs.load`.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from typing import Iterable, Iterator, Mapping

from .errors import Location, Problem
from .model import Citation, Course, Event, Period, Person, Prose, Quote, Source

__all__ = ["course_texts", "course_characters", "first_right_to_left", "right_to_left_message", "right_to_left_problems"]

RIGHT_TO_LEFT_HINT = (
    "histdocs sets text left to right only: write this text in a left-to-right script "
    "(a transliteration), or leave it out"
)

_RTL_BLOCKS = re.compile(
    "[\u0590-\u08FF\u200F\u202B\u202E\u2067\uFB1D-\uFDFF\uFE70-\uFEFE"
    "\U00010800-\U00010FFF\U0001E800-\U0001EFFF]"
)
"""The blocks of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, ...) and
the right-to-left marks and overrides: where to look, before asking each character its class."""

_RTL_CLASSES = frozenset({"R", "AL", "RLE", "RLO", "RLI"})
_JOINING_SCRIPTS = frozenset({"Arabic", "Syriac", "Nko", "Mandaic", "Adlam", "Hanifi", "Sogdian", "Manichaean", "Psalter"})


def first_right_to_left(text: str) -> int | None:
    """Return the offset of the first right-to-left character of `text`, or None.

    Right to left means Unicode bidirectional class R or AL (Hebrew, Arabic and the other
    right-to-left scripts) or a right-to-left embedding, override or isolate. Such text is
    refused rather than printed: the renderers set every line left to right, so a Hebrew
    or Arabic word would come out reversed and, in Arabic, with its letters unjoined.
    """
    for match in _RTL_BLOCKS.finditer(text):
        if unicodedata.bidirectional(match.group()) in _RTL_CLASSES:
            return match.start()
    return None


def right_to_left_message(ch: str) -> str:
    """Return the problem text for right-to-left character `ch`."""
    if unicodedata.category(ch) == "Cf":  # an invisible mark or override: never echoed to a terminal
        return (f"right-to-left text is not supported yet (the invisible {unicodedata.name(ch, 'mark').lower()}, "
                f"U+{ord(ch):04X}): delete it")
    script = unicodedata.name(ch, "").split(" ")[0].title()
    what = f"{script} '{ch}'" if script else f"'{ch}'"
    joined = script in _JOINING_SCRIPTS
    return (f"right-to-left text is not supported yet ({what}, U+{ord(ch):04X}): it would be printed "
            + ("reversed, its letters unjoined" if joined else "reversed"))


def right_to_left_problems(items: Iterable[tuple[str, str]], locations: Mapping[str, Location] | None = None) -> list[Problem]:
    """Return one Problem per (field path, text) item holding right-to-left text."""
    where = locations or {}
    problems = []
    for path, text in items:
        offset = first_right_to_left(text)
        if offset is not None:
            problems.append(Problem(right_to_left_message(text[offset]), where.get(path), path, RIGHT_TO_LEFT_HINT))
    return problems

Item = tuple[str, str]


def _prose(path: str, prose: Prose | None) -> Iterator[Item]:
    if prose is None:
        return
    yield path, prose.plain()
    for index, citation in enumerate(prose.citations()):
        if citation.locator:
            yield f"{path}.cite[{index}].locator", citation.locator


def _cites(path: str, cites: tuple[Citation, ...]) -> Iterator[Item]:
    for index, citation in enumerate(cites):
        if citation.locator:
            yield f"{path}.cite[{index}].locator", citation.locator


def _date(path: str, date: object | None) -> Iterator[Item]:
    if date is not None:
        yield path, str(date)


def _event(event: Event) -> Iterator[Item]:
    base = f"events[{event.key}]"
    yield f"{base}.title", event.title
    yield from _date(f"{base}.date", event.date)
    yield from _prose(f"{base}.summary", event.summary)
    yield from _prose(f"{base}.details", event.details)
    yield from _prose(f"{base}.note", event.note)
    yield from _cites(base, event.cite)
    for index, fact in enumerate(event.facts):
        yield f"{base}.facts[{index}].label", fact.label
        yield f"{base}.facts[{index}].value", fact.value
    if event.image is not None:
        yield f"{base}.image.alt", event.image.alt
        yield from _prose(f"{base}.image.caption", event.image.caption)
        yield f"{base}.image.credit", event.image.credit


def _person(person: Person) -> Iterator[Item]:
    base = f"people[{person.id}]"
    yield f"{base}.name", person.name
    yield f"{base}.native", person.native
    yield from _date(f"{base}.born", person.born)
    yield from _date(f"{base}.died", person.died)
    yield from _prose(f"{base}.summary", person.summary)
    for index, term in enumerate(person.terms):
        yield from _date(f"{base}.terms[{index}].start", term.start)
        yield from _date(f"{base}.terms[{index}].end", term.end)
        yield from _prose(f"{base}.terms[{index}].note", term.note)


def _quote(index: int, quote: Quote) -> Iterator[Item]:
    base = f"quotes[{quote.id or index}]"
    yield f"{base}.speaker", quote.speaker
    yield from _prose(f"{base}.text", quote.text)
    yield from _prose(f"{base}.context", quote.context)
    yield from _date(f"{base}.date", quote.date)
    yield from _cites(base, quote.cite)


def _source(source: Source) -> Iterator[Item]:
    base = f"sources[{source.id}]"
    yield f"{base}.title", source.title
    for index, name in enumerate(source.author):
        yield f"{base}.author[{index}]", name
    for index, name in enumerate(source.editor):
        yield f"{base}.editor[{index}]", name
    yield f"{base}.container_title", source.container_title
    yield f"{base}.publisher", source.publisher
    yield f"{base}.publisher_place", source.publisher_place
    yield from _date(f"{base}.issued", source.issued)
    yield f"{base}.page", source.page
    yield f"{base}.url", source.url
    yield from _date(f"{base}.accessed", source.accessed)
    yield from _prose(f"{base}.note", source.note)


def _period(period: Period) -> Iterator[Item]:
    base = f"periods[{period.id}]"
    yield f"{base}.title", period.title
    yield f"{base}.dates", period.span_text()
    yield from _prose(f"{base}.summary", period.summary)
    for index, prose in enumerate(period.objectives):
        yield from _prose(f"{base}.objectives[{index}]", prose)
    for index, prose in enumerate(period.questions):
        yield from _prose(f"{base}.questions[{index}]", prose)


def _all(course: Course, period: Period | None) -> Iterator[Item]:
    yield "course.title", course.title
    yield "course.subtitle", course.subtitle
    for index, author in enumerate(course.authors):
        yield f"course.authors[{index}]", author
    periods = course.periods if period is None else (period,)
    if period is None:
        yield from _prose("course.summary", course.summary)
    for each in periods:
        yield from _period(each)

    events = course.events_in(period)
    people = course.people_in(period)
    quotes = course.quotes_in(period)
    for event in events:
        yield from _event(event)

    place_ids = {pid for e in events for pid in e.places} if period is not None else None
    for place in course.places:
        if place_ids is None or place.id in place_ids:
            yield f"places[{place.id}].name", place.name
            yield f"places[{place.id}].native", place.native

    for person in people:
        yield from _person(person)
    office_ids = {t.office for p in people for t in p.terms}
    for office in course.offices:
        if period is None or office.id in office_ids:
            yield f"offices[{office.id}].title", office.title
            yield f"offices[{office.id}].short", office.short

    shown = {id(q) for q in quotes}
    for index, quote in enumerate(course.quotes):
        if id(quote) in shown:
            yield from _quote(index, quote)

    cited: set[str] | None = None
    if period is not None:
        cited = {c.source for e in events for c in e.cite}
        for prose in _proses(period, events, people, quotes):
            cited.update(c.source for c in prose.citations())
        cited.update(c.source for q in quotes for c in q.cite)
    for source in course.sources:
        if cited is None or source.id in cited:
            yield from _source(source)


def _proses(period: Period, events: list[Event], people: list[Person], quotes: list[Quote]) -> Iterator[Prose]:
    """Return every prose field of the period's parts (to find the sources they cite)."""
    for prose in (period.summary, *period.objectives, *period.questions):
        if prose is not None:
            yield prose
    for event in events:
        for prose in (event.summary, event.details, event.note, event.image.caption if event.image else None):
            if prose is not None:
                yield prose
    for person in people:
        if person.summary is not None:
            yield person.summary
        for term in person.terms:
            if term.note is not None:
                yield term.note
    for quote in quotes:
        for prose in (quote.text, quote.context):
            if prose is not None:
                yield prose


def course_texts(course: Course, period: Period | None = None) -> Iterator[tuple[str, str]]:
    """Yield (field path, text) for every printed string of the course, or of one period.

    For a period: the course's title line, the period's own fields, and the events, places,
    people, offices, quotes, glossary entries and sources that period's outputs show. Empty
    texts are left out; each path is yielded once.
    """
    seen: set[str] = set()
    collected: list[str] = []
    for path, text in _all(course, period):
        if not text or path in seen:
            continue
        seen.add(path)
        collected.append(text)
        yield path, text
    glossary = course.glossary if period is None else tuple(course.glossary_for(collected))
    for entry in glossary:
        base = f"glossary[{entry.term}]"
        yield f"{base}.term", entry.term
        definition = entry.definition.plain()
        if definition:
            yield f"{base}.definition", definition


_CHARACTERS: dict[int, tuple[weakref.ref[Course], frozenset[str]]] = {}


def course_characters(course: Course) -> frozenset[str]:
    """Return every character any handout or deck of `course` may print, read once per course.

    The texts of the whole course include those of each period, so a font that has all of
    these has all any one document needs: a build checks its fonts against this set once,
    and walks a document's fields (to name the ones at fault) only when something is missing.
    """
    key = id(course)
    known = _CHARACTERS.get(key)
    if known is not None and known[0]() is course:
        return known[1]
    chars = frozenset("".join(text for _, text in course_texts(course)))
    _CHARACTERS[key] = (weakref.ref(course, lambda _: _CHARACTERS.pop(key, None)), chars)
    return chars
