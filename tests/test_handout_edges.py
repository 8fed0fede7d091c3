"""Handouts of small or sparse courses: nothing empty is printed, nothing is silently hidden."""

from __future__ import annotations

from pathlib import Path

from histdocs.load import load_course
from histdocs.plan.handout import handout_layout, plan_handout


def _course(tmp_path: Path, text: str):
    path = tmp_path / "course.yaml"
    path.write_text(text, encoding="utf-8")
    return load_course(path)


def test_whole_course_timeline_without_key_events_shows_the_events(tmp_path: Path) -> None:
    """Regression: the whole-course timeline showed 'Showing 0 of 1 events' and an empty axis."""
    course = _course(tmp_path, "course: {id: tiny, title: Tiny}\nevents:\n  - {date: '1066', title: Battle of Hastings}\n")
    plan = plan_handout(course, None, handout_layout())
    timeline = plan.section("timeline")
    assert timeline is not None
    labels = [label.key for figure in timeline.figures for label in figure.labels]
    assert labels == [course.events[0].key]


def test_a_period_without_events_has_no_timeline_section(tmp_path: Path) -> None:
    course = _course(
        tmp_path,
        "course: {id: sparse, title: Sparse}\n"
        "periods:\n  - {id: quiet, title: Nothing happens, start: '1900', end: '1910'}\n"
        "events:\n  - {date: '1915', title: Later}\n",
    )
    plan = plan_handout(course, course.period("quiet"), handout_layout())
    assert plan.section("timeline") is None
    assert plan.section("events") is None


def test_deck_timeline_of_a_period_with_only_minor_events_shows_them(tmp_path: Path) -> None:
    """Regression: the deck's timeline slide read 'Showing 0 of 1 events' over a bare axis."""
    from histdocs.plan.deck import plan_deck

    course = _course(
        tmp_path,
        "course: {id: minor, title: Minor}\n"
        "periods:\n  - {id: p1, title: Minor things, start: '1900', end: '1910'}\n"
        "events:\n  - {date: '1905', title: A minor event, importance: 3, summary: Small.}\n",
    )
    timeline = [s for s in plan_deck(course, course.period("p1")).slides if s.kind == "timeline"]
    assert len(timeline) == 1
    texts = [" ".join(para.text for para in box.paragraphs) for box in timeline[0].boxes()]
    assert any("A minor event" in t for t in texts)
    assert not any("Showing 0" in t for t in texts)
