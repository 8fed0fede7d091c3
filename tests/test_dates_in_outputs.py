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
        start: 10000000th century BCE
        end: 5000 BCE
  - id: last
    name: Last Keeper
    terms:
      - office: keeper
        start: 5000 BCE
        end: 999999990s
periods:
  - id: all
    title: All of it
    start: 1000000000 BCE
    end: AD 999999999
events:
  - date: 10000000th century BCE
    title: The earliest a date may be
    importance: 1
  - date: 999999990s
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


def test_two_billion_years_draw_a_few_round_ticks(tmp_path: Path) -> None:
    """Issue 8: the widest span every form allows is drawn with computed ticks, not one per year."""
    course = _course(tmp_path, WIDE)
    text = _pdf_text(histdocs.render_handout(course, tmp_path / "h.pdf", period="all"))
    assert "10000000th century BCE" in text
    assert "1000000000 BCE" in text  # a round tick at the very start of the calendar
    numbers = [int(w) for w in text.split() if w.isdigit()]
    assert len([n for n in numbers if n % 100_000_000 == 0 and n >= 100_000_000]) >= 3  # round ticks...
    assert len(numbers) <= 40  # ...and few of them: not one per 5000 years, let alone per year
    slides = _slide_texts(histdocs.render_deck(course, tmp_path / "d.pptx", period="all"))
    assert any("1000000000 BCE" in t for t in slides)
    assert any("The latest a date may be" in t for t in slides)


ARMISTICE = """\
course:
  id: armistice
  title: The end of the Great War
periods:
  - id: end
    title: The end
    start: 1918
    end: 1919
events:
  - id: armistice
    date: 1918-11-11T11:00:00
    title: The Armistice takes effect
    summary: The guns fall silent on the Western Front.
    importance: 1
  - id: new-york
    date: 1918-11-11T06:00:00-05
    title: The news reaches New York
    importance: 1
  - id: baku
    date: 20 January 1990, 00:30 UTC+04:00
    title: Troops enter Baku
    importance: 1
  - id: versailles
    date: 28 June 1919
    title: The Treaty of Versailles is signed
    importance: 1
"""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_time_of_day_prints_in_the_handout(tmp_path: Path) -> None:
    """Issue 14: the PDF says the time after the day, with its zone when one was given."""
    course = _course(tmp_path, ARMISTICE.replace("    end: 1919", "    end: 1990"))
    text = _one_line(_pdf_text(histdocs.render_handout(course, tmp_path / "h.pdf", period="end")))
    assert "11 November 1918, 11:00" in text
    assert "20 January 1990, 00:30 UTC+04:00" in text
    assert "11 November 1918, 06:00 UTC\u221205:00" in text  # a true minus sign, in the font
    assert "28 June 1919," not in text  # no time where none was written


def test_the_time_of_day_prints_in_the_deck(tmp_path: Path) -> None:
    """Issue 14: the key event's slide says the time after the day."""
    course = _course(tmp_path, ARMISTICE)
    texts = _slide_texts(histdocs.render_deck(course, tmp_path / "d.pptx", period="end"))
    assert any("11 November 1918, 11:00" in t for t in texts), texts
    assert any("11 November 1918, 06:00 UTC\u221205:00" in t for t in texts), texts
    assert not any("28 June 1919," in t for t in texts)
