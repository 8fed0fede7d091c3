"""Read ``sources.json``, a CSL-JSON export from a reference manager (Zotero, Better BibTeX), as a course's sources.

Each CSL item becomes the same located mapping a YAML ``sources:`` item is, so the loader
checks it the same way. The citation key (``citation-key``, else ``id``) is the source's id,
the one prose cites as ``[@key, p. 5]``. CSL names (``{"family": ..., "given": ...}``) become
"Family, Given"; CSL dates (``{"date-parts": [[2010, 5]]}``, ``raw``, ``literal``) become the
text histdocs' date parser reads; CSL's many item types map onto histdocs' seven. Fields
histdocs does not print (abstract, ISBN, language, ...) are left out.

JSON is parsed here with positions (the standard library's decoder gives none), so a bad
value is reported as ``sources.json:LINE:COLUMN``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import Location, Problem
from .yamlsource import MAX_FILE_BYTES, Mapping, Node, Scalar, Sequence

__all__ = ["read_csl", "parse_json", "CSL_TYPES"]

CSL_TYPES: dict[str, str] = {
    "book": "book", "classic": "book",
    "chapter": "chapter", "entry": "chapter", "entry-dictionary": "chapter", "entry-encyclopedia": "chapter",
    "paper-conference": "chapter",
    "article": "article", "article-journal": "article", "article-magazine": "article",
    "article-newspaper": "article", "review": "article", "review-book": "article", "periodical": "article",
    "webpage": "webpage", "post": "webpage", "post-weblog": "webpage",
    "interview": "interview",
    "report": "report", "thesis": "report", "dataset": "report", "standard": "report",
}
"""CSL item types and the histdocs source type each prints as; any other CSL type is a 'document'."""

_TEXT_FIELDS = {"title": "title", "container-title": "container-title", "publisher": "publisher",
                "publisher-place": "publisher-place", "page": "page", "URL": "url", "note": "note"}
_NAME_FIELDS = ("author", "editor")
_DATE_FIELDS = ("issued", "accessed")
_WS = re.compile(r"[ \t\n\r]*")


class _JsonError(Exception):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


def _where(text: str, pos: int, file: str) -> Location:
    line = text.count("\n", 0, pos) + 1
    return Location(file, line, pos - (text.rfind("\n", 0, pos) + 1) + 1)


def parse_json(text: str, file: str) -> tuple[Node | None, list[Problem]]:
    """Return a JSON document as located nodes (numbers and booleans as their text), or a located syntax error."""
    decoder = json.JSONDecoder()

    def value(pos: int, depth: int) -> tuple[Node, int]:
        if depth > 100:
            raise _JsonError("the document is nested too deeply", pos)
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        loc = _where(text, pos, file)
        ch = text[pos : pos + 1]
        if ch == "{":
            items: list[tuple[Scalar, Node]] = []
            seen: set[str] = set()
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos : pos + 1] == "}":
                return Mapping((), loc), pos + 1
            while True:
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                if text[pos : pos + 1] != '"':
                    raise _JsonError("expected a quoted key", pos)
                key, end = value(pos, depth + 1)
                assert isinstance(key, Scalar)
                if key.value in seen:
                    raise _JsonError(f"duplicate key {key.value!r}", pos)
                seen.add(key.value or "")
                pos = _WS.match(text, end).end()  # type: ignore[union-attr]
                if text[pos : pos + 1] != ":":
                    raise _JsonError("expected ':' after a key", pos)
                item, pos = value(pos + 1, depth + 1)
                items.append((key, item))
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                if text[pos : pos + 1] == ",":
                    pos += 1
                    continue
                if text[pos : pos + 1] == "}":
                    return Mapping(tuple(items), loc), pos + 1
                raise _JsonError("expected ',' or '}'", pos)
        if ch == "[":
            elements: list[Node] = []
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos : pos + 1] == "]":
                return Sequence((), loc), pos + 1
            while True:
                item, pos = value(pos, depth + 1)
                elements.append(item)
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                if text[pos : pos + 1] == ",":
                    pos += 1
                    continue
                if text[pos : pos + 1] == "]":
                    return Sequence(tuple(elements), loc), pos + 1
                raise _JsonError("expected ',' or ']'", pos)
        try:
            obj, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise _JsonError(exc.msg, exc.pos) from None
        if obj is None:
            return Scalar(None, loc), end
        if isinstance(obj, bool):
            return Scalar("true" if obj else "false", loc), end
        if isinstance(obj, float) and obj.is_integer():
            return Scalar(str(int(obj)), loc, quoted=False), end
        return Scalar(str(obj), loc, quoted=isinstance(obj, str)), end

    try:
        node, end = value(0, 0)
        end = _WS.match(text, end).end()  # type: ignore[union-attr]
        if end != len(text):
            raise _JsonError("extra data after the JSON value", end)
    except _JsonError as exc:
        return None, [Problem(f"JSON syntax error: {exc.message}", _where(text, exc.pos, file),
                              hint="export the library again as CSL JSON; a hand edit may have broken it")]
    return node, []


def _name(node: Node) -> Scalar | None:
    """Return a CSL name as "Family, Given" (or its literal)."""
    if isinstance(node, Scalar):
        return node
    if not isinstance(node, Mapping):
        return None
    parts = {k.value or "": v.value for k, v in node.items if isinstance(v, Scalar) and v.value}
    if "literal" in parts:
        return Scalar(parts["literal"], node.loc)
    family = " ".join(p for p in (parts.get("non-dropping-particle"), parts.get("family")) if p)
    given = " ".join(p for p in (parts.get("given"), parts.get("dropping-particle")) if p)
    if parts.get("suffix"):
        given = f"{given}, {parts['suffix']}" if given else parts["suffix"]
    if not family:
        return Scalar(given, node.loc) if given else None
    return Scalar(f"{family}, {given}" if given else family, node.loc)


def _date_part(parts: Node) -> str | None:
    """Return one CSL date-parts entry ([year, month, day]) as text histdocs' date parser reads."""
    if not isinstance(parts, Sequence) or not parts.items:
        return None
    numbers = []
    for item in parts.items[:3]:
        if not isinstance(item, Scalar) or item.value is None or not re.fullmatch(r"-?\d+", item.value.strip()):
            return None
        numbers.append(int(item.value))
    year = numbers[0]
    if year <= 0:  # CSL: negative years are BC
        text = f"{1 - year if year == 0 else -year} BCE"
    else:
        text = str(year)
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
    if len(numbers) > 1 and 1 <= numbers[1] <= 12:
        text = f"{months[numbers[1] - 1]} {text}"
        if len(numbers) > 2:
            text = f"{numbers[2]} {text}"
    return text


def _date(node: Node, problems: list[Problem], field: str) -> Scalar | None:
    """Return a CSL date as a located date text."""
    if isinstance(node, Scalar):
        return node
    if not isinstance(node, Mapping):
        return None
    for key in ("literal", "raw"):
        found = node.get(key)
        if isinstance(found, Scalar) and found.value:
            return found
    parts = node.get("date-parts")
    if isinstance(parts, Sequence) and parts.items:
        texts = [_date_part(p) for p in parts.items[:2]]
        if any(t is None for t in texts):
            problems.append(Problem(f"'{field}' has date-parts histdocs cannot read", parts.loc,
                                    hint='write e.g. {"date-parts": [[2010, 5, 1]]}'))
            return None
        text = " – ".join(t for t in texts if t)
        circa = node.get("circa")
        if isinstance(circa, Scalar) and circa.value not in (None, "false", "0", ""):
            text = f"c. {text}"
        return Scalar(text, parts.loc)
    return None


def _item(node: Node, problems: list[Problem]) -> Mapping | None:
    """Return one CSL item as a histdocs source mapping."""
    if not isinstance(node, Mapping):
        problems.append(Problem("expected a CSL item ({...})", node.loc))
        return None
    pairs: list[tuple[Scalar, Node]] = []
    key = node.get("citation-key") or node.get("id")
    if isinstance(key, Scalar):
        pairs.append((Scalar("id", key.loc), key))
    kind = node.get("type")
    if isinstance(kind, Scalar) and kind.value:
        pairs.append((Scalar("type", kind.loc), Scalar(CSL_TYPES.get(kind.value, "document"), kind.loc)))
    for field, target in _TEXT_FIELDS.items():
        value = node.get(field)
        if value is not None:
            pairs.append((Scalar(target, value.loc), value))
    for field in _NAME_FIELDS:
        value = node.get(field)
        if isinstance(value, Sequence):
            names = [n for n in (_name(item) for item in value.items) if n is not None]
            pairs.append((Scalar(field, value.loc), Sequence(tuple(names), value.loc)))
        elif value is not None:
            pairs.append((Scalar(field, value.loc), value))
    for field in _DATE_FIELDS:
        value = node.get(field)
        if value is not None:
            date = _date(value, problems, field)
            if date is not None:
                pairs.append((Scalar(field, date.loc), date))
    return Mapping(tuple(pairs), node.loc)


def read_csl(path: str | Path, name: str) -> tuple[Node | None, list[Problem]]:
    """Read a CSL-JSON file into ``{sources: [...]}`` nodes and the problems found."""
    path = Path(path)
    where = Location(name, 1, 1)
    try:
        size = path.stat().st_size
        raw = path.read_bytes() if size <= MAX_FILE_BYTES else b""
    except OSError as exc:
        return None, [Problem(f"cannot read file: {exc.strerror or exc}", where)]
    if size > MAX_FILE_BYTES:
        return None, [Problem(f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}", where,
                              hint="export only the collection the course cites")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem("the file is not UTF-8 text", where, hint="export it again as CSL JSON")]
    tree, problems = parse_json(text, name)
    if tree is None:
        return None, problems
    if isinstance(tree, Mapping) and isinstance(tree.get("items"), Sequence):
        tree = tree.get("items")  # some exports wrap the list
    if not isinstance(tree, Sequence):
        return None, [Problem("expected a list of CSL items ([{...}, ...])", tree.loc,
                              hint="in Zotero: Export Collection > CSL JSON (or Better CSL JSON)")]
    items = [item for item in (_item(node, problems) for node in tree.items) if item is not None]
    return Mapping(((Scalar("sources", where), Sequence(tuple(items), tree.loc)),), where), problems
