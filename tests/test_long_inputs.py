"""Outsized inputs come out whole and right (issue 8 item 6): thousands of notes in one
paragraph, a word longer than many lines, a header longer than its line, thousands of
emphasis spans. How long they take is measured in bench/bench_edges.py, not here; these tests
check, at a size that runs quickly, what a reader would check in the outputs.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from histdocs.build import plan_outputs
from histdocs.layouts import load_layout
from histdocs.load import load_course
from histdocs.markup import citation_ids, parse_prose
from histdocs.model import Run
from histdocs.plan.handout import Mark
from histdocs.render.pdf import _joined, handout_pdf
from histdocs.render.pptx import deck_pptx

HEAD = """\
course: {{id: edges, title: {course_title}}}
sources:
  - {{id: src, type: book, author: ['Author, A.'], title: A Book of Facts, issued: 2000}}
periods:
  - {{id: p1, title: {period_title}, start: '1990', end: '1991'}}
events:
  - date: '1990'
    title: The outsized event
    importance: 1
    summary: A short summary.
    details: >-
      {details}
"""


def write_course(folder: Path, details: str, course_title: str = "Edge cases", period_title: str = "One period"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "course.yaml").write_text(
        HEAD.format(details=details, course_title=json.dumps(course_title), period_title=json.dumps(period_title)),
        encoding="utf-8",
    )
    return load_course(folder)


def pdf_pages(data: bytes, tmp_path: Path) -> list[str]:
    """Return the text of each page of a PDF, as pdftotext reads it."""
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def body_text(pages: list[str]) -> str:
    """Return the pages' text without running header and footer, all whitespace removed."""
    lines = [line for page in pages for line in page.splitlines()
             if not re.fullmatch(r"\s*(Page \d+ of \d+|Edge cases · One period)\s*", line)]
    return re.sub(r"\s+", "", "".join(lines))


def notes_text(pptx: bytes) -> str:
    """Return the text of every speaker-notes slide of a deck."""
    with zipfile.ZipFile(io.BytesIO(pptx)) as z:
        names = [n for n in z.namelist() if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n)]
        paragraphs = [p for n in names for p in re.findall(r"<a:p\b.*?</a:p>", z.read(n).decode("utf-8"), re.S)]
    return "\n".join("".join(re.findall(r"<a:t>([^<]*)</a:t>", p)) for p in paragraphs)


# ----------------------------------------------------------------------------- many notes


def test_a_paragraph_with_more_notes_than_a_page_holds_splits_with_each_note_beside_its_marker(tmp_path: Path) -> None:
    """Regression: 100 citations in one paragraph could not be laid out at all."""
    n = 400
    course = write_course(tmp_path / "c", " ".join(f"Ref{i:03d}[@src, p. {i}] said." for i in range(1, n + 1)))
    period = course.periods[0]
    pages = pdf_pages(handout_pdf(course, period, load_layout("handout-a4", kind="handout")), tmp_path)
    assert len(pages) > 5
    seen: list[int] = []
    for number, page in enumerate(pages, 1):
        markers = {int(m.group(2)) for m in re.finditer(r"Ref(\d{3})(\d+)", page)}
        notes = [int(m.group(1)) for m in re.finditer(r"^(\d+)\. (?:A\. )?Author, A Book of Facts", page, re.M)]
        assert markers == set(notes), f"page {number}: markers {sorted(markers)}, notes {sorted(notes)}"
        seen += notes
    assert seen == list(range(1, n + 1))
    assert "1. A. Author, A Book of Facts (2000), 1." in pages[0]
    assert f"{n}. Author, A Book of Facts, {n}." in pages[-1] or any(f"{n}. Author, A Book of Facts, {n}." in p for p in pages)


def test_a_deck_slide_with_hundreds_of_citations_lists_every_note_in_its_speaker_notes(tmp_path: Path) -> None:
    n = 300
    course = write_course(tmp_path / "c", " ".join(f"Claim {i} [@src, p. {i}]." for i in range(1, n + 1)))
    notes = notes_text(deck_pptx(course, course.periods[0]))
    found = {int(m) for m in re.findall(r"A Book of Facts \(2000\), (\d+)\.", notes)}
    assert found == set(range(1, n + 1))


# ----------------------------------------------------------------------------- one long word


def test_a_word_longer_than_many_lines_is_printed_whole_across_pages(tmp_path: Path) -> None:
    word = "".join(chr(ord("a") + i % 26) for i in range(30_000))
    course = write_course(tmp_path / "c", f"Before {word} after.")
    pages = pdf_pages(handout_pdf(course, course.periods[0], load_layout("handout-a4", kind="handout")), tmp_path)
    assert len(pages) > 3
    body = body_text(pages)
    assert "Before" + word + "after." in body
    deck = deck_pptx(course, course.periods[0])
    assert word in notes_text(deck).replace(" ", "")


# ----------------------------------------------------------------------------- header


def test_header_placeholders_are_filled_once_so_a_title_with_braces_prints_as_written(tmp_path: Path) -> None:
    """Regression: a period titled '{page} ...' printed the page number in the running header."""
    course = write_course(tmp_path / "c", ("Filler text for pages. " * 900).strip(),
                          course_title="Course {pages}", period_title="Period {page} of {course}")
    layout = tmp_path / "layout.yaml"
    layout.write_text('extends: handout-a4\nheader:\n  text: "{period} / {course} / {page}"\n', encoding="utf-8")
    pages = pdf_pages(handout_pdf(course, course.periods[0], load_layout(str(layout), kind="handout")), tmp_path)
    assert len(pages) >= 3
    assert "Period {page} of {course} / Course {pages} / 2" in pages[1]
    assert "Period {page} of {course} / Course {pages} / 3" in pages[2]


def test_a_header_far_wider_than_the_page_is_cut_with_an_ellipsis(tmp_path: Path) -> None:
    title = ("A long period title " * 15).strip()
    course = write_course(tmp_path / "c", ("Filler text for pages. " * 500).strip(), period_title=title)
    layout = tmp_path / "layout.yaml"
    layout.write_text("extends: handout-a4\nheader:\n  text: " + json.dumps("{period} " * 200) + "\n", encoding="utf-8")
    pages = pdf_pages(handout_pdf(course, course.periods[0], load_layout(str(layout), kind="handout")), tmp_path)
    header = pages[1].strip().splitlines()[0]
    assert header.startswith("A long period title A long period title")
    assert header.endswith("…")
    assert len(header) < 200


# ----------------------------------------------------------------------------- emphasis


def test_thousands_of_emphasis_spans_are_all_printed(tmp_path: Path) -> None:
    n = 3000
    course = write_course(tmp_path / "c", " ".join(f"*zq{i}*" for i in range(n)) + " **end**")
    pages = pdf_pages(handout_pdf(course, course.periods[0], load_layout("handout-a4", kind="handout")), tmp_path)
    body = body_text(pages)
    assert all(f"zq{i}zq{i + 1}" in body for i in range(n - 1))
    assert f"zq{n - 1}end" in body
    outputs = plan_outputs(course, tmp_path / "out", only="decks")
    assert "zq2999" in notes_text(outputs[0].draw())


def test_runs_of_one_style_are_joined_and_a_space_between_styles_takes_the_style_before() -> None:
    runs = [Run("a", italic=True), Run(" "), Run("b", italic=True), Run(" "), Run("c", bold=True),
            Run(" "), Mark(1), Run(" "), Mark(2), Run(" plain")]
    assert _joined(runs) == [Run("a b ", italic=True), Run("c ", bold=True), Mark(1), Run(" "), Mark(2), Run(" plain")]


# ----------------------------------------------------------------------------- markup pairing


def test_star_runs_that_never_pair_stay_literal() -> None:
    """Regression: each closer searched back through every earlier star run (quadratic)."""
    text = "a* " * 20_000 + "*b*"
    [para] = parse_prose(text).paragraphs
    assert para == (Run(("a* " * 20_000)), Run("b", italic=True))


@pytest.mark.parametrize("text", ["[@a, " * 20_000, "[@a" * 30_000, "[@a" + " " * 100_000, "[@ " * 30_000])
def test_citations_never_closed_stay_literal(text: str) -> None:
    """Regression: each unclosed '[@' was tried to the end of the text (and spaces both ways)."""
    assert citation_ids(text) == []
    assert parse_prose(text).plain() == " ".join(text.split())


def test_a_bracket_inside_a_citation_leaves_it_literal_and_the_next_one_is_read() -> None:
    assert citation_ids("see [@a, p. [3]] and [@a, fol. 3 [@b, 7]") == [("b", "7", 33)]


def _reference_emphasis(tokens: list) -> None:
    """The pairing as first written: search back for the nearest usable opener."""
    delims = [tok for kind, tok in tokens if kind == "delim"]
    removed: set[int] = set()
    for ci, closer in enumerate(delims):
        if not closer.can_close:
            continue
        while closer.count > 0:
            oi = next((j for j in range(ci - 1, -1, -1)
                       if j not in removed and delims[j].can_open and delims[j].count > 0), None)
            if oi is None:
                break
            opener = delims[oi]
            use = 2 if closer.count >= 2 and opener.count >= 2 else 1
            opener.count -= use
            closer.count -= use
            opener.opens.append(use)
            closer.closes.append(use)
            removed.update(range(oi + 1, ci))


hypothesis = pytest.importorskip("hypothesis")


@hypothesis.given(hypothesis.strategies.lists(
    hypothesis.strategies.sampled_from(["*", "**", "***", "a", " ", "\\*", "[@x]", "b c", " *", "* "]), max_size=16))
@hypothesis.settings(max_examples=400, deadline=None)
def test_stack_pairing_matches_the_search_back_pairing(pieces: list[str]) -> None:
    from histdocs import markup

    text = "".join(pieces)
    expected = markup._lex(text)
    _reference_emphasis(expected)
    got = markup._lex(text)
    markup._match_emphasis(got)
    assert markup._runs(got) == markup._runs(expected)


def test_one_line_carrying_more_notes_than_a_page_holds_is_a_clear_error(tmp_path: Path) -> None:
    """Not a traceback or a reportlab repr: the event, what is wrong and what to do."""
    from histdocs.errors import RenderError

    sources = "\n".join(
        f"  - {{id: s{i}, type: book, author: ['Author{i}, Alexander Q.', 'Second{i}, B.'], title: 'A very long "
        f"book title number {i} about the history of many things: with a subtitle that goes on and on', "
        f"publisher: Some University Press, publisher-place: Oxford, issued: 2000}}" for i in range(60))
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "course.yaml").write_text(
        "course: {id: dense, title: Dense}\nsources:\n" + sources + "\nperiods:\n"
        "  - {id: p1, title: One, start: '1990', end: '1991'}\nevents:\n  - date: '1990'\n    title: Dense\n"
        "    details: Claim" + "".join(f"[@s{i}]" for i in range(60)) + " end.\n", encoding="utf-8")
    course = load_course(folder)
    with pytest.raises(RenderError) as caught:
        handout_pdf(course, course.periods[0], load_layout("handout-a4", kind="handout"))
    assert str(caught.value) == ("event 'event-1': one line of text carries more notes than fit on a page; "
                                 "cite fewer sources at one place, make footnotes.size and footnotes.leading "
                                 "smaller, or use footnotes.placement: end")
