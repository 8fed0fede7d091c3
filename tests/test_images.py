"""Pictures are decoded completely when a course is checked: damaged files and bombs are located errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from histdocs.cli import main
from histdocs.images import MAX_PIXELS

from conftest import MINIMAL

HINT_DAMAGED = "    hint: open it in an image editor and save it again as .png or .jpg\n"
HINT_BIG = (f"    hint: scale it down to at most {MAX_PIXELS:,} pixels (e.g. 3000 × 2000 is plenty for print)"
            " and save it again\n")


def picture(kind: str, size: tuple[int, int] = (64, 48), mode: str = "RGB") -> bytes:
    """Return a picture with noisy pixels (so the compressed data is long enough to cut)."""
    image = Image.effect_noise(size, 60).convert(mode) if mode != "1" else Image.new("1", size)
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


def validate(tmp_path: Path, data: bytes, name: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    (tmp_path / name).write_bytes(data)
    course = tmp_path / "course.yaml"
    course.write_text(MINIMAL + f"    image: {{path: {name}, alt: A picture}}\n", encoding="utf-8")
    status = main(["validate", str(course)])
    out, err = capsys.readouterr()
    return status, out, err.replace(str(course), "course.yaml")


def test_a_whole_picture_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(tmp_path, picture("PNG"), "map.png", capsys)[0] == 0
    assert validate(tmp_path, picture("JPEG"), "photo.jpg", capsys)[0] == 0


@pytest.mark.parametrize("kind,name", [("PNG", "map.png"), ("JPEG", "photo.jpg")])
@pytest.mark.parametrize("cut", ["half", "last 12 bytes"])
def test_a_truncated_picture_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, name: str, cut: str
) -> None:
    data = picture(kind)
    data = data[: len(data) // 2] if cut == "half" else data[:-12]
    status, out, err = validate(tmp_path, data, name, capsys)
    assert (status, out) == (2, "")
    assert err == (
        "histdocs validate: 1 problem found:\n"
        f"course.yaml:7:19: image file '{name}' is damaged or cut short: it cannot be decoded (at events[0].image.path)\n"
        + HINT_DAMAGED
    )


def test_a_picture_over_the_pixel_limit_is_refused_before_decoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = picture("PNG", (6000, 6000), "1")  # 36 megapixels in a few kilobytes
    assert len(data) < 100_000
    status, out, err = validate(tmp_path, data, "big.png", capsys)
    assert (status, out) == (2, "")
    assert err == (
        "histdocs validate: 1 problem found:\n"
        "course.yaml:7:19: image file 'big.png' is 6,000 × 6,000 pixels; the most histdocs reads is 30,000,000 pixels"
        " (at events[0].image.path)\n" + HINT_BIG
    )


@pytest.mark.parametrize("side", [10_000, 20_000])  # Pillow's warning range, and its own error range
def test_a_decompression_bomb_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], side: int
) -> None:
    data = picture("PNG", (side, side), "1")
    status, out, err = validate(tmp_path, data, "bomb.png", capsys)
    assert (status, out) == (2, "")
    assert err == (
        "histdocs validate: 1 problem found:\n"
        "course.yaml:7:19: image file 'bomb.png' is too large to decode (a decompression bomb?)"
        " (at events[0].image.path)\n" + HINT_BIG
    )


def test_build_with_a_damaged_picture_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = picture("PNG")
    (tmp_path / "map.png").write_bytes(data[:-20])
    course = tmp_path / "course.yaml"
    course.write_text(MINIMAL + "    image: {path: map.png, alt: A map}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(course), "-q", "-o", str(out)]) == 2
    _, err = capsys.readouterr()
    assert "image file 'map.png' is damaged or cut short" in err and "Traceback" not in err
    assert not out.exists()
