"""Chicago notes-bibliography: full and short notes, bibliography entries, note numbering.

Pure (model only). Notes and entries are tuples of :class:`~histdocs.model.Run`, so titles
come out italic in any renderer; ``"".join(r.text for r in runs)`` gives the plain text.
Used by the handout plan (footnotes) and the deck plan (speaker notes, slide references).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from .model import Citation, Course, Run, Source

if TYPE_CHECKING:
    from .dates import HistoricalDate

__all__ = [
    "Note",
    "NoteNumbering",
    "full_note",
    "short_note",
    "bibliography_entry",
    "bibliography",
    "plain",
    "author_names",
]

_LQ, _RQ = "\u201c", "\u201d"  # typographic quotes around chapter and article titles
_ITALIC_TYPES = {"book", "document", "report", "webpage_site"}
_QUOTED_TYPES = {"chapter", "article", "webpage", "interview"}


def plain(runs: Iterable[Run]) -> str:
    """Return the text of runs without emphasis."""
    return "".join(r.text for r in runs)


# ----------------------------------------------------------------------------- names


def _split_name(name: str) -> tuple[str, str]:
    """Return (family, given) of a "Family, Given" name; a literal name is all family."""
    if "," in name:
        family, given = name.split(",", 1)
        return family.strip(), given.strip()
    return name.strip(), ""


def _natural(name: str) -> str:
    """Return "Given Family" ("E. Ismayilov") from "Family, Given"; literal names unchanged."""
    family, given = _split_name(name)
    return f"{given} {family}" if given else family


def _inverted(name: str) -> str:
    """Return "Family, Given" as written (a literal name stays as it is)."""
    family, given = _split_name(name)
    return f"{family}, {given}" if given else family


def _family(name: str) -> str:
    return _split_name(name)[0]


def _join(names: list[str]) -> str:
    """Return names joined the Chicago way: "A", "A and B", "A, B, and C"."""
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + ", and " + names[-1]


def author_names(names: tuple[str, ...], form: str = "note") -> str:
    """Return the names for a note ('note'), a short note ('short') or a bibliography ('bib').

    Notes name up to three people and use "et al." after the first for four or more;
    the bibliography names everyone, the first inverted.
    """
    if not names:
        return ""
    if form == "short":
        if len(names) > 3:
            return f"{_family(names[0])} et al."
        return _join([_family(n) for n in names])
    if form == "bib":
        first = _inverted(names[0])
        if len(names) == 2 and "," in first:
            return f"{first}, and {_natural(names[1])}"
        return _join([first] + [_natural(n) for n in names[1:]])
    if len(names) > 3:
        return f"{_natural(names[0])} et al."
    return _join([_natural(n) for n in names])


# ----------------------------------------------------------------------------- pieces


def _year(date: "HistoricalDate | None") -> str:
    """Return the year of a date as printed ("2010", "44 BCE"), or '' when there is none."""
    if date is None:
        return ""
    text = str(date)
    match = re.search(r"(c\.\s*)?\d+(\s*(BCE|BC|CE|AD))?\s*$", text)
    if match and not re.search(r"\d+\s*[–-]\s*\d+\s*$", text):
        return match.group(0).strip()
    return text


def _locator(locator: str) -> str:
    """Return a locator as a note prints it: "pp. 397–398" → "397–398"; others as written."""
    text = locator.strip()
    match = re.fullmatch(r"(?:pp?\.|pages?)\s*(.+)", text, flags=re.IGNORECASE)
    return match.group(1).strip() if match else text


def _short_title(title: str) -> str:
    """Return a title without its subtitle ("History of Azerbaijan: Essays" → "History of Azerbaijan")."""
    main = re.split(r"[:?!]\s", title, maxsplit=1)[0].strip()
    return main or title


def _title_runs(source: Source, title: str) -> list[Run]:
    """Return the title styled for its type: italic for books, quoted for parts of works."""
    if source.type in _QUOTED_TYPES:
        return [Run(_LQ + title)]  # closing quote added with the following punctuation
    return [Run(title, italic=True)]


def _close_title(source: Source, punct: str) -> Run:
    """Return the punctuation after a title; American style puts it inside closing quotes."""
    if source.type in _QUOTED_TYPES:
        return Run(punct + _RQ if punct in (",", ".") else _RQ + punct)
    return Run(punct)


def _facts(source: Source, undated: str = "") -> str:
    """Return "Place: Publisher, Year" with whatever parts are known; `undated` stands for a missing year."""
    where = ": ".join(x for x in (source.publisher_place, source.publisher) if x)
    return ", ".join(x for x in (where, _year(source.issued) or undated) if x)


def _editors(source: Source, form: str) -> str:
    if not source.editor:
        return ""
    if form == "bib":
        return "Edited by " + _join([_natural(n) for n in source.editor])
    return "ed. " + author_names(source.editor, "note")


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    """Return runs with empty ones dropped and neighbours of the same style joined."""
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and (out[-1].bold, out[-1].italic) == (run.bold, run.italic) and out[-1].citation is None:
            out[-1] = Run(out[-1].text + run.text, bold=run.bold, italic=run.italic)
        else:
            out.append(run)
    return tuple(out)


def _end(runs: list[Run]) -> list[Run]:
    """Return runs ending with exactly one full stop (after a quote or a URL, too)."""
    if not runs:
        return runs
    last = runs[-1]
    text = last.text.rstrip()
    if text.endswith(_RQ) and not text.endswith(("." + _RQ, "?" + _RQ, "!" + _RQ)):
        runs[-1] = Run(text[: -len(_RQ)] + "." + _RQ, bold=last.bold, italic=last.italic)
        return runs
    if text.endswith(("." + _RQ, "?" + _RQ, "!" + _RQ)) or text.endswith((".", "?", "!")):
        runs[-1] = Run(text, bold=last.bold, italic=last.italic)
        return runs
    runs[-1] = Run(text, bold=last.bold, italic=last.italic)
    runs.append(Run("."))
    return runs


# ----------------------------------------------------------------------------- notes


def full_note(source: Source, locator: str = "") -> tuple[Run, ...]:
    """Return the first, full note for a source: `E. Ismayilov, *Title* (Moscow, 2010), 397–398.`"""
    runs: list[Run] = []
    who = author_names(source.author, "note")
    editors_lead = not who and bool(source.editor)
    if editors_lead:
        who = author_names(source.editor, "note") + (", eds." if len(source.editor) > 1 else ", ed.")
    if who:
        runs.append(Run(who + ", "))
    kind = source.type
    loc = _locator(locator)

    if kind == "chapter":
        runs += _title_runs(source, source.title)
        runs.append(_close_title(source, ","))
        if source.container_title:
            runs += [Run(" in "), Run(source.container_title, italic=True)]
        if source.editor and not editors_lead:
            runs.append(Run(", " + _editors(source, "note")))
        facts = _facts(source)
        runs.append(Run(f" ({facts})" if facts else ""))
        if loc:
            runs.append(Run(", " + loc))
    elif kind == "article":
        runs += _title_runs(source, source.title)
        runs.append(_close_title(source, ","))
        if source.container_title:
            runs += [Run(" "), Run(source.container_title, italic=True)]
        year = _year(source.issued)
        if year:
            runs.append(Run(f" ({year})" if source.container_title else f" {year}"))
        if loc:
            runs.append(Run((": " if year else ", ") + loc))
        if source.url:
            runs.append(Run(", " + source.url))
    elif kind in ("webpage", "interview"):
        runs += _title_runs(source, source.title)
        tail = [x for x in (source.container_title, source.publisher) if x]
        date = str(source.issued) if source.issued else ""
        if date:
            tail.append(date if kind == "interview" else f"published {date}" if source.container_title else date)
        if source.accessed is not None:
            tail.append(f"accessed {source.accessed}")
        if loc:
            tail.append(loc)
        if source.url:
            tail.append(source.url)
        runs.append(_close_title(source, "," if tail else ""))
        if tail:
            runs.append(Run(" " + ", ".join(tail)))
    else:  # book, document, report and anything else: an italic title
        runs += _title_runs(source, source.title)
        if source.editor and not editors_lead:
            runs.append(Run(", " + _editors(source, "note")))
        facts = _facts(source)
        if facts:
            runs.append(Run(f" ({facts})"))
        if loc:
            runs.append(Run(", " + loc))
        if source.url:
            runs.append(Run(", " + source.url))
    return _merge(_end(runs))


def short_note(source: Source, locator: str = "") -> tuple[Run, ...]:
    """Return the short note for a source cited before: `Ismayilov, *History of Azerbaijan*, 397.`"""
    runs: list[Run] = []
    who = author_names(source.author or source.editor, "short")
    if who:
        runs.append(Run(who + ", "))
    title = _short_title(source.title)
    runs += _title_runs(source, title)
    loc = _locator(locator)
    runs.append(_close_title(source, "," if loc else ""))
    if loc:
        runs.append(Run(" " + loc))
    return _merge(_end(runs))


def bibliography_entry(source: Source) -> tuple[Run, ...]:
    """Return the bibliography entry: `Ismayilov, E. *History of Azerbaijan: Essays*. Moscow, 2010.`"""
    runs: list[Run] = []
    who = author_names(source.author, "bib")
    editors_lead = not who and bool(source.editor)
    if editors_lead:
        who = author_names(source.editor, "bib") + (", eds" if len(source.editor) > 1 else ", ed")
    if who:
        runs.append(Run(who if who.endswith(".") else who + "."))
        runs.append(Run(" "))
    kind = source.type
    runs += _title_runs(source, source.title)
    runs.append(_close_title(source, "."))
    if kind == "chapter":
        if source.container_title:
            runs += [Run(" In "), Run(source.container_title, italic=True)]
            if source.editor and not editors_lead:
                runs.append(Run(", edited by " + author_names(source.editor, "note")))
            if source.page:
                runs.append(Run(f", {source.page}"))
            runs.append(Run("."))
        elif source.page:
            runs.append(Run(f" {source.page}."))
        facts = _facts(source, "n.d.")  # Chicago: an undated work says so
        if facts:
            runs.append(Run(f" {facts}."))
    elif kind == "article":
        if source.container_title:
            runs += [Run(" "), Run(source.container_title, italic=True)]
        year = _year(source.issued) or "n.d."
        runs.append(Run(f" ({year})"))
        if source.page:
            runs.append(Run(f": {source.page}"))
        runs.append(Run("."))
        if source.url:
            runs.append(Run(f" {source.url}."))
    elif kind in ("webpage", "interview"):
        tail = [x for x in (source.container_title, source.publisher) if x]
        if source.issued is not None:
            tail.append(str(source.issued))
        if source.accessed is not None:
            tail.append(f"Accessed {source.accessed}")
        if tail:
            runs.append(Run(" " + ". ".join(tail) + "."))
        if source.url:
            runs.append(Run(f" {source.url}."))
    else:
        if source.editor and not editors_lead:
            runs.append(Run(" " + _editors(source, "bib") + "."))
        facts = _facts(source, "n.d.")  # Chicago: an undated work says so
        if facts:
            runs.append(Run(f" {facts}."))
        if source.url:
            runs.append(Run(f" {source.url}."))
    fixed = [Run(r.text.replace("..", "."), r.bold, r.italic) if not r.italic else r for r in runs]
    return _merge(_end(fixed))


def _sort_key(source: Source) -> tuple[str, str, str]:
    names = source.author or source.editor
    lead = _inverted(names[0]) if names else source.title
    return (lead.casefold(), source.title.casefold(), source.id)


def bibliography(course: Course, source_ids: Iterable[str] | None = None) -> list[tuple[Source, tuple[Run, ...]]]:
    """Return (source, entry) for the given ids (all sources if None), sorted by author, then title."""
    if source_ids is None:
        sources = list(course.sources)
    else:
        seen: dict[str, Source] = {}
        for sid in source_ids:
            if sid not in seen:
                seen[sid] = course.source(sid)
        sources = list(seen.values())
    sources.sort(key=_sort_key)
    return [(s, bibliography_entry(s)) for s in sources]


# ----------------------------------------------------------------------------- numbering


@dataclass(frozen=True)
class Note:
    """A numbered note: its number in the document and its text as runs."""

    number: int
    runs: tuple[Run, ...]
    source: str = ""

    @property
    def text(self) -> str:
        """Return the note as plain text."""
        return plain(self.runs)


@dataclass
class NoteNumbering:
    """Numbers notes in one document's reading order: full note first, short note after.

    With ``ibid`` set, a citation of the same source as the note just before becomes
    "Ibid." (with the locator when it differs). ``cited`` lists the source ids in order of
    first citation, for the bibliography.
    """

    course: Course
    ibid: bool = False
    notes: list[Note] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)
    _last: tuple[str, str] | None = None
    _cited: set[str] = field(default_factory=set)  # `cited`, to look up (ten thousand sources in one text)

    def __post_init__(self) -> None:
        self._cited = set(self.cited)

    def note_for(self, citation: Citation) -> Note:
        """Return the next note, numbered, for this citation (and remember it)."""
        source = self.course.source(citation.source)
        if citation.source not in self._cited:
            self._cited.add(citation.source)
            self.cited.append(citation.source)
            runs = full_note(source, citation.locator)
        elif self.ibid and self._last is not None and self._last[0] == citation.source:
            loc = _locator(citation.locator)
            same = citation.locator.strip() == self._last[1].strip()
            runs = (Run("Ibid."),) if same or not loc else (Run(f"Ibid., {loc}."),)
        else:
            runs = short_note(source, citation.locator)
        self._last = (citation.source, citation.locator)
        note = Note(len(self.notes) + 1, runs, citation.source)
        self.notes.append(note)
        return note
