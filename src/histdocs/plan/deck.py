"""The deck plan: a period's slides with every box placed and its text measured by the font.

Pure: no python-pptx. Positions are points from the slide's top-left corner (y down). Text is
cleaned of characters XML cannot hold, wrapped with the real font metrics of the layout's
family, and continued on "(cont.)" slides when it does not fit its box; the renderer draws
exactly what this module returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence, Union

from PIL import Image as PILImage

from .. import fonts
from ..errors import InputError, Location, Problem, RenderError
from ..model import Citation, Course, Event, Period, Prose, Run
from ..texts import course_characters, course_texts, first_right_to_left, right_to_left_problems
from ..timeline import TimelineEvent, TimelineFigure, TimelineStyle, plan_timeline

__all__ = [
    "SLIDE_KINDS",
    "WRAP_SLACK",
    "Span",
    "TextPara",
    "TextBox",
    "Rect",
    "Line",
    "Group",
    "Cell",
    "Table",
    "Picture",
    "Slide",
    "DeckPlan",
    "plan_deck",
    "clean_text",
    "sentences",
]

SLIDE_KINDS = (
    "title", "objectives", "timeline", "key_events", "whos_who", "succession",
    "quotes", "facts", "glossary", "questions", "sources",
)

WRAP_SLACK = 0.05
"""Text is wrapped to 95% of its box's inner width, so a viewer that measures a little wider
than our metrics (kerning, hinting) still breaks lines where we did, never adding one."""

# ----------------------------------------------------------------------------- plan data


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class TextPara:
    """A paragraph: its spans, the lines the font metrics break it into, and how it is set.

    ``bullet`` is '' (none), a bullet character, or '1.' for automatic numbering.
    ``breaks`` True means the lines are drawn with explicit line breaks (timeline labels);
    otherwise the viewer wraps the paragraph itself, at the same places.
    """

    spans: tuple[Span, ...]
    lines: tuple[str, ...]
    size: float
    line_height: float
    bold: bool = False
    italic: bool = False
    color: str = ""  # '#rrggbb', or '' to keep the template's colour
    bullet: str = ""
    space_before: float = 0.0
    breaks: bool = False

    @property
    def text(self) -> str:
        """Return the paragraph's text."""
        return "".join(s.text for s in self.spans)

    @property
    def height(self) -> float:
        """Return the height the paragraph takes, space before included."""
        return len(self.lines) * self.line_height + self.space_before


@dataclass(frozen=True)
class TextBox:
    """A box of text at (x, y), ``width`` × ``height``, with ``inset`` on every side.

    ``role`` 'title', 'subtitle' or 'body' puts the text in the slide layout's placeholder
    of that kind; '' makes a free text box. ``indent`` is the hanging indent of bullets.
    """

    name: str
    x: float
    y: float
    width: float
    height: float
    paragraphs: tuple[TextPara, ...]
    family: str
    inset: float = 0.0
    indent: float = 0.0
    align: str = "left"  # left | center | right
    anchor: str = "top"  # top | middle | bottom
    role: str = ""
    wrap: bool = True
    fill: str = ""
    line: str = ""

    @property
    def text_height(self) -> float:
        """Return the height of the text (without insets)."""
        return sum(p.height for p in self.paragraphs) - (self.paragraphs[0].space_before if self.paragraphs else 0)

    @property
    def text_width(self) -> float:
        """Return the width lines may take (inside insets and bullet indent)."""
        return self.width - 2 * self.inset - self.indent


@dataclass(frozen=True)
class Rect:
    """A filled rectangle (timeline ranges and bands, office bars)."""

    name: str
    x: float
    y: float
    width: float
    height: float
    fill: str
    line: str = ""
    dashed: bool = False
    shape: str = "rect"  # rect | diamond


@dataclass(frozen=True)
class Line:
    """A straight line (axis, ticks, leaders)."""

    name: str
    x0: float
    y0: float
    x1: float
    y1: float
    color: str
    width: float = 1.0
    dashed: bool = False


@dataclass(frozen=True)
class Group:
    """Shapes that move together: one timeline or succession figure, all editable."""

    name: str
    items: tuple[Union["Rect", "Line", "TextBox"], ...]


@dataclass(frozen=True)
class Cell:
    """A table cell: its text and the lines it wraps into."""

    text: str
    lines: tuple[str, ...]
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """A native table: column widths, rows (the first is the header) and their heights."""

    name: str
    x: float
    y: float
    widths: tuple[float, ...]
    heights: tuple[float, ...]
    rows: tuple[tuple[Cell, ...], ...]
    family: str
    size: float
    line_height: float
    inset: float
    color: str
    header_color: str
    stripe_color: str

    @property
    def width(self) -> float:
        """Return the table's width."""
        return sum(self.widths)

    @property
    def height(self) -> float:
        """Return the table's height."""
        return sum(self.heights)


@dataclass(frozen=True)
class Picture:
    """An image drawn inside the box (aspect kept, centred), with its alternative text."""

    name: str
    path: Path
    alt: str
    x: float
    y: float
    width: float
    height: float


Item = Union[TextBox, Rect, Line, Group, Table, Picture]


@dataclass(frozen=True)
class Slide:
    """One slide: which slide layout it uses, its title, its shapes and its speaker notes.

    ``layout`` is 'title' (Title Slide), 'content' (Title and Content: the body placeholder
    holds the one TextBox with role 'body') or 'title_only' (Title Only).
    """

    kind: str
    layout: str
    title: TextBox
    items: tuple[Item, ...]
    notes: tuple[tuple[Span, ...], ...]
    key: str = ""
    continued: bool = False

    def boxes(self) -> list[TextBox]:
        """Return every text box of the slide, those inside groups included, title first."""
        out = [self.title]
        for item in self.items:
            if isinstance(item, TextBox):
                out.append(item)
            elif isinstance(item, Group):
                out.extend(i for i in item.items if isinstance(i, TextBox))
        return out


@dataclass(frozen=True)
class DeckPlan:
    """A whole deck: size, font, colours, template, document properties and slides."""

    width: float
    height: float
    family: str
    slides: tuple[Slide, ...]
    title: str
    subject: str
    authors: tuple[str, ...]
    language: str
    template: Path | None
    background_color: str
    notes_size: float
    year: int  # the year the document properties give as created/modified (no clock)
    key_events: tuple[str, ...] = field(default=())
    template_at: Location | None = None  # where the layout names the template, for its messages


# ----------------------------------------------------------------------------- text helpers

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SEPARATORS = {"\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f"}


def clean_text(text: str) -> str:
    """Return ``text`` without characters XML cannot hold (threat 6).

    Line separators (vertical tab, form feed, information separators) become a space; other
    control characters, surrogates and U+FFFE/U+FFFF are dropped; CR LF and CR become LF.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _BAD_XML.sub(lambda m: " " if m.group(0) in _SEPARATORS else "", text)


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


_ABBREVIATIONS = {"c", "ca", "p", "pp", "st", "mr", "mrs", "dr", "vs", "no", "vol", "eds", "ed", "cf", "gen", "col"}
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")


def sentences(text: str) -> list[str]:
    """Return the sentences of a paragraph (no split after abbreviations, initials or before lowercase)."""
    text = _one_line(text)
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        head = text[start:m.start()]
        nxt = text[m.end():m.end() + 1]
        last_word = re.split(r"[\s(]", head.rstrip(".!?…\"'”’)]"))[-1] if head else ""
        if not nxt or not (nxt.isupper() or nxt in "\"“‘(«[0123456789"):
            continue
        if head.endswith(".") and (last_word.casefold().strip(".") in _ABBREVIATIONS or len(last_word) == 1):
            continue
        out.append(text[start:m.end()].strip())
        start = m.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def _runs_text(runs: Iterable[Run] | str) -> str:
    if isinstance(runs, str):
        return runs
    return "".join(r.text for r in runs)


def _spans(runs: Iterable[Run]) -> tuple[Span, ...]:
    return tuple(Span(clean_text(r.text).replace("\n", " "), r.bold, r.italic) for r in runs if r.citation is None and r.text)


def _prose_paragraphs(prose: Prose | None) -> list[str]:
    if not prose:
        return []
    out = []
    for para in prose.paragraphs:
        text = _one_line("".join(r.text for r in para if r.citation is None))
        if text:
            out.append(text)
    return out


def _prose_citations(*proses: Prose | None) -> list[Citation]:
    out: list[Citation] = []
    for prose in proses:
        if prose:
            out.extend(prose.citations())
    return out


# ----------------------------------------------------------------------------- layout access


def _layout_object(layout: Any) -> Any:
    """Return a layout object with typed getters, loading it when given a name or path."""
    if hasattr(layout, "length"):
        return layout
    from ..layouts import load_layout

    return load_layout(layout, kind="deck")


def _template_path(layout: Any) -> Path | None:
    """Return the template file the layout names, relative to the layout file that named it."""
    return layout.path("template")


@dataclass(frozen=True)
class _Look:
    """Everything the planner reads from the layout, read and checked once."""

    width: float
    height: float
    margin: float
    gap: float
    title_h: float
    family: str
    sizes: dict[str, float]
    spacing: float
    para_space: float
    colors: dict[str, str]
    slides: tuple[str, ...]
    key_importance: int
    tl_events: int
    tl_min_importance: int
    bullets: int
    lines: int
    table_rows: int
    continued: int
    title_lines: int
    tl_label_width: float
    tl_label_lines: int
    tl_lanes: int
    tl_split: str
    picture_share: float
    source_line: bool
    words: dict[str, str]
    template: Path | None
    has_template: bool
    where: dict[str, Location | None] = field(default_factory=dict)  # where the sizes were written


_SIZE_KEYS = ("title", "deck_title", "subtitle", "body", "meta", "table", "quote", "small", "timeline_label", "notes")
_COLOR_KEYS = (
    "background_color", "text_color", "title_color", "accent_color", "muted_color", "axis_color", "band_color",
    "marker_color", "bar_color", "bar_text_color", "table_header_color", "table_stripe_color", "table_line_color",
)
_WORD_KEYS = (
    "objectives", "timeline", "whos_who", "succession", "quote", "facts", "glossary", "questions", "sources",
    "continued", "notes_sources", "more_in_notes", "name", "native", "role", "life", "event", "figure", "value",
    "term", "meaning", "source",
)


def _look(layout: Any) -> _Look:
    problems: list[Problem] = []
    key_importance = int(layout.integer("limits.key_event_importance"))
    if key_importance not in (1, 2):
        problems.append(Problem(f"must be 1 or 2, not {key_importance}", path="limits.key_event_importance"))
    unknown = [s for s in layout.names("slides") if s not in SLIDE_KINDS]
    if unknown:
        problems.append(Problem(f"unknown slide kind {unknown[0]!r}; one of {', '.join(SLIDE_KINDS)}", path="slides"))
    split = str(layout.text("timeline.split"))
    if split not in ("rows", "filter"):
        problems.append(Problem(f"must be 'rows' or 'filter', not {split!r}", path="timeline.split"))
    for key in ("limits.timeline_events", "limits.bullets", "limits.lines", "limits.table_rows", "limits.title_lines"):
        if int(layout.integer(key)) < 1:
            problems.append(Problem("must be 1 or more", path=key))
    if problems:
        raise InputError(problems)
    template = _template_path(layout)
    return _Look(
        width=float(layout.length("slide.width")),
        height=float(layout.length("slide.height")),
        margin=float(layout.length("slide.margin")),
        gap=float(layout.length("slide.gap")),
        title_h=float(layout.length("slide.title_height")),
        family=str(layout.text("fonts.family")),
        sizes={k: float(layout.length(f"sizes.{k}")) for k in _SIZE_KEYS},
        spacing=float(layout.number("sizes.line_spacing")),
        para_space=float(layout.length("sizes.paragraph_space")),
        colors={k: str(layout.color(f"colors.{k}")) for k in _COLOR_KEYS},
        slides=tuple(layout.names("slides")),
        key_importance=key_importance,
        tl_events=int(layout.integer("limits.timeline_events")),
        tl_min_importance=int(layout.integer("limits.timeline_min_importance")),
        bullets=int(layout.integer("limits.bullets")),
        lines=int(layout.integer("limits.lines")),
        table_rows=int(layout.integer("limits.table_rows")),
        continued=max(0, int(layout.integer("limits.continued_slides"))),
        title_lines=int(layout.integer("limits.title_lines")),
        tl_label_width=float(layout.length("timeline.max_label_width")),
        tl_label_lines=int(layout.integer("timeline.max_label_lines")),
        tl_lanes=int(layout.integer("timeline.max_lanes")),
        tl_split=split,
        picture_share=float(layout.number("key_event.picture_share")),
        source_line=bool(layout.flag("key_event.source_line")),
        words={k: clean_text(str(layout.text(f"words.{k}"))) for k in _WORD_KEYS},
        template=template,
        has_template=template is not None,
        where={f"sizes.{k}": _locate(layout, f"sizes.{k}") for k in _SIZE_KEYS},
    )


def _locate(layout: Any, key: str) -> Location | None:
    """Return where a layout key was written (None for a layout object that does not know)."""
    locate = getattr(layout, "locate", None)
    return locate(key) if locate is not None else None


# ----------------------------------------------------------------------------- the planner


class _Planner:
    """Measures and places; one per deck."""

    def __init__(self, course: Course, period: Period, look: _Look) -> None:
        self.course = course
        self.period = period
        self.l = look
        self.family = look.family
        self.content_x = look.margin
        self.content_w = look.width - 2 * look.margin
        self.bottom = look.height - look.margin
        self.inset = 4.0

    # -- measuring
    def lh(self, size: float) -> float:
        return fonts.line_height(size, self.family) * self.l.spacing

    def width_of(self, text: str, size: float, bold: bool = False, italic: bool = False) -> float:
        return fonts.text_width(text, size, self.family, bold, italic)

    def wrap(self, text: str, size: float, width: float, bold: bool = False, italic: bool = False) -> tuple[str, ...]:
        text = _one_line(text)
        if not text:
            return ("",)
        return tuple(fonts.wrap(text, size, self.family, width * (1 - WRAP_SLACK), bold, italic))

    def ellipsise(self, text: str, size: float, width: float, bold: bool = False) -> str:
        limit = width * (1 - WRAP_SLACK)
        if self.width_of(text, size, bold) <= limit:
            return text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.width_of(text[:mid].rstrip() + "…", size, bold) <= limit:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…"

    def para(self, spans: Sequence[Span] | str, size: float, width: float, *, bold: bool = False, italic: bool = False,
             color: str = "", bullet: str = "", space_before: float = 0.0) -> TextPara:
        if isinstance(spans, str):
            spans = (Span(_one_line(spans)),)
        spans = tuple(spans)
        text = "".join(s.text for s in spans)
        return TextPara(spans, self.wrap(text, size, width, bold, italic), size, self.lh(size), bold, italic, color,
                        bullet, space_before)

    # -- common boxes
    def title_box(self, text: str, size: float | None = None) -> TextBox:
        size = size or self.l.sizes["title"]
        color = "" if self.l.has_template else self.l.colors["title_color"]
        inner = self.content_w - 2 * self.inset
        lines = self.wrap(text, size, inner, bold=True)
        if len(lines) > self.l.title_lines:
            keep = list(lines[: self.l.title_lines])
            keep[-1] = self.ellipsise(" ".join(lines[self.l.title_lines - 1:]), size, inner, bold=True)
            lines = tuple(keep)
        shown = " ".join(lines)
        para = TextPara((Span(shown),), lines, size, self.lh(size), True, False, color)
        height = max(self.l.title_h, len(lines) * para.line_height + 2 * self.inset)
        return TextBox("Title", self.content_x, self.l.margin * 0.6, self.content_w, height, (para,), self.family,
                       inset=self.inset, anchor="middle", role="title")

    def body_top(self, title: TextBox) -> float:
        return title.y + title.height + self.l.gap

    def text_box(self, name: str, x: float, y: float, width: float, paras: Sequence[TextPara], *, role: str = "",
                 indent: float = 0.0, align: str = "left", anchor: str = "top", height: float | None = None) -> TextBox:
        paras = tuple(paras)
        text_h = sum(p.height for p in paras) - (paras[0].space_before if paras else 0)
        h = height if height is not None else text_h + 2 * self.inset
        return TextBox(name, x, y, width, h, paras, self.family, inset=self.inset, indent=indent, align=align,
                       anchor=anchor, role=role)

    # -- paginating text
    def pages(self, items: Sequence[tuple[Sequence[Span] | str, str]], size: float, width: float, height: float,
              *, italic: bool = False, color: str = "", indent: float = 0.0) -> tuple[list[list[TextPara]], bool]:
        """Break (spans, bullet) paragraphs into pages that fit ``height`` and the layout's limits.

        Return the pages and whether text was left out (more pages than the layout allows). When
        the text needs several slides, the paragraphs are shared out evenly over the same number
        of slides, so a "(cont.)" slide does not hold a lone bullet.
        """
        args = (items, size, width, height, italic, color, indent)
        pages, cut = self._paginate(*args, self.l.bullets)
        if len(pages) > 1 and not cut:
            share = -(-len(items) // len(pages))
            if share < self.l.bullets:
                even, even_cut = self._paginate(*args, share)
                if len(even) == len(pages) and not even_cut:
                    pages = even
        return pages, cut

    def _paginate(self, items: Sequence[tuple[Sequence[Span] | str, str]], size: float, width: float, height: float,
                  italic: bool, color: str, indent: float, bullets: int) -> tuple[list[list[TextPara]], bool]:
        """Return pages of at most `bullets` paragraphs each (see :meth:`pages`)."""
        line_h = self.lh(size)
        inner_w = width - 2 * self.inset - indent
        inner_h = height - 2 * self.inset
        if int((inner_h + 1e-6) // line_h) < 1:
            raise self.too_tall(size, line_h, inner_h)
        max_lines = max(1, min(self.l.lines, int((inner_h + 1e-6) // line_h)))
        space = self.l.para_space
        pages: list[list[TextPara]] = []
        page: list[TextPara] = []
        used_lines = 0
        used_h = 0.0

        def flush() -> None:
            nonlocal page, used_lines, used_h
            if page:
                pages.append(page)
            page, used_lines, used_h = [], 0, 0.0

        for spans, bullet in items:
            para = self.para(spans, size, inner_w, italic=italic, color=color, bullet=bullet)
            lines = list(para.lines)
            first = True
            while lines:
                before = space if page else 0.0
                room_lines = min(max_lines - used_lines, int((inner_h - used_h - before + 1e-6) // line_h))
                if first and page and (len(page) >= bullets or room_lines < len(lines)):
                    flush()  # a paragraph starts on a fresh slide rather than break, unless it is too long for one
                    continue
                if room_lines <= 0:
                    if not page:  # an empty box with no room for one line: stop, never loop
                        raise self.too_tall(size, line_h, inner_h)
                    flush()
                    continue
                take = lines[:room_lines]
                whole = len(take) == len(lines) and first
                spans_here = para.spans if whole else (Span(" ".join(take)),)
                page.append(TextPara(tuple(spans_here), tuple(take), size, line_h, False, italic, color,
                                     bullet if first else "", before))
                used_lines += len(take)
                used_h += before + len(take) * line_h
                lines = lines[len(take):]
                first = False
                if lines:
                    flush()
        flush()
        cut = False
        most = 1 + self.l.continued
        if len(pages) > most:
            cut = True
            pages = pages[:most]
            last = pages[-1]
            more = self.para(self.l.words["more_in_notes"], size, inner_w, italic=True, color=self.l.colors["muted_color"],
                             space_before=space)
            while last and (sum(p.height for p in last) + more.height - last[0].space_before > inner_h
                            or sum(len(p.lines) for p in last) + len(more.lines) > max_lines):
                last.pop()
            if not last:
                more = TextPara(more.spans, more.lines, more.size, more.line_height, False, True, more.color, "", 0.0)
            last.append(more)
        return pages or [[]], cut

    def too_tall(self, size: float, line_h: float, inner_h: float) -> InputError:
        """Return the layout error for a line of type that no text box of a slide can hold."""
        key = next((f"sizes.{k}" for k in ("body", *_SIZE_KEYS) if self.l.sizes[k] == size), "sizes.body")
        return InputError([Problem(
            f"one line of {size:.4g}pt type needs {line_h:.4g}pt, but the text box on a {self.l.width:.4g} × "
            f"{self.l.height:.4g}pt slide is only {max(inner_h, 0):.4g}pt high inside",
            self.l.where.get(key), key,
            f"make {key} smaller, or slide.height larger, or slide.margin, slide.title_height or slide.gap smaller")])

    # -- notes
    def notes_citations(self, citations: Sequence[Citation]) -> list[tuple[Span, ...]]:
        from ..citations import full_note

        out: list[tuple[Span, ...]] = []
        seen: set[tuple[str, str]] = set()
        for c in citations:
            if (c.source, c.locator) in seen:
                continue
            seen.add((c.source, c.locator))
            out.append(_spans(full_note(self.course.source(c.source), c.locator)))
        if out:
            out.insert(0, (Span(self.l.words["notes_sources"], bold=True),))
        return out

    def short_line(self, citations: Sequence[Citation]) -> str:
        from ..citations import short_note

        seen: dict[str, None] = {}  # in order, each once (a list lookup was quadratic in the citations)
        for c in citations:
            seen.setdefault(_one_line(_runs_text(short_note(self.course.source(c.source), c.locator))))
        return " ".join(seen)


def _notes_from(*parts: Iterable[str] | str) -> list[tuple[Span, ...]]:
    out: list[tuple[Span, ...]] = []
    for part in parts:
        if isinstance(part, str):
            part = [part]
        out.extend((Span(_one_line(p)),) for p in part if _one_line(p))
    return out


# ----------------------------------------------------------------------------- slide builders


def _continued_title(p: _Planner, title: str, index: int) -> str:
    return title if index == 0 else f"{title} {p.l.words['continued']}"


def _title_slide(p: _Planner) -> list[Slide]:
    course, period, l = p.course, p.period, p.l
    text = _one_line(course.title)
    # A long course title steps down in size (to the slide-title size at least) before it is cut.
    size = l.sizes["deck_title"]
    while size > l.sizes["title"] and len(p.wrap(text, size, p.content_w - 2 * p.inset, bold=True)) > l.title_lines:
        size -= 1.0
    title = p.title_box(text, size)
    title = TextBox(title.name, title.x, l.height * 0.22, title.width, title.height, title.paragraphs, title.family,
                    inset=title.inset, align="center", anchor="bottom", role="title")
    inner = p.content_w - 2 * p.inset
    color = "" if l.has_template else l.colors["text_color"]
    muted = "" if l.has_template else l.colors["muted_color"]
    heading = f"{period.number}. {_one_line(period.title)}" if period.number else _one_line(period.title)
    paras = [p.para(heading, l.sizes["subtitle"], inner, bold=True, color=color),
             p.para(clean_text(period.span_text()), l.sizes["subtitle"], inner, color=muted, space_before=l.para_space)]
    if course.authors:
        paras.append(p.para(", ".join(_one_line(a) for a in course.authors), l.sizes["meta"], inner, color=muted,
                            space_before=l.para_space))
    sub = p.text_box("Subtitle", p.content_x, title.y + title.height + l.gap, p.content_w, paras, role="subtitle",
                     align="center")
    notes = _notes_from(_prose_paragraphs(period.summary)) + p.notes_citations(_prose_citations(period.summary))
    return [Slide("title", "title", title, (sub,), tuple(notes))]


def _bullet_slides(p: _Planner, kind: str, heading: str, items: Sequence[tuple[Sequence[Span] | str, str]],
                   notes: list[tuple[Span, ...]], key: str = "") -> list[Slide]:
    """Slides of bullets in the body placeholder, continued while they do not fit."""
    l = p.l
    title = p.title_box(heading)
    top = p.body_top(title)
    height = p.bottom - top
    indent = l.sizes["body"] * 1.1 if any(b for _, b in items) else 0.0
    color = "" if l.has_template else l.colors["text_color"]
    pages, cut = p.pages(items, l.sizes["body"], p.content_w, height, color=color, indent=indent)
    slides = []
    for i, page in enumerate(pages):
        t = title if i == 0 else p.title_box(_continued_title(p, heading, i))
        body = p.text_box("Body", p.content_x, top, p.content_w, page, role="body", indent=indent, height=height)
        slides.append(Slide(kind, "content", t, (body,), tuple(notes), key, i > 0))
    return slides


def _objectives(p: _Planner) -> list[Slide]:
    period = p.period
    items = [(_spans(o.runs), "•") for o in period.objectives if o]
    if not items:
        return []
    cites = _prose_citations(period.summary, *period.objectives)
    notes = _notes_from(_prose_paragraphs(period.summary)) + p.notes_citations(cites)
    if not notes:
        notes = _notes_from([o.plain() for o in period.objectives])
    return _bullet_slides(p, "objectives", p.l.words["objectives"], items, notes)


def _questions(p: _Planner) -> list[Slide]:
    period = p.period
    items = [(_spans(q.runs), "1.") for q in period.questions if q]
    if not items:
        return []
    notes = _notes_from(_prose_paragraphs(period.summary)) + p.notes_citations(
        _prose_citations(period.summary, *period.questions))
    if not notes:
        notes = _notes_from([q.plain() for q in period.questions])
    return _bullet_slides(p, "questions", p.l.words["questions"], items, notes)


def _event_citations(event: Event) -> list[Citation]:
    return list(event.cite) + _prose_citations(event.summary, event.details, event.note)


def _place_text(p: _Planner, event: Event) -> str:
    return ", ".join(p.course.place(pid).label for pid in event.places)


def _key_event(p: _Planner, event: Event) -> list[Slide]:
    l = p.l
    heading = _one_line(event.title)
    title = p.title_box(heading)
    top = p.body_top(title)
    muted = l.colors["muted_color"]
    meta_text = " · ".join(t for t in (clean_text(str(event.date)), _place_text(p, event)) if t)
    meta_para = p.para(meta_text, l.sizes["meta"], p.content_w - 2 * p.inset, italic=True, color=muted)
    meta = p.text_box("Date and place", p.content_x, top - l.gap / 2, p.content_w, [meta_para])
    body_top = meta.y + meta.height + l.gap / 2
    cites = _event_citations(event)
    foot_items: list[Item] = []
    bottom = p.bottom
    if l.source_line and cites:
        line = f"{l.words['source']} {p.short_line(cites)}"
        para = p.para(line, l.sizes["small"], p.content_w - 2 * p.inset, color=muted)
        lines = para.lines[:2]
        if len(para.lines) > 2:
            lines = (lines[0], p.ellipsise(" ".join(para.lines[1:]), l.sizes["small"], p.content_w - 2 * p.inset))
        para = TextPara((Span(" ".join(lines)),), lines, para.size, para.line_height, False, False, muted)
        foot = p.text_box("Source line", p.content_x, 0, p.content_w, [para])
        foot = TextBox(foot.name, foot.x, p.bottom - foot.height, foot.width, foot.height, foot.paragraphs,
                       foot.family, inset=foot.inset)
        foot_items.append(foot)
        bottom = foot.y - l.gap / 2
    height = bottom - body_top

    pictures: list[Item] = []
    body_w = p.content_w
    if event.image is not None:
        pic_w = p.content_w * l.picture_share
        body_w = p.content_w - pic_w - l.gap
        px = p.content_x + body_w + l.gap
        caption_bits = [t for t in (" ".join(_prose_paragraphs(event.image.caption)), _one_line(event.image.credit)) if t]
        cap_paras = []
        if caption_bits:
            cap = p.para(" — ".join(caption_bits), l.sizes["small"], pic_w - 2 * p.inset, italic=True, color=muted)
            lines = cap.lines[:3]
            if len(cap.lines) > 3:
                lines = lines[:2] + (p.ellipsise(" ".join(cap.lines[2:]), l.sizes["small"], pic_w - 2 * p.inset),)
            cap_paras.append(TextPara((Span(" ".join(lines)),), lines, cap.size, cap.line_height, False, True, muted))
        cap_box = p.text_box("Caption", px, 0, pic_w, cap_paras) if cap_paras else None
        cap_h = cap_box.height if cap_box else 0.0
        path = event.image.path
        if not path.is_absolute() and p.course.root is not None:
            path = p.course.root / path
        room_w, room_h = pic_w, max(20.0, height - cap_h)
        pic_w, pic_h = _fit_picture(path, room_w, room_h)
        pictures.append(Picture("Picture", path, clean_text(event.image.alt), px + (room_w - pic_w) / 2, body_top,
                                pic_w, pic_h))
        if cap_box:
            pictures.append(TextBox(cap_box.name, px, body_top + pic_h, room_w, cap_box.height, cap_box.paragraphs,
                                    cap_box.family, inset=cap_box.inset))

    items = [(s, "•") for para in _prose_paragraphs(event.summary) + _prose_paragraphs(event.details)
             for s in sentences(para)]
    if not items:
        items = [(heading, "•")]
    indent = l.sizes["body"] * 1.1
    color = "" if l.has_template else l.colors["text_color"]
    pages, cut = p.pages(items, l.sizes["body"], body_w, height, color=color, indent=indent)

    notes: list[tuple[Span, ...]] = []
    if cut:
        notes += _notes_from(_prose_paragraphs(event.summary))
    notes += _notes_from(_prose_paragraphs(event.details), _prose_paragraphs(event.note))
    if not notes:
        notes += _notes_from(_prose_paragraphs(event.summary))
    notes += p.notes_citations(cites)
    if not notes:
        notes = _notes_from(heading)
    slides = []
    for i, page in enumerate(pages):
        t = title if i == 0 else p.title_box(_continued_title(p, heading, i))
        w = body_w if i == 0 else p.content_w
        extra = pictures if i == 0 else []
        if i > 0 and event.image is not None:  # the picture's slide is over: use the full width
            page = _rewrap(p, page, w, indent)
        body = p.text_box("Body", p.content_x, body_top, w, page, role="body", indent=indent, height=height)
        slides.append(Slide("key_events", "content", t, (meta, body, *extra, *foot_items), tuple(notes), event.key,
                            i > 0))
    return slides


def _fit_picture(path: Path, width: float, height: float) -> tuple[float, float]:
    """Return the largest size of the picture, aspect kept, inside width × height (the box if unreadable)."""
    try:
        with PILImage.open(path) as im:
            px_w, px_h = im.size
    except (OSError, ValueError):
        return width, height
    scale = min(width / max(1, px_w), height / max(1, px_h))
    return px_w * scale, px_h * scale


def _rewrap(p: _Planner, page: list[TextPara], width: float, indent: float) -> list[TextPara]:
    """Re-measure paragraphs for a wider box (fewer or equal lines, so they still fit)."""
    inner = width - 2 * p.inset - indent
    return [TextPara(q.spans, p.wrap(q.text, q.size, inner, q.bold, q.italic), q.size, q.line_height, q.bold,
                     q.italic, q.color, q.bullet, q.space_before) for q in page]


def _key_events(p: _Planner) -> list[Slide]:
    out: list[Slide] = []
    for event in p.course.events_in(p.period):
        if event.importance <= p.l.key_importance:
            out.extend(_key_event(p, event))
    return out


# -- timeline


def _timeline(p: _Planner) -> list[Slide]:
    l = p.l
    events = p.course.events_in(p.period)
    if not events:
        return []
    heading = l.words["timeline"]
    title = p.title_box(heading)
    top = p.body_top(title)
    small = l.sizes["small"]
    note_h = p.lh(small) + 2 * p.inset
    label = l.sizes["timeline_label"]
    # A period whose events are all less important than the layout's filter still gets them
    # on its timeline: an empty axis would teach nothing.
    min_importance = max(l.tl_min_importance, min(e.importance for e in events))
    room = p.bottom - top - note_h - l.gap / 2
    need = 2 * fonts.line_height(label, p.family) + 2 * p.lh(small)  # a label row above, the dates below
    if room < need:
        raise InputError([Problem(
            f"the timeline slide has {max(room, 0):.4g}pt under its title, too little for a row of {label:.4g}pt "
            f"labels and {small:.4g}pt dates (about {need:.4g}pt)", l.where.get("sizes.timeline_label"),
            "sizes.timeline_label",
            "make sizes.timeline_label, sizes.small or slide.title_height smaller, or slide.height larger")])
    style = TimelineStyle(
        width=p.content_w, label_size=label, tick_size=small, line_height=fonts.line_height(label, p.family),
        max_label_width=l.tl_label_width, max_label_lines=l.tl_label_lines, max_lanes=l.tl_lanes,
        max_events=l.tl_events, min_importance=min_importance, split=l.tl_split,
        max_height=room,
    )
    tl_events = [TimelineEvent(e.key, _one_line(e.title), e.date, e.importance) for e in events]

    def measure(text: str, size: float) -> float:
        return fonts.text_width(text, size, p.family)

    figures = plan_timeline(tl_events, style, measure, start=p.period.start, end=p.period.end)
    slides = []
    for i, fig in enumerate(figures):
        heading_i = heading if len(figures) == 1 else f"{heading} ({i + 1}/{len(figures)})"
        t = title if i == 0 and len(figures) == 1 else p.title_box(heading_i)
        group = _timeline_group(p, fig, p.content_x, top, style)
        items: list[Item] = [group]
        if fig.note:
            text = p.ellipsise(clean_text(fig.note), small, p.content_w - 2 * p.inset)
            para = p.para(text, small, p.content_w - 2 * p.inset, italic=True, color=l.colors["muted_color"])
            para = TextPara(para.spans, para.lines[:1], para.size, para.line_height, False, True, para.color)
            items.append(p.text_box("Timeline note", p.content_x, p.bottom - note_h, p.content_w, [para]))
        shown = [p.course.event(lb.key) for lb in sorted(fig.labels, key=lambda lb: lb.x)]
        notes = [(Span(f"{clean_text(e.date.display('short'))}: {_one_line(e.title)}"),) for e in
                 sorted(shown, key=lambda e: (e.date.earliest_day, e.key))]
        if fig.hidden:
            hidden = [p.course.event(k) for k in fig.hidden]
            notes.append((Span("Not shown: " + "; ".join(_one_line(e.title) for e in hidden)),))
        notes += p.notes_citations([c for e in shown for c in _event_citations(e)])
        slides.append(Slide("timeline", "title_only", t, tuple(items), tuple(notes), f"timeline-{i + 1}"))
    return slides


def _timeline_group(p: _Planner, fig: TimelineFigure, ox: float, oy: float, style: TimelineStyle) -> Group:
    l = p.l
    c = l.colors
    items: list[Rect | Line | TextBox] = []
    for b in fig.bands:
        items.append(Rect(f"Band {b.key}", ox + b.x0, oy + b.y0, b.x1 - b.x0, b.y1 - b.y0, c["band_color"]))
    items.append(Line("Axis", ox, oy + fig.axis_y, ox + fig.width, oy + fig.axis_y, c["axis_color"], 1.5))
    tick_text_h = style.tick_size * 1.25
    for t in fig.ticks:
        length = style.tick_size * (0.5 if t.major else 0.3)
        items.append(Line("Tick", ox + t.x, oy + fig.axis_y, ox + t.x, oy + fig.axis_y + length, c["axis_color"], 1.0))
        if t.label:
            w = p.width_of(t.label, style.tick_size) + 2 * 2.0 + 4
            para = TextPara((Span(t.label),), (t.label,), style.tick_size, tick_text_h, color=c["muted_color"])
            items.append(TextBox(f"Tick {t.label}", ox + t.x - w / 2, oy + fig.axis_y + length + max(1.0, style.tick_size * 0.2),
                                 w, tick_text_h, (para,), p.family, inset=0.0, align="center", wrap=False))
    for lb in fig.labels:
        edge = lb.y + lb.height if lb.above else lb.y
        items.append(Line(f"Leader {lb.key}", ox + lb.anchor_x, oy + edge, ox + lb.anchor_x, oy + lb.anchor_y,
                          c["muted_color"], 0.75))
    for m in fig.markers:
        color = c["accent_color"] if m.importance == 1 else c["marker_color"]
        fuzzy = m.approximate or m.uncertain
        if m.kind == "point":
            items.append(Rect(f"Marker {m.key}", ox + m.x0 - m.height, oy + m.y - m.height, 2 * m.height,
                              2 * m.height, color, dashed=fuzzy, shape="diamond"))
        else:
            items.append(Rect(f"Marker {m.key}", ox + m.x0, oy + m.y - m.height / 2, max(1.0, m.x1 - m.x0), m.height,
                              color, line=color if fuzzy else "", dashed=fuzzy))
    for lb in fig.labels:
        color = c["accent_color"] if lb.importance == 1 else c["text_color"]
        date = TextPara((Span(lb.date_text),), (lb.date_text,), style.tick_size, lb.date_height, italic=True,
                        color=c["muted_color"], breaks=True)
        text = TextPara((Span(" ".join(lb.lines)),), tuple(lb.lines), style.label_size, style.line_height,
                        color=color, breaks=True)  # regular: the timeline measured it so
        items.append(TextBox(f"Label {lb.key}", ox + lb.x, oy + lb.y, lb.width, lb.height, (date, text), p.family,
                             inset=lb.padding, wrap=False, fill="" if p.l.has_template else c["background_color"]))
    return Group("Timeline", tuple(items))


# -- tables


def _table_slides(p: _Planner, kind: str, heading: str, header: Sequence[str], rows: Sequence[Sequence[str]],
                  fractions: Sequence[float], bold_first: bool, notes: list[tuple[Span, ...]]) -> list[Slide]:
    l = p.l
    size = l.sizes["table"]
    lh = p.lh(size)
    inset = 5.0
    widths = tuple(p.content_w * f / sum(fractions) for f in fractions)
    title = p.title_box(heading)
    top = p.body_top(title)
    room = p.bottom - top

    def row(cells: Sequence[str], head: bool) -> tuple[tuple[Cell, ...], float]:
        out = []
        for j, (text, w) in enumerate(zip(cells, widths)):
            bold = head or (bold_first and j == 0)
            text = _one_line(text)
            out.append(Cell(text, p.wrap(text, size, w - 2 * inset, bold) if text else ("",), bold))
        return tuple(out), max(len(c.lines) for c in out) * lh + 2 * inset

    head_row, head_h = row(header, True)
    measured = []
    for r in rows:
        cells, h = row(r, False)
        if h > room - head_h:  # one very long row: cut its cells to the room there is
            max_lines = max(1, int((room - head_h - 2 * inset) // lh))
            cells = tuple(Cell(c.text if len(c.lines) <= max_lines else " ".join(c.lines[:max_lines - 1] + (
                p.ellipsise(" ".join(c.lines[max_lines - 1:]), size, widths[j] - 2 * inset),)),
                c.lines if len(c.lines) <= max_lines else c.lines[:max_lines - 1] + (
                    p.ellipsise(" ".join(c.lines[max_lines - 1:]), size, widths[j] - 2 * inset),), c.bold)
                for j, c in enumerate(cells))
            h = max(len(c.lines) for c in cells) * lh + 2 * inset
        measured.append((cells, h))

    def paginate(limit: int) -> list[list[tuple[tuple[Cell, ...], float]]]:
        pages: list[list[tuple[tuple[Cell, ...], float]]] = [[]]
        used = head_h
        for cells, h in measured:
            if pages[-1] and (used + h > room or len(pages[-1]) >= limit):
                pages.append([])
                used = head_h
            pages[-1].append((cells, h))
            used += h
        return pages

    pages = paginate(l.table_rows)
    if len(pages) > 1:  # share the rows out evenly rather than leave one row on the last slide
        even = paginate(-(-len(measured) // len(pages)))
        if len(even) == len(pages):
            pages = even
    slides = []
    color = l.colors["text_color"]
    for i, page in enumerate(pages):
        if not page:
            continue
        t = title if i == 0 else p.title_box(_continued_title(p, heading, i))
        table = Table(heading, p.content_x, top, widths, (head_h, *(h for _, h in page)),
                      (head_row, *(c for c, _ in page)), p.family, size, lh, inset, color,
                      l.colors["table_header_color"], l.colors["table_stripe_color"])
        slides.append(Slide(kind, "title_only", t, (table,), tuple(notes), kind, i > 0))
    return slides


def _term_text(p: _Planner, office_id: str, start: Any, end: Any) -> str:
    label = _one_line(p.course.office(office_id).label)
    a = start.display("short") if start else "?"
    b = end.display("short") if end else ""
    return f"{label} ({a} – {b})" if b else f"{label} (from {a})"


def _whos_who(p: _Planner) -> list[Slide]:
    l = p.l
    people = p.course.people_in(p.period)
    if not people:
        return []
    first, last = p.period.first_day, p.period.last_day
    has_native = any(x.native and x.native != x.name for x in people)
    rows = []
    notes: list[tuple[Span, ...]] = []
    cites: list[Citation] = []
    for person in people:
        roles = [_term_text(p, t.office, t.start, t.end) for t in person.terms if t.overlaps_days(first, last)]
        if not roles and person.summary:
            first_para = _prose_paragraphs(person.summary)
            roles = [sentences(first_para[0])[0]] if first_para else []
        born = person.born.year_label() if person.born else ""
        died = person.died.year_label() if person.died else ""
        life = f"{born}–{died}" if born and died else (f"b. {born}" if born else (f"d. {died}" if died else ""))
        row = [person.name] + ([person.native if person.native != person.name else ""] if has_native else []) + [
            "; ".join(roles), life]
        rows.append([clean_text(c) for c in row])
        summary = " ".join(_prose_paragraphs(person.summary))
        notes.append((Span(_one_line(person.name) + ": ", bold=True), Span(summary or "; ".join(roles) or life)))
        cites += _prose_citations(person.summary)
    header = [l.words["name"]] + ([l.words["native"]] if has_native else []) + [l.words["role"], l.words["life"]]
    fractions = [3, 3, 5, 2] if has_native else [3, 6, 2]
    return _table_slides(p, "whos_who", l.words["whos_who"], header, rows, fractions, True,
                         notes + p.notes_citations(cites))


def _facts(p: _Planner) -> list[Slide]:
    l = p.l
    rows = []
    cites: list[Citation] = []
    for event in p.course.events_in(p.period):
        for fact in event.facts:
            rows.append([clean_text(event.title), clean_text(fact.label), clean_text(fact.value)])
        if event.facts:
            cites += _event_citations(event)
    if not rows:
        return []
    notes = _notes_from([f"{r[0]} — {r[1]}: {r[2]}" for r in rows]) + p.notes_citations(cites)
    return _table_slides(p, "facts", l.words["facts"], [l.words["event"], l.words["figure"], l.words["value"]], rows,
                         [5, 4, 2], False, notes)


def _period_texts(p: _Planner) -> list[str]:
    texts = [p.period.title]
    for prose in (p.period.summary, *p.period.objectives, *p.period.questions):
        if prose:
            texts.append(prose.plain())
    for e in p.course.events_in(p.period):
        texts.append(e.title)
        for prose in (e.summary, e.details, e.note):
            if prose:
                texts.append(prose.plain())
    for q in p.course.quotes_in(p.period):
        texts.append(q.text.plain())
    return texts


def _glossary(p: _Planner) -> list[Slide]:
    l = p.l
    entries = p.course.glossary_for(_period_texts(p))
    if not entries:
        return []
    rows = [[clean_text(e.term), " ".join(_prose_paragraphs(e.definition))] for e in entries]
    notes = [(Span(_one_line(e.term) + ": ", bold=True), Span(" ".join(_prose_paragraphs(e.definition))))
             for e in entries]
    notes += p.notes_citations(_prose_citations(*(e.definition for e in entries)))
    return _table_slides(p, "glossary", l.words["glossary"], [l.words["term"], l.words["meaning"]], rows, [1, 3],
                         True, notes)


def _quotes(p: _Planner) -> list[Slide]:
    l = p.l
    slides: list[Slide] = []
    for i, quote in enumerate(p.course.quotes_in(p.period)):
        speaker = _one_line(quote.speaker)
        heading = speaker or l.words["quote"]
        title = p.title_box(heading)
        top = p.body_top(title)
        attribution = "— " + ", ".join(t for t in (speaker, clean_text(str(quote.date)) if quote.date else "") if t)
        attr_para = p.para(attribution, l.sizes["meta"], p.content_w - 2 * p.inset, color=l.colors["muted_color"])
        attr = p.text_box("Attribution", p.content_x, 0, p.content_w, [attr_para], align="right")
        attr = TextBox(attr.name, attr.x, p.bottom - attr.height, attr.width, attr.height, attr.paragraphs,
                       attr.family, inset=attr.inset, align="right")
        height = attr.y - l.gap / 2 - top
        paras = _prose_paragraphs(quote.text)
        items: list[tuple[Sequence[Span] | str, str]] = []
        for j, text in enumerate(paras):
            opening = "“" if j == 0 else ""
            closing = "”" if j == len(paras) - 1 else ""
            items.append((f"{opening}{text}{closing}", ""))
        color = "" if l.has_template else l.colors["text_color"]
        pages, cut = p.pages(items, l.sizes["quote"], p.content_w, height, italic=True, color=color)
        notes = []
        if cut:
            notes += _notes_from(paras)
        notes += _notes_from(_prose_paragraphs(quote.context))
        notes += p.notes_citations(list(quote.cite) + _prose_citations(quote.text, quote.context))
        if not notes:
            notes = _notes_from(paras)
        for k, page in enumerate(pages):
            t = title if k == 0 else p.title_box(_continued_title(p, heading, k))
            body = p.text_box("Quotation", p.content_x, top, p.content_w, page, height=height, anchor="middle")
            slides.append(Slide("quotes", "title_only", t, (body, attr), tuple(notes), quote.id or f"quote-{i + 1}",
                                k > 0))
    return slides


def _succession(p: _Planner) -> list[Slide]:
    l = p.l
    c = l.colors
    period = p.period
    first, last = period.first_day, period.last_day + 1
    offices = [(o, p.course.office_holders(o.id, period)) for o in p.course.offices]
    offices = [(o, terms) for o, terms in offices if terms]
    if not offices:
        return []
    heading = l.words["succession"]
    title = p.title_box(heading)
    top = p.body_top(title)
    size = l.sizes["table"]
    small = l.sizes["small"]
    bar_h = p.lh(size) + 6
    lane_h = p.lh(small)
    label_w = p.content_w * 0.24
    x0 = p.content_x + label_w + l.gap
    x1 = p.content_x + p.content_w
    axis_h = lane_h + 8

    def x(day: float) -> float:
        return x0 + (x1 - x0) * (day - first) / max(1, last - first)

    def row_items(office: Any, terms: Sequence[Any], y: float) -> tuple[list[Rect | Line | TextBox], float]:
        items: list[Rect | Line | TextBox] = []
        name_lines = p.wrap(_one_line(office.label), size, label_w - 2 * p.inset, bold=True)[:2]
        lanes: list[float] = []
        placed: list[tuple[str, float, float, int]] = []
        starts = [t.bounds()[0] for t in terms]
        for k, t in enumerate(terms):
            lo, hi = t.bounds()
            a = x(max(lo if lo is not None else first, first))
            b = x(min(hi + 1 if hi is not None else last, last))
            later = [st for st in starts[k + 1:] if st is not None and (lo is None or st > lo)]
            if later:  # a fuzzy end overlapping the successor's start: the successor's start ends the bar
                b = min(b, max(a, x(min(later))))
            b = max(b, a + 3.0)
            person = _one_line(p.course.person(t.person).name)
            items.append(Rect(f"Bar {t.person}", a, y, b - a, bar_h, c["bar_color"], line=c["background_color"]))
            inner = b - a - 2 * p.inset
            if p.width_of(person, size, True) <= inner * (1 - WRAP_SLACK):
                para = TextPara((Span(person),), (person,), size, p.lh(size), True, False, c["bar_text_color"])
                items.append(TextBox(f"Name {t.person}", a, y, b - a, bar_h, (para,), p.family, inset=2.0,
                                     align="center", anchor="middle", wrap=False))
                continue
            w = p.width_of(person, small) + 4
            cx = (a + b) / 2
            lx = min(max(cx - w / 2, x0), x1 - w)
            lane = next((k for k, end in enumerate(lanes) if end + 4 <= lx), None)
            if lane is None and len(lanes) < 2:
                lanes.append(0.0)
                lane = len(lanes) - 1
            if lane is None:
                lane = min(range(len(lanes)), key=lambda k: lanes[k])
                lx = max(lx, lanes[lane] + 4)
                room = x1 - lx
                if room < p.width_of("Mm…", small) + 4:
                    continue  # no room left in this row: the name is in the notes
                person = p.ellipsise(person, small, room - 4)
                w = min(w, room)
            lanes[lane] = lx + w
            placed.append((person, lx, w, lane))
        for person, lx, w, lane in placed:
            para = TextPara((Span(person),), (person,), small, lane_h, False, False, c["text_color"])
            items.append(TextBox(f"Name {person}", lx, y + bar_h + lane * lane_h, w, lane_h, (para,), p.family,
                                 inset=0.0, wrap=False))
        row_h = max(bar_h + len(lanes) * lane_h, len(name_lines) * p.lh(size) + 2 * p.inset) + l.gap
        para = TextPara((Span(" ".join(name_lines)),), name_lines, size, p.lh(size), True, False, c["text_color"])
        items.insert(0, TextBox(f"Office {office.id}", p.content_x, y, label_w, row_h - l.gap, (para,), p.family,
                                inset=p.inset, anchor="top"))
        return items, row_h

    pages: list[list[Rect | Line | TextBox]] = [[]]
    y = top
    for office, terms in offices:
        items, h = row_items(office, terms, y)
        if pages[-1] and y + h > p.bottom - axis_h:
            pages.append([])
            y = top
            items, h = row_items(office, terms, y)
        pages[-1].extend(items)
        y += h
        pages[-1].append(Line("Row rule", p.content_x, y - l.gap / 2, x1, y - l.gap / 2, c["table_line_color"], 0.5))
    notes = []
    for office, terms in offices:
        notes.append((Span(_one_line(office.title) + ": ", bold=True),
                      Span("; ".join(f"{_one_line(p.course.person(t.person).name)} "
                                     f"({t.start.display('short') if t.start else '?'} – "
                                     f"{t.end.display('short') if t.end else ''})" for t in terms))))
    notes += p.notes_citations(_prose_citations(*(t.note for _, terms in offices for t in terms)))
    slides = []
    for i, page in enumerate(pages):
        ys = [it.y + it.height for it in page if isinstance(it, (Rect, TextBox))]
        axis_y = max(ys) + 4 if ys else top
        page = list(page)
        page.append(Line("Axis", x0, axis_y, x1, axis_y, c["axis_color"], 1.0))
        for text, xx, align in ((clean_text(period.start.display("short")), x0, "left"),
                                (clean_text(period.end.display("short")), x1, "right")):
            w = p.width_of(text, small) + 4
            para = TextPara((Span(text),), (text,), small, lane_h, False, False, c["muted_color"])
            page.append(TextBox(f"Axis {align}", xx if align == "left" else xx - w, axis_y + 2, w, lane_h, (para,),
                                p.family, inset=0.0, align=align, wrap=False))
        t = title if i == 0 else p.title_box(_continued_title(p, heading, i))
        slides.append(Slide("succession", "title_only", t, (Group("Succession", tuple(page)),), tuple(notes),
                            "succession", i > 0))
    return slides


def _sources(p: _Planner, slides: Sequence[Slide]) -> list[Slide]:
    from ..citations import bibliography

    ids: list[str] = []
    for c in _all_citations(p):
        if c.source not in ids:
            ids.append(c.source)
    if not ids:
        return []
    entries = bibliography(p.course, ids)
    items = [(_spans(runs), "") for _, runs in entries]
    l = p.l
    title = p.title_box(l.words["sources"])
    top = p.body_top(title)
    height = p.bottom - top
    color = "" if l.has_template else l.colors["text_color"]
    pages, _ = p.pages(items, l.sizes["table"], p.content_w, height, color=color)
    notes = [(Span(f"{len(entries)} sources are cited in this deck; the notes of each slide give the exact places."),)]
    notes += [tuple(_spans(runs)) for _, runs in entries]
    out = []
    for i, page in enumerate(pages):
        t = title if i == 0 else p.title_box(_continued_title(p, l.words["sources"], i))
        body = p.text_box("Body", p.content_x, top, p.content_w, page, role="body", height=height)
        out.append(Slide("sources", "content", t, (body,), tuple(notes), "sources", i > 0))
    return out


def _all_citations(p: _Planner) -> list[Citation]:
    period = p.period
    out = _prose_citations(period.summary, *period.objectives, *period.questions)
    for e in p.course.events_in(period):
        out += _event_citations(e)
    for q in p.course.quotes_in(period):
        out += list(q.cite) + _prose_citations(q.text, q.context)
    return out


# ----------------------------------------------------------------------------- coverage


def _coverage_items(course: Course, period: Period, look: _Look) -> list[tuple[str, str]]:
    items = [(str(a), str(b)) for a, b in course_texts(course, period)]
    items += [(f"words.{k}", v) for k, v in look.words.items()]
    return [(path, clean_text(text)) for path, text in items]


# ----------------------------------------------------------------------------- entry point

_BUILDERS = {
    "title": _title_slide,
    "objectives": _objectives,
    "timeline": _timeline,
    "key_events": _key_events,
    "whos_who": _whos_who,
    "succession": _succession,
    "quotes": _quotes,
    "facts": _facts,
    "glossary": _glossary,
    "questions": _questions,
}


def _year(course: Course) -> int:
    """Return a fixed year for the document properties: the newest source's year, or 1980."""
    years = [s.issued.latest[0] for s in course.sources if s.issued is not None]
    years = [y for y in years if 1980 <= y <= 2099]
    return max(years) if years else 1980


def plan_deck(course: Course, period: Period, layout: Any = "deck-16x9") -> DeckPlan:
    """Return the plan of the deck of ``period``: slides, boxes, measured text and notes.

    ``layout`` is a loaded layout or a layout name/path. Raises InputError when the layout's
    values are out of range, RenderError when the font cannot print a text of the course
    (the message lists every field and character).
    """
    layout = _layout_object(layout)
    look = _look(layout)
    chars = course_characters(course).union(*look.words.values())  # gathered once per course
    if first_right_to_left("".join(chars)) is not None:  # whatever the font: slides are set left to right only
        rtl = right_to_left_problems(_coverage_items(course, period, look), course.locations)
        if rtl:
            raise InputError(rtl)
    problems = [] if fonts.covers(chars, look.family) else fonts.check_coverage(
        _coverage_items(course, period, look), look.family,
        styles=((False, False), (True, False), (False, True)), locations=course.locations)
    if problems:
        raise RenderError(
            f"the deck font {look.family} cannot print {len(problems)} text(s) of the course:\n"
            + "\n".join(str(pr) for pr in problems)
        )
    planner = _Planner(course, period, look)
    slides: list[Slide] = []
    for kind in look.slides:
        if kind == "sources":
            slides.extend(_sources(planner, slides))
        else:
            slides.extend(_BUILDERS[kind](planner))
    key = tuple(e.key for e in course.events_in(period) if e.importance <= look.key_importance)
    return DeckPlan(
        width=look.width,
        height=look.height,
        family=fonts.font_family(look.family).name,
        slides=tuple(slides),
        title=clean_text(f"{course.title}: {period.title}"),
        subject=clean_text(period.title),
        authors=tuple(clean_text(a) for a in course.authors),
        language=course.language,
        template=look.template,
        background_color="" if look.has_template else look.colors["background_color"],
        notes_size=look.sizes["notes"],
        year=_year(course),
        key_events=key,
        template_at=_locate(layout, "template") if look.template is not None else None,
    )
