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


def test_first_build_says_it_is_preparing_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import histdocs.fonts as fonts

    calls: list[str] = []
    monkeypatch.setattr(fonts, "is_prepared", lambda name: name != "Noto Serif")
    real = fonts.font_family
    monkeypatch.setattr(fonts, "font_family", lambda name: calls.append(name) or real(name))
    course = Path(__file__).resolve().parent / "cases" / "rome"
    assert main(["build", str(course), "-o", str(tmp_path / "out"), "--only", "decks", "--period", "civil-war"]) == 0
    assert "preparing the fonts (first run" in capsys.readouterr().err
    assert calls[0] == "Noto Serif"


def test_is_prepared_is_true_once_the_faces_exist() -> None:
    import histdocs.fonts as fonts

    fonts.font_family("Noto Sans")
    assert fonts.is_prepared("Noto Sans")


def test_is_prepared_is_false_with_an_empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import histdocs.fonts as fonts

    monkeypatch.setenv("HISTDOCS_CACHE", str(tmp_path / "empty-cache"))
    assert not fonts.is_prepared("Noto Sans")
    assert not (tmp_path / "empty-cache").exists() or not any((tmp_path / "empty-cache").rglob("*.ttf"))
