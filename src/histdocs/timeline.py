"""Timeline geometry in abstract units: scale, ticks, fuzzy ranges, labels in lanes, splitting.

Pure: imports only the standard library and :mod:`histdocs.dates`.  Coordinates are points
inside a figure whose origin is its top-left corner, with y growing downward; the PDF and
PPTX renderers draw what :func:`plan_timeline` returns without changing it.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from histdocs.dates import HistoricalDate, days_in_month, day_number, from_day_number, round_years

__all__ = [
    "BandBox",
    "Label",
    "Marker",
    "Measure",
    "Tick",
    "TimelineBand",
    "TimelineEvent",
    "TimelineFigure",
    "TimelineStyle",
    "boxes",
    "overlaps",
    "plan_timeline",
    "year_text",
]

Measure = Callable[[str, float], float]
"""(text, font size) -> width in points, from the caller's real font metrics."""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ELLIPSIS = "…"
_MAJOR_SPACING = 50.0  # points per labelled tick, at most one per this many on average


# ----------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class TimelineEvent:
    """One event to place on the axis; importance 1 key, 2 normal, 3 minor."""

    key: str
    label: str
    date: HistoricalDate
    importance: int = 2


@dataclass(frozen=True)
class TimelineBand:
    """A period, drawn as a shaded band from the start's earliest to the end's latest day."""

    key: str
    label: str
    start: HistoricalDate
    end: HistoricalDate


@dataclass(frozen=True)
class TimelineStyle:
    """Sizes and limits of a timeline figure, in points.

    ``split`` is 'rows' (several figures over consecutive time windows) or 'filter'
    (drop the least important events and say so). ``max_height`` forces a split or filter
    when a figure would be taller (a slide). ``label_padding`` is the inner margin of a
    label box, included in its width and height.
    """

    width: float
    label_size: float
    tick_size: float
    line_height: float
    max_label_width: float
    max_label_lines: int = 3
    max_lanes: int = 4
    max_events: int | None = None
    min_importance: int = 3
    split: str = "rows"
    max_height: float | None = None
    label_padding: float = 2.0

    def __post_init__(self) -> None:
        for name in ("width", "label_size", "tick_size", "line_height", "max_label_width"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)!r}")
        if self.max_label_lines < 1 or self.max_lanes < 1:
            raise ValueError("max_label_lines and max_lanes must be at least 1")
        if self.max_events is not None and self.max_events < 1:
            raise ValueError(f"max_events must be at least 1 or None, not {self.max_events!r}")
        if self.split not in ("rows", "filter"):
            raise ValueError(f"split must be 'rows' or 'filter', not {self.split!r}")
        if self.label_padding < 0 or (self.max_height is not None and self.max_height <= 0):
            raise ValueError("label_padding must not be negative and max_height must be positive")


# ----------------------------------------------------------------------------- outputs


@dataclass(frozen=True)
class Tick:
    """A tick on the axis at x; ``label`` is '' when the tick carries no text."""

    x: float
    label: str
    major: bool


@dataclass(frozen=True)
class BandBox:
    """A period's shaded box, clipped to the figure's window; ``label`` is fitted to its width."""

    x0: float
    x1: float
    y0: float
    y1: float
    label: str
    key: str


@dataclass(frozen=True)
class Marker:
    """An event's mark on the axis, centred on ``y`` and ``height`` tall.

    ``kind`` is 'point' (x0 == x1, a day date) or 'range' (x0 < x1, earliest to latest,
    at least a minimum visible width); an open side reaches the edge of the plot.
    """

    key: str
    x0: float
    x1: float
    y: float
    height: float
    kind: str
    approximate: bool
    uncertain: bool
    open_start: bool
    open_end: bool
    importance: int


@dataclass(frozen=True)
class Label:
    """An event's label box at (x, y), ``width`` x ``height``, in ``lane`` (1 = nearest the axis).

    Inside the box, inset by ``padding``: first ``date_text`` (tick size, ``date_height``
    tall), then ``lines`` (label size, the style's line height each). The leader line runs
    vertically from the box edge facing the axis at ``anchor_x`` to (anchor_x, anchor_y) on
    the marker; ``anchor_x`` always lies within the box.
    """

    key: str
    lines: tuple[str, ...]
    x: float
    y: float
    width: float
    height: float
    lane: int
    above: bool
    anchor_x: float
    anchor_y: float
    date_text: str
    importance: int
    padding: float
    date_height: float


@dataclass(frozen=True)
class TimelineFigure:
    """One timeline drawing: axis at ``axis_y``, day window ``window`` mapped across the width.

    Tick labels (tick size) sit in the row from ``tick_label_y``, ``tick_label_height`` tall;
    ``note`` says what is left out or which part this is ('' if nothing), ``hidden`` lists
    the keys of the events not drawn.
    """

    width: float
    height: float
    axis_y: float
    ticks: tuple[Tick, ...]
    bands: tuple[BandBox, ...]
    markers: tuple[Marker, ...]
    labels: tuple[Label, ...]
    window: tuple[int, int]
    note: str
    hidden: tuple[str, ...]
    tick_length: float = 0.0  # a major tick runs from the axis down this far (minor: minor_tick_length)
    minor_tick_length: float = 0.0
    tick_label_y: float = 0.0  # top of the tick labels' row, centred on each tick's x
    tick_label_height: float = 0.0


def overlaps(a: Label, b: Label) -> bool:
    """Return True when the two label boxes share any area (touching edges do not count)."""
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height


def boxes(figure: TimelineFigure) -> list[tuple[float, float, float, float]]:
    """Return the label boxes of ``figure`` as (x0, y0, x1, y1), in label order."""
    return [(lb.x, lb.y, lb.x + lb.width, lb.y + lb.height) for lb in figure.labels]


def year_text(year: int, era: bool = False) -> str:
    """Return the label of an astronomical year: 1990, '44 BCE' for -43; 'CE' added when ``era``."""
    if year <= 0:
        return f"{1 - year} BCE"
    return f"{year} CE" if era else str(year)


# ----------------------------------------------------------------------------- metrics


@dataclass(frozen=True)
class _Metrics:
    """Derived distances of a style, computed once."""

    gap: float
    pad_x: float
    marker_h: float
    min_range: float
    point_slack: float
    leader_clear: float
    leader_gap: float
    tick_major: float
    tick_minor: float
    tick_text_h: float
    tick_gap: float
    band_h: float
    margin: float
    date_h: float
    label_w: float


def _metrics(style: TimelineStyle) -> _Metrics:
    gap = max(2.0, style.label_size * 0.3)
    return _Metrics(
        gap=gap,
        pad_x=max(4.0, style.tick_size),
        marker_h=max(3.0, style.tick_size * 0.5),
        min_range=max(2.0, style.tick_size * 0.3),
        point_slack=max(3.0, style.tick_size * 0.5) * 0.4,
        leader_clear=max(1.0, gap * 0.4),
        leader_gap=max(6.0, style.line_height * 0.75),
        tick_major=style.tick_size * 0.5,
        tick_minor=style.tick_size * 0.3,
        tick_text_h=style.tick_size * 1.25,
        tick_gap=max(1.0, style.tick_size * 0.2),
        band_h=style.tick_size * 1.6,
        margin=gap,
        date_h=style.line_height * style.tick_size / style.label_size,
        label_w=max(1.0, min(style.max_label_width, style.width - 2 * style.label_padding)),
    )


# ----------------------------------------------------------------------------- text


def _ellipsise(text: str, limit: float, size: float, measure: Measure, force: bool = False) -> str:
    """Return ``text`` if it fits ``limit`` (and not ``force``), else its longest prefix + '…'."""
    if not force and measure(text, size) <= limit:
        return text
    lo, hi = 0, len(text) - 1 if force else len(text)
    while lo < hi:  # largest n with text[:n] + '…' fitting
        mid = (lo + hi + 1) // 2
        if measure(text[:mid].rstrip() + _ELLIPSIS, size) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + _ELLIPSIS


def _split_word(word: str, limit: float, size: float, measure: Measure) -> list[str]:
    """Cut a word wider than ``limit`` into pieces that fit (at least one character each)."""
    pieces: list[str] = []
    while word:
        n = len(word)
        while n > 1 and measure(word[:n], size) > limit:
            n -= 1
        pieces.append(word[:n])
        word = word[n:]
    return pieces


def _wrap(text: str, limit: float, size: float, max_lines: int, measure: Measure) -> tuple[str, ...]:
    """Wrap ``text`` to at most ``max_lines`` lines of width ``limit``; ellipsise the last if cut."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        pieces = [word] if measure(word, size) <= limit else _split_word(word, limit, size, measure)
        for i, piece in enumerate(pieces):
            trial = f"{current} {piece}" if current else piece
            if current and (i > 0 or measure(trial, size) > limit):
                lines.append(current)
                current = piece
            else:
                current = trial
        if len(lines) > max_lines:
            break
    lines.append(current)
    if len(lines) <= max_lines:
        return tuple(lines)
    tail = f"{lines[max_lines - 1]} {lines[max_lines]}"
    return tuple(lines[: max_lines - 1]) + (_ellipsise(tail, limit, size, measure, force=True),)


def _short_date(date: HistoricalDate) -> str:
    """Return the short display of a date, falling back to the long one."""
    try:
        return date.display("short")
    except (TypeError, ValueError):  # an implementation without the short form
        return str(date)


# ----------------------------------------------------------------------------- prepared items


@dataclass(frozen=True)
class _Item:
    """An event with its day bounds and measured label text (independent of the window)."""

    event: TimelineEvent
    lo: int
    hi: int
    lines: tuple[str, ...]
    date_text: str
    width: float
    height: float
    rank: int  # position in the sorted input: ties broken without comparing strings again
    span: tuple[int, ...]  # the days that count for a window (open sides do not)

    @property
    def order(self) -> tuple[int, int, str]:
        return (self.lo, self.hi, self.event.key)


def _bounds(date: HistoricalDate) -> tuple[int, int]:
    lo, hi = date.earliest_day, date.latest_day
    return (lo, hi) if lo <= hi else (hi, lo)


def _window_days(date: HistoricalDate) -> list[int]:
    """Days of a date that count for the window: an open side does not stretch it."""
    lo, hi = _bounds(date)
    days = []
    if not date.open_start:
        days.append(lo)
    if not date.open_end:
        days.append(hi)
    return days or [lo]


def _prepare(event: TimelineEvent, rank: int, style: TimelineStyle, m: _Metrics, measure: Measure) -> _Item:
    lines = _wrap(event.label, m.label_w, style.label_size, max(1, style.max_label_lines), measure)
    date_text = _ellipsise(_short_date(event.date), m.label_w, style.tick_size, measure)
    text_w = max([measure(ln, style.label_size) for ln in lines] + [measure(date_text, style.tick_size)])
    pad = style.label_padding
    lo, hi = _bounds(event.date)
    return _Item(
        event=event,
        lo=lo,
        hi=hi,
        lines=lines,
        date_text=date_text,
        width=min(text_w, m.label_w) + 2 * pad,
        height=m.date_h + len(lines) * style.line_height + 2 * pad,
        rank=rank,
        span=tuple(_window_days(event.date)),
    )


# ----------------------------------------------------------------------------- scale


@dataclass(frozen=True)
class _Scale:
    """Linear map from day numbers to x over [x_lo, x_hi]."""

    d0: float
    d1: float
    x_lo: float
    x_hi: float

    def x(self, day: float) -> float:
        return self.x_lo + (day - self.d0) * (self.x_hi - self.x_lo) / (self.d1 - self.d0)


def _window(items: Sequence[_Item], bands: Sequence[TimelineBand], extra: Iterable[int]) -> tuple[int, int]:
    """Return the padded day window covering the items, bands and extra days."""
    days = list(extra)
    for it in items:
        days.extend(it.span)
    for band in bands:
        days.append(_bounds(band.start)[0])
        days.append(_bounds(band.end)[1])
    lo, hi = min(days), max(days)
    pad = max(1, math.ceil((hi - lo) * 0.03))
    return lo - pad, hi + 1 + pad


def _scale(window: tuple[int, int], style: TimelineStyle, m: _Metrics) -> _Scale:
    return _Scale(window[0], window[1], m.pad_x, style.width - m.pad_x)


# ----------------------------------------------------------------------------- ticks


@dataclass(frozen=True)
class _Unit:
    """A tick spacing: kind 'day' (days of month), 'month' (step months) or 'year' (step years)."""

    kind: str
    step: int
    approx_days: float


_DAY_SETS = {
    1: tuple(range(1, 32)),
    2: tuple(range(1, 30, 2)),
    5: (1, 6, 11, 16, 21, 26),
    7: (1, 8, 15, 22),
    15: (1, 16),
}
_UNITS = (
    [_Unit("day", s, s) for s in (1, 2, 5, 7, 15)]
    + [_Unit("month", s, 30.44 * s) for s in (1, 3, 6)]
    + [_Unit("year", s, 365.25 * s) for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)]
    + [_Unit("year", 10**k * f, 365.25 * 10**k * f) for k in range(4, 9) for f in (1, 2, 5)]
)
_MINORS = {
    ("day", 2): [("day", 1)],
    ("day", 5): [("day", 1)],
    ("day", 7): [("day", 1)],
    ("day", 15): [("day", 1), ("day", 5)],
    ("month", 1): [("day", 1), ("day", 7)],
    ("month", 3): [("month", 1)],
    ("month", 6): [("month", 1)],
    ("year", 1): [("month", 1), ("month", 3)],
    ("year", 2): [("month", 3), ("year", 1)],
    ("year", 5): [("year", 1)],
}


def _minor_steps(unit: _Unit) -> list[_Unit]:
    if (unit.kind, unit.step) in _MINORS:
        return [u for u in _UNITS if (u.kind, u.step) in _MINORS[(unit.kind, unit.step)]]
    finer = [u for u in _UNITS if u.kind == "year" and unit.step % u.step == 0 and u.step < unit.step]
    return sorted(finer, key=lambda u: u.step)[-2:] if finer else []


def _year_ticks(step: int, y0: int, y1: int) -> list[int]:
    """Astronomical years in [y0, y1] whose historical number is a multiple of ``step``.

    BCE years count backwards (year -43 is 44 BCE), so BCE ticks sit at 1 - k * step and
    CE ticks at k * step; 1 CE is added where the window crosses the era boundary.
    """
    years = round_years(step, y0, y1)
    if y0 <= 0 < 1 <= y1 and 1 not in years:
        years.append(1)
    return sorted(years)


def _tick_days(unit: _Unit, d0: int, d1: int) -> list[tuple[int, tuple[int, int, int]]]:
    """Return (day, ymd) of each tick of ``unit`` inside [d0, d1], in order."""
    y0 = from_day_number(d0)[0]
    y1 = from_day_number(d1)[0]
    out: list[tuple[int, tuple[int, int, int]]] = []
    if unit.kind == "year":
        for y in _year_ticks(unit.step, y0, y1):
            day = day_number((y, 1, 1))
            if d0 <= day <= d1:
                out.append((day, (y, 1, 1)))
        return out
    y, mo, _ = from_day_number(d0)
    while True:
        if unit.kind == "month":
            candidates = [1] if (mo - 1) % unit.step == 0 else []
        else:
            candidates = [d for d in _DAY_SETS[unit.step] if d <= days_in_month(y, mo)]
        for d in candidates:
            day = day_number((y, mo, d))
            if day > d1:
                return out
            if day >= d0:
                out.append((day, (y, mo, d)))
        mo += 1
        if mo > 12:
            y, mo = y + 1, 1
        if day_number((y, mo, 1)) > d1:
            return out


def _tick_label(unit: _Unit, ymd: tuple[int, int, int], context: bool, era: bool) -> str:
    y, mo, d = ymd
    if unit.kind == "year":
        return year_text(y, era)
    if unit.kind == "month":
        return f"{_MONTHS[mo - 1]} {year_text(y, era)}" if context or mo == 1 else _MONTHS[mo - 1]
    if context or (mo == 1 and d == 1):
        return f"{d} {_MONTHS[mo - 1]} {year_text(y, era)}"
    return f"{d} {_MONTHS[mo - 1]}"


@dataclass(frozen=True)
class _Major:
    """A labelled tick before drawing: its label, width, the label with its year, the year."""

    x: float
    label: str
    width: float
    full: str
    year: int


def _labelled(
    unit: _Unit, scale: _Scale, style: TimelineStyle, m: _Metrics, measure: Measure, era: bool
) -> list[_Major] | None:
    """Return the major ticks of ``unit`` inside the figure, or None when their labels collide.

    The first tick inside and each January carry the year; the others only when needed later.
    """
    inside: list[_Major] = []
    for day, ymd in _tick_days(unit, math.ceil(scale.d0), math.floor(scale.d1)):
        x = scale.x(day)
        full = _tick_label(unit, ymd, True, era)
        label = _tick_label(unit, ymd, not inside, era)
        width = measure(label, style.tick_size)
        if not inside and (x - width / 2 < 0):  # the first one that fits carries the year
            continue
        if x + width / 2 > style.width:
            continue
        inside.append(_Major(x, label, width, full, ymd[0]))
    space = max(m.gap, style.tick_size)
    for a, b in zip(inside, inside[1:]):
        if a.x + a.width / 2 + space > b.x - b.width / 2:
            return None
    return inside


def _ticks(scale: _Scale, style: TimelineStyle, m: _Metrics, measure: Measure) -> tuple[list[Tick], dict[float, _Major]]:
    """Choose the finest tick unit whose labels do not collide, with minor ticks between.

    Return the ticks and, by x, what each labelled one would say with its year.
    """
    d0, d1 = math.ceil(scale.d0), math.floor(scale.d1)
    era = from_day_number(d0)[0] <= 0
    span = max(1, d1 - d0)
    plot = scale.x_hi - scale.x_lo
    min_space = style.tick_size * 1.5
    most = max(2, int(plot / _MAJOR_SPACING))  # a readable number of labelled ticks
    chosen: tuple[_Unit, list[_Major]] | None = None
    for unit in _UNITS:
        if span / unit.approx_days > most * 1.2 + 2 or span / unit.approx_days * min_space > plot * 1.5:
            continue  # certainly too many or too dense: do not even generate it
        got = _labelled(unit, scale, style, m, measure, era)
        if got is not None and len(got) <= most:
            chosen = (unit, got)
            break
    if chosen is None:  # even the coarsest collides: thin the coarsest out
        unit = _UNITS[-1]
        got = _labelled(unit, scale, style, m, measure, era) or []
        chosen = (unit, got)
    unit, majors = chosen
    majors = _thin(majors, max(m.gap, style.tick_size))
    ticks = [Tick(t.x, t.label, True) for t in majors]
    major_x = {round(t.x, 6) for t in ticks}
    for minor in _minor_steps(unit):
        if span / minor.approx_days * 4.0 > plot:
            continue
        for day, _ in _tick_days(minor, d0, d1):
            x = scale.x(day)
            if round(x, 6) not in major_x:
                ticks.append(Tick(x, "", False))
        break
    ticks.sort(key=lambda t: (t.x, not t.major))
    return ticks, {t.x: t for t in majors}


def _add_years(
    ticks: list[Tick],
    majors: dict[float, _Major],
    leaders: Sequence[float],
    style: TimelineStyle,
    m: _Metrics,
    measure: Measure,
) -> list[Tick]:
    """Give the year to the first visible label and the first after each change of year.

    Only where the longer label still clears its neighbours, the edges and the leaders.
    """
    shown = [i for i, t in enumerate(ticks) if t.label]
    space = max(m.gap, style.tick_size)
    xs = sorted(leaders)
    out = list(ticks)

    def half(t: Tick) -> float:
        return measure(t.label, style.tick_size) / 2

    year: int | None = None
    for n, i in enumerate(shown):
        t = out[i]
        info = majors.get(t.x)
        if info is None or info.year == year:
            continue
        if t.label == info.full:
            year = info.year
            continue
        w2 = measure(info.full, style.tick_size) / 2
        left = 0.0 if n == 0 else out[shown[n - 1]].x + half(out[shown[n - 1]]) + space
        right = style.width if n + 1 == len(shown) else out[shown[n + 1]].x - half(out[shown[n + 1]]) - space
        j = bisect.bisect_left(xs, t.x - w2 - m.gap / 2)
        crossed = j < len(xs) and xs[j] <= t.x + w2 + m.gap / 2
        if left <= t.x - w2 and t.x + w2 <= min(right, style.width) and not crossed:
            out[i] = Tick(t.x, info.full, True)
            year = info.year
    return out


def _thin(majors: list[_Major], space: float) -> list[_Major]:
    """Keep every n-th labelled tick, the smallest n for which no two labels collide."""
    n = 1
    while n <= len(majors):
        kept = majors[::n]
        if all(a.x + a.width / 2 + space <= b.x - b.width / 2 for a, b in zip(kept, kept[1:])):
            return kept
        n += 1
    return majors[:1]


# ----------------------------------------------------------------------------- lanes


@dataclass(frozen=True)
class _Placed:
    """A label placed in a lane: side, lane, box x and anchor x."""

    item: _Item
    above: bool
    lane: int
    x: float
    anchor: float
    x0: float
    x1: float


def _marker_span(item: _Item, scale: _Scale, m: _Metrics) -> tuple[float, float, str]:
    """Return the marker's visible x0, x1 and kind; open sides reach the plot edge."""
    date = item.event.date
    x0 = scale.x_lo if date.open_start else scale.x(item.lo)
    x1 = scale.x_hi if date.open_end else scale.x(item.hi + 1)
    point = date.precision == "day" and item.lo == item.hi and not (date.open_start or date.open_end)
    if point:
        x = scale.x(item.lo + 0.5)
        return x, x, "point"
    x0, x1 = max(scale.x_lo, x0), min(scale.x_hi, x1)
    if x1 - x0 < m.min_range:
        mid = (x0 + x1) / 2
        x0, x1 = mid - m.min_range / 2, mid + m.min_range / 2
        if x0 < scale.x_lo:
            x0, x1 = scale.x_lo, scale.x_lo + m.min_range
        if x1 > scale.x_hi:
            x0, x1 = scale.x_hi - m.min_range, scale.x_hi
    return x0, x1, "range"


def _anchor_range(x0: float, x1: float, m: _Metrics) -> tuple[float, float]:
    """Where a leader may meet a marker: along a range, or within the dot of a point."""
    if x0 == x1:
        return x0 - m.point_slack, x1 + m.point_slack
    return x0, x1


_LEFT_COSTS: tuple[float | None, ...] = (None, 0.5, 5.0)
"""The placements :func:`_layout` tries, best kept: flags only, then flags or left-reading labels.

The number is what reading left costs, in gaps: at 0.5 a label reads left rather than
climb a lane (a low figure), at 5.0 only when a flag would have to move far from its marker.
"""


def _assign(
    items: Sequence[_Item],
    scale: _Scale,
    style: TimelineStyle,
    m: _Metrics,
    lanes: int,
    left_cost: float | None = None,
) -> list[_Placed] | None:
    """Put each label in a lane (above or below, nearest first); None if one does not fit.

    Labels are flags: the box starts at its leader and reads to the right, unless that
    would leave the figure or its lane. Sweeping from right to left, each lane keeps only
    its left edge: a box must end a gap before it, and a vertical leader must pass left of
    everything already in the lanes between its box and the axis, which it then bounds.
    So leaders never cross boxes. Each label takes the lane that moves it least from its
    marker (a small cost per lane outward), so dense runs of events climb in a staircase
    instead of filling the nearest lane and walling off the outer ones.

    With ``left_cost`` (in gaps) a label may also read to the left, its box ending at its
    leader. Such a label prefers the outermost lane already used on its side: the next
    ones to the left then step down towards the axis under it, so a dense run forms a
    tent (flags climbing from the right, left-reading labels descending on the left)
    holding twice the labels of a staircase.
    """
    left = {True: [math.inf] * (lanes + 1), False: [math.inf] * (lanes + 1)}
    count = {True: 0, False: 0}
    used = {True: 0, False: 0}  # the outermost lane holding a label, per side
    todo = []
    for it in items:
        x0, x1, _ = _marker_span(it, scale, m)
        mid = (x0 + x1) / 2
        pref = min(max(mid, 0.0), style.width - it.width)
        todo.append((-(pref + it.width), -it.rank, it, x0, x1, mid, pref))
    todo.sort(key=lambda t: (t[0], t[1]))
    placed: list[_Placed] = []
    gap, clear, w_max = m.gap, m.leader_clear, style.width
    floor = math.inf if left_cost is None else left_cost * gap  # the least a left-reading label scores
    for _, _, it, x0, x1, mid, pref in todo:
        c_lo, c_hi = _anchor_range(x0, x1, m)
        w = it.width
        spot = None
        best = math.inf
        sides = (True, False) if count[True] <= count[False] else (False, True)
        inner = {True: math.inf, False: math.inf}  # least left edge of the lanes inside
        for depth in range(1, lanes + 1):
            if best <= min((depth - 1) * gap, floor):
                break  # no deeper lane can score better
            for side in sides:
                edges = left[side]
                bound = inner[side] - clear
                a = min(pref, edges[depth] - gap - w, bound, c_hi)  # the box may not start right of its leader
                if a >= -1e-9:
                    a = max(a, 0.0)
                    lo = max(a, c_lo)
                    hi = min(a + w, c_hi, bound)
                    score = (pref - a) + (depth - 1) * gap  # stay near the marker, then near the axis
                    if lo <= hi + 1e-9 and a + w <= w_max + 1e-9 and score < best - 1e-9:
                        best = score
                        spot = (side, depth, a, min(max(mid, lo), hi))
                if left_cost is not None:  # reading left: the box ends at its leader
                    c = min(max(mid, w), c_hi, bound, edges[depth] - gap)
                    if c >= max(c_lo, w) - 1e-9:
                        c = max(c, w)
                        lane_cost = (used[side] - depth) * 0.1 if depth <= used[side] else depth - 1
                        score = abs(mid - c) + (left_cost + lane_cost) * gap
                        if score < best - 1e-9:
                            best = score
                            spot = (side, depth, c - w, c)
                inner[side] = min(inner[side], edges[depth])
        if spot is None:
            return None
        side, depth, a, c = spot
        edges = left[side]
        edges[depth] = a
        for j in range(1, depth):
            edges[j] = min(edges[j], c)
        count[side] += 1
        used[side] = max(used[side], depth)
        placed.append(_Placed(it, side, depth, a, c, x0, x1))
    return placed


@dataclass(frozen=True)
class _Layout:
    """Where everything goes vertically, enough to know the figure's height."""

    placed: list[_Placed]
    heights_above: list[float]
    heights_below: list[float]
    tops_above: list[float]
    tops_below: list[float]
    band_rows: list[tuple[TimelineBand, float, float, int]]
    band_top: float
    axis_y: float
    height: float


def _band_rows(
    bands: Sequence[TimelineBand], scale: _Scale, m: _Metrics
) -> tuple[list[tuple[TimelineBand, float, float, int]], int]:
    """Clip bands to the window and stack overlapping ones into rows (first fit)."""
    rows: list[float] = []
    out = []
    ordered = sorted(bands, key=lambda b: (_bounds(b.start)[0], _bounds(b.end)[1], b.key))
    for band in ordered:
        lo, hi = _bounds(band.start)[0], _bounds(band.end)[1] + 1
        if hi <= scale.d0 or lo >= scale.d1:
            continue
        x0, x1 = max(scale.x_lo, scale.x(lo)), min(scale.x_hi, scale.x(hi))
        if x1 - x0 < m.min_range:
            x1 = min(scale.x_hi, x0 + m.min_range)
            x0 = x1 - m.min_range
        row = next((i for i, r in enumerate(rows) if r + m.gap <= x0), None)
        if row is None:
            rows.append(x1)
            row = len(rows) - 1
        else:
            rows[row] = x1
        out.append((band, x0, x1, row))
    return out, len(rows)


def _layout(
    items: Sequence[_Item],
    bands: Sequence[TimelineBand],
    scale: _Scale,
    style: TimelineStyle,
    m: _Metrics,
    lanes: int,
) -> _Layout | None:
    """Stack, top to bottom: lanes above (outermost first), axis, tick labels, lanes below, bands.

    Each placement of :data:`_LEFT_COSTS` is tried; the lowest that fits ``max_height`` is
    kept (the first on a tie), else the lowest. None when no placement fits the lanes.
    """
    band_rows, band_lanes = _band_rows(bands, scale, m)
    best: _Layout | None = None
    for left_cost in _LEFT_COSTS:
        placed = _assign(items, scale, style, m, lanes, left_cost)
        if placed is None:
            continue
        layout = _stack(placed, band_rows, band_lanes, m, lanes)
        if best is None or (_too_tall(layout, style), layout.height) < (_too_tall(best, style), best.height - 1e-9):
            best = layout
    return best


def _too_tall(layout: _Layout, style: TimelineStyle) -> bool:
    return style.max_height is not None and layout.height > style.max_height + 1e-9


def _stack(
    placed: list[_Placed],
    band_rows: list[tuple[TimelineBand, float, float, int]],
    band_lanes: int,
    m: _Metrics,
    lanes: int,
) -> _Layout:
    """Return the vertical layout of the placed labels and the band rows."""
    above = [0.0] * lanes
    below = [0.0] * lanes
    for p in placed:
        hs = above if p.above else below
        hs[p.lane - 1] = max(hs[p.lane - 1], p.item.height)
    above = [h for h in above if h > 0]
    below = [h for h in below if h > 0]
    half = m.marker_h / 2
    y = m.margin + sum(h + m.gap for h in above) - (m.gap if above else 0.0)
    axis_y = y + (m.leader_gap if above else 0.0) + half
    tops_above = []
    edge = axis_y - half - m.leader_gap
    for h in above:
        tops_above.append(edge - h)
        edge -= h + m.gap
    y = axis_y + max(half, m.tick_major) + m.tick_gap + m.tick_text_h
    tops_below = []
    if below:
        y += m.leader_gap
        for h in below:
            tops_below.append(y)
            y += h + m.gap
        y -= m.gap
    band_top = y + m.gap
    if band_lanes:
        y = band_top + band_lanes * (m.band_h + m.gap) - m.gap
    return _Layout(placed, above, below, tops_above, tops_below, band_rows, band_top, axis_y, y + m.margin)


def _fits(layout: _Layout | None, n: int, style: TimelineStyle) -> bool:
    """Return True when a layout exists and honours ``max_events`` and ``max_height``."""
    if layout is None:
        return False
    if style.max_events is not None and n > style.max_events:
        return False
    return style.max_height is None or layout.height <= style.max_height + 1e-9


# ----------------------------------------------------------------------------- figure


def _figure(
    items: Sequence[_Item],
    bands: Sequence[TimelineBand],
    window: tuple[int, int],
    style: TimelineStyle,
    m: _Metrics,
    measure: Measure,
    note: str,
    hidden: Sequence[str],
    layout: _Layout | None = None,
) -> TimelineFigure:
    """Build the figure of ``items`` over ``window``: markers, labels in lanes, ticks, bands."""
    scale = _scale(window, style, m)
    if layout is None:
        layout = _layout(items, bands, scale, style, m, max(1, style.max_lanes))
    # plan_timeline only asks for figures whose labels fit: a single label always does
    assert layout is not None, "labels do not fit their lanes"
    half = m.marker_h / 2
    markers: list[Marker] = []
    labels: list[Label] = []
    for p in sorted(layout.placed, key=lambda p: p.item.order):
        it, date = p.item, p.item.event.date
        x0, x1, kind = _marker_span(it, scale, m)
        markers.append(
            Marker(it.event.key, x0, x1, layout.axis_y, m.marker_h, kind, date.approximate, date.uncertain,
                   date.open_start, date.open_end, it.event.importance)
        )
        if p.above:
            lane_h = layout.heights_above[p.lane - 1]
            y = layout.tops_above[p.lane - 1] + lane_h - it.height  # bottom on the edge nearest the axis
            anchor_y = layout.axis_y - half
        else:
            y = layout.tops_below[p.lane - 1]
            anchor_y = layout.axis_y + half
        labels.append(
            Label(it.event.key, it.lines, p.x, y, it.width, it.height, p.lane, p.above, p.anchor, anchor_y,
                  it.date_text, it.event.importance, style.label_padding, m.date_h)
        )
    ticks, majors = _ticks(scale, style, m, measure)
    below = [lb.anchor_x for lb in labels if not lb.above]
    ticks = _clear_leaders(ticks, below, style, m, measure)
    ticks = _add_years(ticks, majors, below, style, m, measure)
    band_boxes = []
    for band, bx0, bx1, row in layout.band_rows:
        by0 = layout.band_top + row * (m.band_h + m.gap)
        room = bx1 - bx0 - 2 * style.label_padding
        text = _ellipsise(band.label, room, style.tick_size, measure)
        if measure(text, style.tick_size) > room:
            text = ""
        band_boxes.append(BandBox(bx0, bx1, by0, by0 + m.band_h, text, band.key))
    return TimelineFigure(
        width=style.width,
        height=layout.height,
        axis_y=layout.axis_y,
        ticks=tuple(ticks),
        bands=tuple(band_boxes),
        markers=tuple(markers),
        labels=tuple(labels),
        window=window,
        note=note,
        hidden=tuple(hidden),
        tick_length=m.tick_major,
        minor_tick_length=m.tick_minor,
        tick_label_y=layout.axis_y + max(half, m.tick_major) + m.tick_gap,
        tick_label_height=m.tick_text_h,
    )


def _clear_leaders(
    ticks: list[Tick], leaders: Sequence[float], style: TimelineStyle, m: _Metrics, measure: Measure
) -> list[Tick]:
    """Blank the tick labels that a leader going down to a label below the axis would cross."""
    if not leaders:
        return ticks
    xs = sorted(leaders)
    out = []
    for t in ticks:
        if t.label:
            half = measure(t.label, style.tick_size) / 2 + m.gap / 2
            i = bisect.bisect_left(xs, t.x - half)
            if i < len(xs) and xs[i] <= t.x + half:
                t = Tick(t.x, "", t.major)
        out.append(t)
    return out


# ----------------------------------------------------------------------------- planning


def _window_text(items: Sequence[_Item]) -> str:
    """Describe the dates a part covers: '1990–1991', 'Jan–Mar 1990', '44 BCE–1990 CE'."""
    (y0, m0, _), (y1, m1, _) = from_day_number(items[0].lo), from_day_number(max(it.hi for it in items))
    if y0 == y1:
        if m0 == m1:
            return f"{_MONTHS[m0 - 1]} {year_text(y0)}"
        return f"{_MONTHS[m0 - 1]}–{_MONTHS[m1 - 1]} {year_text(y0)}"
    if y1 <= 0:
        return f"{1 - y0}–{year_text(y1)}"
    return f"{year_text(y0, y0 <= 0)}–{year_text(y1, y0 <= 0)}"


def _importance_text(levels: Iterable[int]) -> str:
    got = sorted(set(levels))
    if not got:
        return ""
    return f"importance {got[0]}" if got[0] == got[-1] else f"importance {got[0]}–{got[-1]}"


def _note(shown: Sequence[_Item], total: int, by_importance: bool, for_space: int) -> str:
    """Say how many events a figure shows, when it does not show them all."""
    if len(shown) == total:
        return ""
    text = f"Showing {len(shown)} of {total} events"
    levels = _importance_text(it.event.importance for it in shown)
    if by_importance and levels:
        text += f" ({levels})"
    if for_space:
        text += f"; {for_space} hidden for space"
    return text


def _spread_order(n: int) -> list[int]:
    """Return 0..n-1 in bit-reversed order, so that any prefix is spread evenly over the range."""
    if n <= 1:
        return list(range(n))
    bits = (n - 1).bit_length()
    return sorted(range(n), key=lambda i: int(format(i, f"0{bits}b")[::-1], 2))


def _largest_prefix(count: int, fits: Callable[[int], bool], guess: int = 1) -> int:
    """Return the largest n in [1, count] with fits(n), searching outward from ``guess``.

    Assumes fits is roughly monotone. Galloping from a good guess (the previous part's
    size) keeps the cost proportional to the answer, not to ``count``; 1 when nothing fits.
    """
    n = min(max(1, guess), count)
    if fits(n):
        good, step = n, 1
        while True:  # gallop up
            n = min(good + step, count)
            if n == good:
                return good
            if not fits(n):
                bad = n
                break
            good, step = n, step * 2
    else:
        bad, step = n, 1
        while True:  # gallop down
            n = bad - step
            if n < 1:
                good = 0
                break
            if fits(n):
                good = n
                break
            bad, step = n, step * 2
    while bad - good > 1:
        mid = (good + bad) // 2
        if fits(mid):
            good = mid
        else:
            bad = mid
    return max(good, 1)


def plan_timeline(
    events: Sequence[TimelineEvent],
    style: TimelineStyle,
    measure: Measure,
    bands: Sequence[TimelineBand] = (),
    start: HistoricalDate | None = None,
    end: HistoricalDate | None = None,
) -> tuple[TimelineFigure, ...]:
    """Return the figures that draw ``events`` and ``bands`` with no label box overlapping another.

    Events less important than ``style.min_importance`` are hidden first. When the rest do
    not fit (``max_lanes`` per side, ``max_events``, ``max_height``), split='rows' cuts them
    into consecutive time windows, one figure each, and split='filter' hides the least
    important ones; each figure's ``note`` and ``hidden`` say what is left out.
    Return () when there is nothing to draw.
    """
    m = _metrics(style)
    lanes = max(1, style.max_lanes)
    ordered = sorted(events, key=lambda e: (*_bounds(e.date), e.key))
    extra_start = [] if start is None else _window_days(start)
    extra_end = [] if end is None else _window_days(end)
    if not ordered and not bands and not (extra_start or extra_end):
        return ()
    items = [_prepare(e, i, style, m, measure) for i, e in enumerate(ordered) if e.importance <= style.min_importance]
    dropped = [e for e in ordered if e.importance > style.min_importance]
    if not items and not bands and not (extra_start or extra_end):
        extra_start = [d for e in ordered for d in _window_days(e.date)]

    if style.split == "filter" or not items:
        window = _window(items, bands, extra_start + extra_end)
        scale = _scale(window, style, m)

        def fits_subset(part: Sequence[_Item]) -> bool:
            return _fits(_layout(part, bands, scale, style, m, lanes), len(part), style)

        keep: list[_Item] = items
        if not fits_subset(items):
            levels: dict[int, list[int]] = {}
            for i, it in enumerate(items):
                levels.setdefault(it.event.importance, []).append(i)
            priority = [grp[j] for lvl in sorted(levels) for grp in [levels[lvl]] for j in _spread_order(len(grp))]

            def subset(n: int) -> list[_Item]:
                return [items[i] for i in sorted(priority[:n])]

            keep = subset(_largest_prefix(len(items), lambda n: fits_subset(subset(n))))
        kept = {id(it.event) for it in keep}
        hidden = [e.key for e in ordered if id(e) not in kept]
        note = _note(keep, len(ordered), bool(dropped), len(items) - len(keep))
        return (_figure(keep, bands, window, style, m, measure, note, hidden),)

    # split == 'rows': greedy largest fitting runs of events, then as many even parts if they fit.
    def run_window(i: int, j: int) -> tuple[int, int]:
        whole = i == 0 and j == len(items)
        extra = (extra_start if i == 0 else []) + (extra_end if j == len(items) else [])
        return _window(items[i:j], bands if whole else (), extra)

    layouts: dict[tuple[int, int], _Layout | None] = {}

    def fits_run(i: int, j: int) -> bool:
        if (i, j) not in layouts:
            scale = _scale(run_window(i, j), style, m)
            layouts[(i, j)] = _layout(items[i:j], bands, scale, style, m, lanes)
        return _fits(layouts[(i, j)], j - i, style)

    cuts = [0]
    while cuts[-1] < len(items):
        i = cuts[-1]
        guess = cuts[-1] - cuts[-2] if len(cuts) > 1 else 1
        cuts.append(i + _largest_prefix(len(items) - i, lambda n: fits_run(i, i + n), guess))
    parts = len(cuts) - 1
    if parts > 1:
        even = [round(k * len(items) / parts) for k in range(parts + 1)]
        if all(fits_run(a, b) for a, b in zip(even, even[1:])):
            cuts = even
    figures = []
    dropped_by_part = _assign_dropped(dropped, items, cuts)
    for k, (a, b) in enumerate(zip(cuts, cuts[1:])):
        part = items[a:b]
        hidden = dropped_by_part[k]
        bits = [f"Part {k + 1} of {parts}: {_window_text(part)}"] if parts > 1 else []
        sub = _note(part, len(part) + len(hidden), bool(hidden), 0)
        if sub:
            bits.append(sub[0].lower() + sub[1:] if bits else sub)
        figures.append(
            _figure(part, bands, run_window(a, b), style, m, measure, "; ".join(bits), hidden, layouts.get((a, b)))
        )
    return tuple(figures)


def _assign_dropped(dropped: Sequence[TimelineEvent], items: Sequence[_Item], cuts: Sequence[int]) -> list[list[str]]:
    """Give each event hidden by importance to the part whose run of dates it falls in."""
    starts = [items[c].order for c in cuts[1:-1]]
    out: list[list[str]] = [[] for _ in range(len(cuts) - 1)]
    for e in dropped:
        out[bisect.bisect_right(starts, (*_bounds(e.date), e.key))].append(e.key)
    return out
