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

CITATION_RE = re.compile(r"\[@[ \t\n]*([^\]\s,]*)[ \t\n]*(?:,[ \t\n]*([^\]]*?))?[ \t\n]*\]")
"""A citation: ``[@id]`` or ``[@id, locator]``; group 1 the id, group 2 the locator (or None)."""

_TOKEN_RE = re.compile(
    r"(?P<escape>\\[*\[\]\\@])"
    r"|(?P<cite>\[@[ \t\n]*[^\]\s,]*[ \t\n]*(?:,[ \t\n]*[^\]]*?)?[ \t\n]*\])"
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
    removed: bool = False


_Token = tuple[str, object]  # ("text", str) | ("cite", Citation) | ("delim", _Delim)


def _tokens(text: str) -> list[tuple[str, str, int, re.Match[str]]]:
    """Return (kind, matched text, offset, match) for each lexical piece of `text`."""
    return [(m.lastgroup or "text", m.group(0), m.start(), m) for m in _TOKEN_RE.finditer(text)]


def _split_citation(raw: str) -> tuple[str, str]:
    m = CITATION_RE.fullmatch(raw)
    assert m is not None
    return m.group(1), _SPACES.sub(" ", (m.group(2) or "")).strip()


def _lex(paragraph: str) -> list[_Token]:
    """Turn one whitespace-normalised paragraph into text, citation and delimiter tokens."""
    out: list[_Token] = []
    for kind, raw, start, _ in _tokens(paragraph):
        if kind == "escape":
            out.append(("text", raw[1]))
        elif kind == "cite":
            source, locator = _split_citation(raw)
            out.append(("cite", Citation(source, locator)))
        elif kind == "stars":
            end = start + len(raw)
            before = paragraph[start - 1] if start > 0 else " "
            after = paragraph[end] if end < len(paragraph) else " "
            out.append(("delim", _Delim(len(raw), can_open=not after.isspace(), can_close=not before.isspace())))
        else:
            out.append(("text", raw))
    return out


def _match_emphasis(tokens: list[_Token]) -> None:
    """Pair opening and closing delimiter runs (innermost first), as CommonMark does."""
    delims = [tok for kind, tok in tokens if kind == "delim"]
    for ci, closer in enumerate(delims):
        assert isinstance(closer, _Delim)
        if not closer.can_close:
            continue
        while closer.count > 0:
            oi = next(
                (j for j in range(ci - 1, -1, -1)
                 if not delims[j].removed and delims[j].can_open and delims[j].count > 0),  # type: ignore[union-attr]
                None,
            )
            if oi is None:
                break
            opener = delims[oi]
            assert isinstance(opener, _Delim)
            use = 2 if closer.count >= 2 and opener.count >= 2 else 1
            opener.count -= use
            closer.count -= use
            opener.opens.append(use)
            closer.closes.append(use)
            for between in delims[oi + 1 : ci]:
                between.removed = True  # type: ignore[union-attr]


def _runs(tokens: list[_Token]) -> tuple[Run, ...]:
    """Walk the tokens with emphasis depths and return merged runs."""
    runs: list[Run] = []
    depth = {1: 0, 2: 0}

    def add_text(text: str) -> None:
        if not text:
            return
        bold, italic = depth[2] > 0, depth[1] > 0
        if runs and runs[-1].citation is None and (runs[-1].bold, runs[-1].italic) == (bold, italic):
            runs[-1] = Run(runs[-1].text + text, bold, italic)
        else:
            runs.append(Run(text, bold, italic))

    for kind, tok in tokens:
        if kind == "text":
            add_text(tok)  # type: ignore[arg-type]
        elif kind == "cite":
            if runs and runs[-1].citation is None and runs[-1].text.endswith(" "):
                last = runs[-1]
                stripped = last.text.rstrip(" ")
                runs[-1:] = [Run(stripped, last.bold, last.italic)] if stripped else []
            runs.append(Run(citation=tok))  # type: ignore[arg-type]
        else:
            assert isinstance(tok, _Delim)
            for use in tok.closes:
                depth[use] -= 1
            if tok.opens:
                add_text("*" * tok.count)
                for use in reversed(tok.opens):
                    depth[use] += 1
            else:
                add_text("*" * tok.count)
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
    for kind, raw, start, _ in _tokens(text):
        if kind == "cite":
            source, locator = _split_citation(raw)
            found.append((source, locator, start))
    return found
