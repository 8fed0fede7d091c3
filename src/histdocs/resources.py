"""Find the shipped layouts and courses, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

__all__ = ["layouts_dir", "data_dir", "bundled_course"]

_PACKAGE = Path(__file__).resolve().parent

BUNDLED_COURSE_ID = "azerbaijan-1988-1994"


def _find(name: str) -> Path:
    """Return the folder `name`: inside the installed package, else at the checkout's top."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / name  # src/histdocs -> repository root
    return checkout


def layouts_dir() -> Path:
    """Return the folder of shipped layout definitions."""
    return _find("layouts")


def data_dir() -> Path:
    """Return the folder of bundled courses."""
    return _find("data")


def bundled_course() -> Path:
    """Return the folder of the bundled course (Azerbaijan 1988–1994)."""
    return data_dir() / BUNDLED_COURSE_ID
