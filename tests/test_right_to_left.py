"""Right-to-left text (issue 8 item 8): refused with a located message, never printed reversed.

Both renderers set every line left to right, so Hebrew would print reversed and Arabic reversed
with its letters unjoined, even with a font that has the letters. Until shaping and the
bidirectional algorithm are wired through both, such text is refused: in the course when it is
checked (so `validate` says so too), and in a layout's own words, whatever its font.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from histdocs.cli import main
from histdocs.texts import first_right_to_left

COURSE = """\
course: {id: rtl, title: Right to left}
periods:
  - {id: p1, title: One, start: '1990', end: '1991'}
events:
  - date: '1990'
    title: "Shalom \u05e9\u05dc\u05d5\u05dd"
    summary: "Greeting: \u0645\u0631\u062d\u0628\u0627 and more"
"""

HINT = ("    hint: histdocs sets text left to right only: write this text in a left-to-right script "
        "(a transliteration), or leave it out")


def test_validate_refuses_hebrew_and_arabic_naming_file_line_column_and_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = tmp_path / "course.yaml"
    course.write_text(COURSE, encoding="utf-8")
    assert main(["validate", str(course)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "histdocs validate: 2 problems found:",
        f"{course}:6:20: right-to-left text is not supported yet (Hebrew '\u05e9', U+05E9): "
        "it would be printed reversed (at events[0].title)",
        HINT,
        f"{course}:7:25: right-to-left text is not supported yet (Arabic '\u0645', U+0645): "
        "it would be printed reversed, its letters unjoined (at events[0].summary)",
        HINT,
    ]


def test_an_invisible_right_to_left_override_is_named_not_echoed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = tmp_path / "course.yaml"
    course.write_text("course: {id: rlo, title: \"abc\\u202Edef\"}\nevents:\n  - {date: '1990', title: E}\n", encoding="utf-8")
    assert main(["validate", str(course)]) == 2
    _, err = capsys.readouterr()
    assert "the invisible right-to-left override, U+202E): delete it (at course.title)" in err
    assert "\u202e" not in err


def test_build_refuses_before_writing_anything(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = tmp_path / "course" / "course.yaml"
    course.parent.mkdir()
    course.write_text(COURSE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "-q", "-o", str(out), str(course.parent)]) == 2
    _, err = capsys.readouterr()
    assert "right-to-left text is not supported yet (Hebrew" in err
    assert not out.exists() or not any(out.rglob("*.*"))


@pytest.mark.parametrize("kind, layout, field", [
    ("handouts", "extends: handout-a4\nheader:\n  text: \"{course} \u05e9\u05dc\u05d5\u05dd\"\n", "layout header.text"),
    ("decks", "extends: deck-16x9\nwords:\n  timeline: \"\u05e6\u05d9\u05e8 \u05d6\u05de\u05df\"\n", "words.timeline"),
])
def test_a_layouts_own_words_in_hebrew_are_refused_whatever_the_font(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, layout: str, field: str) -> None:
    path = tmp_path / "layout.yaml"
    path.write_text(layout, encoding="utf-8")
    out = tmp_path / "out"
    option = "--layout" if kind == "handouts" else "--deck-layout"
    assert main(["build", "-q", "--only", kind, option, str(path), "-o", str(out)]) == 2
    _, err = capsys.readouterr()
    assert "right-to-left text is not supported yet (Hebrew" in err
    assert f"it would be printed reversed (at {field})" in err
    assert "not in font" not in err  # refused for its direction, before the glyph check
    assert not out.exists() or not any(out.rglob("*.*"))


@pytest.mark.parametrize("text, offset", [
    ("plain Latin, Кириллица, Ελληνικά, Azərbaycan", None),
    ("Arabic-Indic digits alone \u0661\u0662\u0663", None),  # numbers, not right-to-left letters
    ("Syriac \u0710", 7),
    ("Thaana \u0780", 7),
    ("presentation form \ufb50", 18),
    ("right-to-left mark \u200f", 19),
    ("byte order mark \ufeff stays", None),
])
def test_what_counts_as_right_to_left(text: str, offset: int | None) -> None:
    assert first_right_to_left(text) == offset
