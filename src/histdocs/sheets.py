"""Read teachers' spreadsheets (``events.csv``, ``events.xlsx``, ``people.csv``, ...) into located nodes.

A sheet becomes the same tree of :class:`~histdocs.yamlsource.Scalar` / ``Sequence`` / ``Mapping``
nodes the YAML reader makes, so :mod:`histdocs.load` checks a row exactly as it checks a YAML
item: the date goes through histdocs' date parser, ids, people, places and citations are
checked, and every problem names ``FILE:ROW:COLUMN`` where COLUMN is the column's heading
(``events.csv:7:Display Date: invalid date ...``).

The events sheet may use the TimelineJS template's columns (Year, Month, Day, Time, End Year,
End Month, End Day, End Time, Display Date, Headline, Text, Media, Media Credit, Media Caption,
Media Thumbnail, Type, Group, Background) and histdocs' own names (ID, Date, Title, Summary,
Details, Note, Place, People, Tags, Importance, Cite, Facts, Image, Alt, ...), mixed freely.
``Type: era`` rows become periods, a ``Type: title`` row the course's title, ``Group`` a tag.

What a teacher typed is read as meant: a CSV saved by Excel (UTF-8 with a byte-order mark,
UTF-16, ``;`` as the delimiter in European locales), an ``.xlsx`` cell typed as a date, a
formula (its saved value), a cell merged over several rows (its value on every row). A file
histdocs cannot read that way gets a located problem and a hint, never a guess.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import html.parser
import io
import os
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from .dates import DateError, parse_date
from .errors import Location, Problem
from .yamlsource import MAX_FILE_BYTES, Mapping, Node, Scalar, Sequence

__all__ = [
    "CellLocation",
    "SHEET_SECTIONS",
    "EVENT_COLUMNS",
    "MAX_SHEET_ROWS",
    "MAX_UNPACKED_BYTES",
    "find_sheet_files",
    "read_sheet",
    "default_course",
    "html_to_prose",
    "html_to_text",
    "slug",
]

MAX_SHEET_ROWS = 20_000
"""Most rows read from one sheet: a course, not a data dump."""

MAX_UNPACKED_BYTES = 64 * 1024 * 1024
"""Most bytes an .xlsx may unpack to (an .xlsx is a zip file: this stops zip bombs)."""

SHEET_SECTIONS = ("events", "periods", "people", "places", "offices", "sources", "glossary")
"""The sections a sheet may hold: `events.csv`, `people.csv`, ... or worksheets of that name."""

_LIST_KEYS = {"aliases", "author", "editor", "objectives", "questions", "authors"}
"""Keys of other sections whose cell holds a list, items separated by ';'."""

EVENT_COLUMNS: dict[str, str] = {
    # TimelineJS template
    "year": "year", "month": "month", "day": "day", "time": "time",
    "end year": "end year", "end month": "end month", "end day": "end day", "end time": "end time",
    "display date": "date", "headline": "title", "text": "text",
    "media": "image", "media credit": "credit", "media caption": "caption", "media thumbnail": "thumbnail",
    "type": "type", "group": "group", "tag": "tags", "background": "background",
    "media alt": "alt", "alt text": "alt", "media title": "ignored", "link": "ignored", "link target": "ignored",
    # histdocs' own names
    "id": "id", "date": "date", "title": "title", "summary": "summary", "details": "details", "note": "note",
    "place": "place", "places": "place", "people": "people", "tags": "tags", "importance": "importance",
    "cite": "cite", "facts": "facts", "image": "image", "alt": "alt", "caption": "caption", "credit": "credit",
    "start": "start", "end": "end",
}
"""Every column heading an events sheet may have (lower case, single spaces) and the field it fills."""

_IGNORED = {"thumbnail", "background", "ignored"}
"""Fields read but not used: a thumbnail and a background are for the web; histdocs' pictures are files."""

_MONTHS = {name: n for n, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")), start=1) for name in names}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
_INT_RE = re.compile(r"^[+-]?\d+$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?\s*[Mm]\.?)?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})([/.])(\d{1,2})\2(\d{3,4})$")
_RANGE_SPLIT = re.compile(r"\s+(?:–|—|-|to)\s+|\s*[–—]\s*")
_WEB_MEDIA = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|www\.|<)", re.IGNORECASE)


@dataclass(frozen=True)
class CellLocation(Location):
    """A cell of a sheet: its row number and its column's heading, printed ``FILE:ROW:HEADING``.

    `column` stays the column's number (1 = A), so problems sort left to right.
    """

    heading: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.heading}" if self.heading else super().__str__()


@dataclass(frozen=True)
class _Cell:
    """A filled cell: its text (trimmed), where it is, and the typed value an .xlsx gave."""

    text: str
    loc: CellLocation
    value: object = None


@dataclass(frozen=True)
class _Table:
    """One sheet: the headings (normalised → heading cell) and the filled cells of each row."""

    name: str
    headings: dict[str, _Cell]
    rows: tuple[tuple[int, dict[str, _Cell]], ...]


def _norm(heading: str) -> str:
    return re.sub(r"\s+", " ", heading.replace("_", " ").strip()).casefold()


def _display(key: str) -> str:
    """Return a normalised heading as a teacher writes it ("media alt" → "Media Alt", "id" → "ID")."""
    return " ".join("ID" if word == "id" else word.capitalize() for word in key.split(" "))


def _letter(index: int) -> str:
    """Return the spreadsheet column letter of a 1-based column number (1 → A, 28 → AB)."""
    out = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def slug(text: str) -> str:
    """Return an id made from `text`: ASCII lowercase letters, digits and '-' ("Perestroika & After" → "perestroika-after")."""
    spaced = re.sub(r"[\W_]+", " ", text)  # punctuation (an en dash too) separates words
    ascii_text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --------------------------------------------------------------------------- finding sheets


def find_sheet_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """Return the sheet and CSL-JSON files of a course folder, and problems with files it cannot read."""
    found: list[Path] = []
    problems: list[Problem] = []
    present = os.path.lexists  # not is_file(): a pipe or folder named events.csv is refused when read, not skipped
    xlsx = folder / "events.xlsx"
    if present(xlsx):
        if present(folder / "events.csv"):
            problems.append(Problem("both events.csv and events.xlsx are in the folder; histdocs reads one events sheet",
                                    Location(str(xlsx), 1, 1), hint="delete or rename the one you no longer edit"))
        else:
            found.append(xlsx)  # first: the events sheet may hold the course's title row
    for section in SHEET_SECTIONS:
        csv_path = folder / f"{section}.csv"
        if present(csv_path):
            found.insert(0 if section == "events" else len(found), csv_path)
    for other, why in (("xlsm", "a macro-enabled workbook is not read (histdocs never runs macros)"),
                       ("xls", "the old Excel format is not read"),
                       ("ods", "LibreOffice's own format is not read")):
        for path in sorted(folder.glob(f"*.{other}")):
            if path.stem.casefold() in SHEET_SECTIONS:
                problems.append(Problem(f"'{path.name}': {why}", Location(str(path), 1, 1),
                                        hint=f"save it as {path.stem}.xlsx (Excel Workbook) or {path.stem}.csv"))
    csl = folder / "sources.json"
    if present(csl):
        found.append(csl)
    return found, problems


# --------------------------------------------------------------------------- reading CSV


def _decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Return the text of a CSV file: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            return None, [Problem("the file starts like UTF-16 text but is not", Location(name, 1, 1),
                                  hint="save it again as 'CSV UTF-8'")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X} cannot be read); "
            "histdocs cannot guess which older encoding it was saved in",
            Location(name, line, column),
            hint="in Excel: File > Save As > 'CSV UTF-8 (Comma delimited)'; in LibreOffice: Save As > "
                 "Text CSV, then choose the character set 'Unicode (UTF-8)'",
        )]


def _delimiter(text: str) -> str:
    """Return the delimiter the header row uses: ',' or ';' (European Excel) or a tab."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _read_csv(path: Path, name: str) -> tuple[_Table | None, list[Problem]]:
    raw = path.read_bytes()
    text, problems = _decode(raw, name)
    if text is None:
        return None, problems
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    grid: list[tuple[int, list[tuple[str, object]]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_SHEET_ROWS + 1:
                return None, [Problem(f"the sheet has more than {MAX_SHEET_ROWS:,} rows", Location(name, number, 1),
                                      hint="split it, or keep only the rows the course needs")]
            grid.append((number, [(cell, None) for cell in record]))
    except csv.Error as exc:
        return None, [Problem(f"the sheet cannot be read as CSV: {exc}", Location(name, reader.line_num or 1, 1),
                              hint="check the quotes in this row: a cell that starts with \" must end with \"")]
    return _table(name, grid)


def _table(name: str, grid: list[tuple[int, list[tuple[str, object]]]]) -> tuple[_Table | None, list[Problem]]:
    """Make a table of a grid of (row number, [(text, typed value)]); the first filled row holds the headings."""
    problems: list[Problem] = []
    grid = [(n, cells) for n, cells in grid if any(text.strip() for text, _ in cells)]
    if not grid:
        return None, [Problem("the sheet is empty", Location(name, 1, 1),
                              hint="the first row holds the column headings, e.g. Year, Month, Day, Headline, Text")]
    head_row, head_cells = grid[0]
    headings: dict[str, _Cell] = {}
    by_index: dict[int, tuple[str, str]] = {}
    for index, (text, _) in enumerate(head_cells, start=1):
        heading = text.strip()
        if not heading:
            continue
        loc = CellLocation(name, head_row, index, heading)
        key = _norm(heading)
        if key in headings:
            problems.append(Problem(f"column '{heading}' appears twice (first as column "
                                    f"{_letter(headings[key].loc.column)})", loc, hint="delete or rename one of them"))
            continue
        headings[key] = _Cell(heading, loc)
        by_index[index] = (key, heading)
    rows = []
    for number, cells in grid[1:]:
        filled: dict[str, _Cell] = {}
        for index, (text, value) in enumerate(cells, start=1):
            text = text.strip()
            if not text:
                continue
            if index not in by_index:
                problems.append(Problem("this cell is in a column without a heading",
                                        CellLocation(name, number, index, f"column {_letter(index)}"),
                                        hint="give the column a heading in the first row, or clear the cell"))
                continue
            key, heading = by_index[index]
            filled[key] = _Cell(text, CellLocation(name, number, index, heading), value)
        rows.append((number, filled))
    return _Table(name, headings, tuple(rows)), problems


# --------------------------------------------------------------------------- reading .xlsx


def _cell_text(value: object) -> str:
    """Return a cell's value as the text a teacher sees: 1988 not 1988.0, a date as 1988-02-20."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _merged_ranges(path: Path, worksheet: object) -> list[tuple[int, int, int, int]]:
    """Return the merged ranges (first col, first row, last col, last row) of a worksheet.

    openpyxl's read-only worksheets do not report merged cells, so they are read from the
    worksheet's XML part directly (only its ``<mergeCell ref="A2:A5"/>`` elements).
    """
    from openpyxl.utils.cell import range_boundaries

    part = getattr(worksheet, "_worksheet_path", None)
    if not part:
        return []
    out = []
    with zipfile.ZipFile(path) as archive, archive.open(part.lstrip("/")) as stream:
        for _, element in ElementTree.iterparse(stream):
            if element.tag.endswith("}mergeCell") and element.get("ref"):
                try:
                    out.append(tuple(range_boundaries(element.get("ref"))))
                except (TypeError, ValueError):
                    continue
            element.clear()
    return out  # type: ignore[return-value]


def _read_xlsx(path: Path, name: str) -> tuple[dict[str, _Table], list[Problem]]:
    """Return the tables of an .xlsx workbook by section: worksheets named after a section, else the first as events."""
    where = Location(name, 1, 1)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return {}, [Problem("the file is not an Excel workbook (.xlsx)", where,
                            hint="open it in Excel or LibreOffice and save it as 'Excel Workbook (.xlsx)'")]
    if any(info.filename.lower().endswith("vbaproject.bin") for info in infos):
        return {}, [Problem("the workbook contains macros; histdocs does not read workbooks with macros", where,
                            hint="save a copy as 'Excel Workbook (.xlsx)', which leaves the macros out")]
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        return {}, [Problem(f"the workbook unpacks to {unpacked:,} bytes; the limit is {MAX_UNPACKED_BYTES:,}", where,
                            hint="keep only the sheets the course needs")]
    import openpyxl  # only when a course has a workbook: `import histdocs` stays light

    with warnings.catch_warnings():  # e.g. "no default style" from Google Sheets: nothing a teacher can act on
        warnings.simplefilter("ignore")
        return _read_workbook(openpyxl, path, name, where)


def _read_workbook(openpyxl: Any, path: Path, name: str, where: Location) -> tuple[dict[str, _Table], list[Problem]]:
    try:
        values_book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formula_book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        return {}, [Problem(f"the workbook cannot be read: {exc}", where,
                            hint="open it in Excel or LibreOffice and save it again as .xlsx")]
    tables: dict[str, _Table] = {}
    problems: list[Problem] = []
    try:
        sheets = [ws for ws in values_book.worksheets if hasattr(ws, "iter_rows")]
        chosen: dict[str, object] = {}
        for ws in sheets:
            key = _norm(ws.title)
            if key in SHEET_SECTIONS and key not in chosen:
                chosen[key] = ws
        if "events" not in chosen and sheets:
            first = sheets[0]
            if _norm(first.title) not in chosen:
                chosen["events"] = first
        for section, ws in chosen.items():
            label = name if section == "events" and ws is sheets[0] else f"{name}[{ws.title}]"  # type: ignore[attr-defined]
            grid, found = _worksheet_grid(path, ws, formula_book[ws.title], label)  # type: ignore[attr-defined]
            problems += found
            if grid is None:
                continue
            table, found = _table(label, grid)
            problems += found
            if table is not None:
                tables[section] = table
    finally:
        values_book.close()
        formula_book.close()
    return tables, problems


def _worksheet_grid(path: Path, ws: object, formulas: object,
                    label: str) -> tuple[list[tuple[int, list[tuple[str, object]]]] | None, list[Problem]]:
    """Return the rows of a worksheet as (row number, [(text, value)]), merged cells filled down."""
    ws.reset_dimensions()  # type: ignore[attr-defined]  # trust the cells, not a stale <dimension>
    formulas.reset_dimensions()  # type: ignore[attr-defined]
    problems: list[Problem] = []
    grid: list[tuple[int, list[tuple[str, object]]]] = []
    formula_rows = formulas.iter_rows(values_only=True)  # type: ignore[attr-defined]
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        if number > MAX_SHEET_ROWS + 1:
            return None, [Problem(f"the sheet has more than {MAX_SHEET_ROWS:,} rows", Location(label, number, 1),
                                  hint="split it, or keep only the rows the course needs")]
        written = next(formula_rows, ())
        cells = []
        for index, value in enumerate(values, start=1):
            if value is None and index <= len(written) and isinstance(written[index - 1], str) \
                    and written[index - 1].startswith("="):
                problems.append(Problem(
                    f"the formula {written[index - 1]} has no saved value, so histdocs cannot know what it shows",
                    CellLocation(label, number, index, f"column {_letter(index)}"),
                    hint="open the workbook in Excel or LibreOffice and save it: that stores each formula's value"))
            cells.append((_cell_text(value), value))
        grid.append((number, cells))
    for first_col, first_row, last_col, last_row in _merged_ranges(path, ws):
        # A cell merged down a column means "the same for these rows"; across columns the
        # value belongs to the first column only (the others are simply covered by it).
        if first_row - 1 >= len(grid):
            continue
        top = grid[first_row - 1][1]
        if first_col - 1 >= len(top):
            continue
        filler = top[first_col - 1]
        for row in range(first_row + 1, min(last_row, len(grid)) + 1):
            cells = grid[row - 1][1]
            while len(cells) < first_col:
                cells.append(("", None))
            cells[first_col - 1] = filler
    return grid, problems


# --------------------------------------------------------------------------- rows to nodes


def _typed_date(value: datetime.date) -> str:
    """Return a cell typed as a date as histdocs writes it: "20 February 1988", with its time when it has one."""
    text = f"{value.day} {_MONTH_NAMES[value.month - 1]} {value.year}"
    if isinstance(value, datetime.datetime) and value.time() != datetime.time(0, 0):
        text += f", {value.hour:02d}:{value.minute:02d}" + (f":{value.second:02d}" if value.second else "")
    return text


class _HtmlToProse(html.parser.HTMLParser):
    """Turn the HTML a TimelineJS Text cell may hold into histdocs prose markup.

    Bold and italic become ``**`` and ``*``; paragraphs, line breaks and list items become
    breaks; a link keeps its text and shows its web address. Other tags (an ``<img>``, an
    ``<iframe>``) cannot be printed and are left out, and a ``<script>`` or ``<style>`` with them.
    """

    _INLINE = {"b": "**", "strong": "**", "i": "*", "em": "*"}
    _BLOCKS = {"p", "div", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}
    _SILENT = {"script", "style"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.href: list[str] = []
        self.silent = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._INLINE:
            self.out.append(self._INLINE[tag])
        elif tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n\n• ")  # histdocs prose has paragraphs, not lists: one per item
        elif tag in self._BLOCKS:
            self.out.append("\n\n")
        elif tag == "a":
            self.href.append(dict(attrs).get("href") or "")
        elif tag in self._SILENT:
            self.silent += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._INLINE:
            self.out.append(self._INLINE[tag])
        elif tag in self._BLOCKS:
            self.out.append("\n\n")
        elif tag == "a":
            href = self.href.pop() if self.href else ""
            if href.startswith(("http://", "https://")):
                self.out.append(f" ({href})")
        elif tag in self._SILENT:
            self.silent = max(0, self.silent - 1)

    def handle_data(self, data: str) -> None:
        if not self.silent:
            self.out.append(data)


_KNOWN_HTML = re.compile(r"</?(?:b|strong|i|em|br|p|div|a|span|u|small|ul|ol|li)\b[^<>]*>", re.IGNORECASE)


def html_to_prose(text: str) -> str:
    """Return a TimelineJS Text cell as histdocs prose: <b>/<i> as **bold**/*italic*, <p>/<br> as breaks.

    Text without any of those tags is returned unchanged (a literal "<" or "&" stays as typed);
    text with them is read as HTML, as TimelineJS shows it.
    """
    if not _KNOWN_HTML.search(text):
        return text
    parser = _HtmlToProse()
    parser.feed(text)
    parser.close()
    out = "".join(parser.out)
    out = re.sub(r"[ \t]*\n[ \t]*", "\n", out)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


class _HtmlToText(html.parser.HTMLParser):
    """Keep only the text of small HTML (a TimelineJS headline or credit may hold tags)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p", "div"):
            self.out.append(" ")

    def handle_data(self, data: str) -> None:
        self.out.append(data)


def html_to_text(text: str) -> str:
    """Return a one-line cell without the HTML tags TimelineJS allows in it; text without tags unchanged."""
    if not _KNOWN_HTML.search(text):
        return text
    parser = _HtmlToText()
    parser.feed(text)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.out)).strip()


class _Rows:
    """Turn the tables of one file into a mapping of sections, collecting problems."""

    def __init__(self, course_title: str | None) -> None:
        self.problems: list[Problem] = []
        self.course_title = course_title
        self.course: Mapping | None = None

    def add(self, message: str, where: Location, hint: str = "") -> None:
        self.problems.append(Problem(message, where, hint=hint))

    # -- headings ------------------------------------------------------------------------------
    def check_headings(self, table: _Table, known: dict[str, str] | set[str], what: str) -> None:
        for key, cell in table.headings.items():
            if key in known:
                continue
            if not any(key in row for _, row in table.rows):
                continue  # an unknown column with nothing in it does no harm
            names = sorted({_display(c) for c in known})
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            hint = f"did you mean '{_display(close[0])}'?" if close else f"{what} columns: {', '.join(names)}"
            self.add(f"unknown column '{cell.text}'", cell.loc, hint=hint)

    # -- events sheet ----------------------------------------------------------------------------
    def events_sheet(self, table: _Table) -> tuple[list[Node], list[Node]]:
        """Return (events, periods) of an events sheet."""
        self.check_headings(table, EVENT_COLUMNS, "events sheet")
        events: list[Node] = []
        periods: list[Node] = []
        period_ids: set[str] = set()
        for number, raw in table.rows:
            cells: dict[str, _Cell] = {}
            for key, cell in raw.items():
                field = EVENT_COLUMNS.get(key)
                if field is None or field in _IGNORED:
                    continue
                if field in ("text", "summary"):
                    field = "summary"
                if field in cells:
                    self.add(f"both '{cells[field].loc.heading}' and '{cell.loc.heading}' are filled; "
                             "they mean the same", cell.loc, hint="keep one of them")
                    continue
                cells[field] = cell
            kind_cell = cells.get("type")
            kind = kind_cell.text.casefold() if kind_cell else ""
            row_loc = next(iter(raw.values())).loc  # the row's first filled cell: where a whole-row problem points
            if kind in ("", "event"):
                node = self.event_row(cells, row_loc)
                if node is not None:
                    events.append(node)
            elif kind == "era":
                node = self.era_row(cells, row_loc, period_ids, len(periods))
                if node is not None:
                    periods.append(node)
            elif kind == "title":
                self.title_row(cells, row_loc)
            else:
                assert kind_cell is not None
                self.add(f"unknown Type '{kind_cell.text}'", kind_cell.loc,
                         hint="leave Type empty for an event, or write 'era' (a period) or 'title' (the course title)")
        return events, periods

    def scalar(self, cell: _Cell, text: str | None = None) -> Scalar:
        return Scalar(cell.text if text is None else text, cell.loc)

    def date_text(self, cell: _Cell) -> str | None:
        """Return a date cell's text; a spreadsheet date or 20/02/1988 becomes 1988-02-20."""
        if isinstance(cell.value, (datetime.date, datetime.datetime)):
            return _typed_date(cell.value)
        match = _NUMERIC_DATE.match(cell.text)
        if not match:
            return cell.text
        a, sep, b, year = int(match.group(1)), match.group(2), int(match.group(3)), int(match.group(4))
        if min(a, b) < 1 or min(a, b) > 12:
            return cell.text  # no reading makes a month of it: the date parser says what is wrong
        if sep == "." or (a > 12 >= b):
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        elif a == b:
            day = month = a
        else:
            self.add(f"'{cell.text}' could be {a} {_MONTH_NAMES[b - 1]} or {b} {_MONTH_NAMES[a - 1]} {year}",
                     cell.loc, hint=f"write the date as {year:04d}-{b:02d}-{a:02d} or {a} {_MONTH_NAMES[b - 1]} {year}")
            return None
        return f"{year:04d}-{month:02d}-{day:02d}"

    def number(self, cell: _Cell | None, what: str, low: int, high: int, hint: str) -> int | None:
        if cell is None:
            return None
        text = re.sub(r"[\s,]", "", cell.text)  # "1,989" as TimelineJS reads it
        if isinstance(cell.value, float) and cell.value.is_integer():
            text = str(int(cell.value))
        if not _INT_RE.match(text) or not low <= int(text) <= high:
            self.add(f"{what} must be a whole number from {low:,} to {high:,}, not '{cell.text}'", cell.loc, hint=hint)
            return None
        return int(text)

    def time_text(self, cell: _Cell) -> str | None:
        """Return a Time cell as 24-hour text ("14:30", "09:05:10"): typed as a time, or "2:30 PM"."""
        value = cell.value
        if isinstance(value, datetime.datetime):
            value = value.time()
        if isinstance(value, datetime.time):
            return f"{value.hour:02d}:{value.minute:02d}" + (f":{value.second:02d}" if value.second else "")
        match = _TIME_RE.match(cell.text)
        hour = int(match.group(1)) if match else -1
        if match and match.group(4):
            hour = -1 if not 1 <= hour <= 12 else hour % 12 + (12 if match.group(4) in "Pp" else 0)
        if not match or not 0 <= hour <= 23:
            self.add(f"'{cell.text}' is not a time of day", cell.loc, hint="write e.g. 14:30, 14:30:15 or 2:30 PM")
            return None
        return f"{hour:02d}:{match.group(2)}" + (f":{match.group(3)}" if match.group(3) else "")

    def ymd(self, cells: dict[str, _Cell], prefix: str) -> tuple[str, _Cell] | None:
        """Return the date written in the Year / Month / Day / Time (or End ...) columns, as text, and its cell."""
        text = self.ymd_day(cells, prefix)
        time_cell = cells.get(prefix + "time")
        if text is None or time_cell is None:
            return text
        if prefix + "day" not in cells and not isinstance(text[1].value, (datetime.date, datetime.datetime)):
            self.add(f"'{time_cell.loc.heading}' is filled but '{prefix.title()}Day' is empty", time_cell.loc,
                     hint="a time of day needs its day")
            return None
        time = self.time_text(time_cell)
        return (f"{text[0]}, {time}", text[1]) if time else None

    def ymd_day(self, cells: dict[str, _Cell], prefix: str) -> tuple[str, _Cell] | None:
        """Return the day, month or year written in the Year / Month / Day (or End ...) columns, and its cell."""
        year_cell, month_cell, day_cell = (cells.get(prefix + part) for part in ("year", "month", "day"))
        if year_cell is None:
            for cell in (month_cell, day_cell, cells.get(prefix + "time")):
                if cell is not None:
                    self.add(f"'{cell.loc.heading}' is filled but '{prefix.title()}Year' is empty", cell.loc,
                             hint="every date needs at least a year")
            return None
        if isinstance(year_cell.value, (datetime.date, datetime.datetime)) and month_cell is None and day_cell is None:
            return _typed_date(year_cell.value), year_cell
        year = self.number(year_cell, "a year", -1_000_000_000, 999_999_999,
                           "negative for BCE (-44 is 44 BCE); put dates like 'late 1989' in Display Date")
        if year is None:
            return None
        if year == 0:
            self.add("there is no year 0: 1 BCE (-1) is followed by AD 1", year_cell.loc)
            return None
        month = None
        if month_cell is not None:
            name = month_cell.text.strip(". ").casefold()
            month = _MONTHS.get(name) or self.number(month_cell, "a month", 1, 12, "write 1 to 12 or the month's name")
            if month is None:
                return None
        day = self.number(day_cell, "a day", 1, 31, "write the day of the month") if day_cell else None
        if day_cell is not None and day is None:
            return None
        if day is not None and month is None:
            self.add(f"'{day_cell.loc.heading}' is filled but '{prefix.title()}Month' is empty", day_cell.loc,  # type: ignore[union-attr]
                     hint="a day needs its month")
            return None
        year_text = f"{-year} BCE" if year < 0 else f"AD {year}" if year > 9999 else str(year)
        parts = [str(day)] if day else []
        if month:
            parts.append(_MONTH_NAMES[month - 1])
        parts.append(year_text)
        return " ".join(parts), year_cell

    def event_date(self, cells: dict[str, _Cell], row_loc: CellLocation) -> Scalar | None:
        """Return the event's date node: Display Date (or Date) if given, else Year ... End Day."""
        start = self.ymd(cells, "")
        end = self.ymd(cells, "end ")
        if end is not None and start is None and "year" not in cells:
            self.add("'End Year' is filled but 'Year' is empty", end[1].loc, hint="every date needs a start year")
        columns = None
        if start is not None:
            columns = (f"{start[0]} – {end[0]}" if end is not None else start[0]), start[1]
        display = cells.get("date")
        if display is not None:
            text = self.date_text(display)
            if text is None:
                return None
            if columns is not None:
                try:
                    parse_date(text)
                except DateError as exc:  # TimelineJS shows any label; histdocs must read it as a date
                    self.add(f"invalid date '{display.text}': {exc.reason}", display.loc,
                             hint=f"write it as histdocs reads dates (e.g. late 1989, 1990s, c. 1200 BCE), or clear "
                                  f"Display Date to use Year/Month/Day ({columns[0]})")
                    return None
                self.check_agree(display, text, columns[0])
            return Scalar(text, display.loc)
        if columns is not None:
            return Scalar(columns[0], columns[1].loc)
        if not any(prefix + part in cells for prefix in ("", "end ") for part in ("year", "month", "day", "time")):
            self.add("the row has no date", row_loc, hint="fill Year (and Month, Day), or Display Date, e.g. 'late 1989'")
        return None

    def check_agree(self, display: _Cell, text: str, columns: str) -> None:
        """Report a Display Date that cannot be the date in the Year / Month / Day columns."""
        try:
            shown, written = parse_date(text), parse_date(columns)
        except DateError:
            return  # the date's own problem is reported where it is read
        if not shown.overlaps(written):
            self.add(f"'{display.text}' does not match the date in Year/Month/Day ({written})", display.loc,
                     hint="correct one of them, or clear Display Date to use the Year/Month/Day columns")

    def text_list(self, cell: _Cell | None, separators: str = ";,") -> Sequence | None:
        if cell is None:
            return None
        parts = [p.strip() for p in re.split(f"[{re.escape(separators)}]", cell.text)]
        return Sequence(tuple(Scalar(p, cell.loc) for p in parts if p), cell.loc)

    def citations(self, cell: _Cell | None) -> Sequence | None:
        """Return a Cite cell ('source-id, p. 5; other-id') as a list of {source, locator}."""
        if cell is None:
            return None
        items: list[Node] = []
        for part in cell.text.split(";"):
            part = part.strip().removeprefix("[").removesuffix("]").strip().removeprefix("@").strip()
            if not part:
                continue
            source, _, locator = part.partition(",")
            pairs = [(Scalar("source", cell.loc), Scalar(source.strip(), cell.loc))]
            if locator.strip():
                pairs.append((Scalar("locator", cell.loc), Scalar(locator.strip(), cell.loc)))
            items.append(Mapping(tuple(pairs), cell.loc))
        return Sequence(tuple(items), cell.loc)

    def facts(self, cell: _Cell | None) -> Sequence | None:
        """Return a Facts cell ('Turnout: 74%; Deaths: 26') as a list of {label, value}."""
        if cell is None:
            return None
        items: list[Node] = []
        for part in cell.text.split(";"):
            if not part.strip():
                continue
            label, colon, value = part.rpartition(":")  # the last colon: a label may hold one ("Wounded (children: 76)")
            if not colon or not label.strip() or not value.strip():
                self.add(f"fact '{part.strip()}' has no label and value", cell.loc,
                         hint="write facts as 'label: value; label: value', e.g. 'Turnout: 74%'")
                continue
            items.append(Mapping(((Scalar("label", cell.loc), Scalar(label.strip(), cell.loc)),
                                  (Scalar("value", cell.loc), Scalar(value.strip(), cell.loc))), cell.loc))
        return Sequence(tuple(items), cell.loc)

    def image(self, cells: dict[str, _Cell]) -> Mapping | None:
        """Return the event's picture: Media (a file in the course folder), its alt text, caption and credit.

        Web media (a URL, an <iframe>) is for the web timeline only; handouts and decks print
        pictures from the course folder, and nothing is downloaded.
        """
        media = cells.get("image")
        if media is None or _WEB_MEDIA.match(media.text):
            return None
        alt = cells.get("alt")
        caption = cells.get("caption")
        pairs: list[tuple[Scalar, Node]] = [(Scalar("path", media.loc), self.scalar(media))]
        if alt is not None:
            pairs.append((Scalar("alt", alt.loc), self.scalar(alt)))
        elif caption is not None:  # as TimelineJS does: no alt text, so the caption describes the picture
            pairs.append((Scalar("alt", caption.loc), Scalar(html_to_prose(caption.text), caption.loc)))
        else:
            self.add("a picture needs a description for readers who cannot see it", media.loc,
                     hint="fill the Media Alt column (or Media Caption) of this row")
            return None
        if caption is not None:
            pairs.append((Scalar("caption", caption.loc), Scalar(html_to_prose(caption.text), caption.loc)))
        credit = cells.get("credit")
        if credit is not None:
            pairs.append((Scalar("credit", credit.loc), Scalar(html_to_text(credit.text), credit.loc)))
        return Mapping(tuple(pairs), media.loc)

    def prose_cell(self, cell: _Cell) -> Scalar:
        text = html_to_prose(cell.text) if _norm(cell.loc.heading) == "text" else cell.text
        return Scalar(text, cell.loc)

    def event_row(self, cells: dict[str, _Cell], row_loc: CellLocation) -> Mapping | None:
        date = self.event_date(cells, row_loc)
        title = cells.get("title")
        if title is None:
            self.add("the row has no headline", row_loc, hint="fill Headline (or Title): what happened, in a few words")
        if date is None or title is None:
            return None
        pairs: list[tuple[Scalar, Node]] = []

        def put(key: str, node: Node | None, where: Location) -> None:
            if node is not None:
                pairs.append((Scalar(key, where), node))

        for key in ("id", "importance"):
            if key in cells:
                put(key, self.scalar(cells[key]), cells[key].loc)
        put("date", date, date.loc)
        put("title", Scalar(html_to_text(title.text), title.loc), title.loc)
        for key in ("summary", "details", "note"):
            if key in cells:
                put(key, self.prose_cell(cells[key]), cells[key].loc)
        for key in ("place", "people"):
            if key in cells:
                put(key, self.text_list(cells[key]), cells[key].loc)
        tags = [c for c in (cells.get("group"), cells.get("tags")) if c is not None]
        if tags:
            names: list[Scalar] = []
            for cell in tags:  # items separated by ';' (a tag may hold a comma)
                for item in self.text_list(cell, ";").items:  # type: ignore[union-attr]
                    if isinstance(item, Scalar) and item.value not in [n.value for n in names]:
                        names.append(item)
            put("tags", Sequence(tuple(names), tags[0].loc), tags[0].loc)
        if "cite" in cells:
            put("cite", self.citations(cells["cite"]), cells["cite"].loc)
        if "facts" in cells:
            put("facts", self.facts(cells["facts"]), cells["facts"].loc)
        image = self.image(cells)
        if image is not None:
            put("image", image, image.loc)
        for key in ("start", "end"):
            if key in cells:
                self.add(f"'{cells[key].loc.heading}' is for era rows (periods)", cells[key].loc,
                         hint="for an event, write its date in Year/Month/Day or Display Date; or set Type to 'era'")
        return Mapping(tuple(pairs), row_loc)

    def era_row(self, cells: dict[str, _Cell], row_loc: CellLocation, seen: set[str], index: int) -> Mapping | None:
        """Return a period from a `Type: era` row: Start/End, or Year.../End Year..., or a Display Date range."""
        title = cells.get("title")
        if title is None:
            self.add("an era row needs a headline: the period's title", row_loc, hint="fill Headline")
            return None
        start = end = None
        if "start" in cells:
            text = self.date_text(cells["start"])
            start = Scalar(text, cells["start"].loc) if text else None
        if "end" in cells:
            text = self.date_text(cells["end"])
            end = Scalar(text, cells["end"].loc) if text else None
        columns_start, columns_end = self.ymd(cells, ""), self.ymd(cells, "end ")
        if start is None and columns_start is not None:
            start = Scalar(columns_start[0], columns_start[1].loc)
        if end is None and columns_end is not None:
            end = Scalar(columns_end[0], columns_end[1].loc)
        display = cells.get("date")
        if display is not None and start is None:
            text = self.date_text(display)
            if text is None:
                return None
            parts = _RANGE_SPLIT.split(text)
            if len(parts) == 2 and all(parts):
                start, end = Scalar(parts[0], display.loc), Scalar(parts[1], display.loc)
            else:
                start = Scalar(text, display.loc)
        if start is None:
            self.add("an era row needs its dates", row_loc,
                     hint="fill Year and End Year (or Start and End, e.g. 'late 1989', 'June 1993')")
            return None
        if end is None:
            end = start  # an era written as one date ("1990s") spans that date
        pid_cell = cells.get("id")
        if pid_cell is not None:
            pid: Scalar = self.scalar(pid_cell)
        else:
            base = slug(title.text) or f"period-{index + 1}"
            made, n = base, 2
            while made in seen:
                made, n = f"{base}-{n}", n + 1
            pid = Scalar(made, title.loc)
        seen.add(pid.value or "")
        pairs: list[tuple[Scalar, Node]] = [
            (Scalar("id", pid.loc), pid), (Scalar("title", title.loc), Scalar(html_to_text(title.text), title.loc)),
            (Scalar("start", start.loc), start), (Scalar("end", end.loc), end),
        ]
        if "summary" in cells:
            pairs.append((Scalar("summary", cells["summary"].loc), self.prose_cell(cells["summary"])))
        for key in ("place", "people", "cite", "facts", "image", "importance", "details", "note", "group", "tags"):
            if key in cells:
                self.add(f"an era row (a period) has no '{cells[key].loc.heading}'", cells[key].loc,
                         hint="clear the cell, or make the row an event by clearing Type")
        return Mapping(tuple(pairs), row_loc)

    def title_row(self, cells: dict[str, _Cell], row_loc: CellLocation) -> None:
        """Record the course block of a `Type: title` row: Headline the title, Text the summary."""
        if self.course is not None:
            self.add("a second 'title' row", cells["type"].loc, hint="keep one title row")
            return
        title = cells.get("title")
        if title is None:
            self.add("the title row needs a headline: the course's title", row_loc, hint="fill Headline")
            return
        if self.course_title is not None:  # course.yaml names the course; the row may only agree with it
            if title.text != self.course_title:
                self.add(f"the title row says '{title.text}' but course.yaml's title is '{self.course_title}'",
                         title.loc, hint="make them the same, or delete this row (course.yaml holds the title)")
            return
        pairs: list[tuple[Scalar, Node]] = []
        pid = cells.get("id")
        pairs.append((Scalar("id", title.loc), self.scalar(pid) if pid else Scalar(slug(title.text) or "course",
                                                                                     title.loc)))
        pairs.append((Scalar("title", title.loc), Scalar(html_to_text(title.text), title.loc)))
        if "summary" in cells:
            pairs.append((Scalar("summary", cells["summary"].loc), self.prose_cell(cells["summary"])))
        self.course = Mapping(tuple(pairs), row_loc)

    # -- other sections ---------------------------------------------------------------------------
    def section_sheet(self, table: _Table, section: str, allowed: tuple[str, ...]) -> list[Node]:
        """Return the items of a people / places / periods / ... sheet: one column per key."""
        keys = {key.replace("-", " "): key for key in allowed if key not in ("terms", "cite", "facts", "image")}
        self.check_headings(table, set(keys), f"{section} sheet")
        items: list[Node] = []
        for number, raw in table.rows:
            pairs: list[tuple[Scalar, Node]] = []
            for heading, cell in raw.items():
                key = keys.get(heading)
                if key is None:
                    continue
                node: Node
                if key in _LIST_KEYS:
                    node = self.text_list(cell, ";")  # type: ignore[assignment]
                elif key in ("born", "died", "start", "end", "issued", "accessed", "date"):
                    text = self.date_text(cell)
                    if text is None:
                        continue
                    node = Scalar(text, cell.loc)
                else:
                    node = self.scalar(cell)
                pairs.append((Scalar(key, cell.loc), node))
            if pairs:
                first = min((c.loc for c in raw.values()), key=lambda loc: loc.column)
                items.append(Mapping(tuple(pairs), CellLocation(table.name, number, first.column, first.heading)))
        return items


def read_sheet(path: str | Path, name: str, *, course_title: str | None = None) -> tuple[Node | None, list[Problem]]:
    """Read a sheet file into a mapping of sections (``events``, ``periods``, ``course``, ...) and its problems.

    `name` is the file name printed in problems. A ``.csv`` file holds the section its name
    says (``people.csv``: people; any other name: events); an ``.xlsx`` workbook holds events in its first worksheet
    and other sections in worksheets named after them. A ``Type: title`` row makes the course
    block; when the folder has course.yaml, `course_title` is its title and a title row must
    agree with it (a sheet exported from the course has one).
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [Problem(f"cannot read file: {exc.strerror or exc}", Location(name, 1, 1))]
    if size > MAX_FILE_BYTES:
        return None, [Problem(f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}", Location(name, 1, 1),
                              hint="keep only the rows and sheets the course needs")]
    problems: list[Problem] = []
    if path.suffix.lower() == ".xlsx":
        tables, problems = _read_xlsx(path, name)
    else:
        section = _norm(path.stem)
        if section not in SHEET_SECTIONS:
            section = "events"  # a sheet given by name ("cold war timeline.csv"); folders read only section names
        table, problems = _read_csv(path, name)
        tables = {section: table} if table is not None else {}
    if not tables:
        return None, problems
    from .load import RECORDS, SECTION_RECORDS  # the record keys each section allows

    rows = _Rows(course_title)
    sections: list[tuple[Scalar, Node]] = []
    for section, table in tables.items():
        where = Location(table.name, 1, 1)
        if section == "events":
            events, periods = rows.events_sheet(table)
            sections.append((Scalar("events", where), Sequence(tuple(events), where)))
            if periods:
                sections.append((Scalar("periods", where), Sequence(tuple(periods), where)))
        else:
            allowed = RECORDS[SECTION_RECORDS[section]][0]
            items = rows.section_sheet(table, section, allowed)
            sections.append((Scalar(section, where), Sequence(tuple(items), where)))
    if rows.course is not None:
        sections.insert(0, (Scalar("course", rows.course.loc), rows.course))
    return Mapping(tuple(sections), Location(name, 1, 1)), problems + rows.problems


def default_course(folder: Path, where: Location) -> Mapping:
    """Return the course block of a sheet without a title row: the folder's name as title and id."""
    words = re.sub(r"[-_]+", " ", folder.resolve().name).strip() or "Course"
    title = words[:1].upper() + words[1:]
    return Mapping(((Scalar("id", where), Scalar(slug(words) or "course", where)),
                    (Scalar("title", where), Scalar(title, where))), where)
