"""Layouts: typed values, `extends:` inheritance, and located errors for broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from histdocs.errors import InputError
from histdocs.layouts import (
    KINDS,
    Layout,
    list_layouts,
    load_layout,
    parse_bool,
    parse_color,
    parse_length,
)

HERE = Path(__file__).parent / "layouts"


def problems_of(name: str) -> list[str]:
    """Return the problems of a broken test layout as printed (file name, line, column, text)."""
    with pytest.raises(InputError) as info:
        load_layout(HERE / name)
    return [str(p) for p in info.value.problems]


# --- parsers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,points",
    [("12pt", 12.0), ("2.54cm", 72.0), ("25.4mm", 72.0), ("0.75in", 54.0), (" 1.5 pt ", 1.5), ("0", 0.0),
     ("-3pt", -3.0), (".5in", 36.0), ("10PT", 10.0)],
)
def test_parse_length(text: str, points: float) -> None:
    assert parse_length(text) == pytest.approx(points)


@pytest.mark.parametrize("text", ["12", "12 px", "pt", "1,5cm", "12pt;", "", "1e3pt", "12em"])
def test_parse_length_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="expected a length like 12pt or 2cm"):
        parse_length(text)


@pytest.mark.parametrize(
    "text,value",
    [("#1D3A5C", "#1d3a5c"), ("#abc", "#aabbcc"), ("navy", "#000080"), ("Grey", "#808080"), (" white ", "#ffffff")],
)
def test_parse_color(text: str, value: str) -> None:
    assert parse_color(text) == value


@pytest.mark.parametrize(
    "text",
    ["red; <script>", "[[x for x in [1]]] and 'red'", "#12345", "#gggggg", "rgb(1,2,3)", "", "navy blue", "0x112233"],
)
def test_parse_color_rejects_anything_but_hex_and_names(text: str) -> None:
    with pytest.raises(ValueError, match="expected a colour"):
        parse_color(text)


def test_parse_bool() -> None:
    assert parse_bool("Yes") is True and parse_bool("false") is False
    with pytest.raises(ValueError):
        parse_bool("maybe")


# --- resolving -----------------------------------------------------------------------------------


def test_root_values_are_typed() -> None:
    root = load_layout(HERE / "tiny-handout.yaml")
    assert (root.name, root.kind, root.description) == ("tiny-handout", "handout", "Tiny test handout")
    assert root.length("sizes.body") == 10.0
    assert root.length("sizes.title") == pytest.approx(18.0)
    assert root.length("page.margins.left") == pytest.approx(56.6929, abs=1e-3)
    assert root.number("sizes.line_spacing") == 1.2
    assert root.color("colors.accent_color") == "#000080"
    assert root.font("fonts.body") == "Noto Serif"
    assert root.text("fonts.heading") == "Noto Sans"
    assert root.text("footnotes.placement") == "page"
    assert root.flag("footnotes.numbered") is True
    assert root.integer("footnotes.max_lines") == 4
    assert root.items("palette") == ("#112233", "#445566")
    assert root.names("sections") == ("title", "summary", "timeline", "events")
    assert root.text("template") == "" and root.path("template") is None
    assert root.text("page.size") == "A4"
    assert "choices" not in root.values and "kind" not in root.values


def test_derived_layout_deep_merges_mappings_and_replaces_lists() -> None:
    derived = load_layout(HERE / "derived.yaml")
    assert derived.kind == "handout"  # inherited
    assert derived.description == "Derived test handout"
    assert derived.length("page.margins.top") == 72.0  # overridden
    assert derived.length("page.margins.left") == pytest.approx(56.6929, abs=1e-3)  # kept from the parent
    assert derived.color("colors.accent_color") == "#aa6633"
    assert derived.color("colors.text_color") == "#1f1f1f"
    assert derived.names("sections") == ("events", "title")  # replaced, not merged
    assert derived.items("palette") == ("#000000",)
    assert derived.text("footnotes.placement") == "end"
    assert derived.flag("footnotes.numbered") is True


def test_teacher_layout_changes_one_font_size_and_keeps_everything_else() -> None:
    parent = load_layout(HERE / "derived.yaml")
    teacher = load_layout(HERE / "teacher.yaml")
    assert teacher.length("sizes.body") == 12.0
    assert parent.length("sizes.body") == 10.0

    def flat(layout: Layout) -> dict[str, object]:
        return {k: layout.get(k) for k, t in layout.types.items() if t != "mapping"}

    changed = {k for k in flat(parent) if flat(parent)[k] != flat(teacher)[k]}
    assert changed == {"sizes.body"}


def test_values_are_read_only() -> None:
    layout = load_layout(HERE / "derived.yaml")
    with pytest.raises(TypeError):
        layout.values["sizes"] = {}  # type: ignore[index]
    with pytest.raises(TypeError):
        layout.section("page.margins")["top"] = 1.0  # type: ignore[index]


def test_accessors_name_the_missing_or_mistyped_key() -> None:
    layout = load_layout(HERE / "tiny-handout.yaml")
    with pytest.raises(KeyError, match="has no key 'sizes.nope'"):
        layout.get("sizes.nope")
    with pytest.raises(KeyError, match="has no key 'sizes.body.x'"):
        layout.get("sizes.body.x")
    with pytest.raises(TypeError, match="'sizes.body' is a length, not a color"):
        layout.color("sizes.body")


def test_paths_are_relative_to_the_layout_that_set_them(tmp_path: Path) -> None:
    (tmp_path / "theme").mkdir()
    mine = tmp_path / "theme" / "mine.yaml"
    mine.write_text(f"extends: {(HERE / 'tiny-handout.yaml').as_posix()}\ntemplate: school.potx\n", encoding="utf-8")
    assert load_layout(mine).path("template") == (tmp_path / "theme" / "school.potx").resolve()


def test_deck_root_and_kind_check() -> None:
    deck = load_layout(HERE / "tiny-deck.yaml")
    assert deck.length("slide.width") == 960.0
    assert deck.names("slides") == ("title", "timeline", "key_events")
    with pytest.raises(InputError) as info:
        load_layout(HERE / "tiny-deck.yaml", kind="handout")
    assert "handout layout expected, but 'tiny-deck' is a deck layout" in str(info.value)


# --- broken layouts: file:line:column and the words ---------------------------------------------


def test_unknown_key_with_hint() -> None:
    (problem,) = problems_of("bad-unknown-key.yaml")
    assert problem.endswith(
        "bad-unknown-key.yaml:5:3: unknown key 'hedaing' (at fonts.hedaing)\n    hint: did you mean 'heading'?"
    )


def test_bad_lengths() -> None:
    first, second = problems_of("bad-length.yaml")
    assert first.endswith("bad-length.yaml:3:9: expected a length like 12pt or 2cm, not '12' (at sizes.body)\n"
                          "    hint: add a unit: 12pt")
    assert second.endswith("bad-length.yaml:4:10: expected a length like 12pt or 2cm, not 'twelve points' "
                           "(at sizes.title)")


def test_colour_with_markup_is_refused() -> None:
    (problem,) = problems_of("bad-color-script.yaml")
    assert "bad-color-script.yaml:3:15: expected a colour like #1d3a5c or a name like navy" in problem
    assert "(at colors.text_color)" in problem


def test_colour_with_code_attack_text_is_refused() -> None:
    (problem,) = problems_of("bad-color-attack.yaml")
    assert "bad-color-attack.yaml:3:17: expected a colour" in problem
    assert "(at colors.accent_color)" in problem


def test_bad_choice() -> None:
    (problem,) = problems_of("bad-choice.yaml")
    assert problem.endswith(
        "bad-choice.yaml:3:14: 'bottom' is not a choice here; choose one of: page, end (at footnotes.placement)"
    )


def test_wrong_list_item() -> None:
    (problem,) = problems_of("bad-list-item.yaml")
    assert "bad-list-item.yaml:4:5: 'sumary' is not allowed here; allowed: title, summary, timeline, events" in problem
    assert "(at sections[1])" in problem and "did you mean 'summary'?" in problem


def test_extends_cycle() -> None:
    (problem,) = problems_of("bad-cycle-a.yaml")
    assert "bad-cycle-b.yaml:1:10: extends cycle: bad-cycle-a.yaml → bad-cycle-b.yaml → bad-cycle-a.yaml" in problem


def test_missing_parent() -> None:
    (problem,) = problems_of("bad-missing-parent.yaml")
    assert "bad-missing-parent.yaml:2:10: unknown layout 'handout-a5' in extends (at extends)" in problem


def test_kind_mismatch() -> None:
    (problem,) = problems_of("bad-kind.yaml")
    assert problem.endswith(
        "bad-kind.yaml:1:7: kind mismatch: this layout says 'deck' but its root 'tiny-handout' is a handout layout"
        " (at kind)"
    )


def test_wrong_types_are_all_reported_at_once() -> None:
    problems = problems_of("bad-types.yaml")
    assert [p.split(": ", 1)[0].rsplit("/", 1)[-1] for p in problems] == [
        "bad-types.yaml:3:13",
        "bad-types.yaml:4:14",
        "bad-types.yaml:6:17",
        "bad-types.yaml:7:7",
    ]
    assert "expected true or false, not 'maybe' (at footnotes.numbered)" in problems[0]
    assert "expected a whole number like 3, not '2.5' (at footnotes.max_lines)" in problems[1]
    assert "expected a number like 1.2, not 'loose' (at sizes.line_spacing)" in problems[2]
    assert "expected a group of keys, not 'A4' (at page)" in problems[3]


def test_unknown_font() -> None:
    (problem,) = problems_of("bad-font.yaml")
    assert "bad-font.yaml:3:9: unknown font 'Arial' (at fonts.body)" in problem
    assert "Noto Sans or Noto Serif" in problem


def test_root_without_kind() -> None:
    (problem,) = problems_of("bad-root-kind.yaml")
    assert "bad-root-kind.yaml:1:1: a root layout needs 'kind: handout' or 'kind: deck'" in problem


def test_choices_only_in_a_root(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        f"extends: {(HERE / 'tiny-handout.yaml').as_posix()}\nchoices:\n  footnotes.placement: [page]\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"bad.yaml:3:3: 'choices' can only be set in a root layout"):
        load_layout(bad)


def test_yaml_problems_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "dup.yaml"
    bad.write_text("extends: handout-a4\nsizes:\n  body: 9pt\n  body: 10pt\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"dup.yaml:4:3: duplicate key 'body'"):
        load_layout(bad)
# --- the shipped layouts --------------------------------------------------------------------------


def test_every_shipped_layout_loads() -> None:
    infos = list_layouts()
    assert [i.kind for i in infos] == sorted((i.kind for i in infos), key=KINDS.index)
    for info in infos:
        layout = load_layout(info.name, kind=info.kind)
        assert layout.kind == info.kind
        assert info.description
        assert layout.source == info.path
    names = {i.name for i in infos}
    assert {"handout-a4", "deck-16x9"} <= names


def test_shipped_roots_have_the_basic_keys() -> None:
    handout = load_layout("handout-a4", kind="handout")
    assert handout.font("fonts.body") in ("Noto Sans", "Noto Serif")
    assert "title" in handout.names("sections")
    deck = load_layout("deck-16x9", kind="deck")
    assert deck.length("slide.width") == 960.0
    assert deck.length("slide.height") == 540.0


def test_a_teacher_layout_extends_a_shipped_one_in_two_lines(tmp_path: Path) -> None:
    mine = tmp_path / "my-handout.yaml"
    mine.write_text("extends: handout-a4\nsizes:\n  body: 11pt\n", encoding="utf-8")
    layout = load_layout(mine, kind="handout")
    shipped = load_layout("handout-a4")
    assert layout.length("sizes.body") == 11.0
    assert layout.names("sections") == shipped.names("sections")
    assert layout.kind == "handout"


def test_unknown_shipped_name_lists_the_shipped_ones() -> None:
    with pytest.raises(InputError) as info:
        load_layout("handout-a5")
    text = str(info.value)
    assert "unknown layout 'handout-a5'; the shipped layouts are:" in text
    assert "handout-a4" in text
