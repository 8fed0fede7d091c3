"""Prose markup: plain text with `*italic*`, `**bold**` and `[@source, locator]` citations → runs.

The markup is deliberately tiny. Everything that is not one of these marks is literal text:
``<``, ``>``, ``&``, HTML-looking tags, quotes, emoji and any script are kept exactly as typed,
so renderers must escape them for their format. Emphasis follows CommonMark's delimiter-run
idea in a simplified form: a run of ``*`` opens when followed by a non-space and closes when
preceded by one; a ``*`` that finds no partner stays literal, and ``\\*`` is always literal.

Paragraphs are split on blank lines; inside a paragraph single newlines become spaces and
runs of spaces or tabs collapse to one. The space before a citation is dropped, so a
footnote mark sits right after the word it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Citation, Prose, Run

__all__ = ["parse_prose", "citation_ids", "CITATION_RE"]

CITATION_RE = re.compile(r"\[@[ \t\n]*+([^\][\s,]*+)[ \t\n]*+(?:,([^\][]*+))?\]")
"""A citation: ``[@id]`` or ``[@id, locator]``; group 1 the id, group 2 the locator (or None),
with the spaces around it.

Neither holds a bracket, and nothing is tried twice (possessive quantifiers): a ``[@`` that
is never closed is given up at the next bracket, so text full of them is read in one pass
(with the spaces tried both ways, thousands of them took minutes)."""

_TOKEN_RE = re.compile(
    r"(?P<escape>\\[*\[\]\\@])"
    r"|(?P<cite>\[@[ \t\n]*+[^\][\s,]*+[ \t\n]*+(?:,[^\][]*+)?\])"
    r"|(?P<stars>\*+)"
    r"|(?P<text>[^\\\[*]+|[\\\[])"
)

_PARAGRAPH_SPLIT = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"[ \t\n]+")


@dataclass
class _Delim:
    """A run of `*` in a paragraph, and how much of it became emphasis marks."""

    count: int
    can_open: bool
    can_close: bool
    opens: list[int] = field(default_factory=list)  # 1 italic, 2 bold; in matching order
    closes: list[int] = field(default_factory=list)


_Token = tuple[str, object]  # ("text", str) | ("cite", Citation) | ("delim", _Delim)


def _split_citation(raw: str) -> tuple[str, str]:
    m = CITATION_RE.fullmatch(raw)
    assert m is not None
    return m.group(1), _SPACES.sub(" ", (m.group(2) or "")).strip()


def _lex(paragraph: str) -> list[_Token]:
    """Turn one whitespace-normalised paragraph into text, citation and delimiter tokens."""
    out: list[_Token] = []
    append = out.append
    end_of_text = len(paragraph)
    for m in _TOKEN_RE.finditer(paragraph):
        kind, raw = m.lastgroup, m.group()
        if kind == "text":
            append(("text", raw))
        elif kind == "escape":
            append(("text", raw[1]))
        elif kind == "cite":
            source, locator = _split_citation(raw)
            append(("cite", Citation(source, locator)))
        else:
            start, end = m.span()
            before = paragraph[start - 1] if start > 0 else " "
            after = paragraph[end] if end < end_of_text else " "
            append(("delim", _Delim(len(raw), can_open=not after.isspace(), can_close=not before.isspace())))
    return out


def _match_emphasis(tokens: list[_Token]) -> None:
    """Pair opening and closing delimiter runs (innermost first), as CommonMark does.

    A closer takes the nearest earlier run that can still open; the runs that can are kept
    on a stack, so a paragraph of thousands of runs that never pair is still one pass.
    """
    openers: list[_Delim] = []
    for kind, delim in tokens:
        if kind != "delim":
            continue
        assert isinstance(delim, _Delim)
        if delim.can_close:
            while delim.count > 0 and openers:
                opener = openers[-1]
                use = 2 if delim.count >= 2 and opener.count >= 2 else 1
                opener.count -= use
                delim.count -= use
                opener.opens.append(use)
                delim.closes.append(use)
                if opener.count == 0:
                    openers.pop()
        if delim.can_open and delim.count > 0:
            openers.append(delim)


def _runs(tokens: list[_Token]) -> tuple[Run, ...]:
    """Walk the tokens with emphasis depths and return merged runs.

    Text of one style is gathered in a list and joined once when the style changes, so a
    paragraph of one style made of many pieces (escapes, lone stars) is not copied over and
    over.
    """
    runs: list[Run] = []
    pieces: list[str] = []  # text of the run being gathered
    style = (False, False)  # its (bold, italic)
    depth = {1: 0, 2: 0}

    def flush() -> None:
        text = "".join(pieces)
        pieces.clear()
        if text:
            runs.append(Run(text, *style))

    def add_text(text: str) -> None:
        nonlocal style
        if not text:
            return
        now = (depth[2] > 0, depth[1] > 0)
        if now != style:
            flush()
            style = now
        pieces.append(text)

    for kind, tok in tokens:
        if kind == "text":
            add_text(tok)  # type: ignore[arg-type]
        elif kind == "cite":
            flush()
            if runs and runs[-1].citation is None and runs[-1].text.endswith(" "):
                last = runs[-1]
                stripped = last.text.rstrip(" ")
                runs[-1:] = [Run(stripped, last.bold, last.italic)] if stripped else []
            runs.append(Run(citation=tok))  # type: ignore[arg-type]
        else:
            assert isinstance(tok, _Delim)
            for use in tok.closes:
                depth[use] -= 1
            add_text("*" * tok.count)
            for use in reversed(tok.opens):
                depth[use] += 1
    flush()
    return tuple(runs)


def _paragraphs(text: str) -> list[str]:
    """Return the paragraphs of `text`, each with its whitespace collapsed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paras = (_SPACES.sub(" ", p).strip() for p in _PARAGRAPH_SPLIT.split(text))
    return [p for p in paras if p]


def parse_prose(text: str) -> Prose:
    """Return `text` as Prose: paragraphs of runs with emphasis and citations resolved.

    Only the markup described in the module docstring is interpreted; everything else is
    literal. The original text is kept in `Prose.raw`.
    """
    paragraphs = []
    for para in _paragraphs(text):
        tokens = _lex(para)
        _match_emphasis(tokens)
        runs = _runs(tokens)
        if runs:
            paragraphs.append(runs)
    return Prose(tuple(paragraphs), raw=text)


def citation_ids(text: str) -> list[tuple[str, str, int]]:
    """Return (source id, locator, offset of ``[@`` in `text`) for every citation, in order.

    Escaped brackets (``\\[@x]``) are not citations. The loader uses the offset to point at
    the citation's line and column.
    """
    found = []
    for m in _TOKEN_RE.finditer(text):
        if m.lastgroup == "cite":
            source, locator = _split_citation(m.group())
            found.append((source, locator, m.start()))
    return found
