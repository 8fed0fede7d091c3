"""End to end through the real client: `histdocs build` makes every file, the same bytes twice."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from histdocs.cli import main

REPO = Path(__file__).resolve().parents[1]
ROME = REPO / "tests" / "cases" / "rome"


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_makes_every_handout_and_deck_with_stable_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from histdocs.load import load_course

    course = load_course(ROME)
    out = tmp_path / "out"
    assert main(["build", str(ROME), "-o", str(out), "--quiet"]) == 0
    expected = {f"handouts/{p.number:02d}-{p.id}.pdf" for p in course.periods}
    expected |= {f"decks/{p.number:02d}-{p.id}.pptx" for p in course.periods}
    expected.add(f"handouts/{course.id}.pdf")
    assert set(_digests(out)) == expected
    printed = capsys.readouterr().out.split()
    assert len(printed) == len(expected)


def test_same_input_gives_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["build", str(ROME), "-o", str(first), "--quiet"]) == 0
    assert main(["build", str(ROME), "-o", str(second), "--quiet"]) == 0
    one, two = _digests(first), _digests(second)
    assert one and one == two


def test_only_and_period_choose_what_is_made(tmp_path: Path) -> None:
    from histdocs.load import load_course

    period = load_course(ROME).periods[1]
    out = tmp_path / "out"
    assert main(["build", str(ROME), "-o", str(out), "--only", "decks", "--period", period.id, "--quiet"]) == 0
    assert set(_digests(out)) == {f"decks/{period.number:02d}-{period.id}.pptx"}


def test_bad_course_exits_2_without_traceback_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("course:\n  id: bad\n  title: Bad\nevents:\n  - date: 31 February 1990\n    title: Nope\n", encoding="utf-8")
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    run = subprocess.run(
        [sys.executable, "-m", "histdocs", "build", str(bad), "-o", str(out)],
        capture_output=True, text=True, env=env, check=False,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert f"{bad}:5:" in run.stderr and "February" in run.stderr
    assert not out.exists()
