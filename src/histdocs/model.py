"""The course model: frozen dataclasses every output is made from.

The loader builds it from checked YAML, so everything here can trust its data: ids resolve,
dates are parsed, prose is already split into runs. Renderers read it; nothing changes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping

if TYPE_CHECKING:
    from .dates import HistoricalDate
    from .errors import Location

__all__ = [
    "Citation",
    "Run",
    "Prose",
    "Source",
    "Place",
    "Office",
    "Term",
    "Person",
    "Period",
    "Fact",
    "Image",
    "Event",
    "Quote",
    "GlossaryEntry",
    "Course",
    "chronological",
]


@dataclass(frozen=True)
class Citation:
    """A pointer to a source, with an optional locator printed as written ("p. 571")."""

    source: str
    locator: str = ""


@dataclass(frozen=True)
class Run:
    """A piece of prose: text with its emphasis, or (when `citation` is set) a citation mark."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    citation: Citation | None = None

    @property
    def kind(self) -> str:
        """Return 'citation', 'bold', 'italic' or 'text' (bold wins over italic when both)."""
        if self.citation is not None:
            return "citation"
        if self.bold:
            return "bold"
        if self.italic:
            return "italic"
        return "text"


Paragraph = tuple[Run, ...]


@dataclass(frozen=True)
class Prose:
    """A prose field: paragraphs (split on blank lines) of runs, and the text as written."""

    paragraphs: tuple[Paragraph, ...]
    raw: str = field(default="", compare=False)

    @property
    def runs(self) -> tuple[Run, ...]:
        """Return all runs of all paragraphs in order."""
        return tuple(run for para in self.paragraphs for run in para)

    def plain(self) -> str:
        """Return the text without markup or citations; paragraphs joined by a blank line."""
        return "\n\n".join(
            "".join(run.text for run in para if run.citation is None).strip() for para in self.paragraphs
        )

    def citations(self) -> tuple[Citation, ...]:
        """Return the citations in the order they appear."""
        return tuple(run.citation for run in self.runs if run.citation is not None)

    def __bool__(self) -> bool:
        return any(run.text.strip() or run.citation for run in self.runs)


@dataclass(frozen=True)
class Source:
    """A bibliography entry (CSL-JSON field names where they exist)."""

    id: str
    type: str
    title: str
    author: tuple[str, ...] = ()
    editor: tuple[str, ...] = ()
    container_title: str = ""
    publisher: str = ""
    publisher_place: str = ""
    issued: HistoricalDate | None = None
    page: str = ""
    url: str = ""
    accessed: HistoricalDate | None = None
    note: Prose | None = None


@dataclass(frozen=True)
class Place:
    """A place, with its local-script name and other names."""

    id: str
    name: str
    native: str = ""
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None

    @property
    def label(self) -> str:
        """Return the name as printed: "Shusha (Şuşa)", or the name alone when there is no other."""
        if self.native and self.native != self.name:
            return f"{self.name} ({self.native})"
        return self.name


@dataclass(frozen=True)
class Office:
    """A post people hold over time (President, First Secretary, …)."""

    id: str
    title: str
    short: str = ""

    @property
    def label(self) -> str:
        """Return the short title if there is one, else the title."""
        return self.short or self.title


@dataclass(frozen=True)
class Term:
    """One person's time in one office; `start`/`end` None means not known (or still in office)."""

    person: str
    office: str
    start: HistoricalDate | None = None
    end: HistoricalDate | None = None
    note: Prose | None = None

    def bounds(self) -> tuple[int | None, int | None]:
        """Return (earliest day, latest day) as day numbers; None where unknown."""
        return (
            self.start.earliest_day if self.start else None,
            self.end.latest_day if self.end else None,
        )

    def overlaps_days(self, first: int, last: int) -> bool:
        """Return True if the term may overlap the day range [first, last]."""
        lo, hi = self.bounds()
        return (lo is None or lo <= last) and (hi is None or hi >= first)


@dataclass(frozen=True)
class Person:
    """A historical figure (or an author), with the offices they held."""

    id: str
    name: str
    native: str = ""
    aliases: tuple[str, ...] = ()
    born: HistoricalDate | None = None
    died: HistoricalDate | None = None
    summary: Prose | None = None
    terms: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Period:
    """A teaching unit: one handout and one deck each."""

    id: str
    title: str
    start: HistoricalDate
    end: HistoricalDate
    summary: Prose | None = None
    objectives: tuple[Prose, ...] = ()
    questions: tuple[Prose, ...] = ()
    number: int = 0  # 1-based position in the course, for file names (01-…)

    @property
    def first_day(self) -> int:
        """Return the earliest day the period covers."""
        return self.start.earliest_day

    @property
    def last_day(self) -> int:
        """Return the latest day the period covers."""
        return self.end.latest_day

    def span_text(self) -> str:
        """Return the period's span for display ("June 1992 – June 1993")."""
        a, b = str(self.start), str(self.end)
        return a if a == b else f"{a} – {b}"


@dataclass(frozen=True)
class Fact:
    """A figure worth a small table: label and value as text (numbers already formatted)."""

    label: str
    value: str
    numeric: float | None = None  # the value as a number when it was one (for charts)


@dataclass(frozen=True)
class Image:
    """A picture inside the course folder, with the text a reader needs."""

    path: Path
    alt: str
    caption: Prose | None = None
    credit: str = ""


@dataclass(frozen=True)
class Event:
    """Something that happened: a fuzzy date, where, who, what, and the sources."""

    key: str  # the id, or "event-N" (N = position in the course) when none was given
    date: HistoricalDate
    title: str
    id: str = ""
    places: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    summary: Prose | None = None
    details: Prose | None = None
    note: Prose | None = None
    importance: int = 2
    tags: tuple[str, ...] = ()
    cite: tuple[Citation, ...] = ()
    facts: tuple[Fact, ...] = ()
    image: Image | None = None

    def overlaps_days(self, first: int, last: int) -> bool:
        """Return True if the event's date bounds meet the day range [first, last]."""
        return self.date.earliest_day <= last and self.date.latest_day >= first


@dataclass(frozen=True)
class Quote:
    """A statement attributed to a person (`speaker_id` set) or to a named document."""

    speaker: str  # display name: the person's name, or the literal name given
    text: Prose
    speaker_id: str = ""
    id: str = ""
    date: HistoricalDate | None = None
    context: Prose | None = None
    cite: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class GlossaryEntry:
    """A term a student meets, and what it means."""

    term: str
    definition: Prose


def chronological(events: Iterable[Event]) -> list[Event]:
    """Return events in date order: by earliest day, then latest day, then course order."""
    indexed = list(enumerate(events))
    indexed.sort(key=lambda pair: (pair[1].date.earliest_day, pair[1].date.latest_day, pair[0]))
    return [event for _, event in indexed]


@dataclass(frozen=True)
class Course:
    """A whole course: what the loader returns and every renderer reads."""

    id: str
    title: str
    language: str = "en"
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    summary: Prose | None = None
    sources: tuple[Source, ...] = ()
    places: tuple[Place, ...] = ()
    offices: tuple[Office, ...] = ()
    people: tuple[Person, ...] = ()
    periods: tuple[Period, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    root: Path | None = field(default=None, compare=False)  # the course folder (images are relative to it)
    locations: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each printed value is written, by its field path in `histdocs.texts` (``places[baku].native``);
    filled by the loader, empty for a course built in memory."""

    # --- look-ups -------------------------------------------------------------------------
    @cached_property
    def _by_id(self) -> dict[str, dict[str, object]]:
        return {
            "source": {s.id: s for s in self.sources},
            "place": {p.id: p for p in self.places},
            "office": {o.id: o for o in self.offices},
            "person": {p.id: p for p in self.people},
            "period": {p.id: p for p in self.periods},
            "event": {e.key: e for e in self.events},
        }

    def source(self, source_id: str) -> Source:
        """Return the source with this id (KeyError if none)."""
        return self._by_id["source"][source_id]  # type: ignore[return-value]

    def place(self, place_id: str) -> Place:
        """Return the place with this id (KeyError if none)."""
        return self._by_id["place"][place_id]  # type: ignore[return-value]

    def office(self, office_id: str) -> Office:
        """Return the office with this id (KeyError if none)."""
        return self._by_id["office"][office_id]  # type: ignore[return-value]

    def person(self, person_id: str) -> Person:
        """Return the person with this id (KeyError if none)."""
        return self._by_id["person"][person_id]  # type: ignore[return-value]

    def period(self, period_id: str) -> Period:
        """Return the period with this id (KeyError if none)."""
        return self._by_id["period"][period_id]  # type: ignore[return-value]

    def event(self, key: str) -> Event:
        """Return the event with this key (KeyError if none)."""
        return self._by_id["event"][key]  # type: ignore[return-value]

    # --- what a renderer needs --------------------------------------------------------------
    @cached_property
    def chronological_events(self) -> tuple[Event, ...]:
        """Return all events in date order."""
        return tuple(chronological(self.events))

    def events_in(self, period: Period | None) -> list[Event]:
        """Return the events whose date bounds overlap the period, in date order (all if None)."""
        if period is None:
            return list(self.chronological_events)
        first, last = period.first_day, period.last_day
        return [e for e in self.chronological_events if e.overlaps_days(first, last)]

    def span_days(self, period: Period | None) -> tuple[int, int]:
        """Return the first and last day covered by the period, or by the whole course."""
        if period is not None:
            return period.first_day, period.last_day
        lows = [p.first_day for p in self.periods] + [e.date.earliest_day for e in self.events]
        highs = [p.last_day for p in self.periods] + [e.date.latest_day for e in self.events]
        return min(lows), max(highs)

    def terms_of(self, office_id: str) -> list[Term]:
        """Return every term in this office, in order of start (unknown starts last)."""
        terms = [t for p in self.people for t in p.terms if t.office == office_id]
        big = 10**12
        terms.sort(key=lambda t: (t.start.earliest_day if t.start else big, t.person))
        return terms

    def office_holders(self, office_id: str, period: Period | None = None) -> list[Term]:
        """Return the terms in this office that overlap the period (all if None), by start."""
        terms = self.terms_of(office_id)
        if period is None:
            return terms
        return [t for t in terms if t.overlaps_days(period.first_day, period.last_day)]

    def people_in(self, period: Period | None) -> list[Person]:
        """Return people named in the period's events or holding office in it, in course order."""
        events = self.events_in(period)
        named = {pid for e in events for pid in e.people}
        result = []
        for person in self.people:
            if person.id in named:
                result.append(person)
            elif period is None:
                if person.terms:
                    result.append(person)
            elif any(t.overlaps_days(period.first_day, period.last_day) for t in person.terms):
                result.append(person)
        return result

    def quotes_in(self, period: Period | None) -> list[Quote]:
        """Return quotes dated inside the period (undated quotes only in the whole course)."""
        if period is None:
            return list(self.quotes)
        first, last = period.first_day, period.last_day
        return [q for q in self.quotes if q.date and q.date.earliest_day <= last and q.date.latest_day >= first]

    def glossary_for(self, texts: Iterable[str]) -> list[GlossaryEntry]:
        """Return glossary entries whose term occurs (case-insensitively, as a word) in the texts."""
        blob = "\n".join(texts).casefold()
        found = []
        for entry in self.glossary:
            pattern = r"(?<!\w)" + re.escape(entry.term.casefold()) + r"(?!\w)"
            if re.search(pattern, blob):
                found.append(entry)
        return found
