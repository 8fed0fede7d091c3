"""A character the font cannot print is a located input error: FILE:LINE:COLUMN, field, no file written."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from histdocs.cli import main

COURSE = """\
course:
  id: test
  title: Test course
places:
  - id: yerevan
    name: Yerevan
    native: {native}
periods:
  - id: crisis
    title: Crisis
    start: 1990
    end: 1991
events:
  - id: black-january
    date: 20 January 1990
    title: Black January
    place: yerevan
    summary: {summary}
"""


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def _build_fails(course: Path, out: Path, capsys: pytest.CaptureFixture[str], *only: str) -> str:
    assert main(["build", str(course), "-o", str(out), "-q", *only]) == 2
    stdout, stderr = capsys.readouterr()
    assert stdout == ""
    assert "Traceback" not in stderr
    assert not out.exists() or not any(p.is_file() for p in out.rglob("*"))
    return stderr


def test_armenian_native_name_is_reported_at_its_line_and_column(
    write_course: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = write_course(COURSE.format(native="Երևան", summary="Troops enter the city."))
    line = _line_of(course, "native:")
    err = _build_fails(course, tmp_path / "out", capsys)
    assert f"{course}:{line}:13: characters 'Ե' (U+0535)" in err
    assert "(at places[yerevan].native)" in err
    assert "hint: choose another font" in err


@pytest.mark.parametrize("only", ["handouts", "decks"])
def test_missing_glyph_in_an_event_summary_is_located_in_handouts_and_decks(
    only: str, write_course: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = write_course(COURSE.format(native="Yerevan", summary="Troops enter the city 漢."))
    line = _line_of(course, "summary:")
    err = _build_fails(course, tmp_path / "out", capsys, "--only", only)
    assert f"{course}:{line}:14: character '漢' (U+6F22) is not in font" in err
    assert "(at events[black-january].summary)" in err


def test_a_field_without_a_recorded_location_is_still_reported(
    write_course: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = write_course(COURSE.format(native="Yerevan", summary="Troops enter the city."))
    layout = tmp_path / "layout.yaml"
    layout.write_text("kind: handout\nextends: handout-a4\ntitles:\n  summary: Summary 漢\n", encoding="utf-8")
    assert main(["build", str(course), "-o", str(tmp_path / "out"), "-q", "--only", "handouts",
                 "--layout", str(layout)]) == 2
    _, err = capsys.readouterr()
    assert "character '漢' (U+6F22) is not in font" in err and "(at layout titles.summary)" in err
    assert "Traceback" not in err


TWO_PERIODS = """\
course:
  id: two
  title: Two periods
periods:
  - id: first
    title: First
    start: 1990
    end: 1990
  - id: second
    title: Second
    start: 1991
    end: 1991
events:
  - id: calm
    date: 1990
    title: A calm year
  - id: storm
    date: 1991
    title: A storm 漢
"""


def test_a_character_in_another_period_does_not_stop_this_periods_build(
    write_course: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = write_course(TWO_PERIODS)
    out = tmp_path / "out"
    assert main(["build", str(course), "-o", str(out), "-q", "--period", "first"]) == 0
    assert sorted(p.name for p in out.rglob("*.*")) == ["01-first.pdf", "01-first.pptx"]
    capsys.readouterr()
    err = _build_fails(course, tmp_path / "all", capsys)
    assert f"{course}:{_line_of(course, 'A storm')}:12: character '漢' (U+6F22) is not in font" in err


def test_the_glyph_check_reads_the_course_once_per_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One walk over the whole course's texts for all 13 outputs; no document walks its fields again."""
    import histdocs.plan.deck as deck
    import histdocs.render.pdf as pdf
    import histdocs.texts as texts
    from histdocs.load import load_course
    from histdocs.resources import bundled_course

    walks: list[str] = []

    def counting(module: object, label: str) -> None:
        real = getattr(module, "course_texts")

        def walk(course: object, period: object = None) -> object:
            walks.append(label)
            return real(course, period)

        monkeypatch.setattr(module, "course_texts", walk)

    counting(texts, "whole course")
    counting(pdf, "one handout")
    counting(deck, "one deck")
    course = load_course(bundled_course())
    monkeypatch.setattr("histdocs.load.load_course", lambda path: course)
    assert main(["build", "-o", str(tmp_path / "out"), "-q", "--jobs", "1"]) == 0  # every walk in sight
    assert len(capsys.readouterr().out.splitlines()) == 13
    assert walks == ["whole course"]
    walks.clear()
    fresh = load_course(bundled_course())  # a new course object: nothing known of it yet
    monkeypatch.setattr("histdocs.load.load_course", lambda path: fresh)
    assert main(["build", "-o", str(tmp_path / "out2"), "-q", "--jobs", "2"]) == 0
    assert walks == ["whole course"]  # done before the fork, so the workers inherit it
