"""Chicago notes and bibliography, as a reader of the handout sees them."""

from __future__ import annotations

import pytest

from histdocs.citations import NoteNumbering, bibliography, bibliography_entry, full_note, plain, short_note
from histdocs.dates import parse_date
from histdocs.model import Citation, Course, Run, Source


def marked(runs: tuple[Run, ...]) -> str:
    """Return the text with italic runs between asterisks, to check the styling too."""
    return "".join(f"*{r.text}*" if r.italic else r.text for r in runs)


ISMAYILOV = Source(
    id="ismayilov-2010",
    type="book",
    author=("Ismayilov, E.",),
    title="History of Azerbaijan: Essays",
    publisher_place="Moscow",
    issued=parse_date("2010"),
)
CHERNYAEV = Source(
    id="chernyaev-2008",
    type="book",
    author=("Chernyaev, Anatoly", "Medvedev, Vadim", "Shakhnazarov, Georgy"),
    editor=("Chernyaev, A.", "Veber, A.", "Medvedev, V."),
    title="In the CPSU Central Committee Politburo: Records",
    publisher_place="Moscow",
    issued=parse_date("2008"),
)
ARTICLE = Source(
    id="smith",
    type="article",
    author=("Smith, John",),
    title="Oil and war",
    container_title="Caucasus Review",
    issued=parse_date("1995"),
    page="12–30",
    url="https://example.org/a",
)
CHAPTER = Source(
    id="chap",
    type="chapter",
    author=("Smith, John",),
    editor=("Doe, Jane",),
    title="Oil and war",
    container_title="The Caucasus",
    publisher="OUP",
    publisher_place="Oxford",
    issued=parse_date("1995"),
    page="12–30",
)
WEBPAGE = Source(
    id="bbc",
    type="webpage",
    title="Black January remembered",
    container_title="BBC News",
    url="https://example.org/bbc",
    issued=parse_date("2000-01-20"),
)
ANONYMOUS = Source(id="narrative", type="document", title="A narrative")
EDITED = Source(id="anth", type="book", editor=("Doe, Jane", "Roe, R."), title="Anthology")
MANY = Source(id="many", type="report", author=("A, B.", "C, D.", "E, F.", "G, H."), title="Report", issued=parse_date("1999"))


def test_full_note_of_a_book_names_author_naturally_and_italicises_the_title() -> None:
    assert marked(full_note(ISMAYILOV, "pp. 397–398")) == (
        "E. Ismayilov, *History of Azerbaijan: Essays* (Moscow, 2010), 397–398."
    )


def test_short_note_drops_the_subtitle_and_given_names() -> None:
    assert marked(short_note(ISMAYILOV, "p. 397")) == "Ismayilov, *History of Azerbaijan*, 397."


def test_bibliography_entry_inverts_the_first_author() -> None:
    assert marked(bibliography_entry(ISMAYILOV)) == "Ismayilov, E. *History of Azerbaijan: Essays*. Moscow, 2010."


def test_three_authors_and_editors() -> None:
    note = plain(full_note(CHERNYAEV, "p. 571"))
    assert note.startswith("Anatoly Chernyaev, Vadim Medvedev, and Georgy Shakhnazarov, In the CPSU")
    assert "ed. A. Chernyaev, A. Veber, and V. Medvedev (Moscow, 2008), 571." in note
    assert plain(short_note(CHERNYAEV, "p. 571")) == (
        "Chernyaev, Medvedev, and Shakhnazarov, In the CPSU Central Committee Politburo, 571."
    )
    assert "Edited by A. Chernyaev, A. Veber, and V. Medvedev. Moscow, 2008." in plain(bibliography_entry(CHERNYAEV))


def test_four_authors_become_et_al_in_notes_but_not_in_the_bibliography() -> None:
    assert plain(full_note(MANY)).startswith("B. A et al., Report")
    assert plain(bibliography_entry(MANY)).startswith("A, B., D. C, F. E, and H. G. Report.")


def test_article_quotes_its_title_and_italicises_the_journal() -> None:
    assert marked(full_note(ARTICLE, "p. 14")) == (
        "John Smith, \u201cOil and war,\u201d *Caucasus Review* (1995): 14, https://example.org/a."
    )
    assert plain(short_note(ARTICLE, "")) == "Smith, \u201cOil and war.\u201d"
    assert marked(bibliography_entry(ARTICLE)) == (
        "Smith, John. \u201cOil and war.\u201d *Caucasus Review* (1995): 12–30. https://example.org/a."
    )


def test_chapter_names_the_book_and_its_editor() -> None:
    assert marked(full_note(CHAPTER, "p. 14")) == (
        "John Smith, \u201cOil and war,\u201d in *The Caucasus*, ed. Jane Doe (Oxford: OUP, 1995), 14."
    )
    assert marked(bibliography_entry(CHAPTER)) == (
        "Smith, John. \u201cOil and war.\u201d In *The Caucasus*, edited by Jane Doe, 12–30. Oxford: OUP, 1995."
    )


def test_webpage_with_url_and_no_author() -> None:
    note = plain(full_note(WEBPAGE))
    assert note.startswith("\u201cBlack January remembered,\u201d BBC News")
    assert note.endswith("https://example.org/bbc.")
    assert plain(bibliography_entry(WEBPAGE)).endswith("https://example.org/bbc.")


def test_missing_author_and_editors_only() -> None:
    assert marked(full_note(ANONYMOUS)) == "*A narrative*."
    assert plain(full_note(EDITED)) == "Jane Doe and R. Roe, eds., Anthology."
    assert plain(bibliography_entry(EDITED)) == "Doe, Jane, and R. Roe, eds. Anthology. n.d."
    assert plain(bibliography_entry(ANONYMOUS)) == "A narrative. n.d."  # issue 12: undated sources say so


@pytest.mark.parametrize("kind", ["book", "chapter", "article", "webpage", "document", "interview", "report"])
def test_every_type_gives_one_sentence_per_note(kind: str) -> None:
    source = Source(id="x", type=kind, author=("Roe, Ann",), title="A Title", issued=parse_date("1990"))
    for runs in (full_note(source, "p. 3"), short_note(source, "p. 3"), bibliography_entry(source)):
        text = plain(runs)
        assert text.endswith((".", ".\u201d")) and ".." not in text and "A Title" in text


def course_with(*sources: Source) -> Course:
    return Course(id="c", title="C", sources=sources)


def test_numbering_gives_full_note_first_then_short_notes() -> None:
    numbering = NoteNumbering(course_with(ISMAYILOV, CHERNYAEV))
    first = numbering.note_for(Citation("ismayilov-2010", "pp. 397–398"))
    second = numbering.note_for(Citation("chernyaev-2008", "p. 571"))
    third = numbering.note_for(Citation("ismayilov-2010", "p. 397"))
    assert [n.number for n in (first, second, third)] == [1, 2, 3]
    assert first.text.startswith("E. Ismayilov, History of Azerbaijan: Essays (Moscow")
    assert third.text == "Ismayilov, History of Azerbaijan, 397."
    assert numbering.cited == ["ismayilov-2010", "chernyaev-2008"]


def test_ibid_for_the_same_source_twice_in_a_row_when_asked() -> None:
    numbering = NoteNumbering(course_with(ISMAYILOV), ibid=True)
    numbering.note_for(Citation("ismayilov-2010", "p. 397"))
    assert numbering.note_for(Citation("ismayilov-2010", "p. 397")).text == "Ibid."
    assert numbering.note_for(Citation("ismayilov-2010", "p. 398")).text == "Ibid., 398."


def test_bibliography_sorted_by_author_then_title_and_limited_to_ids() -> None:
    course = course_with(ISMAYILOV, CHERNYAEV, ANONYMOUS, ARTICLE)
    ids = [s.id for s, _ in bibliography(course)]
    assert ids == ["narrative", "chernyaev-2008", "ismayilov-2010", "smith"]
    chosen = [s.id for s, _ in bibliography(course, ["smith", "ismayilov-2010", "smith"])]
    assert chosen == ["ismayilov-2010", "smith"]
