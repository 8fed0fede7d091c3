"""Range checks of a layout's numbers, run when the layout is read.

A length, size or count that no page or slide can honour (a negative margin, margins wider
than the paper, a 0 pt font, line spacing smaller than the text, a slide 3 m wide) is refused
here with the file, line and column of the key, instead of surfacing later as a traceback, an
empty page or a loop that never ends. Only keys the layout has are checked, so a test root
with fewer keys is checked as far as it goes. The bounds are stated in ``layouts/README.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from .errors import Location, Problem

if TYPE_CHECKING:
    from .layouts import Layout

__all__ = [
    "check_ranges",
    "MAX_FONT_SIZE",
    "MAX_LENGTH",
    "MAX_SLIDE",
    "MIN_FONT_SIZE",
    "MIN_SLIDE",
    "MIN_TEXT_AREA",
]

INCH = 72.0
MIN_SLIDE = 1 * INCH
"""Smallest slide side PowerPoint accepts (1 in)."""
MAX_SLIDE = 56 * INCH
"""Largest slide side PowerPoint accepts (56 in)."""
MAX_LENGTH = MAX_SLIDE
"""No length in a layout may be longer than the largest slide (56 in)."""
MIN_FONT_SIZE = 4.0
"""Smallest type size, in points: below it nothing printed is readable."""
MAX_FONT_SIZE = 144.0
"""Largest type size, in points (2 in): a bigger letter fits no page and no slide's text."""
MIN_TEXT_AREA = 2 * INCH
"""The margins of a handout must leave at least this much width and height for text."""
LINE_FACTOR = 1.2
"""A line of type is taken to need at least this multiple of its size (the fonts need more)."""

_LIMITS_HANDOUT_INT = {
    "events.max_importance": (1, 3),
    "timeline.min_importance": (1, 3),
    "timeline.course_min_importance": (1, 3),
    "timeline.label_lines": (1, 20),
    "timeline.lanes": (1, 20),
    "timeline.max_events": (0, 1000),
    "questions.lines": (0, 50),
}
_LIMITS_DECK_INT = {
    "limits.key_event_importance": (1, 2),
    "limits.timeline_events": (1, 100),
    "limits.timeline_min_importance": (1, 3),
    "limits.bullets": (1, 100),
    "limits.lines": (1, 200),
    "limits.table_rows": (1, 100),
    "limits.continued_slides": (0, 50),
    "limits.title_lines": (1, 10),
    "timeline.max_label_lines": (1, 20),
    "timeline.max_lanes": (1, 20),
}
_LIMITS_NUMBER = {
    "sizes.line_spacing": (0.5, 3.0, "line spacing"),
    "key_event.picture_share": (0.1, 0.9, "the picture's share of the slide width"),
}
_FONT_KEYS = {
    "handout": ("sizes.body", "sizes.title", "sizes.subtitle", "sizes.span", "sizes.heading", "sizes.event_title",
                "sizes.event_date", "sizes.small", "sizes.header", "sizes.quote", "footnotes.size",
                "timeline.label_size", "timeline.tick_size"),
    "deck": ("sizes.title", "sizes.deck_title", "sizes.subtitle", "sizes.body", "sizes.meta", "sizes.table",
             "sizes.quote", "sizes.small", "sizes.timeline_label", "sizes.notes"),
}
_POSITIVE = {
    "handout": ("sizes.leading", "footnotes.leading", "timeline.line_height", "timeline.label_width",
                "timeline.max_height", "events.image_height", "people.succession_row",
                "people.succession_label_width", "questions.line_spacing"),
    "deck": ("slide.title_height", "timeline.max_label_width"),
}
"""Lengths that must be more than zero (others may be 0, none negative)."""
_LEADING = {
    "handout": (("sizes.leading", "sizes.body"), ("footnotes.leading", "footnotes.size"),
                ("timeline.line_height", "timeline.label_size")),
    "deck": (),
}
"""Line spacings that must fit one line of their type size."""


_SLIDE_SIDES = ("slide.width", "slide.height")


def _pt(value: float) -> str:
    return f"{value:.4g}pt"


class _Checker:
    """Collect the range problems of one layout."""

    def __init__(self, layout: Layout, written: Mapping[str, str], top: Path) -> None:
        self.layout = layout
        self.written = written
        self.top = top.resolve()
        self.problems: list[Problem] = []
        self.flagged: set[str] = set()

    def has(self, key: str, *types: str) -> bool:
        return self.layout.types.get(key) in types

    def where(self, key: str) -> Location | None:
        return self.layout.locate(key)

    def shown(self, key: str) -> str:
        text = self.written.get(key, "").strip()
        return repr(text if len(text) <= 40 else text[:37] + "...") if text else "an empty value"

    def add(self, key: str, message: str, hint: str = "") -> None:
        if key in self.flagged:
            return  # one problem per key: the first (plainest) one
        self.flagged.add(key)
        self.problems.append(Problem(message, self.where(key), key, hint))

    def mine(self, keys: tuple[str, ...]) -> str:
        """Return the key to blame for a combination: one the top layout file set, else the first."""
        for key in keys:
            if self.layout.origins.get(key, Path()).resolve() == self.top:
                return key
        return keys[0]

    def length(self, key: str) -> float | None:
        return self.layout.length(key) if self.has(key, "length") else None

    # -- single values
    def every_length(self) -> None:
        for key, kind in self.layout.types.items():
            if kind != "length":
                continue
            value = self.layout.length(key)
            if value < 0:
                word = "a margin" if ".margin" in key else "a length"
                self.add(key, f"{word} cannot be negative: {self.shown(key)}", "use 0 or more, like 12pt")
            elif value > MAX_LENGTH and key not in _SLIDE_SIDES:  # those get their own, plainer message
                self.add(key, f"a length here must be 56in (4032pt) or less, not {self.shown(key)}")
        for key, kind in self.layout.types.items():
            if kind == "lengths":
                for value in self.layout.items(key):
                    if not 0 <= float(value) <= MAX_LENGTH:  # type: ignore[arg-type]
                        self.add(key, "every length in this list must be from 0 to 56in (4032pt)")

    def fonts(self, kind: str) -> None:
        for key in _FONT_KEYS.get(kind, ()):
            value = self.length(key)
            if value is not None and not MIN_FONT_SIZE <= value <= MAX_FONT_SIZE:
                self.add(key, f"a type size must be from {_pt(MIN_FONT_SIZE)} to {_pt(MAX_FONT_SIZE)}, "
                              f"not {self.shown(key)}")

    def positive(self, kind: str) -> None:
        for key in _POSITIVE.get(kind, ()):
            value = self.length(key)
            if value is not None and value <= 0:
                self.add(key, f"must be more than 0, not {self.shown(key)}")

    def integers(self, limits: Mapping[str, tuple[int, int]]) -> None:
        for key, (low, high) in limits.items():
            if self.has(key, "integer"):
                value = self.layout.integer(key)
                if not low <= value <= high:
                    self.add(key, f"must be a whole number from {low} to {high}, not {self.shown(key)}")
        for key, kind in self.layout.types.items():
            if kind == "integer" and key not in limits and self.layout.integer(key) < 0:
                self.add(key, f"cannot be negative: {self.shown(key)}")

    def numbers(self) -> None:
        for key, (low, high, what) in _LIMITS_NUMBER.items():
            if self.has(key, "number"):
                value = self.layout.number(key)
                if not low <= value <= high:
                    self.add(key, f"{what} must be from {low:g} to {high:g}, not {self.shown(key)}")
        for key, kind in self.layout.types.items():
            if kind == "number" and key not in _LIMITS_NUMBER and self.layout.number(key) < 0:
                self.add(key, f"cannot be negative: {self.shown(key)}")

    def leading(self, kind: str) -> None:
        for spacing, size in _LEADING.get(kind, ()):
            line, type_size = self.length(spacing), self.length(size)
            if line is not None and type_size is not None and type_size > 0 and line > 4 * type_size:
                self.add(spacing, f"line spacing {self.shown(spacing)} is more than 4 × its {_pt(type_size)} type "
                                  f"({size})", f"make it at most {_pt(4 * type_size)}, usually about 1.3 × the size")
            if line is not None and type_size is not None and 0 < line < type_size:
                self.add(spacing, f"line spacing {self.shown(spacing)} cannot fit one line of {_pt(type_size)} "
                                  f"type ({size})", f"make it at least {_pt(type_size)}, usually about 1.3 × the size")

    # -- combinations
    def handout_page(self) -> None:
        keys = ("page.size", "page.orientation", "page.margins.left", "page.margins.right", "page.margins.top",
                "page.margins.bottom")
        if not all(k in self.layout.types for k in keys) or self.flagged & set(keys):
            return
        from .plan.handout import PAGE_SIZES

        paper = self.layout.text("page.size")
        if paper not in PAGE_SIZES:
            return
        width, height = PAGE_SIZES[paper]
        if self.layout.text("page.orientation") == "landscape":
            width, height = height, width
        left, right = self.layout.length("page.margins.left"), self.layout.length("page.margins.right")
        top, bottom = self.layout.length("page.margins.top"), self.layout.length("page.margins.bottom")
        room_w = width - left - right
        if room_w < MIN_TEXT_AREA:
            key = self.mine(("page.margins.left", "page.margins.right") if left >= right
                            else ("page.margins.right", "page.margins.left"))
            self.add(key, f"the left and right margins ({self.shown('page.margins.left')} + "
                          f"{self.shown('page.margins.right')}) leave {_pt(max(room_w, 0))} of "
                          f"the {_pt(width)} page width for text; at least 2in (144pt) is needed",
                     "make the margins smaller")
            return
        bars = 0.0
        for part, gap in (("header", "page.header_gap"), ("footer", "page.footer_gap")):
            if self.has(f"{part}.show", "boolean") and self.layout.flag(f"{part}.show"):
                bars += (self.length("sizes.header") or 0.0) * LINE_FACTOR + (self.length(gap) or 0.0)
        room_h = height - top - bottom - bars
        if room_h < MIN_TEXT_AREA and height - top - bottom >= MIN_TEXT_AREA:
            gaps = [k for k in ("page.header_gap", "page.footer_gap")
                    if self.has(k, "length") and self.layout.origins.get(k, Path()).resolve() == self.top]
            if gaps:  # the user's own gaps took the room (else the margins they set are blamed below)
                key = self.mine(tuple(sorted(gaps, key=lambda k: -self.layout.length(k))))
                self.add(key, f"the header and footer with their gaps ({self.shown('page.header_gap')} and "
                              f"{self.shown('page.footer_gap')}) leave {_pt(max(room_h, 0))} of the page height "
                              "for text; at least 2in (144pt) is needed", "make the gap smaller")
                return
        if room_h < MIN_TEXT_AREA:
            key = self.mine(("page.margins.top", "page.margins.bottom") if top >= bottom
                            else ("page.margins.bottom", "page.margins.top"))
            self.add(key, f"the top and bottom margins ({self.shown('page.margins.top')} + "
                          f"{self.shown('page.margins.bottom')}) and the header and footer leave "
                          f"{_pt(max(room_h, 0))} of the {_pt(height)} page height for text; at least 2in (144pt) "
                          "is needed", "make the margins (or page.header_gap and page.footer_gap) smaller")
            return
        image = self.length("events.image_height")
        if image is not None and image > room_h:
            self.add("events.image_height", f"an image of {self.shown('events.image_height')} cannot fit the "
                     f"{_pt(room_h)} of text height a page has", f"make it {_pt(room_h)} or less")
        for key in ("timeline.label_width", "people.succession_label_width", "quotes.indent", "footnotes.rule_width"):
            value = self.length(key)
            if value is not None and value > room_w and key not in self.flagged:
                self.add(key, f"{self.shown(key)} is wider than the {_pt(room_w)} of text width a page has",
                         f"make it {_pt(room_w)} or less")

    def deck_slide(self) -> None:
        for key, what in (("slide.width", "slide width"), ("slide.height", "slide height")):
            value = self.length(key)
            if value is not None and not MIN_SLIDE <= value <= MAX_SLIDE:
                self.add(key, f"the {what} must be from 1in (72pt) to 56in (4032pt), not {self.shown(key)}",
                         "PowerPoint cannot show a slide outside these sizes")
        keys = ("slide.width", "slide.height", "slide.margin", "slide.gap", "slide.title_height", "sizes.body")
        if not all(self.has(k, "length") for k in keys) or self.flagged & set(keys):
            return
        width, height = self.layout.length("slide.width"), self.layout.length("slide.height")
        margin, gap = self.layout.length("slide.margin"), self.layout.length("slide.gap")
        title_h, body = self.layout.length("slide.title_height"), self.layout.length("sizes.body")
        spacing = self.layout.number("sizes.line_spacing") if self.has("sizes.line_spacing", "number") else 1.0
        if width - 2 * margin < INCH:
            self.add(self.mine(("slide.margin", "slide.width")),
                     f"a margin of {_pt(margin)} on a {_pt(width)} wide slide leaves {_pt(max(width - 2 * margin, 0))}"
                     " for text; at least 1in (72pt) is needed", "make slide.margin smaller or slide.width larger")
            return
        for key in _FONT_KEYS["deck"]:  # one letter must fit across the slide (timeline ticks need it)
            size = self.length(key)
            if size is not None and size > width - 2 * margin and key not in self.flagged:
                self.add(key, f"type of {self.shown(key)} is wider than the {_pt(width - 2 * margin)} a slide has "
                              "between its margins", "make it smaller, or the slide wider")
        # the body box runs from under the title (at 0.6 × margin) to the bottom margin; 8pt of insets
        room = height - 1.6 * margin - title_h - gap - 8.0
        line = body * LINE_FACTOR * spacing
        if room < line:
            key = self.mine(("slide.height", "slide.margin", "slide.title_height", "slide.gap", "sizes.body"))
            self.add(key, f"a slide {_pt(height)} high, with margin {_pt(margin)}, title height {_pt(title_h)} and gap "
                          f"{_pt(gap)}, leaves {_pt(max(room, 0))} for the body: not one line of {_pt(body)} text",
                     "make slide.margin, slide.title_height or slide.gap smaller, slide.height larger or "
                     "sizes.body smaller")


def check_ranges(layout: Layout, written: Mapping[str, str], top: Path) -> list[Problem]:
    """Return a located problem for every number of `layout` out of its range (empty if none).

    `written` maps dotted keys to their text as written (quoted back in messages); `top` is the
    file the user named, whose keys are blamed first when a combination of keys does not fit.
    """
    check = _Checker(layout, written, top)
    steps: tuple[Callable[[], None], ...] = (
        check.every_length,
        lambda: check.fonts(layout.kind),
        lambda: check.positive(layout.kind),
        lambda: check.integers(_LIMITS_HANDOUT_INT if layout.kind == "handout" else _LIMITS_DECK_INT),
        check.numbers,
        lambda: check.leading(layout.kind),
        check.handout_page if layout.kind == "handout" else check.deck_slide,
    )
    for step in steps:
        step()
    return check.problems
