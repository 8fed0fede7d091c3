"""Shared test helpers: where the test inputs live, and writing small courses to tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import pytest

TESTS = Path(__file__).resolve().parent
CASES = TESTS / "cases"
BAD = TESTS / "bad"
REPO = TESTS.parent
BUNDLED = REPO / "data" / "azerbaijan-1988-1994"

MINIMAL = """\
course:
  id: test
  title: Test course
events:
  - date: 1990
    title: Something happened
"""


@pytest.fixture
def write_course(tmp_path: Path) -> Callable[..., Path]:
    """Return a function writing YAML text (dedented) to a file in tmp_path and returning its path."""

    def write(text: str, name: str = "course.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write
