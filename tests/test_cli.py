"""The command line's loader half: validate and schema, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from histdocs.cli import main

from conftest import BAD, BUNDLED, CASES, REPO


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src")
    return env


def test_validate_rome_prints_counts_and_span(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(CASES / "rome")]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "3 periods, 20 events, 9 people, 11 places, 8 sources" in out
    assert "span: c. 1200 BCE – AD 9" in out
    assert "02 civil-war: January 49 BCE – 15 March 44 BCE" in out
    assert "2 events outside every period" in out


def test_schema_prints_valid_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out, _ = capsys.readouterr()
    schema = json.loads(out)
    assert "events" in schema["properties"] and "$defs" in schema


def test_bad_input_exits_2_without_traceback_in_a_real_process(tmp_path: Path) -> None:
    bad = BAD / "06-duplicate-key.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "histdocs", "validate", str(bad)],
        capture_output=True, text=True, env=_env(), cwd=tmp_path, timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert f"{bad}:5:3: duplicate key 'title' (first at line 4, again at line 5)" in result.stderr


def test_validate_missing_course_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "absent")]) == 2
    _, err = capsys.readouterr()
    assert "no such course file or folder" in err and "Traceback" not in err


def test_import_histdocs_stays_light() -> None:
    code = (
        "import histdocs, sys; "
        "assert 'reportlab' not in sys.modules and 'pptx' not in sys.modules, "
        "sorted(m for m in sys.modules if m.startswith(('reportlab', 'pptx')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=60)
    assert result.returncode == 0, result.stderr


def test_loading_a_course_stays_light() -> None:
    """Validation needs neither renderer: load_course must not import reportlab or pptx."""
    code = (
        f"import sys; from histdocs.load import load_course; load_course({str(CASES / 'rome')!r}); "
        "import histdocs.schema; "
        "assert 'reportlab' not in sys.modules and 'pptx' not in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=60)
    assert result.returncode == 0, result.stderr


def test_bundled_course_validates(capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled course (written by the data helper) must pass its own checks."""
    assert (BUNDLED / "course.yaml").is_file()
    status = main(["validate", str(BUNDLED)])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "azerbaijan-1988-1994" in out and "periods" in out
