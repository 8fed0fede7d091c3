"""Layout definitions: typed YAML with `extends:` inheritance and located errors.

A layout says what a handout or deck looks like: sizes, margins, fonts, colours, which
sections or slides appear in which order. The shipped root layout of each kind (no `extends`)
is the schema of that kind, by example: a derived layout may only use the root's keys, with
values of the same type as the root's. Types are inferred from the root's values:

* length ``12pt``, ``2.5cm``, ``20mm``, ``0.75in`` → float points (`parse_length`);
* colour (keys ending in ``color``/``colour``, or ``#rrggbb`` values) → ``#rrggbb`` (`parse_color`);
* integer, number, boolean (``true/false/yes/no``), text;
* font (a root value naming a bundled family) → a family name or an absolute font path;
* choice (text listed in the root's ``choices:`` by dotted path);
* list of names (items must come from the root's list; a derived list replaces the parent's),
  list of colours, lengths or numbers;
* mapping (deep-merged over the parent's).
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping as TMapping

from .errors import InputError, Location, Problem
from .resources import layouts_dir
from .yamlsource import Mapping, Node, Scalar, Sequence, load_yaml

__all__ = [
    "KINDS",
    "Layout",
    "LayoutInfo",
    "load_layout",
    "list_layouts",
    "parse_length",
    "parse_color",
    "parse_bool",
    "COLOR_NAMES",
]

KINDS = ("handout", "deck")
"""The kinds of layout: a printable handout, or a slide deck."""

_META_KEYS = ("kind", "extends", "description", "choices")

# --- scalar parsers (the one place units and colours are read) ---------------------------------

_UNITS = {"pt": 1.0, "in": 72.0, "cm": 72.0 / 2.54, "mm": 72.0 / 25.4}
_LENGTH = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(pt|mm|cm|in)\s*$", re.IGNORECASE)


def parse_length(text: str) -> float:
    """Return a length (``12pt``, ``2.5cm``, ``20mm``, ``0.75in``; bare ``0``) in points.

    Raises ValueError for anything else: lengths always carry a unit.
    """
    if not isinstance(text, str):
        raise ValueError(f"expected a length like 12pt or 2cm, not {text!r}")
    match = _LENGTH.match(text)
    if match is None:
        if text.strip() in ("0", "0.0"):
            return 0.0
        raise ValueError(f"expected a length like 12pt or 2cm, not {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


COLOR_NAMES: TMapping[str, str] = MappingProxyType(
    {
        "black": "#000000",
        "white": "#ffffff",
        "gray": "#808080",
        "grey": "#808080",
        "silver": "#c0c0c0",
        "lightgray": "#d3d3d3",
        "lightgrey": "#d3d3d3",
        "darkgray": "#a9a9a9",
        "darkgrey": "#a9a9a9",
        "dimgray": "#696969",
        "dimgrey": "#696969",
        "slategray": "#708090",
        "red": "#ff0000",
        "darkred": "#8b0000",
        "maroon": "#800000",
        "firebrick": "#b22222",
        "crimson": "#dc143c",
        "orange": "#ffa500",
        "gold": "#ffd700",
        "goldenrod": "#daa520",
        "yellow": "#ffff00",
        "olive": "#808000",
        "green": "#008000",
        "darkgreen": "#006400",
        "lime": "#00ff00",
        "teal": "#008080",
        "aqua": "#00ffff",
        "cyan": "#00ffff",
        "blue": "#0000ff",
        "navy": "#000080",
        "darkblue": "#00008b",
        "midnightblue": "#191970",
        "steelblue": "#4682b4",
        "purple": "#800080",
        "indigo": "#4b0082",
        "fuchsia": "#ff00ff",
        "magenta": "#ff00ff",
        "brown": "#a52a2a",
        "beige": "#f5f5dc",
        "ivory": "#fffff0",
        "khaki": "#f0e68c",
    }
)
"""Colour names a layout may use, with their ``#rrggbb`` values (a subset of CSS)."""

_HEX6 = re.compile(r"^#[0-9a-fA-F]{6}$")
_HEX3 = re.compile(r"^#[0-9a-fA-F]{3}$")


def parse_color(text: str) -> str:
    """Return a colour (``#RRGGBB``, ``#RGB`` or a name in COLOR_NAMES) as lowercase ``#rrggbb``.

    Raises ValueError for anything else, so no markup can ride along in a colour.
    """
    if not isinstance(text, str):
        raise ValueError(f"expected a colour like #1d3a5c, not {text!r}")
    value = text.strip()
    if _HEX6.match(value):
        return value.lower()
    if _HEX3.match(value):
        return "#" + "".join(ch * 2 for ch in value[1:].lower())
    named = COLOR_NAMES.get(value.lower())
    if named is not None:
        return named
    raise ValueError(f"expected a colour like #1d3a5c, #fff or a name like navy, not {text!r}")


_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


def parse_bool(text: str) -> bool:
    """Return True/False for ``true/yes`` / ``false/no`` (any case); ValueError otherwise."""
    value = text.strip().lower() if isinstance(text, str) else ""
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"expected true or false, not {text!r}")


_INT = re.compile(r"^\s*[+-]?\d+\s*$")
_NUMBER = re.compile(r"^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*$")


# --- the layout --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayoutInfo:
    """A shipped layout: its name, kind, one-line description and file."""

    name: str
    kind: str
    description: str
    path: Path


@dataclass(frozen=True)
class Layout:
    """A resolved layout: every key of its kind's root, typed, with the overrides applied."""

    name: str
    kind: str
    description: str
    source: Path
    values: TMapping[str, object]
    types: TMapping[str, str] = field(default_factory=lambda: MappingProxyType({}), repr=False)
    origins: TMapping[str, Path] = field(default_factory=lambda: MappingProxyType({}), repr=False)
    locations: TMapping[str, Location] = field(default_factory=lambda: MappingProxyType({}), repr=False)

    def locate(self, dotted: str) -> Location | None:
        """Return where the value of a key was written (the file that set it last), if known."""
        return self.locations.get(dotted)

    def get(self, dotted: str) -> object:
        """Return the typed value at a dotted path (``fonts.body``); KeyError naming it if absent."""
        node: object = self.values
        for part in dotted.split("."):
            if not isinstance(node, TMapping) or part not in node:
                raise KeyError(f"layout {self.name!r} has no key {dotted!r}")
            node = node[part]
        return node

    def _typed(self, dotted: str, *expected: str) -> object:
        value = self.get(dotted)
        actual = self.types.get(dotted, "")
        if actual not in expected:
            raise TypeError(f"layout key {dotted!r} is a {actual or 'value'}, not a {' or '.join(expected)}")
        return value

    def length(self, dotted: str) -> float:
        """Return a length in points."""
        return float(self._typed(dotted, "length"))  # type: ignore[arg-type]

    def color(self, dotted: str) -> str:
        """Return a colour as ``#rrggbb`` (checked: never markup)."""
        return str(self._typed(dotted, "color"))

    def number(self, dotted: str) -> float:
        """Return a number (an integer key is returned as a float too)."""
        return float(self._typed(dotted, "number", "integer"))  # type: ignore[arg-type]

    def integer(self, dotted: str) -> int:
        """Return an integer."""
        return int(self._typed(dotted, "integer"))  # type: ignore[call-overload]

    def flag(self, dotted: str) -> bool:
        """Return a boolean."""
        return bool(self._typed(dotted, "boolean"))

    def text(self, dotted: str) -> str:
        """Return a text, a choice or a font (family name or absolute path of font files)."""
        return str(self._typed(dotted, "text", "choice", "font"))

    def font(self, dotted: str) -> str:
        """Return a font spec for `histdocs.fonts.font_family` (bundled name or absolute path)."""
        return str(self._typed(dotted, "font"))

    def names(self, dotted: str) -> tuple[str, ...]:
        """Return a list of names (sections, slides) in the layout's order."""
        return tuple(self._typed(dotted, "names"))  # type: ignore[arg-type]

    def items(self, dotted: str) -> tuple[object, ...]:
        """Return any list value (names, colours, lengths or numbers) as a tuple."""
        return tuple(self._typed(dotted, "names", "colors", "lengths", "numbers"))  # type: ignore[arg-type]

    def section(self, dotted: str) -> TMapping[str, object]:
        """Return a mapping of keys (read-only)."""
        return self._typed(dotted, "mapping")  # type: ignore[return-value]

    def path(self, dotted: str) -> Path | None:
        """Return a text value as a path relative to the layout file that set it; None if empty."""
        value = self.text(dotted)
        if not value:
            return None
        base = self.origins.get(dotted, self.source)
        return (base.parent / value).resolve()


# --- the schema, inferred from the root --------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    """What a key of the root allows."""

    type: str  # length color integer number boolean text font choice names colors lengths numbers mapping
    allowed: tuple[str, ...] = ()  # choices, or the names a list may hold
    children: TMapping[str, "_Field"] = field(default_factory=dict)


_TYPE_WORDS = {
    "length": "a length like 12pt or 2cm",
    "color": "a colour like #1d3a5c or a name like navy",
    "integer": "a whole number like 3",
    "number": "a number like 1.2",
    "boolean": "true or false",
    "text": "a text",
    "font": "a font",
    "choice": "one of the listed words",
    "names": "a list of names",
    "colors": "a list of colours",
    "lengths": "a list of lengths",
    "numbers": "a list of numbers",
    "mapping": "a group of keys",
}


def _is_color_key(key: str) -> bool:
    low = key.lower()
    return low.endswith("color") or low.endswith("colour")


def _scalar_type(key: str, value: str | None, dotted: str, choices: TMapping[str, tuple[str, ...]]) -> str:
    if dotted in choices:
        return "choice"
    if _is_color_key(key):
        return "color"
    if value is None:
        return "text"
    if _HEX6.match(value.strip()) or _HEX3.match(value.strip()):
        return "color"
    if _LENGTH.match(value):
        return "length"
    if value.strip().lower() in _TRUE | _FALSE:
        return "boolean"
    if _INT.match(value):
        return "integer"
    if _NUMBER.match(value):
        return "number"
    from .fonts import BUNDLED_FAMILIES

    if value.strip().casefold() in {f.casefold() for f in BUNDLED_FAMILIES}:
        return "font"
    return "text"


def _list_type(items: tuple[Node, ...]) -> str:
    values = [item.value for item in items if isinstance(item, Scalar)]
    if not values or len(values) != len(items) or any(v is None for v in values):
        return "names"
    for kind, parser in (("colors", parse_color), ("lengths", parse_length)):
        try:
            for v in values:
                parser(v)  # type: ignore[arg-type]
        except ValueError:
            continue
        if kind != "colors" or all(v.strip().startswith("#") for v in values):  # type: ignore[union-attr]
            return kind
    if all(_NUMBER.match(v) for v in values):  # type: ignore[arg-type]
        return "numbers"
    return "names"


def _infer(
    node: Mapping, prefix: str, choices: TMapping[str, tuple[str, ...]], problems: list[Problem]
) -> dict[str, _Field]:
    """Return the schema of a root mapping (keys other than the meta keys at the top)."""
    fields: dict[str, _Field] = {}
    for key_node, value in node.items:
        key = key_node.value or ""
        if not prefix and key in _META_KEYS:
            continue
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            fields[key] = _Field("mapping", children=_infer(value, dotted + ".", choices, problems))
        elif isinstance(value, Sequence):
            kind = _list_type(value.items)
            allowed: tuple[str, ...] = ()
            if kind == "names":
                bad = [item for item in value.items if not (isinstance(item, Scalar) and item.value)]
                for item in bad:
                    problems.append(Problem("a list in a root layout may only hold names", item.loc, dotted))
                allowed = tuple(item.value for item in value.items if isinstance(item, Scalar) and item.value)
            fields[key] = _Field(kind, allowed)
        else:
            kind = _scalar_type(key, value.value, dotted, choices)
            fields[key] = _Field(kind, choices.get(dotted, ()))
    return fields


def _read_choices(node: Node | None, problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    if node is None:
        return {}
    if not isinstance(node, Mapping):
        problems.append(Problem("'choices' must map dotted keys to lists of words", node.loc, "choices"))
        return {}
    result: dict[str, tuple[str, ...]] = {}
    for key_node, value in node.items:
        words = []
        if isinstance(value, Sequence):
            words = [item.value for item in value.items if isinstance(item, Scalar) and item.value]
        if not words or not isinstance(value, Sequence) or len(words) != len(value.items):
            problems.append(
                Problem("a choice needs a list of words, like [page, end]", value.loc, f"choices.{key_node.value}")
            )
            continue
        result[key_node.value or ""] = tuple(words)
    return result


def _check_choices_exist(
    choices: TMapping[str, tuple[str, ...]], node: Mapping, schema: TMapping[str, _Field], problems: list[Problem]
) -> None:
    choices_node = node.get("choices")
    assert isinstance(choices_node, Mapping)
    for key_node, _ in choices_node.items:
        dotted = key_node.value or ""
        fld = _lookup(schema, dotted)
        if fld is None or fld.type != "choice":
            problems.append(
                Problem(f"choices name {dotted!r}, which is not a text key of this layout", key_node.loc, "choices")
            )


def _lookup(schema: TMapping[str, _Field], dotted: str) -> _Field | None:
    fields: TMapping[str, _Field] = schema
    found: _Field | None = None
    for part in dotted.split("."):
        found = fields.get(part)
        if found is None:
            return None
        fields = found.children
    return found


# --- converting values by the schema -----------------------------------------------------------


def _hint_for(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(options), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    return ""


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


class _Converter:
    """Convert a layout file's values by the schema, merging them over the parent's values."""

    def __init__(self, schema: TMapping[str, _Field], source: Path) -> None:
        self.schema = schema
        self.source = source
        self.problems: list[Problem] = []
        self.origins: dict[str, Path] = {}
        self.locations: dict[str, Location] = {}
        self.written: dict[str, str] = {}

    def merge(self, base: dict[str, object], node: Mapping, fields: TMapping[str, _Field], prefix: str) -> None:
        """Apply `node` (a mapping of the file) over `base` (resolved values) in place."""
        for key_node, value in node.items:
            key = key_node.value or ""
            if not prefix and key in _META_KEYS:
                continue
            dotted = f"{prefix}{key}"
            fld = fields.get(key)
            if fld is None:
                self.problems.append(
                    Problem(f"unknown key {key!r}", key_node.loc, dotted, _hint_for(key, list(fields)))
                )
                continue
            if fld.type == "mapping":
                if not isinstance(value, Mapping):
                    self.problems.append(self._wrong(value, fld, dotted))
                    continue
                child = base.get(key)
                child_values: dict[str, object] = dict(child) if isinstance(child, dict) else {}
                self.merge(child_values, value, fld.children, dotted + ".")
                base[key] = child_values
                continue
            converted = self.convert(value, fld, dotted)
            if converted is not _BAD:
                base[key] = converted
                self.origins[dotted] = self.source
                self.locations[dotted] = value.loc
                self.written[dotted] = (value.value or "") if isinstance(value, Scalar) else ""

    def _wrong(self, node: Node, fld: _Field, dotted: str, detail: str = "") -> Problem:
        hint = ""
        if fld.type == "length" and isinstance(node, Scalar) and node.value and _NUMBER.match(node.value):
            hint = f"add a unit: {node.value.strip()}pt"
        if fld.type == "color":
            hint = "write a colour as #rrggbb (for example #1d3a5c), #rgb, or a name like navy"
        got = ""
        if isinstance(node, Scalar):
            got = f", not {_short(node.value)}" if node.value is not None else ", not an empty value"
        elif isinstance(node, Sequence):
            got = ", not a list"
        elif isinstance(node, Mapping):
            got = ", not a group of keys"
        return Problem(detail or f"expected {_TYPE_WORDS[fld.type]}{got}", node.loc, dotted, hint)

    def convert(self, node: Node, fld: _Field, dotted: str) -> object:
        """Return the typed value of `node`, or _BAD after recording a problem."""
        if fld.type in ("names", "colors", "lengths", "numbers"):
            return self._convert_list(node, fld, dotted)
        if not isinstance(node, Scalar):
            self.problems.append(self._wrong(node, fld, dotted))
            return _BAD
        text = node.value
        if text is None and fld.type == "text":
            return ""
        if text is None:
            self.problems.append(self._wrong(node, fld, dotted))
            return _BAD
        try:
            return self._scalar(text, fld, dotted, node)
        except ValueError:
            self.problems.append(self._wrong(node, fld, dotted))
            return _BAD
        except _Located as exc:
            self.problems.append(exc.problem)
            return _BAD

    def _scalar(self, text: str, fld: _Field, dotted: str, node: Scalar) -> object:
        kind = fld.type
        if kind == "length":
            return parse_length(text)
        if kind == "color":
            return parse_color(text)
        if kind == "boolean":
            return parse_bool(text)
        if kind == "integer":
            if not _INT.match(text):
                raise ValueError(text)
            return int(text)
        if kind == "number":
            if not _NUMBER.match(text):
                raise ValueError(text)
            return float(text)
        if kind == "choice":
            if text not in fld.allowed:
                raise _Located(
                    Problem(
                        f"{_short(text)} is not a choice here; choose one of: {', '.join(fld.allowed)}",
                        node.loc,
                        dotted,
                        _hint_for(text, fld.allowed),
                    )
                )
            return text
        if kind == "font":
            return self._font(text, node, dotted)
        return text

    def _font(self, text: str, node: Scalar, dotted: str) -> str:
        from .fonts import BUNDLED_FAMILIES, check_font

        for family in BUNDLED_FAMILIES:
            if text.strip().casefold() == family.casefold():
                return family
        candidate = (self.source.parent / text).expanduser()
        if candidate.exists():
            problem = check_font(str(candidate.resolve()))  # opens every face: a broken file is reported here
            if problem is None:
                return str(candidate.resolve())
            raise _Located(Problem(f"font {_short(text)}: {problem.message}", node.loc, dotted, problem.hint))
        raise _Located(
            Problem(
                f"unknown font {_short(text)}",
                node.loc,
                dotted,
                "use " + " or ".join(BUNDLED_FAMILIES) + ", or the path (relative to this layout) of a "
                "folder with *-Regular.ttf, *-Bold.ttf, *-Italic.ttf and *-BoldItalic.ttf"
                + (" — " + _hint_for(text, BUNDLED_FAMILIES) if _hint_for(text, BUNDLED_FAMILIES) else ""),
            )
        )

    def _convert_list(self, node: Node, fld: _Field, dotted: str) -> object:
        if not isinstance(node, Sequence):
            self.problems.append(self._wrong(node, fld, dotted))
            return _BAD
        result: list[object] = []
        ok = True
        seen: set[str] = set()
        for index, item in enumerate(node.items):
            where = f"{dotted}[{index}]"
            if not isinstance(item, Scalar) or item.value is None:
                self.problems.append(Problem(f"expected {_TYPE_WORDS[fld.type]} of single words", item.loc, where))
                ok = False
                continue
            text = item.value
            try:
                if fld.type == "colors":
                    result.append(parse_color(text))
                elif fld.type == "lengths":
                    result.append(parse_length(text))
                elif fld.type == "numbers":
                    if not _NUMBER.match(text):
                        raise ValueError(text)
                    result.append(float(text))
                else:
                    if text not in fld.allowed:
                        self.problems.append(
                            Problem(
                                f"{_short(text)} is not allowed here; allowed: {', '.join(fld.allowed)}",
                                item.loc,
                                where,
                                _hint_for(text, fld.allowed),
                            )
                        )
                        ok = False
                        continue
                    if text in seen:
                        self.problems.append(Problem(f"{text!r} is listed twice", item.loc, where))
                        ok = False
                        continue
                    seen.add(text)
                    result.append(text)
            except ValueError:
                word = {"colors": "color", "lengths": "length", "numbers": "number"}[fld.type]
                self.problems.append(self._wrong(item, _Field(word), where))
                ok = False
        return tuple(result) if ok else _BAD


_BAD = object()


class _Located(Exception):
    """A conversion problem that already knows its words and place."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _types_of(fields: TMapping[str, _Field], prefix: str = "") -> dict[str, str]:
    result: dict[str, str] = {}
    for key, fld in fields.items():
        dotted = f"{prefix}{key}"
        result[dotted] = fld.type
        if fld.type == "mapping":
            result.update(_types_of(fld.children, dotted + "."))
    return result


def _freeze(value: object) -> object:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    return value


# --- files and inheritance ---------------------------------------------------------------------


@dataclass(frozen=True)
class _File:
    """One layout file of an inheritance chain."""

    path: Path
    display: str
    node: Mapping
    extends: Scalar | None
    kind: Scalar | None
    description: str


def _shipped(name: str) -> Path | None:
    path = layouts_dir() / f"{name}.yaml"
    return path if path.is_file() else None


def _shipped_names() -> list[str]:
    folder = layouts_dir()
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def _display(path: Path) -> str:
    """Return the name used in error locations: shipped files by their place in the package."""
    try:
        path.resolve().relative_to(layouts_dir().resolve())
        return f"histdocs/layouts/{path.name}"
    except ValueError:
        return str(path)


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.endswith((".yaml", ".yml"))


def _read(path: Path, display: str) -> _File:
    tree, problems = load_yaml(path, display)
    if problems:
        raise InputError(problems)
    if not isinstance(tree, Mapping):
        where = tree.loc if tree is not None else Location(display, 1, 1)
        raise InputError([Problem("a layout must be a group of keys (kind:, extends:, …)", where)])
    extends = tree.get("extends")
    kind = tree.get("kind")
    desc = tree.get("description")
    bad = []
    for key, node in (("extends", extends), ("kind", kind), ("description", desc)):
        if node is not None and not (isinstance(node, Scalar) and node.value):
            bad.append(Problem(f"'{key}' must be a single word or text", node.loc, key))
    if bad:
        raise InputError(bad)
    return _File(
        path,
        display,
        tree,
        extends if isinstance(extends, Scalar) else None,
        kind if isinstance(kind, Scalar) else None,
        (desc.value or "") if isinstance(desc, Scalar) else "",
    )


def _parent_path(child: _File) -> Path:
    assert child.extends is not None and child.extends.value
    ref = child.extends.value.strip()
    if _looks_like_path(ref):
        candidate = child.path.parent / ref
        if candidate.is_file():
            return candidate
    else:
        local = child.path.parent / f"{ref}.yaml"
        if local.is_file():
            return local
        shipped = _shipped(ref)
        if shipped is not None:
            return shipped
    local_names = sorted(p.stem for p in child.path.parent.glob("*.yaml") if p.resolve() != child.path.resolve())
    raise InputError(
        [
            Problem(
                f"unknown layout {ref!r} in extends",
                child.extends.loc,
                "extends",
                _hint_for(ref, _shipped_names() + local_names)
                or "extend a shipped layout (" + ", ".join(_shipped_names()) + ") or a file next to this one",
            )
        ]
    )


def _chain(path: Path) -> list[_File]:
    """Return the files from `path` up to its root (root last); errors on cycles."""
    files: list[_File] = []
    seen: dict[Path, int] = {}
    current = _read(path, _display(path))
    while True:
        key = current.path.resolve()
        if key in seen:
            names = " → ".join(Path(f.display).name for f in files[seen[key]:]) + f" → {Path(current.display).name}"
            previous = files[-1]
            assert previous.extends is not None
            raise InputError(
                [Problem(f"extends cycle: {names}", previous.extends.loc, "extends", "one layout must be a root (no extends)")]
            )
        seen[key] = len(files)
        files.append(current)
        if current.extends is None:
            return files
        parent = _parent_path(current)
        current = _read(parent, _display(parent))


def _resolve_path(name_or_path: str | Path) -> Path:
    if isinstance(name_or_path, Path) or _looks_like_path(str(name_or_path)):
        path = Path(name_or_path)
        if not os.path.lexists(path):  # a pipe or folder is refused by the reader, naming what it is
            raise InputError(
                [Problem(f"layout file {str(path)!r} not found", hint="give a shipped layout name or a .yaml file")]
            )
        return path
    name = str(name_or_path).strip()
    shipped = _shipped(name)
    if shipped is None:
        names = _shipped_names()
        raise InputError(
            [
                Problem(
                    f"unknown layout {name!r}; the shipped layouts are: {', '.join(names)}",
                    hint=_hint_for(name, names) or "or give the path of your own .yaml layout file",
                )
            ]
        )
    return shipped


def load_layout(name_or_path: str | Path, kind: str | None = None) -> Layout:
    """Return the layout named (shipped, like ``handout-a4``) or at a path, fully resolved.

    `kind` ("handout" or "deck") is what the caller needs; another kind is an error. Raises
    InputError with every problem found, each with file:line:column.
    """
    path = _resolve_path(name_or_path)
    files = _chain(path)
    root = files[-1]
    problems: list[Problem] = []

    # kind: set in the root, repeated (identically) or left out below it
    if root.kind is None:
        raise InputError(
            [Problem("a root layout needs 'kind: handout' or 'kind: deck'", root.node.loc, "kind")]
        )
    kind_value = root.kind.value or ""
    if kind_value not in KINDS:
        raise InputError(
            [Problem(f"kind must be handout or deck, not {_short(kind_value)}", root.kind.loc, "kind", _hint_for(kind_value, KINDS))]
        )
    for file in files[:-1]:
        if file.kind is not None and file.kind.value != kind_value:
            problems.append(
                Problem(
                    f"kind mismatch: this layout says {file.kind.value!r} but its root "
                    f"{Path(root.display).stem!r} is a {kind_value} layout",
                    file.kind.loc,
                    "kind",
                )
            )
        if file.node.get("choices") is not None:
            node = file.node.get("choices")
            assert node is not None
            problems.append(
                Problem("'choices' can only be set in a root layout", node.loc, "choices", "remove it; the root decides")
            )
    if problems:
        raise InputError(problems)

    # the schema, from the root
    choices = _read_choices(root.node.get("choices"), problems)
    schema = _infer(root.node, "", choices, problems)
    if root.node.get("choices") is not None and isinstance(root.node.get("choices"), Mapping):
        _check_choices_exist(choices, root.node, schema, problems)
    if problems:
        raise InputError(problems)

    # values: the root first, then each file down the chain over it
    values: dict[str, object] = {}
    types = _types_of(schema)
    origins: dict[str, Path] = {}
    locations: dict[str, Location] = {}
    written: dict[str, str] = {}
    for file in reversed(files):
        converter = _Converter(schema, file.path)
        converter.merge(values, file.node, schema, "")
        problems.extend(converter.problems)
        origins.update(converter.origins)
        locations.update(converter.locations)
        written.update(converter.written)
    if problems:
        raise InputError(problems)

    top = files[0]
    if kind is not None and kind != kind_value:
        where = top.kind.loc if top.kind is not None else Location(top.display, 1, 1)
        raise InputError(
            [
                Problem(
                    f"{kind} layout expected, but {Path(top.display).stem!r} is a {kind_value} layout",
                    where,
                    hint=f"choose a {kind} layout: " + ", ".join(i.name for i in _infos_of_kind(kind)),
                )
            ]
        )
    description = next((f.description for f in files if f.description), "")
    layout = Layout(
        name=path.stem,
        kind=kind_value,
        description=description,
        source=path,
        values=_freeze(values),  # type: ignore[arg-type]
        types=MappingProxyType(types),
        origins=MappingProxyType(origins),
        locations=MappingProxyType(locations),
    )
    shipped_root = _shipped(root.path.stem)
    if kind is not None and (shipped_root is None or shipped_root.resolve() != root.path.resolve()):
        _check_complete(layout, root, kind)
    from .layoutlimits import check_ranges

    problems = check_ranges(layout, written, top.path)
    if problems:
        raise InputError(problems)
    return layout


def _check_complete(layout: Layout, root: _File, kind: str) -> None:
    """Refuse a layout that has no shipped root above it and lacks keys its kind needs.

    A layout without `extends:` is a root itself: it must then set every key of the shipped
    root of its kind (``handout-a4``, ``deck-16x9``), with values of the same sort, because
    the renderers read them all. Naming what is missing beats a KeyError while drawing.
    """
    reference = load_layout(_ROOTS[kind])
    missing = []
    for key in reference.types:  # a group missing entirely is named once, not key by key
        if key not in layout.types and (key.rpartition(".")[0] in layout.types or "." not in key):
            missing.append(key)
    missing.sort()
    mistyped = sorted(
        k for k, t in reference.types.items() if k in layout.types and layout.types[k] != t
    )
    problems: list[Problem] = []
    where = root.kind.loc if root.kind is not None else Location(root.display, 1, 1)
    if missing:
        shown = ", ".join(missing[:8]) + (f" (and {len(missing) - 8} more)" if len(missing) > 8 else "")
        problems.append(
            Problem(
                f"this layout has no 'extends:', so it must set every key of a {kind} layout; missing: {shown}",
                where,
                hint=f"add the line 'extends: {_ROOTS[kind]}' to take every key you do not set from the shipped layout",
            )
        )
    for key in mistyped:
        problems.append(
            Problem(
                f"must be {_TYPE_WORDS[reference.types[key]]}, as in {_ROOTS[kind]}",
                layout.locate(key) or where,
                key,
            )
        )
    if problems:
        raise InputError(problems)


_ROOTS = {"handout": "handout-a4", "deck": "deck-16x9"}
"""The shipped root layout of each kind: the keys every layout of that kind has."""


def _infos_of_kind(kind: str) -> list[LayoutInfo]:
    try:
        return [info for info in list_layouts() if info.kind == kind]
    except InputError:
        return []


def _first_comment(path: Path) -> str:
    """Return the first sentence of a file's opening comment (a shipped layout's description)."""
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        text = stripped.lstrip("#").strip()
        if not text:
            break
        words.append(text)
        if re.search(r"[.!?]$", text) or re.search(r"\.\s", text):
            break
    joined = " ".join(words)
    match = re.match(r"(.+?[.!?])(\s|$)", joined)
    return match.group(1) if match else joined


def list_layouts() -> list[LayoutInfo]:
    """Return the shipped layouts, sorted by kind then name (each one loaded and checked)."""
    infos = []
    for name in _shipped_names():
        layout = load_layout(name)
        infos.append(
            LayoutInfo(layout.name, layout.kind, layout.description or _first_comment(layout.source), layout.source)
        )
    infos.sort(key=lambda info: (KINDS.index(info.kind), info.name))
    return infos
