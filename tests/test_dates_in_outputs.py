"""Dates as a reader meets them in the real outputs: the widest spans and times of day.

Each test writes a tiny course to tmp_path and draws it with the real renderers through
`histdocs.render_handout` / `histdocs.render_deck`, then reads the PDF text (pdftotext) or
the slide text (python-pptx), as a reader would.
"""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

from pptx import Presentation

import histdocs

WIDE = """\
course:
  id: deep-time
  title: Deep time
offices:
  - id: keeper
    title: Keeper of the Calendar
people:
  - id: first
    name: First Keeper
    terms:
      - office: keeper
        start: 10000th century BCE
        end: 5000 BCE
  - id: last
    name: Last Keeper
    terms:
      - office: keeper
        start: 5000 BCE
        end: 9990s
periods:
  - id: all
    title: All of it
    start: 1000000 BCE
    end: "9999"
events:
  - date: 10000th century BCE
    title: The earliest a date may be
    importance: 1
  - date: 9990s
    title: The latest a date may be
    importance: 1
"""


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _slide_texts(path: Path) -> list[str]:
    texts: list[str] = []

    def walk(shapes) -> None:  # noqa: ANN001 - python-pptx has no public shape-collection type
        for shape in shapes:
            if shape.shape_type == 6:  # group
                walk(shape.shapes)
            elif shape.has_text_frame:
                texts.append(shape.text_frame.text)

    for slide in Presentation(str(path)).slides:
        walk(slide.shapes)
    return texts


def _course(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "course" / "course.yaml"
    path.parent.mkdir()
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path.parent


def test_a_million_years_draws_a_few_round_ticks(tmp_path: Path) -> None:
    """Issue 8: the widest span every form allows is drawn with computed ticks, not one per year."""
    course = _course(tmp_path, WIDE)
    text = _pdf_text(histdocs.render_handout(course, tmp_path / "h.pdf", period="all"))
    assert "10000th century BCE" in text
    assert "1000000 BCE" in text  # a round tick at the very start of the calendar
    numbers = [int(w) for w in text.split() if w.isdigit()]
    assert len([n for n in numbers if n % 100_000 == 0 and n >= 100_000]) >= 3  # round ticks...
    assert len(numbers) <= 40  # ...and few of them: not one per 5000 years, let alone per year
    slides = _slide_texts(histdocs.render_deck(course, tmp_path / "d.pptx", period="all"))
    assert any("1000000 BCE" in t for t in slides)
    assert any("The latest a date may be" in t for t in slides)
