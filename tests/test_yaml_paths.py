"""libyaml and the pure-Python parser give the same trees, positions and problems (issue 9).

histdocs reads through libyaml's C parser when PyYAML has it and falls back to the pure-Python
parser whenever anything is wrong, so problems are always reported by one parser. These tests
hold the two paths to the same answers on every YAML file in the repository, on the bad-input
corpus, and on damaged copies of the bundled course.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from histdocs import yamlsource
from histdocs.load import load_course
from histdocs.yamlsource import MAX_VALUES, parse_yaml

from conftest import BAD, BUNDLED, CASES, REPO

pytestmark = pytest.mark.skipif(not yamlsource.HAS_LIBYAML, reason="PyYAML was built without libyaml")

GOOD_FILES = sorted(
    p
    for folder in (REPO / "data", REPO / "layouts", REPO / "examples", CASES)
    for p in folder.rglob("*.yaml")
)
BAD_FILES = sorted(BAD.glob("*.yaml"))


def both(text: str, name: str = "f.yaml") -> tuple[object, object]:
    """Return (what parse_yaml answers with libyaml first, what the pure-Python parser alone answers)."""
    fast = yamlsource._parse(text, name, MAX_VALUES)
    pure = yamlsource._parse_pure(text, name, MAX_VALUES)
    return fast, pure


def test_the_repository_has_yaml_to_compare() -> None:
    assert len(GOOD_FILES) >= 20 and len(BAD_FILES) >= 50


@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_good_files_read_the_same_through_libyaml(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = yamlsource._parse_fast(text, str(path), MAX_VALUES)
    assert fast is not None, "libyaml should read a good file without falling back"
    assert fast == yamlsource._parse_pure(text, str(path), MAX_VALUES)


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_files_give_the_same_trees_and_problems(path: Path) -> None:
    raw = path.read_bytes().decode("utf-8", "surrogateescape")
    text = raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    fast, pure = both(text, str(path))
    assert fast == pure
    if pure[1]:  # a YAML-level problem: libyaml alone must not have accepted the file
        assert yamlsource._parse_fast(text, str(path), MAX_VALUES) is None


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key, both lines named
        "a: !!python/object/apply:os.system [true]\n",  # tag
        "a: !custom x\nb: !!str y\n",
        "<<: {a: 1}\nb: 2\n",  # merge key
        "a: &a [*a]\n",  # recursive alias
        "a: &a [x, x]\nb: [*a, *a, *a]\n",
        "[" * 101 + "]" * 101,
        "a:\n" + "".join("  " * i + "- \n" for i in range(1, 150)),
        "a: [1, 2\n",
        "a: 'unclosed\n",
        "a:\tb\n",  # PyYAML refuses this tab, libyaml reads it as a space
        "a: [pop?ular]\n",  # PyYAML refuses '?' in a plain text inside [...]
        "a: {b: c?d}\n",
        "a: >#\n  x\n",  # libyaml takes a comment right after '>'
        "a: {b: }\n",  # the parsers put this empty value at different columns
        "[a: , b]",
        "{a: 1, ? }",
        "a: b: c\n",
        "- a\nb: c\n",
        "a: \x01\n",
        "a: \ufeffb\n",
        "key: value\r  other: x\r",
        "a: |\n  one\n two\n",
        "? [a, b]\n: c\n",
        "{a: 1, a: 2}",
        "---\na: 1\n---\nb: 2\n",
        "",
        "# only a comment\n",
        "x" * 1025 + ": long key\n",
        "a: *missing\n",
        "&a a: *a\n",
    ],
)
def test_awkward_yaml_gives_the_same_answer(text: str) -> None:
    fast, pure = both(text)
    assert fast == pure


def test_damaged_copies_of_the_bundled_course_give_the_same_answers() -> None:
    """Delete, duplicate or insert one character at random places: libyaml never disagrees."""
    rng = random.Random(1988)
    texts = [p.read_text(encoding="utf-8") for p in sorted(BUNDLED.glob("*.yaml"))]
    for trial in range(300):
        text = rng.choice(texts)
        at = rng.randrange(len(text))
        how = trial % 3
        inserted = rng.choice(":-[]{},#&*!|>'\"?\t \n%@`\\") * rng.choice([1, 1, 2, 3])
        damaged = (
            text[:at] + text[at + 1 :] if how == 0
            else text[:at] + text[at] + text[at:] if how == 1
            else text[:at] + inserted + text[at:]
        )
        fast, pure = both(damaged)
        assert fast == pure, (trial, at, how, damaged[max(0, at - 40) : at + 40])


def test_the_bundled_course_loads_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = load_course(BUNDLED)
    monkeypatch.setattr(yamlsource, "USE_LIBYAML", False)
    assert load_course(BUNDLED) == fast


def test_parse_yaml_uses_libyaml_and_stays_quiet_on_good_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path is really taken: with the pure parser broken, a good document still reads."""

    def broken(*args: object) -> object:
        raise AssertionError("the pure parser should not run for a good document")

    monkeypatch.setattr(yamlsource, "_parse_pure", broken)
    tree, problems = parse_yaml("course: {id: x, title: X}\nevents: [{date: '1990', title: A}]\n")
    assert problems == [] and tree is not None
