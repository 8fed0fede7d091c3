"""Check a teacher's PowerPoint template (.pptx/.potx) before python-pptx opens it.

A template is a zip of XML parts from outside the program, so it is read as hostile: its size
on disk, the number of its members and the total they inflate to (a zip bomb), encryption,
compression methods, the parts a deck needs, every relationship (no links to outside files or
addresses, none to a part that is not there or outside the package), XML without DTDs, the
slide size and the placeholder types. Each failure is one message naming the layout's
``template`` key; only a package that passes is handed to python-pptx. This module knows
nothing of python-pptx: it reads bytes and XML.
"""

from __future__ import annotations

import io
import posixpath
import stat
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import InputError, Location, Problem

__all__ = [
    "MAX_TEMPLATE_BYTES",
    "MAX_INFLATED_BYTES",
    "MAX_MEMBERS",
    "read_template",
]

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
"""Largest template file read (50 MB): a template with pictures and fonts is a few MB."""
MAX_INFLATED_BYTES = 100 * 1024 * 1024
"""Most bytes the members of a template may inflate to, together (100 MB: the whole package is held in memory)."""
MAX_MEMBERS = 5000
"""Most files inside a template's zip."""

_EMU_PER_INCH = 914400
_MIN_SIDE, _MAX_SIDE = 1 * _EMU_PER_INCH, 56 * _EMU_PER_INCH

_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: an encrypted OOXML file, or an old .ppt/.pot

PLACEHOLDER_TYPES = frozenset({
    "title", "body", "ctrTitle", "subTitle", "dt", "sldNum", "ftr", "hdr", "obj", "chart", "tbl", "clipArt",
    "dgm", "media", "sldImg", "pic",
})
"""The placeholder types the PresentationML standard defines (ST_PlaceholderType)."""

_PLACEHOLDER_FOLDERS = ("ppt/slideLayouts/", "ppt/slideMasters/", "ppt/notesMasters/", "ppt/handoutMasters/",
                        "ppt/slides/")
_RESAVE = "open it in PowerPoint or LibreOffice and save it again as .pptx or .potx"


def _fail(message: str, where: Location | None, hint: str = _RESAVE) -> InputError:
    return InputError([Problem(message, where, "template", hint)])


def _read_bytes(path: Path, name: str, where: Location | None) -> bytes:
    """Return the file's bytes after checking, with stat, that it is a regular file of a sane size."""
    try:
        info = path.stat()
    except OSError as exc:
        raise _fail(f"cannot read the template {name}: {exc.strerror or 'not found'}", where,
                    "check the template: path in the layout (relative to the layout file)") from None
    if not stat.S_ISREG(info.st_mode):
        raise _fail(f"the template {name} is not a file", where, "name a .pptx or .potx file")
    if info.st_size > MAX_TEMPLATE_BYTES:
        raise _fail(f"the template {name} is {info.st_size / 1e6:.1f} MB; the most histdocs reads is "
                    f"{MAX_TEMPLATE_BYTES // (1024 * 1024)} MB", where,
                    "remove large pictures or embedded fonts from it, or use a smaller template")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        raise _fail(f"cannot read the template {name}: {exc.strerror or 'read error'}", where,
                    "check that the file can be read") from None
    if len(data) > MAX_TEMPLATE_BYTES:  # it grew between stat and read
        raise _fail(f"the template {name} is larger than {MAX_TEMPLATE_BYTES // (1024 * 1024)} MB", where)
    return data


def _check_members(archive: zipfile.ZipFile, name: str, where: Location | None) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _fail(f"the template {name} holds {len(infos)} files; the most histdocs reads is {MAX_MEMBERS}", where)
    total = 0
    seen: set[str] = set()
    for info in infos:
        if info.flag_bits & 0x1:
            raise _fail(f"the template {name} is encrypted (its part {info.filename!r} needs a password)", where,
                        "save it again without a password")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _fail(f"the template {name} uses zip compression method {info.compress_type} for "
                        f"{info.filename!r}; PowerPoint files use only 'stored' (0) or 'deflate' (8)", where)
        part = info.filename.casefold()
        if part in seen:
            raise _fail(f"the template {name} holds the part {info.filename!r} twice", where)
        seen.add(part)
        if info.filename.startswith("/") or ".." in info.filename.split("/") or "\\" in info.filename:
            raise _fail(f"the template {name} holds a file with an unsafe name {info.filename[:60]!r}", where)
        total += info.file_size
        if total > MAX_INFLATED_BYTES:
            raise _fail(f"the template {name} would inflate to more than {MAX_INFLATED_BYTES // (1024 * 1024)} MB "
                        "(a zip bomb?)", where, "use a template made by PowerPoint or LibreOffice")


def _parse(data: bytes, part: str, name: str, where: Location | None) -> object:
    from lxml import etree

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _fail(f"the template {name} has a part {part!r} that declares a DTD or entities, "
                    "which PowerPoint files never do", where)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise _fail(f"the template {name} has a damaged part {part!r} (not well-formed XML)", where) from None


def _rels_source(rels_part: str) -> str:
    """Return the folder a .rels part's relative targets start from (`ppt/_rels/x.xml.rels` → `ppt`)."""
    folder = posixpath.dirname(posixpath.dirname(rels_part))
    return folder


def _check_relationships(parts: dict[str, bytes], name: str, where: Location | None) -> str:
    """Check every relationship; return the main part's name (from `_rels/.rels`)."""
    main = ""
    present = {p.casefold() for p in parts}
    for part, data in parts.items():
        if not part.endswith(".rels"):
            continue
        root = _parse(data, part, name, where)
        base = _rels_source(part)
        for rel in root.iter(f"{{{_NS_REL}}}Relationship"):  # type: ignore[attr-defined]
            target = rel.get("Target") or ""
            kind = rel.get("Type") or ""
            if rel.get("TargetMode") == "External":
                scheme = urlsplit(target).scheme.lower()
                if kind == _HYPERLINK and scheme in ("http", "https", "mailto"):
                    continue  # a link a reader may click; nothing is fetched
                raise _fail(f"the template {name} links to something outside it ({target[:80]!r} in {part!r}); "
                            "a template must hold all its parts", where,
                            "embed linked pictures and objects instead of linking them, then save it again")
            if urlsplit(target).scheme or target.startswith("\\") or ":" in target.split("/")[0]:
                raise _fail(f"the template {name} has a relationship to {target[:80]!r} in {part!r}, "
                            "which is not a part of the package", where)
            path = unquote(target)
            resolved = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(base, path))
            if resolved.startswith("../") or resolved == "..":
                raise _fail(f"the template {name} has a relationship to {target[:80]!r} in {part!r}, "
                            "which leads outside the package", where)
            if resolved.casefold() not in present:
                raise _fail(f"the template {name} is missing the part {resolved!r} (named in {part!r})", where)
            if part == "_rels/.rels" and kind == _OFFICE_DOCUMENT:
                main = resolved
    if not main:
        raise _fail(f"the template {name} has no presentation part (is it a PowerPoint file?)", where)
    return main


def _check_presentation(parts: dict[str, bytes], main: str, name: str, where: Location | None) -> None:
    root = _parse(parts[main], main, name, where)
    size = root.find(f"{{{_NS_P}}}sldSz")  # type: ignore[attr-defined]
    if size is None:
        raise _fail(f"the template {name} does not say its slide size", where)
    try:
        cx, cy = int(size.get("cx", "")), int(size.get("cy", ""))
    except ValueError:
        raise _fail(f"the template {name} has a slide size that is not a number", where) from None
    for side, value in (("width", cx), ("height", cy)):
        if not _MIN_SIDE <= value <= _MAX_SIDE:
            raise _fail(f"the template {name} has a slide {side} of {value / _EMU_PER_INCH:.4g} in; "
                        "PowerPoint slides are 1 to 56 in", where, "set the slide size in PowerPoint and save it again")


def _check_placeholders(parts: dict[str, bytes], name: str, where: Location | None) -> None:
    for part, data in parts.items():
        if not (part.startswith(_PLACEHOLDER_FOLDERS) and part.endswith(".xml")):
            continue
        root = _parse(data, part, name, where)
        for ph in root.iter(f"{{{_NS_P}}}ph"):  # type: ignore[attr-defined]
            kind = ph.get("type", "obj")
            if kind not in PLACEHOLDER_TYPES:
                raise _fail(f"the template {name} has a placeholder of unknown type {kind[:40]!r} in {part!r}", where)
            idx = ph.get("idx", "0")
            if not (idx.isascii() and idx.isdigit() and int(idx) < 2**32):
                raise _fail(f"the template {name} has a placeholder with a bad number (idx {idx[:20]!r}) in {part!r}",
                            where)


def read_template(path: Path, where: Location | None = None) -> bytes:
    """Return the template at `path` as .pptx package bytes python-pptx can open, after every check.

    `where` is the place of the layout's ``template:`` key, for messages. A .potx comes back with
    its main part typed as a presentation (python-pptx refuses the template type); the file on
    disk is not changed. Raises InputError with one clear message for the first problem found.
    """
    name = Path(path).name
    data = _read_bytes(Path(path), name, where)
    if data.startswith(_CFB):
        raise _fail(f"the template {name} is password-protected (encrypted) or an old .ppt/.pot file", where,
                    "save it without a password as .pptx or .potx")
    if not data.startswith(b"PK"):
        raise _fail(f"the template {name} is not a PowerPoint file (.pptx or .potx)", where)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_members(archive, name, where)
            parts = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        raise _fail(f"the template {name} is not a PowerPoint file (a damaged or unreadable zip)", where) from None
    for part, member in parts.items():
        if part.endswith((".xml", ".rels")) and (b"<!DOCTYPE" in member or b"<!ENTITY" in member):
            raise _fail(f"the template {name} has a part {part!r} that declares a DTD or entities, "
                        "which PowerPoint files never do", where)
    for needed in ("[Content_Types].xml", "_rels/.rels"):
        if needed not in parts:
            raise _fail(f"the template {name} is missing the part {needed!r}", where)
    for part, member in parts.items():  # every XML part well-formed, not only those python-pptx reads first
        if part.endswith((".xml", ".rels")):
            _parse(member, part, name, where)
    main = _check_relationships(parts, name, where)
    main = next(p for p in parts if p.casefold() == main.casefold())
    _check_presentation(parts, main, name, where)
    _check_placeholders(parts, name, where)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        _TEMPLATE_MAIN.encode(), _PRESENTATION_MAIN.encode()
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, member in parts.items():
            archive.writestr(part, member)
    return out.getvalue()
