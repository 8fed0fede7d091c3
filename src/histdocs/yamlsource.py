"""Read YAML safely into a tree of nodes that remember their file, line and column.

Every scalar stays the string it was written as (no YAML 1.1 typing: ``NO``, ``1990``,
``1988-05-21``, ``12:30`` and ``0755`` all come back as typed), so the schema, not the YAML
library, decides what a value means. Only PyYAML's SafeLoader machinery is used; explicit tags
(``!!python/object/apply:…``) are rejected, duplicate keys are errors naming both lines, and
aliases are bounded by the values and the characters they expand to, so an alias bomb fails in
milliseconds.

Only regular files are read, within MAX_FILE_BYTES (a course: MAX_COURSE_BYTES, checked in
`load.py`), nesting stops at MAX_DEPTH and values at MAX_VALUES, so no input ends in a
RecursionError, a hang or gigabytes of memory. libyaml's C parser reads first when PyYAML has
it (about three times as fast); whenever anything is wrong the pure-Python parser reads the text
again, so every problem is reported with the same words and marks on either path.
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
    "MAX_DEPTH",
    "MAX_VALUES",
    "MAX_NODES",
    "MAX_EXPANDED_CHARS",
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

MAX_DEPTH = 100
"""Deepest nesting of lists and mappings (a course needs about six levels, a layout four)."""

MAX_VALUES = 500_000
"""Most values (texts, keys, list items) read from a course or layout, all its files together.

A 10,000-event course holds about 150,000. Counted while the parser composes them, so a file
of millions of tiny values stops early instead of filling memory.
"""

MAX_NODES = 1_000_000
"""Most values a document may expand to, counting every alias expansion (alias bombs)."""

MAX_EXPANDED_CHARS = MAX_FILE_BYTES
"""Most characters of text a document may expand to through aliases: no more than the largest file holds."""


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


class _TooDeep(Exception):
    """A node nested deeper than MAX_DEPTH (at `mark`)."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__("nested too deeply")
        self.mark = mark


class _TooMany(Exception):
    """More than the allowed number of values were composed."""


class _TooManyTags(Exception):
    """More than _MAX_TAGS explicit tags (at `mark`, the first one too many)."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__("too many tags")
        self.mark = mark


_MAX_TAGS = 100
"""Explicit tags reported one by one; past this many, reading stops (each is refused anyway)."""


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader that resolves every plain scalar to a string (no implicit typing).

    It counts nesting and values while composing, so a document nested thousands of levels
    deep stops at MAX_DEPTH with the mark of the first node too deep (instead of a
    RecursionError), and millions of values stop at the budget instead of filling memory.
    """

    def __init__(self, stream: str, max_values: int = MAX_VALUES) -> None:
        super().__init__(stream)
        self.depth = 0
        self.values = 0
        self.tags = 0
        self.max_values = max_values

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            return super().compose_node(parent, index)
        event = self.peek_event()
        if event.tag is not None and event.tag != "!":
            self.tags += 1
            if self.tags > _MAX_TAGS:
                raise _TooManyTags(event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise _TooDeep(event.start_mark)
        self.values += 1
        if self.values > self.max_values:
            raise _TooMany()
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_PlainLoader.yaml_implicit_resolvers = {}

_CSafeLoader = getattr(yaml, "CSafeLoader", None)
HAS_LIBYAML = _CSafeLoader is not None
"""Whether PyYAML was built with libyaml, whose C parser reads a course about three times as fast."""

USE_LIBYAML = HAS_LIBYAML
"""Read through libyaml first when it is there (benchmarks and tests switch it off to compare)."""

if _CSafeLoader is not None:

    class _FastLoader(_CSafeLoader):  # type: ignore[misc, valid-type]
        """libyaml's parser and composer with the same resolver (every plain scalar a string).

        The C composer cannot stop at a depth or point at a node, so it only says whether a
        document is fine; libyaml itself refuses nesting past 1,000 levels, the values are
        counted in `resolve` (which the composer calls for every node without an explicit tag),
        and everything else is checked on the composed nodes.
        """

        def __init__(self, stream: str, max_values: int) -> None:
            super().__init__(stream)
            self.values = 0
            self.max_values = max_values

        def resolve(self, kind: type, value: object, implicit: object) -> str:
            self.values += 1
            if self.values > self.max_values:
                raise _TooMany()
            return super().resolve(kind, value, implicit)

    _FastLoader.yaml_implicit_resolvers = {}

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


@dataclass(frozen=True)
class _Size:
    """What a composed document stands for once every alias is expanded."""

    values: int
    chars: int
    depth: int
    aliases: int


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _measure(root: yaml.Node) -> _Size:
    """Return the expanded size of a composed document, without recursion and memoised per node.

    A node reached a second time is an alias; its size is added again without walking it again,
    so a billion-laughs document is measured in microseconds. Sums stop growing just past the
    limits. Raises _Recursive for an alias that contains itself.
    """
    cap = max(MAX_NODES, MAX_EXPANDED_CHARS) + 1
    memo: dict[int, tuple[int, int, int]] = {}
    aliases = 0

    def own(node: yaml.Node) -> list[int]:
        return [1, len(node.value) if isinstance(node, yaml.ScalarNode) else 0, 0]

    active = {id(root)}
    stack = [(root, iter(_children(root)), own(root))]
    while True:
        node, children, acc = stack[-1]
        child = next(children, None)
        if child is not None:
            key = id(child)
            if key in active:
                raise _Recursive(child)
            if key in memo:
                aliases += 1
                values, chars, depth = memo[key]
                acc[0], acc[1], acc[2] = min(acc[0] + values, cap), min(acc[1] + chars, cap), max(acc[2], depth)
            else:
                active.add(key)
                stack.append((child, iter(_children(child)), own(child)))
            continue
        stack.pop()
        active.discard(id(node))
        done = (acc[0], acc[1], acc[2] + 1)
        memo[id(node)] = done
        if not stack:
            return _Size(*done, aliases)
        parent = stack[-1][2]
        parent[0], parent[1], parent[2] = min(parent[0] + done[0], cap), min(parent[1] + done[1], cap), max(parent[2], done[2])


def _differs_in_flow(node: yaml.Node) -> bool:
    """Return whether libyaml may have read this item of a ``[...]`` or ``{...}`` unlike PyYAML.

    An empty value (libyaml puts it at the next token, PyYAML right after the ':') and a plain
    text holding '?' (which PyYAML refuses there and libyaml, following YAML 1.2, takes).
    """
    return isinstance(node, yaml.ScalarNode) and not node.style and (not node.value or "?" in node.value)


_UNCOUNTED_TAGS = 1000
"""Most tags a text may hold for libyaml to read it first (nodes with explicit tags go uncounted)."""

_TAG_START = re.compile(r"(?:^|[\s\[{,])!", re.MULTILINE)
"""Where a tag may start: a '!' after a space, a line start, '[', '{' or ',' (not "Hello!")."""

_BLOCK_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")  # '>#': libyaml takes a comment there, PyYAML does not


class _Builder:
    """Turn composed yaml nodes into our nodes, collecting problems instead of stopping."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.built: dict[int, Node] = {}
        self.parsers_differ = False  # see _differs_in_flow

    def build(self, node: yaml.Node, depth: int = 1) -> Node:
        """Return our node for `node` at nesting `depth`; an alias shares the node built for its anchor.

        Raises _TooDeep past MAX_DEPTH (only libyaml's nodes can be that deep: it allows 1,000).
        """
        key = id(node)
        built = self.built.get(key)
        if built is None:
            if depth > MAX_DEPTH:
                raise _TooDeep(node.start_mark)
            built = self.built[key] = self._build(node, depth + 1)
        return built

    def _build(self, node: yaml.Node, inner: int) -> Node:
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
        if node.flow_style and not self.parsers_differ:
            self.parsers_differ = any(_differs_in_flow(child) for child in _children(node))
        if isinstance(node, yaml.SequenceNode):
            return Sequence(tuple([self.build(item, inner) for item in node.value]), loc)
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
            key = self.build(key_node, inner)
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
            items.append((key, self.build(value_node, inner)))
        return Mapping(tuple(items), loc)


def _too_many(file: str) -> Problem:
    return Problem(
        f"too many values: a course or layout may hold at most {MAX_VALUES:,} texts, keys and list items "
        "(all its files together)",
        Location(file, 1, 1),
        hint="a course of 10,000 events holds about 150,000; keep data dumps out of the course",
    )


def _too_deep(mark: yaml.Mark | None, file: str) -> Problem:
    return Problem(
        f"nested more than {MAX_DEPTH} levels deep (lists and mappings inside each other); the limit is {MAX_DEPTH}",
        _loc(mark, file),
        hint="courses and layouts need only a few levels: look for an unclosed '[' or '{' or runaway indentation",
    )


def _limits(size: _Size, root: yaml.Node, file: str) -> Problem | None:
    """Return the problem when the expanded document is too deep or too big, else None.

    Only an alias can make a composed document grow past these limits, so the message names
    aliases when there are any, and says plainly what is too big when there are none.
    """
    loc = _loc(root.start_mark, file)
    if size.aliases:
        fix = "; write the data out instead of using anchors"
        if size.depth > MAX_DEPTH:
            return Problem(f"through aliases the document nests more than {MAX_DEPTH} levels deep{fix}", loc)
        if size.values > MAX_NODES:
            return Problem(f"the document expands to more than {MAX_NODES:,} values through aliases "
                           f"(an alias bomb?){fix}", loc)
        if size.chars > MAX_EXPANDED_CHARS:
            return Problem(f"through aliases the document expands to more than {MAX_EXPANDED_CHARS:,} characters "
                           f"of text (an alias bomb?){fix}", loc)
        return None
    if size.depth > MAX_DEPTH:
        return _too_deep(root.start_mark, file)
    if size.values > MAX_NODES:
        return Problem(f"the document holds more than {MAX_NODES:,} values", loc)
    if size.chars > MAX_EXPANDED_CHARS:
        return Problem(f"the document holds more than {MAX_EXPANDED_CHARS:,} characters of text", loc)
    return None


def parse_yaml(text: str, file: str = "<string>", *, max_values: int = MAX_VALUES) -> tuple[Node | None, list[Problem]]:
    """Return the node tree of one YAML document and the problems found in it.

    A syntax error ends reading and is returned as the only problem (with the tree None).
    `max_values` is how many values may still be composed (see MAX_VALUES).
    """
    tree, problems, _ = _parse(text, file, max_values)
    return tree, problems


def _parse(text: str, file: str, max_values: int) -> tuple[Node | None, list[Problem], int]:
    """Return the tree, its problems and how many values were composed.

    libyaml reads first when it is there; whenever it or any check finds something wrong, the
    pure-Python parser reads the text again, so every problem is reported from one parser, with
    the same marks and words, whichever path found it.
    """
    if USE_LIBYAML:
        fast = _parse_fast(text, file, max_values)
        if fast is not None:
            return fast
    return _parse_pure(text, file, max_values)


def _may_alias(text: str) -> bool:
    """Return whether the expanded size must be measured: there may be aliases, or the text is huge.

    Without a '*' there is no alias, so the document is what was composed: no more values than
    counted, no deeper than the composer (or the builder) allowed, no more text than `text`.
    """
    return "*" in text or len(text) > MAX_EXPANDED_CHARS


def _parse_fast(text: str, file: str, max_values: int) -> tuple[Node | None, list[Problem], int] | None:
    """Return what :func:`_parse_pure` would for a document with no problem, else None.

    Where the parsers are known to differ, None too: a tab anywhere (PyYAML refuses tabs in
    places where libyaml reads them as spaces), a block scalar header touching a comment
    (``>#``), and the flow items of :func:`_differs_in_flow`. Tests compare the two paths on
    every YAML file in the repository and on damaged copies of the bundled course.

    The one problem returned from here is too many values: libyaml composes a node with an
    explicit tag without asking the resolver, so with at most _UNCOUNTED_TAGS places where a
    tag may start in the text it composes no more than that beyond the budget, and when the
    counted values alone pass
    the budget there are certainly too many. Reading half a million values again in pure
    Python would take most of the 20 s a hostile input may cost, for the same message.
    """
    if len(_TAG_START.findall(text)) > _UNCOUNTED_TAGS:
        return None
    loader = _FastLoader(text, max_values)
    try:
        node = loader.get_single_node()
    except _TooMany:
        return None, [_too_many(file)], loader.values
    except (yaml.YAMLError, ValueError):
        return None
    finally:
        loader.dispose()
    if "\t" in text or _BLOCK_HEADER_COMMENT.search(text):
        return None
    if node is None:
        return None, [], loader.values
    if _may_alias(text):
        try:
            size = _measure(node)
        except _Recursive:
            return None
        if _limits(size, node, file) is not None:
            return None
    builder = _Builder(file)
    try:
        tree = builder.build(node)
    except _TooDeep:
        return None
    if builder.problems or builder.parsers_differ:
        return None
    return tree, [], loader.values


def _parse_pure(text: str, file: str, max_values: int) -> tuple[Node | None, list[Problem], int]:
    """Return the tree, its problems and how many values were composed, with the pure-Python parser."""
    loader = None
    try:
        loader = _PlainLoader(text, max_values)
        node = loader.get_single_node()
    except _TooManyTags as exc:
        return None, [Problem(f"more than {_MAX_TAGS} YAML tags ('!...'); tags are not allowed, write plain values",
                              _loc(exc.mark, file), hint="remove the '!' tags")], loader.values if loader else 0
    except _TooDeep as exc:
        return None, [_too_deep(exc.mark, file)], loader.values if loader else 0
    except _TooMany:
        return None, [_too_many(file)], loader.values if loader else 0
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(f"YAML syntax error: {what}", _loc(mark, file))], 0
    except yaml.YAMLError as exc:
        if isinstance(exc, yaml.reader.ReaderError):
            loc = position(text, exc.position, file)
            return None, [
                Problem(
                    f"character U+{exc.character:04X} is not allowed in course files" if isinstance(exc.character, int)
                    else f"YAML reader error: {exc.reason}",
                    loc,
                    hint="delete the invisible control character (often pasted from a word processor)",
                )
            ], 0
        return None, [Problem(f"YAML error: {exc}", Location(file, 1, 1))], 0
    finally:
        if loader is not None:
            loader.dispose()
    values = loader.values
    if node is None:
        return None, [], values
    if _may_alias(text):
        try:
            size = _measure(node)
        except _Recursive as exc:
            return None, [Problem("an alias refers to itself; write the data out", _loc(exc.node.start_mark, file))], values
        problem = _limits(size, node, file)
        if problem is not None:
            return None, [problem], values
    builder = _Builder(file)
    tree = builder.build(node)
    return tree, builder.problems, values


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
    """One YAML file read: its tree (None when unreadable or empty), problems, text, size in bytes, values composed."""

    tree: Node | None
    problems: tuple[Problem, ...]
    text: str = ""
    size: int = 0
    values: int = 0


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
    component (used for paths already resolved inside a course folder). An OSError from opening
    or reading (permissions, I/O) is raised as before: it is the machine refusing, not bad input.
    """
    info, problem = check_source(path, file)
    if info is None:
        return None, problem
    flags = _OPEN_FLAGS | (getattr(os, "O_NOFOLLOW", 0) if nofollow else 0)
    fd = os.open(path, flags)  # an OSError here (permissions, I/O) is the machine's refusal: the CLI reports it
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
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_FILE_BYTES:
        return None, _too_big(None, file)
    return raw, None


def read_yaml(
    path: str | Path, file: str | None = None, *, nofollow: bool = False, max_values: int = MAX_VALUES
) -> YamlFile:
    """Read one YAML file (a regular UTF-8 file of at most MAX_FILE_BYTES) into a :class:`YamlFile`.

    `max_values` is how many values may still be composed (a course passes what its earlier
    files left of MAX_VALUES).
    """
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
    tree, problems, values = _parse(text, name, max_values)
    return YamlFile(tree, tuple(problems), text, len(raw), values)


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
