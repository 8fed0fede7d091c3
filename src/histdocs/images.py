"""Check a course picture by decoding it completely, under a pixel limit.

Reading only a picture's header lets a truncated PNG or a decompression bomb (a few kilobytes
that inflate to gigapixels) pass validation and fail, or eat memory, while a document is drawn.
Decoding every pixel once when the course is loaded makes both located errors of the course.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MAX_PIXELS", "ImageProblem", "check_image"]

MAX_PIXELS = 30_000_000
"""Most pixels a picture may have (30 megapixels, e.g. 6000 × 5000): far more than print needs."""


@dataclass(frozen=True)
class ImageProblem:
    """Why a picture cannot be used, and what to do about it."""

    message: str
    hint: str


def check_image(path: Path, shown: str) -> ImageProblem | None:
    """Return why the PNG or JPEG at `path` (named `shown` in messages) cannot be used, or None.

    The header's size is checked against MAX_PIXELS before any pixel is decoded; then every
    pixel is decoded, with Pillow's decompression-bomb warning raised as an error.
    """
    from PIL import Image

    too_big = ImageProblem(
        "", f"scale it down to at most {MAX_PIXELS:,} pixels (e.g. 3000 × 2000 is plenty for print) and save it again"
    )
    damaged = ImageProblem(
        f"image file '{shown}' is damaged or cut short: it cannot be decoded",
        "open it in an image editor and save it again as .png or .jpg",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in ("PNG", "JPEG"):
                    return ImageProblem(f"image file '{shown}' is not a PNG or JPEG file",
                                        "save the picture as .png or .jpg")
                width, height = image.size
                if width < 1 or height < 1:
                    return damaged
                if width * height > MAX_PIXELS:
                    return ImageProblem(
                        f"image file '{shown}' is {width:,} × {height:,} pixels; the most histdocs reads is "
                        f"{MAX_PIXELS:,} pixels", too_big.hint)
                image.load()
            if width * height and path.read_bytes()[:4] == b"\x89PNG":
                with Image.open(path) as again:
                    again.verify()  # every chunk's checksum, up to the closing IEND chunk
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return ImageProblem(f"image file '{shown}' is too large to decode (a decompression bomb?)", too_big.hint)
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError, IndexError, TypeError, KeyError):
        return damaged
    return None
