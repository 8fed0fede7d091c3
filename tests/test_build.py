"""Build: safe output names (threat 10) and atomic writes that never lose a file (threat 15)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import importlib

import pytest

from histdocs.build import plan_outputs, safe_name, write_atomic
from histdocs.errors import InputError
from histdocs.model import Course, Period

# `histdocs.build` the attribute is the public build() function; the module is reached this way.
build_module = importlib.import_module("histdocs.build")


class _Day:
    """A stand-in date with only the bounds the build plan reads."""

    def __init__(self, first: int, last: int) -> None:
        self.earliest_day, self.latest_day = first, last

    def __str__(self) -> str:
        return "1990"


def _course(period_ids: list[str], course_id: str = "test-course") -> Course:
    periods = tuple(
        Period(id=pid, title=f"Period {i}", start=_Day(0, 1), end=_Day(0, 1), number=i + 1)  # type: ignore[arg-type]
        for i, pid in enumerate(period_ids)
    )
    return Course(id=course_id, title="Test", periods=periods)


@pytest.mark.parametrize(
    "hostile, expected",
    [
        ("../../CON:?", "con"),
        ("..", "untitled"),
        ("/etc/passwd", "etc-passwd"),
        ("a\\b\x00c", "a-b-c"),
        ("Black January (Qara Yanvar)", "black-january-qara-yanvar"),
        ("x" * 300, "x" * 60),
    ],
)
def test_safe_name_allows_only_plain_slugs(hostile: str, expected: str) -> None:
    assert safe_name(hostile) == expected


def test_hostile_ids_give_paths_inside_the_output_folder(tmp_path: Path) -> None:
    course = _course(["../../../../tmp/evil", "CON:?", "..\\..\\x"], course_id="../../escape")
    out = tmp_path / "out"
    outputs = plan_outputs(course, out)
    assert outputs, "a build with periods must plan outputs"
    root = out.resolve()
    for output in outputs:
        assert root in output.path.resolve().parents, output.path
        assert output.path.parent.name in ("handouts", "decks")
    names = sorted(o.path.name for o in outputs)
    assert "01-tmp-evil.pdf" in names and "02-con.pdf" in names and "escape.pdf" in names


def test_unknown_period_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no period with id 'nope'.*periods: a, b"):
        plan_outputs(_course(["a", "b"]), tmp_path, periods=["nope"])


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_failure_mid_save_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "handouts" / "01-x.pdf"
    write_atomic(target, b"old complete file")
    before = _sha(target)

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full (injected)")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="injected"):
        write_atomic(target, b"new half-written file")
    assert _sha(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["01-x.pdf"]


def test_failed_build_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course = _course(["first", "second"])
    out = tmp_path / "out"
    earlier = out / "handouts" / "01-first.pdf"
    write_atomic(earlier, b"from an earlier build")
    before = _sha(earlier)
    calls: list[str] = []

    def drawer(course: Course, period: Period | None, layout: object):
        def draw() -> bytes:
            calls.append(period.id if period else "course")
            if period is not None and period.id == "second":
                raise InputError([])
            return b"new bytes"

        return draw

    monkeypatch.setattr(build_module, "_handout_drawer", drawer)
    with pytest.raises(InputError):
        build_module.build(course, out, only="handouts")
    assert calls == ["first", "second"]
    assert _sha(earlier) == before
    assert sorted(p.name for p in (out / "handouts").iterdir()) == ["01-first.pdf"]


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "decks" / "01-x.pptx"
        write_atomic(target, b"deck")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


def test_progress_bar_counts_every_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    def drawer(course: Course, period: Period | None, layout: object):
        return lambda: b"%PDF"

    monkeypatch.setattr(build_module, "_handout_drawer", drawer)
    stream = io.StringIO()
    written = build_module.build(_course(["a", "b"]), tmp_path / "out", only="handouts",
                                 progress=build_module.ProgressBar(stream))
    assert len(written) == 3
    frames = stream.getvalue().split("\r")
    assert frames[-1].startswith("[" + "#" * 24 + "] 3/3 handouts/test-course.pdf")
    assert "] 1/3 handouts/01-a.pdf" in stream.getvalue()
    assert stream.getvalue().endswith("\n")
