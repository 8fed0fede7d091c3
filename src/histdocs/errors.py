"""Errors histdocs raises: located input problems (FILE:LINE:COLUMN) and refusals of the machine."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass

__all__ = ["Location", "Problem", "HistdocsError", "InputError", "RenderError", "MachineError", "describe_os_error"]


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
    """Base of every error histdocs raises on purpose (the CLI exits 2, or 3 for a MachineError)."""


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


# What each refusal of the operating system means to a teacher, and what to do about it.
_REFUSALS: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("it does not exist", "check the path"),
    errno.EACCES: ("permission denied", "check its permissions or choose another folder"),
    errno.EPERM: ("permission denied", "check its permissions or choose another folder"),
    errno.EROFS: ("the disk is read-only", "choose a folder on a disk you can write to"),
    errno.ENOSPC: ("no space left on the disk (no free blocks or no free file entries)",
                   "free some space or delete files you no longer need, then run again"),
    errno.EDQUOT: ("your disk quota is used up", "free some space, then run again"),
    errno.EFBIG: ("the file is larger than this disk or this account allows",
                  "choose a folder on another disk or ask for a larger limit"),
    errno.EISDIR: ("it is a folder, not a file", "name a file, or move the folder away"),
    errno.ENOTDIR: ("part of the path is a file, not a folder", "check the path"),
    errno.ENAMETOOLONG: ("the name is too long", "choose a shorter path"),
    errno.ELOOP: ("it is a symbolic link (or a loop of them) where a real file or folder is needed",
                  "replace the link with a real folder or file"),
    errno.EEXIST: ("it already exists", "move it away or choose another name"),
    errno.EMFILE: ("too many files are open", "close some programs, then run again"),
    errno.ENFILE: ("too many files are open", "close some programs, then run again"),
    errno.EIO: ("the disk reported an input/output error", "check the disk, then run again"),
    errno.EBUSY: ("it is in use", "close the program using it, then run again"),
    errno.ETXTBSY: ("it is in use", "close the program using it, then run again"),
}
_MAX_SHOWN_PATH = 160


def _short(path: str) -> str:
    """Return `path` for a one-line message: a very long one keeps its start and end."""
    if len(path) <= _MAX_SHOWN_PATH:
        return path
    return path[: _MAX_SHOWN_PATH // 2] + "…" + path[-(_MAX_SHOWN_PATH // 2 - 1):]


def describe_os_error(exc: OSError, action: str = "", path: str | os.PathLike[str] | None = None) -> str:
    """Return one line saying which path the system refused, why, and what to do.

    `action` ("write", "read", "make the folder") and `path` say what histdocs was doing when
    the system call itself named no file (a failed `write()` or `fsync()` names none).
    """
    shown = path if path is not None else exc.filename
    what, todo = _REFUSALS.get(exc.errno or -1, ((exc.strerror or str(exc)).rstrip(".").lower() or "refused",
                                               "check the path, then run again"))
    where = _short(os.fsdecode(shown)) if shown is not None else "(the system named no file)"
    doing = f"cannot {action} " if action else ""
    return f"{doing}{where}: {what}; {todo}"


class MachineError(HistdocsError, OSError):
    """The machine refused: a file or folder could not be read, written or made (the CLI exits 3).

    It is also an :class:`OSError` with the system's `errno` and the path in `filename`, so code
    that catches `OSError` keeps working; ``str()`` is one line naming the path and what to do.
    """

    def __init__(self, action: str, path: str | os.PathLike[str], cause: OSError) -> None:
        OSError.__init__(self, cause.errno, cause.strerror or str(cause), os.fspath(path))
        self.action = action
        self.message = describe_os_error(cause, action, path)

    def __str__(self) -> str:
        return self.message
