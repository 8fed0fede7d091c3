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
