"""`histdocs fonts` shows and copies the static font files a teacher installs to show the decks."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from histdocs.cli import main


def test_fonts_copies_four_faces_of_each_family(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "my-fonts"
    assert main(["fonts", "--copy-to", str(target)]) == 0
    files = sorted(p.name for p in target.iterdir())
    assert len(files) == 8
    styles = set()
    for path in target.iterdir():
        names = TTFont(path)["name"]
        styles.add((names.getDebugName(1), names.getDebugName(2)))
    assert styles == {(family, style) for family in ("Noto Sans", "Noto Serif")
                      for style in ("Regular", "Bold", "Italic", "Bold Italic")}
    assert len(capsys.readouterr().out.splitlines()) == 8


def test_fonts_lists_the_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fonts"]) == 0
    out = capsys.readouterr().out
    assert out.count("Noto Sans ") == 4 and out.count("Noto Serif ") == 4
    assert "Install these" in out
