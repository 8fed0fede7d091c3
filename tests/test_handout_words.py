"""A teacher can translate every word a handout prints, through a layout that extends a shipped one."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from histdocs.build import render_handout
from histdocs.errors import InputError

ROME = Path(__file__).resolve().parent / "cases" / "rome"


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_translated_words_are_printed(tmp_path: Path) -> None:
    layout = tmp_path / "az.yaml"
    layout.write_text(
        "extends: handout-a4\n"
        "titles: {people: Kim kimdir, events: Hadisələr}\n"
        "words: {name: Ad, native: Yerli ad, office: Vəzifə, in_office: Vəzifədə, note: Qeyd.}\n",
        encoding="utf-8",
    )
    out = render_handout(ROME, tmp_path / "h.pdf", period="civil-war", layout=layout)
    text = _text(out)
    for word in ("Kim kimdir", "Hadisələr", "Yerli ad", "Vəzifədə"):
        assert word in text
    assert "Native name" not in text and "In office" not in text


def test_a_layout_word_the_font_cannot_print_is_a_clear_error(tmp_path: Path) -> None:
    layout = tmp_path / "bad.yaml"
    layout.write_text("extends: handout-a4\nwords: {name: 名前}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"layout words\.name"):
        render_handout(ROME, tmp_path / "h.pdf", period="civil-war", layout=layout)
    assert not (tmp_path / "h.pdf").exists()
