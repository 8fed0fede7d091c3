"""Read a course (one YAML file or a folder of them) into a checked :class:`~histdocs.model.Course`.

Every rule of the course format is checked here, at the edge, so the rest of histdocs can
trust its data. Problems are collected, not raised one by one: a single run reports every
unknown key, bad date, broken reference and bad character it can find, each located as
``FILE:LINE:COLUMN: message (at events[3].date)`` with a hint where one helps.

Every string goes through one text normaliser (:func:`clean_text`): Unicode NFC, and no C0
control characters other than tab, newline and carriage return, no C1 controls (U+007F to
U+009F), no lone surrogates and no non-characters (U+FFFE, U+FFFF, U+FDD0 to U+FDEF, ...).
Field lengths are bounded: :data:`MAX_PROSE_CHARS` for prose, :data:`MAX_TITLE_CHARS` for
titles, names and other short text, :data:`MAX_FACT_CHARS` for a fact's value.

YAML is read only through :func:`histdocs.yamlsource.read_yaml`, which keeps every scalar as
the string it was written as, so ``NO``, ``1990``, ``1988-05-21``, ``12:30`` and ``0755``
mean what the schema says, not what YAML 1.1 typing would make of them.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Callable, TypeVar
from urllib.parse import urlsplit

from .collector import fewer_collections
from .dates import DateError, HistoricalDate, parse_date
from .errors import InputError, Location, Problem
from .markup import citation_ids, parse_prose
from .texts import RIGHT_TO_LEFT_HINT, first_right_to_left, right_to_left_message
from .model import (
    Citation,
    Course,
    Event,
    Fact,
    GlossaryEntry,
    Image,
    Office,
    Period,
    Person,
    Place,
    Prose,
    Quote,
    Source,
    Term,
)
from .yamlsource import (
    MAX_COURSE_BYTES,
    MAX_FILE_BYTES,
    MAX_VALUES,
    Mapping,
    Node,
    Scalar,
    Sequence,
    check_source,
    read_yaml,
    split_lines,
)

__all__ = [
    "load_course",
    "clean_text",
    "ID_RE",
    "SECTIONS",
    "RECORDS",
    "SECTION_RECORDS",
    "SOURCE_TYPES",
    "MAX_PROSE_CHARS",
    "MAX_TITLE_CHARS",
    "MAX_FACT_CHARS",
    "MAX_URL_CHARS",
]

MAX_PROSE_CHARS = 400_000
"""Longest prose field (summary, details, ...), in characters: long enough for a chapter."""

MAX_TITLE_CHARS = 300
"""Longest title, name, label or other one-line text, in characters."""

MAX_FACT_CHARS = 40
"""Longest fact value written as text ("74%", "c. 18 km"): it must fit a table cell."""

MAX_URL_CHARS = 2000
"""Longest URL."""

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""What an id may look like: lowercase ASCII letters, digits and hyphens, not starting with '-'."""

SECTIONS = ("course", "sources", "places", "offices", "people", "periods", "events", "quotes", "glossary")
"""The top-level sections of a course, in the order they are read."""

SOURCE_TYPES = ("book", "chapter", "article", "webpage", "document", "interview", "report")
"""The allowed `type` values of a source."""

_LANGUAGE_RE = re.compile(
    r"^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"  # language (+ extlang)
    r"(?:-[A-Za-z]{4})?"  # script
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"  # variants
    r"(?:-[A-WY-Za-wy-z0-9](?:-[A-Za-z0-9]{2,8})+)*"  # extensions
    r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?$"  # private use
)
_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?)(?:[eE][+-]?\d+)?$")
_INT_RE = re.compile(r"^[+-]?\d+$")
_FLOAT_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")

RECORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "course": (("id", "title", "subtitle", "language", "authors", "summary"), ("id", "title"), "the course block"),
    "source": (
        ("id", "type", "author", "editor", "title", "container-title", "publisher", "publisher-place",
         "issued", "page", "url", "accessed", "note"),
        ("id", "type", "title"),
        "a source",
    ),
    "place": (("id", "name", "native", "aliases", "lat", "lon"), ("id", "name"), "a place"),
    "office": (("id", "title", "short"), ("id", "title"), "an office"),
    "person": (("id", "name", "native", "aliases", "born", "died", "summary", "terms"), ("id", "name"), "a person"),
    "term": (("office", "start", "end", "note"), ("office",), "a term of office"),
    "period": (
        ("id", "title", "start", "end", "summary", "objectives", "questions"),
        ("id", "title", "start", "end"),
        "a period",
    ),
    "event": (
        ("id", "date", "title", "place", "people", "summary", "details", "note", "importance", "tags",
         "cite", "facts", "image"),
        ("date", "title"),
        "an event",
    ),
    "fact": (("label", "value"), ("label", "value"), "a fact"),
    "image": (("path", "alt", "caption", "credit"), ("path", "alt"), "an image"),
    "citation": (("source", "locator"), ("source",), "a citation"),
    "quote": (("id", "speaker", "date", "text", "context", "cite"), ("speaker", "text"), "a quote"),
    "glossary": (("term", "definition"), ("term", "definition"), "a glossary entry"),
}
"""Every kind of mapping in a course: (allowed keys, required keys, what it is called in messages)."""

SECTION_RECORDS = {
    "course": "course",
    "sources": "source",
    "places": "place",
    "offices": "office",
    "people": "person",
    "periods": "period",
    "events": "event",
    "quotes": "quote",
    "glossary": "glossary",
}
"""The record each top-level section holds (a list of them; `course` holds one)."""

_ID_KINDS = {
    "sources": "source",
    "places": "place",
    "offices": "office",
    "people": "person",
    "periods": "period",
}
_KIND_SECTION = {kind: section for section, kind in _ID_KINDS.items()}

T = TypeVar("T")


# --------------------------------------------------------------------------- text normaliser


def _bad_character(ch: str) -> str | None:
    """Return why `ch` may not appear in course text, or None if it may."""
    cp = ord(ch)
    if cp < 0x20 and ch not in "\t\n\r":
        return "a control character"
    if 0x7F <= cp <= 0x9F:
        return "a control character"
    if 0xD800 <= cp <= 0xDFFF:
        return "a lone surrogate (broken UTF-16)"
    if 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE:
        return "a Unicode non-character"
    return None


def clean_text(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Return `text` in NFC and the (offset, reason) of every character that is not allowed.

    Offsets index the text as given (before NFC). Tab, newline and carriage return are
    allowed; other C0 controls, U+007F to U+009F, lone surrogates and non-characters are not.
    """
    bad = [(i, reason) for i, ch in enumerate(text) if (reason := _bad_character(ch))]
    if bad:
        return text, bad
    return unicodedata.normalize("NFC", text), []


# --------------------------------------------------------------------------- small helpers


def _kind_of(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return "text"


def _did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _ordinal_key(index: int) -> str:
    return f"event-{index + 1}"


def _is_relative_path(text: str) -> bool:
    return not (
        PurePosixPath(text).is_absolute()
        or PureWindowsPath(text).is_absolute()
        or PureWindowsPath(text).drive
        or text.startswith(("\\", "~"))
    )


# --------------------------------------------------------------------------- the loader


class _Loader:
    """One load: the files read, the problems found so far, and the ids defined."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self._texts: dict[str, list[str]] = {}  # display name -> lines as read, to find columns later
        self.known: dict[str, set[str]] = {kind: set() for kind in _ID_KINDS.values()}
        self.person_names: dict[str, str] = {}
        self.locations: dict[str, Location] = {}  # printed field path (texts.py) -> where its value is

    # -- where printed values are --------------------------------------------------------------
    def locate(self, key: str, node: Node | None) -> None:
        """Remember where the value printed under field path `key` is written (see `texts.py`)."""
        if key and node is not None:
            self.locations[key] = node.loc

    def locate_prose(self, key: str, node: Node | None, prose: Prose | None) -> None:
        """Remember where a prose field is, and each inline citation's locator (``key.cite[i].locator``)."""
        if not key or node is None or prose is None:
            return
        self.locate(key, node)
        cites = prose.citations()
        if not any(c.locator for c in cites):
            return
        wheres = [node.loc] * len(cites)
        if isinstance(node, Scalar) and node.value is not None:
            text, bad = clean_text(node.value)
            found = citation_ids(text) if not bad and text == node.value else []
            if len(found) == len(cites):  # offsets map to the file: point at each '[@'
                wheres = self.needle_locations(node, [("[@" + source, offset) for source, _, offset in found])
        for index, citation in enumerate(cites):
            if citation.locator:
                self.locations[f"{key}.cite[{index}].locator"] = wheres[index]

    def needle_locations(self, node: Scalar, needles: list[tuple[str, int]]) -> list[Location]:
        """Return `char_location(node, offset, needle)` for each (needle, offset), in one pass.

        `needles` are in the order of their offsets; a long scalar's file text is searched once
        (not once per needle), so a chapter with thousands of citations stays fast.
        """
        value = node.value or ""
        lines = self._lines(node.loc.file)
        row = node.loc.line - 1
        if row >= len(lines):
            return [node.loc for _ in needles]
        if "\n" not in value:
            columns = _columns_in_line(lines[row], node.loc.column - 1, value, [o for _, o in needles], node.quoted)
            if columns is not None:
                return [Location(node.loc.file, node.loc.line, col + 1) for col in columns]
        text = "\n".join(lines[row:])
        start = node.loc.column - 1
        window = start + 4 * len(value) + 400
        seen: dict[str, tuple[int, int, int, int]] = {}  # needle -> (value offset, count, text pos, found)
        line_at = (0, 0)  # (text position, newlines before it): counted forward
        out = []
        for needle, offset in needles:
            v_off, count, pos, found = seen.get(needle, (0, 0, start - 1, 0))
            count += value.count(needle, v_off, offset)  # occurrences before this one
            while found <= count and pos >= -1:
                pos = text.find(needle, pos + 1)
                if pos < 0 or pos > window:
                    pos = -2
                    break
                found += 1
            seen[needle] = (offset, count, pos, found)
            if pos < 0:
                out.append(node.loc)
                continue
            at, newlines = line_at if pos >= line_at[0] else (0, 0)
            newlines += text.count("\n", at, pos)
            line_at = (pos, newlines)
            column = pos - (text.rfind("\n", 0, pos) + 1) + 1
            out.append(Location(node.loc.file, row + newlines + 1, column))
        return out

    # -- reporting -------------------------------------------------------------------------
    def add(self, message: str, where: Node | Location | None, path: str = "", hint: str = "") -> None:
        """Record a problem at a node (its start) or an explicit location."""
        loc = where if isinstance(where, Location) or where is None else where.loc
        self.problems.append(Problem(message, loc, path, hint))

    def remember_text(self, file: str, text: str) -> None:
        """Keep a file's text as read (split where YAML counts lines) to locate characters in it later."""
        self._texts[file] = split_lines(text)

    def _lines(self, file: str) -> list[str]:
        return self._texts.get(file, [])

    def char_location(self, node: Scalar, offset: int, needle: str = "") -> Location:
        """Return where character `offset` of the scalar's value is in the file.

        Exact for a scalar written on one line (plain, single- or double-quoted, escapes
        counted); for a longer scalar, found by searching for `needle` from the scalar's
        start; else the scalar's start.
        """
        value = node.value or ""
        lines = self._lines(node.loc.file)
        row = node.loc.line - 1
        if row >= len(lines):
            return node.loc
        line = lines[row]
        start = node.loc.column - 1
        if "\n" not in value:
            col = _column_in_line(line, start, value, offset, node.quoted)
            if col is not None:
                return Location(node.loc.file, node.loc.line, col + 1)
        if needle:
            k = value[:offset].count(needle)
            text = "\n".join(lines[row:])
            pos = start
            window = start + 4 * len(value) + 400
            for nth in range(k + 1):
                pos = text.find(needle, pos if nth == 0 else pos + 1)
                if pos < 0 or pos > window:
                    return node.loc
            before = text[:pos]
            line_no = row + before.count("\n") + 1
            col = pos - (before.rfind("\n") + 1) + 1
            return Location(node.loc.file, line_no, col)
        return node.loc

    # -- structure ---------------------------------------------------------------------------
    def fields(self, node: Node, path: str, record: str) -> dict[str, Node] | None:
        """Return the mapping's values by key after checking unknown and missing keys."""
        allowed, required, what = RECORDS[record]
        if not isinstance(node, Mapping):
            self.add(
                f"expected a mapping{' (' + what + ')' if what else ''} with keys such as "
                f"{', '.join(allowed[:4])}, found {_kind_of(node)}",
                node,
                path,
                hint="write 'key: value' lines indented under it",
            )
            return None
        values: dict[str, Node] = {}
        for key, value in node.items:
            name = key.value or ""
            if name not in allowed:
                hint = _did_you_mean(name, allowed) or f"allowed keys: {', '.join(allowed)}"
                self.add(f"unknown key '{name}'", key, path, hint=hint)
                continue
            values[name] = value
        for name in required:
            value = values.get(name)
            if value is None:
                self.add(f"missing required key '{name}'", node, path)
            elif isinstance(value, Scalar) and value.value is None:
                self.add(f"'{name}' is empty; it is required", value, _join(path, name))
        return values

    # -- scalars -------------------------------------------------------------------------------
    def string(self, node: Node | None, path: str, *, max_len: int = MAX_TITLE_CHARS, what: str = "text") -> str | None:
        """Return the cleaned text of a scalar; None (with a problem) if it is not one."""
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.add(f"expected {what}, found {_kind_of(node)}", node, path,
                     hint="quote the text if it contains ': ' or starts with '[' or '{'")
            return None
        if node.value is None:
            return None
        text, bad = clean_text(node.value)
        if bad:
            offset, reason = bad[0]
            ch = node.value[offset]
            more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
            self.add(
                f"character U+{ord(ch):04X} ({reason}) is not allowed{more}",
                self.char_location(node, offset, ch),
                path,
                hint="delete the invisible character (often pasted from a word processor or PDF)",
            )
            return None
        rtl = first_right_to_left(text)
        if rtl is not None:  # offsets map to the file only when NFC changed nothing
            where = self.char_location(node, rtl, text[rtl]) if text == node.value else node.loc
            self.add(right_to_left_message(text[rtl]), where, path, hint=RIGHT_TO_LEFT_HINT)
            return None
        if len(text) > max_len:
            self.add(f"too long: {len(text):,} characters, the limit is {max_len:,}", node, path,
                     hint="shorten it" if max_len <= MAX_TITLE_CHARS else "split it into several events")
            return None
        return text

    def text(self, node: Node | None, path: str, *, required: bool = False, max_len: int = MAX_TITLE_CHARS) -> str:
        """Return one-line-ish text ("" when absent); empty required text is a problem."""
        value = self.string(node, path, max_len=max_len)
        if value is not None and not value.strip() and required:
            self.add("must not be empty", node, path)
        return value.strip() if value else ""

    def prose(self, node: Node | None, path: str) -> Prose | None:
        """Return a prose field parsed into runs, with its citations checked."""
        if node is None:
            return None
        if isinstance(node, Mapping):
            self.add(
                "language maps are reserved for a later version; write the text in one language",
                node,
                path,
                hint="replace the mapping ({en: ..., az: ...}) by the text itself",
            )
            return None
        value = self.string(node, path, max_len=MAX_PROSE_CHARS, what="prose text")
        if value is None:
            return None
        assert isinstance(node, Scalar)
        self.check_citations(node, value, path)
        prose = parse_prose(value)
        return prose if prose else None

    def required_prose(self, node: Node | None, path: str) -> Prose | None:
        """Return a required prose field; text that is only blanks is a problem."""
        before = len(self.problems)
        prose = self.prose(node, path)
        if prose is None and isinstance(node, Scalar) and node.value is not None and len(self.problems) == before:
            self.add("must not be empty", node, path)
        return prose

    def check_citations(self, node: Scalar, value: str, path: str) -> None:
        """Report `[@id]` citations whose source is not defined."""
        raw = node.value or ""
        same = raw == value  # offsets can be mapped to the file only when NFC changed nothing
        unknown = [(source, offset) for source, _locator, offset in citation_ids(value)
                   if not source or source not in self.known["source"]]
        if not unknown:
            return
        wheres = self.needle_locations(node, [("[@" + source, offset) for source, offset in unknown]) if same else []
        for index, (source, _offset) in enumerate(unknown):
            where = wheres[index] if same else node.loc
            if not source:
                self.add("a citation needs a source id: write [@source-id]", where, path)
            else:
                self.add(f"citation of unknown source '{source}'", where, path,
                         hint=self.ref_hint(source, "source"))

    def prose_list(self, node: Node | None, path: str, key: str = "") -> tuple[Prose, ...]:
        """Return a list of prose items (a single text counts as a list of one).

        With `key`, item n of the result is located as ``key[n]``.
        """
        out = []
        for i, item in self.items(node, path, allow_scalar=True):
            prose = self.prose(item, f"{path}[{i}]" if isinstance(node, Sequence) else path)
            if prose is not None:
                if key:
                    self.locate_prose(f"{key}[{len(out)}]", item, prose)
                out.append(prose)
        return tuple(out)

    def text_list(self, node: Node | None, path: str, key: str = "") -> tuple[str, ...]:
        """Return a list of short texts (a single text counts as a list of one).

        With `key`, item n of the result is located as ``key[n]``.
        """
        out = []
        for i, item in self.items(node, path, allow_scalar=True):
            value = self.text(item, f"{path}[{i}]" if isinstance(node, Sequence) else path)
            if value:
                if key:
                    self.locate(f"{key}[{len(out)}]", item)
                out.append(value)
        return tuple(out)

    def items(self, node: Node | None, path: str, *, allow_scalar: bool = False) -> list[tuple[int, Node]]:
        """Return the items of a list node; a scalar is a list of one when allowed."""
        if node is None:
            return []
        if isinstance(node, Sequence):
            return list(enumerate(node.items))
        if isinstance(node, Scalar) and (allow_scalar or node.value is None):
            return [] if node.value is None else [(0, node)]
        self.add(f"expected a list, found {_kind_of(node)}", node, path, hint="write one '- item' per line")
        return []

    def date(self, node: Node | None, path: str) -> HistoricalDate | None:
        """Return the parsed date; a DateError becomes a located problem with its hint."""
        if node is None:
            return None
        value = self.string(node, path, what="a date")
        if value is None:
            return None  # absent, empty (reported by `fields` when required) or already reported
        try:
            return parse_date(value)
        except DateError as exc:
            self.add(f"invalid date '{exc.text}': {exc.reason}", node, path,
                     hint=f"write e.g. {exc.hint}" if exc.hint and not exc.hint.startswith("write") else exc.hint)
            return None

    def ident(self, node: Node | None, path: str, seen: dict[str, Location], kind: str) -> str:
        """Return a checked id (syntax, uniqueness within its section); "" if bad or absent."""
        value = self.text(node, path)
        if not value:
            return ""
        assert isinstance(node, Scalar)
        if not ID_RE.match(value):
            suggestion = re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-")
            self.add(f"bad id '{value}': use lowercase letters, digits and '-'", node, path,
                     hint=f"for example '{suggestion}'" if suggestion else "")
            return ""
        if value in seen:
            first = seen[value]
            self.add(f"duplicate {kind} id '{value}' (first at line {first.line})", node, path,
                     hint="every id in a section must be different")
            return ""
        seen[value] = node.loc
        return value

    def ref_hint(self, value: str, kind: str) -> str:
        """Return a "did you mean" hint for an unknown reference, or where to define it."""
        return _did_you_mean(value, self.known[kind]) or f"define it under '{_KIND_SECTION[kind]}:' first"

    def ref(self, node: Node | None, path: str, kind: str) -> str:
        """Return a reference to an id of `kind` if it exists ("" otherwise, with a problem)."""
        value = self.text(node, path)
        if not value:
            return ""
        if value not in self.known[kind]:
            self.add(f"unknown {kind} '{value}'", node, path, hint=self.ref_hint(value, kind))
            return ""
        return value

    def refs(self, node: Node | None, path: str, kind: str) -> tuple[str, ...]:
        """Return a list of references (a single id counts as a list of one)."""
        out = []
        for i, item in self.items(node, path, allow_scalar=True):
            value = self.ref(item, f"{path}[{i}]" if isinstance(node, Sequence) else path, kind)
            if value and value not in out:
                out.append(value)
        return tuple(out)

    def number(self, node: Node | None, path: str, low: float, high: float, what: str) -> float | None:
        """Return a decimal number within [low, high]."""
        value = self.text(node, path)
        if not value:
            return None
        if not _FLOAT_RE.match(value):
            self.add(f"{what} must be a number, not '{value}'", node, path, hint="write decimal degrees, e.g. 40.41")
            return None
        number = float(value)
        if not low <= number <= high:
            self.add(f"{what} {value} is out of range ({low:g} to {high:g})", node, path)
            return None
        return number

    def url(self, node: Node | None, path: str) -> str:
        """Return an http(s) URL."""
        value = self.text(node, path, max_len=MAX_URL_CHARS)
        if not value:
            return ""
        parts = urlsplit(value)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or re.search(r"\s", value):
            self.add(f"URL '{value}' must start with http:// or https:// and contain no spaces", node, path,
                     hint="only web addresses are allowed (no javascript:, file:, data: ...)")
            return ""
        return value

    def citations(self, node: Node | None, path: str, key: str = "") -> tuple[Citation, ...]:
        """Return the `cite:` list: mappings of `source` and an optional `locator`.

        With `key`, the locator of citation n of the result is located as ``key.cite[n].locator``.
        """
        out = []
        for i, item in self.items(node, path):
            where = f"{path}[{i}]"
            values = self.fields(item, where, "citation")
            if values is None:
                continue
            source = self.ref(values.get("source"), _join(where, "source"), "source")
            locator = self.text(values.get("locator"), _join(where, "locator"))
            if source:
                if key:
                    self.locate(f"{key}.cite[{len(out)}].locator", values.get("locator"))
                out.append(Citation(source, locator))
        return tuple(out)

    # -- sections ------------------------------------------------------------------------------
    def course(self, node: Node | None, sections: dict[str, list[tuple[int, Node]]]) -> Course | None:
        """Build the whole course from the course block and the concatenated sections."""
        values = None
        if node is not None:
            values = self.fields(node, "course", "course")
        values = values or {}
        seen: dict[str, Location] = {}
        course_id = self.ident(values.get("id"), "course.id", seen, "course")
        title = self.text(values.get("title"), "course.title", required=True)
        language = self.language(values.get("language"), "course.language")
        subtitle = self.text(values.get("subtitle"), "course.subtitle")
        authors = self.text_list(values.get("authors"), "course.authors", key="course.authors")
        summary = self.prose(values.get("summary"), "course.summary")
        self.locate("course.title", values.get("title"))
        self.locate("course.id", values.get("id"))  # named when its file name collides (build)
        self.locate("course.subtitle", values.get("subtitle"))
        self.locate_prose("course.summary", values.get("summary"), summary)

        sources = self.each(sections["sources"], "sources", self.source)
        places = self.each(sections["places"], "places", self.place)
        offices = self.each(sections["offices"], "offices", self.office)
        people = self.each(sections["people"], "people", self.person)
        self.check_terms(people, sections["people"])
        periods = self.each(sections["periods"], "periods", self.period)
        periods = [Period(**{**p.__dict__, "number": n}) for n, p in enumerate(periods, start=1)]
        events = self.events(sections["events"])
        quotes = self.quotes(sections["quotes"])
        glossary = self.each(sections["glossary"], "glossary", self.glossary_entry)
        if self.problems:
            return None
        return Course(
            id=course_id,
            title=title,
            language=language,
            subtitle=subtitle,
            authors=authors,
            summary=summary,
            sources=tuple(sources),
            places=tuple(places),
            offices=tuple(offices),
            people=tuple(people),
            periods=tuple(periods),
            events=tuple(events),
            quotes=tuple(quotes),
            glossary=tuple(glossary),
            root=self.root,
            locations=dict(self.locations),
        )

    def each(self, items: list[tuple[int, Node]], section: str, build: Callable[..., T | None]) -> list[T]:
        """Build every item of a section, with a fresh id table for duplicate checks."""
        seen: dict[str, Location] = {}
        out = []
        for index, node in items:
            built = build(node, f"{section}[{index}]", seen)
            if built is not None:
                out.append(built)
        return out

    def language(self, node: Node | None, path: str) -> str:
        value = self.text(node, path)
        if not value:
            return "en"
        if not _LANGUAGE_RE.match(value):
            self.add(f"language '{value}' is not a BCP 47 language tag", node, path,
                     hint="write e.g. en, en-GB, az, az-Latn, ru")
            return "en"
        return value

    def source(self, node: Node, path: str, seen: dict[str, Location]) -> Source | None:
        values = self.fields(node, path, "source")
        if values is None:
            return None
        sid = self.ident(values.get("id"), _join(path, "id"), seen, "source")
        kind = self.text(values.get("type"), _join(path, "type"))
        if kind and kind not in SOURCE_TYPES:
            self.add(f"unknown source type '{kind}'", values["type"], _join(path, "type"),
                     hint=_did_you_mean(kind, SOURCE_TYPES) or f"one of: {', '.join(SOURCE_TYPES)}")
        title = self.text(values.get("title"), _join(path, "title"), required=True)
        key = f"sources[{sid}]" if sid else ""
        if key:
            for field_name, yaml_key in (("title", "title"), ("container_title", "container-title"),
                                         ("publisher", "publisher"), ("publisher_place", "publisher-place"),
                                         ("issued", "issued"), ("page", "page"), ("url", "url"),
                                         ("accessed", "accessed")):
                self.locate(f"{key}.{field_name}", values.get(yaml_key))
        note = self.prose(values.get("note"), _join(path, "note"))
        self.locate_prose(f"{key}.note" if key else "", values.get("note"), note)
        return Source(
            id=sid,
            type=kind,
            title=title,
            author=self.text_list(values.get("author"), _join(path, "author"), key=key and f"{key}.author"),
            editor=self.text_list(values.get("editor"), _join(path, "editor"), key=key and f"{key}.editor"),
            container_title=self.text(values.get("container-title"), _join(path, "container-title")),
            publisher=self.text(values.get("publisher"), _join(path, "publisher")),
            publisher_place=self.text(values.get("publisher-place"), _join(path, "publisher-place")),
            issued=self.date(values.get("issued"), _join(path, "issued")),
            page=self.text(values.get("page"), _join(path, "page")),
            url=self.url(values.get("url"), _join(path, "url")),
            accessed=self.date(values.get("accessed"), _join(path, "accessed")),
            note=note,
        )

    def place(self, node: Node, path: str, seen: dict[str, Location]) -> Place | None:
        values = self.fields(node, path, "place")
        if values is None:
            return None
        lat = self.number(values.get("lat"), _join(path, "lat"), -90, 90, "latitude")
        lon = self.number(values.get("lon"), _join(path, "lon"), -180, 180, "longitude")
        for have, lacks in (("lat", "lon"), ("lon", "lat")):
            if have in values and lacks not in values:
                self.add(f"'{have}' given without '{lacks}'", values[have], _join(path, have),
                         hint="give both coordinates or neither")
        place_id = self.ident(values.get("id"), _join(path, "id"), seen, "place")
        if place_id:
            self.locate(f"places[{place_id}].name", values.get("name"))
            self.locate(f"places[{place_id}].native", values.get("native"))
        return Place(
            id=place_id,
            name=self.text(values.get("name"), _join(path, "name"), required=True),
            native=self.text(values.get("native"), _join(path, "native")),
            aliases=self.text_list(values.get("aliases"), _join(path, "aliases")),
            lat=lat,
            lon=lon,
        )

    def office(self, node: Node, path: str, seen: dict[str, Location]) -> Office | None:
        values = self.fields(node, path, "office")
        if values is None:
            return None
        office_id = self.ident(values.get("id"), _join(path, "id"), seen, "office")
        if office_id:
            self.locate(f"offices[{office_id}].title", values.get("title"))
            self.locate(f"offices[{office_id}].short", values.get("short"))
        return Office(
            id=office_id,
            title=self.text(values.get("title"), _join(path, "title"), required=True),
            short=self.text(values.get("short"), _join(path, "short")),
        )

    def person(self, node: Node, path: str, seen: dict[str, Location]) -> Person | None:
        values = self.fields(node, path, "person")
        if values is None:
            return None
        pid = self.ident(values.get("id"), _join(path, "id"), seen, "person")
        born = self.date(values.get("born"), _join(path, "born"))
        died = self.date(values.get("died"), _join(path, "died"))
        if born and died and died.latest_day < born.earliest_day:
            self.add(f"died ({died}) before born ({born})", values["died"], _join(path, "died"))
        key = f"people[{pid}]" if pid else ""
        terms = []
        for i, item in self.items(values.get("terms"), _join(path, "terms")):
            term = self.term(item, f"{_join(path, 'terms')}[{i}]", pid, key=key and f"{key}.terms[{len(terms)}]")
            if term is not None:
                terms.append(term)
        summary = self.prose(values.get("summary"), _join(path, "summary"))
        if key:
            for name in ("name", "native", "born", "died"):
                self.locate(f"{key}.{name}", values.get(name))
            self.locate_prose(f"{key}.summary", values.get("summary"), summary)
        return Person(
            id=pid,
            name=self.text(values.get("name"), _join(path, "name"), required=True),
            native=self.text(values.get("native"), _join(path, "native")),
            aliases=self.text_list(values.get("aliases"), _join(path, "aliases")),
            born=born,
            died=died,
            summary=summary,
            terms=tuple(terms),
        )

    def term(self, node: Node, path: str, person: str, key: str = "") -> Term | None:
        values = self.fields(node, path, "term")
        if values is None:
            return None
        note = self.prose(values.get("note"), _join(path, "note"))
        if key:
            self.locate(f"{key}.start", values.get("start"))
            self.locate(f"{key}.end", values.get("end"))
            self.locate_prose(f"{key}.note", values.get("note"), note)
        office = self.ref(values.get("office"), _join(path, "office"), "office")
        start = self.date(values.get("start"), _join(path, "start"))
        end = self.date(values.get("end"), _join(path, "end"))
        if start and end and end.latest_day < start.earliest_day:
            self.add(f"term ends ({end}) before it starts ({start})", values["end"], _join(path, "end"))
            end = None
        return Term(person=person, office=office, start=start, end=end, note=note)

    def check_terms(self, people: list[Person], nodes: list[tuple[int, Node]]) -> None:
        """Report terms of one person in one office that certainly overlap, or repeat."""
        by_id = {index: node for index, node in nodes}
        for person in people:
            if not person.id:
                continue
            index, node = next(((i, n) for i, n in by_id.items()
                                if isinstance(n, Mapping) and _scalar_value(n.get("id")) == person.id), (None, None))
            if node is None or index is None:
                continue
            assert isinstance(node, Mapping)
            term_nodes = node.get("terms")
            term_list = term_nodes.items if isinstance(term_nodes, Sequence) else ()
            for b in range(len(person.terms)):
                for a in range(b):
                    ta, tb = person.terms[a], person.terms[b]
                    if not ta.office or ta.office != tb.office or ta.start is None or tb.start is None:
                        continue
                    if _terms_overlap(ta, tb) and b < len(term_list):
                        first = term_list[a].loc.line if a < len(term_list) else 0
                        self.add(
                            f"{person.id} holds '{ta.office}' twice at once: this term overlaps the term "
                            f"at line {first}",
                            term_list[b],
                            f"people[{index}].terms[{b}]",
                            hint="fix the dates, or merge the two terms",
                        )

    def period(self, node: Node, path: str, seen: dict[str, Location]) -> Period | None:
        values = self.fields(node, path, "period")
        if values is None:
            return None
        pid = self.ident(values.get("id"), _join(path, "id"), seen, "period")
        title = self.text(values.get("title"), _join(path, "title"), required=True)
        start = self.date(values.get("start"), _join(path, "start"))
        end = self.date(values.get("end"), _join(path, "end"))
        if start and end and end.latest_day < start.earliest_day:
            self.add(f"period ends ({end}) before it starts ({start})", values["end"], _join(path, "end"))
            return None
        key = f"periods[{pid}]" if pid else ""
        self.locate(key and f"{key}.id", values.get("id"))  # named when its file name collides (build)
        summary = self.prose(values.get("summary"), _join(path, "summary"))
        objectives = self.prose_list(values.get("objectives"), _join(path, "objectives"), key=key and f"{key}.objectives")
        questions = self.prose_list(values.get("questions"), _join(path, "questions"), key=key and f"{key}.questions")
        if key:
            self.locate(f"{key}.title", values.get("title"))
            self.locate(f"{key}.dates", values.get("start"))  # printed as the span "start–end"
            self.locate_prose(f"{key}.summary", values.get("summary"), summary)
        if start is None or end is None:
            return None
        return Period(id=pid, title=title, start=start, end=end, summary=summary,
                      objectives=objectives, questions=questions)

    def events(self, items: list[tuple[int, Node]]) -> list[Event]:
        seen: dict[str, Location] = {}
        auto = {_ordinal_key(index) for index, node in items
                if not (isinstance(node, Mapping) and node.get("id") is not None)}
        out = []
        for index, node in items:
            path = f"events[{index}]"
            event = self.event(node, path, seen, _ordinal_key(index))
            if event is None:
                continue
            if event.id and event.id in auto:
                self.add(f"event id '{event.id}' clashes with the automatic key of another event",
                         node.get("id") if isinstance(node, Mapping) else node, _join(path, "id"),
                         hint="choose a descriptive id")
            out.append(event)
        return out

    def event(self, node: Node, path: str, seen: dict[str, Location], auto_key: str) -> Event | None:
        values = self.fields(node, path, "event")
        if values is None:
            return None
        eid = self.ident(values.get("id"), _join(path, "id"), seen, "event")
        date = self.date(values.get("date"), _join(path, "date"))
        title = self.text(values.get("title"), _join(path, "title"), required=True)
        importance = 2
        if "importance" in values:
            raw = self.text(values["importance"], _join(path, "importance"))
            if raw and (not _INT_RE.match(raw) or not 1 <= int(raw) <= 3):
                self.add(f"importance must be 1, 2 or 3, not '{raw}'", values["importance"], _join(path, "importance"),
                         hint="1 key, 2 normal (the default), 3 minor")
            elif raw:
                importance = int(raw)
        key = f"events[{eid or auto_key}]"
        facts = []
        for i, item in self.items(values.get("facts"), _join(path, "facts")):
            fact = self.fact(item, f"{_join(path, 'facts')}[{i}]", key=f"{key}.facts[{len(facts)}]")
            if fact is not None:
                facts.append(fact)
        image = self.image(values["image"], _join(path, "image"), key=f"{key}.image") if "image" in values else None
        proses = {name: self.prose(values.get(name), _join(path, name)) for name in ("summary", "details", "note")}
        self.locate(f"{key}.title", values.get("title"))
        self.locate(f"{key}.date", values.get("date"))
        for name, prose in proses.items():
            self.locate_prose(f"{key}.{name}", values.get(name), prose)
        event = Event(
            key=eid or auto_key,
            date=date,  # type: ignore[arg-type]  # None only when a problem was recorded
            title=title,
            id=eid,
            places=self.refs(values.get("place"), _join(path, "place"), "place"),
            people=self.refs(values.get("people"), _join(path, "people"), "person"),
            summary=proses["summary"],
            details=proses["details"],
            note=proses["note"],
            importance=importance,
            tags=self.text_list(values.get("tags"), _join(path, "tags")),
            cite=self.citations(values.get("cite"), _join(path, "cite"), key=key),
            facts=tuple(facts),
            image=image,
        )
        return event if date is not None else None

    def fact(self, node: Node, path: str, key: str = "") -> Fact | None:
        values = self.fields(node, path, "fact")
        if values is None:
            return None
        if key:
            self.locate(f"{key}.label", values.get("label"))
            self.locate(f"{key}.value", values.get("value"))
        label = self.text(values.get("label"), _join(path, "label"), required=True)
        value_node = values.get("value")
        value = self.string(value_node, _join(path, "value"), what="a number or short text")
        if value is None:
            return None
        value = value.strip()
        if len(value) > MAX_FACT_CHARS:
            self.add(f"a fact's value must be a number or short text (at most {MAX_FACT_CHARS} characters); "
                     f"this one has {len(value)}", value_node, _join(path, "value"),
                     hint="put longer text in the event's summary or details")
            return None
        numeric = float(value.replace(",", "")) if _NUMBER_RE.match(value) else None
        return Fact(label=label, value=value, numeric=numeric)

    def image(self, node: Node, path: str, key: str = "") -> Image | None:
        values = self.fields(node, path, "image")
        if values is None:
            return None
        alt = self.text(values.get("alt"), _join(path, "alt"), required=True)
        caption = self.prose(values.get("caption"), _join(path, "caption"))
        credit = self.text(values.get("credit"), _join(path, "credit"))
        if key:
            self.locate(f"{key}.alt", values.get("alt"))
            self.locate_prose(f"{key}.caption", values.get("caption"), caption)
            self.locate(f"{key}.credit", values.get("credit"))
        where = values.get("path")
        rel = self.text(where, _join(path, "path"))
        if not rel or not alt:
            return None
        resolved = self.image_path(rel, where, _join(path, "path"))
        if resolved is None:
            return None
        return Image(path=resolved, alt=alt, caption=caption, credit=credit)

    def image_path(self, rel: str, node: Node | None, path: str) -> Path | None:
        """Return the image file, checked: relative, inside the course folder, a PNG or JPEG."""
        if not _is_relative_path(rel):
            self.add(f"image path '{rel}' must be relative to the course folder", node, path,
                     hint="e.g. images/map.png")
            return None
        root = self.root.resolve()
        try:
            resolved = (root / rel).resolve()
        except (OSError, RuntimeError) as exc:
            self.add(f"image path '{rel}' cannot be resolved: {exc}", node, path)
            return None
        if not resolved.is_relative_to(root):
            self.add(f"image path '{rel}' leads outside the course folder", node, path,
                     hint="copy the picture into the course folder (e.g. images/) and point to that")
            return None
        if not resolved.is_file():
            self.add(f"image file '{rel}' does not exist", node, path)
            return None
        try:
            with resolved.open("rb") as handle:
                head = handle.read(8)
        except OSError as exc:
            self.add(f"image file '{rel}' cannot be read: {exc.strerror or exc}", node, path)
            return None
        if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
            self.add(f"image file '{rel}' is not a PNG or JPEG file", node, path,
                     hint="save the picture as .png or .jpg")
            return None
        from .images import check_image  # every pixel decoded now, not first when a document is drawn

        problem = check_image(resolved, rel)
        if problem is not None:
            self.add(problem.message, node, path, hint=problem.hint)
            return None
        return resolved

    def quotes(self, items: list[tuple[int, Node]]) -> list[Quote]:
        seen: dict[str, Location] = {}
        out = []
        for index, node in items:
            quote = self.quote(node, f"quotes[{index}]", seen, position=len(out))
            if quote is not None:
                out.append(quote)
        return out

    def quote(self, node: Node, path: str, seen: dict[str, Location], position: int = 0) -> Quote | None:
        """Return a quote; `position` is its place among the course's quotes (its key without an id)."""
        values = self.fields(node, path, "quote")
        if values is None:
            return None
        qid = self.ident(values.get("id"), _join(path, "id"), seen, "quote")
        speaker_node = values.get("speaker")
        speaker = self.text(speaker_node, _join(path, "speaker"), required=True)
        speaker_id = ""
        if speaker in self.known["person"]:
            speaker_id = speaker
            speaker = self.person_names.get(speaker, speaker)
        elif speaker and ID_RE.match(speaker) and (hint := _did_you_mean(speaker, self.known["person"])):
            self.add(f"unknown person '{speaker}'", speaker_node, _join(path, "speaker"),
                     hint=f"{hint} (write a name with capitals for someone not listed under people:)")
        text = self.required_prose(values.get("text"), _join(path, "text"))
        if text is None:
            return None
        key = f"quotes[{qid or position}]"
        context = self.prose(values.get("context"), _join(path, "context"))
        named = self.locations.get(f"people[{speaker_id}].name") if speaker_id else None
        self.locate(f"{key}.speaker", speaker_node)
        if named is not None:  # a person id prints that person's name: point at the name
            self.locations[f"{key}.speaker"] = named
        self.locate_prose(f"{key}.text", values.get("text"), text)
        self.locate_prose(f"{key}.context", values.get("context"), context)
        self.locate(f"{key}.date", values.get("date"))
        return Quote(
            speaker=speaker,
            text=text,
            speaker_id=speaker_id,
            id=qid,
            date=self.date(values.get("date"), _join(path, "date")),
            context=context,
            cite=self.citations(values.get("cite"), _join(path, "cite"), key=key),
        )

    def glossary_entry(self, node: Node, path: str, seen: dict[str, Location]) -> GlossaryEntry | None:
        values = self.fields(node, path, "glossary")
        if values is None:
            return None
        term = self.text(values.get("term"), _join(path, "term"), required=True)
        key = term.casefold()
        if term and key in seen:
            self.add(f"glossary term '{term}' is defined twice (first at line {seen[key].line})",
                     values["term"], _join(path, "term"))
        elif term:
            seen[key] = values["term"].loc
        definition = self.required_prose(values.get("definition"), _join(path, "definition"))
        if definition is None:
            return None
        if term:
            self.locate(f"glossary[{term}].term", values.get("term"))
            self.locate_prose(f"glossary[{term}].definition", values.get("definition"), definition)
        return GlossaryEntry(term=term, definition=definition)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _scalar_value(node: Node | None) -> str | None:
    return node.value if isinstance(node, Scalar) else None


def _terms_overlap(a: Term, b: Term) -> bool:
    """Return True if two terms certainly overlap (or are the same term written twice).

    Fuzzy ends make handovers ("until June 1993" / "from June 1993") look like overlaps;
    only an overlap that every reading of the dates implies is reported.
    """
    assert a.start is not None and b.start is not None
    a_end = a.end.earliest_day if a.end else float("inf")
    b_end = b.end.earliest_day if b.end else float("inf")
    if a.start == b.start and a.end == b.end:
        return True
    return a.start.latest_day < b_end and b.start.latest_day < a_end


def _column_in_line(line: str, start: int, value: str, offset: int, quoted: bool) -> int | None:
    """Return the 0-based column of value[offset] for a scalar written on `line` from `start`.

    Counts escapes in double-quoted and doubled quotes in single-quoted scalars; returns
    None when the line does not hold the scalar as expected (block or folded scalars).
    """
    columns = _columns_in_line(line, start, value, [offset], quoted)
    return None if columns is None else columns[0]


def _columns_in_line(line: str, start: int, value: str, offsets: list[int], quoted: bool) -> list[int] | None:
    """Return :func:`_column_in_line` for each of `offsets` (ascending), walking the line once."""
    if start >= len(line):
        return None
    if not quoted:
        return [start + offset for offset in offsets] if line[start : start + len(value)] == value else None
    quote = line[start]
    if quote not in "'\"":
        return None
    col, index = start + 1, 0
    sizes = {"x": 4, "u": 6, "U": 10}
    out = []
    for offset in offsets:
        if offset < index:  # not ascending: start again from the opening quote
            col, index = start + 1, 0
        while index < offset:
            if col >= len(line):
                return None
            ch = line[col]
            if quote == '"' and ch == "\\" and col + 1 < len(line):
                col += sizes.get(line[col + 1], 2)
            elif quote == "'" and ch == "'" and line[col + 1 : col + 2] == "'":
                col += 2
            else:
                col += 1
            index += 1
        out.append(col)
    return out


# --------------------------------------------------------------------------- reading files


def _course_files(path: Path) -> tuple[Path, list[tuple[Path, str, bool]], list[Problem]]:
    """Return the course folder, the files to read (path, display name, inside a folder) and problems."""
    display = str(path)
    if path.is_dir():
        from .sheets import find_sheet_files

        main = path / "course.yaml"
        sheets, sheet_problems = find_sheet_files(path)
        has_main = os.path.lexists(main)  # a folder or pipe named course.yaml is refused when read
        if not has_main and not any(p.stem == "events" and p.suffix != ".json" for p in sheets):
            return path, [], [Problem(f"no course.yaml in folder '{display}'",
                                      hint="a course folder needs a course.yaml holding the 'course:' block "
                                           "(or an events.csv / events.xlsx sheet)")]
        others = sorted(p for p in path.glob("*.yaml") if p.name != "course.yaml" and not p.name.startswith("."))
        problems = [
            Problem(f"'{p.name}' is not read: course files must end in .yaml", Location(str(p), 1, 1),
                    hint=f"rename it to {p.stem}.yaml")
            for p in sorted(path.glob("*.yml")) if not p.name.startswith(".")
        ] + sheet_problems
        ordered = (main, *others, *sheets) if has_main else (*sheets, *others)  # the first holds the course
        return path, [(p, str(p), True) for p in ordered], problems
    if os.path.lexists(path):  # a file, or something that is not one: the reader says which
        return path.parent, [(path, display, False)], []
    return path.parent, [], [Problem(f"no such course file or folder: '{display}'")]


def _readable(root: Path, files: list[tuple[Path, str, bool]], problems: list[Problem]) -> list[tuple[Path, str, bool]]:
    """Return the files that may be read (path to open, display name, refuse a symlink), adding why not to `problems`.

    Checked before any byte is read: a folder's file whose real path (symlinks followed) is
    outside the folder is refused, and is otherwise opened at its real path, so a link swapped
    later is not followed; a single file named on the command line is read where it leads.
    Then each file's kind and size is checked with `stat`; when all together hold more than
    MAX_COURSE_BYTES, nothing is read (InputError).
    """
    folder = Path(os.path.realpath(root))
    readable = []
    total = 0
    for file_path, name, in_folder in files:
        if in_folder:
            real = Path(os.path.realpath(file_path))
            if not real.is_relative_to(folder):
                problems.append(Problem("a symbolic link leading outside the course folder; it is not read",
                                        Location(name, 1, 1),
                                        hint="copy the file into the course folder instead of linking to it"))
                continue
            file_path = real
        info, problem = check_source(file_path, name)
        if problem is not None:
            problems.append(problem)
            continue
        assert info is not None
        total += info.st_size
        if total > MAX_COURSE_BYTES:
            raise InputError([*problems, _course_too_big(total, name)])
        readable.append((file_path, name, in_folder))
    return readable


def _course_too_big(total: int, name: str) -> Problem:
    return Problem(
        f"with this file the course holds {total:,} bytes; a whole course may hold at most "
        f"{MAX_COURSE_BYTES:,} bytes (16 MiB), one file {MAX_FILE_BYTES:,} (8 MiB)",
        Location(name, 1, 1),
        hint="a course is text: keep other data (exports, backups, copies) out of the course folder",
    )


@fewer_collections()  # a third of loading 10,000 events was the collector walking the course
def load_course(path: str | Path) -> Course:
    """Return the checked course in a `.yaml` file or a course folder.

    Raise :class:`~histdocs.errors.InputError` carrying every problem found.
    """
    path = Path(path)
    root, files, problems = _course_files(path)
    if not files:
        raise InputError(problems)
    loader = _Loader(root.resolve())
    course_file = files[0][1]
    readable = _readable(root, files, problems)
    loader.problems.extend(problems)
    sections: dict[str, list[tuple[int, Node]]] = {name: [] for name in SECTIONS if name != "course"}
    course_node: Node | None = None
    seen_sections: set[str] = set()
    unreadable = len(readable) < len(files)
    has_course_yaml = files[0][0].suffix.lower() in (".yaml", ".yml")
    total = 0
    values_left = MAX_VALUES
    for file_path, name, nofollow in readable:
        course_title = None if not has_course_yaml else (
            _scalar_value(course_node.get("title")) or "" if isinstance(course_node, Mapping) else "")
        tree, found, size, values = _read_course_file(file_path, name, course_title, loader, nofollow, values_left)
        values_left -= values
        if values_left < 0:  # too many values: said once, in this file
            loader.problems.extend(found)
            unreadable = True
            break
        total += size
        if total > MAX_COURSE_BYTES:  # a file grew after its size was checked
            loader.problems.append(_course_too_big(total, name))
            unreadable = True
            break
        loader.problems.extend(found)
        if tree is None:
            unreadable = unreadable or bool(found)
            if not found:
                loader.add("the file is empty", Location(name, 1, 1), hint="start with 'course:'")
            continue
        if not isinstance(tree, Mapping):
            loader.add(f"expected sections such as 'course:' and 'events:', found {_kind_of(tree)}", tree,
                       hint="a course file is a mapping of sections")
            continue
        for key, value in tree.items:
            section = key.value or ""
            seen_sections.add(section)
            if section not in SECTIONS:
                loader.add(f"unknown section '{section}'", key,
                           hint=_did_you_mean(section, SECTIONS) or f"sections: {', '.join(SECTIONS)}")
            elif section == "course":
                if len(files) > 1 and name != course_file:
                    loader.add("the 'course:' block belongs in course.yaml", key, "course")
                elif course_node is None:
                    course_node = value
            elif isinstance(value, Sequence):
                base = len(sections[section])
                sections[section].extend((base + i, item) for i, item in enumerate(value.items))
            elif isinstance(value, Scalar) and value.value is None:
                pass  # an empty section
            else:
                loader.add(f"'{section}' must be a list ('- ' items), found {_kind_of(value)}", value, section,
                           hint="write one '- ' item per entry")
    if course_node is None and not has_course_yaml and not unreadable:
        from .sheets import default_course  # a sheet without a title row: the folder names the course

        course_node = default_course(root, Location(course_file, 1, 1))
    if not unreadable:
        if course_node is None:
            loader.add("missing required section 'course'", Location(course_file, 1, 1),
                       hint="start the file with 'course:' and its id and title")
        if "events" not in seen_sections:
            loader.add("missing required section 'events'", Location(course_file, 1, 1),
                       hint="add 'events:' with at least one '- date: ... title: ...' item")
    _collect_ids(loader, sections)
    course = loader.course(course_node, sections)
    if loader.problems or course is None:
        raise InputError([_for_sheets(p) for p in loader.problems])
    return course


def _for_sheets(problem: Problem) -> Problem:
    """Return the problem without its field path when it is in a sheet: the row and column say where."""
    heading = getattr(problem.location, "heading", "")  # a sheet's CellLocation (histdocs.sheets)
    return Problem(problem.message, problem.location, "", problem.hint) if heading else problem


def _read_course_file(path: Path, name: str, course_title: str | None, loader: _Loader, nofollow: bool,
                      values_left: int) -> tuple[Node | None, list[Problem], int, int]:
    """Return the node tree of one course file (YAML, a sheet or CSL-JSON), its problems, bytes read
    and YAML values composed (`values_left` may still be; sheets have their own row limit).

    Sheets and CSL-JSON become the same located nodes YAML does, so every check below applies.
    `course_title` is course.yaml's title (None without course.yaml: a sheet's title row is the course).
    """
    suffix = Path(name).suffix.lower()  # as named in the folder: `path` may be where a link leads
    if suffix in (".csv", ".xlsx"):
        from .sheets import read_sheet

        return (*read_sheet(path, name, course_title=course_title), 0, 0)
    if suffix == ".json":
        from .csl import read_csl

        return (*read_csl(path, name), 0, 0)
    read = read_yaml(path, name, nofollow=nofollow, max_values=values_left)
    loader.remember_text(name, read.text)  # YAML text: prose citations are located to their column
    return read.tree, list(read.problems), read.size, read.values


def _collect_ids(loader: _Loader, sections: dict[str, list[tuple[int, Node]]]) -> None:
    """Record every well-formed id of the sections items refer to (before building them)."""
    for section, kind in _ID_KINDS.items():
        for _, node in sections[section]:
            if not isinstance(node, Mapping):
                continue
            value = _scalar_value(node.get("id"))
            if value and ID_RE.match(value):
                loader.known[kind].add(value)
                if kind == "person":
                    name = _scalar_value(node.get("name"))
                    if name:
                        loader.person_names.setdefault(value, unicodedata.normalize("NFC", name.strip()))
