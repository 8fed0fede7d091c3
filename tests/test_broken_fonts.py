"""A layout's font folder with a broken file is a located layout error: FILE:LINE:COLUMN, exit 2, no traceback.

The broken files are made here with fontTools from a small, valid face cut from a bundled one.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Callable

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from histdocs import fonts
from histdocs.cli import main
from histdocs.layouts import load_layout

SUFFIXES = ("Regular", "Bold", "Italic", "BoldItalic")
COURSE = Path(__file__).resolve().parent / "cases" / "rome"


@pytest.fixture(scope="module")
def tiny_faces(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Return four small valid static faces (the bundled Noto Sans cut to the Latin alphabet)."""
    made = {}
    for suffix in SUFFIXES:
        font = TTFont(fonts.FACES_DIR / f"NotoSans-{suffix}.ttf")
        options = subset.Options()
        options.name_IDs = ["*"]
        sub = subset.Subsetter(options)
        sub.populate(text="".join(chr(c) for c in range(32, 127)))
        sub.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
        made[suffix] = buffer.getvalue()
    return made


def _without_table(data: bytes, tag: str) -> bytes:
    font = TTFont(io.BytesIO(data))
    del font[tag]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _units_per_em_zero(data: bytes) -> bytes:
    font = TTFont(io.BytesIO(data))
    font["head"].unitsPerEm = 0
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _restricted(data: bytes) -> bytes:
    font = TTFont(io.BytesIO(data))
    font["OS/2"].fsType = 0x0002
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _garbled_cmap(data: bytes) -> bytes:
    entry = TTFont(io.BytesIO(data)).reader.tables["cmap"]
    raw = bytearray(data)
    raw[entry.offset:entry.offset + entry.length] = b"\xff" * entry.length
    return bytes(raw)


BROKEN: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "empty": (lambda data: b"", "Tiny-Bold.ttf is empty"),
    "truncated": (lambda data: data[: len(data) // 2], "Tiny-Bold.ttf is truncated: table '"),
    "cut-in-the-directory": (lambda data: data[:20], "Tiny-Bold.ttf is truncated (20 bytes, too short for its table directory)"),
    "not-truetype": (lambda data: b"\x89PNG\r\n\x1a\n" + data[8:], "Tiny-Bold.ttf is not a TrueType font file"),
    "postscript-outlines": (lambda data: b"OTTO" + data[4:], "Tiny-Bold.ttf has PostScript (CFF) outlines"),
    "no-hmtx": (lambda data: _without_table(data, "hmtx"), "Tiny-Bold.ttf has no 'hmtx' table"),
    "units-per-em-0": (_units_per_em_zero, "Tiny-Bold.ttf has unitsPerEm 0 (a font has 16 to 16384)"),
    "restricted-licence": (_restricted, "Tiny-Bold.ttf may not be embedded in documents (its licence bits"),
    "garbled-cmap": (_garbled_cmap, "Tiny-Bold.ttf is damaged: its 'cmap' table cannot be read"),
}


def _theme(root: Path, faces: dict[str, bytes], broken: Callable[[bytes], bytes]) -> Path:
    """Write a layout whose body font is a folder with a broken bold face; return the layout."""
    folder = root / "fonts" / "tiny"
    folder.mkdir(parents=True)
    for suffix, data in faces.items():
        (folder / f"Tiny-{suffix}.ttf").write_bytes(broken(data) if suffix == "Bold" else data)
    layout = root / "school.yaml"
    layout.write_text("kind: handout\nextends: handout-a4\nfonts:\n  body: fonts/tiny\n", encoding="utf-8")
    return layout


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_face_in_a_font_folder_is_a_located_layout_error(
    case: str, tiny_faces: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    breaker, expected = BROKEN[case]
    layout = _theme(tmp_path / "theme", tiny_faces, breaker)
    out = tmp_path / "out"
    status = main(["build", str(COURSE), "-o", str(out), "-q", "--only", "handouts", "--layout", str(layout)])
    stdout, stderr = capsys.readouterr()
    assert status == 2
    assert stdout == ""
    assert "Traceback" not in stderr
    assert f"{layout}:4:9: font 'fonts/tiny': {expected}" in stderr
    assert "(at fonts.body)" in stderr
    assert "hint: replace it with a complete TrueType (.ttf) font" in stderr
    assert not out.exists()


def test_the_same_faces_unbroken_are_used(tiny_faces: dict[str, bytes], tmp_path: Path) -> None:
    """The folder the broken cases spoil is itself a working family (so each case fails for its own fault)."""
    layout = _theme(tmp_path / "theme", tiny_faces, lambda data: data)
    spec = load_layout(layout).font("fonts.body")
    assert fonts.font_family(spec).name == "Noto Sans"
    assert fonts.text_width("Hello", 10, spec, bold=True) > fonts.text_width("Hello", 10, spec)


def test_a_broken_single_font_file_is_located_too(tiny_faces: dict[str, bytes], tmp_path: Path) -> None:
    from histdocs.errors import InputError

    (tmp_path / "Broken.ttf").write_bytes(tiny_faces["Regular"][:1000])
    layout = tmp_path / "deck.yaml"
    layout.write_text("kind: deck\nextends: deck-16x9\nfonts:\n  family: Broken.ttf\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_layout(layout)
    text = str(info.value)
    assert f"{layout}:4:11: font 'Broken.ttf': Broken.ttf is truncated: table '" in text


def test_a_font_file_that_breaks_after_the_layout_was_read_is_still_an_input_error(
    tiny_faces: dict[str, bytes], tmp_path: Path
) -> None:
    """Render time reads the file again if it changed; a broken file is then an InputError, not a crash."""
    from histdocs.errors import InputError

    folder = tmp_path / "faces"
    folder.mkdir()
    for suffix, data in tiny_faces.items():
        (folder / f"Tiny-{suffix}.ttf").write_bytes(data)
    fonts._spec.cache_clear()
    assert fonts.check_font(str(folder)) is None
    shutil.copyfile(folder / "Tiny-Regular.ttf", folder / "Tiny-Italic.ttf")
    (folder / "Tiny-Bold.ttf").write_bytes(b"")
    fonts._metrics.cache_clear()
    with pytest.raises(InputError, match="Tiny-Bold.ttf is empty"):
        fonts.text_width("x", 10, str(folder), bold=True)
    fonts._metrics.cache_clear()
    fonts._spec.cache_clear()
