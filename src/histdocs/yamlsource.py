"""Read YAML safely into a tree of nodes that remember their file, line and column.

Every scalar stays the string it was written as (no YAML 1.1 typing: ``NO``, ``1990``,
``1988-05-21``, ``12:30`` and ``0755`` all come back as typed), so the schema, not the YAML
library, decides what a value means. Only PyYAML's SafeLoader machinery is used; explicit tags
(``!!python/object/apply:…``) are rejected, duplicate keys are errors naming both lines, and
aliases are bounded by a node budget so an alias bomb fails in milliseconds.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Union

import yaml

from .errors import Location, Problem

__all__ = [
    "Scalar",
    "Mapping",
    "Sequence",
    "Node",
    "YamlFile",
    "MAX_FILE_BYTES",
    "MAX_COURSE_BYTES",
    "MAX_NODES",
    "check_source",
    "read_source",
    "read_yaml",
    "load_yaml",
    "parse_yaml",
    "position",
    "split_lines",
    "to_plain",
]

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Largest course or layout file read, in bytes (8 MiB): a course is text, not a data dump."""

MAX_COURSE_BYTES = 16 * 1024 * 1024
"""Most bytes all the files of one course may hold together (16 MiB; a 10,000-event course is about 2 MiB)."""

MAX_NODES = 1_000_000
"""Most values a document may expand to, counting every alias expansion (alias bombs)."""


@dataclass(frozen=True)
class Scalar:
    """A YAML scalar: its text as written (``None`` for an empty or null plain value)."""

    value: str | None
    loc: Location
    quoted: bool = False


@dataclass(frozen=True)
class Sequence:
    """A YAML list."""

    items: tuple["Node", ...]
    loc: Location


@dataclass(frozen=True)
class Mapping:
    """A YAML mapping with string keys, in the order written."""

    items: tuple[tuple[Scalar, "Node"], ...]
    loc: Location

    def get(self, key: str) -> "Node | None":
        """Return the value node of `key`, or None when the key is absent."""
        for k, v in self.items:
            if k.value == key:
                return v
        return None

    def keys(self) -> list[str]:
        """Return the keys in the order written."""
        return [k.value or "" for k, _ in self.items]


Node = Union[Scalar, Sequence, Mapping]

_NULLS = {"", "~", "null", "Null", "NULL"}


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader that resolves every plain scalar to a string (no implicit typing)."""


_PlainLoader.yaml_implicit_resolvers = {}

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


def _loc(mark: yaml.Mark | None, file: str) -> Location:
    if mark is None:
        return Location(file, 1, 1)
    return Location(file, mark.line + 1, mark.column + 1)


class _Recursive(Exception):
    """An alias that contains itself."""

    def __init__(self, node: yaml.Node) -> None:
        super().__init__("recursive alias")
        self.node = node


class _Builder:
    """Turn composed yaml nodes into our nodes, collecting problems instead of stopping."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.built: dict[int, Node] = {}
        self.sizes: dict[int, int] = {}
        self.active: set[int] = set()

    def expanded_size(self, node: yaml.Node) -> int:
        """Return how many values `node` stands for once every alias is expanded (memoised)."""
        key = id(node)
        if key in self.active:
            raise _Recursive(node)
        if key not in self.sizes:
            self.active.add(key)
            if isinstance(node, yaml.SequenceNode):
                total = 1 + sum(self.expanded_size(item) for item in node.value)
            elif isinstance(node, yaml.MappingNode):
                total = 1 + sum(self.expanded_size(k) + self.expanded_size(v) for k, v in node.value)
            else:
                total = 1
            self.active.discard(key)
            self.sizes[key] = min(total, MAX_NODES + 1)
        return self.sizes[key]

    def build(self, node: yaml.Node) -> Node:
        """Return our node for `node`; an alias shares the node built for its anchor."""
        key = id(node)
        if key not in self.built:
            self.built[key] = self._build(node)
        return self.built[key]

    def _build(self, node: yaml.Node) -> Node:
        loc = _loc(node.start_mark, self.file)
        if node.tag not in _STANDARD_TAGS:
            self.problems.append(
                Problem(
                    f"YAML tag {node.tag!r} is not allowed; write plain values",
                    loc,
                    hint="remove the '!' tag",
                )
            )
        if isinstance(node, yaml.ScalarNode):
            quoted = node.style in ("'", '"', "|", ">")
            value: str | None = node.value
            if not quoted and node.value in _NULLS:
                value = None
            return Scalar(value, loc, quoted)
        if isinstance(node, yaml.SequenceNode):
            return Sequence(tuple(self.build(item) for item in node.value), loc)
        assert isinstance(node, yaml.MappingNode)
        seen: dict[str, Location] = {}
        items: list[tuple[Scalar, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or (
                isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<" and not key_node.style
            ):
                self.problems.append(
                    Problem("merge keys ('<<') are not supported; write the keys out", _loc(key_node.start_mark, self.file))
                )
                continue
            key = self.build(key_node)
            if not isinstance(key, Scalar) or key.value is None:
                self.problems.append(Problem("a key must be a plain name", _loc(key_node.start_mark, self.file)))
                continue
            if key.value in seen:
                first = seen[key.value]
                self.problems.append(
                    Problem(
                        f"duplicate key {key.value!r} (first at line {first.line}, again at line {key.loc.line})",
                        key.loc,
                        hint="keep one of them",
                    )
                )
                continue
            seen[key.value] = key.loc
            items.append((key, self.build(value_node)))
        return Mapping(tuple(items), loc)


def parse_yaml(text: str, file: str = "<string>") -> tuple[Node | None, list[Problem]]:
    """Return the node tree of one YAML document and the problems found in it.

    A syntax error ends reading and is returned as the only problem (with the tree None).
    """
    loader = None
    try:
        loader = _PlainLoader(text)
        node = loader.get_single_node()
    except RecursionError:
        return None, [Problem("the document is nested too deeply", Location(file, 1, 1))]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(f"YAML syntax error: {what}", _loc(mark, file))]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "position", None)
        if isinstance(exc, yaml.reader.ReaderError):
            loc = position(text, exc.position, file)
            return None, [
                Problem(
                    f"character U+{exc.character:04X} is not allowed in course files" if isinstance(exc.character, int)
                    else f"YAML reader error: {exc.reason}",
                    loc,
                    hint="delete the invisible control character (often pasted from a word processor)",
                )
            ]
        return None, [Problem(f"YAML error: {exc}", Location(file, 1, 1))]
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return None, []
    builder = _Builder(file)
    try:
        size = builder.expanded_size(node)
    except _Recursive as exc:
        return None, [Problem("an alias refers to itself; write the data out", _loc(exc.node.start_mark, file))]
    except RecursionError:
        return None, [Problem("the document is nested too deeply", Location(file, 1, 1))]
    if size > MAX_NODES:
        return None, [
            Problem(
                f"the document expands to more than {MAX_NODES:,} values through aliases "
                "(an alias bomb?); write the data out instead of using anchors",
                _loc(node.start_mark, file),
            )
        ]
    tree = builder.build(node)
    return tree, builder.problems


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def split_lines(text: str) -> list[str]:
    """Return the lines of `text` split where YAML (and so every mark) counts a line break.

    That is CR LF, a lone CR (old Mac files), LF, NEL, LS and PS, so line numbers found by
    searching the text agree with the parser's.
    """
    return _BREAK.split(text)


def position(text: str, index: int, file: str) -> Location:
    """Return the location of character `index` of `text`, counting lines as the YAML reader does."""
    line, start = 1, 0
    for match in _BREAK.finditer(text, 0, index):
        if match.end() > index:  # index is the LF of a CR LF: still on the CR's line
            break
        line, start = line + 1, match.end()
    column = index - start - text.count("\ufeff", start, index) + 1  # the reader skips BOMs in columns
    return Location(file, line, column)


@dataclass(frozen=True)
class YamlFile:
    """One YAML file read: its tree (None when unreadable or empty), problems, text and size in bytes."""

    tree: Node | None
    problems: tuple[Problem, ...]
    text: str = ""
    size: int = 0


_KINDS = (
    (stat.S_ISDIR, "a folder", "rename or move the folder: only files ending in .yaml are course files"),
    (stat.S_ISFIFO, "a named pipe (FIFO)", "save the text in a regular file"),
    (stat.S_ISCHR, "a device", "save the text in a regular file"),
    (stat.S_ISBLK, "a device", "save the text in a regular file"),
    (stat.S_ISSOCK, "a socket", "save the text in a regular file"),
)


def _too_big(size: int | None, file: str) -> Problem:
    held = f"{size:,} bytes" if size is not None else f"more than {MAX_FILE_BYTES:,} bytes"
    return Problem(
        f"file is {held}; a course or layout file may hold at most {MAX_FILE_BYTES:,} bytes (8 MiB)",
        Location(file, 1, 1),
        hint="a course is text: split it into several files, and keep other data out of the course folder",
    )


def check_source(path: str | Path, file: str) -> tuple[os.stat_result | None, Problem | None]:
    """Return the file's stat and None, or None and why it is not read (checked before opening it).

    Only regular files of at most MAX_FILE_BYTES are read: a folder named ``*.yaml``, a named
    pipe (which would block the reader), a device (``/dev/zero`` never ends) or a socket is refused.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        return None, Problem(f"cannot read file: {exc.strerror or exc}", Location(file, 1, 1))
    if not stat.S_ISREG(info.st_mode):
        what, hint = next(((w, h) for test, w, h in _KINDS if test(info.st_mode)), ("not a file", ""))
        return None, Problem(f"not a regular file but {what}; only regular files are read", Location(file, 1, 1),
                             hint=hint)
    if info.st_size > MAX_FILE_BYTES:
        return None, _too_big(info.st_size, file)
    return info, None


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_source(path: str | Path, file: str, *, nofollow: bool = False) -> tuple[bytes | None, Problem | None]:
    """Return the bytes of a regular file of at most MAX_FILE_BYTES, or None and a located problem.

    The kind and size are checked with `stat` before opening (see :func:`check_source`); the
    file is opened without blocking, the opened descriptor is checked to be the same regular
    file (a swap between the check and the open is refused), and at most MAX_FILE_BYTES + 1
    bytes are read even if `stat` gave a wrong size. `nofollow` refuses a symlink as the last
    component (used for paths already resolved inside a course folder).
    """
    info, problem = check_source(path, file)
    if info is None:
        return None, problem
    flags = _OPEN_FLAGS | (getattr(os, "O_NOFOLLOW", 0) if nofollow else 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return None, Problem(f"cannot read file: {exc.strerror or exc}", Location(file, 1, 1))
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
            return None, Problem("the file was replaced while it was being opened; it is not read",
                                 Location(file, 1, 1), hint="run the command again")
        chunks: list[bytes] = []
        left = MAX_FILE_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        return None, Problem(f"cannot read file: {exc.strerror or exc}", Location(file, 1, 1))
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_FILE_BYTES:
        return None, _too_big(None, file)
    return raw, None


def read_yaml(path: str | Path, file: str | None = None, *, nofollow: bool = False) -> YamlFile:
    """Read one YAML file (a regular UTF-8 file of at most MAX_FILE_BYTES) into a :class:`YamlFile`."""
    name = file or str(path)
    raw, problem = read_source(path, name, nofollow=nofollow)
    if raw is None:
        return YamlFile(None, (problem,) if problem else ())
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8-sig", "replace")
        loc = position(before, len(before), name)
        return YamlFile(None, (Problem("file is not valid UTF-8", loc, hint="save the file as UTF-8"),), "", len(raw))
    tree, problems = parse_yaml(text, name)
    return YamlFile(tree, tuple(problems), text, len(raw))


def load_yaml(path: str | Path, display_name: str | None = None) -> tuple[Node | None, list[Problem]]:
    """Read a YAML file (a regular UTF-8 file of at most MAX_FILE_BYTES) into a node tree and its problems."""
    read = read_yaml(path, display_name)
    return read.tree, list(read.problems)


def to_plain(node: Node | None) -> object:
    """Return the node as plain Python (dict / list / str / None), dropping locations."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Sequence):
        return [to_plain(item) for item in node.items]
    return {k.value: to_plain(v) for k, v in node.items}
