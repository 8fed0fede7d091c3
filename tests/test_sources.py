"""Reading course and layout files: only regular files, bounded sizes, right lines for every line ending.

Each case is checked as a teacher meets it: `histdocs validate` and `histdocs build` exit 2 with
the exact located message, print no traceback and write nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from histdocs import yamlsource
from histdocs.cli import main
from histdocs.errors import InputError
from histdocs.load import load_course
from histdocs.yamlsource import MAX_COURSE_BYTES, MAX_FILE_BYTES, MAX_VALUES, parse_yaml

from conftest import MINIMAL, REPO
from test_load import problems_of

FOLDER_REFUSED = "not a regular file but a folder; only regular files are read"
OUTSIDE = "a symbolic link leading outside the course folder; it is not read"


def refused(course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Return what `validate` printed, after checking that it and `build` exit 2 and write nothing."""
    assert main(["validate", str(course)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    target = tmp_path / "out-dir"
    assert main(["build", str(course), "-o", str(target), "-q"]) == 2
    _, build_err = capsys.readouterr()
    assert not target.exists()
    assert build_err.replace("histdocs build: ", "") == err.replace("histdocs validate: ", "")
    return err


def course_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "course.yaml").write_text(MINIMAL, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- only regular files


def test_a_folder_named_yaml_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = course_folder(tmp_path)
    (folder / "events.yaml").mkdir()
    err = refused(folder, tmp_path, capsys)
    assert f"{folder / 'events.yaml'}:1:1: {FOLDER_REFUSED}\n" in err
    assert err.startswith("histdocs validate: 1 problem found:")


def test_a_folder_named_course_yaml_is_refused_not_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "course"
    (folder / "course.yaml").mkdir(parents=True)
    err = refused(folder, tmp_path, capsys)
    assert f"{folder / 'course.yaml'}:1:1: {FOLDER_REFUSED}\n" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("where", ["in-folder", "named"])
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path, where: str) -> None:
    folder = course_folder(tmp_path)
    fifo = folder / "events.yaml"
    os.mkfifo(fifo)
    target = folder if where == "in-folder" else fifo
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    result = subprocess.run([sys.executable, "-m", "histdocs", "validate", str(target)],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{fifo}:1:1: not a regular file but a named pipe (FIFO); only regular files are read\n" in result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused_not_read_forever(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(Path("/dev/zero"), tmp_path, capsys)
    assert "/dev/zero:1:1: not a regular file but a device; only regular files are read\n" in err


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_symlink_leading_outside_the_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = course_folder(tmp_path)
    (tmp_path / "elsewhere.yaml").write_text("events:\n  - date: 1991\n    title: Outside\n", encoding="utf-8")
    (folder / "a-outside.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (folder / "b-zero.yaml").symlink_to("/dev/zero")
    (folder / "c-up.yaml").symlink_to(Path("..") / "elsewhere.yaml")
    err = refused(folder, tmp_path, capsys)
    for name in ("a-outside", "b-zero", "c-up"):
        assert f"{folder / name}.yaml:1:1: {OUTSIDE}\n    hint: copy the file into the course folder" in err
    assert err.startswith("histdocs validate: 3 problems found:")


def test_a_sheet_or_sources_json_leading_outside_is_refused_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = course_folder(tmp_path)
    (tmp_path / "secret.json").write_text("[]", encoding="utf-8")
    (tmp_path / "secret.csv").write_text("Year,Headline\n1990,Outside\n", encoding="utf-8")
    (folder / "sources.json").symlink_to(tmp_path / "secret.json")
    (folder / "people.csv").symlink_to(tmp_path / "secret.csv")
    err = refused(folder, tmp_path, capsys)
    assert f"{folder / 'sources.json'}:1:1: {OUTSIDE}\n" in err and f"{folder / 'people.csv'}:1:1: {OUTSIDE}\n" in err
    assert err.startswith("histdocs validate: 2 problems found:")


def test_a_symlink_inside_the_folder_is_read(tmp_path: Path) -> None:
    folder = course_folder(tmp_path)
    (folder / "parts").mkdir()
    (folder / "parts" / "more.txt").write_text("events:\n  - date: 1991\n    title: Linked\n", encoding="utf-8")
    (folder / "more.yaml").symlink_to(Path("parts") / "more.txt")
    assert [e.title for e in load_course(folder).events] == ["Something happened", "Linked"]


def test_a_file_swapped_between_check_and_open_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = course_folder(tmp_path)
    other = tmp_path / "other.yaml"
    other.write_text(MINIMAL.replace("Something happened", "Swapped in"), encoding="utf-8")
    checked = yamlsource.check_source

    def check_then_swap(path: str | Path, file: str) -> tuple[os.stat_result | None, object]:
        result = checked(path, file)
        os.replace(other, path)
        return result

    monkeypatch.setattr(yamlsource, "check_source", check_then_swap)
    with pytest.raises(InputError) as info:
        load_course(folder / "course.yaml")
    assert str(info.value).endswith(
        f"{folder / 'course.yaml'}:1:1: the file was replaced while it was being opened; it is not read\n"
        "    hint: run the command again"
    )


# --------------------------------------------------------------------------- sizes


def test_a_file_over_the_cap_is_refused_from_its_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = course_folder(tmp_path)
    with open(folder / "big.yaml", "wb") as f:  # sparse: the size is there, the disk is not used
        f.truncate(MAX_FILE_BYTES + 1)
    err = refused(folder, tmp_path, capsys)
    assert (
        f"{folder / 'big.yaml'}:1:1: file is 8,388,609 bytes; a course or layout file may hold at most "
        "8,388,608 bytes (8 MiB)\n"
    ) in err


def test_twelve_files_of_8_mb_are_refused_before_any_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = course_folder(tmp_path)
    for i in range(12):
        with open(folder / f"part-{i:02}.yaml", "wb") as f:
            f.truncate(8_000_000)
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(yamlsource.os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    err = refused(folder, tmp_path, capsys)
    assert opened == []
    assert err.endswith(
        f"{folder / 'part-02.yaml'}:1:1: with this file the course holds {24_000_000 + len(MINIMAL):,} bytes; "
        "a whole course may hold "
        "at most 16,777,216 bytes (16 MiB), one file 8,388,608 (8 MiB)\n"
        "    hint: a course is text: keep other data (exports, backups, copies) out of the course folder\n"
    )
    assert MAX_COURSE_BYTES == 16 * 1024 * 1024


def test_a_file_whose_stat_lies_is_read_only_up_to_the_cap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files in /proc or on some network mounts say 0 bytes and then deliver gigabytes."""
    course = tmp_path / "course.yaml"
    with open(course, "wb") as f:
        f.truncate(20 * 1024 * 1024)
    real_stat, real_read = os.stat, os.read

    def lying_stat(path: str | Path, *args: object, **kwargs: object) -> os.stat_result:
        info = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        return os.stat_result((*info[:6], 0, *info[7:10]))

    delivered: list[int] = []
    monkeypatch.setattr(yamlsource.os, "stat", lying_stat)
    monkeypatch.setattr(yamlsource.os, "read", lambda fd, n: delivered.append(n) or real_read(fd, n))
    err = refused(course, tmp_path, capsys)
    assert f"{course}:1:1: file is more than 8,388,608 bytes; a course or layout file may hold at most" in err
    assert sum(delivered) == 2 * (MAX_FILE_BYTES + 1)  # validate, then build


# --------------------------------------------------------------------------- line endings


def test_old_mac_line_endings_report_the_right_line_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = tmp_path / "mac.yaml"
    course.write_bytes(
        b"course:\r  id: test\r  title: Test\r  titel: x\r"
        b"sources:\r  - {id: s, type: book, title: B}\r"
        b"events:\r  - date: 1990\r    title: A\r    details: |\r      One [@s].\r\r      Two [@nope].\r"
    )
    err = refused(course, tmp_path, capsys)
    assert f"{course}:4:3: unknown key 'titel' (at course)" in err
    assert f"{course}:13:11: citation of unknown source 'nope' (at events[0].details)" in err


@pytest.mark.parametrize(
    ("data", "where", "words"),
    [
        (b"course:\r  id: test\r  title: Te\x01st\r", "3:12", "character U+0001 is not allowed in course files"),
        (b"course:\r\n  id: test\r\n  title: Te\x01st\r\n", "3:12", "character U+0001 is not allowed"),
        ("course:\u2028  id: test\u2028  title: Te\x01st\n".encode(), "3:12", "character U+0001 is not allowed"),
        (b"course:\r  id: t\xc3\xa9st\r  title: \xff\r", "3:10", "file is not valid UTF-8"),
    ],
    ids=["cr", "crlf", "line-separator", "bad-utf8"],
)
def test_reader_errors_count_lines_as_yaml_does(tmp_path: Path, data: bytes, where: str, words: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    course = tmp_path / "course.yaml"
    course.write_bytes(data)
    err = refused(course, tmp_path, capsys)
    assert f"{course}:{where}: {words}" in err


# --------------------------------------------------------------------------- nesting


DEEP = "nested more than 100 levels deep (lists and mappings inside each other); the limit is 100"


def flow(depth: int) -> str:
    return "[" * depth + "]" * depth + "\n"


def block(depth: int) -> str:
    """Lists inside lists, one level a line, `depth` levels in all (the innermost is a text)."""
    lines = ["  " * i + "-" for i in range(depth - 1)]
    lines[-1] += " x"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("depth", [50, 100, 101, 330, 490, 1000, 2000])
@pytest.mark.parametrize("style", ["flow", "block"])
@pytest.mark.parametrize("reader", ["course", "layout"])
def test_nesting_is_refused_cleanly_at_every_depth(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int, style: str, reader: str
) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text(flow(depth) if style == "flow" else block(depth), encoding="utf-8")
    if reader == "course":
        argv = ["validate", str(deep)]
    else:
        argv = ["build", str(REPO / "tests" / "cases" / "rome"), "--layout", str(deep), "-o", str(tmp_path / "out"), "-q"]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Recursion" not in err and not (tmp_path / "out").exists()
    if depth <= 100:
        assert DEEP not in err
        assert ("found a list" if reader == "course" else "a layout must be a group of keys") in err
    else:
        # the first value 101 levels down: the 101st '[', or the list (or at 101 levels the text) 100 lines down
        where = "1:101" if style == "flow" else "100:201" if depth == 101 else "101:201"
        assert f"{deep}:{where}: {DEEP}\n" in err
        assert err.count(DEEP) == 1


def test_nesting_built_from_aliases_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = tmp_path / "course.yaml"
    course.write_text("a: &a " + flow(60) + "b: [" + "[" * 45 + "*a" + "]" * 45 + "]\n", encoding="utf-8")
    err = refused(course, tmp_path, capsys)
    assert err == (
        "histdocs validate: 1 problem found:\n"
        f"{course}:1:1: through aliases the document nests more than 100 levels deep; "
        "write the data out instead of using anchors\n"
    )


# --------------------------------------------------------------------------- aliases and values


def test_a_long_text_aliased_a_thousand_times_is_refused_quickly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = tmp_path / "course.yaml"
    course.write_text("a: &a " + "x" * 390_000 + "\nb: [" + ", ".join(["*a"] * 1000) + "]\n", encoding="utf-8")
    started = time.perf_counter()
    err = refused(course, tmp_path, capsys)
    assert time.perf_counter() - started < 10  # validate and build; generous: the review allows 20 s each
    assert err == (
        "histdocs validate: 1 problem found:\n"
        f"{course}:1:1: through aliases the document expands to more than 8,388,608 characters of text "
        "(an alias bomb?); write the data out instead of using anchors\n"
    )


def test_a_text_aliased_a_few_times_is_fine(write_course: Callable[..., Path]) -> None:
    path = write_course(MINIMAL + "    tags: [&t one, *t, *t]\n")
    assert load_course(path).events[0].tags == ("one", "one", "one")


def test_too_many_values_without_aliases_never_says_alias(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = course_folder(tmp_path)
    (folder / "tags.yaml").write_text("glossary: [" + "a," * (MAX_VALUES + 10) + "a]\n", encoding="utf-8")
    (folder / "zz-more.yaml").write_text("events: [x]\n", encoding="utf-8")
    err = refused(folder, tmp_path, capsys)
    assert err == (
        "histdocs validate: 1 problem found:\n"
        f"{folder / 'tags.yaml'}:1:1: too many values: a course or layout may hold at most 500,000 texts, keys "
        "and list items (all its files together)\n"
        "    hint: a course of 10,000 events holds about 150,000; keep data dumps out of the course\n"
    )
    assert "alias" not in err


def test_too_many_values_are_counted_by_libyaml_even_with_a_tab_or_a_bang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading half a million values again in pure Python would take most of the 20 s allowed."""
    if not yamlsource.HAS_LIBYAML:
        pytest.skip("PyYAML was built without libyaml")

    def pure(*args: object) -> object:
        raise AssertionError("the pure-Python parser should not read this file again")

    monkeypatch.setattr(yamlsource, "_parse_pure", pure)
    course = tmp_path / "course.yaml"
    course.write_text("# Hello\tworld!\nevents: [" + "a," * (MAX_VALUES + 10) + "a]\n", encoding="utf-8")
    (problem,) = problems_of(course)
    assert problem.message.startswith("too many values: a course or layout may hold at most 500,000")


def test_a_flood_of_tags_stops_at_the_first_one_too_many() -> None:
    tree, problems = parse_yaml("events: [" + "!a x, " * 2000 + "x]\n", "f.yaml")
    assert tree is None and [str(p) for p in problems] == [
        f"f.yaml:1:{10 + 100 * 6}: more than 100 YAML tags ('!...'); tags are not allowed, write plain values\n"
        "    hint: remove the '!' tags"
    ]


def test_a_hundred_tags_are_each_reported() -> None:
    _, problems = parse_yaml("events: [" + "!a x, " * 100 + "x]\n", "f.yaml")
    assert [(p.location.column, p.message) for p in problems if p.location] == [
        (10 + i * 6, "YAML tag '!a' is not allowed; write plain values") for i in range(100)
    ]


def test_a_pipe_or_folder_named_as_a_sheet_is_refused_not_skipped(tmp_path: Path) -> None:
    """A sheet that is not a regular file used to be passed over in silence (is_file())."""
    folder = course_folder(tmp_path)
    os.mkfifo(folder / "events.csv")
    (folder / "sources.json").mkdir()
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    result = subprocess.run([sys.executable, "-m", "histdocs", "validate", str(folder)],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{folder / 'events.csv'}:1:1: not a regular file but a named pipe (FIFO); only regular files are read\n" \
        in result.stderr
    assert f"{folder / 'sources.json'}:1:1: not a regular file but a folder; only regular files are read\n" \
        in result.stderr


def test_a_pipe_or_folder_given_as_a_layout_is_refused_for_what_it_is(tmp_path: Path) -> None:
    """It used to read 'layout file … not found' (is_file()), which sends a teacher looking for a typo."""
    folder = course_folder(tmp_path)
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "folder.yaml").mkdir()
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    for name, kind in (("pipe.yaml", "a named pipe (FIFO)"), ("folder.yaml", "a folder")):
        result = subprocess.run([sys.executable, "-m", "histdocs", "build", str(folder), "-o", str(tmp_path / "out"),
                                 "--layout", str(tmp_path / name)], capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert f"{tmp_path / name}:1:1: not a regular file but {kind}; only regular files are read\n" in result.stderr
        assert not (tmp_path / "out").exists()
