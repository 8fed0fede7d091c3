"""What to make for a course, and writing it safely.

Gather everything, then write: the course is loaded and checked, every output is planned (two
outputs with one name are refused here) and drawn into memory, and only then is the whole set
written, all-or-nothing (see `outdir`). A failed build leaves earlier outputs byte-for-byte as
they were.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Callable, Iterable, Sequence, TextIO

from .errors import InputError, Location, Problem
from .model import Course, Period
from .outdir import OutputFolder, check_can_make, publish_file

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

OUTPUT_FOLDERS = ("handouts", "decks")  # a build writes only into these; their leftovers are swept
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


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    The old file (if any) stays whole until the rename; the temporary file is removed if
    anything fails on the way. Raise :class:`~histdocs.errors.MachineError` naming the path.
    """
    publish_file(path, data)


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

    def what(self, course: Course) -> str:
        """Return what this output is, with where its id is written when known (for messages)."""
        if self.period is None:
            text, key = f"the whole-course {self.kind} (course id '{course.id}')", "course.id"
        else:
            text, key = f"the {self.kind} of period '{self.period.id}'", f"periods[{self.period.id}].id"
        where = course.locations.get(key)
        return f"{text} at {where}" if where else text


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
    _refuse_collisions(course, outputs)
    return outputs


def _refuse_collisions(course: Course, outputs: Sequence[Output]) -> None:
    """Raise if two outputs would get one file name (e.g. course id `01-p1` and period 1 `p1`).

    The names are lowercase slugs, so a case-insensitive disk (macOS, Windows) adds no collision.
    """
    first: dict[str, Output] = {}
    problems = []
    for output in outputs:
        key = str(output.path)
        if key not in first:
            first[key] = output
            continue
        other = first[key]
        where: Location | None = course.locations.get(
            "course.id" if output.period is None else f"periods[{output.period.id}].id")
        problems.append(Problem(
            f"{other.what(course)} and {output.what(course)} would both be written to {output.label}",
            where, hint="give one of them another id: output file names are made from the ids",
        ))
    if problems:
        raise InputError(problems)


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


def _draw_all(course: Course, outputs: Iterable[Output], progress: ProgressBar | None,
              jobs: int = 1) -> list[tuple[Output, bytes]]:
    from .workers import draw_outputs

    todo = list(outputs)
    if jobs > 1:  # what every output needs is done once here, so that forked workers share it
        from .texts import course_characters

        course_characters(course)  # the glyph check's one walk over the course
        kinds = {output.kind for output in todo}
        if "handout" in kinds:
            from .render import pdf  # noqa: F401
        if "deck" in kinds:
            from .render import pptx  # noqa: F401
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
    then the whole set is written or, on any failure, nothing is (earlier outputs stay
    byte-for-byte as they were). Raise InputError for bad input (exit 2) and MachineError when
    a file or folder cannot be made (exit 3).
    """
    course = _as_course(course)
    out = Path(out_dir)
    outputs = plan_outputs(
        course, out, periods=periods, handout_layout=handout_layout, deck_layout=deck_layout, only=only
    )
    # An existing output folder is opened before drawing: if its path is swapped for a link
    # meanwhile, the files still go here. A new one is made only when there is something to write.
    folder = OutputFolder.open(out) if os.path.isdir(out) else None
    if folder is None:
        check_can_make(out)
    if progress:
        progress.start(len(outputs))
    try:
        drawn = _draw_all(course, outputs, progress, jobs)
    except BaseException:
        if folder is not None:
            folder.close()
        raise
    finally:
        if progress:
            progress.finish()
    with folder or OutputFolder.open(out) as target:
        target.publish([(PurePath(output.path.relative_to(out)), data) for output, data in drawn],
                       sweep=OUTPUT_FOLDERS)
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
