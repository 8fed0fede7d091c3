"""The handout plan: which sections, in which order, with which items and footnote numbers.

Pure: no reportlab. The plan is made from the course, one period (or the whole course when
the period is None) and a handout layout; the PDF renderer draws it without deciding anything
about content. Footnote numbers are assigned here, in reading order (the layout's section
order), so a note's number is the same wherever it is printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol, Sequence, Union

from .. import fonts
from ..citations import Note, NoteNumbering, bibliography
from ..dates import count_round_years, day_number, from_day_number, round_years
from ..model import Course, Event, Period, Prose, Run
from ..timeline import TimelineBand, TimelineEvent, TimelineFigure, TimelineStyle, plan_timeline, year_text

__all__ = [
    "Mark",
    "Piece",
    "Para",
    "TitleBlock",
    "ProseSection",
    "ListSection",
    "TimelineSection",
    "ImageItem",
    "EventItem",
    "EventsSection",
    "PersonRow",
    "PeopleSection",
    "SuccessionBar",
    "SuccessionChart",
    "SuccessionSection",
    "QuoteItem",
    "QuotesSection",
    "GlossaryItem",
    "GlossarySection",
    "QuestionsSection",
    "SourcesSection",
    "Section",
    "HandoutPlan",
    "LayoutLike",
    "PAGE_SIZES",
    "page_size",
    "plan_handout",
    "handout_layout",
    "SECTION_KINDS",
]

SECTION_KINDS = (
    "title", "summary", "objectives", "timeline", "events", "people",
    "succession", "quotes", "glossary", "questions", "sources",
)
"""Every section a handout layout may list, in the default order."""

PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A4": (595.2756, 841.8898),
    "A5": (419.5276, 595.2756),
    "Letter": (612.0, 792.0),
    "Legal": (612.0, 1008.0),
}
"""Portrait paper sizes in points."""


class LayoutLike(Protocol):
    """The typed getters of a loaded layout (see :mod:`histdocs.layouts`)."""

    def length(self, key: str) -> float: ...
    def color(self, key: str) -> str: ...
    def number(self, key: str) -> float: ...
    def integer(self, key: str) -> int: ...
    def flag(self, key: str) -> bool: ...
    def text(self, key: str) -> str: ...
    def names(self, key: str) -> tuple[str, ...] | list[str]: ...


# ----------------------------------------------------------------------------- plan types


@dataclass(frozen=True)
class Mark:
    """A footnote marker in running text: the note's number."""

    number: int


Piece = Union[Run, Mark]
Para = tuple[Piece, ...]
"""One paragraph of planned text: runs (text, bold, italic) and note markers."""


@dataclass(frozen=True)
class TitleBlock:
    """The top of the first page."""

    title: str
    subtitle: str
    span: str
    authors: tuple[str, ...] = ()
    kind: str = "title"
    heading: str = ""


@dataclass(frozen=True)
class ProseSection:
    """A heading and paragraphs (the summary)."""

    kind: str
    heading: str
    paragraphs: tuple[Para, ...]


@dataclass(frozen=True)
class ListSection:
    """A heading and a numbered list of prose items (objectives)."""

    kind: str
    heading: str
    items: tuple[tuple[Para, ...], ...]


@dataclass(frozen=True)
class TimelineSection:
    """One or more timeline figures, drawn with the heading font."""

    heading: str
    figures: tuple[TimelineFigure, ...]
    kind: str = "timeline"


@dataclass(frozen=True)
class ImageItem:
    """A picture from the course folder with its caption and credit."""

    path: Path
    alt: str
    caption: tuple[Para, ...]
    credit: str


@dataclass(frozen=True)
class EventItem:
    """One event as printed: date, title, where, who, text, figures, picture."""

    key: str
    date_text: str
    title: str
    importance: int
    places: tuple[str, ...]
    people: tuple[str, ...]
    summary: tuple[Para, ...]
    details: tuple[Para, ...]
    note: tuple[Para, ...]
    facts: tuple[tuple[str, str], ...]
    image: ImageItem | None


@dataclass(frozen=True)
class EventsSection:
    """The events in date order."""

    heading: str
    items: tuple[EventItem, ...]
    kind: str = "events"


@dataclass(frozen=True)
class PersonRow:
    """A who's-who row: the person, their native name, offices held and when."""

    name: str
    native: str
    offices: tuple[str, ...]
    spans: tuple[str, ...]


@dataclass(frozen=True)
class PeopleSection:
    """Who's who."""

    heading: str
    rows: tuple[PersonRow, ...]
    show_native: bool
    kind: str = "people"


@dataclass(frozen=True)
class SuccessionBar:
    """One term as a bar across the chart's window: fractions 0..1 of its width."""

    person: str
    start: float
    end: float
    span: str
    open_start: bool
    open_end: bool


@dataclass(frozen=True)
class SuccessionChart:
    """Who held one office over the window, one bar per term."""

    office: str
    bars: tuple[SuccessionBar, ...]


@dataclass(frozen=True)
class SuccessionSection:
    """Succession charts, one per office held during the window, and the window's ends."""

    heading: str
    charts: tuple[SuccessionChart, ...]
    start_text: str
    end_text: str
    ticks: tuple[tuple[float, str], ...]
    kind: str = "succession"


@dataclass(frozen=True)
class QuoteItem:
    """A quotation: text, who said it and when, context."""

    text: tuple[Para, ...]
    speaker: str
    date_text: str
    context: tuple[Para, ...]


@dataclass(frozen=True)
class QuotesSection:
    heading: str
    items: tuple[QuoteItem, ...]
    kind: str = "quotes"


@dataclass(frozen=True)
class GlossaryItem:
    term: str
    definition: tuple[Para, ...]


@dataclass(frozen=True)
class GlossarySection:
    heading: str
    items: tuple[GlossaryItem, ...]
    kind: str = "glossary"


@dataclass(frozen=True)
class QuestionsSection:
    """Discussion questions, each followed by ``lines`` ruled lines."""

    heading: str
    items: tuple[tuple[Para, ...], ...]
    lines: int
    kind: str = "questions"


@dataclass(frozen=True)
class SourcesSection:
    """The bibliography of the sources this handout cites."""

    heading: str
    entries: tuple[tuple[Run, ...], ...]
    kind: str = "sources"


Section = Union[
    TitleBlock, ProseSection, ListSection, TimelineSection, EventsSection, PeopleSection,
    SuccessionSection, QuotesSection, GlossarySection, QuestionsSection, SourcesSection,
]


@dataclass(frozen=True)
class HandoutPlan:
    """Everything the renderer draws, in order; ``notes`` are numbered 1..n in reading order."""

    title: str
    author: str
    subject: str
    language: str
    course_title: str
    period_title: str
    page_width: float
    page_height: float
    sections: tuple[Section, ...]
    notes: tuple[Note, ...]
    placement: str  # 'page' | 'end'
    notes_heading: str

    def section(self, kind: str) -> Section | None:
        """Return the section of this kind, or None when the handout has none."""
        return next((s for s in self.sections if s.kind == kind), None)


# ----------------------------------------------------------------------------- layouts


def page_size(layout: LayoutLike) -> tuple[float, float]:
    """Return (width, height) in points for the layout's paper and orientation."""
    width, height = PAGE_SIZES[layout.text("page.size")]
    if layout.text("page.orientation") == "landscape":
        width, height = height, width
    return width, height


def handout_layout(name: str | Path = "handout-a4") -> LayoutLike:
    """Return a loaded handout layout by name or path (through :mod:`histdocs.layouts`)."""
    from ..layouts import load_layout

    return load_layout(name, kind="handout")


# ----------------------------------------------------------------------------- helpers


class _Texts:
    """Turns prose into planned paragraphs, numbering citations as they are met."""

    def __init__(self, numbering: NoteNumbering) -> None:
        self.numbering = numbering

    def prose(self, prose: Prose | None) -> tuple[Para, ...]:
        if not prose:
            return ()
        out: list[Para] = []
        for paragraph in prose.paragraphs:
            pieces: list[Piece] = []
            for run in paragraph:
                if run.citation is not None:
                    pieces.append(Mark(self.numbering.note_for(run.citation).number))
                elif run.text:
                    pieces.append(run)
            if pieces:
                out.append(tuple(pieces))
        return tuple(out)

    def marks(self, citations: Iterable[Any]) -> tuple[Mark, ...]:
        return tuple(Mark(self.numbering.note_for(c).number) for c in citations)



def _with_marks(paras: tuple[Para, ...], marks: tuple[Mark, ...]) -> tuple[Para, ...]:
    """Return paragraphs with the marks added after the last one (or as a paragraph of their own)."""
    if not marks:
        return paras
    if not paras:
        return (marks,)
    return paras[:-1] + (paras[-1] + marks,)


def _term_span(start: Any, end: Any) -> str:
    """Return "from – to" of a term; one date when both are the same ("59 BCE")."""
    a = str(start) if start is not None else "?"
    b = str(end) if end is not None else "…"
    return a if a == b else f"{a} – {b}"


def _whole_span(course: Course) -> str:
    """Return the years the whole course covers ("1987 – 1994", "509 BCE – 27 BCE")."""
    if not course.events and not course.periods:
        return ""
    first, last = course.span_days(None)
    y0, y1 = from_day_number(first)[0], from_day_number(last)[0]
    a, b = year_text(y0, y0 <= 0 < y1), year_text(y1, y0 <= 0 < y1)
    return a if a == b else f"{a} – {b}"


def _timeline_style(layout: LayoutLike, width: float, whole_course: bool = False) -> TimelineStyle:
    """Return the timeline style the layout sets; the whole-course handout has its own filter."""
    max_events = layout.integer("timeline.max_events")
    importance = "timeline.course_min_importance" if whole_course else "timeline.min_importance"
    max_height = layout.length("timeline.max_height")
    return TimelineStyle(
        width=width,
        label_size=layout.length("timeline.label_size"),
        tick_size=layout.length("timeline.tick_size"),
        line_height=layout.length("timeline.line_height"),
        max_label_width=layout.length("timeline.label_width"),
        max_label_lines=layout.integer("timeline.label_lines"),
        max_lanes=layout.integer("timeline.lanes"),
        max_events=max_events if max_events > 0 else None,
        min_importance=layout.integer(importance),
        split=layout.text("timeline.split"),
        max_height=max_height if max_height > 0 else None,
    )


def _measure(family: str) -> Callable[[str, float], float]:
    def measure(text: str, size: float) -> float:
        return fonts.text_width(text, size, family)

    return measure


# ----------------------------------------------------------------------------- sections


def _events(course: Course, events: Sequence[Event], layout: LayoutLike, t: _Texts, heading: str) -> EventsSection:
    items = []
    # the layout's switches, read once rather than five times per event (10,000 events: 0.3 s)
    cite, images, people, details, notes, facts = (
        layout.flag(f"events.{name}") for name in ("cite", "images", "people", "details", "notes", "facts")
    ) if events else (False,) * 6
    for event in events:
        summary = _with_marks(t.prose(event.summary), t.marks(event.cite) if cite else ())
        image = None
        if event.image is not None and images:
            root = course.root or Path(".")
            path = event.image.path if event.image.path.is_absolute() else root / event.image.path
            image = ImageItem(path, event.image.alt, t.prose(event.image.caption), event.image.credit)
        items.append(
            EventItem(
                key=event.key,
                date_text=str(event.date),
                title=event.title,
                importance=event.importance,
                places=tuple(course.place(p).label for p in event.places),
                people=tuple(course.person(p).name for p in event.people) if people else (),
                summary=summary,
                details=t.prose(event.details) if details else (),
                note=t.prose(event.note) if notes else (),
                facts=tuple((f.label, f.value) for f in event.facts) if facts else (),
                image=image,
            )
        )
    return EventsSection(heading, tuple(items))


def _people(course: Course, period: Period | None, layout: LayoutLike, heading: str) -> PeopleSection:
    rows = []
    for person in course.people_in(period):
        terms = [
            t for t in person.terms
            if period is None or t.overlaps_days(period.first_day, period.last_day)
        ]
        rows.append(
            PersonRow(
                name=person.name,
                native=person.native if person.native != person.name else "",
                offices=tuple(course.office(t.office).label for t in terms),
                spans=tuple(_term_span(t.start, t.end) for t in terms),
            )
        )
    return PeopleSection(heading, tuple(rows), layout.flag("people.native"))


def _steps() -> Iterator[int]:
    """1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, …"""
    yield from (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000)
    power = 10_000
    while True:
        yield from (power, 2 * power, 5 * power)
        power *= 10


def _year_ticks(first: int, last: int, most: int = 10) -> tuple[tuple[float, str], ...]:
    """Return (fraction, year label) at 1 January of round years inside [first, last].

    The step is the smallest of 1, 2, 5, 10, … years giving at most ``most`` ticks; BCE years
    are rounded as printed (50 BCE, not astronomical -49).  Counted, not walked: a span of a
    million years costs no more than one of ten.
    """
    y_first, m_first, d_first = from_day_number(first)
    y0 = y_first if (m_first, d_first) == (1, 1) else y_first + 1  # first 1 January inside
    y1 = from_day_number(last)[0]
    era = y_first <= 0 < y1 + 1
    span = max(1, last - first)
    step = next(s for s in _steps() if count_round_years(s, y0, y1) <= most)
    years = round_years(step, y0, y1)
    return tuple(((day_number((y, 1, 1)) - first) / span, year_text(y, era)) for y in years)


def _succession(course: Course, period: Period | None, heading: str) -> SuccessionSection:
    """Return the office charts; the window is the period, or (whole course) the terms' span."""
    terms_by_office = [(o, course.office_holders(o.id, period)) for o in course.offices]
    terms_by_office = [(o, ts) for o, ts in terms_by_office if ts]
    if period is not None:
        first, last = period.first_day, period.last_day
    else:
        lows = [t.bounds()[0] for _, ts in terms_by_office for t in ts if t.bounds()[0] is not None]
        highs = [t.bounds()[1] for _, ts in terms_by_office for t in ts if t.bounds()[1] is not None]
        first, last = course.span_days(None)
        if lows and highs:
            first, last = min(lows), max(highs)  # type: ignore[type-var]
    span = max(1, last - first)
    charts = []
    for office, terms in terms_by_office:
        bars = []
        for term in terms:
            lo, hi = term.bounds()
            a = 0.0 if lo is None else min(1.0, max(0.0, (lo - first) / span))
            b = 1.0 if hi is None else min(1.0, max(0.0, (hi + 1 - first) / span))
            bars.append(
                SuccessionBar(
                    person=course.person(term.person).name,
                    start=a,
                    end=max(a, b),
                    span=_term_span(term.start, term.end),
                    open_start=lo is None or lo < first,
                    open_end=hi is None or hi > last,
                )
            )
        charts.append(SuccessionChart(office.label, tuple(bars)))
    era = from_day_number(first)[0] <= 0 < from_day_number(last)[0]
    start_text = year_text(from_day_number(first)[0], era)
    end_text = year_text(from_day_number(last)[0], era)
    return SuccessionSection(heading, tuple(charts), start_text, end_text, _year_ticks(first, last))


# ----------------------------------------------------------------------------- the plan


def plan_handout(course: Course, period: Period | None, layout: LayoutLike) -> HandoutPlan:
    """Return the plan of the handout for a period (the whole course when ``period`` is None).

    Sections follow ``layout.names('sections')``; a section with nothing to show is left
    out. Citations in the text and each event's ``cite`` list become notes numbered in the
    order a reader meets them.
    """
    numbering = NoteNumbering(course, ibid=layout.flag("footnotes.ibid"))
    t = _Texts(numbering)
    width, height = page_size(layout)
    text_width = width - layout.length("page.margins.left") - layout.length("page.margins.right")
    whole = layout.text("titles.whole_course")
    period_title = period.title if period else whole

    def heading(kind: str) -> str:
        return layout.text(f"titles.{kind}")

    events = [e for e in course.events_in(period) if e.importance <= layout.integer("events.max_importance")]
    sections: list[Section] = []
    for kind in layout.names("sections"):
        if kind == "title":
            if period is not None:
                sections.append(TitleBlock(period.title, course.title, period.span_text(), course.authors))
            else:
                sections.append(TitleBlock(course.title, course.subtitle or whole, _whole_span(course), course.authors))
        elif kind == "summary":
            paras = t.prose(period.summary if period else course.summary)
            if paras:
                sections.append(ProseSection("summary", heading("summary"), paras))
        elif kind == "objectives":
            items = tuple(t.prose(p) for p in (period.objectives if period else ()))
            items = tuple(i for i in items if i)
            if items:
                sections.append(ListSection("objectives", heading("objectives"), items))
        elif kind == "timeline":
            shown = course.events_in(period)
            tl_events = [TimelineEvent(e.key, e.title, e.date, e.importance) for e in shown]
            bands = [TimelineBand(p.id, p.title, p.start, p.end) for p in course.periods] if period is None else []
            style = _timeline_style(layout, text_width, whole_course=period is None)
            if not any(e.importance <= style.min_importance for e in shown):
                # nothing would be drawn: a course without key events shows its events as a period does
                style = _timeline_style(layout, text_width)
            if not any(e.importance <= style.min_importance for e in shown):
                continue  # an empty axis teaches nothing: leave the section out
            figures = plan_timeline(
                tl_events,
                style,
                _measure(layout.text("fonts.heading")),
                bands=bands,
                start=period.start if period else None,
                end=period.end if period else None,
            )
            if figures:
                sections.append(TimelineSection(heading("timeline"), tuple(figures)))
        elif kind == "events":
            if events:
                sections.append(_events(course, events, layout, t, heading("events")))
        elif kind == "people":
            people = _people(course, period, layout, heading("people"))
            if people.rows:
                sections.append(people)
        elif kind == "succession":
            chart = _succession(course, period, heading("succession"))
            if chart.charts:
                sections.append(chart)
        elif kind == "quotes":
            items = []
            for quote in course.quotes_in(period):
                text = _with_marks(t.prose(quote.text), t.marks(quote.cite))
                items.append(QuoteItem(text, quote.speaker, str(quote.date) if quote.date else "", t.prose(quote.context)))
            if items:
                sections.append(QuotesSection(heading("quotes"), tuple(items)))
        elif kind == "glossary":
            entries = course.glossary_for(_used_texts(course, period, events, layout))
            items = tuple(GlossaryItem(e.term, t.prose(e.definition)) for e in entries)
            if items:
                sections.append(GlossarySection(heading("glossary"), items))
        elif kind == "questions":
            items = tuple(i for i in (t.prose(q) for q in (period.questions if period else ())) if i)
            if items:
                sections.append(QuestionsSection(heading("questions"), items, layout.integer("questions.lines")))
        elif kind == "sources":
            pass  # placed by _finish once every citation is numbered
        else:
            raise ValueError(f"unknown handout section {kind!r}")
    return _finish(course, period, layout, sections, numbering, width, height, period_title)


def _used_texts(course: Course, period: Period | None, events: Sequence[Event], layout: LayoutLike) -> list[str]:
    """Return the texts a reader of this handout meets (for finding glossary terms)."""
    texts: list[str] = []
    prose: list[Prose | None] = []
    if period is not None:
        prose += [period.summary, *period.objectives, *period.questions]
    else:
        prose.append(course.summary)
    for event in events:
        texts.append(event.title)
        prose += [event.summary, event.details, event.note]
    for quote in course.quotes_in(period):
        prose += [quote.text, quote.context]
    texts += [p.plain() for p in prose if p]
    return texts


def _finish(
    course: Course,
    period: Period | None,
    layout: LayoutLike,
    sections: list[Section],
    numbering: NoteNumbering,
    width: float,
    height: float,
    period_title: str,
) -> HandoutPlan:
    """Return the plan with the bibliography put where the layout lists it."""
    order = list(layout.names("sections"))
    if "sources" in order and numbering.cited:
        entries = tuple(runs for _, runs in bibliography(course, numbering.cited))
        src = SourcesSection(layout.text("titles.sources"), entries)
        position = order.index("sources")
        index = sum(1 for s in sections if s.kind in order[:position])
        sections = sections[:index] + [src] + sections[index:]
    return HandoutPlan(
        title=f"{period_title} — {course.title}" if period else course.title,
        author=", ".join(course.authors),
        subject=period.span_text() if period else (course.subtitle or course.title),
        language=course.language,
        course_title=course.title,
        period_title=period_title,
        page_width=width,
        page_height=height,
        sections=tuple(sections),
        notes=tuple(numbering.notes),
        placement=layout.text("footnotes.placement"),
        notes_heading=layout.text("titles.notes"),
    )
