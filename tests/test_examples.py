"""The scripts in examples/ run as a teacher would run them, and make what they promise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pptx import Presentation
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_handout_example_with_the_custom_layout(tmp_path: Path) -> None:
    run = _run([str(EXAMPLES / "handout.py"), str(REPO / "tests" / "cases" / "rome"), "civil-war",
                str(EXAMPLES / "my-handout.yaml"), "unit.pdf"], tmp_path)
    assert run.returncode == 0, run.stderr
    pdf = PdfReader(tmp_path / "unit.pdf")
    assert len(pdf.pages) >= 2
    assert "Caesar" in "".join(page.extract_text() for page in pdf.pages)


def test_handout_example_reports_a_bad_period_without_traceback(tmp_path: Path) -> None:
    run = _run([str(EXAMPLES / "handout.py"), str(REPO / "tests" / "cases" / "rome"), "no-such-period"], tmp_path)
    assert run.returncode == 2
    assert "no period with id 'no-such-period'" in run.stderr
    assert "Traceback" not in run.stderr


def test_deck_with_template_example(tmp_path: Path) -> None:
    run = _run([str(EXAMPLES / "deck_with_template.py"), "black-january", "decks"], tmp_path)
    assert run.returncode == 0, run.stderr
    decks = list((tmp_path / "decks").glob("*.pptx"))
    assert len(decks) == 1
    prs = Presentation(str(decks[0]))
    assert len(prs.slides) > 5
    master_shapes = [shape.name for shape in prs.slide_master.shapes]
    assert "School badge" in master_shapes  # the school template's master is the deck's master
    assert prs.slide_master.background.fill.fore_color.rgb == (0xFB, 0xF6, 0xEC)
