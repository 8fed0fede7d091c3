"""texts: every printed string of a course, with its field path, for the glyph coverage check."""

from __future__ import annotations

from pathlib import Path

import pytest

from histdocs import fonts
from histdocs.dates import parse_date
from histdocs.model import (
    Citation,
    Course,
    Event,
    Fact,
    GlossaryEntry,
    Image,
    Office,
    Period,
    Person,
    Place,
    Prose,
    Quote,
    Run,
    Source,
    Term,
)
from histdocs.load import load_course
from histdocs.texts import course_texts

from conftest import BUNDLED, CASES


def prose(text: str, cite: Citation | None = None) -> Prose:
    runs = (Run(text),) + ((Run(citation=cite),) if cite else ())
    return Prose(paragraphs=(runs,), raw=text)


def small_course() -> Course:
    p1 = Period("p1", "Crisis", parse_date("1988"), parse_date("1990"), summary=prose("Unrest grows."),
                objectives=(prose("Explain the Popular Front."),), questions=(prose("Why Baku?"),), number=1)
    p2 = Period("p2", "Independence", parse_date("1991"), parse_date("1993"), number=2)
    return Course(
        id="az",
        title="Azərbaycan 1988–1994",
        subtitle="A test course",
        authors=("Ə. Teacher",),
        summary=prose("Course summary."),
        periods=(p1, p2),
        sources=(
            Source("waal", "book", "Black Garden", author=("Thomas de Waal",), publisher="NYU Press"),
            Source("other", "book", "Another Book", author=("Ann Author",)),
        ),
        places=(Place("baku", "Baku", native="Bakı"), Place("ganja", "Ganja", native="Gəncə")),
        offices=(Office("president", "President of Azerbaijan", short="President"),),
        people=(
            Person("elchibey", "Abulfaz Elchibey", native="Əbülfəz Elçibəy", summary=prose("Leader."),
                   terms=(Term("elchibey", "president", parse_date("1992-06-16"), parse_date("1993-06-18")),)),
            Person("mutalibov", "Ayaz Mutalibov", native="Ayaz Mütəllibov"),
        ),
        events=(
            Event("black-january", parse_date("1990-01-20"), "Black January", id="black-january",
                  places=("baku",), people=("mutalibov",),
                  summary=prose("Soviet troops enter Baku.", Citation("waal", "p. 90")),
                  facts=(Fact("Deaths", "c. 130", 130.0),),
                  image=Image(Path("img/x.jpg"), alt="Memorial", caption=prose("Şəhidlər Xiyabanı"), credit="Photo: Я")),
            Event("elected", parse_date("1992-06-07"), "Elchibey elected", id="elected", places=("ganja",),
                  people=("elchibey",), cite=(Citation("other", "ch. 2"),)),
        ),
        quotes=(Quote("Abulfaz Elchibey", prose("Azadlıq!"), speaker_id="elchibey", id="q1",
                      date=parse_date("1992-06"), context=prose("At the rally.")),),
        glossary=(GlossaryEntry("Popular Front", prose("A movement.")), GlossaryEntry("Soviet", prose("Council."))),
    )


def test_whole_course_texts_have_paths_and_every_printed_field() -> None:
    texts = dict(course_texts(small_course()))
    assert texts["course.title"] == "Azərbaycan 1988–1994"
    assert texts["course.authors[0]"] == "Ə. Teacher"
    assert texts["events[black-january].title"] == "Black January"
    assert texts["events[black-january].summary"] == "Soviet troops enter Baku."
    assert texts["events[black-january].summary.cite[0].locator"] == "p. 90"
    assert texts["events[black-january].facts[0].value"] == "c. 130"
    assert texts["events[black-january].image.caption"] == "Şəhidlər Xiyabanı"
    assert texts["events[black-january].image.credit"] == "Photo: Я"
    assert texts["events[black-january].date"] == str(parse_date("1990-01-20"))
    assert texts["events[elected].cite[0].locator"] == "ch. 2"
    assert texts["people[elchibey].native"] == "Əbülfəz Elçibəy"
    assert texts["places[ganja].native"] == "Gəncə"
    assert texts["offices[president].short"] == "President"
    assert texts["quotes[q1].text"] == "Azadlıq!"
    assert texts["quotes[q1].speaker"] == "Abulfaz Elchibey"
    assert texts["sources[waal].author[0]"] == "Thomas de Waal"
    assert texts["periods[p1].objectives[0]"] == "Explain the Popular Front."
    assert texts["glossary[Soviet].definition"] == "Council."
    assert texts["course.summary"] == "Course summary."
    assert all(text for text in texts.values())  # empty fields are left out


def test_paths_are_unique() -> None:
    paths = [path for path, _ in course_texts(small_course())]
    assert len(paths) == len(set(paths))


def test_a_period_yields_only_what_its_outputs_show() -> None:
    course = small_course()
    texts = dict(course_texts(course, course.period("p1")))
    assert "events[black-january].title" in texts
    assert "events[elected].title" not in texts
    assert "people[mutalibov].native" in texts
    assert "people[elchibey].native" not in texts
    assert "places[baku].native" in texts and "places[ganja].native" not in texts
    assert "sources[waal].title" in texts and "sources[other].title" not in texts
    assert "quotes[q1].text" not in texts
    assert "periods[p2].title" not in texts
    # glossary entries whose term occurs in the period's texts
    assert "glossary[Popular Front].term" in texts and "glossary[Soviet].term" in texts
    later = dict(course_texts(course, course.period("p2")))
    assert "people[elchibey].native" in later and "quotes[q1].text" in later
    assert "offices[president].title" in later


def test_coverage_check_over_course_texts_names_the_field() -> None:
    course = small_course()
    assert fonts.check_coverage(course_texts(course), "Noto Serif") == []
    bad = Course(id="x", title="A course", places=(Place("kyoto", "Kyoto", native="京都"),))
    problems = fonts.check_coverage(course_texts(bad), "Noto Sans")
    assert [p.path for p in problems] == ["places[kyoto].native"]
    assert problems[0].message == "characters '京' (U+4EAC), '都' (U+90FD) are not in font Noto Sans"


@pytest.mark.parametrize("folder", [CASES / "rome", BUNDLED], ids=["rome", "azerbaijan"])
def test_every_printed_path_of_a_loaded_course_has_a_location(folder: Path) -> None:
    course = load_course(folder)
    unlocated = {
        path
        for period in (None, *course.periods)
        for path, _ in course_texts(course, period)
        if path not in course.locations
    }
    assert unlocated == set()
