"""What to make for a course, and writing it safely.

Gather everything, then write: the course is loaded and checked, every output is planned and
drawn into memory, and only then are files written — each to a temporary file in the target
folder, flushed, and renamed over the old one. A failed build leaves earlier outputs untouched.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence, TextIO

from .errors import InputError, Problem
from .model import Course, Period

if TYPE_CHECKING:
    from .layouts import Layout

__all__ = [
    "build",
    "render_handout",
    "render_deck",
    "plan_outputs",
    "Output",
    "ProgressBar",
    "safe_name",
    "write_atomic",
]

_SLUG_ALLOWED = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 60


def safe_name(text: str, fallback: str = "untitled") -> str:
    """Return a file-name slug from an id or title: lowercase a–z, 0–9 and single hyphens.

    Nothing from data reaches a file name without passing through this allow-list, so a
    hostile id (`../../CON:?`) can never name a file outside the output folder.
    """
    slug = _SLUG_ALLOWED.sub("-", text.casefold()).strip("-")
    slug = slug[:MAX_SLUG].strip("-")
    return slug or fallback


def _umask() -> int:
    """Return the process umask (reading it means setting it, so set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    The old file (if any) stays whole until the rename; the temporary file is removed if
    anything fails on the way.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            # mkstemp makes the file private (0600); give it the mode a plain open() would.
            os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise


@dataclass(frozen=True)
class Output:
    """One file a build makes: where it goes, and how to draw it (into bytes)."""

    path: Path
    kind: str  # "handout" | "deck"
    period: Period | None
    draw: Callable[[], bytes]

    @property
    def label(self) -> str:
        """Return a short name for progress messages (`handouts/01-x.pdf`)."""
        return f"{self.path.parent.name}/{self.path.name}"


def _inside(folder: Path, path: Path) -> Path:
    """Return `path` (as given, so messages stay short), or raise if it would leave `folder`."""
    root = folder.resolve()
    final = path.resolve()
    if final != root and root not in final.parents:
        raise InputError([Problem(f"output path {path} would leave the output folder {folder}")])
    return path


def _as_course(course: Course | str | os.PathLike[str]) -> Course:
    if isinstance(course, Course):
        return course
    from .load import load_course

    return load_course(course)


def _as_period(course: Course, period: Period | str | None) -> Period | None:
    if period is None or isinstance(period, Period):
        return period
    try:
        return course.period(period)
    except KeyError:
        known = ", ".join(p.id for p in course.periods) or "none"
        raise InputError([Problem(f"no period with id {period!r} in course {course.id!r} (periods: {known})")]) from None


def _layout(layout: str | os.PathLike[str] | Layout, kind: str) -> Layout:
    """Return the layout, loading (and checking) it when given a name or a path."""
    from .layouts import Layout, load_layout

    return layout if isinstance(layout, Layout) else load_layout(layout, kind=kind)


def _handout_drawer(course: Course, period: Period | None, layout: Layout) -> Callable[[], bytes]:
    def draw() -> bytes:
        from .render.pdf import handout_pdf

        return handout_pdf(course, period, layout)

    return draw


def _deck_drawer(course: Course, period: Period | None, layout: Layout) -> Callable[[], bytes]:
    def draw() -> bytes:
        from .render.pptx import deck_pptx

        return deck_pptx(course, period, layout)

    return draw


def plan_outputs(
    course: Course,
    out_dir: Path,
    *,
    periods: Sequence[str] | None = None,
    handout_layout: str | os.PathLike[str] | Layout = "handout-a4",
    deck_layout: str | os.PathLike[str] | Layout = "deck-16x9",
    only: str | None = None,
) -> list[Output]:
    """Return every file a build of `course` makes, in order, without drawing anything.

    Handouts: `handouts/NN-<period>.pdf` per period and `handouts/<course>.pdf` for the whole
    course; decks: `decks/NN-<period>.pptx` per period. `periods` limits the build to those
    period ids (and then leaves out the whole-course handout).
    """
    if only not in (None, "handouts", "decks"):
        raise InputError([Problem(f"--only takes 'handouts' or 'decks', not {only!r}")])
    chosen = list(course.periods)
    if periods:
        chosen = [p for p in (_as_period(course, pid) for pid in periods) if p is not None]
    outputs: list[Output] = []
    if only in (None, "handouts"):
        handout_look = _layout(handout_layout, "handout")  # read and checked once, before any drawing
        for period in chosen:
            name = f"{period.number:02d}-{safe_name(period.id, 'period')}.pdf"
            path = _inside(out_dir, out_dir / "handouts" / name)
            outputs.append(Output(path, "handout", period, _handout_drawer(course, period, handout_look)))
        if not periods:
            path = _inside(out_dir, out_dir / "handouts" / f"{safe_name(course.id, 'course')}.pdf")
            outputs.append(Output(path, "handout", None, _handout_drawer(course, None, handout_look)))
    if only in (None, "decks"):
        deck_look = _layout(deck_layout, "deck")
        for period in chosen:
            name = f"{period.number:02d}-{safe_name(period.id, 'period')}.pptx"
            path = _inside(out_dir, out_dir / "decks" / name)
            outputs.append(Output(path, "deck", period, _deck_drawer(course, period, deck_look)))
    return outputs


class ProgressBar:
    """A one-line progress bar on a terminal stream (the CLI passes stderr)."""

    def __init__(self, stream: TextIO, width: int = 24) -> None:
        self.stream = stream
        self.width = width
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        """Begin a bar of `total` steps."""
        self.total, self.done = total, 0
        self._draw("")

    def step(self, label: str) -> None:
        """Mark one more step done, naming it."""
        self.done += 1
        self._draw(label)

    def finish(self) -> None:
        """End the bar's line."""
        self.stream.write("\n")
        self.stream.flush()

    def _draw(self, label: str) -> None:
        filled = int(self.width * self.done / self.total) if self.total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {label[:40]:<40}")
        self.stream.flush()


def _draw_all(outputs: Iterable[Output], progress: ProgressBar | None, jobs: int = 1) -> list[tuple[Output, bytes]]:
    from .workers import draw_outputs

    todo = list(outputs)
    done = (lambda output: progress.step(output.label)) if progress else None
    return list(zip(todo, draw_outputs(todo, jobs, done)))


def build(
    course: Course | str | os.PathLike[str],
    out_dir: str | os.PathLike[str] = "out",
    *,
    periods: Sequence[str] | None = None,
    handout_layout: str | os.PathLike[str] | Layout = "handout-a4",
    deck_layout: str | os.PathLike[str] | Layout = "deck-16x9",
    only: str | None = None,
    progress: ProgressBar | None = None,
    jobs: int = 1,
) -> list[Path]:
    """Make every handout and deck of a course into `out_dir`; return the paths written.

    Everything is drawn in memory first, by up to `jobs` forked processes (same bytes as one);
    files are written only when all succeeded.
    """
    course = _as_course(course)
    out = Path(out_dir)
    outputs = plan_outputs(
        course, out, periods=periods, handout_layout=handout_layout, deck_layout=deck_layout, only=only
    )
    if progress:
        progress.start(len(outputs))
    try:
        drawn = _draw_all(outputs, progress, jobs)
    finally:
        if progress:
            progress.finish()
    for output, data in drawn:
        write_atomic(output.path, data)
    return [output.path for output, _ in drawn]


def render_handout(
    course: Course | str | os.PathLike[str],
    path: str | os.PathLike[str],
    period: Period | str | None = None,
    layout: str | os.PathLike[str] | Layout = "handout-a4",
) -> Path:
    """Write the handout of one period (or of the whole course when `period` is None) to `path`."""
    course = _as_course(course)
    chosen = _as_period(course, period)
    data = _handout_drawer(course, chosen, _layout(layout, "handout"))()
    target = Path(path)
    write_atomic(target, data)
    return target


def render_deck(
    course: Course | str | os.PathLike[str],
    path: str | os.PathLike[str],
    period: Period | str,
    layout: str | os.PathLike[str] | Layout = "deck-16x9",
) -> Path:
    """Write the lecture deck of one period to `path`."""
    course = _as_course(course)
    chosen = _as_period(course, period)
    if chosen is None:
        raise InputError([Problem("a deck is made for one period: name it (period='…')")])
    data = _deck_drawer(course, chosen, _layout(layout, "deck"))()
    target = Path(path)
    write_atomic(target, data)
    return target
