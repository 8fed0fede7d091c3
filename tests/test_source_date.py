"""SOURCE_DATE_EPOCH: a bad value is a clear message (exit 2, nothing written) for PDF and PPTX alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from histdocs.cli import main

from conftest import CASES

ROME = CASES / "rome"
MESSAGE = (
    "histdocs build: 1 problem found:\n"
    "the environment variable SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 from 0 to"
    " 4102444799 (the end of 2099), not {shown}\n"
    "    hint: unset it, or set it to a time like $(git log -1 --format=%ct)\n"
)


def build(tmp_path: Path, only: str) -> tuple[int, Path]:
    out = tmp_path / "out"
    return main(["build", str(ROME), "-q", "-o", str(out), "--period", "civil-war", "--only", only]), out


@pytest.mark.parametrize("only", ["handouts", "decks"])
@pytest.mark.parametrize(
    "value,shown",
    [("yesterday", "'yesterday'"), ("-1", "'-1'"), ("1.5e9", "'1.5e9'"), ("4102444800", "'4102444800'"),
     ("9" * 5000, "'" + "9" * 27 + "...'"), ("１７００", "'１７００'")],
)
def test_bad_source_date_epoch_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, only: str, value: str,
    shown: str,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    status, out = build(tmp_path, only)
    stdout, stderr = capsys.readouterr()
    assert (status, stdout, stderr) == (2, "", MESSAGE.format(shown=shown))
    assert not out.exists()


@pytest.mark.parametrize("value", ["0", " 1700000000 ", ""])
def test_good_or_empty_values_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    status, out = build(tmp_path, "decks")
    assert status == 0, capsys.readouterr().err
    assert (out / "decks" / "02-civil-war.pptx").is_file()
