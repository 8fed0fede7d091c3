"""Issue 8.9: first contact. A command run inside a course folder uses that course; the bundled
course only when none is named or found, and then the command says so. The suite passes on a
fresh clone without `../shared` (the own-words check is skipped with its reason, and runs when
the source text is there)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BUNDLED, CASES, REPO

BUNDLED_NOTE = ("histdocs: no course named and no course.yaml in this folder; "
                "using the bundled course azerbaijan-1988-1994\n")


def _histdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src")
    return subprocess.run([sys.executable, "-m", "histdocs", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=300)


@pytest.fixture
def rome_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "rome"
    shutil.copytree(CASES / "rome", folder)
    return folder


def test_validate_inside_a_course_folder_uses_it(rome_folder: Path) -> None:
    result = _histdocs("validate", cwd=rome_folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("The End of the Roman Republic (rome-end-of-republic): OK\n")
    assert result.stderr == ""


def test_build_inside_a_course_folder_builds_it_there(rome_folder: Path) -> None:
    result = _histdocs("build", "--period", "civil-war", "--only", "handouts", "-q", cwd=rome_folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "out/handouts/02-civil-war.pdf\n"
    assert result.stderr == ""
    assert (rome_folder / "out" / "handouts" / "02-civil-war.pdf").read_bytes().startswith(b"%PDF")


def test_problems_in_the_folders_course_name_its_files_as_seen_from_there(rome_folder: Path) -> None:
    text = (rome_folder / "course.yaml").read_text(encoding="utf-8")
    (rome_folder / "course.yaml").write_text(text.replace("date: c. 1200 BCE", "date: sometime"), encoding="utf-8")
    result = _histdocs("validate", cwd=rome_folder)
    assert result.returncode == 2
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "date: c. 1200 BCE" in row)
    assert f"\ncourse.yaml:{line}:" in result.stderr
    assert "bundled" not in result.stderr


def test_outside_a_course_folder_the_bundled_course_is_used_and_said(tmp_path: Path) -> None:
    result = _histdocs("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Azerbaijan 1988–1994")
    assert result.stderr == BUNDLED_NOTE


def test_a_named_course_wins_over_the_folders(rome_folder: Path, tmp_path: Path) -> None:
    (tmp_path / "course.yaml").write_text("not: a course\n")
    result = _histdocs("validate", str(rome_folder), cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    assert "rome-end-of-republic" in result.stdout


# ------------------------------------------------------------------ the suite on a fresh clone

def _clone_without_shared(tmp_path: Path) -> Path:
    """Return a minimal 'fresh clone': the bundled data and the course data tests, nothing beside it."""
    clone = tmp_path / "clone"
    shutil.copytree(BUNDLED, clone / "data" / BUNDLED.name)
    (clone / "tests").mkdir()
    shutil.copy(REPO / "tests" / "test_course_data.py", clone / "tests")
    return clone


def _pytest(clone: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                           "tests/test_course_data.py", *args], capture_output=True, text=True, cwd=clone, timeout=300)


def _a_prose_sentence() -> str:
    for path in sorted((BUNDLED).glob("events*.yaml")):
        for event in yaml.safe_load(path.read_text(encoding="utf-8"))["events"]:
            words = str(event.get("summary", "")).split()
            if len(words) >= 12:
                return " ".join(words)
    raise AssertionError("no summary of twelve words in the bundled course")


def test_course_data_tests_pass_without_shared_and_say_why_one_is_skipped(tmp_path: Path) -> None:
    clone = _clone_without_shared(tmp_path)
    result = _pytest(clone)
    assert result.returncode == 0, result.stdout
    assert " skipped in " in result.stdout and "failed" not in result.stdout and "error" not in result.stdout
    assert "own-words check skipped: the source text is not at" in result.stdout


def test_the_own_words_check_runs_when_the_source_text_is_there(tmp_path: Path) -> None:
    clone = _clone_without_shared(tmp_path)
    source = tmp_path / "shared" / "sources" / "azerbaijan-1988-1994.txt"
    source.parent.mkdir(parents=True)
    own_words = "-k", "test_no_ten_word_run_of_the_source_in_prose"  # the others need the real text's words
    source.write_text("A narrative that shares no long run of words with the course.\n", encoding="utf-8")
    result = _pytest(clone, *own_words)
    assert result.returncode == 0 and "1 passed" in result.stdout and "skipped" not in result.stdout, result.stdout
    source.write_text("Before that: " + _a_prose_sentence() + "\n", encoding="utf-8")
    result = _pytest(clone, *own_words)
    assert result.returncode == 1
    assert "1 failed" in result.stdout and "prose copies the source text" in result.stdout
