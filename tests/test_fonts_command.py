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


def test_first_build_on_a_new_machine_makes_no_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled faces ship with histdocs: an empty cache stays empty and nothing is instanced."""
    import histdocs.fonts as fonts

    cache = tmp_path / "empty-cache"
    monkeypatch.setenv("HISTDOCS_CACHE", str(cache))
    fonts._instance.cache_clear()
    made = fonts.INSTANCES_MADE
    course = Path(__file__).resolve().parent / "cases" / "rome"
    assert main(["build", str(course), "-o", str(tmp_path / "out"), "--period", "civil-war"]) == 0
    out, err = capsys.readouterr()
    assert "fonts" not in err
    assert len(out.splitlines()) == 2  # the period's handout and deck
    assert fonts.INSTANCES_MADE == made
    assert not cache.exists()


def test_bundled_faces_are_the_ones_recorded_with_their_licence() -> None:
    """The shipped faces are whole (each file's SHA-256 as tools/make_fonts.py recorded it) and licensed."""
    import hashlib
    import json

    import histdocs.fonts as fonts

    manifest = json.loads((fonts.FACES_DIR / "sources.json").read_text(encoding="utf-8"))
    assert len(manifest["faces"]) == 8
    for name, digest in manifest["faces"].items():
        assert hashlib.sha256((fonts.FACES_DIR / name).read_bytes()).hexdigest() == digest, name
    for family in fonts.BUNDLED_FAMILIES:
        assert {fonts.font_family(family).face(b, i).name for b in (False, True) for i in (False, True)} <= set(
            manifest["faces"])
    assert "SIL Open Font License, Version 1.1" in (fonts.FACES_DIR / "OFL.txt").read_text(encoding="utf-8")
