"""Every page as a reader sees it: no text drawn over other text, nothing past the margins."""

from __future__ import annotations

from pathlib import Path

import pytest

from histdocs.build import render_handout
from histdocs.layouts import load_layout
from histdocs.load import load_course
from histdocs.resources import bundled_course

from pdfwords import overlapping_words, pages

ROME = Path(__file__).resolve().parent / "cases" / "rome"


@pytest.mark.parametrize("layout", ["handout-a4", "handout-letter", "handout-brief"])
def test_no_text_overlaps_or_leaves_the_margins_in_any_bundled_handout(tmp_path: Path, layout: str) -> None:
    course = load_course(bundled_course())
    lay = load_layout(layout)
    left, right = lay.length("page.margins.left"), lay.length("page.margins.right")
    problems = []
    for period in [*course.periods, None]:
        name = period.id if period else "course"
        pdf = render_handout(course, tmp_path / f"{name}.pdf", period=period, layout=layout)
        for page in pages(pdf):
            assert page.words, f"{name} page {page.number} is empty"
            for a, b in overlapping_words(page):
                problems.append(f"{name} p{page.number}: '{a.text}' over '{b.text}'")
            for w in page.words:
                if w.x0 < left - 1 or w.x1 > page.width - right + 1:
                    problems.append(f"{name} p{page.number}: '{w.text}' outside the margins")
    assert not problems, "\n".join(problems[:20])


def test_no_text_overlaps_in_the_rome_handouts(tmp_path: Path) -> None:
    course = load_course(ROME)
    for period in [*course.periods, None]:
        pdf = render_handout(course, tmp_path / f"{period.id if period else 'all'}.pdf", period=period)
        for page in pages(pdf):
            assert not overlapping_words(page), (period.id if period else "all", page.number)


def test_the_checker_sees_text_drawn_over_text(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "clash.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(100, 700, "Baku")
    canvas.drawString(104, 701, "Ganja")
    canvas.drawString(100, 600, "alone")
    canvas.save()
    (page,) = pages(path)
    clashes = overlapping_words(page)
    assert [(a.text, b.text) for a, b in clashes] == [("Baku", "Ganja")]


def test_no_section_heading_is_left_alone_at_the_foot_of_a_page(tmp_path: Path) -> None:
    """Regression: 'Events' ended page 1 of the Black January handout, its first event on page 2."""
    import re

    course = load_course(bundled_course())
    layout = load_layout("handout-a4")
    headings = set(layout.section("titles").values())
    footer_top = lambda page: page.height - layout.length("page.margins.bottom")  # noqa: E731
    orphans = []
    for period in [*course.periods, None]:
        name = period.id if period else "course"
        pdf = render_handout(course, tmp_path / f"{name}.pdf", period=period)
        for page in pages(pdf):
            lines: dict[int, list] = {}
            for w in page.words:
                lines.setdefault(round(w.y0), []).append(w)
            notes = set()  # footnote lines: small type, starting "12."
            for y, words in lines.items():
                first = min(words, key=lambda w: w.x0)
                if re.fullmatch(r"\d+\.", first.text) and first.y1 - first.y0 < 11.5:
                    notes.add(y)
            for y, words in lines.items():
                if " ".join(w.text for w in sorted(words, key=lambda w: w.x0)) not in headings:
                    continue
                below = [w for yy, ws in lines.items() if yy > y + 20 and yy not in notes
                         for w in ws if w.y1 < footer_top(page)]
                if not below:
                    orphans.append(f"{name} page {page.number}: {' '.join(w.text for w in words)}")
    assert not orphans, orphans
