"""histdocs: turn structured history into PDF handouts and PowerPoint lecture decks.

The public surface is small and light to import: the render backends (reportlab,
python-pptx) are imported only when a handout or deck is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "load_course",
    "parse_date",
    "HistoricalDate",
    "DateError",
    "Course",
    "InputError",
    "HistdocsError",
    "MachineError",
    "render_handout",
    "render_deck",
    "build",
    "__version__",
]

_LAZY = {
    "load_course": ("histdocs.load", "load_course"),
    "parse_date": ("histdocs.dates", "parse_date"),
    "HistoricalDate": ("histdocs.dates", "HistoricalDate"),
    "DateError": ("histdocs.dates", "DateError"),
    "Course": ("histdocs.model", "Course"),
    "InputError": ("histdocs.errors", "InputError"),
    "HistdocsError": ("histdocs.errors", "HistdocsError"),
    "MachineError": ("histdocs.errors", "MachineError"),
    "render_handout": ("histdocs.build", "render_handout"),
    "render_deck": ("histdocs.build", "render_deck"),
    "build": ("histdocs.build", "build"),
}

if TYPE_CHECKING:  # pragma: no cover
    from .build import build, render_deck, render_handout
    from .dates import DateError, HistoricalDate, parse_date
    from .errors import HistdocsError, InputError, MachineError
    from .load import load_course
    from .model import Course


def __getattr__(name: str) -> Any:
    """Import public names on first use, so `import histdocs` stays light."""
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'histdocs' has no attribute {name!r}") from None
    import importlib

    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
