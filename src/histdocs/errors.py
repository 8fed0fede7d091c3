"""Located errors: every problem in input names its file, line, column and field path."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Location", "Problem", "HistdocsError", "InputError", "RenderError"]


@dataclass(frozen=True)
class Location:
    """A place in an input file; line and column count from 1."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, where it is, and how to fix it.

    `path` is the field path inside the document (``events[3].date``); `hint` is an
    optional suggestion printed on the next line.
    """

    message: str
    location: Location | None = None
    path: str = ""
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        at = f" (at {self.path})" if self.path else ""
        text = f"{where}{self.message}{at}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        """Return a key that orders problems by file, then position."""
        loc = self.location
        if loc is None:
            return ("", 0, 0, self.message)
        return (loc.file, loc.line, loc.column, self.message)


class HistdocsError(Exception):
    """Base of every error histdocs raises on purpose (the CLI turns it into exit 2)."""


class InputError(HistdocsError):
    """Bad input (course data, layout, template): carries every problem found in one run."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems, key=Problem.sort_key))
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found"
        return head + ":\n" + "\n".join(str(p) for p in self.problems)


class RenderError(HistdocsError):
    """A document could not be made from valid input (e.g. a glyph no font has)."""
