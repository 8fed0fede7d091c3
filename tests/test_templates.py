"""Hostile PowerPoint templates: each is refused before python-pptx opens it, with one clear message.

The files are built here (zipfile, python-pptx), then used through the command line: exit 2,
the exact message at the layout's `template:` key, no traceback, nothing written.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Callable

import pytest
from pptx import Presentation
from pptx.util import Pt

from histdocs.cli import main
from histdocs.template import MAX_TEMPLATE_BYTES

from conftest import CASES

ROME = CASES / "rome"
RESAVE = "    hint: open it in PowerPoint or LibreOffice and save it again as .pptx or .potx\n"


def good_template() -> dict[str, bytes]:
    """Return the parts of a valid 16:9 template (python-pptx's default, no slides)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    buffer = io.BytesIO()
    prs.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def build_with(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes | None,
               name: str = "school.pptx") -> tuple[int, str]:
    """Write the template (unless None) and a layout naming it; build rome's decks; return (status, stderr)."""
    if data is not None:
        (tmp_path / name).write_bytes(data)
    layout = tmp_path / "mine.yaml"
    layout.write_text(f"extends: deck-16x9\ntemplate: {name}\n", encoding="utf-8")
    out = tmp_path / "out"
    status = main(["build", str(ROME), "-q", "-o", str(out), "--only", "decks", "--period", "civil-war",
                   "--deck-layout", str(layout)])
    stdout, stderr = capsys.readouterr()
    assert stdout == "" or status == 0
    assert "Traceback" not in stderr
    if status != 0:
        assert not out.exists()
    return status, stderr.replace(str(layout), "mine.yaml")


def refused(message: str, hint: str = RESAVE) -> str:
    return f"histdocs build: 1 problem found:\nmine.yaml:2:11: {message} (at template)\n{hint}"


def test_a_good_template_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build_with(tmp_path, capsys, zipped(good_template()))[0] == 0


def test_a_missing_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build_with(tmp_path, capsys, None) == (2, refused(
        "cannot read the template school.pptx: No such file or directory",
        "    hint: check the template: path in the layout (relative to the layout file)\n"))


def test_a_template_too_large_on_disk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "school.pptx"
    with big.open("wb") as handle:
        handle.truncate(MAX_TEMPLATE_BYTES + 1)  # sparse: nothing is really written
    assert build_with(tmp_path, capsys, None) == (2, refused(
        "the template school.pptx is 52.4 MB; the most histdocs reads is 50 MB",
        "    hint: remove large pictures or embedded fonts from it, or use a smaller template\n"))


def test_a_zip_bomb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in good_template().items():
            archive.writestr(name, data)
        with archive.open("ppt/media/image1.png", "w") as member:  # 110 MB of zeros in about 110 kB
            chunk = bytes(1 << 20)
            for _ in range(110):
                member.write(chunk)
    assert len(buffer.getvalue()) < 1_000_000
    assert build_with(tmp_path, capsys, buffer.getvalue()) == (2, refused(
        "the template school.pptx would inflate to more than 100 MB (a zip bomb?)",
        "    hint: use a template made by PowerPoint or LibreOffice\n"))


def test_a_password_protected_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # how PowerPoint stores an encrypted .pptx
    assert build_with(tmp_path, capsys, cfb) == (2, refused(
        "the template school.pptx is password-protected (encrypted) or an old .ppt/.pot file",
        "    hint: save it without a password as .pptx or .potx\n"))


def test_an_encrypted_zip_member(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(zipped(good_template()))
    name = b"ppt/presentation.xml"
    for match in re.finditer(rb"PK\x01\x02", bytes(data)):  # central directory: set the "encrypted" flag bit
        start = match.start()
        length = int.from_bytes(data[start + 28:start + 30], "little")
        if data[start + 46:start + 46 + length] == name:
            data[start + 8] |= 0x1
            offset = int.from_bytes(data[start + 42:start + 46], "little")
            data[offset + 6] |= 0x1  # and in the member's own header
    assert build_with(tmp_path, capsys, bytes(data)) == (2, refused(
        "the template school.pptx is encrypted (its part 'ppt/presentation.xml' needs a password)",
        "    hint: save it again without a password\n"))


def test_another_compression_method(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build_with(tmp_path, capsys, zipped(good_template(), zipfile.ZIP_BZIP2)) == (2, refused(
        "the template school.pptx uses zip compression method 12 for '[Content_Types].xml'; PowerPoint files use"
        " only 'stored' (0) or 'deflate' (8)"))


def test_not_a_zip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build_with(tmp_path, capsys, b"PK\x03\x04 but nothing else") == (2, refused(
        "the template school.pptx is not a PowerPoint file (a damaged or unreadable zip)"))
    assert build_with(tmp_path, capsys, b"%PDF-1.7\n") == (2, refused(
        "the template school.pptx is not a PowerPoint file (.pptx or .potx)"))


def change(part: str, edit: Callable[[bytes], bytes]) -> bytes:
    parts = good_template()
    parts[part] = edit(parts[part])
    return zipped(parts)


@pytest.mark.parametrize("cx,words", [("99999999999", "a slide width of 1.094e+05 in"),
                                      ("12700", "a slide width of 0.01389 in")])
def test_a_slide_size_outside_1_to_56_inches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cx: str, words: str
) -> None:
    data = change("ppt/presentation.xml", lambda xml: re.sub(rb'(<p:sldSz cx=")\d+', rb"\g<1>" + cx.encode(), xml))
    assert build_with(tmp_path, capsys, data) == (2, refused(
        f"the template school.pptx has {words}; PowerPoint slides are 1 to 56 in",
        "    hint: set the slide size in PowerPoint and save it again\n"))


def test_an_unknown_placeholder_type(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = change("ppt/slideLayouts/slideLayout2.xml", lambda xml: xml.replace(b'type="title"', b'type="bogus"', 1))
    assert build_with(tmp_path, capsys, data) == (2, refused(
        "the template school.pptx has a placeholder of unknown type 'bogus' in 'ppt/slideLayouts/slideLayout2.xml'"))


@pytest.mark.parametrize(
    "target,mode,words",
    [
        ("file:///etc/passwd", ' TargetMode="External"',
         "links to something outside it ('file:///etc/passwd' in 'ppt/slideMasters/_rels/slideMaster1.xml.rels');"
         " a template must hold all its parts"),
        ("../../../../etc/passwd", "",
         "has a relationship to '../../../../etc/passwd' in 'ppt/slideMasters/_rels/slideMaster1.xml.rels',"
         " which leads outside the package"),
        ("../media/absent.png", "",
         "is missing the part 'ppt/media/absent.png' (named in 'ppt/slideMasters/_rels/slideMaster1.xml.rels')"),
    ],
)
def test_relationships_to_outside_or_missing_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, mode: str, words: str
) -> None:
    rel = (f'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"'
           f' Target="{target}"{mode}/></Relationships>').encode()
    data = change("ppt/slideMasters/_rels/slideMaster1.xml.rels", lambda xml: xml.replace(b"</Relationships>", rel))
    hint = RESAVE
    if mode:
        hint = "    hint: embed linked pictures and objects instead of linking them, then save it again\n"
    assert build_with(tmp_path, capsys, data) == (2, refused(f"the template school.pptx {words}", hint))


def test_a_missing_slide_layout_part(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parts = good_template()
    del parts["ppt/slideLayouts/slideLayout3.xml"]
    assert build_with(tmp_path, capsys, zipped(parts)) == (2, refused(
        "the template school.pptx is missing the part 'ppt/slideLayouts/slideLayout3.xml'"
        " (named in 'ppt/slideMasters/_rels/slideMaster1.xml.rels')"))


def test_a_part_with_a_dtd(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = change("ppt/presentation.xml", lambda xml: xml.replace(
        b"?>", b'?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>', 1))
    assert build_with(tmp_path, capsys, data) == (2, refused(
        "the template school.pptx has a part 'ppt/presentation.xml' that declares a DTD or entities, which"
        " PowerPoint files never do"))


def test_a_potx_with_a_hyperlink_to_the_school_website_is_fine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = (b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           b'hyperlink" Target="https://school.example/" TargetMode="External"/></Relationships>')
    parts = good_template()
    parts["ppt/slideMasters/_rels/slideMaster1.xml.rels"] = parts[
        "ppt/slideMasters/_rels/slideMaster1.xml.rels"].replace(b"</Relationships>", rel)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"presentationml.presentation.main+xml", b"presentationml.template.main+xml")
    assert build_with(tmp_path, capsys, zipped(parts), "school.potx")[0] == 0


def test_a_damaged_xml_part(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = change("ppt/theme/theme1.xml", lambda xml: xml[: len(xml) // 2])
    assert build_with(tmp_path, capsys, data) == (2, refused(
        "the template school.pptx has a damaged part 'ppt/theme/theme1.xml' (not well-formed XML)"))
