"""Drawing a build's outputs in forked worker processes, with the bytes a serial build gives.

A build loads and checks the course once; drawing each handout and deck is independent and
CPU-bound, so on a machine with several cores the outputs are drawn by processes forked after
loading (they inherit the course, layouts and fonts instead of reading them again). Only
indices go to the workers and only bytes or errors come back; the caller gets the results in
the outputs' own order, so what is written does not depend on which worker finished first.
Where `fork` is not available (Windows, macOS' default spawn), drawing stays serial.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import traceback
from typing import Any, Callable, Sequence

from .errors import InputError

__all__ = ["default_jobs", "draw_outputs"]

_OUTPUTS: Sequence[Any] = ()
"""The outputs of the build being drawn; set before the fork so each worker inherits them."""


def default_jobs() -> int:
    """Return how many processes to draw with: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _quiet_worker() -> None:
    """Leave Ctrl-C to the parent, which stops the pool: no worker prints a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pack(exc: BaseException) -> tuple[str, Any]:
    """Return an error in a form that crosses the pipe and is rebuilt as the same error.

    InputError is rebuilt from its problems (its message alone would not make one). Any other
    error travels pickled inside bytes, so a type that cannot be rebuilt fails in :func:`_unpack`
    (and becomes a RuntimeError saying what it was) rather than in the pool's result thread,
    which would leave the build waiting forever; a bug's worker traceback rides along as a note.
    """
    if isinstance(exc, InputError):
        return ("input", exc.problems)
    from .errors import HistdocsError

    if not isinstance(exc, HistdocsError):
        exc.add_note("in a build worker:\n" + "".join(traceback.format_exception(exc)).rstrip())
    text = f"{type(exc).__name__}: {exc}"
    try:
        return ("error", (pickle.dumps(exc), text))
    except Exception:  # noqa: BLE001 - whatever cannot pickle is described instead
        return ("error", (b"", text))


def _unpack(packed: tuple[str, Any]) -> BaseException:
    kind, value = packed
    if kind == "input":
        return InputError(list(value))
    blob, text = value
    try:
        return pickle.loads(blob)
    except Exception:  # noqa: BLE001 - described instead
        return RuntimeError(text)


def _draw_one(index: int) -> tuple[int, bool, Any]:
    """Draw output `index` in a worker; return (index, ok, bytes or packed error)."""
    try:
        return index, True, _OUTPUTS[index].draw()
    except Exception as exc:  # noqa: BLE001 - every error goes back to the parent
        return index, False, _pack(exc)


def draw_outputs(outputs: Sequence[Any], jobs: int, done: Callable[[Any], None] | None = None) -> list[bytes]:
    """Return each output's bytes, in order, drawn by up to `jobs` processes.

    `done(output)` is called in the parent as each one finishes (for a progress bar). When
    drawing fails, the error raised is the one a serial build would meet first (the earliest
    failing output), after every worker has stopped.

    The course and layouts live as long as the build: they are frozen out of the garbage
    collector's sight meanwhile, so the collections between outputs stay short (a deck frees
    its XML that way) and forked workers do not write to, and so copy, the pages holding them.
    """
    gc.freeze()
    try:
        jobs = min(jobs, len(outputs))
        if jobs <= 1 or not _can_fork():
            return _serial(outputs, done)
        return _parallel(outputs, jobs, done)
    finally:
        gc.unfreeze()


def _serial(outputs: Sequence[Any], done: Callable[[Any], None] | None) -> list[bytes]:
    drawn = []
    for output in outputs:
        drawn.append(output.draw())
        if done:
            done(output)
    return drawn


def _parallel(outputs: Sequence[Any], jobs: int, done: Callable[[Any], None] | None) -> list[bytes]:
    """Draw every output in forked workers; see draw_outputs.

    Nothing is drawn here first: while this process drew one handout and one deck to warm its
    caches, the other cores sat idle, which cost more (measured: 1.25 → 1.12 s wall for the
    bundled course on 2 cores, same bytes) than each worker registering its own fonts. The
    caller imports the renderers before the fork, so that code is shared.
    """
    global _OUTPUTS
    _OUTPUTS = outputs
    results: dict[int, bytes] = {}
    failures: dict[int, tuple[str, Any]] = {}

    def record(index: int, ok: bool, value: Any) -> bool:
        """Keep one result; return True when a serial build would have stopped by now."""
        if ok:
            results[index] = value
            if done:
                done(outputs[index])
        else:
            failures[index] = value
        first = min(failures, default=None)
        return first is not None and all(i in results or i in failures for i in range(first))

    try:
        # The whole-course handout is the longest job: start it first so it does not finish last.
        rest = sorted(range(len(outputs)), key=lambda i: outputs[i].period is not None)
        if rest:
            with multiprocessing.get_context("fork").Pool(min(jobs, len(rest)), initializer=_quiet_worker) as pool:
                for index, ok, value in pool.imap_unordered(_draw_one, rest, chunksize=1):
                    if record(index, ok, value):
                        break  # leaving the block stops the workers
                else:
                    pool.close()
                    pool.join()
    finally:
        _OUTPUTS = ()
    if failures:
        raise _unpack(failures[min(failures)])
    return [results[i] for i in range(len(outputs))]
