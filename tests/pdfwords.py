"""Read word boxes from a PDF with poppler (`pdftotext -bbox`), to check what a reader would see."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    """One word on a page: its box in points (y down) and its text."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Page:
    """A page's size and words."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]


def pages(pdf: Path) -> list[Page]:
    """Return every page of the PDF with its word boxes."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    result = []
    for n, match in enumerate(_PAGE.finditer(out), 1):
        words = tuple(
            Word(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in _WORD.findall(match.group(3))
        )
        result.append(Page(n, float(match.group(1)), float(match.group(2)), words))
    return result


def overlapping_words(page: Page) -> list[tuple[Word, Word]]:
    """Return pairs of words drawn over each other (more than 40% of the smaller height, 1 pt across).

    Consecutive lines' boxes touch a little (a font's ascent and descent exceed the leading),
    which this does not count; labels or text drawn on top of other text it does.
    """
    found = []
    words = sorted(page.words, key=lambda w: w.x0)
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b.x0 >= a.x1:
                break
            across = min(a.x1, b.x1) - max(a.x0, b.x0)
            down = min(a.y1, b.y1) - max(a.y0, b.y0)
            if across > 1.0 and down > 0.4 * min(a.y1 - a.y0, b.y1 - b.y0):
                found.append((a, b))
    return found
