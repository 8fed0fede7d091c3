"""PowerPoint decks as a teacher gets them: they open, convert, fit, carry notes, stay editable."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pypdf import PdfReader

from pdfwords import overlapping_words, pages

from histdocs import fonts
from histdocs.citations import full_note, plain
from histdocs.errors import InputError, RenderError
from histdocs.layouts import load_layout
from histdocs.load import load_course
from histdocs.markup import parse_prose
from histdocs.model import Course
from histdocs.plan.deck import Group, Line, Rect, Span, TextBox, TextPara, plan_deck
from histdocs.render.pptx import deck_pptx, draw_deck

TESTS = Path(__file__).resolve().parent
ROME = TESTS / "cases" / "rome"
BUNDLED = TESTS.parent / "data" / "azerbaijan-1988-1994"
EPS = 0.6  # points: EMU rounding


@pytest.fixture(scope="module")
def rome() -> Course:
    return load_course(ROME)


@pytest.fixture(scope="module")
def rome_decks(rome: Course) -> dict[str, bytes]:
    return {p.id: deck_pptx(rome, p, "deck-16x9") for p in rome.periods}


def _open(data: bytes):  # noqa: ANN202 - python-pptx has no public Presentation type
    return Presentation(io.BytesIO(data))


def _walk(shapes):  # noqa: ANN001, ANN202
    for shape in shapes:
        yield shape
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _walk(shape.shapes)


def _texts(prs) -> list[str]:  # noqa: ANN001
    """Return the text of every text frame and table cell of a deck."""
    out = []
    for slide in prs.slides:
        for shape in _walk(slide.shapes):
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            elif getattr(shape, "has_table", False) and shape.has_table:
                out.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return out


def _notes(slide) -> str:  # noqa: ANN001
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def _title(slide) -> str:  # noqa: ANN001
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def _replace_event(course: Course, key: str, **changes: object) -> Course:
    events = tuple(dataclasses.replace(e, **changes) if e.key == key else e for e in course.events)
    return dataclasses.replace(course, events=events)


def _first_key_event(course: Course) -> tuple[str, str]:
    for period in course.periods:
        for event in course.events_in(period):
            if event.importance == 1:
                return period.id, event.key
    raise AssertionError("no key event")


def _with_deck_fonts(tmp_path: Path) -> dict[str, str]:
    """Return an environment in which LibreOffice finds the fonts the decks name.

    Decks do not embed fonts (the README tells teachers to install Noto Sans); this gives the
    converter the same static faces through a private fontconfig file, so the check sees the
    slides as a teacher with the font sees them, whatever fonts this machine has.
    """
    folder = tmp_path / "deck-fonts"
    folder.mkdir(exist_ok=True)
    for name in fonts.BUNDLED_FAMILIES:
        family = fonts.font_family(name)
        for face in (family.regular, family.bold, family.italic, family.bold_italic):
            shutil.copy(face, folder / face.name)
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{folder}</dir>\n  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return dict(os.environ, FONTCONFIG_FILE=str(conf))


def _convert_all(decks: list[Path], tmp_path: Path) -> list[Path]:
    """Convert decks with one LibreOffice headless run (private profile); return their PDFs."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed to check that decks convert"
    profile = (tmp_path / "lo-profile").as_uri()
    outdir = tmp_path / "converted"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(outdir),
         *map(str, decks)],
        check=True, capture_output=True, timeout=600, env=_with_deck_fonts(tmp_path),
    )
    pdfs = [outdir / (deck.stem + ".pdf") for deck in decks]
    missing = [pdf.name for pdf in pdfs if not pdf.exists()]
    assert not missing, f"LibreOffice made no PDF for {missing}"
    return pdfs


def _convert(pptx: Path, tmp_path: Path) -> Path:
    """Convert one deck with LibreOffice headless and return the PDF."""
    return _convert_all([pptx], tmp_path)[0]


# --------------------------------------------------------------------------- opens and converts


def test_every_rome_deck_opens_and_one_converts_one_page_per_slide(rome_decks: dict[str, bytes], tmp_path: Path) -> None:
    for data in rome_decks.values():
        prs = _open(data)
        assert len(prs.slides) > 3
    name, data = sorted(rome_decks.items())[0]
    path = tmp_path / f"{name}.pptx"
    path.write_bytes(data)
    pdf = _convert(path, tmp_path)
    assert len(PdfReader(pdf).pages) == len(_open(data).slides)


def test_every_bundled_deck_opens_and_converts_one_page_per_slide(tmp_path: Path) -> None:
    course = load_course(BUNDLED)
    assert len(course.periods) >= 5
    decks = {p.id: deck_pptx(course, p, "deck-16x9") for p in course.periods}
    paths = []
    for period in course.periods:
        prs = _open(decks[period.id])
        titles = [_title(s) for s in prs.slides]
        for event in course.events_in(period):
            if event.importance == 1:
                assert any(t.startswith(event.title[:20]) for t in titles), event.key
        path = tmp_path / f"{period.number:02d}-{period.id}.pptx"
        path.write_bytes(decks[period.id])
        paths.append(path)
    clashes = []
    for period, pdf in zip(course.periods, _convert_all(paths, tmp_path)):
        assert len(PdfReader(pdf).pages) == len(_open(decks[period.id]).slides), period.id
        for page in pages(pdf):  # as LibreOffice shows the slides: no text drawn over text, none empty
            assert page.words, f"{period.id} slide {page.number} is empty"
            clashes += [f"{period.id} slide {page.number}: '{a.text}' over '{b.text}'" for a, b in overlapping_words(page)]
            clashes += [f"{period.id} slide {page.number}: '{w.text}' off the slide" for w in page.words
                        if w.x0 < 0 or w.y0 < 0 or w.x1 > page.width or w.y1 > page.height]
    assert not clashes, "\n".join(clashes[:20])
    text = "\n".join(_texts(_open(decks[course.periods[1].id])))
    assert "ə" in text  # Azerbaijani letters intact


# --------------------------------------------------------------------------- what is on the slides


def test_every_key_event_has_its_slide_and_a_4x3_deck_too(rome: Course) -> None:
    for period in rome.periods:
        for layout in ("deck-16x9", "deck-4x3"):
            prs = _open(deck_pptx(rome, period, layout))
            assert prs.slide_width == (960 if layout == "deck-16x9" else 720) * 12700
            titles = [_title(s) for s in prs.slides]
            for event in rome.events_in(period):
                if event.importance == 1:
                    assert event.title in titles


def test_timeline_slides_are_native_editable_shapes(rome: Course, rome_decks: dict[str, bytes]) -> None:
    for period in rome.periods:
        plan = plan_deck(rome, period, "deck-16x9")
        prs = _open(rome_decks[period.id])
        for planned, slide in zip(plan.slides, prs.slides):
            if planned.kind != "timeline":
                continue
            shapes = list(_walk(slide.shapes))
            assert not [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
            groups = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.GROUP]
            assert len(groups) == 1
            texts = {" ".join(s.text_frame.text.split()) for s in _walk(groups[0].shapes) if s.has_text_frame}
            labels = [b for b in planned.boxes() if b.name.startswith("Label ")]
            assert labels
            for box in labels:
                assert " ".join(" ".join(p.text for p in box.paragraphs).split()) in texts


def test_every_content_slide_has_notes_and_key_events_carry_full_citations(rome: Course,
                                                                           rome_decks: dict[str, bytes]) -> None:
    for period in rome.periods:
        plan = plan_deck(rome, period, "deck-16x9")
        prs = _open(rome_decks[period.id])
        for planned, slide in zip(plan.slides[1:], list(prs.slides)[1:]):
            assert _notes(slide).strip(), planned.kind
            if planned.kind == "key_events":
                event = rome.event(planned.key)
                for cite in event.cite:
                    note = " ".join(plain(full_note(rome.source(cite.source), cite.locator)).split())
                    assert note in " ".join(_notes(slide).split())


def test_pictures_have_alt_text(rome: Course, tmp_path: Path) -> None:
    from PIL import Image as PILImage

    from histdocs.model import Image

    picture = tmp_path / "map.png"
    PILImage.new("RGB", (300, 200), "#88aacc").save(picture)
    period_id, key = _first_key_event(rome)
    course = _replace_event(rome, key, image=Image(picture, "A map of Italy & Gaul", None, "Test credit"))
    prs = _open(deck_pptx(course, course.period(period_id), "deck-16x9"))
    pics = [sh for s in prs.slides for sh in _walk(s.shapes) if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pics) == 1
    assert pics[0]._element.nvPicPr.cNvPr.get("descr") == "A map of Italy & Gaul"
    slide_text = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    assert any("Test credit" in t for t in slide_text)


# --------------------------------------------------------------------------- text fits and stays as typed


def _frame_fits(shape, family: str) -> None:  # noqa: ANN001
    """Re-wrap each paragraph of a shape at its width with the font metrics; the lines fit its height."""
    frame = shape.text_frame
    body = frame._txBody.find(qn("a:bodyPr"))
    inset = lambda attr: int(body.get(attr, "0")) / 12700  # noqa: E731
    width = shape.width / 12700 - inset("lIns") - inset("rIns")
    height = shape.height / 12700 - inset("tIns") - inset("bIns")
    used = 0.0
    for i, para in enumerate(frame.paragraphs):
        p_pr = para._p.pPr
        mar_l = int(p_pr.get("marL", "0")) / 12700 if p_pr is not None else 0.0
        size = max((r.font.size.pt for r in para.runs if r.font.size), default=18.0)
        spacing = para.line_spacing.pt if hasattr(para.line_spacing, "pt") else fonts.line_height(size, family)
        bold = any(r.font.bold for r in para.runs)
        if body.get("wrap") == "none":
            lines = para.text.split("\v")
            widest = max(fonts.text_width(ln, size, family, bold) for ln in lines)
            assert widest <= width + EPS, (shape.name, para.text)
        else:
            lines = fonts.wrap(para.text, size, family, width - mar_l, bold)
        used += len(lines) * spacing + (para.space_before.pt if para.space_before is not None and i else 0.0)
    assert used <= height + EPS, f"{shape.name}: {used:.1f} pt of text in {height:.1f} pt"


def test_every_text_box_holds_its_text_by_the_font_metrics(rome: Course) -> None:
    for period in rome.periods:
        prs = _open(deck_pptx(rome, period, "deck-16x9"))
        for slide in prs.slides:
            for shape in _walk(slide.shapes):
                if shape.has_text_frame and shape.text_frame.text.strip():
                    _frame_fits(shape, "Noto Sans")


def test_a_3000_word_summary_gives_cont_slides_that_fit(rome: Course) -> None:
    period_id, key = _first_key_event(rome)
    words = " ".join(f"Sentence {i} tells the students about the Senate, the army and the plebs." for i in range(250))
    course = _replace_event(rome, key, summary=parse_prose(words))
    prs = _open(deck_pptx(course, course.period(period_id), "deck-16x9"))
    event = course.event(key)
    titles = [_title(s) for s in prs.slides]
    assert f"{event.title} (cont.)" in titles
    for slide in prs.slides:
        for shape in _walk(slide.shapes):
            if shape.has_text_frame and shape.text_frame.text.strip():
                _frame_fits(shape, "Noto Sans")


def test_control_characters_never_become_x00_escapes(rome: Course) -> None:
    period_id, key = _first_key_event(rome)
    course = _replace_event(rome, key, title="Caesar\x0bcrosses", summary=parse_prose("He\x0bcrosses.\x01 Then."))
    data = deck_pptx(course, course.period(period_id), "deck-16x9")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                assert b"_x00" not in z.read(name), name
    assert "Caesar crosses" in [_title(s) for s in _open(data).slides]


def test_literal_markup_and_greek_appear_as_typed(rome: Course) -> None:
    period_id, key = _first_key_event(rome)
    course = _replace_event(rome, key, title="AT&T <b>x</b> & Φάρσαλος")
    data = deck_pptx(course, course.period(period_id), "deck-16x9")
    assert "AT&T <b>x</b> & Φάρσαλος" in [_title(s) for s in _open(data).slides]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("ppt/slides/slide"))
    assert "AT&amp;T &lt;b&gt;x&lt;/b&gt; &amp; Φάρσαλος".encode() in xml


def test_a_character_the_font_lacks_fails_before_any_file(rome: Course) -> None:
    period_id, key = _first_key_event(rome)
    course = _replace_event(rome, key, title="漢")
    with pytest.raises(RenderError, match="U\\+6F22"):
        deck_pptx(course, course.period(period_id), "deck-16x9")


# --------------------------------------------------------------------------- deterministic


def test_same_input_gives_the_same_bytes_and_our_own_properties(rome: Course,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    period = rome.periods[0]
    first, second = deck_pptx(rome, period, "deck-16x9"), deck_pptx(rome, period, "deck-16x9")
    assert first == second
    props = _open(first).core_properties
    assert props.author == "Test Author"
    assert props.last_modified_by == ""
    assert props.subject == period.title
    assert props.revision == 1
    assert props.created is not None and props.created.year != 2013
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    later = deck_pptx(rome, period, "deck-16x9")
    assert _open(later).core_properties.modified.year == 2023
    with zipfile.ZipFile(io.BytesIO(later)) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}


# --------------------------------------------------------------------------- templates


def _template(tmp_path: Path, name: str, *, drop: str = "") -> Path:
    """Write a school template: 16:9, coloured master background; `drop` removes placeholders."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    fill = prs.slide_master.background.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(0xFF, 0xF4, 0xE0)
    if drop == "title":  # a broken template, made on purpose
        for layout in prs.slide_layouts:
            for ph in list(layout.placeholders):
                if ph.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
                    ph._element.getparent().remove(ph._element)
    if drop == "notes":
        for ph in list(prs.notes_master.placeholders):
            if ph.placeholder_format.type == PP_PLACEHOLDER.BODY:
                ph._element.getparent().remove(ph._element)
    path = tmp_path / name
    buffer = io.BytesIO()
    prs.save(buffer)
    data = buffer.getvalue()
    if name.endswith(".potx"):
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                member = zin.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    member = member.replace(b"presentationml.presentation.main+xml", b"presentationml.template.main+xml")
                zout.writestr(info, member)
        data = out.getvalue()
    path.write_bytes(data)
    layout = tmp_path / f"school-{path.stem}.yaml"
    layout.write_text(f"kind: deck\nextends: deck-16x9\ntemplate: {name}\n", encoding="utf-8")
    return layout


def test_a_potx_template_is_used(rome: Course, tmp_path: Path) -> None:
    layout = load_layout(_template(tmp_path, "school.potx"), kind="deck")
    period = rome.periods[0]
    data = deck_pptx(rome, period, layout)
    prs = _open(data)
    assert len(prs.slides) == len(plan_deck(rome, period, layout).slides)
    bg = prs.slide_master.background.fill
    assert str(bg.fore_color.rgb) == "FFF4E0"
    path = tmp_path / "with-template.pptx"
    path.write_bytes(data)
    assert len(PdfReader(_convert(path, tmp_path)).pages) == len(prs.slides)


@pytest.mark.parametrize("drop, words", [("title", "title placeholder"), ("notes", "notes placeholder")])
def test_a_template_missing_a_placeholder_is_one_clear_error_before_any_slide(
    rome: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drop: str, words: str
) -> None:
    from pptx.slide import Slides

    layout = load_layout(_template(tmp_path, f"broken-{drop}.pptx", drop=drop), kind="deck")
    made: list[object] = []
    original = Slides.add_slide
    monkeypatch.setattr(Slides, "add_slide", lambda self, lay: made.append(lay) or original(self, lay))
    with pytest.raises(InputError) as err:
        deck_pptx(rome, rome.periods[0], layout)
    assert words in str(err.value)
    assert f"broken-{drop}.pptx" in str(err.value)
    assert made == []


def test_a_template_of_another_size_is_an_error(rome: Course, tmp_path: Path) -> None:
    layout_path = _template(tmp_path, "wide.pptx")
    layout_path.write_text("kind: deck\nextends: deck-4x3\ntemplate: wide.pptx\n", encoding="utf-8")
    with pytest.raises(InputError, match="960 × 540 pt"):
        deck_pptx(rome, rome.periods[0], load_layout(layout_path, kind="deck"))


def test_no_shape_ids_repeat_on_a_slide(rome_decks: dict[str, bytes]) -> None:
    for data in rome_decks.values():
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                if re.fullmatch(r"ppt/slides/slide\d+\.xml", name):
                    ids = re.findall(rb'<p:cNvPr id="(\d+)"', z.read(name))
                    assert len(ids) == len(set(ids)), name


def test_a_template_with_other_layout_names_falls_back_to_placeholder_types(rome: Course, tmp_path: Path) -> None:
    layout_path = _template(tmp_path, "german.pptx")
    prs = Presentation(str(tmp_path / "german.pptx"))
    for layout in prs.slide_layouts:  # a German PowerPoint names its layouts in German
        layout._element.cSld.set("name", "Layout " + layout.name.replace(" ", "-"))
    prs.save(str(tmp_path / "german.pptx"))
    prs = _open(deck_pptx(rome, rome.periods[0], load_layout(layout_path, kind="deck")))
    assert [s.slide_layout.name for s in prs.slides][:2] == ["Layout Title-Slide", "Layout Title-and-Content"]


def test_a_template_that_holds_slides_is_an_error(rome: Course, tmp_path: Path) -> None:
    layout_path = _template(tmp_path, "with-slides.pptx")
    prs = Presentation(str(tmp_path / "with-slides.pptx"))
    prs.slides.add_slide(prs.slide_layouts[0])
    prs.save(str(tmp_path / "with-slides.pptx"))
    with pytest.raises(InputError, match="holds 1 slide"):
        deck_pptx(rome, rome.periods[0], load_layout(layout_path, kind="deck"))


def test_slide_text_is_large_enough_for_the_back_of_a_classroom() -> None:
    """Bullets at 18 pt or more, nothing on a slide below 14 pt (source lines, ticks, captions)."""
    course = load_course(BUNDLED)
    sizes: dict[str, list[float]] = {"body": [], "any": []}

    def runs(frame: object, body: bool) -> None:
        for para in frame.paragraphs:  # type: ignore[attr-defined]
            for run in para.runs:
                if run.text.strip() and run.font.size is not None:
                    sizes["any"].append(run.font.size.pt)
                    if body:
                        sizes["body"].append(run.font.size.pt)

    def walk(shapes: object) -> None:
        for shape in shapes:  # type: ignore[attr-defined]
            if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
                walk(shape.shapes)
            elif shape.has_text_frame:
                body = shape.is_placeholder and shape.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
                runs(shape.text_frame, body)
            elif shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        runs(cell.text_frame, False)

    for period in course.periods:
        for slide in _open(deck_pptx(course, period, "deck-16x9")).slides:
            walk(slide.shapes)
    assert sizes["any"] and min(sizes["any"]) >= 14
    assert sizes["body"] and min(sizes["body"]) >= 18


def test_free_shapes_keep_names_and_text_exactly_and_groups_frame_their_children(rome: Course) -> None:
    """The XML writer escapes what it must, keeps spaces, flips lines drawn leftwards, frames groups."""
    plan = plan_deck(rome, rome.periods[0], "deck-16x9")
    tricky = '  AT&T <b>"quoted"</b> \'Φάρσαλος\'  '
    para = TextPara((Span(tricky), Span(" bold", bold=True)), (tricky,), 14.0, 17.0)
    box = TextBox('Label A&B "<x>"', 100.0, 120.0, 200.0, 40.0, (para,), plan.family)
    leftwards = Line("Leader back", 400.0, 300.0, 150.0, 100.0, "#445566", width=1.5, dashed=True)
    group = Group("Figure", (box, leftwards, Rect("Band", 50.0, 250.0, 20.0, 80.0, "#ddeeff", shape="diamond")))
    slide = dataclasses.replace(plan.slides[-1], items=(group,))
    prs = _open(draw_deck(dataclasses.replace(plan, slides=(slide,))))
    (figure,) = [s for s in prs.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.GROUP]
    text, line, band = figure.shapes
    assert text.name == 'Label A&B "<x>"'
    assert [r.text for r in text.text_frame.paragraphs[0].runs] == [tricky, " bold"]
    assert [r.font.bold for r in text.text_frame.paragraphs[0].runs] == [False, True]
    assert (line.begin_x, line.begin_y, line.end_x, line.end_y) == (400 * 12700, 300 * 12700, 150 * 12700, 100 * 12700)
    assert line.line.dash_style is not None and line.line.width == round(1.5 * 12700)
    assert (figure.left, figure.top) == (50 * 12700, 100 * 12700)
    assert (figure.width, figure.height) == (350 * 12700, 230 * 12700)
    ids = [s.shape_id for s in _walk(prs.slides[0].shapes)]
    assert len(ids) == len(set(ids)) and ids == sorted(ids)
