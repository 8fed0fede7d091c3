"""The loader: good courses become checked models; every bad input becomes located problems."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Callable

import pytest

from histdocs.cli import main
from histdocs.errors import InputError, Location, Problem
from histdocs.load import MAX_PROSE_CHARS, MAX_TITLE_CHARS, clean_text, load_course
from histdocs.model import Citation

from conftest import BAD, CASES, MINIMAL

BAD_FILES = sorted(BAD.glob("*.yaml"))
_EXPECT = re.compile(r"^# expect: (\d+):(\d+): (.+)$")

def _picture(kind: str) -> bytes:
    """Return a real, decodable 4 × 3 picture (images are fully decoded when a course loads)."""
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


PNG = _picture("PNG")
JPEG = _picture("JPEG")


def expectations(path: Path) -> list[tuple[int, int, str]]:
    """Return the (line, column, words) expected for a bad file, from its leading comments."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _EXPECT.match(line)
        if m:
            found.append((int(m.group(1)), int(m.group(2)), m.group(3)))
    return found


def problems_of(path: Path | str) -> tuple[Problem, ...]:
    """Return the problems load_course reports (failing if it does not raise)."""
    with pytest.raises(InputError) as info:
        load_course(path)
    return info.value.problems


def messages(path: Path | str) -> list[str]:
    return [str(p) for p in problems_of(path)]


# --------------------------------------------------------------------------- the bad corpus


def test_corpus_is_big_enough() -> None:
    assert len(BAD_FILES) >= 30
    assert all(expectations(f) for f in BAD_FILES), "every bad file names what it expects"


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_file(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  capsys: pytest.CaptureFixture[str]) -> None:
    """Each bad file fails with exactly the located problems it names, in the API and the CLI."""
    monkeypatch.chdir(tmp_path)  # a command smuggled into the YAML would create its marker here
    expected = expectations(path)
    started = time.perf_counter()
    problems = problems_of(path)
    assert time.perf_counter() - started < 2.0
    got = [(p.location.line, p.location.column, p.message) for p in problems if p.location]
    assert len(problems) == len(expected), [str(p) for p in problems]
    for line, column, words in expected:
        assert any(g[:2] == (line, column) and words in g[2] for g in got), (words, [str(p) for p in problems])
    for problem in problems:
        assert problem.location is not None and problem.location.file == str(path)

    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    line, column, words = expected[0]
    assert f"{path}:{line}:{column}: " in err and words in err
    assert not (tmp_path / "histdocs-marker-file").exists()


def test_python_tag_runs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "marker"
    course = tmp_path / "course.yaml"
    course.write_text(
        f'course:\n  id: x\n  title: !!python/object/apply:os.system ["touch {marker}"]\n'
        "events:\n  - date: 1990\n    title: A\n",
        encoding="utf-8",
    )
    problems = problems_of(course)
    assert any("is not allowed" in p.message for p in problems)
    assert not marker.exists()


def test_one_file_with_three_problems_reports_all_three() -> None:
    (path,) = [p for p in BAD_FILES if p.stem.endswith("three-problems")]
    assert len(problems_of(path)) == 3


def test_problem_format_and_hints(write_course: Callable[..., Path]) -> None:
    path = write_course(MINIMAL.replace("  title: Test course", "  titel: Test course"))
    text = str(InputError(problems_of(path)))
    assert f"{path}:3:3: unknown key 'titel' (at course)\n    hint: did you mean 'title'?" in text
    assert f"{path}:2:3: missing required key 'title' (at course)" in text
    assert text.startswith("2 problems found:")


def test_bad_date_hint_names_the_nearest_form(write_course: Callable[..., Path]) -> None:
    path = write_course(MINIMAL.replace("date: 1990", "date: 31 February 1990"))
    (problem,) = problems_of(path)
    assert problem.path == "events[0].date"
    assert "28 February 1990" in problem.hint


# --------------------------------------------------------------------------- good courses


def test_rome_loads() -> None:
    course = load_course(CASES / "rome")
    assert course.id == "rome-end-of-republic"
    assert course.root == (CASES / "rome").resolve()
    assert [p.number for p in course.periods] == [1, 2, 3]
    assert len(course.events) == 20
    ides = course.event("ides-of-march")
    assert ides.date.earliest == ides.date.latest == (-43, 3, 15)
    assert course.event("pharsalus").date.earliest == (-47, 8, 9)
    assert str(course.event("pharsalus").date) == "9 August 48 BCE"
    assert ides.details is not None and len(ides.details.paragraphs) >= 5
    assert len(ides.details.plain().split()) > 700
    assert Citation("plutarch-caesar", "66.9") in ides.details.citations()
    assert Citation("suetonius-julius", "80–82") in ides.cite
    assert [f.numeric for f in ides.facts] == [23.0, None]
    assert ides.facts[1].value == "more than 60"


def test_rome_events_outside_every_period() -> None:
    course = load_course(CASES / "rome")
    inside = {e.key for p in course.periods for e in course.events_in(p)}
    outside = [e.key for e in course.events if e.key not in inside]
    assert outside == ["fall-of-troy", "teutoburg"]


def test_rome_keys_people_quotes() -> None:
    course = load_course(CASES / "rome")
    assert course.events[3].key == "event-4" and course.events[3].id == ""
    caesar = course.person("caesar")
    assert caesar.native == "Γάιος Ἰούλιος Καῖσαρ"
    assert {t.person for t in caesar.terms} == {"caesar"}
    consuls_59 = [t.person for t in course.terms_of("consul") if t.start and str(t.start) == "59 BCE"]
    assert sorted(consuls_59) == ["bibulus", "caesar"]  # different people may share an office
    quote = course.quotes[0]
    assert (quote.speaker, quote.speaker_id) == ("Gaius Julius Caesar", "caesar")
    shakespeare = course.quotes[3]
    assert (shakespeare.speaker, shakespeare.speaker_id) == ("William Shakespeare (Julius Caesar, 3.1)", "")
    assert course.place("actium").native == "Ἄκτιον"


def test_rome_markup_like_text_is_literal() -> None:
    course = load_course(CASES / "rome")
    assert course.summary is not None
    assert 'AT&T <img src="/etc/passwd"/>' in course.summary.plain()
    triumphs = course.event("triumphs").summary
    assert triumphs is not None
    assert '<b>not bold</b> or <font color="red">x</font>' in triumphs.plain()
    pact = course.event("first-triumvirate").summary
    assert pact is not None and "Votes > speeches & money < armies." in pact.plain()


def test_yaml_typing_never_changes_a_value() -> None:
    course = load_course(CASES / "yaml-typing")
    assert (course.title, course.subtitle, course.language) == ("NO", "1990", "no")
    assert course.authors == ("yes", "on", "off", "~x", "1e3")
    assert (course.places[0].name, course.places[0].native) == ("12:30", "0755")
    first, second = course.events
    assert first.title == "0755" and first.date.earliest == first.date.latest == (1988, 5, 21)
    assert [(f.value, f.numeric) for f in first.facts] == [
        ("0755", 755.0), ("12:30", None), ("NO", None), ("1,234", 1234.0), (".5", 0.5), ("null", None),
    ]
    assert second.title == "1990" and second.importance == 1


def test_single_file_root_is_its_folder(write_course: Callable[..., Path]) -> None:
    path = write_course(MINIMAL, name="sub/my-course.yaml")
    course = load_course(path)
    assert course.root == path.parent.resolve()
    assert course.events[0].key == "event-1"
    assert course.events[0].importance == 2


# --------------------------------------------------------------------------- folders


def test_folder_concatenates_sections_in_sorted_order(tmp_path: Path, write_course: Callable[..., Path]) -> None:
    write_course("course:\n  id: f\n  title: Folder course\nevents:\n  - date: 1990\n    title: Zero\n")
    write_course("events:\n  - date: 1992\n    title: Two\n", name="b-events.yaml")
    write_course("events:\n  - date: 1991\n    title: One\n    place: baku\n", name="a-events.yaml")
    write_course("places:\n  - id: baku\n    name: Baku\n", name="places.yaml")
    course = load_course(tmp_path)
    assert [e.title for e in course.events] == ["Zero", "One", "Two"]
    assert [e.key for e in course.events] == ["event-1", "event-2", "event-3"]
    assert course.events[1].places == ("baku",)


def test_folder_problems_name_the_file_and_global_index(tmp_path: Path) -> None:
    (tmp_path / "course.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "more.yaml").write_text("events:\n  - date: 1990\n    title: B\n    place: nowhere\n",
                                        encoding="utf-8")
    (problem,) = problems_of(tmp_path)
    assert problem.location is not None
    assert (problem.location.file, problem.location.line) == (str(tmp_path / "more.yaml"), 4)
    assert problem.path == "events[1].place"


def test_course_block_only_in_course_yaml(tmp_path: Path) -> None:
    (tmp_path / "course.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "extra.yaml").write_text("course:\n  id: other\n  title: Other\n", encoding="utf-8")
    (problem,) = problems_of(tmp_path)
    assert "belongs in course.yaml" in problem.message


def test_folder_without_course_yaml(tmp_path: Path) -> None:
    (tmp_path / "events.yaml").write_text("events: []\n", encoding="utf-8")
    (problem,) = problems_of(tmp_path)
    assert "no course.yaml" in problem.message


def test_yml_files_are_not_silently_ignored(tmp_path: Path) -> None:
    (tmp_path / "course.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "people.yml").write_text("people: []\n", encoding="utf-8")
    (problem,) = problems_of(tmp_path)
    assert "rename it to people.yaml" in problem.hint


def test_missing_path(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path / "nothing.yaml")
    assert "no such course file or folder" in problem.message


# --------------------------------------------------------------------------- the text normaliser


def test_clean_text_rules() -> None:
    assert clean_text("e\u0301") == ("é", [])
    assert clean_text("tab\tnew\nline\r") == ("tab\tnew\nline\r", [])
    for bad in ("\x00", "\x0b", "\x1f", "\x7f", "\x85", "\x9f", "\ud800", "\udfff", "\ufffe", "\uffff",
                "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"):
        assert clean_text(f"ab{bad}c")[1][0][0] == 2, repr(bad)
    for good in ("\u00a0", "\u200b", "\ufdcf", "\ufdf0", "\ufffd", "😀", "ə", "漢"):
        assert clean_text(good)[1] == [], repr(good)


def test_text_is_nfc_everywhere(write_course: Callable[..., Path]) -> None:
    decomposed = "Re\u0301sume\u0301"
    path = write_course(MINIMAL.replace("Something happened", decomposed) + f"    summary: {decomposed}\n")
    event = load_course(path).events[0]
    assert event.title == "Résumé" and event.summary and event.summary.plain() == "Résumé"


def test_c1_control_from_an_escape_is_located(write_course: Callable[..., Path]) -> None:
    path = write_course(MINIMAL.replace("title: Test course", 'title: "a\\x85b"'))
    (problem,) = problems_of(path)
    assert "U+0085" in problem.message
    assert (problem.location.line, problem.location.column) == (3, 12)  # type: ignore[union-attr]


def test_bad_character_in_a_multi_line_scalar_points_at_the_scalar(write_course: Callable[..., Path]) -> None:
    path = write_course(MINIMAL + '    summary: "first line\n      second \\x01 line"\n')
    (problem,) = problems_of(path)
    assert "U+0001" in problem.message
    assert (problem.location.line, problem.location.column) == (7, 14)  # type: ignore[union-attr]


def test_unknown_citation_in_a_block_scalar_is_located_exactly(write_course: Callable[..., Path]) -> None:
    path = write_course(MINIMAL + "    details: |\n      First paragraph.\n\n      Second [@a] and [@missing, p. 3].\n")
    found = [(p.location.line, p.location.column, p.message) for p in problems_of(path) if p.location]
    assert found == [
        (10, 14, "citation of unknown source 'a'"),
        (10, 23, "citation of unknown source 'missing'"),
    ]


def test_prose_length_limit(write_course: Callable[..., Path]) -> None:
    ok = write_course(MINIMAL + f"    details: {'x' * MAX_PROSE_CHARS}\n", name="ok.yaml")
    assert load_course(ok).events[0].details is not None
    bad = write_course(MINIMAL + f"    details: {'x' * (MAX_PROSE_CHARS + 1)}\n", name="bad.yaml")
    (problem,) = problems_of(bad)
    assert "too long" in problem.message and problem.path == "events[0].details"


def test_title_length_limit(write_course: Callable[..., Path]) -> None:
    path = write_course(MINIMAL.replace("Something happened", "y" * MAX_TITLE_CHARS))
    assert load_course(path).events[0].title == "y" * MAX_TITLE_CHARS


# --------------------------------------------------------------------------- terms


def _terms(first: tuple[str, str], second: tuple[str, str], same_person: bool = True) -> str:
    two = "" if same_person else "  - id: two\n    name: Two\n    terms:\n"
    return (
        "course:\n  id: t\n  title: T\noffices:\n  - id: president\n    title: President\n"
        "people:\n  - id: one\n    name: One\n    terms:\n"
        f"      - office: president\n        start: {first[0]}\n        end: {first[1]}\n"
        + two
        + f"      - office: president\n        start: {second[0]}\n        end: {second[1]}\n"
        "events:\n  - date: 1990\n    title: A\n"
    )


def test_handover_with_fuzzy_ends_is_not_an_overlap(write_course: Callable[..., Path]) -> None:
    course = load_course(write_course(_terms(("1992-06-16", "1993-06"), ("1993-06", "1993-12"))))
    assert len(course.person("one").terms) == 2


def test_same_term_twice_is_an_overlap(write_course: Callable[..., Path]) -> None:
    (problem,) = problems_of(write_course(_terms(("1990", "1990"), ("1990", "1990"))))
    assert "twice at once" in problem.message and problem.path == "people[0].terms[1]"


def test_overlapping_terms_of_different_people_are_fine(write_course: Callable[..., Path]) -> None:
    course = load_course(write_course(_terms(("1990", "1995"), ("1991", "1996"), same_person=False)))
    assert [t.person for t in course.terms_of("president")] == ["one", "two"]


# --------------------------------------------------------------------------- fields


def test_optional_fields_and_shorthands(write_course: Callable[..., Path]) -> None:
    path = write_course("""\
        course:
          id: full
          title: Full
          language: az-Latn
          authors: One Author
        sources:
          - id: s
            type: webpage
            title: A page
            editor: [Ed, Itor]
            page: "12–15"
            url: https://example.org/a?b=c
            accessed: 2024-01-02
        places:
          - {id: baku, name: Baku, lat: "40.41", lon: 49.87}
          - {id: ganja, name: Ganja}
        people:
          - {id: p, name: P}
        events:
          - id: e
            date: 1990
            title: E
            place: [baku, ganja]
            people: p
            importance: "1"
            tags: one-tag
            note: A *teacher's* note [@s, p. 1].
            cite: [{source: s}]
        quotes:
          - speaker: anonymous
            text: Hi.
          - speaker: p
            text: Hello.
        """)
    course = load_course(path)
    assert course.language == "az-Latn" and course.authors == ("One Author",)
    source = course.source("s")
    assert source.editor == ("Ed", "Itor") and source.page == "12–15" and source.accessed is not None
    assert course.place("baku").lat == 40.41
    event = course.event("e")
    assert event.places == ("baku", "ganja") and event.people == ("p",) and event.importance == 1
    assert event.tags == ("one-tag",) and event.cite == (Citation("s", ""),)
    assert event.note is not None and event.note.citations() == (Citation("s", "p. 1"),)
    assert [(q.speaker, q.speaker_id) for q in course.quotes] == [("anonymous", ""), ("P", "p")]


def test_images_inside_the_folder(tmp_path: Path, write_course: Callable[..., Path]) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "map.png").write_bytes(PNG)
    (tmp_path / "images" / "photo.jpg").write_bytes(JPEG)
    os.symlink(tmp_path / "images" / "map.png", tmp_path / "link.png")
    body = MINIMAL + "    image: {path: images/../images/map.png, alt: A map, caption: '*Baku*', credit: Me}\n"
    body += "  - date: 1991\n    title: B\n    image: {path: photo-link.jpg, alt: Photo}\n"
    (tmp_path / "photo-link.jpg").symlink_to(Path("images") / "photo.jpg")
    course = load_course(write_course(body))
    first, second = course.events[0].image, course.events[1].image
    assert first is not None and first.path == (tmp_path / "images" / "map.png").resolve()
    assert first.alt == "A map" and first.credit == "Me" and first.caption and first.caption.runs[0].italic
    assert second is not None and second.path == (tmp_path / "images" / "photo.jpg").resolve()


def test_image_symlink_leading_outside_is_rejected(tmp_path: Path) -> None:
    course_dir = tmp_path / "course"
    course_dir.mkdir()
    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG)
    (course_dir / "innocent.png").symlink_to(outside)
    (course_dir / "course.yaml").write_text(MINIMAL + "    image: {path: innocent.png, alt: x}\n", encoding="utf-8")
    (problem,) = problems_of(course_dir)
    assert "leads outside the course folder" in problem.message


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("  language: en_GB", "not a BCP 47 language tag"),
        ("  language: [en]", "expected text, found a list"),
        ("  summary: {az: Salam}", "language maps are reserved"),
        ("  authors: {a: b}", "expected a list, found a mapping"),
        ("  subtitle: {a: b}", "expected text, found a mapping"),
    ],
)
def test_course_block_field_types(write_course: Callable[..., Path], line: str, words: str) -> None:
    path = write_course(MINIMAL.replace("  title: Test course", "  title: Test course\n" + line))
    (problem,) = problems_of(path)
    assert words in problem.message
    assert problem.location is not None and problem.location.line == 4


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("    importance: 0", "importance must be 1, 2 or 3"),
        ("    importance: high", "importance must be 1, 2 or 3"),
        ("    facts: [{label: X}]", "missing required key 'value'"),
        ("    facts: [{label: X, value: [1, 2]}]", "expected a number or short text"),
        ("    id: event-1", "clashes with the automatic key"),
        ("    details: {en: x}", "language maps are reserved"),
        ("    cite: [{source: s, page: 3}]", "unknown key 'page'"),
        ("    summary: see [@s]", "citation of unknown source 's'"),
        ("    people: {a: b}", "expected a list, found a mapping"),
    ],
)
def test_event_field_problems(write_course: Callable[..., Path], extra: str, words: str) -> None:
    text = MINIMAL + extra + "\n"
    if "event-1" in extra:
        text = MINIMAL.replace("  - date: 1990", "  - date: 1989\n    title: First\n  - date: 1990") + extra + "\n"
    problems = problems_of(write_course(text))
    assert any(words in p.message for p in problems), [str(p) for p in problems]
    assert len(problems) <= 2, [str(p) for p in problems]


@pytest.mark.parametrize(
    "section",
    [
        "quotes:\n  - speaker: Someone\n    text: '   '\n",
        "glossary:\n  - term: Soviet\n    definition: '  '\n",
    ],
)
def test_required_prose_must_not_be_blank(write_course: Callable[..., Path], section: str) -> None:
    (problem,) = problems_of(write_course(MINIMAL + section))
    assert problem.message == "must not be empty"
    assert problem.location is not None and problem.location.line == 9


def test_printed_fields_are_located_by_the_paths_texts_uses(write_course: Callable[..., Path]) -> None:
    path = write_course("""\
        course:
          id: test
          title: Test course
          authors: ["", A. Teacher]
        sources:
          - id: book
            type: book
            title: A Book
            publisher-place: Baku
        people:
          - id: elchibey
            name: Abulfaz Elchibey
            terms:
              - office: president
                start: June 1992
        offices:
          - id: president
            title: President
        periods:
          - id: p1
            title: One
            start: 1990
            end: 1993
            objectives: ["", Explain it]
        events:
          - id: first
            date: 1990
            title: First
            summary: Said so [@book, p. 5].
            facts: [{label: Dead, value: "147"}]
          - date: 1991
            title: Second
            cite: [{source: book, locator: p. 9}]
        quotes:
          - speaker: elchibey
            date: 1992
            text: Words.
        glossary:
          - term: Popular Front
            definition: A movement.
        """)
    locations = load_course(path).locations
    file = str(path)
    expect = {
        "course.title": (3, 10),
        "course.authors[0]": (4, 17),  # the empty first author is not printed
        "sources[book].publisher_place": (9, 22),
        "people[elchibey].name": (12, 11),
        "people[elchibey].terms[0].start": (15, 16),
        "offices[president].title": (18, 12),
        "periods[p1].dates": (22, 12),
        "periods[p1].objectives[0]": (24, 22),
        "events[first].summary": (29, 14),
        "events[first].summary.cite[0].locator": (29, 22),
        "events[first].facts[0].value": (30, 34),
        "events[event-2].date": (31, 11),
        "events[event-2].cite[0].locator": (33, 36),
        "quotes[0].speaker": (12, 11),  # a person id prints the person's name
        "quotes[0].text": (37, 11),
        "glossary[Popular Front].term": (39, 11),
        "glossary[Popular Front].definition": (40, 17),
    }
    for key, (line, column) in expect.items():
        assert (key, locations.get(key)) == (key, Location(file, line, column))


def test_a_course_made_in_memory_has_no_locations() -> None:
    from histdocs.model import Course

    assert Course(id="x", title="X").locations == {}


def test_citation_locators_in_a_block_scalar_are_located_at_their_citation(
    write_course: Callable[..., Path],
) -> None:
    path = write_course("""\
        course:
          id: test
          title: Test course
        sources:
          - id: book
            type: book
            title: A Book
        events:
          - id: first
            date: 1990
            title: First
            details: >
              One [@book, p. 1] and an escaped \\[@book, p. 0]
              then two [@book, p. 2].
        """)
    locations = load_course(path).locations
    assert locations["events[first].details"] == Location(str(path), 12, 14)
    assert locations["events[first].details.cite[0].locator"] == Location(str(path), 13, 11)
    assert locations["events[first].details.cite[1].locator"] == Location(str(path), 14, 16)
