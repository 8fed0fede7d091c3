"""The handout plan: sections in the layout's order, notes numbered in reading order."""

from __future__ import annotations

from pathlib import Path

import pytest

from histdocs.layouts import load_layout
from histdocs.load import load_course
from histdocs.plan.handout import (
    EventsSection,
    Mark,
    QuestionsSection,
    SuccessionSection,
    TimelineSection,
    TitleBlock,
    plan_handout,
)

ROME = Path(__file__).parent / "cases" / "rome"


@pytest.fixture(scope="module")
def rome():
    return load_course(ROME)


def marks_in_order(plan) -> list[int]:
    """Return note numbers as a reader meets them, section by section."""
    found: list[int] = []

    def walk(value: object) -> None:
        if isinstance(value, Mark):
            found.append(value.number)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    for section in plan.sections:
        walk(section)
    return found


def test_sections_follow_the_layout_and_empty_ones_are_left_out(rome) -> None:
    layout = load_layout("handout-a4", kind="handout")
    plan = plan_handout(rome, rome.periods[1], layout)
    kinds = [s.kind for s in plan.sections]
    order = list(layout.names("sections"))
    assert kinds == sorted(kinds, key=order.index)
    assert kinds[0] == "title" and kinds[-1] == "sources"
    assert "objectives" in kinds and "questions" in kinds


def test_brief_layout_has_only_its_sections_and_key_events(rome) -> None:
    plan = plan_handout(rome, rome.periods[1], load_layout("handout-brief", kind="handout"))
    assert {s.kind for s in plan.sections} <= {"title", "summary", "timeline", "events", "questions"}
    events = plan.section("events")
    assert isinstance(events, EventsSection)
    assert events.items and all(item.importance == 1 for item in events.items)


def test_notes_are_numbered_in_reading_order(rome) -> None:
    plan = plan_handout(rome, None, load_layout("handout-a4", kind="handout"))
    numbers = marks_in_order(plan)
    assert numbers == list(range(1, len(plan.notes) + 1))
    assert [n.number for n in plan.notes] == numbers


def test_events_are_in_date_order_with_bce_dates(rome) -> None:
    plan = plan_handout(rome, rome.periods[1], load_layout("handout-a4", kind="handout"))
    events = plan.section("events")
    assert isinstance(events, EventsSection)
    keys = [item.key for item in events.items]
    assert keys == [e.key for e in rome.events_in(rome.periods[1])]
    assert events.items[-1].date_text == "15 March 44 BCE"


def test_title_block_of_a_period_and_of_the_whole_course(rome) -> None:
    layout = load_layout("handout-a4", kind="handout")
    period = plan_handout(rome, rome.periods[1], layout).sections[0]
    whole = plan_handout(rome, None, layout).sections[0]
    assert isinstance(period, TitleBlock) and isinstance(whole, TitleBlock)
    assert period.title == rome.periods[1].title and period.subtitle == rome.title
    assert period.span == rome.periods[1].span_text()
    assert whole.title == rome.title and "BCE" in whole.span


def test_whole_course_timeline_has_period_bands_and_fits_the_text_width(rome) -> None:
    layout = load_layout("handout-a4", kind="handout")
    plan = plan_handout(rome, None, layout)
    timeline = plan.section("timeline")
    assert isinstance(timeline, TimelineSection)
    width = plan.page_width - layout.length("page.margins.left") - layout.length("page.margins.right")
    assert all(abs(f.width - width) < 0.01 for f in timeline.figures)
    assert {b.key for f in timeline.figures for b in f.bands} == {p.id for p in rome.periods}


def test_succession_bars_stay_inside_the_chart(rome) -> None:
    plan = plan_handout(rome, rome.periods[1], load_layout("handout-a4", kind="handout"))
    chart = plan.section("succession")
    assert isinstance(chart, SuccessionSection)
    for office in chart.charts:
        for bar in office.bars:
            assert 0.0 <= bar.start <= bar.end <= 1.0


def test_questions_carry_the_layout_line_count(rome) -> None:
    plan = plan_handout(rome, rome.periods[1], load_layout("handout-a4", kind="handout"))
    questions = plan.section("questions")
    assert isinstance(questions, QuestionsSection)
    assert questions.lines == 4 and len(questions.items) == 2
