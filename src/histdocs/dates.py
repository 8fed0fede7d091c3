"""Historical dates: parse EDTF and English forms into day bounds, and display them back.

A history course rarely knows "the" day of an event.  A :class:`HistoricalDate` therefore
holds the *earliest* and the *latest* possible day, the precision it was written with and
its flags (approximate, uncertain, open-ended).  Sorting, timelines and "is this inside that
period" use the bounds, never a made-up single day.

Calendar: the proleptic Gregorian calendar with astronomical year numbering (year 0 is
1 BCE, year -43 is 44 BCE), so the arithmetic works for any year; :mod:`datetime` cannot
hold BCE years and is used only as an input type.

Conventions worth knowing:

* Seasons are those of the northern hemisphere: spring March–May, summer June–August,
  autumn September–November, winter December of the named year to February of the next.
* ``early``/``mid``/``late`` narrow a year to January–April / May–August /
  September–December and a month to days 1–10 / 11–20 / 21–end.  The precision stays that
  of the unit they qualify ("early 1993" has precision ``'year'``, narrower bounds).
* Centuries are counted strictly: the 19th century is 1801–1900, the 5th century BCE is
  500–401 BCE.  EDTF ``19XX`` means the years 1900–1999 (precision ``'century'``) and is
  displayed as "1900–1999".
* EDTF unspecified digits (X) are read as the span of every value they can take, and
  only trailing digits may be X so that the span is unbroken: ``198X`` is the 1980s,
  ``1XXX`` 1000–1999, ``1984-1X`` October–December 1984, ``1984-12-3X`` 30–31 December
  1984.  ``XXXX`` (no year at all), ``156X-12-25`` (ten separate days) and X in BCE years
  are refused.
* Every form is held to the same years: 1000000000 BCE to AD 999999999 (a century or decade reaching
  past them is refused like a year would be), and a date is at most 200 characters.  A year
  after 9999 is written with its era (``AD 12345``) or EDTF's prefix (``Y12345``), so that
  ``19920607`` is not read as a year, and prints as ``AD 12345``.
* A range's precision is that of its start.  Flags belong to the whole date: an
  approximate or uncertain end makes the whole date approximate or uncertain.
* An open range keeps the bounds of its known end (``1993-06/..`` spans June 1993 and is
  displayed "from June 1993").

This module imports only the standard library.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field, replace

__all__ = [
    "HistoricalDate",
    "TimeOfDay",
    "DateError",
    "parse_date",
    "day_number",
    "from_day_number",
    "days_in_month",
    "round_years",
    "count_round_years",
    "Ymd",
]

Ymd = tuple[int, int, int]
"""(year, month, day) with astronomical year numbering (0 = 1 BCE, -43 = 44 BCE)."""

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTH_LOOKUP: dict[str, int] = {}
for _i, _name in enumerate(_MONTHS, start=1):
    _MONTH_LOOKUP[_name.lower()] = _i
    _MONTH_LOOKUP[_name[:3].lower()] = _i
_MONTH_LOOKUP["sept"] = 9
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_SEASON_NAME = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}
_PRECISIONS = ("day", "month", "season", "year", "decade", "century")
_QUALIFIERS = ("", "early", "mid", "late")
_FINER = {"century": "year", "decade": "year", "year": "month", "season": "month", "month": "day"}
_EXAMPLES = "write e.g. 1992-06-07, 7 June 1992, June 1992, autumn 1987, 1990s or c. 1200 BCE"
_MAX_CE_YEAR = 999_999_999  # EDTF level 1's own example, Y170000002, must read
_MAX_BCE_YEAR = 1_000_000_000
_MIN_YEAR = 1 - _MAX_BCE_YEAR  # astronomical
_MAX_PLAIN_YEAR = 9999  # beyond it a year is written with its era (AD 12345) or EDTF's Y prefix
_LIMITS = "dates run from 1000000000 BCE to AD 999999999"
_MAX_LENGTH = 200  # characters: the longest accepted date is well under half of this


class DateError(ValueError):
    """A date that cannot be read: names the input, what is wrong, and how to write it."""

    def __init__(self, text: str, reason: str, hint: str = "") -> None:
        self.text = text
        self.reason = reason
        self.hint = hint
        message = f"invalid date '{text}': {reason}"
        if hint:
            message += f" (hint: {hint})"
        super().__init__(message)

    def __reduce__(self) -> tuple[type[DateError], tuple[str, str, str]]:
        return (DateError, (self.text, self.reason, self.hint))


# --------------------------------------------------------------------------- calendar


def _is_leap(year: int) -> bool:
    # Python's % floors, so this holds for year 0 and negative years too.
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """Number of days in ``month`` of ``year`` (proleptic Gregorian, any integer year)."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist")
    if month == 2:
        return 29 if _is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def day_number(ymd: Ymd) -> int:
    """Proleptic Gregorian day count; equals ``datetime.date.toordinal`` for years 1–9999.

    Valid for any integer year (year 0 and negative years included); consecutive days
    differ by exactly 1.  Raises ValueError for a day that does not exist.
    """
    year, month, day = ymd
    if not 1 <= month <= 12 or not 1 <= day <= days_in_month(year, month):
        raise ValueError(f"no such day: {ymd!r}")
    # Howard Hinnant's days_from_civil, shifted so that 0001-01-01 is day 1.
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 305


def from_day_number(n: int) -> Ymd:
    """The (year, month, day) of day number ``n``; inverse of :func:`day_number`."""
    z = n + 305
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return (yoe + era * 400 + (month <= 2), month, day)


def _round_year_indices(step: int, first: int, last: int) -> tuple[int, int, int, int]:
    """k ranges: BCE years 1 - k*step for k in [b_lo, b_hi], CE years k*step for k in [c_lo, c_hi]."""
    if step < 1:
        raise ValueError(f"step must be at least 1, not {step}")
    b_lo = max(1, -(-(1 - min(last, 0)) // step))
    b_hi = (1 - first) // step
    c_lo = max(1, -(-max(first, 1) // step))
    c_hi = last // step
    return b_lo, b_hi, c_lo, c_hi


def round_years(step: int, first: int, last: int) -> list[int]:
    """Astronomical years in [first, last] whose number as printed is a multiple of ``step``.

    BCE years count backwards (year -49 is 50 BCE, a multiple of 50), so they are matched
    on their printed number.  Computed from the step, never by walking the years: the work
    is proportional to the number of years returned, whatever the span.
    """
    b_lo, b_hi, c_lo, c_hi = _round_year_indices(step, first, last)
    return [1 - k * step for k in range(b_hi, b_lo - 1, -1)] + [k * step for k in range(c_lo, c_hi + 1)]


def count_round_years(step: int, first: int, last: int) -> int:
    """``len(round_years(step, first, last))`` without making the list (any span, constant time)."""
    b_lo, b_hi, c_lo, c_hi = _round_year_indices(step, first, last)
    return max(0, b_hi - b_lo + 1) + max(0, c_hi - c_lo + 1)


def _span(ymd: Ymd, precision: str, qualifier: str = "") -> tuple[Ymd, Ymd]:
    """Bounds of the unit of ``precision`` containing ``ymd``, narrowed by ``qualifier``."""
    y, m, d = ymd
    if precision == "day":
        return ymd, ymd
    if precision == "month":
        last = days_in_month(y, m)
        lo, hi = {"": (1, last), "early": (1, 10), "mid": (11, 20), "late": (21, last)}[qualifier]
        return (y, m, lo), (y, m, hi)
    if precision == "season":
        start = 12 if m in (12, 1, 2) else (m // 3) * 3
        sy = y - 1 if m in (1, 2) else y
        if start == 12:
            return (sy, 12, 1), (sy + 1, 2, days_in_month(sy + 1, 2))
        return (sy, start, 1), (sy, start + 2, days_in_month(sy, start + 2))
    if precision == "year":
        lo, hi = {"": (1, 12), "early": (1, 4), "mid": (5, 8), "late": (9, 12)}[qualifier]
        return (y, lo, 1), (y, hi, days_in_month(y, hi))
    if precision == "decade":
        if y >= 1:
            first = y // 10 * 10
            return (first, 1, 1), (first + 9, 12, 31)
        bce = (1 - y) // 10 * 10  # decade as written, e.g. 440 for the 440s BCE
        return (1 - (bce + 9), 1, 1), (1 - bce, 12, 31)
    if precision == "century":
        if y >= 1:
            c = (y - 1) // 100 + 1
            return (100 * (c - 1) + 1, 1, 1), (100 * c, 12, 31)
        c = ((1 - y) - 1) // 100 + 1
        return (1 - 100 * c, 1, 1), (-100 * (c - 1), 12, 31)
    raise ValueError(f"unknown precision {precision!r}")


# --------------------------------------------------------------------------- display


def _year_text(year: int) -> str:
    """'1992', 'AD 9' (years 1–999 and after 9999) or '44 BCE' (year <= 0)."""
    if year <= 0:
        return f"{1 - year} BCE"
    if year < 1000 or year > _MAX_PLAIN_YEAR:
        return f"AD {year}"
    return str(year)


def _ordinal(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _render(start: Ymd, precision: str, qualifier: str, short: bool) -> tuple[str, str | None, str]:
    """Text of the unit starting at ``start``: (full text, head that may drop the year, year text).

    The head is None when the year cannot be shared with a range's other end.
    """
    y, m, d = start
    name = _MONTHS[m - 1][:3] if short else _MONTHS[m - 1]
    year = _year_text(y)
    if precision == "day":
        head = f"{d} {name}"
        return f"{head} {year}", head, year
    if precision == "month":
        if qualifier:
            lead = "mid-" if qualifier == "mid" else f"{qualifier} "
            return f"{lead}{_MONTHS[m - 1][:3]} {year}", None, year
        return f"{name} {year}", name, year
    if precision == "season":
        head = _SEASON_NAME[m]
        return f"{head} {year}", head, year
    if precision == "year":
        if qualifier:
            lead = "mid-" if qualifier == "mid" else f"{qualifier} "
            return f"{lead}{year}", None, year
        return year, None, year
    if precision == "decade":
        if y >= 1:
            text = f"{y}s" if y >= 1000 else f"AD {y}s"
        else:
            text = f"{1 - y - 9}s BCE"
        return text, None, text
    if precision == "century":
        if y >= 1:
            text = f"{_ordinal((y - 1) // 100 + 1)} century"
        else:
            text = f"{_ordinal((1 - y) // 100)} century BCE"
        return text, None, text
    raise ValueError(f"unknown precision {precision!r}")


def _align(ymd: Ymd, precision: str, qualifier: str, end: bool) -> tuple[str, str]:
    """The coarsest (precision, qualifier) whose unit starts (or, with `end`, ends) exactly at ``ymd``."""
    while _span(ymd, precision, qualifier)[1 if end else 0] != ymd:
        if qualifier:
            qualifier = ""
        else:
            precision = _FINER[precision]
    return precision, qualifier


def _flagged(text: str, approximate: bool, uncertain: bool) -> str:
    return ("c. " if approximate else "") + text + ("?" if uncertain else "")


def _join(first: str, second: str) -> str:
    """'1988–1989', 'March–May 1993', '19–20 January 1990'; spaced when an end has words."""
    tight = " " not in first and first[:1].isdigit() == second[:1].isdigit()
    return f"{first}–{second}" if tight else f"{first} – {second}"


# --------------------------------------------------------------------------- the type


@dataclass(frozen=True)
class TimeOfDay:
    """A time of day written with a full date: local time unless a UTC offset was given.

    Kept only to be printed with the date ("11:00", "23:20:30 UTC", "11:00 UTC−04:00");
    the date's bounds stay whole days, so sorting and periods ignore it.
    """

    hour: int
    minute: int
    second: int = 0
    offset: int | None = None
    """Minutes east of UTC: 0 for ``Z``/UTC, -240 for ``-04``; None for local time."""

    def __post_init__(self) -> None:
        if not (0 <= self.hour <= 23 and 0 <= self.minute <= 59):
            raise ValueError(f"no such time: {self.hour:02d}:{self.minute:02d}")
        if not (0 <= self.second <= 59 or (self.second == 60 and self.minute == 59)):  # leap second
            raise ValueError(f"no such second: {self.second}")
        if self.offset is not None and not -24 * 60 < self.offset < 24 * 60:
            raise ValueError(f"a UTC offset is less than 24 hours, not {self.offset} minutes")

    def text(self) -> str:
        """'11:00', '23:20:30', '11:00 UTC', '11:00 UTC−04:00' (seconds only when not zero)."""
        shown = f"{self.hour:02d}:{self.minute:02d}" + (f":{self.second:02d}" if self.second else "")
        if self.offset is None:
            return shown
        if self.offset == 0:
            return f"{shown} UTC"
        sign = "+" if self.offset > 0 else "\u2212"
        return f"{shown} UTC{sign}{abs(self.offset) // 60:02d}:{abs(self.offset) % 60:02d}"

    def _utc_seconds(self) -> int:
        return 3600 * self.hour + 60 * (self.minute - (self.offset or 0)) + self.second


@dataclass(frozen=True)
class HistoricalDate:
    """A date as history knows it: the earliest and latest possible day, precision, flags.

    Equality compares bounds, precision, flags and times of day (not the text as
    written); ordering compares :meth:`sort_key`, whole days only.  ``time`` is the time of
    day of the start (or of the one day), ``end_time`` that of a range's end; each needs
    its end to be a single day.  Build one with :func:`parse_date`.
    """

    earliest: Ymd
    latest: Ymd
    precision: str
    approximate: bool = False
    uncertain: bool = False
    open_start: bool = False
    open_end: bool = False
    time: TimeOfDay | None = None
    end_time: TimeOfDay | None = None
    text: str = field(default="", compare=False)
    _qualifier: str = field(default="", compare=False, repr=False)
    _end_precision: str = field(default="", compare=False, repr=False)
    _end_qualifier: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.precision not in _PRECISIONS:
            raise ValueError(f"precision must be one of {_PRECISIONS}, not {self.precision!r}")
        if self._end_precision and self._end_precision not in _PRECISIONS:
            raise ValueError(f"unknown end precision {self._end_precision!r}")
        if self._qualifier not in _QUALIFIERS or self._end_qualifier not in _QUALIFIERS:
            raise ValueError("qualifier must be '', 'early', 'mid' or 'late'")
        if day_number(self.latest) < day_number(self.earliest):
            raise ValueError(f"latest {self.latest} is before earliest {self.earliest}")
        if self.open_start and self.open_end:
            raise ValueError("a date cannot be open at both ends")
        if self.earliest[0] < _MIN_YEAR or self.latest[0] > _MAX_CE_YEAR:
            raise ValueError(f"{self.earliest}–{self.latest} is out of range: {_LIMITS}")
        if self.time is not None and (self.precision != "day" or self._qualifier):
            raise ValueError("a time of day needs a start that is one day")
        if self.end_time is not None and (self._end_precision != "day" or self._end_qualifier):
            raise ValueError("an end time of day needs a range whose end is one day")

    # -- bounds
    @property
    def earliest_day(self) -> int:
        """Day number (see :func:`day_number`) of the first possible day."""
        return day_number(self.earliest)

    @property
    def latest_day(self) -> int:
        """Day number of the last possible day."""
        return day_number(self.latest)

    @property
    def midpoint_day(self) -> int:
        """Day number halfway between the bounds (rounded down): where to draw a marker."""
        return (self.earliest_day + self.latest_day) // 2

    @property
    def is_range(self) -> bool:
        """True for a date written with two ends, or open at one end."""
        return self.open_start or self.open_end or not self._is_single()

    def _is_single(self) -> bool:
        if self._end_precision:
            return False
        return _span(self.earliest, self.precision, self._qualifier) == (self.earliest, self.latest)

    def overlaps(self, other: HistoricalDate) -> bool:
        """Whether the two dates' bounds share at least one day (inclusive)."""
        return self.earliest_day <= other.latest_day and other.earliest_day <= self.latest_day

    def within(self, start: HistoricalDate, end: HistoricalDate) -> bool:
        """Whether this date overlaps the span from ``start``'s earliest to ``end``'s latest day."""
        return self.earliest_day <= end.latest_day and start.earliest_day <= self.latest_day

    def sort_key(self) -> tuple[int, int]:
        """(earliest_day, latest_day): the order of a chronology."""
        return (self.earliest_day, self.latest_day)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, HistoricalDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, HistoricalDate):
            return NotImplemented
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, HistoricalDate):
            return NotImplemented
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, HistoricalDate):
            return NotImplemented
        return self.sort_key() >= other.sort_key()

    # -- display
    def __str__(self) -> str:
        return self.display("long")

    def display(self, style: str = "long") -> str:
        """English text that parses back to the same bounds and flags.

        ``'long'`` writes month names in full ("7 June 1992"); ``'short'`` abbreviates
        them ("7 Jun 1992", "19–20 Jan 1990").  A time of day follows its day:
        "11 November 1918, 11:00", "19 January 1990, 23:00 – 20 January 1990, 00:30 UTC".
        """
        if style not in ("long", "short"):
            raise ValueError(f"style must be 'long' or 'short', not {style!r}")
        short = style == "short"
        if self.open_start or self.open_end or self._is_single():
            precision, qualifier = _align(self.earliest, self.precision, self._qualifier, end=False)
            text = _render(self.earliest, precision, qualifier, short)[0]
            if self.time is not None:
                text += f", {self.time.text()}"
            text = _flagged(text, self.approximate, self.uncertain)
            if self.open_end:
                return f"from {text}"
            if self.open_start:
                return f"until {text}"
            return text
        return _flagged(self._range_text(short), self.approximate, self.uncertain)

    def _range_text(self, short: bool) -> str:
        s_prec, s_qual = _align(self.earliest, self.precision, self._qualifier, end=False)
        if self._end_precision:
            e_prec, e_qual = self._end_precision, self._end_qualifier
        else:
            e_prec, e_qual = self.precision, ""
        e_prec, e_qual = _align(self.latest, e_prec, e_qual, end=True)
        e_start = _span(self.latest, e_prec, e_qual)[0]
        s_full, s_head, s_year = _render(self.earliest, s_prec, s_qual, short)
        e_full, _, e_year = _render(e_start, e_prec, e_qual, short)
        candidates: list[str] = []
        if s_head is not None and s_year == e_year:
            if s_prec == e_prec == "day" and self.earliest[:2] == e_start[:2]:
                candidates.append(_join(str(self.earliest[2]), e_full))
            candidates.append(_join(s_head, e_full))
        if s_prec in ("year", "decade", "century") and not s_qual and e_full.endswith(" BCE"):
            candidates.append(_join(s_full[: -len(" BCE")], e_full))
        if self.time is not None or self.end_time is not None:  # each end whole, with its time
            s_full += f", {self.time.text()}" if self.time is not None else ""
            e_full += f", {self.end_time.text()}" if self.end_time is not None else ""
            return _join(s_full, e_full)
        full = _join(s_full, e_full)
        for candidate in candidates:
            try:
                back = _parse_norm(candidate.lower(), candidate)
            except DateError:
                continue
            if (back.earliest, back.latest, back.precision) == (self.earliest, self.latest, self.precision):
                return candidate
        return full

    def year_label(self) -> str:
        """The years the bounds cover: "1992", "44 BCE", "1988–1989", "1200–1150 BCE"."""
        y1, y2 = self.earliest[0], self.latest[0]
        if y1 == y2:
            return _year_text(y1)
        if y2 <= 0:
            return f"{1 - y1}–{1 - y2} BCE"
        if y1 >= 1000:
            return f"{y1}–{y2}"
        if y1 >= 1:
            return f"AD {y1}–{y2}"
        return f"{_year_text(y1)} – {_year_text(y2)}"


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class _Point:
    """One end of a date, resolved to bounds."""

    earliest: Ymd
    latest: Ymd
    precision: str
    qualifier: str = ""
    approximate: bool = False
    uncertain: bool = False
    time: TimeOfDay | None = None

    def same_unit(self, other: _Point) -> bool:
        return (self.earliest, self.latest, self.precision, self.qualifier, self.time) == (
            other.earliest, other.latest, other.precision, other.qualifier, other.time)


@dataclass(frozen=True)
class _Raw:
    """One end of a human date as written, before a range's shared parts are filled in."""

    kind: str  # 'day' | 'month' | 'season' | 'year' | 'decade' | 'century' | 'edtf'
    year: int | None = None  # as written (BCE years positive); None when left to the other end
    era: str = ""  # 'bce' | 'ce' | '' (not written)
    month: int | None = None
    day: int | None = None
    season: int | None = None  # start month: 3, 6, 9, 12
    qualifier: str = ""
    approximate: bool = False
    uncertain: bool = False
    point: _Point | None = None  # for kind 'edtf'
    time: TimeOfDay | None = None  # for kind 'day'


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        raise DateError(str(value), "a yes/no value is not a date", _EXAMPLES)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime):
        shift = value.utcoffset()
        zone = ""
        if shift is not None:  # an aware datetime keeps its zone: Z or ±hh:mm
            minutes = int(shift.total_seconds() / 60)  # whole minutes, toward zero
            sign = "+" if minutes > 0 else "-"
            zone = "Z" if minutes == 0 else f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        return (f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
                f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}{zone}")
    if isinstance(value, datetime.date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, str):
        return value
    raise DateError(str(value), f"expected text, a year or a date, not {type(value).__name__}", _EXAMPLES)


_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_DASHES = str.maketrans({"—": "–", "‒": "–", "―": "–", "−": "-", "’": "'", "‘": "'"})


def _normalise(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_DASHES)).strip().lower()


def parse_date(text: str | int | datetime.date) -> HistoricalDate:
    """Read a date written in EDTF (levels 0 and 1) or in English; raise :class:`DateError`.

    An int (a bare YAML year) and a ``datetime.date`` give exactly the result of the
    same value written as a string.
    """
    original = _as_text(text)
    norm = _normalise(original)
    if not norm:
        raise DateError(original, "the date is empty", _EXAMPLES)
    if len(norm) > _MAX_LENGTH:
        raise DateError(original[:60] + "…", f"{len(norm)} characters is too long for one date "
                        f"(at most {_MAX_LENGTH})", _EXAMPLES)
    return _parse_norm(norm, original)


def _parse_norm(s: str, text: str) -> HistoricalDate:
    if "/" in s:
        return _parse_interval(s, text)
    point = _edtf_point(s, text)
    if point is not None:
        return _single(point, text)
    return _parse_human(s, text)


def _single(p: _Point, text: str, *, approximate: bool = False, uncertain: bool = False,
            open_start: bool = False, open_end: bool = False) -> HistoricalDate:
    if (open_start or open_end) and _span(p.earliest, p.precision, p.qualifier) != (p.earliest, p.latest):
        # 19XX (1900–1999) is no named unit: "from"/"until" could not say where it ends.
        known = p.earliest if open_end else p.latest
        edtf = f"{'-' if known[0] < 0 else ''}{abs(known[0]):04d}-{known[1]:02d}-{known[2]:02d}"
        raise DateError(text, "an open range cannot have unspecified digits (X, XX) in its known end",
                        f"write its first or last day, e.g. {edtf}/.." if open_end else
                        f"write its first or last day, e.g. ../{edtf}")
    return HistoricalDate(
        p.earliest, p.latest, p.precision,
        approximate=p.approximate or approximate,
        uncertain=p.uncertain or uncertain,
        open_start=open_start, open_end=open_end, time=p.time,
        text=text, _qualifier=p.qualifier,
    )


def _describe(p: _Point) -> str:
    return _render(p.earliest, *_align(p.earliest, p.precision, p.qualifier, end=False), False)[0]


def _combine(a: _Point, b: _Point, text: str, approximate: bool, uncertain: bool) -> HistoricalDate:
    """The range from ``a`` to ``b``; its precision is ``a``'s."""
    if day_number(b.latest) < day_number(a.earliest):
        raise DateError(text, f"the end ({_describe(b)}) is before the start ({_describe(a)})",
                        f"{_describe(b)} – {_describe(a)}")
    if (a.time is not None and b.time is not None and a.latest == b.earliest
            and (a.time.offset is None) == (b.time.offset is None)
            and b.time._utc_seconds() < a.time._utc_seconds()):
        raise DateError(text, f"the end ({b.time.text()}) is before the start ({a.time.text()}) "
                        "on the same day", "write the earlier time first")
    approximate = approximate or a.approximate or b.approximate
    uncertain = uncertain or a.uncertain or b.uncertain
    if a.same_unit(b):
        return _single(a, text, approximate=approximate, uncertain=uncertain)
    return HistoricalDate(
        a.earliest, b.latest, a.precision, approximate, uncertain, time=a.time, end_time=b.time, text=text,
        _qualifier=a.qualifier, _end_precision=b.precision, _end_qualifier=b.qualifier,
    )


# -- EDTF

_EDTF = re.compile(r"(?P<y>-?[0-9x]{4})(?:-(?P<m>[0-9x]{2})(?:-(?P<d>[0-9x]{2}))?)?"
                   r"(?:t(?P<t>[0-9:]*)(?P<z>z|[+-][0-9:]*)?)?(?P<q>[~?%]*)")
_EDTF_LONG_YEAR = re.compile(r"y(?P<y>-?\d{5,})")  # level 1 letter-prefixed year: Y-20000
_EDTF_TIME = re.compile(r"(?P<h>\d{2}):(?P<mi>\d{2}):(?P<s>\d{2})")
_EDTF_SHIFT = re.compile(r"(?P<sign>[+-])(?P<h>\d{2})(?::(?P<mi>\d{2}))?")
_TIME_EXAMPLE = "e.g. 1918-11-11T11:00:00, 1918-11-11T11:00:00Z or 11 November 1918, 11:00"


def _time_of_day(hour: int, minute: int, second: int, offset: int | None, text: str) -> TimeOfDay:
    """A checked TimeOfDay; a time that does not exist is a DateError naming the wrong part."""
    if not 0 <= hour <= 23:
        hint = "midnight at the end of a day is 00:00 of the next day" if hour == 24 else _TIME_EXAMPLE
        raise DateError(text, f"hour {hour} does not exist (hours run from 00 to 23)", hint)
    if not 0 <= minute <= 59:
        raise DateError(text, f"minute {minute} does not exist (minutes run from 00 to 59)", _TIME_EXAMPLE)
    if not (0 <= second <= 59 or (second == 60 and minute == 59)):
        raise DateError(text, f"second {second} does not exist (seconds run from 00 to 59, "
                        "60 only for a leap second at minute 59)", _TIME_EXAMPLE)
    if offset is not None and not -24 * 60 < offset < 24 * 60:
        raise DateError(text, "a UTC offset is less than 24 hours", "e.g. +04:00 or -04:30")
    return TimeOfDay(hour, minute, second, offset)


def _edtf_time(t: str, z: str | None, date: str, text: str) -> TimeOfDay:
    """The ``hh:mm:ss`` and optional ``Z``/``±hh``/``±hh:mm`` of an EDTF date and time."""
    m = _EDTF_TIME.fullmatch(t)
    if m is None:
        if re.fullmatch(r"\d{2}:\d{2}", t):
            raise DateError(text, "an EDTF time has hours, minutes and seconds (hh:mm:ss)",
                            f"{date.upper()}T{t}:00")
        raise DateError(text, f"the time '{t}' is not hh:mm:ss", _TIME_EXAMPLE)
    offset = None
    if z == "z":
        offset = 0
    elif z is not None:
        shift = _EDTF_SHIFT.fullmatch(z)
        if shift is None:
            raise DateError(text, f"the time shift '{z}' is not Z, ±hh or ±hh:mm", _TIME_EXAMPLE)
        if int(shift["mi"] or 0) > 59:
            raise DateError(text, f"minute {shift['mi']} of the time shift does not exist", "e.g. +04:30")
        offset = (60 * int(shift["h"]) + int(shift["mi"] or 0)) * (-1 if shift["sign"] == "-" else 1)
    return _time_of_day(int(m["h"]), int(m["mi"]), int(m["s"]), offset, text)


def _flags(q: str, text: str) -> tuple[bool, bool]:
    if len(set(q)) != len(q) or ("%" in q and len(q) > 1):
        raise DateError(text, f"qualifier '{q}' repeats itself", "use ~ (approximate), ? (uncertain) or % (both)")
    return ("~" in q or "%" in q), ("?" in q or "%" in q)


def _check_day(year: int, month: int, day: int, text: str, hint_style: str) -> None:
    last = days_in_month(year, month)
    if 1 <= day <= last:
        return
    where = f"{_MONTHS[month - 1]} {_year_text(year)}"
    reason = f"day {day} does not exist in {where}"
    if month == 2 and day == 29:
        reason += f" ({_year_text(year)} is not a leap year)"
    if day < 1:
        return_hint = ""
    elif hint_style == "edtf":
        return_hint = f"{'-' if year < 0 else ''}{abs(year):04d}-{month:02d}-{last:02d}"
    else:
        return_hint = f"{last} {_MONTHS[month - 1]} {_year_text(year)}"
    raise DateError(text, reason, return_hint)


def _edtf_point(s: str, text: str) -> _Point | None:
    """An EDTF level 0/1 date without '/', or None if ``s`` is not shaped like one.

    Letter-prefixed years (``Y-20000``) are read within the same year limits as every form.
    """
    m = _EDTF.fullmatch(s)
    if m is None:
        long_year = _EDTF_LONG_YEAR.fullmatch(s)
        if long_year is None:
            return None
        year = int(long_year["y"])
        if not _MIN_YEAR <= year <= _MAX_CE_YEAR:
            shown = f"{1 - year} BCE" if year <= 0 else str(year)
            raise DateError(text, f"year {shown} is out of range: {_LIMITS}")
        lo, hi = _span((year, 1, 1), "year")
        return _Point(lo, hi, "year")
    ys, ms, ds, q = m["y"], m["m"], m["d"], m["q"]
    approximate, uncertain = _flags(q, text)
    if m["t"] is not None:
        return _edtf_date_time(m, approximate, uncertain, text)
    if "x" in ys + (ms or "") + (ds or ""):
        return _unspecified(ys, ms, ds, approximate, uncertain, text)
    digits = ys.lstrip("-")
    negative = ys.startswith("-")
    year = -int(digits) if negative else int(digits)
    if ms is None:
        lo, hi = _span((year, 1, 1), "year")
        return _Point(lo, hi, "year", approximate=approximate, uncertain=uncertain)
    month = int(ms)
    if 21 <= month <= 24:
        if ds is not None:
            raise DateError(text, "a season (21–24) cannot have a day", f"{ys}-{ms}")
        lo, hi = _span((year, {21: 3, 22: 6, 23: 9, 24: 12}[month], 1), "season")
        return _Point(lo, hi, "season", approximate=approximate, uncertain=uncertain)
    if not 1 <= month <= 12:
        hint = "seasons are 21 spring, 22 summer, 23 autumn, 24 winter" if month > 24 else ""
        raise DateError(text, f"month {ms} does not exist", hint)
    if ds is None:
        lo, hi = _span((year, month, 1), "month")
        return _Point(lo, hi, "month", approximate=approximate, uncertain=uncertain)
    day = int(ds)
    _check_day(year, month, day, text, "edtf")
    return _Point((year, month, day), (year, month, day), "day",
                  approximate=approximate, uncertain=uncertain)


def _edtf_date_time(m: re.Match[str], approximate: bool, uncertain: bool, text: str) -> _Point:
    """EDTF level 0 date and time: a full calendar date, ``T``, ``hh:mm:ss``, a shift or not."""
    date = m.string[: m.start("t") - 1]
    if m["d"] is None or "x" in date:
        raise DateError(text, f"a time of day needs a full date with a known day, and {date.upper()} is not one",
                        "e.g. 1918-11-11T11:00:00")
    day = _edtf_point(date, text)
    assert day is not None
    time = _edtf_time(m["t"], m["z"], date, text)
    return _Point(day.earliest, day.latest, "day", approximate=approximate, uncertain=uncertain, time=time)


def _unspecified(ys: str, ms: str | None, ds: str | None, approximate: bool, uncertain: bool,
                 text: str) -> _Point:
    """EDTF unspecified digits (X): the span of every value the digits can take.

    Only trailing digits may be unknown (``198X``, ``1XXX``, ``1984-1X``, ``1984-12-3X``),
    so that the date is one unbroken span; ``156X-12-25`` (ten separate days) is refused,
    and so is ``XXXX``, which says nothing at all.
    """
    flags = {"approximate": approximate, "uncertain": uncertain}
    digits = ys.lstrip("-")
    if ys.startswith("-"):
        raise DateError(text, "unspecified digits (X) are not supported in negative years",
                        "write e.g. 440s BCE or 5th century BCE")
    if digits == "xxxx":
        raise DateError(text, "XXXX says nothing about the year",
                        "leave the date out, or give what is known, e.g. 19XX or ../1990")
    parts = [p for p in (digits, ms, ds) if p is not None]
    joined = "".join(parts)
    if "x" in joined[: joined.index("x")] or set(joined[joined.index("x"):]) != {"x"}:
        # A known digit after an unknown one: the date names separate days, not one span.
        shown, seen = [], False
        for part in parts:
            if seen:
                break
            if "x" in part:
                part, seen = part[: part.index("x")] + "x" * (len(part) - part.index("x")), True
            shown.append(part)
        hint = ("-" if ys.startswith("-") else "") + "-".join(shown).upper()
        if "x" in digits and set(digits[digits.index("x"):]) != {"x"}:
            raise DateError(text, "only the last digits of a year may be X", hint)
        if "x" in digits:
            raise DateError(text, "a year with unspecified digits cannot have a known month or day", hint)
        raise DateError(text, "unspecified digits (X) must come last: a known digit after them "
                        "names separate days, not one span", hint)
    unknown = digits.count("x")
    if unknown:
        first = int(digits.replace("x", "0"))
        if first < 10:
            raise DateError(text, "unspecified digits are supported from year 0010 on",
                            "write e.g. 1st century or AD 1 – AD 9")
        precision = "decade" if unknown == 1 else "century"
        return _Point((first, 1, 1), (first + 10 ** unknown - 1, 12, 31), precision, **flags)
    year = int(digits)
    assert ms is not None
    if ms == "xx":
        lo, hi = _span((year, 1, 1), "year")
        return _Point(lo, hi, "year", **flags)
    if "x" in ms:
        if ms not in ("0x", "1x"):
            raise DateError(text, f"month {ms.upper()} does not exist",
                            f"{ys}-0X (January–September), {ys}-1X (October–December) or {ys}-XX")
        lo_m, hi_m = (1, 9) if ms == "0x" else (10, 12)
        return _Point((year, lo_m, 1), (year, hi_m, days_in_month(year, hi_m)), "month", **flags)
    month = int(ms)
    if 21 <= month <= 24:
        raise DateError(text, "a season (21–24) cannot have a day", f"{ys}-{ms}")
    if not 1 <= month <= 12:
        raise DateError(text, f"month {ms} does not exist", f"{ys}-XX")
    assert ds is not None
    last = days_in_month(year, month)
    if ds == "xx":
        return _Point((year, month, 1), (year, month, last), "month", **flags)
    tens = int(ds[0])
    lo_d, hi_d = max(1, 10 * tens), min(10 * tens + 9, last)
    if lo_d > hi_d:
        raise DateError(text, f"{_MONTHS[month - 1]} {_year_text(year)} has no day "
                        f"{10 * tens:02d}–{10 * tens + 9}", f"{ys}-{ms}-XX")
    return _Point((year, month, lo_d), (year, month, hi_d), "day", **flags)


def _parse_interval(s: str, text: str) -> HistoricalDate:
    """EDTF ``a/b``, ``a/..``, ``../b``, ``a/`` or ``/b``; or a slashed date we refuse."""
    parts = [p.strip() for p in s.split("/")]
    if len(parts) != 2 or not all(_EDTF.fullmatch(p) or _EDTF_LONG_YEAR.fullmatch(p) or p in ("", "..")
                                  for p in parts):
        raise DateError(text, _slash_reason(s), _slash_hint(s))
    a, b = parts
    if a in ("", "..") and b in ("", ".."):
        raise DateError(text, "an interval needs at least one known end", "e.g. 1993-06/..")
    start = None if a in ("", "..") else _edtf_point(a, text)
    end = None if b in ("", "..") else _edtf_point(b, text)
    if start is None:
        assert end is not None
        return _single(end, text, open_start=True)
    if end is None:
        return _single(start, text, open_end=True)
    return _combine(start, end, text, False, False)


def _slash_reason(s: str) -> str:
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", s):
        return "a day/month/year date with slashes is ambiguous (is 06/07 June 7 or 6 July?)"
    if re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2}", s) or re.fullmatch(r"\d{1,2}/\d{4}", s):
        return "slashes separate the two ends of an EDTF interval, not parts of a date"
    return "each end of an interval with '/' must be an EDTF date (1990-01-19/1990-01-20), '..' or empty"


def _slash_hint(s: str) -> str:
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", s)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        month, day = (a, b) if a <= 12 else (b, a)
        if 1 <= month <= 12 and 1 <= day <= days_in_month(y, month):
            return f"use {y:04d}-{month:02d}-{day:02d} or {day} {_MONTHS[month - 1]} {_year_text(y)}"
        return "use YYYY-MM-DD or e.g. 7 June 1992"
    m = re.fullmatch(r"(\d{4})/(\d{1,2})/(\d{1,2})", s)
    if m:
        return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    m = re.fullmatch(r"(\d{1,2})/(\d{4})", s)
    if m and 1 <= int(m[1]) <= 12:
        return f"{m[2]}-{int(m[1]):02d} or {_MONTHS[int(m[1]) - 1]} {m[2]}"
    return "e.g. 1990-01-19/1990-01-20, 1993-06/.. or ../1990"


# -- human forms

_APPROX_PREFIX = re.compile(r"^(?:circa|ca\.?|c\.|c(?=[\s\d])|~|about)\s*")
_UNCERTAIN_SUFFIX = re.compile(r"\s*(?P<q>[~?%]+)$")
_SEPARATOR = re.compile(r"\s*–\s*|\s+-\s+|\s+to\s+")
_ERA_PRE = r"(?:(?P<pre>ad|a\.d\.)\s*)?"
_ERA_POST = r"(?:\s*(?P<post>bce|b\.c\.e\.|bc|b\.c\.|ce|c\.e\.|ad|a\.d\.))?"
_YEAR = _ERA_PRE + r"(?P<year>\d+)" + _ERA_POST
_WORD = r"(?P<word>[a-z]+)\.?"
_H_CENTURY = re.compile(r"(?:the\s+)?(?P<num>\d+)(?P<suf>st|nd|rd|th)\s+century" + _ERA_POST)
_H_DECADE = re.compile(_ERA_PRE + r"(?P<year>\d*0)s" + _ERA_POST)
_H_QUALIFIED = re.compile(r"(?P<q>early|mid|late)(?:\s*-\s*|\s+)(?P<rest>.+)")
_H_DMY = re.compile(r"(?P<day>\d{1,2})\s+" + _WORD + r",?\s+" + _YEAR)
_H_MDY = re.compile(_WORD + r"\s+(?P<day>\d{1,2}),?\s+" + _YEAR)
_H_WY = re.compile(_WORD + r",?\s+" + _YEAR)
_H_DM = re.compile(r"(?P<day>\d{1,2})\s+" + _WORD)
_H_W = re.compile(_WORD)
_H_Y = re.compile(_YEAR)
_H_TIME = re.compile(r"(?P<date>.*?[^\s,])(?:\s*,\s*|\s+)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?"
                     r"(?:\s*(?P<zone>utc|gmt)(?:(?P<sign>[+-])(?P<oh>\d{1,2})(?::(?P<om>\d{2}))?)?)?")


def _strip_flags(s: str, text: str) -> tuple[str, bool, bool]:
    approximate = uncertain = False
    m = _APPROX_PREFIX.match(s)
    if m:
        approximate, s = True, s[m.end():]
        again = _APPROX_PREFIX.match(s)
        if again:
            rest = s
            while (more := _APPROX_PREFIX.match(rest)) and more.end():
                rest = rest[more.end():]
            raise DateError(text, f"'{m[0].strip()}' and '{again[0].strip()}' both say approximate: "
                            "write it once", f"c. {rest}".strip())
    m = _UNCERTAIN_SUFFIX.search(s)
    if m:
        a, uncertain = _flags(m["q"], text)
        approximate = approximate or a
        s = s[: m.start()]
    return s.strip(), approximate, uncertain


def _era(m: re.Match[str], text: str) -> str:
    pre, post = m.groupdict().get("pre"), m["post"]
    if pre and post:
        raise DateError(text, "the era is written twice", "e.g. AD 9 or 44 BCE")
    era = (pre or post or "").replace(".", "")
    return {"bce": "bce", "bc": "bce", "ce": "ce", "ad": "ce", "": ""}[era]


def _word(word: str, text: str, s: str) -> tuple[str, int]:
    """('month', n) or ('season', start month) for a word; unknown words get a spelling hint."""
    if word in _MONTH_LOOKUP:
        return "month", _MONTH_LOOKUP[word]
    if word in _SEASON_START:
        return "season", _SEASON_START[word]
    names = [n.lower() for n in _MONTHS] + list(_SEASON_START)
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if not close:
        raise DateError(text, "not a recognised date", _diagnose(s, text))
    fixed = s.replace(word, close[0], 1)
    try:
        hint = str(_parse_norm(fixed, fixed))
    except DateError:
        hint = close[0].capitalize() if close[0] in _MONTH_LOOKUP else close[0]
    raise DateError(text, f"'{word}' is not a month or season", hint)


def _raw_point(s: str, text: str, *, edtf_allowed: bool = True) -> _Raw:
    """Read one end of a human date; parts may be missing (left to the other end)."""
    s, approximate, uncertain = _strip_flags(s, text)
    flags = {"approximate": approximate, "uncertain": uncertain}
    if m := _H_TIME.fullmatch(s):
        return _with_time(m, text, edtf_allowed, approximate, uncertain)
    # A plain year stays a human year so a range can give it the other end's era ("1200 – 1150 BCE").
    plain_year = s.isdigit() and not s.startswith("0")
    edtf = _edtf_point(s, text) if edtf_allowed and not plain_year else None
    if edtf is not None:
        return _Raw("edtf", point=_Point(edtf.earliest, edtf.latest, edtf.precision, edtf.qualifier,
                                          edtf.approximate or approximate, edtf.uncertain or uncertain))
    if m := _H_CENTURY.fullmatch(s):
        num = int(m["num"])
        if num < 1:
            raise DateError(text, "there is no century 0", "1st century or 1st century BCE")
        if m["suf"] != _ordinal(num)[-2:]:
            raise DateError(text, f"'{m['num']}{m['suf']}' is misspelt", f"{_ordinal(num)} century")
        return _Raw("century", year=num, era=_era(m, text), **flags)
    if m := _H_DECADE.fullmatch(s):
        return _Raw("decade", year=int(m["year"]), era=_era(m, text), **flags)
    if m := _H_QUALIFIED.fullmatch(s):
        inner = _raw_point(m["rest"], text, edtf_allowed=False)
        if inner.kind not in ("year", "month") or inner.qualifier or inner.approximate or inner.uncertain:
            raise DateError(text, f"'{m['q']}' applies to a year or a month only",
                            "e.g. early 1993, mid-1990, late December 1989")
        return _Raw(inner.kind, inner.year, inner.era, inner.month, qualifier=m["q"], **flags)
    if m := _H_Y.fullmatch(s):
        return _Raw("year", int(m["year"]), _era(m, text), **flags)
    for pattern in (_H_DMY, _H_MDY):
        if m := pattern.fullmatch(s):
            kind, number = _word(m["word"], text, s)
            if kind != "month":
                raise DateError(text, "a season has no days", f"{m['word']} {m['year']}")
            return _Raw("day", int(m["year"]), _era(m, text), number, int(m["day"]), **flags)
    if m := _H_WY.fullmatch(s):
        kind, number = _word(m["word"], text, s)
        era = _era(m, text)
        if kind == "month" and not era and len(m["year"]) <= 2 and 1 <= int(m["year"]) <= 31:
            # "June 7": a month and a day, the year left to the other end of a range
            return _Raw("day", None, "", number, int(m["year"]), **flags)
        if kind == "month":
            return _Raw("month", int(m["year"]), era, number, **flags)
        return _Raw("season", int(m["year"]), era, season=number, **flags)
    if m := _H_DM.fullmatch(s):
        kind, number = _word(m["word"], text, s)
        if kind != "month":
            raise DateError(text, "a season has no days", f"{m['word']} 1990")
        return _Raw("day", None, "", number, int(m["day"]), **flags)
    if m := _H_W.fullmatch(s):
        kind, number = _word(m["word"], text, s)
        if kind == "month":
            return _Raw("month", None, "", number, **flags)
        return _Raw("season", None, "", season=number, **flags)
    raise DateError(text, "not a recognised date", _diagnose(s, text))


def _with_time(m: re.Match[str], text: str, edtf_allowed: bool, approximate: bool, uncertain: bool) -> _Raw:
    """A human date followed by a time of day: '11 November 1918, 11:00', '… 23:20:30 UTC+04:30'."""
    offset = None
    if m["zone"]:
        offset = 0
        if m["sign"]:
            if int(m["om"] or 0) > 59:
                raise DateError(text, f"minute {m['om']} of the UTC offset does not exist", "e.g. UTC+04:30")
            offset = (60 * int(m["oh"]) + int(m["om"] or 0)) * (-1 if m["sign"] == "-" else 1)
    time = _time_of_day(int(m["h"]), int(m["mi"]), int(m["s"] or 0), offset, text)
    inner = _raw_point(m["date"], text, edtf_allowed=edtf_allowed)
    one_day = inner.kind == "day" and inner.time is None and not inner.qualifier
    if inner.kind == "edtf":
        assert inner.point is not None
        one_day = inner.point.precision == "day" and inner.point.earliest == inner.point.latest
        one_day = one_day and inner.point.time is None
        if one_day:
            return replace(inner, approximate=inner.approximate or approximate, uncertain=inner.uncertain or uncertain,
                           point=replace(inner.point, time=time))
    if not one_day:
        if inner.time is not None or (inner.point is not None and inner.point.time is not None):
            raise DateError(text, "a date has one time of day, this has two", "e.g. 11 November 1918, 11:00")
        what = inner.point.precision if inner.point is not None else inner.kind
        what = f"part of a {what}" if inner.qualifier or (inner.point and inner.point.qualifier) else f"a {what}"
        if inner.point is not None and inner.point.earliest != inner.point.latest and what == "a day":
            what = "a span of days"
        raise DateError(text, f"a time of day needs a full date with the day, not {what}",
                        "e.g. 11 November 1918, 11:00")
    return replace(inner, time=time, approximate=inner.approximate or approximate,
                   uncertain=inner.uncertain or uncertain)


def _astronomical(year: int, era: str, text: str) -> int:
    if year == 0:
        if era == "bce":
            raise DateError(text, "there is no year 0 BCE", "1 BCE, or 0000 in EDTF")
        raise DateError(text, "there is no year 0 in AD/BCE numbering", "1 BCE, AD 1, or 0000 in EDTF")
    if era == "bce":
        if year > _MAX_BCE_YEAR:
            raise DateError(text, f"year {year} BCE is out of range: {_LIMITS}")
        return 1 - year
    if year > _MAX_CE_YEAR:
        raise DateError(text, f"year {year} is out of range: {_LIMITS}")
    if year > _MAX_PLAIN_YEAR and era != "ce":
        hint = f"AD {year}, or Y{year} in EDTF"
        digits = str(year)
        if len(digits) == 8:
            y, mo, d = int(digits[:4]), int(digits[4:6]), int(digits[6:])
            if 1 <= mo <= 12 and 1 <= d <= days_in_month(y, mo):
                hint = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
        raise DateError(text, f"a year after 9999 needs its era: {year} alone looks like a mistake", hint)
    return year


def _check_limits(year: int, what: str, text: str, accepted: str) -> None:
    """Refuse a century or decade reaching past the years every other form is held to."""
    if year > _MAX_CE_YEAR:
        raise DateError(text, f"{what} ends after AD 999999999: {_LIMITS}", f"write one of the {accepted}")
    if year < _MIN_YEAR:
        raise DateError(text, f"{what} starts before 1000000000 BCE: {_LIMITS}", f"write one of the {accepted}")


def _resolve(raw: _Raw, text: str, other: _Raw | None = None) -> _Point:
    """Turn a written end into bounds, taking missing parts from ``other`` (a range's end)."""
    if raw.kind == "edtf":
        assert raw.point is not None
        return raw.point
    year, era, month = raw.year, raw.era, raw.month
    kind, day = raw.kind, raw.day
    if other is not None and other.kind != "edtf":
        if kind == "year" and not era and year is not None and year <= 31 and other.kind == "day":
            kind, day, year = "day", year, None  # "19–20 January 1990"
        if kind == "day" and month is None:
            month = other.month
        if year is None:
            year, era = other.year, other.era
        elif not era and other.era == "bce":
            era = "bce"  # "1200 – 1150 BCE"
    if year is None or (kind == "day" and month is None):
        missing = "year" if year is None else "month"
        raise DateError(text, f"the {missing} is missing", "e.g. 7 June 1992 or 19–20 January 1990")
    if not era and year < 100 and kind not in ("year", "century") and raw.year is not None:
        s = "s" if kind == "decade" else ""
        raise DateError(text, f"the two-digit year {year}{s} is ambiguous",
                        f"write the full year (19{year:02d}{s}) or mark the era (AD {year}{s})")
    flags = {"approximate": raw.approximate, "uncertain": raw.uncertain}
    if kind == "century":
        c = year
        if era == "bce":
            _check_limits(1 - 100 * c, f"the {_ordinal(c)} century BCE", text, "1st–10000000th century BCE")
            return _Point((1 - 100 * c, 1, 1), (-100 * (c - 1), 12, 31), "century", **flags)
        _check_limits(100 * c, f"the {_ordinal(c)} century", text, "1st–9999999th century")
        return _Point((100 * (c - 1) + 1, 1, 1), (100 * c, 12, 31), "century", **flags)
    if kind == "decade":
        if year == 0:
            raise DateError(text, "there is no decade 0s", "1st century or AD 10s")
        if era == "bce":
            _check_limits(1 - (year + 9), f"the {year}s BCE", text, "10s–999999990s BCE")
            return _Point((1 - (year + 9), 1, 1), (1 - year, 12, 31), "decade", **flags)
        _check_limits(year + 9, f"the {year}s", text, "AD 10s–999999990s")
        return _Point((year, 1, 1), (year + 9, 12, 31), "decade", **flags)
    y = _astronomical(year, era, text)
    if kind == "day":
        assert month is not None and day is not None
        _check_day(y, month, day, text, "human")
        return _Point((y, month, day), (y, month, day), "day", time=raw.time, **flags)
    if kind == "month":
        assert month is not None
        lo, hi = _span((y, month, 1), "month", raw.qualifier)
        return _Point(lo, hi, "month", raw.qualifier, **flags)
    if kind == "season":
        assert raw.season is not None
        lo, hi = _span((y, raw.season, 1), "season")
        return _Point(lo, hi, "season", **flags)
    lo, hi = _span((y, 1, 1), "year", raw.qualifier)
    return _Point(lo, hi, "year", raw.qualifier, **flags)


def _parse_human(s: str, text: str) -> HistoricalDate:
    s, approximate, uncertain = _strip_flags(s, text)
    open_end = open_start = False
    if s.startswith("from ") and " to " not in s:
        s, open_end = s[len("from "):], True
    elif s.startswith("from "):
        s = s[len("from "):]
    elif s.startswith("until "):
        s, open_start = s[len("until "):], True
    parts = _SEPARATOR.split(s)
    if len(parts) > 2:
        raise DateError(text, "a range has two ends, this has more", "e.g. May 1992 to June 1993")
    if len(parts) == 2:
        if open_start or open_end:
            raise DateError(text, "'from'/'until' take one date, or 'from … to …'", "e.g. from June 1993")
        if not parts[0] or not parts[1]:
            raise DateError(text, "a range needs two ends", "e.g. 1993-06/.. for an open end")
        first, second = _raw_point(parts[0], text), _raw_point(parts[1], text)
        end = _resolve(second, text)
        start = _resolve(first, text, second)
        return _combine(start, end, text, approximate, uncertain)
    point = _resolve(_raw_point(s, text), text)
    return _single(point, text, approximate=approximate, uncertain=uncertain,
                   open_start=open_start, open_end=open_end)


def _diagnose(s: str, text: str) -> str:
    """The nearest accepted form of an unreadable date, or a short suggestion."""
    fixes: list[str] = []
    fixes.append(re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b(?!\s+century)", r"\1", s))  # 7th June
    fixes.append(s.replace("'s", "s"))  # 1990's
    m = re.fullmatch(r"(-?\d{4})-(\d{1,2})(?:-(\d{1,2}))?", s)  # 1992-6-7
    if m:
        fixes.append(f"{m[1]}-{int(m[2]):02d}" + (f"-{int(m[3]):02d}" if m[3] else ""))
    m = re.fullmatch(r"(\d{3,4})-(\d{3,4})", s)  # 1988-1989
    if m:
        fixes.append(f"{m[1]}–{m[2]}")
    for fixed in fixes:
        if fixed == s:
            continue
        try:
            result = _parse_norm(fixed, fixed)
        except DateError:
            continue
        if re.fullmatch(r"-?[\dx]{4}(?:-[\dx]{2}){0,2}", fixed):
            return fixed
        return str(result)
    m = re.fullmatch(r"-(\d{1,3}|\d{5,})", s)
    if m:
        n = int(m[1])
        return f"write -{n:04d} (= {n + 1} BCE in EDTF) or {n} BCE" if n < 10000 else f"{n + 1} BCE"
    return _EXAMPLES

