"""`histdocs new` writes a starter course that validates and builds as it stands."""

from __future__ import annotations

from pathlib import Path

import pytest

from histdocs.cli import main
from histdocs.load import load_course


def test_new_course_validates_and_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "my-course"
    assert main(["new", str(folder), "--title", 'Baku "oil" & <b>boom</b>']) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "course.yaml", "events.yaml", "people.yaml", "periods.yaml", "sources.yaml"
    ]
    course = load_course(folder)
    assert course.id == "my-course"
    assert course.title == 'Baku "oil" & <b>boom</b>'
    assert len(course.periods) == 2 and len(course.events) == 3
    capsys.readouterr()
    assert main(["validate", str(folder)]) == 0
    assert "2 periods, 3 events" in capsys.readouterr().out
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "--quiet"]) == 0
    made = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert made == [
        "decks/01-first-unit.pptx", "decks/02-second-unit.pptx",
        "handouts/01-first-unit.pdf", "handouts/02-second-unit.pdf", "handouts/my-course.pdf",
    ]


def test_new_refuses_a_folder_with_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["new", str(folder)]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
