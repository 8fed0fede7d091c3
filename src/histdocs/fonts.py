"""Unicode fonts for both renderers: static faces, text metrics and glyph coverage.

The bundled families (Noto Sans, Noto Serif) ship as eight complete static TrueType faces in
``histdocs/faces`` (made reproducibly from the variable fonts on PyPI by ``tools/make_fonts.py``),
so a first build on a new machine makes nothing. A layout may name its own font: a folder of four
static faces, or a variable font, which is instanced once into a deterministic static TTF in a
cache folder (each file with its SHA-256 beside it, checked on use). Metrics come from the same
files the renderers embed, so what the plan measures is what gets drawn. Neither reportlab nor
python-pptx is imported here.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from .errors import InputError, Location, Problem

__all__ = [
    "BUNDLED_FAMILIES",
    "FontFamily",
    "font_family",
    "is_font_spec_known",
    "check_font",
    "FontFileError",
    "text_width",
    "line_height",
    "ascent",
    "descent",
    "wrap",
    "missing_characters",
    "check_coverage",
    "covers",
    "system_font_dirs",
    "cache_dir",
]

BUNDLED_FAMILIES = ("Noto Sans", "Noto Serif")
"""Families that always work: static faces shipped in ``histdocs/faces``."""

FACES_DIR = Path(__file__).resolve().parent / "faces"
"""The shipped static faces, their licence (OFL.txt) and where they came from (sources.json)."""

RECIPE_VERSION = "1"
"""Bump when the way static instances are made changes (invalidates the cache)."""

_FIXED_TIMESTAMP = 0x7C259DC0  # head.created/modified: 2000-01-01 in seconds since 1904 (no clock)

_STYLES: dict[tuple[bool, bool], tuple[str, str, int]] = {
    # (bold, italic): (subfamily name, PostScript suffix, weight class)
    (False, False): ("Regular", "Regular", 400),
    (True, False): ("Bold", "Bold", 700),
    (False, True): ("Italic", "Italic", 400),
    (True, True): ("Bold Italic", "BoldItalic", 700),
}


@dataclass(frozen=True)
class FontFamily:
    """A family of four static TrueType faces that both renderers can embed."""

    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def face(self, bold: bool = False, italic: bool = False) -> Path:
        """Return the file of the face with this weight and slant."""
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        if italic:
            return self.italic
        return self.regular


# --- where a family's faces come from ----------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """How to get one static face: a static file as is, or a variable file at a weight."""

    path: Path
    weight: int | None  # None: the file is already static

    @property
    def is_static(self) -> bool:
        return self.weight is None


@dataclass(frozen=True)
class _Spec:
    """A resolved family: its display name and the source of each face."""

    name: str
    faces: tuple[_Source, _Source, _Source, _Source]  # regular, bold, italic, bold italic

    def source(self, bold: bool, italic: bool) -> _Source:
        return self.faces[(2 if italic else 0) + (1 if bold else 0)]


def _is_variable(path: Path) -> bool:
    return _face(path).is_variable


def _family_name_of(path: Path) -> str:
    return _face(path).family or path.stem.split("-")[0]


class _UnknownFont(InputError):
    """A font name that is neither a bundled family nor a usable path; `why` says which."""

    def __init__(self, spec: str, why: str) -> None:
        self.why = why
        super().__init__(
            [
                Problem(
                    f"font {spec!r} {why}",
                    hint="use one of the bundled families ("
                    + ", ".join(BUNDLED_FAMILIES)
                    + ") or a folder with *-Regular.ttf, *-Bold.ttf, *-Italic.ttf and *-BoldItalic.ttf",
                )
            ]
        )


def _unknown(spec: str, why: str) -> InputError:
    return _UnknownFont(spec, why)


_FACE_SUFFIXES = ("Regular", "Bold", "Italic", "BoldItalic")


def _folder_spec(folder: Path, spec: str) -> _Spec:
    found: list[Path] = []
    missing: list[str] = []
    for suffix in _FACE_SUFFIXES:
        matches = sorted(p for p in folder.glob(f"*-{suffix}.[tT][tT][fF]") if p.is_file())
        if matches:
            found.append(matches[0])
        else:
            missing.append(f"*-{suffix}.ttf")
    if missing:
        raise _unknown(spec, "is a folder without " + ", ".join(missing))
    sources = tuple(
        _Source(path, None if not _is_variable(path) else (700 if "Bold" in suffix else 400))
        for path, suffix in zip(found, _FACE_SUFFIXES)
    )
    return _Spec(_family_name_of(found[0]), sources)  # type: ignore[arg-type]


def _file_spec(path: Path) -> _Spec:
    if not _is_variable(path):
        src = _Source(path, None)
        return _Spec(_family_name_of(path), (src, src, src, src))
    italic = path
    stem = re.sub(r"\[.*\]$", "", path.stem)
    for candidate in sorted(path.parent.glob(f"{_glob_escape(stem)}-Italic*.[tT][tT][fF]")):
        italic = candidate
        break
    return _Spec(
        _family_name_of(path),
        (_Source(path, 400), _Source(path, 700), _Source(italic, 400), _Source(italic, 700)),
    )


def _glob_escape(text: str) -> str:
    """Return `text` with glob wildcards escaped (names like ``NotoSans[wght]``)."""
    return re.sub(r"([\[\]*?])", r"[\1]", text)


@lru_cache(maxsize=64)
def _spec(name: str) -> _Spec:
    """Return how to build the family `name` (bundled name or path); cheap, nothing instanced."""
    for bundled in BUNDLED_FAMILIES:
        if name.strip().casefold() == bundled.casefold():
            stem = bundled.replace(" ", "")
            faces = tuple(_Source(FACES_DIR / f"{stem}-{suffix}.ttf", None) for suffix in _FACE_SUFFIXES)
            return _Spec(bundled, faces)  # type: ignore[arg-type]
    path = Path(name).expanduser()
    if path.is_dir():
        return _folder_spec(path, name)
    if path.is_file() and path.suffix.lower() in (".ttf", ".otf"):
        return _file_spec(path)
    if path.suffix.lower() in (".ttf", ".otf") or os.sep in name or "/" in name:
        raise _unknown(name, "was not found")
    raise _unknown(name, "is not a bundled family")


def check_font(name: str) -> Problem | None:
    """Return what is wrong with the font `name` (a bundled name or a path), or None if usable.

    Every face file is opened and checked (an empty, truncated, non-TrueType or broken file is
    named with what is wrong), so a layout reports it where it names the font.
    """
    try:
        spec = _spec(name)
        for source in dict.fromkeys(spec.faces):
            _face(source.path)
    except FontFileError as exc:
        return Problem(f"{exc.file.name} {exc.why}", hint=exc.problems[0].hint)
    except _UnknownFont as exc:
        return Problem(exc.why, hint=exc.problems[0].hint)
    return None


def is_font_spec_known(name: str) -> bool:
    """Return True if `name` is a bundled family or a usable font path (nothing is instanced)."""
    try:
        _spec(name)
    except InputError:
        return False
    return True


# --- the cache of static instances -------------------------------------------------------------


def cache_dir() -> Path:
    """Return the histdocs cache folder: $HISTDOCS_CACHE, else the XDG cache, else ~/.cache."""
    explicit = os.environ.get("HISTDOCS_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg).expanduser() / "histdocs"
    return Path.home() / ".cache" / "histdocs"


@lru_cache(maxsize=64)
def _file_digest(path: Path, size: int, mtime_ns: int) -> str:
    """Return the first 16 hex digits of sha256(file + fontTools version + recipe)."""
    import fontTools

    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    h.update(b"\0fonttools=" + fontTools.version.encode())
    h.update(b"\0recipe=" + RECIPE_VERSION.encode())
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def _fallback_root() -> Path:
    return Path(tempfile.mkdtemp(prefix="histdocs-cache-"))


def _ps_name(family: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", family) or "Font"


def make_static_face(source: Path, weight: int, family: str, bold: bool, italic: bool) -> bytes:
    """Return the bytes of a static, well-named instance of a variable font (deterministic).

    The instance is complete (layout tables included), so it can be installed as an ordinary
    font. The bundled faces are made with this by ``tools/make_fonts.py``; a layout's own
    variable font is made with it at run time and cached.
    """

    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    font = TTFont(source, recalcTimestamp=False)
    location: dict[str, float] = {}
    for axis in font["fvar"].axes:
        if axis.axisTag == "wght":
            location["wght"] = min(max(float(weight), axis.minValue), axis.maxValue)
        elif axis.axisTag == "wdth":
            location["wdth"] = min(max(100.0, axis.minValue), axis.maxValue)
        else:
            location[axis.axisTag] = axis.defaultValue
    static = instantiateVariableFont(font, location, inplace=True)
    static.recalcTimestamp = False
    subfamily, suffix, weight_class = _STYLES[(bold, italic)]
    ps = f"{_ps_name(family)}-{suffix}"
    name = static["name"]
    for name_id in (16, 17, 21, 22, 25):
        name.removeNames(nameID=name_id)
    if "STAT" in static:
        del static["STAT"]
    version = name.getDebugName(5) or "Version 1.0"
    entries = {
        1: family,
        2: subfamily,
        3: f"{version.removeprefix('Version ').strip()};histdocs;{ps}",
        4: family if subfamily == "Regular" else f"{family} {subfamily}",
        6: ps,
    }
    for name_id, text in entries.items():
        name.removeNames(nameID=name_id)
        name.setName(text, name_id, 3, 1, 0x409)
        name.setName(text, name_id, 1, 0, 0)
    name.removeUnusedNames(static)
    os2 = static["OS/2"]
    os2.usWeightClass = weight_class
    selection = os2.fsSelection & ~(0b1 | 0b100000 | 0b1000000)  # clear ITALIC, BOLD, REGULAR
    if italic:
        selection |= 0b1
    if bold:
        selection |= 0b100000
    if not bold and not italic:
        selection |= 0b1000000
    os2.fsSelection = selection
    head = static["head"]
    head.macStyle = (head.macStyle & ~0b11) | (0b1 if bold else 0) | (0b10 if italic else 0)
    head.created = _FIXED_TIMESTAMP
    head.modified = _FIXED_TIMESTAMP
    buffer = io.BytesIO()
    static.save(buffer)
    font.close()
    return buffer.getvalue()


def _write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` whole or not at all (a temporary file renamed over it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=target.suffix, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


_TMP_PREFIX = ".tmp-"
_STALE_SECONDS = 600
"""A cache fill's temporary file older than this was left by a build that was killed (making
and writing one face takes seconds), so a later build removes it; younger ones may belong to
a build running now."""


def _checksum_file(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _is_intact(target: Path) -> bool:
    """Return True if the cached face is there and matches the SHA-256 written beside it."""
    try:
        expected = _checksum_file(target).read_text(encoding="ascii").strip()
        return hashlib.sha256(target.read_bytes()).hexdigest() == expected
    except (OSError, UnicodeDecodeError):
        return False


@lru_cache(maxsize=8)
def _remove_leftovers(fonts_root: Path) -> None:
    """Remove the temporary files of cache fills that were interrupted (once per process)."""
    now = time.time()
    for leftover in fonts_root.glob(f"*/{_TMP_PREFIX}*"):
        try:
            if now - leftover.stat().st_mtime > _STALE_SECONDS:
                leftover.unlink()
        except OSError:
            pass


INSTANCES_MADE = 0
"""How many static instances this process has made (tests check the cache with it)."""


def _instance_target(source: Path, weight: int, family: str, bold: bool, italic: bool, root: Path) -> Path:
    """Return where the static instance of `source` at `weight` lives in the cache under `root`."""
    stat = source.stat()
    digest = _file_digest(source, stat.st_size, stat.st_mtime_ns)
    filename = f"{_ps_name(family)}-{_STYLES[(bold, italic)][1]}-w{weight}.ttf"
    return root / "fonts" / digest / filename


@lru_cache(maxsize=64)
def _instance(source: Path, weight: int, family: str, bold: bool, italic: bool, root: Path) -> Path:
    """Return the cached static instance, making it (once) if it is not there yet."""
    global INSTANCES_MADE
    target = _instance_target(source, weight, family, bold, italic, root)
    _remove_leftovers(target.parent.parent)
    if _is_intact(target):
        return target
    # missing, or damaged (cut short, overwritten): make it again; the rename replaces it whole
    try:
        data = make_static_face(source, weight, family, bold, italic)
    except Exception as exc:  # variation tables that do not parse or instance
        detail = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
        raise FontFileError(source, f"cannot be made into a static face ({detail})") from None
    INSTANCES_MADE += 1
    digest = hashlib.sha256(data).hexdigest().encode("ascii")
    try:
        _write_atomically(target, data)
        _write_atomically(_checksum_file(target), digest)
        return target
    except OSError:
        pass
    fallback = _instance_target(source, weight, family, bold, italic, _fallback_root())  # cache not writable
    if not _is_intact(fallback):
        _write_atomically(fallback, data)
        _write_atomically(_checksum_file(fallback), digest)
    return fallback


def _face_path(name: str, bold: bool, italic: bool) -> Path:
    spec = _spec(name)
    src = spec.source(bold, italic)
    if src.is_static:
        return src.path
    assert src.weight is not None
    return _instance(src.path, src.weight, spec.name, bold, italic, cache_dir())


def font_family(name: str) -> FontFamily:
    """Return the family `name` with its four static faces ready on disk.

    `name` is a bundled family (case-insensitive) or the path of a folder holding
    ``*-Regular.ttf``, ``*-Bold.ttf``, ``*-Italic.ttf`` and ``*-BoldItalic.ttf`` (variable files
    are instanced), or of one TTF file. Raises InputError naming the bundled families if not found.
    """
    spec = _spec(name)
    return FontFamily(
        spec.name,
        regular=_face_path(name, False, False),
        bold=_face_path(name, True, False),
        italic=_face_path(name, False, True),
        bold_italic=_face_path(name, True, True),
    )


# --- metrics -----------------------------------------------------------------------------------


_REQUIRED_TABLES = ("head", "hhea", "hmtx", "maxp", "cmap", "name", "post", "loca", "glyf")
"""Tables both the metrics here and reportlab's embedding read (TrueType outlines only)."""

_SIGNATURES = {
    b"OTTO": "has PostScript (CFF) outlines, which the PDF cannot embed; use the TrueType (.ttf) version",
    b"ttcf": "is a font collection (.ttc); use a single TrueType (.ttf) face",
    b"wOFF": "is a WOFF web font; use the TrueType (.ttf) file",
    b"wOF2": "is a WOFF2 web font; use the TrueType (.ttf) file",
}


class FontFileError(InputError):
    """A font file that cannot be used: empty, truncated, not TrueType, or missing a table."""

    def __init__(self, path: Path, why: str) -> None:
        self.file = path
        self.why = why
        super().__init__(
            [
                Problem(
                    f"font file {path.name} {why}",
                    hint="replace it with a complete TrueType (.ttf) font, or use "
                    + " or ".join(BUNDLED_FAMILIES),
                )
            ]
        )


class _Metrics:
    """One parse of one font file: checked, then its advance widths, vertical metrics and name.

    Everything histdocs asks of a face (coverage, widths, whether it is variable, its family
    name) comes from this single parse, made once per file per process.
    """

    def __init__(self, path: Path) -> None:
        try:
            handle = open(path, "rb")
        except OSError as exc:
            raise FontFileError(path, f"cannot be read ({exc.strerror or exc})") from None
        with handle:
            self._read(path, handle)
        self._cache: dict[str, float] = {}

    def _read(self, path: Path, handle: io.BufferedReader) -> None:
        """Check the open file and read what the metrics need (see the class)."""
        from fontTools.ttLib import TTFont

        head = handle.read(12)
        size = os.fstat(handle.fileno()).st_size
        handle.seek(0)
        if size == 0:
            raise FontFileError(path, "is empty")
        if head[:4] in _SIGNATURES:
            raise FontFileError(path, _SIGNATURES[head[:4]])
        if head[:4] not in (b"\0\1\0\0", b"true"):
            raise FontFileError(path, "is not a TrueType font file")
        try:
            font = TTFont(handle, lazy=True)
        except Exception:  # fontTools raises assorted errors for a cut-off table directory
            raise FontFileError(path, f"is truncated ({size} bytes, too short for its table directory)") from None
        with font:
            for tag, entry in sorted(font.reader.tables.items()):
                if entry.offset + entry.length > size:
                    raise FontFileError(
                        path, f"is truncated: table '{tag}' ends at byte {entry.offset + entry.length}, "
                        f"the file has {size}"
                    )
            missing = [tag for tag in _REQUIRED_TABLES if tag not in font]
            if missing:
                tables = ", ".join(f"'{tag}'" for tag in missing)
                raise FontFileError(path, f"has no {tables} table{'s' if len(missing) > 1 else ''}")
            reading = "head"
            try:
                self.units = float(font["head"].unitsPerEm)
                if not 16 <= self.units <= 16384:
                    raise FontFileError(path, f"has unitsPerEm {font['head'].unitsPerEm} (a font has 16 to 16384)")
                reading = "cmap"
                cmap = font.getBestCmap() or {}
                if not cmap:
                    raise FontFileError(path, "has no Unicode character map")
                reading = "hmtx"
                hmtx = font["hmtx"].metrics
                glyph_order = font.getGlyphOrder()
                notdef = hmtx[glyph_order[0]][0] if glyph_order else self.units / 2
                self.notdef = float(notdef)
                self.advance: dict[int, float] = {cp: float(hmtx[g][0]) for cp, g in cmap.items() if g in hmtx}
                reading = "hhea"
                hhea = font["hhea"]
                self.ascent = float(hhea.ascent)
                self.descent = float(-abs(hhea.descent))
                self.line_gap = float(hhea.lineGap)
                reading = "OS/2"
                if "OS/2" in font:
                    self._check_embedding(path, font["OS/2"].fsType, font["maxp"].numGlyphs)
                if "OS/2" in font and font["OS/2"].fsSelection & (1 << 7):  # USE_TYPO_METRICS
                    os2 = font["OS/2"]
                    self.ascent = float(os2.sTypoAscender)
                    self.descent = float(-abs(os2.sTypoDescender))
                    self.line_gap = float(os2.sTypoLineGap)
                reading = "name"
                name = font["name"]
                if not name.getDebugName(6):
                    raise FontFileError(path, "has no PostScript name (name ID 6), which the PDF needs")
                self.family = name.getDebugName(16) or name.getDebugName(1) or ""
                self.is_variable = "fvar" in font
            except FontFileError:
                raise
            except Exception as exc:  # a table whose bytes do not parse
                detail = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
                raise FontFileError(path, f"is damaged: its '{reading}' table cannot be read ({detail})") from None
    @staticmethod
    def _check_embedding(path: Path, fs_type: int, glyphs: int) -> None:
        """Refuse a font whose licence bits forbid what the PDF does with it (as reportlab would)."""
        if fs_type & 0x000F == 0x0002:
            raise FontFileError(path, "may not be embedded in documents (its licence bits, OS/2 fsType, say "
                                "'restricted'); a handout must carry its fonts")
        if fs_type & 0x0300 and glyphs > 255:
            raise FontFileError(path, "may not be cut to the characters used (OS/2 fsType forbids subsetting), "
                                "and it is too large to embed whole")

    def width_units(self, text: str) -> float:
        """Return the advance width of `text` in font units (no kerning)."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        adv = self.advance
        total = 0.0
        for ch in text:
            total += adv.get(ord(ch), self.notdef)
        if len(self._cache) < 100_000:
            self._cache[text] = total
        return total

    def has(self, ch: str) -> bool:
        return ord(ch) in self.advance


@lru_cache(maxsize=128)
def _face_at(path: Path, size: int, mtime_ns: int) -> _Metrics:
    return _Metrics(path)


def _face(path: Path) -> _Metrics:
    """Return the one parse of the font file `path` (again only if the file changed)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise FontFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    return _face_at(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _metrics(family: str, bold: bool, italic: bool) -> _Metrics:
    return _face(_face_path(family, bold, italic))


def text_width(text: str, size: float, family: str, bold: bool = False, italic: bool = False) -> float:
    """Return the width of `text` in points at `size` (advance widths, no kerning)."""
    m = _metrics(family, bold, italic)
    return m.width_units(text) * size / m.units


def line_height(size: float, family: str) -> float:
    """Return the recommended baseline-to-baseline distance in points (≈1.36 × size for Noto)."""
    m = _metrics(family, False, False)
    return (m.ascent - m.descent + m.line_gap) * size / m.units


def ascent(size: float, family: str) -> float:
    """Return the height above the baseline of the tallest usual glyphs, in points."""
    m = _metrics(family, False, False)
    return m.ascent * size / m.units


def descent(size: float, family: str) -> float:
    """Return the depth below the baseline, in points, as a positive number."""
    m = _metrics(family, False, False)
    return -m.descent * size / m.units


_BREAK = re.compile(r"[ \t]+")  # break at spaces and tabs only: a no-break space binds


def _split_word(word: str, m: _Metrics, limit: float) -> list[str]:
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and m.width_units(current + ch) > limit:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap(
    text: str, size: float, family: str, width: float, bold: bool = False, italic: bool = False
) -> list[str]:
    """Return `text` broken greedily into lines no wider than `width` points.

    Explicit newlines are kept (an empty paragraph gives an empty line); a word wider than
    `width` is broken between characters. A single character wider than `width` gets its own
    line (nothing narrower is possible).
    """
    m = _metrics(family, bold, italic)
    limit = width * m.units / size if size > 0 else float("inf")
    space = m.width_units(" ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = [w for w in _BREAK.split(paragraph) if w]
        if not words:
            lines.append("")
            continue
        current = ""
        current_width = 0.0
        for word in words:
            w = m.width_units(word)
            if current and current_width + space + w <= limit:
                current += " " + word
                current_width += space + w
                continue
            if current:
                lines.append(current)
                current, current_width = "", 0.0
            if w <= limit:
                current, current_width = word, w
            else:
                pieces = _split_word(word, m, limit)
                lines.extend(pieces[:-1])
                current = pieces[-1]
                current_width = m.width_units(current)
        lines.append(current)
    return lines


# --- coverage ----------------------------------------------------------------------------------


def _ignorable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) == "Cc"


def missing_characters(text: str, family: str, bold: bool = False, italic: bool = False) -> set[str]:
    """Return the characters of `text` the face has no glyph for (whitespace and controls ignored)."""
    m = _metrics(family, bold, italic)
    return {ch for ch in set(text) if not _ignorable(ch) and not m.has(ch)}


def covers(chars: Iterable[str], family: str,
           styles: Iterable[tuple[bool, bool]] = ((False, False), (True, False), (False, True))) -> bool:
    """Return True if every face of `styles` has a glyph for each of `chars` (one look, no fields)."""
    text = "".join(set(chars))
    return not any(missing_characters(text, family, bold, italic) for bold, italic in styles)


def _describe(chars: Iterable[str]) -> str:
    return ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in sorted(chars))


_STYLE_NAMES = {(False, False): "", (True, False): "Bold", (False, True): "Italic", (True, True): "Bold Italic"}


def check_coverage(
    items: Iterable[tuple[str, str]],
    family: str,
    styles: Iterable[tuple[bool, bool]] = ((False, False), (True, False), (False, True)),
    locations: Mapping[str, Location] | None = None,
) -> list[Problem]:
    """Return one Problem per field whose text has characters the family cannot print.

    `items` are (field path, text) pairs (see `histdocs.texts.course_texts`); `styles` are the
    (bold, italic) faces the text may be printed in; `locations` (a loaded course's
    `Course.locations`) gives each problem the file, line and column of its field, when known.
    """
    where = locations or {}
    styles = tuple(styles)
    items = [(path, text) for path, text in items if text]
    everything = "".join(set("".join(text for _, text in items)))  # one look at every character used
    if not any(missing_characters(everything, family, bold, italic) for bold, italic in styles):
        return []
    display = _spec(family).name
    problems: list[Problem] = []
    for path, text in items:  # something is missing: name the fields that hold it
        missing_in: dict[str, list[str]] = {}
        for bold, italic in styles:
            for ch in missing_characters(text, family, bold, italic):
                missing_in.setdefault(ch, []).append(_STYLE_NAMES[(bold, italic)])
        if not missing_in:
            continue
        everywhere = [ch for ch, faces in missing_in.items() if len(faces) == len(styles)]
        partly = {ch: faces for ch, faces in missing_in.items() if len(faces) != len(styles)}
        parts = []
        if everywhere:
            noun = "character" if len(everywhere) == 1 else "characters"
            verb = "is" if len(everywhere) == 1 else "are"
            parts.append(f"{noun} {_describe(everywhere)} {verb} not in font {display}")
        for ch, faces in sorted(partly.items()):
            names = ", ".join(f"{display} {face}".strip() for face in faces)
            parts.append(f"character {_describe([ch])} is not in font {names}")
        problems.append(
            Problem(
                "; ".join(parts),
                where.get(path),
                path=path,
                hint="choose another font in the layout (one that has these characters), "
                "or write the text without them",
            )
        )
    return problems


def system_font_dirs() -> list[Path]:
    """Return the usual font folders of this system that exist (for teachers' own fonts)."""
    home = Path.home()
    candidates = [
        home / ".fonts",
        home / ".local" / "share" / "fonts",
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / "Library" / "Fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
    ]
    windir = os.environ.get("WINDIR")
    if windir:
        candidates.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        candidates.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return [p for p in candidates if p.is_dir()]
