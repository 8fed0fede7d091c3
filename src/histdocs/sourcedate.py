"""The one reading of ``SOURCE_DATE_EPOCH``: the time reproducible outputs claim to be made.

Both renderers stamp their files with it (reportlab reads the variable itself, python-pptx
gets it from us), so it is checked here, once, before anything is drawn: a value that is not
a whole number of seconds, or that no PDF date or zip timestamp can hold, is bad input with a
clear message rather than a ValueError deep in reportlab or a silently ignored setting.
"""

from __future__ import annotations

import datetime as _dt
import os

from .errors import InputError, Problem

__all__ = ["MAX_EPOCH", "source_date"]

MAX_EPOCH = 4102444799
"""The last second SOURCE_DATE_EPOCH may name: 2099-12-31 23:59:59 UTC (zip timestamps end in 2107)."""


def source_date() -> _dt.datetime | None:
    """Return SOURCE_DATE_EPOCH as a naive UTC datetime, None when unset or empty.

    Raises InputError when it is set to anything but a whole number from 0 to MAX_EPOCH.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    shown = repr(text if len(text) <= 30 else text[:27] + "...")
    if not (text.isascii() and text.isdigit()) or len(text) > 10 or int(text) > MAX_EPOCH:
        raise InputError([
            Problem(
                f"the environment variable SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 "
                f"from 0 to {MAX_EPOCH} (the end of 2099), not {shown}",
                hint="unset it, or set it to a time like $(git log -1 --format=%ct)",
            )
        ])
    return _dt.datetime.fromtimestamp(int(text), _dt.timezone.utc).replace(tzinfo=None)
