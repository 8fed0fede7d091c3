"""Prose markup: emphasis, citations, paragraphs, and everything else literal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from histdocs.markup import citation_ids, parse_prose
from histdocs.model import Citation, Run


def runs(text: str) -> list[tuple[str, str]]:
    """Return (kind, text) of every run, citations as their id and locator."""
    out = []
    for run in parse_prose(text).runs:
        if run.citation:
            out.append(("citation", f"{run.citation.source}|{run.citation.locator}"))
        elif run.bold and run.italic:
            out.append(("bold-italic", run.text))
        else:
            out.append((run.kind, run.text))
    return out


def test_italic_bold_and_both() -> None:
    assert runs("*a* **b** ***c*** d") == [
        ("italic", "a"),
        ("text", " "),
        ("bold", "b"),
        ("text", " "),
        ("bold-italic", "c"),
        ("text", " d"),
    ]


def test_nested_emphasis() -> None:
    assert runs("x *a **b** c* y") == [
        ("text", "x "),
        ("italic", "a "),
        ("bold-italic", "b"),
        ("italic", " c"),
        ("text", " y"),
    ]
    assert runs("**bold *and italic* again**") == [
        ("bold", "bold "),
        ("bold-italic", "and italic"),
        ("bold", " again"),
    ]


@pytest.mark.parametrize(
    "text",
    ["a * b", "un *matched", "matched* not", "****", "2 * 3 = 6", "**", "* list-like"],
)
def test_unmatched_stars_stay_literal(text: str) -> None:
    prose = parse_prose(text)
    assert [r.kind for r in prose.runs] == ["text"]
    assert prose.plain() == " ".join(text.split())


def test_escaped_star_is_literal() -> None:
    assert runs(r"\*not italic\* but *this*") == [("text", "*not italic* but "), ("italic", "this")]


def test_left_over_star_of_a_run_is_literal() -> None:
    assert runs("*a*b*") == [("italic", "a"), ("text", "b*")]
    assert runs("**a*") == [("text", "*"), ("italic", "a")]


def test_citations_with_and_without_locator() -> None:
    prose = parse_prose("Seen [@de-waal-2003, p. 223] and [@chernyaev-2008].")
    assert prose.citations() == (Citation("de-waal-2003", "p. 223"), Citation("chernyaev-2008", ""))
    assert prose.plain() == "Seen and."


def test_locator_is_kept_as_written() -> None:
    for locator in ("p. 571", "pp. 397–398", "1.32", "66.9", "ch. 3, n. 12"):
        (cite,) = parse_prose(f"x [@src, {locator}]").citations()
        assert cite.locator == locator


def test_space_before_a_citation_is_dropped() -> None:
    prose = parse_prose("Caesar was killed [@plutarch-caesar, 66.9].")
    assert [r.text for r in prose.runs] == ["Caesar was killed", "", "."]
    assert prose.runs[1].citation == Citation("plutarch-caesar", "66.9")


def test_citation_inside_emphasis_keeps_the_emphasis_around_it() -> None:
    assert runs("*see [@a] here*") == [("italic", "see"), ("citation", "a|"), ("italic", " here")]


def test_not_a_citation() -> None:
    assert runs("[not a cite] and [@]x") == [("text", "[not a cite] and"), ("citation", "|"), ("text", "x")]
    assert runs(r"\[@x] stays") == [("text", "[@x] stays")]


def test_paragraphs_split_on_blank_lines_and_spaces_collapse() -> None:
    prose = parse_prose("First  line\nsame paragraph.\n\n   \n\nSecond\tparagraph.\r\n\r\nThird.\n")
    assert prose.plain() == "First line same paragraph.\n\nSecond paragraph.\n\nThird."
    assert len(prose.paragraphs) == 3


def test_html_and_ampersands_are_literal() -> None:
    text = 'AT&T <img src="/etc/passwd"/> <b>not bold</b> <font color="red">x</font> 3 < 4 > 2'
    prose = parse_prose(text)
    assert prose.runs == (Run(text),)


def test_raw_text_is_kept() -> None:
    assert parse_prose("*a*\n\nb").raw == "*a*\n\nb"


def test_empty_prose_is_false() -> None:
    assert not parse_prose("  \n\n ")
    assert parse_prose("x")


def test_citation_ids_with_offsets() -> None:
    text = "a [@x, p. 5] b \\[@y] [@z]\n[@w,\n 3]"
    assert citation_ids(text) == [("x", "p. 5", 2), ("z", "", 21), ("w", "3", 26)]


def test_citation_ids_agree_with_parse_prose() -> None:
    text = "One [@a, 1].\n\nTwo [@b] and *[@c, pp. 3–4]*."
    ids = [(s, loc) for s, loc, _ in citation_ids(text)]
    assert ids == [(c.source, c.locator) for c in parse_prose(text).citations()]


@given(st.text(alphabet=st.sampled_from(list("ab *\\[]@,\n ")), max_size=40))
def test_never_loses_letters(text: str) -> None:
    """Whatever the markup, every letter written outside a citation comes back, in order."""
    prose = parse_prose(text)
    outside = text
    for _source, _loc, offset in reversed(citation_ids(text)):
        end = text.index("]", offset) + 1
        outside = outside[:offset] + outside[end:]
    letters = [ch for ch in outside if ch in "ab"]
    assert [ch for run in prose.runs if run.citation is None for ch in run.text if ch in "ab"] == letters
