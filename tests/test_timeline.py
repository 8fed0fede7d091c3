"""Timeline geometry: ticks, fuzzy markers, labels in lanes without overlap, splitting, filtering."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from histdocs.dates import day_number, parse_date
from histdocs.timeline import (
    Label,
    TimelineBand,
    TimelineEvent,
    TimelineFigure,
    TimelineStyle,
    boxes,
    overlaps,
    plan_timeline,
    year_text,
)

EPS = 1e-6


def measure(text: str, size: float) -> float:
    """A fake font: every character is half the font size wide."""
    return 0.5 * size * len(text)


STYLE = TimelineStyle(width=500, label_size=9, tick_size=7, line_height=11, max_label_width=110)


def ev(key: str, date: str, label: str = "An event", importance: int = 2) -> TimelineEvent:
    return TimelineEvent(key, label, parse_date(date), importance)


def majors(fig: TimelineFigure) -> list[str]:
    return [t.label for t in fig.ticks if t.major and t.label]


def one(events, style=STYLE, **kw) -> TimelineFigure:
    figs = plan_timeline(events, style, measure, **kw)
    assert len(figs) == 1
    return figs[0]


def check_figure(fig: TimelineFigure, style: TimelineStyle) -> None:
    """Every invariant a renderer relies on."""
    assert fig.width == style.width
    by_key = {mk.key: mk for mk in fig.markers}
    assert len(by_key) == len(fig.markers) == len(fig.labels)
    for lb in fig.labels:
        # inside the figure
        assert -EPS <= lb.x and lb.x + lb.width <= fig.width + EPS
        assert -EPS <= lb.y and lb.y + lb.height <= fig.height + EPS
        assert 1 <= lb.lane <= style.max_lanes
        assert len(lb.lines) <= style.max_label_lines
        for line in lb.lines:
            assert measure(line, style.label_size) <= style.max_label_width + EPS
        # the leader starts under its own label and ends on its marker
        assert lb.x - EPS <= lb.anchor_x <= lb.x + lb.width + EPS
        mk = by_key[lb.key]
        slack = mk.height / 2 if mk.kind == "point" else 0.0  # a leader may meet a dot off-centre
        assert mk.x0 - slack - EPS <= lb.anchor_x <= mk.x1 + slack + EPS
        if lb.above:
            assert lb.y + lb.height <= lb.anchor_y + EPS and lb.anchor_y < fig.axis_y
        else:
            assert lb.y >= lb.anchor_y - EPS and lb.anchor_y > fig.axis_y
    labels = sorted(fig.labels, key=lambda lb: lb.x)
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if b.x >= a.x + a.width:
                break
            assert not overlaps(a, b), (a, b)
    # no leader crosses another label's box
    for a in fig.labels:
        y_lo, y_hi = sorted((a.anchor_y, a.y + a.height if a.above else a.y))
        for b in fig.labels:
            if b is a:
                continue
            crosses_x = b.x < a.anchor_x < b.x + b.width
            crosses_y = b.y < y_hi and y_lo < b.y + b.height
            assert not (crosses_x and crosses_y), (a, b)
    # tick labels do not collide and stay inside
    labelled = sorted((t for t in fig.ticks if t.label), key=lambda t: t.x)
    for t in labelled:
        w = measure(t.label, style.tick_size)
        assert t.x - w / 2 >= -EPS and t.x + w / 2 <= fig.width + EPS
    for a, b in zip(labelled, labelled[1:]):
        wa, wb = measure(a.label, style.tick_size), measure(b.label, style.tick_size)
        assert a.x + wa / 2 < b.x - wb / 2
    # leaders to labels below the axis pass between tick labels, never through one
    for lb in fig.labels:
        if not lb.above:
            for t in labelled:
                w = measure(t.label, style.tick_size)
                assert not (t.x - w / 2 <= lb.anchor_x <= t.x + w / 2), (t, lb)
    # the tick label row lies between the axis and the labels below, inside the figure
    assert fig.axis_y + fig.tick_length <= fig.tick_label_y
    row_end = fig.tick_label_y + fig.tick_label_height
    assert row_end <= fig.height
    assert all(lb.y >= row_end for lb in fig.labels if not lb.above)
    assert all(b.y0 >= row_end for b in fig.bands)
    for mk in fig.markers:
        assert mk.x0 <= mk.x1
        assert -EPS <= mk.x0 and mk.x1 <= fig.width + EPS


# ----------------------------------------------------------------------------- ticks


def test_ticks_for_ten_days_are_days():
    fig = one([ev("a", "1990-01-03"), ev("b", "1990-01-12")])
    labels = majors(fig)
    assert labels[0] == "3 Jan 1990"  # the first carries the year
    assert "5 Jan" in labels and "11 Jan" in labels
    check_figure(fig, STYLE)


def test_ticks_for_eight_months_are_months():
    fig = one([ev("a", "1990-03"), ev("b", "1990-10-12")])
    assert majors(fig) == ["Mar 1990", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct"]
    assert any(not t.major for t in fig.ticks)


def test_year_moves_to_the_next_tick_when_a_leader_blanks_january():
    # the label of 1 Jan 1988 hangs below the axis; its leader blanks the "Jan 1988" tick
    fig = one([ev("a", "1988-01-01"), ev("b", "1988-09-22")], replace(STYLE, max_lanes=1))
    check_figure(fig, STYLE)
    assert not next(lb for lb in fig.labels if lb.key == "a").above
    assert [t.label for t in fig.ticks if t.major] == ["", "Apr 1988", "Jul", "Oct"]


def test_ticks_for_six_years_are_years_with_minor_months():
    fig = one([ev("a", "1990"), ev("b", "1995-10-12")])
    assert majors(fig) == ["1990", "1991", "1992", "1993", "1994", "1995"]
    minors = [t for t in fig.ticks if not t.major]
    assert len(minors) >= 6 * 11
    assert all(t.label == "" for t in minors)


def test_ticks_for_150_years_step_by_decades():
    fig = one([ev("a", "1850"), ev("b", "1999")])
    labels = majors(fig)
    years = [int(s) for s in labels]
    steps = {b - a for a, b in zip(years, years[1:])}
    assert len(steps) == 1 and steps.pop() in (10, 20, 25, 50)
    assert 4 <= len(labels) <= 12


def test_ticks_across_bce_and_ce():
    fig = one([ev("a", "1200 BCE"), ev("b", "1990"), ev("c", "44 BCE")])
    labels = [t.label for t in fig.ticks if t.major]
    assert "1000 BCE" in labels and "500 BCE" in labels
    assert "1000 CE" in labels
    assert not any(s.startswith("0 ") or s.startswith("-") for s in labels)
    check_figure(fig, STYLE)


def test_year_text_uses_astronomical_numbering():
    assert year_text(-43) == "44 BCE"
    assert year_text(0) == "1 BCE"
    assert year_text(1990) == "1990"
    assert year_text(1990, era=True) == "1990 CE"


def test_bce_and_1990_on_one_axis_in_order():
    fig = one([ev("caesar", "-0043-03-15", "Caesar killed"), ev("baku", "1990-01-19/1990-01-20", "Black January")])
    m = {mk.key: mk for mk in fig.markers}
    assert m["caesar"].x1 < m["baku"].x0
    assert fig.window[0] < day_number((-43, 3, 15)) and day_number((1990, 1, 20)) < fig.window[1]
    assert "1 CE" in majors(fig)  # the era boundary is marked; CE years say so on a BCE axis
    assert all(s.endswith(" CE") for s in majors(fig))
    assert "BCE" in next(lb for lb in fig.labels if lb.key == "caesar").date_text
    check_figure(fig, STYLE)


def test_tick_labels_never_collide_on_a_narrow_figure():
    narrow = replace(STYLE, width=120, max_label_width=50)
    for span in (["1990-01-01", "1990-01-10"], ["1200 BCE", "1990"], ["1990", "1996"]):
        fig = one([ev("a", span[0]), ev("b", span[1])], narrow)
        check_figure(fig, narrow)
        assert majors(fig)


# ----------------------------------------------------------------------------- markers


def test_fuzzy_dates_are_ranges_and_days_are_points():
    fig = one([ev("day", "1990-01-19"), ev("month", "1990-03"), ev("year", "1991~"), ev("span", "1990-01-19/1990-01-20")])
    m = {mk.key: mk for mk in fig.markers}
    assert m["day"].kind == "point" and m["day"].x0 == m["day"].x1
    for key in ("month", "year", "span"):
        assert m[key].kind == "range" and m[key].x0 < m[key].x1
    assert m["year"].approximate and not m["month"].approximate
    # a year is wider than a month on the same scale
    assert m["year"].x1 - m["year"].x0 > 5 * (m["month"].x1 - m["month"].x0)


def test_short_range_gets_a_minimum_visible_width():
    fig = one([ev("a", "1200 BCE"), ev("b", "1990"), ev("c", "1990-01-19/1990-01-20")])
    m = {mk.key: mk for mk in fig.markers}
    assert m["c"].kind == "range" and m["c"].x1 - m["c"].x0 >= 2.0


def test_uncertain_flag_is_carried():
    fig = one([ev("a", "1993?"), ev("b", "1995")])
    m = {mk.key: mk for mk in fig.markers}
    assert m["a"].uncertain and not m["b"].uncertain


def test_open_end_reaches_the_plot_edge_without_stretching_the_window():
    fig = one([ev("a", "1993-06/.."), ev("b", "1990")])
    m = {mk.key: mk for mk in fig.markers}
    assert m["a"].open_end and m["a"].x1 > max(mk.x1 for k, mk in m.items() if k != "a") - EPS
    assert fig.window[1] < day_number((1995, 1, 1))


# ----------------------------------------------------------------------------- labels


def test_long_label_is_wrapped_and_ellipsised():
    text = "word " * 60
    fig = one([ev("a", "1990", text), ev("b", "1991")])
    lb = next(lb for lb in fig.labels if lb.key == "a")
    assert len(lb.lines) == STYLE.max_label_lines
    assert lb.lines[-1].endswith("…")
    assert all(measure(s, STYLE.label_size) <= STYLE.max_label_width for s in lb.lines)
    assert lb.height == pytest.approx(lb.date_height + 3 * STYLE.line_height + 2 * lb.padding)


def test_unbreakable_word_is_cut_to_fit():
    fig = one([ev("a", "1990", "x" * 100), ev("b", "1991")])
    lb = next(lb for lb in fig.labels if lb.key == "a")
    assert all(measure(s, STYLE.label_size) <= STYLE.max_label_width for s in lb.lines)
    assert lb.lines[-1].endswith("…")


def test_label_carries_the_short_date():
    fig = one([ev("a", "1990-01-19"), ev("b", "1991")])
    lb = next(lb for lb in fig.labels if lb.key == "a")
    assert lb.date_text == parse_date("1990-01-19").display("short")


def test_crowded_week_climbs_lanes_on_both_sides():
    events = [ev(f"e{i}", f"1990-01-{10 + i:02d}", f"Event {i}") for i in range(8)] + [ev("z", "1990-12-01")]
    fig = one(events)
    sides = [lb.above for lb in fig.labels]
    assert sides.count(True) >= 3 and sides.count(False) >= 3  # balanced
    assert max(lb.lane for lb in fig.labels) >= 3
    check_figure(fig, STYLE)


def test_same_day_events_share_a_dot_with_separate_leaders():
    events = [ev(f"e{i}", "1990-01-19", f"Event {i}") for i in range(4)] + [ev("z", "1991-01-01")]
    fig = one(events)
    check_figure(fig, STYLE)
    for side in (True, False):
        leaders = [lb.anchor_x for lb in fig.labels if lb.key != "z" and lb.above == side]
        assert len(leaders) == 2 and len(set(leaders)) == 2


def _events(draw_items):
    return [
        TimelineEvent(f"k{i}", label, parse_date(date), imp)
        for i, (date, label, imp) in enumerate(draw_items)
    ]


_date = st.one_of(
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(1900, 1910), st.integers(1, 12), st.integers(1, 28)),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1900, 1910), st.integers(1, 12)),
    st.builds(lambda y: f"{y:04d}", st.integers(1900, 1910)),
    st.builds(lambda y: f"{y} BCE", st.integers(1, 50)),
)
_label = st.text(alphabet="abcdefghij klmnop", min_size=0, max_size=80)
_items = st.lists(st.tuples(_date, _label, st.integers(1, 3)), min_size=1, max_size=40)


@settings(max_examples=100, deadline=None)
@given(_items, st.integers(1, 4), st.sampled_from(["rows", "filter"]), st.sampled_from([None, 260.0]))
def test_random_labels_never_overlap_nor_leave_the_figure(items, lanes, split, max_height):
    style = replace(STYLE, max_lanes=lanes, split=split, max_height=max_height)
    events = _events(items)
    figs = plan_timeline(events, style, measure)
    assert figs
    shown = [lb.key for f in figs for lb in f.labels]
    hidden = [k for f in figs for k in f.hidden]
    assert len(shown) == len(set(shown))
    assert sorted(shown + hidden) == sorted(e.key for e in events)
    for fig in figs:
        check_figure(fig, style)
        if max_height is not None and len(fig.labels) > 1:
            assert fig.height <= max_height + EPS


# ----------------------------------------------------------------------------- too many events


def _crowd(n: int) -> list[TimelineEvent]:
    return [
        ev(f"e{i:03d}", f"1990-{1 + i % 12:02d}-{1 + i % 28:02d}", f"Event number {i}", 1 + i % 3) for i in range(n)
    ]


def test_rows_split_into_consecutive_windows_with_notes():
    style = replace(STYLE, max_lanes=2)
    events = _crowd(60)
    figs = plan_timeline(events, style, measure)
    assert len(figs) > 1
    for k, fig in enumerate(figs, 1):
        assert fig.note.startswith(f"Part {k} of {len(figs)}: ")
        assert max(lb.lane for lb in fig.labels) <= 2
        check_figure(fig, style)
    assert sum(len(f.labels) for f in figs) == 60
    for a, b in zip(figs, figs[1:]):
        last = max(day_number(next(e for e in events if e.key == lb.key).date.earliest) for lb in a.labels)
        first = min(day_number(next(e for e in events if e.key == lb.key).date.earliest) for lb in b.labels)
        assert last <= first


def test_max_events_splits_rows():
    figs = plan_timeline(_crowd(25), replace(STYLE, max_events=10), measure)
    assert [len(f.labels) for f in figs] == [9, 8, 8] or all(len(f.labels) <= 10 for f in figs)
    assert len(figs) == 3


def test_max_height_forces_a_split():
    style = replace(STYLE, max_height=150.0)
    figs = plan_timeline(_crowd(40), style, measure)
    assert len(figs) > 1 and all(f.height <= 150.0 for f in figs)


def test_filter_drops_least_important_and_keeps_importance_1():
    style = replace(STYLE, max_lanes=1, split="filter")
    events = _crowd(60)
    (fig,) = plan_timeline(events, style, measure)
    check_figure(fig, style)
    keys = {lb.key for lb in fig.labels}
    ones = {e.key for e in events if e.importance == 1}
    assert fig.hidden and set(fig.hidden) == {e.key for e in events} - keys
    shown_3 = [e for e in events if e.key in keys and e.importance == 3]
    hidden_2 = [e for e in events if e.key in fig.hidden and e.importance == 2]
    assert not (shown_3 and hidden_2)  # minor events go first
    if ones <= keys:
        assert fig.note == f"Showing {len(keys)} of 60 events; {60 - len(keys)} hidden for space"
    assert ones <= keys or keys <= ones


def test_filter_keeps_all_key_events_when_they_fit():
    style = replace(STYLE, split="filter", max_events=5)
    events = [ev(f"m{i}", f"19{50 + i}", importance=3) for i in range(10)] + [
        ev("k1", "1955", importance=1),
        ev("k2", "1962", importance=1),
    ]
    (fig,) = plan_timeline(events, style, measure)
    keys = {lb.key for lb in fig.labels}
    assert {"k1", "k2"} <= keys and len(keys) == 5
    assert fig.note == "Showing 5 of 12 events; 7 hidden for space"


def test_filter_drops_key_events_only_when_unavoidable():
    style = replace(STYLE, split="filter", max_events=2)
    events = [ev(f"k{i}", f"19{50 + i}", importance=1) for i in range(4)]
    (fig,) = plan_timeline(events, style, measure)
    assert len(fig.labels) == 2 and len(fig.hidden) == 2


def test_min_importance_applies_first_and_is_reported():
    events = [ev("a", "1990", importance=1), ev("b", "1991", importance=2), ev("c", "1992", importance=3)]
    fig = one(events, replace(STYLE, min_importance=2))
    assert {lb.key for lb in fig.labels} == {"a", "b"}
    assert fig.hidden == ("c",)
    assert fig.note == "Showing 2 of 3 events (importance 1–2)"
    fig = one(events, replace(STYLE, min_importance=1, split="filter"))
    assert fig.note == "Showing 1 of 3 events (importance 1)"
    assert fig.hidden == ("b", "c")


def test_nothing_to_say_gives_an_empty_note():
    fig = one([ev("a", "1990"), ev("b", "1991")])
    assert fig.note == "" and fig.hidden == ()


# ----------------------------------------------------------------------------- bands and window


def test_bands_are_clipped_and_below_everything():
    band = TimelineBand("perestroika", "Perestroika", parse_date("1985"), parse_date("1991"))
    fig = one([ev("a", "1988"), ev("b", "1989")], bands=[band], start=parse_date("1987"))
    (box,) = fig.bands
    assert box.key == "perestroika" and box.label == "Perestroika"
    assert 0 <= box.x0 < box.x1 <= fig.width
    assert box.y1 <= fig.height and all(box.y0 >= lb.y + lb.height for lb in fig.labels)
    assert fig.window[0] < day_number((1985, 1, 1))  # bands extend a single figure's window


def test_explicit_start_and_end_widen_the_window():
    fig = one([ev("a", "1990")], start=parse_date("1980"), end=parse_date("2000"))
    assert fig.window[0] <= day_number((1980, 1, 1)) and fig.window[1] > day_number((2000, 12, 31))


def test_no_events_no_bands_gives_no_figure():
    assert plan_timeline([], STYLE, measure) == ()


def test_bands_only_gives_one_figure():
    band = TimelineBand("p", "P", parse_date("1985"), parse_date("1991"))
    fig = one([], bands=[band])
    assert len(fig.bands) == 1 and not fig.labels


def test_boxes_helper_matches_labels():
    fig = one([ev("a", "1990"), ev("b", "1991")])
    assert boxes(fig) == [(lb.x, lb.y, lb.x + lb.width, lb.y + lb.height) for lb in fig.labels]


def test_overlaps_detects_intersection_but_not_touching():
    a = Label("a", ("x",), 0, 0, 10, 10, 1, True, 5, 20, "", 2, 2.0, 5.0)
    assert overlaps(a, replace(a, key="b", x=5, y=5))
    assert not overlaps(a, replace(a, key="b", x=10))


# ----------------------------------------------------------------------------- determinism and scale


def test_output_is_deterministic_and_order_independent():
    events = _crowd(50)
    style = replace(STYLE, max_lanes=2)
    first = plan_timeline(events, style, measure)
    assert plan_timeline(events, style, measure) == first
    assert plan_timeline(list(reversed(events)), style, measure) == first


def test_ten_thousand_events_plan_and_keep_invariants():
    events = [
        ev(f"e{i:05d}", f"{1000 + i // 12:04d}-{1 + i % 12:02d}", f"Event number {i} of many", 1 + i % 3)
        for i in range(10_000)
    ]
    figs = plan_timeline(events, STYLE, measure)
    assert sum(len(f.labels) for f in figs) == 10_000
    for fig in figs:
        check_figure(fig, STYLE)
    (fig,) = plan_timeline(events, replace(STYLE, split="filter"), measure)
    assert 0 < len(fig.labels) < 10_000 and len(fig.hidden) == 10_000 - len(fig.labels)
    check_figure(fig, STYLE)


# ----------------------------------------------------------------------------- left-reading labels


def reads_left(lb: Label) -> bool:
    return lb.anchor_x == pytest.approx(lb.x + lb.width) and lb.anchor_x > lb.x


def test_dense_run_forms_a_tent_of_flags_and_left_reading_labels():
    # eight events four days apart, far narrower than a label: flags alone climb two lanes a
    # side and split the run; labels reading left step back down and it fits one figure
    style = replace(STYLE, max_lanes=2)
    events = [ev(f"e{i}", f"1990-06-{1 + 4 * i:02d}", f"Event {i}") for i in range(8)]
    events += [ev("a", "1990-01-05"), ev("z", "1990-12-20")]
    fig = one(events, style)
    check_figure(fig, style)
    left = [lb for lb in fig.labels if reads_left(lb)]
    assert left and any(lb.lane == 2 for lb in left)
    for lb in fig.labels:  # in the run, each leader meets its box at an edge: a flag or a left-reading label
        if lb.key.startswith("e"):
            assert lb.anchor_x == pytest.approx(lb.x) or reads_left(lb)


def test_reading_left_keeps_a_figure_low_enough():
    # three events close together: a third flag would climb to a second lane, too tall for
    # max_height; reading left it stays in the lane nearest the axis
    events = [ev("a", "1990-06-10"), ev("b", "1990-06-12"), ev("c", "1990-06-14")]
    kw = dict(start=parse_date("1990-01-01"), end=parse_date("1990-12-31"))
    low = one(events, replace(STYLE, max_lanes=1), **kw)
    style = replace(STYLE, max_lanes=3, max_height=low.height)
    fig = one(events, style, **kw)
    check_figure(fig, style)
    assert {lb.lane for lb in fig.labels} == {1}
    assert any(reads_left(lb) for lb in fig.labels)


def test_event_at_the_right_edge_reads_left_from_its_marker():
    fig = one([ev("a", "1990-01-01"), ev("b", "1990-12-31", "A long label at the end")])
    check_figure(fig, STYLE)
    lb = next(lb for lb in fig.labels if lb.key == "b")
    mk = next(mk for mk in fig.markers if mk.key == "b")
    assert lb.x + lb.width <= fig.width + EPS and lb.x <= mk.x0 <= lb.x + lb.width
