"""Layout numbers out of range, layouts without `extends:`, and deck pagination that must end.

Every case goes through the command line: exit status 2, the exact located message, no
traceback and nothing written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from histdocs.cli import main
from histdocs.errors import InputError
from histdocs.layouts import load_layout

from conftest import CASES, REPO

ROME = CASES / "rome"


def build_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str], layout_text: str, *, deck: bool = False) -> str:
    """Build rome's civil-war period with a layout written from `layout_text`; return stderr (exit 2, no files)."""
    layout = tmp_path / "mine.yaml"
    layout.write_text(textwrap.dedent(layout_text), encoding="utf-8")
    out = tmp_path / "out"
    option = "--deck-layout" if deck else "--layout"
    status = main(["build", str(ROME), "-q", "-o", str(out), "--period", "civil-war",
                   "--only", "decks" if deck else "handouts", option, str(layout)])
    stdout, stderr = capsys.readouterr()
    assert status == 2, stderr
    assert stdout == "" and "Traceback" not in stderr
    assert not out.exists()
    return stderr.replace(str(layout), "mine.yaml")


def test_margins_that_leave_no_room_for_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = build_fails(tmp_path, capsys, """\
        extends: handout-a4
        page:
          margins:
            left: 11cm
            right: 11cm
        """)
    assert err == (
        "histdocs build: 1 problem found:\n"
        "mine.yaml:4:11: the left and right margins ('11cm' + '11cm') leave 0pt of the 595.3pt page width for text;"
        " at least 2in (144pt) is needed (at page.margins.left)\n"
        "    hint: make the margins smaller\n"
    )


def test_top_and_bottom_margins_are_checked_with_header_and_footer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = build_fails(tmp_path, capsys, """\
        extends: handout-letter
        page:
          margins: {top: 5in, bottom: 3.5in}
        """)
    assert "mine.yaml:3:18: the top and bottom margins ('5in' + '3.5in') and the header and footer leave 142.8pt of the" \
        " 792pt page height for text; at least 2in (144pt) is needed (at page.margins.top)" in err


def test_negative_and_zero_values_and_counts_are_all_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = build_fails(tmp_path, capsys, """\
        extends: handout-a4
        page:
          margins:
            left: -1cm
        sizes:
          body: 0pt
        footnotes:
          leading: 0
        events:
          max_importance: 7
        """)
    assert err == (
        "histdocs build: 4 problems found:\n"
        "mine.yaml:4:11: a margin cannot be negative: '-1cm' (at page.margins.left)\n"
        "    hint: use 0 or more, like 12pt\n"
        "mine.yaml:6:9: a type size must be from 4pt to 144pt, not '0pt' (at sizes.body)\n"
        "mine.yaml:8:12: must be more than 0, not '0' (at footnotes.leading)\n"
        "mine.yaml:10:19: must be a whole number from 1 to 3, not '7' (at events.max_importance)\n"
    )


def test_line_spacing_that_cannot_fit_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = build_fails(tmp_path, capsys, """\
        extends: handout-a4
        sizes: {body: 12pt, leading: 8pt}
        """)
    assert err == (
        "histdocs build: 1 problem found:\n"
        "mine.yaml:2:30: line spacing '8pt' cannot fit one line of 12pt type (sizes.body) (at sizes.leading)\n"
        "    hint: make it at least 12pt, usually about 1.3 × the size\n"
    )


def test_an_image_taller_than_the_page_can_hold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = build_fails(tmp_path, capsys, "extends: handout-a4\npage: {size: A5}\nevents: {image_height: 30cm}\n")
    assert "mine.yaml:3:24: an image of '30cm' cannot fit the 444.7pt of text height a page has (at events.image_height)" \
        in err


@pytest.mark.parametrize("side,value", [("width", "0.5in"), ("height", "57in")])
def test_slide_sizes_outside_1_to_56_inches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], side: str, value: str
) -> None:
    err = build_fails(tmp_path, capsys, f"extends: deck-16x9\nslide:\n  {side}: {value}\n", deck=True)
    assert err == (
        "histdocs build: 1 problem found:\n"
        f"mine.yaml:3:{5 + len(side)}: the slide {side} must be from 1in (72pt) to 56in (4032pt), not '{value}'"
        f" (at slide.{side})\n"
        "    hint: PowerPoint cannot show a slide outside these sizes\n"
    )


def test_deck_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = build_fails(tmp_path, capsys, """\
        extends: deck-16x9
        sizes:
          title: 200pt
          line_spacing: 0
        limits:
          bullets: 0
          key_event_importance: 3
        key_event:
          picture_share: 1.5
        """, deck=True)
    assert err == (
        "histdocs build: 5 problems found:\n"
        "mine.yaml:3:10: a type size must be from 4pt to 144pt, not '200pt' (at sizes.title)\n"
        "mine.yaml:4:17: line spacing must be from 0.5 to 3, not '0' (at sizes.line_spacing)\n"
        "mine.yaml:6:12: must be a whole number from 1 to 100, not '0' (at limits.bullets)\n"
        "mine.yaml:7:25: must be a whole number from 1 to 2, not '3' (at limits.key_event_importance)\n"
        "mine.yaml:9:18: the picture's share of the slide width must be from 0.1 to 0.9, not '1.5'"
        " (at key_event.picture_share)\n"
    )


def test_slide_with_no_room_under_the_title(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = build_fails(tmp_path, capsys, """\
        extends: deck-16x9
        slide:
          height: 2in
          title_height: 100pt
        """, deck=True)
    assert err == (
        "histdocs build: 1 problem found:\n"
        "mine.yaml:3:11: a slide 144pt high, with margin 36pt, title height 100pt and gap 14pt, leaves 0pt for the"
        " body: not one line of 24pt text (at slide.height)\n"
        "    hint: make slide.margin, slide.title_height or slide.gap smaller, slide.height larger or sizes.body"
        " smaller\n"
    )


# --- layouts without extends ------------------------------------------------------------------


def test_a_layout_without_extends_is_refused_naming_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = build_fails(tmp_path, capsys, "kind: handout\nsizes:\n  body: 11pt\n")
    assert err == (
        "histdocs build: 1 problem found:\n"
        "mine.yaml:1:7: this layout has no 'extends:', so it must set every key of a handout layout; missing:"
        " colors, events, fonts, footer, footnotes, header, page, people (and 17 more)\n"
        "    hint: add the line 'extends: handout-a4' to take every key you do not set from the shipped layout\n"
    )


def test_a_complete_layout_without_extends_is_a_root_of_its_own(tmp_path: Path) -> None:
    shipped = load_layout("deck-16x9")
    text = (shipped.source.read_text(encoding="utf-8")).replace("body: 24pt", "body: 26pt")
    mine = tmp_path / "house.yaml"
    mine.write_text(text, encoding="utf-8")
    assert load_layout(mine, kind="deck").length("sizes.body") == 26.0
    mistyped = tmp_path / "mistyped.yaml"
    mistyped.write_text(text.replace("line_spacing: 1.0", "line_spacing: 1pt"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_layout(mistyped, kind="deck")
    (problem,) = info.value.problems
    assert str(problem).endswith("must be a number like 1.2, as in deck-16x9 (at sizes.line_spacing)")
    assert problem.location is not None and problem.location.line == 55


def test_the_shipped_layouts_pass_their_own_checks() -> None:
    for name in ("handout-a4", "handout-letter", "handout-brief", "deck-16x9", "deck-4x3"):
        load_layout(name, kind=name.split("-")[0])


# --- deck pagination ends ---------------------------------------------------------------------


def test_a_line_taller_than_its_box_is_an_error_not_an_endless_loop(tmp_path: Path) -> None:
    """A tiny slide with huge type passes the read-time estimate; the paginator must still stop."""
    layout = tmp_path / "tiny.yaml"
    layout.write_text(
        "extends: deck-16x9\nslide: {width: 72pt, height: 72pt, margin: 0pt, title_height: 10pt, gap: 0pt}\n"
        "sizes: {body: 30pt}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    result = subprocess.run(
        [sys.executable, "-m", "histdocs", "build", str(ROME), "-q", "-o", str(out), "--only", "decks",
         "--period", "civil-war", "--deck-layout", str(layout)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
    assert f"{layout}:3:15: one line of 30pt type needs" in result.stderr
    assert "but the text box on a 72 × 72pt slide is only 0pt high inside (at sizes.body)" in result.stderr


def test_the_paginator_refuses_a_box_lower_than_one_line() -> None:
    from histdocs.load import load_course
    from histdocs.plan.deck import _look, _Planner

    course = load_course(ROME)
    planner = _Planner(course, course.periods[1], _look(load_layout("deck-16x9", kind="deck")))
    with pytest.raises(InputError, match=r"one line of 24pt type needs [\d.]+pt, but the text box .* is only 2pt high"):
        planner.pages([("A bullet", "•")], 24.0, 400.0, 10.0)


# --- no Python reprs in messages ----------------------------------------------------------------


def test_a_piece_larger_than_the_page_is_described_not_printed_as_a_repr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """144pt titles on a small landscape page pass every range check but cannot be set: say so plainly."""
    err = build_fails(tmp_path, capsys, """\
        extends: handout-a4
        page: {size: A5, orientation: landscape, margins: {top: 2.5cm, bottom: 2.5cm}}
        sizes: {title: 144pt}
        """)
    assert "<" not in err and " at 0x" not in err and "Flowable" not in err
    assert err.startswith("histdocs build: could not lay out the handout: a piece of it ('Caesar's Civil War and"
                          " Dictatorship'), 481.9 × 1210pt, is larger than the 481.9 × 240.6pt text area of a page")
    assert err.endswith("pt text area of a page; make the layout's type sizes or margins (or events.image_height,"
                        " timeline.max_height) smaller\n")


def test_header_gap_that_eats_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = build_fails(tmp_path, capsys, "extends: handout-a4\npage: {header_gap: 25cm}\n")
    assert err == (
        "histdocs build: 1 problem found:\n"
        "mine.yaml:2:20: the header and footer with their gaps ('25cm' and '10pt') leave 0pt of the page height"
        " for text; at least 2in (144pt) is needed (at page.header_gap)\n"
        "    hint: make the gap smaller\n"
    )


def test_type_wider_than_the_slide(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A tick label wider than a 1 in slide used to fail an assertion deep in the timeline."""
    err = build_fails(tmp_path, capsys, """\
        extends: deck-16x9
        slide: {width: 1in, height: 56in, margin: 0, gap: 0, title_height: 0.1pt}
        sizes: {small: 144pt, body: 4pt, title: 20pt, deck_title: 20pt, subtitle: 20pt, meta: 20pt, table: 20pt}
        """, deck=True)
    assert err == (
        "histdocs build: 1 problem found:\n"
        "mine.yaml:3:16: type of '144pt' is wider than the 72pt a slide has between its margins (at sizes.small)\n"
        "    hint: make it smaller, or the slide wider\n"
    )


def test_footnotes_that_cannot_share_a_page_are_described(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = build_fails(tmp_path, capsys, "extends: handout-a4\nfootnotes: {size: 144pt, leading: 500pt}\n")
    assert "Traceback" not in err and " at 0x" not in err
    # one note alone is taller than a page: caught where the paragraph is split, naming the event
    assert err == ("histdocs build: event 'rubicon': one line of text carries more notes than fit on a page;"
                   " cite fewer sources at one place, make footnotes.size and footnotes.leading smaller,"
                   " or use footnotes.placement: end\n")


def test_a_timeline_slide_without_room_for_one_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """It used to end in 'ValueError: ... max_height must be positive' from the timeline."""
    err = build_fails(tmp_path, capsys, """\
        extends: deck-4x3
        slide: {width: 3in, height: 3in, margin: 0, title_height: 2in}
        sizes: {body: 4pt, small: 60pt, timeline_label: 60pt, meta: 20pt, title: 34pt}
        slides: [timeline]
        """, deck=True)
    assert err == (
        "histdocs build: 1 problem found:\n"
        "mine.yaml:3:49: the timeline slide has 0pt under its title, too little for a row of 60pt labels and 60pt"
        " dates (about 326.9pt) (at sizes.timeline_label)\n"
        "    hint: make sizes.timeline_label, sizes.small or slide.title_height smaller, or slide.height larger\n"
    )
