"""The deck plan: slides for what a teacher expects, every text measured to fit its box."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from histdocs import fonts
from histdocs.errors import InputError, RenderError
from histdocs.layouts import load_layout
from histdocs.load import load_course
from histdocs.markup import parse_prose
from histdocs.model import Course
from histdocs.plan.deck import DeckPlan, Group, TextBox, clean_text, plan_deck, sentences

CASES = Path(__file__).resolve().parent / "cases"
EPS = 0.01


@pytest.fixture(scope="module")
def rome() -> Course:
    return load_course(CASES / "rome")


def _replace_event(course: Course, key: str, **changes: object) -> Course:
    events = tuple(dataclasses.replace(e, **changes) if e.key == key else e for e in course.events)
    return dataclasses.replace(course, events=events)


def _key_event(course: Course) -> tuple[str, str]:
    """Return (period id, event key) of the first key event in a period."""
    for period in course.periods:
        for event in course.events_in(period):
            if event.importance == 1:
                return period.id, event.key
    raise AssertionError("the course has no key event")


def assert_fits(plan: DeckPlan) -> None:
    """Every text box: its lines fit its width by the font metrics, and its height."""
    for slide in plan.slides:
        for box in slide.boxes():
            _assert_box_fits(box, plan.family, slide.title.paragraphs[0].text)


def _assert_box_fits(box: TextBox, family: str, where: str) -> None:
    inner_h = box.height - 2 * box.inset
    assert box.text_height <= inner_h + EPS, f"{where}: {box.name} text {box.text_height:.1f} > {inner_h:.1f} pt"
    for para in box.paragraphs:
        for line in para.lines:
            width = fonts.text_width(line, para.size, family, para.bold, para.italic)
            limit = box.width - 2 * box.inset - (box.indent if box.role == "body" or para.bullet else 0)
            assert width <= limit + EPS, f"{where}: {line!r} is {width:.1f} pt wide in {limit:.1f} pt"


def test_every_key_event_of_a_period_has_a_slide(rome: Course) -> None:
    for period in rome.periods:
        plan = plan_deck(rome, period, "deck-16x9")
        shown = {s.key for s in plan.slides if s.kind == "key_events"}
        keys = {e.key for e in rome.events_in(period) if e.importance == 1}
        assert keys <= shown
        assert plan.slides[0].kind == "title"


def test_importance_two_gets_slides_when_the_layout_asks(rome: Course, tmp_path: Path) -> None:
    (tmp_path / "more.yaml").write_text("kind: deck\nextends: deck-16x9\nlimits:\n  key_event_importance: 2\n")
    layout = load_layout(tmp_path / "more.yaml", kind="deck")
    period = rome.periods[0]
    plan = plan_deck(rome, period, layout)
    shown = {s.key for s in plan.slides if s.kind == "key_events"}
    assert {e.key for e in rome.events_in(period) if e.importance <= 2} <= shown


def test_all_text_fits_its_box_in_both_layouts(rome: Course) -> None:
    for name in ("deck-16x9", "deck-4x3"):
        for period in rome.periods:
            plan = plan_deck(rome, period, name)
            assert plan.width == (960 if name == "deck-16x9" else 720)
            assert_fits(plan)


def test_long_details_continue_on_cont_slides(rome: Course) -> None:
    plans = [plan_deck(rome, p, "deck-16x9") for p in rome.periods]
    continued = [s for plan in plans for s in plan.slides if s.continued and s.kind == "key_events"]
    assert continued, "the rome case's long details should need a (cont.) slide"
    assert all(s.title.paragraphs[0].text.endswith("(cont.)") for s in continued)


def test_a_3000_word_summary_is_continued_within_the_limit_and_kept_in_the_notes(rome: Course) -> None:
    period_id, key = _key_event(rome)
    words = " ".join(f"Sentence number {i} tells the students about the Senate and the legions." for i in range(300))
    course = _replace_event(rome, key, summary=parse_prose(words), details=None)
    plan = plan_deck(course, course.period(period_id), "deck-16x9")
    slides = [s for s in plan.slides if s.key == key]
    layout = load_layout("deck-16x9", kind="deck")
    assert 1 < len(slides) <= 1 + layout.integer("limits.continued_slides")
    last_body = [b for b in slides[-1].boxes() if b.role == "body"][0]
    assert "speaker notes" in last_body.paragraphs[-1].text
    notes = " ".join(span.text for para in slides[0].notes for span in para)
    assert "Sentence number 299" in notes
    for slide in slides:
        body = [b for b in slide.boxes() if b.role == "body"][0]
        assert sum(1 for p in body.paragraphs if p.bullet) <= layout.integer("limits.bullets")
        assert sum(len(p.lines) for p in body.paragraphs) <= layout.integer("limits.lines")
    assert_fits(plan)


def test_one_enormous_sentence_is_split_over_slides_and_fits(rome: Course) -> None:
    period_id, key = _key_event(rome)
    course = _replace_event(rome, key, summary=parse_prose("word " * 600), details=None)
    plan = plan_deck(course, course.period(period_id), "deck-16x9")
    assert len([s for s in plan.slides if s.key == key]) > 1
    assert_fits(plan)


def test_control_characters_never_reach_the_plan(rome: Course) -> None:
    period_id, key = _key_event(rome)
    course = _replace_event(rome, key, title="Vertical\x0btab\x01 title", summary=parse_prose("Bad\x0bchar.\ufffe"))
    plan = plan_deck(course, course.period(period_id), "deck-16x9")
    slide = next(s for s in plan.slides if s.key == key)
    assert slide.title.paragraphs[0].text == "Vertical tab title"
    texts = [p.text for b in slide.boxes() for p in b.paragraphs] + [s.text for n in slide.notes for s in n]
    assert not any(ch in t for t in texts for ch in "\x0b\x01\ufffe")


def test_clean_text() -> None:
    assert clean_text("a\x0bb\x00c\r\nd\ud800e\uffff") == "a bc\nde"


def test_sentences_do_not_split_after_abbreviations_or_initials() -> None:
    assert sentences("Born c. 100 BCE in Rome. He died in 44 BCE. E. Ismayilov wrote p. 5 of it.") == [
        "Born c. 100 BCE in Rome.",
        "He died in 44 BCE.",
        "E. Ismayilov wrote p. 5 of it.",
    ]


def test_a_character_the_font_lacks_is_an_error_naming_the_field(rome: Course) -> None:
    period_id, key = _key_event(rome)
    course = _replace_event(rome, key, title="Caesar 漢")
    with pytest.raises(RenderError) as err:
        plan_deck(course, course.period(period_id), "deck-16x9")
    assert f"events[{key}].title" in str(err.value) or key in str(err.value)
    assert "U+6F22" in str(err.value)


def test_out_of_range_limits_are_input_errors(rome: Course, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("kind: deck\nextends: deck-16x9\nlimits:\n  key_event_importance: 3\n")
    with pytest.raises(InputError) as err:
        plan_deck(rome, rome.periods[0], load_layout(tmp_path / "bad.yaml", kind="deck"))
    assert "limits.key_event_importance" in str(err.value)


def test_timeline_slides_hold_the_shown_events_within_the_layout_limit(rome: Course) -> None:
    layout = load_layout("deck-16x9", kind="deck")
    for period in rome.periods:
        plan = plan_deck(rome, period, layout)
        timelines = [s for s in plan.slides if s.kind == "timeline"]
        assert timelines
        for slide in timelines:
            group = next(i for i in slide.items if isinstance(i, Group))
            labels = [i for i in group.items if isinstance(i, TextBox) and i.name.startswith("Label ")]
            assert 1 <= len(labels) <= layout.integer("limits.timeline_events")
            for label in labels:
                assert label.x >= plan.slides[0].title.x - EPS
                assert label.x + label.width <= plan.width - layout.length("slide.margin") + EPS
                assert label.y + label.height <= plan.height + EPS


def test_every_content_slide_has_notes(rome: Course) -> None:
    for period in rome.periods:
        for slide in plan_deck(rome, period, "deck-16x9").slides[1:]:
            assert any(span.text.strip() for para in slide.notes for span in para), slide.kind


def test_long_course_title_shrinks_instead_of_being_cut_at_4x3() -> None:
    """Regression: at 4:3 the bundled course's title slide read 'Bishkek C…'."""
    from histdocs.load import load_course
    from histdocs.resources import bundled_course

    course = load_course(bundled_course())
    title = plan_deck(course, course.periods[0], "deck-4x3").slides[0].title
    lines = title.paragraphs[0].lines
    assert " ".join(lines) == course.title
    assert not any(line.endswith("…") for line in lines)


def test_a_long_table_is_shared_out_evenly_over_its_slides(rome: Course) -> None:
    """Regression: eight fact rows with a limit of seven left one row alone on a '(cont.)' slide."""
    from histdocs.model import Fact

    period = rome.periods[1]
    key = rome.events_in(period)[0].key
    facts = tuple(Fact(f"Figure {i}", str(i), float(i)) for i in range(1, 9))
    others = [e for e in rome.events_in(period) if e.key != key and e.facts]
    course = _replace_event(rome, key, facts=facts)
    for event in others:
        course = _replace_event(course, event.key, facts=())
    slides = [s for s in plan_deck(course, period, "deck-16x9").slides if s.kind == "facts"]
    rows = [len(s.items[0].rows) - 1 for s in slides]
    assert rows == [4, 4]


def test_bullets_are_shared_out_over_continued_slides() -> None:
    """Regression: at 4:3 'Massacre of civilians at Khojaly' had 4 bullets, then 1 alone on '(cont.)'."""
    from histdocs.load import load_course
    from histdocs.resources import bundled_course

    course = load_course(bundled_course())
    period = course.period("war-and-fall-of-mutallibov")
    slides = [s for s in plan_deck(course, period, "deck-4x3").slides
              if s.kind == "key_events" and s.title.paragraphs[0].lines[0].startswith("Massacre of civilians")]
    counts = [sum(1 for box in s.items if hasattr(box, "paragraphs") for para in box.paragraphs if para.bullet)
              for s in slides]
    assert counts == [3, 2]
