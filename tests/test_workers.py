"""Parallel builds (--jobs): the same bytes as one process, the same errors, nothing left running."""

from __future__ import annotations

import hashlib
import importlib
import io
import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Pt

from histdocs.cli import main
from histdocs.errors import InputError, Location, Problem, RenderError
from histdocs.model import Course, Period

from conftest import REPO

build_module = importlib.import_module("histdocs.build")
# Run outside a course folder with no course named, `build` says it uses the bundled course (issue 8.9).
BUNDLED_NOTE = ("histdocs: no course named and no course.yaml in this folder; "
                "using the bundled course azerbaijan-1988-1994\n")


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_workers_write_the_same_bytes_as_one_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "-q", "--jobs", "1", "-o", str(tmp_path / "serial")]) == 0
    assert main(["build", "-q", "--jobs", "2", "-o", str(tmp_path / "parallel")]) == 0
    serial, parallel = _hashes(tmp_path / "serial"), _hashes(tmp_path / "parallel")
    assert len(serial) == 13  # 6 period handouts, the whole-course handout, 6 decks
    assert parallel == serial
    printed = [Path(line).relative_to(tmp_path).parts[1:] for line in capsys.readouterr().out.split()]
    assert printed[:13] == printed[13:]  # the same files listed in the same order
    assert multiprocessing.active_children() == []


def _template_with_a_slide(folder: Path) -> Path:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    prs.slides.add_slide(prs.slide_layouts[0])
    prs.save(str(folder / "withslide.pptx"))
    layout = folder / "school.yaml"
    layout.write_text("kind: deck\nextends: deck-16x9\ntemplate: withslide.pptx\n", encoding="utf-8")
    return layout


def _run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)


def test_an_error_in_a_worker_process_is_the_located_error_exit_2_without_traceback(tmp_path: Path) -> None:
    # The third deck fails while being drawn; with --jobs 2 it is drawn by a worker process.
    result = _run("""
        import importlib, sys
        from histdocs.errors import InputError, Location, Problem
        build = importlib.import_module("histdocs.build")
        plain = build._deck_drawer
        def drawer(course, period, layout):
            draw = plain(course, period, layout)
            def failing():
                if period.number == 3:
                    raise InputError([Problem("no room for the timeline", Location("course.yaml", 7, 3),
                                              "periods[2]", "shorten the labels")])
                return draw()
            return failing
        build._deck_drawer = drawer
        from histdocs.cli import main
        sys.exit(main(["build", "-q", "--jobs", "2", "-o", "out"]))
        """, tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (BUNDLED_NOTE + "histdocs build: 1 problem found:\n"
                             "course.yaml:7:3: no room for the timeline (at periods[2])\n"
                             "    hint: shorten the labels\n")
    assert not (tmp_path / "out").exists()


def test_a_bad_template_in_a_parallel_build_is_the_located_error_exit_2(tmp_path: Path) -> None:
    layout = _template_with_a_slide(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    result = subprocess.run(
        [sys.executable, "-m", "histdocs", "build", "-q", "--jobs", "2", "--deck-layout", str(layout), "-o", "out"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        BUNDLED_NOTE + "histdocs build: 1 problem found:\n"
        f"{layout}:3:11: the template withslide.pptx holds 1 slide(s); a template must hold none (at template)\n"
        "    hint: delete its slides and save it again (as .potx or .pptx)\n"
    )
    assert not (tmp_path / "out").exists()


def _course(period_ids: list[str]) -> Course:
    class Day:
        earliest_day, latest_day = 0, 1

        def __str__(self) -> str:
            return "1990"

    periods = tuple(Period(id=pid, title=pid, start=Day(), end=Day(), number=i + 1)  # type: ignore[arg-type]
                    for i, pid in enumerate(period_ids))
    return Course(id="test-course", title="Test", periods=periods)


def test_workers_raise_the_error_a_serial_build_meets_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problem = Problem("no date", Location("course.yaml", 3, 5), path="events[2].date", hint="add one")

    def drawer(course: Course, period: Period | None, layout: object):
        def draw() -> bytes:
            if period is not None and period.id == "second":
                raise InputError([problem])
            if period is not None and period.id == "third":
                raise RenderError("a later failure")
            return b"%PDF"

        return draw

    monkeypatch.setattr(build_module, "_handout_drawer", drawer)
    for jobs in (1, 2, 3):
        with pytest.raises(InputError) as caught:
            build_module.build(_course(["first", "second", "third"]), tmp_path / "out", only="handouts", jobs=jobs)
        assert caught.value.problems == (problem,)
        assert str(caught.value) == "1 problem found:\ncourse.yaml:3:5: no date (at events[2].date)\n    hint: add one"
        assert multiprocessing.active_children() == []
    assert not (tmp_path / "out").exists()


def test_the_progress_bar_counts_every_file_drawn_by_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_module, "_handout_drawer", lambda course, period, layout: lambda: b"%PDF")
    stream = io.StringIO()
    written = build_module.build(_course(["a", "b", "c"]), tmp_path / "out", only="handouts",
                                 progress=build_module.ProgressBar(stream), jobs=2)
    assert [p.name for p in written] == ["01-a.pdf", "02-b.pdf", "03-c.pdf", "test-course.pdf"]
    frames = stream.getvalue().split("\r")
    assert [f.split("] ")[1].split()[0] for f in frames[1:]] == ["0/4", "1/4", "2/4", "3/4", "4/4"]


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_whole_number_of_processes(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["build", "--jobs", value])
    assert stop.value.code == 2
    assert f"argument -j/--jobs: give a whole number of processes, 1 or more (not '{value}')" in capsys.readouterr().err


class _Stubborn(Exception):
    """An error that pickles but cannot be rebuilt from its pickle (it needs two arguments)."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} and {second}")


def test_an_error_that_cannot_cross_back_is_described_not_a_hang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def drawer(course: Course, period: Period | None, layout: object):
        def draw() -> bytes:
            if period is not None and period.id == "b":
                raise _Stubborn("this", "that")
            return b"%PDF"

        return draw

    monkeypatch.setattr(build_module, "_handout_drawer", drawer)
    with pytest.raises(RuntimeError, match="^_Stubborn: this and that$"):
        build_module.build(_course(["a", "b", "c"]), tmp_path / "out", only="handouts", jobs=2)
    assert multiprocessing.active_children() == []
