"""Issue 8.1: no traceback reaches a user; exit 0 done, 2 bad input, 3 the machine refused, 4 internal error.

Each status is checked through the real command line (`main()` or a real process) with the exact
message a user reads.
"""

from __future__ import annotations

import errno
import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import histdocs.summary
from histdocs.cli import EXIT_STATUS_HELP, main
from histdocs.errors import MachineError, describe_os_error

from conftest import BAD, CASES, REPO

ROME = CASES / "rome"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src")
    return env


def _run(*args: str, cwd: Path, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "histdocs", *args], capture_output=True, text=True,
                          env=_env(), cwd=cwd, timeout=300, **kw)  # type: ignore[call-overload]


# ------------------------------------------------------------------ the table, in --help and the README

def _codes(text: str) -> list[int]:
    return [int(m) for m in re.findall(r"^\s*(\d+)\s{2,}\S", text, re.M)]


def test_help_ends_with_the_exit_status_table(tmp_path: Path) -> None:
    result = _run("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.endswith(EXIT_STATUS_HELP)
    assert _codes(EXIT_STATUS_HELP) == [0, 2, 3, 4, 130]
    build_help = _run("build", "--help", cwd=tmp_path).stdout
    assert "  3    the machine refused: a file or folder could not be read, written or made" in build_help


def test_readme_has_the_same_exit_status_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (\d+) \| (.+?) \|$", readme.split("## Exit status", 1)[1], re.M))
    assert sorted(int(code) for code in rows) == _codes(EXIT_STATUS_HELP)
    assert rows["3"].startswith("the machine refused")
    assert rows["4"].startswith("internal error")


# ------------------------------------------------------------------ 2: bad input

def test_a_command_line_mistake_exits_2(tmp_path: Path) -> None:
    result = _run("build", "--only", "slides", cwd=tmp_path)
    assert result.returncode == 2
    assert "argument --only: invalid choice: 'slides' (choose from 'handouts', 'decks')" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_layout_exits_2(tmp_path: Path) -> None:
    result = _run("build", str(ROME), "--layout", "nope", "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("histdocs build: 1 problem found:\nunknown layout 'nope'; the shipped layouts are:")
    assert not (tmp_path / "out").exists()


def test_a_bad_course_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BAD / "03-bad-date.yaml")]) == 2
    assert capsys.readouterr().err.startswith(f"histdocs validate: 1 problem found:\n{BAD / '03-bad-date.yaml'}:")


# ------------------------------------------------------------------ 3: the machine refused

def test_an_output_folder_under_a_file_exits_3_naming_it(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    result = _run("build", str(ROME), "-o", "notes.txt/out", "--only", "handouts", cwd=tmp_path)
    assert result.returncode == 3
    assert result.stderr == ("histdocs build: cannot make the folder notes.txt/out: "
                             "part of the path is a file, not a folder; check the path\n")
    assert result.stdout == ""


def test_an_output_name_too_long_exits_3_on_one_short_line(tmp_path: Path) -> None:
    long_name = "x" * 300
    result = _run("build", str(ROME), "-o", long_name, "--only", "handouts", cwd=tmp_path)
    assert result.returncode == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and len(lines[0]) < 300
    assert re.fullmatch(r"histdocs build: cannot make the folder x{80}…x{79}: the name is too long; "
                        r"choose a shorter path", lines[0]), lines[0]


def test_a_file_larger_than_the_system_allows_exits_3(tmp_path: Path) -> None:
    """A real refusal by the kernel (a file-size limit, EFBIG) half-way through writing the set."""

    from histdocs.fonts import BUNDLED_FAMILIES, font_family

    for name in BUNDLED_FAMILIES:  # any font cache is filled before, outside the limit
        font_family(name)

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))

    result = _run("build", str(ROME), "-o", "out", "--period", "civil-war", "-q", cwd=tmp_path,
                  preexec_fn=small_files)
    assert result.returncode == 3, result.stderr
    assert re.fullmatch(r"histdocs build: cannot write out/(handouts|decks)/02-civil-war\.(pdf|pptx): "
                        r"the file is larger than this disk or this account allows; "
                        r"choose a folder on another disk or ask for a larger limit\n", result.stderr), result.stderr
    assert sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "out").rglob("*") if p.is_file()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_output_folder_exits_3(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "handouts").mkdir(parents=True)
    (out / "handouts").chmod(0o555)
    try:
        result = _run("build", str(ROME), "-o", "out", "--only", "handouts", "-q", cwd=tmp_path)
    finally:
        (out / "handouts").chmod(0o755)
    assert result.returncode == 3
    assert result.stderr.startswith("histdocs build: cannot write out/handouts/")
    assert result.stderr.endswith(": permission denied; check its permissions or choose another folder\n")


def test_an_os_error_deep_in_the_library_names_its_path(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    def unreadable(course: object) -> str:  # as if a file read late (a picture, a font) were refused
        raise PermissionError(errno.EACCES, "Permission denied", "my-course/events.yaml")

    monkeypatch.setattr(histdocs.summary, "course_summary", unreadable)
    assert main(["validate", str(ROME)]) == 3
    assert capsys.readouterr().err == (
        "histdocs validate: my-course/events.yaml: permission denied; check its permissions or choose another folder\n")


@pytest.mark.parametrize("code, expected", [
    (errno.ENOSPC, "no space left on the disk (no free blocks or no free file entries); "
                   "free some space or delete files you no longer need, then run again"),
    (errno.EROFS, "the disk is read-only; choose a folder on a disk you can write to"),
    (errno.EISDIR, "it is a folder, not a file; name a file, or move the folder away"),
    (errno.ENOENT, "it does not exist; check the path"),
    (errno.EDQUOT, "your disk quota is used up; free some space, then run again"),
])
def test_each_refusal_says_what_to_do(code: int, expected: str, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(course: object) -> str:
        raise OSError(code, os.strerror(code), "c/course.yaml")

    monkeypatch.setattr(histdocs.summary, "course_summary", refuse)
    assert main(["validate", str(ROME)]) == 3
    assert capsys.readouterr().err == f"histdocs validate: c/course.yaml: {expected}\n"


def test_a_refusal_that_names_no_file_still_says_so(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    def full(course: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(histdocs.summary, "course_summary", full)
    assert main(["validate", str(ROME)]) == 3
    assert capsys.readouterr().err.startswith("histdocs validate: (the system named no file): no space left on the disk")


def test_machine_error_is_an_os_error_with_the_path() -> None:
    cause = OSError(errno.ENOSPC, "No space left on device")
    exc = MachineError("write", Path("out/decks/01-x.pptx"), cause)
    assert isinstance(exc, OSError) and exc.errno == errno.ENOSPC and exc.filename == "out/decks/01-x.pptx"
    assert str(exc) == describe_os_error(cause, "write", "out/decks/01-x.pptx")
    assert str(exc).startswith("cannot write out/decks/01-x.pptx: no space left on the disk")


def test_running_out_of_memory_exits_3(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def huge(course: object) -> str:
        raise MemoryError

    monkeypatch.setattr(histdocs.summary, "course_summary", huge)
    assert main(["validate", str(ROME)]) == 3
    assert capsys.readouterr().err == (
        "histdocs validate: out of memory; close other programs or build fewer periods (--period)\n")


# ------------------------------------------------------------------ 4: internal error

BUG = (
    "import histdocs.summary as s\n"
    "def broken(course): return 1 / 0\n"
    "s.course_summary = broken\n"
    "from histdocs.cli import main\n"
    "raise SystemExit(main(sys.argv[1:]))\n"
)


def test_an_internal_error_exits_4_with_one_line_in_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", "import sys\n" + BUG, "validate", str(ROME)],
                            capture_output=True, text=True, env=_env(), cwd=tmp_path, timeout=120)
    assert result.returncode == 4
    assert result.stderr == ("histdocs validate: internal error (ZeroDivisionError: division by zero); "
                             "please report this bug with the command you ran (--debug shows the details)\n")


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(where: str, tmp_path: Path) -> None:
    args = ["--debug", "validate", str(ROME)] if where == "before" else ["validate", str(ROME), "--debug"]
    result = subprocess.run([sys.executable, "-c", "import sys\n" + BUG, *args],
                            capture_output=True, text=True, env=_env(), cwd=tmp_path, timeout=120)
    assert result.returncode == 4
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert 'in broken\nZeroDivisionError: division by zero\n' in result.stderr
    assert result.stderr.endswith("histdocs validate: internal error (ZeroDivisionError: division by zero); "
                                  "please report this bug with the command you ran\n")


def test_an_os_error_without_errno_is_an_internal_error(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Libraries raise OSError for bad content too (Pillow: 'cannot identify image file'): not the machine."""

    def odd(course: object) -> str:
        raise OSError("cannot identify image file <_io.BytesIO object at 0x7f>")

    monkeypatch.setattr(histdocs.summary, "course_summary", odd)
    assert main(["validate", str(ROME)]) == 4
    err = capsys.readouterr().err
    assert err.startswith("histdocs validate: internal error (OSError: cannot identify image file")
    assert "Traceback" not in err and err.count("\n") == 1


def test_a_long_internal_message_stays_one_short_line(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    def chatty(course: object) -> str:
        raise RuntimeError("line one\n" + "x" * 5000)

    monkeypatch.setattr(histdocs.summary, "course_summary", chatty)
    assert main(["validate", str(ROME)]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) < 400
    assert "internal error (RuntimeError: line one xxx" in err
