"""Issue 8.7: outputs are never lost or mixed.

Colliding output names are refused before anything is written; a build is all-or-nothing across
the whole set (an error in the last deck, a disk filling up half-way, a kill at any moment);
leftovers of a killed build are removed by the next; a folder swapped for a symbolic link during
the build cannot redirect writes.
"""

from __future__ import annotations

import errno
import hashlib
import importlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from histdocs.cli import main
from histdocs.errors import InputError, MachineError
from histdocs.load import load_course
from histdocs.outdir import COMMIT_RECORD, TEMP_PATTERN

from conftest import CASES, REPO

build_module = importlib.import_module("histdocs.build")
ROME = CASES / "rome"
ROME_FILES = [
    "decks/01-republic-in-crisis.pptx", "decks/02-civil-war.pptx", "decks/03-end-of-republic.pptx",
    "handouts/01-republic-in-crisis.pdf", "handouts/02-civil-war.pdf", "handouts/03-end-of-republic.pdf",
    "handouts/rome-end-of-republic.pdf",
]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + str(Path(__file__).parent)
    return env


def _files(out: Path) -> dict[str, str]:
    """Return every file under `out` (hidden ones too) with its SHA-256."""
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def _outputs(out: Path) -> dict[str, str]:
    """Return `_files(out)` without a killed build's leftovers (which the next build removes)."""
    return {name: sha for name, sha in _files(out).items() if name not in _leftovers(out)}


def _leftovers(out: Path) -> list[str]:
    return [str(p.relative_to(out)) for p in out.rglob("*") if TEMP_PATTERN.match(p.name) or p.name == COMMIT_RECORD]


def _earlier_set(out: Path) -> dict[str, str]:
    """Write a recognisable 'earlier build' of the Rome course into `out` and return its hashes."""
    for name in ROME_FILES:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(f"earlier build: {name}\n".encode())
    return _files(out)


def _fake_drawers(monkeypatch: pytest.MonkeyPatch, tag: str = "new", fail_on: str | None = None) -> list[str]:
    """Replace drawing by quick recognisable bytes (optionally failing for one output); return the calls."""
    calls: list[str] = []

    def drawer(kind: str):  # type: ignore[no-untyped-def]
        def make(course, period, layout):  # type: ignore[no-untyped-def]
            def draw() -> bytes:
                name = f"{kind} {period.id if period else 'course'}"
                calls.append(name)
                if name == fail_on:
                    raise RuntimeError(f"drawing {name} failed (injected)")
                return f"{tag} {name}\n".encode() * 20_000
            return draw
        return make

    monkeypatch.setattr(build_module, "_handout_drawer", drawer("handout"))
    monkeypatch.setattr(build_module, "_deck_drawer", drawer("deck"))
    return calls


# ------------------------------------------------------------------ colliding names

def test_course_id_colliding_with_a_period_file_is_refused_naming_both(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = tmp_path / "course.yaml"
    course.write_text(textwrap.dedent("""\
        course:
          id: 01-p1
          title: Collisions
        periods:
          - id: p1
            title: The first period
            start: 1990
            end: 1991
        events:
          - date: 1990
            title: Something happened
        """), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(course), "-o", str(out), "--only", "handouts", "-q"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"histdocs build: 1 problem found:\n"
        f"{course}:2:7: the handout of period 'p1' at {course}:5:9 and the whole-course handout "
        f"(course id '01-p1') at {course}:2:7 would both be written to handouts/01-p1.pdf\n"
        f"    hint: give one of them another id: output file names are made from the ids\n")
    assert not out.exists(), "nothing may be written, not even the output folder"


def test_a_course_made_in_memory_is_checked_too(tmp_path: Path) -> None:
    from test_build import _course

    course = _course(["x"], course_id="01-X")  # file names are lowercase slugs: '01-x' both times
    with pytest.raises(InputError, match=r"the handout of period 'x' and the whole-course handout \(course id '01-X'\) "
                                         r"would both be written to handouts/01-x.pdf"):
        build_module.plan_outputs(course, tmp_path, only="handouts")


# ------------------------------------------------------------------ all-or-nothing

def test_an_error_drawing_the_last_deck_leaves_the_earlier_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    before = _earlier_set(out)
    calls = _fake_drawers(monkeypatch, fail_on="deck end-of-republic")
    assert main(["build", str(ROME), "-o", str(out), "-q", "--jobs", "1"]) == 4  # one process: 'last' is last
    assert calls[-1] == "deck end-of-republic" and len(calls) == 7
    assert "internal error (RuntimeError: drawing deck end-of-republic failed (injected))" in capsys.readouterr().err
    assert _files(out) == before


def test_a_disk_filling_up_half_way_leaves_the_earlier_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    before = _earlier_set(out)
    _fake_drawers(monkeypatch)
    real_write = os.write
    room = [1_800_000]  # the first three handouts fit (1,620,000 bytes), the fourth does not

    def filling_write(fd: int, data: bytes) -> int:
        if fd > 2:
            if room[0] <= 0:
                raise OSError(errno.ENOSPC, "No space left on device")
            data = bytes(data[: room[0]])
            room[0] -= len(data)
        return real_write(fd, data)

    # One process: workers' pipes are written with os.write too, and multiprocessing.connection binds
    # os.write when first imported, so a pool started under this patch would keep it for later tests.
    monkeypatch.setattr(os, "write", filling_write)
    assert main(["build", str(ROME), "-o", str(out), "-q", "--jobs", "1"]) == 3
    monkeypatch.setattr(os, "write", real_write)
    assert capsys.readouterr().err == (
        f"histdocs build: cannot write {out}/handouts/rome-end-of-republic.pdf: no space left on the disk "
        "(no free blocks or no free file entries); free some space or delete files you no longer need, then run again\n")
    assert _files(out) == before


def test_a_failure_after_a_real_drawing_leaves_the_earlier_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real drawers for the handouts; a deck fails: the real PDFs already drawn are not written."""
    out = tmp_path / "out"
    before = _earlier_set(out)

    def broken_deck(course, period, layout):  # type: ignore[no-untyped-def]
        def draw() -> bytes:
            raise MachineError("read", Path("template.potx"), OSError(errno.EIO, "Input/output error"))
        return draw

    monkeypatch.setattr(build_module, "_deck_drawer", broken_deck)
    with pytest.raises(MachineError, match="cannot read template.potx: the disk reported an input/output error"):
        build_module.build(load_course(ROME), out, periods=["civil-war"])
    assert _files(out) == before


def test_the_next_build_removes_only_its_own_leftovers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    _earlier_set(out)
    ours = [out / "handouts" / ".01-republic-in-crisis.pdf.0123456789abcdef.histdocs-tmp",
            out / "decks" / ".02-civil-war.pptx.fedcba9876543210.histdocs-tmp",
            out / ".histdocs-commit.00112233aabbccdd.histdocs-tmp"]
    theirs = [out / "handouts" / "notes.histdocs-tmp", out / "handouts" / ".x.pdf.tmp",
              out / "decks" / ".y.0123456789abcdef.histdocs-tmp.bak", out / "other" / ".z.0123456789abcdef.histdocs-tmp"]
    for path in ours + theirs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"left over")
    _fake_drawers(monkeypatch)
    build_module.build(load_course(ROME), out, periods=["civil-war"], only="handouts")
    assert [p for p in ours if p.exists()] == []
    assert [p for p in theirs if not p.exists()] == []


def test_render_handout_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "unit.pdf"
    target.write_bytes(b"the teacher's earlier handout")
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.EIO, "Input/output error")))
    _fake_drawers(monkeypatch)
    with pytest.raises(MachineError, match=f"cannot write {target}: the disk reported an input/output error"):
        build_module.render_handout(load_course(ROME), target, period="civil-war")
    assert target.read_bytes() == b"the teacher's earlier handout"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unit.pdf"]


# ------------------------------------------------------------------ killed at random points

KILLED_BUILD = """\
import os, sys, time
from test_all_or_nothing import _fake_drawers
import pytest
_fake_drawers(pytest.MonkeyPatch(), tag="B")
real_fsync = os.fsync
def slow_fsync(fd):  # widen the writing phase so that random kills land inside it
    time.sleep(0.02)
    real_fsync(fd)
os.fsync = slow_fsync
from histdocs.cli import main
raise SystemExit(main(["build", sys.argv[1], "-o", sys.argv[2], "-q"]))
"""
ONE = "handouts/02-civil-war.pdf"


def _generation(out: Path, names: list[str]) -> set[str]:
    """Return the build tags ('A', 'B', …) found in the named files (a missing file counts as 'missing')."""
    tags = set()
    for name in names:
        path = out / name
        tags.add(path.read_bytes().split(b" ", 1)[0].decode() if path.is_file() else "missing")
    return tags


def test_a_build_killed_at_random_points_never_loses_or_mixes_outputs(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    script = tmp_path / "killed_build.py"
    script.write_text(KILLED_BUILD)
    course = load_course(ROME)
    rng = random.Random(8)
    outcomes = []
    for attempt in range(8):
        _fake_drawers(monkeypatch, tag="A")
        build_module.build(course, out)
        earlier = _files(out)
        assert sorted(earlier) == ROME_FILES
        child = subprocess.Popen([sys.executable, str(script), str(ROME), str(out)], env=_env(),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while not any(TEMP_PATTERN.match(p.name) for p in out.rglob(".*")) and child.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.3))
        child.send_signal(signal.SIGKILL)
        _, err = child.communicate()
        assert child.returncode in (0, -signal.SIGKILL), err
        committed = (out / COMMIT_RECORD).exists()
        if not committed:  # never mixed: the earlier set byte for byte, or (killed after finishing) the new one
            assert _outputs(out) == earlier or _generation(out, ROME_FILES) == {"B"}, f"attempt {attempt}"
            assert sorted(_outputs(out)) == ROME_FILES
        outcomes.append("renaming" if committed else "kept" if _outputs(out) == earlier else "finished")
        # The next build (one handout only) finishes a committed set or drops an uncommitted one.
        _fake_drawers(monkeypatch, tag="C")
        build_module.build(course, out, periods=["civil-war"], only="handouts")
        assert _leftovers(out) == [], f"attempt {attempt}"
        assert _generation(out, [ONE]) == {"C"}
        rest = [name for name in ROME_FILES if name != ONE]
        assert _generation(out, rest) == ({"B"} if outcomes[-1] in ("renaming", "finished") else {"A"}), outcomes
    assert "kept" in outcomes, outcomes


def test_a_committed_set_is_finished_by_the_next_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed between renames (simulated: the process stops after the second rename)."""
    out = tmp_path / "out"
    _fake_drawers(monkeypatch, tag="A")
    course = load_course(ROME)
    build_module.build(course, out)
    _fake_drawers(monkeypatch, tag="B")
    real_replace = os.replace
    count = [0]

    def dying_rename(src, dst, *, src_dir_fd=None, dst_dir_fd=None):  # type: ignore[no-untyped-def]
        count[0] += 1
        if count[0] == 4:  # the commit record's rename is the first
            raise KeyboardInterrupt  # stands for the process dying here
        return real_replace(src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)

    monkeypatch.setattr(os, "replace", dying_rename)
    with pytest.raises(KeyboardInterrupt):
        build_module.build(course, out)
    monkeypatch.setattr(os, "replace", real_replace)
    assert (out / COMMIT_RECORD).exists() and _generation(out, ROME_FILES) == {"A", "B"}
    _fake_drawers(monkeypatch, tag="C")
    build_module.build(course, out, periods=["civil-war"], only="handouts")
    assert _leftovers(out) == []
    assert _generation(out, ["handouts/02-civil-war.pdf"]) == {"C"}
    assert _generation(out, [n for n in ROME_FILES if n != "handouts/02-civil-war.pdf"]) == {"B"}


# ------------------------------------------------------------------ a folder swapped for a link

def test_a_sub_folder_swapped_for_a_link_while_drawing_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = _earlier_set(out)
    calls = _fake_drawers(monkeypatch)
    real_draw = build_module._draw_all

    def swapping_draw(*args):  # type: ignore[no-untyped-def]
        drawn = real_draw(*args)
        (out / "handouts").rename(tmp_path / "moved")
        (out / "handouts").symlink_to(elsewhere)
        return drawn

    monkeypatch.setattr(build_module, "_draw_all", swapping_draw)
    assert main(["build", str(ROME), "-o", str(out), "-q", "--jobs", "1"]) == 3  # drawers seen in this process
    assert calls
    assert capsys.readouterr().err == (
        f"histdocs build: cannot write into {out}/handouts: it is a symbolic link (or a loop of them) where a real "
        "file or folder is needed; replace the link with a real folder or file\n")
    assert list(elsewhere.iterdir()) == []
    (out / "handouts").unlink()
    (tmp_path / "moved").rename(out / "handouts")
    assert _files(out) == before


def test_the_output_folder_swapped_for_a_link_while_writing_keeps_writes_in_the_opened_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, elsewhere, moved = tmp_path / "out", tmp_path / "elsewhere", tmp_path / "moved"
    elsewhere.mkdir()
    (elsewhere / "handouts").mkdir()
    (elsewhere / "decks").mkdir()
    _fake_drawers(monkeypatch)
    real_fsync = os.fsync
    swapped = []

    def swapping_fsync(fd: int) -> None:
        real_fsync(fd)
        if not swapped:  # right after the first file is written
            out.rename(moved)
            out.symlink_to(elsewhere)
            swapped.append(True)

    monkeypatch.setattr(os, "fsync", swapping_fsync)
    build_module.build(load_course(ROME), out)
    assert swapped
    assert _files(elsewhere) == {}
    assert sorted(_files(moved)) == ROME_FILES


TAGGED_BUILD = """\
import sys
from test_all_or_nothing import _fake_drawers
import pytest
_fake_drawers(pytest.MonkeyPatch(), tag=sys.argv[3])
from histdocs.cli import main
raise SystemExit(main(["build", sys.argv[1], "-o", sys.argv[2], "-q"]))
"""


def test_two_builds_into_one_folder_at_once_never_interleave(tmp_path: Path) -> None:
    out = tmp_path / "out"
    script = tmp_path / "tagged_build.py"
    script.write_text(TAGGED_BUILD)
    for _ in range(3):
        children = [subprocess.Popen([sys.executable, str(script), str(ROME), str(out), tag], env=_env(),
                                     stderr=subprocess.PIPE, text=True) for tag in ("A", "B", "C")]
        for child in children:
            _, err = child.communicate(timeout=300)
            assert child.returncode == 0, err
        assert sorted(_files(out)) == ROME_FILES  # no leftovers
        assert len(_generation(out, ROME_FILES)) == 1, _generation(out, ROME_FILES)


def test_a_stuck_build_holding_the_folder_is_waited_for_then_named(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    import histdocs.outdir

    out = tmp_path / "out"
    out.mkdir()
    holder = os.open(out, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # as a stuck build holds it
    monkeypatch.setattr(histdocs.outdir, "LOCK_WAIT_SECONDS", 0.3)
    _fake_drawers(monkeypatch)
    try:
        with pytest.raises(MachineError) as caught:
            build_module.build(load_course(ROME), out)
    finally:
        os.close(holder)
    assert str(caught.value) == f"cannot write into {out}: it is in use; close the program using it, then run again"
    assert _files(out) == {}


def test_a_folder_where_an_output_goes_is_refused_before_anything_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    _earlier_set(out)
    (out / "decks" / "03-end-of-republic.pptx").unlink()
    (out / "decks" / "03-end-of-republic.pptx").mkdir()
    before = _files(out)
    _fake_drawers(monkeypatch)
    assert main(["build", str(ROME), "-o", str(out), "-q"]) == 3
    assert capsys.readouterr().err == (
        f"histdocs build: cannot replace {out}/decks/03-end-of-republic.pptx: it is a folder, not a file; "
        "name a file, or move the folder away\n")
    assert _files(out) == before


def test_a_first_build_that_fails_leaves_no_output_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "new" / "out"
    _fake_drawers(monkeypatch, fail_on="deck civil-war")
    with pytest.raises(RuntimeError, match="injected"):
        build_module.build(load_course(ROME), out)
    assert list(tmp_path.iterdir()) == []


def test_an_output_folder_that_cannot_be_made_is_named_before_drawing(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "notes.txt").write_text("a file")
    calls = _fake_drawers(monkeypatch)
    with pytest.raises(MachineError, match="cannot make the folder .*notes.txt/out: part of the path is a file"):
        build_module.build(load_course(ROME), tmp_path / "notes.txt" / "out")
    assert calls == []
