"""Draw a deck plan with python-pptx: native, editable shapes, speaker notes, a teacher's template.

The renderer only draws what :mod:`histdocs.plan.deck` planned. It builds slides through
python-pptx's API alone (no part is removed by XML surgery), checks a template before any slide
is made, writes our own document properties and rewrites the zip with fixed timestamps, so the
same input gives the same bytes.
"""

from __future__ import annotations

import copy
import datetime as _dt
import io
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.text.text import _Paragraph
from pptx.util import Emu

from ..errors import InputError, Location, Problem, RenderError
from ..model import Course, Period
from ..plan.deck import (
    DeckPlan,
    Group,
    Line,
    Picture,
    Rect,
    Slide,
    Span,
    Table,
    TextBox,
    TextPara,
    clean_text,
    plan_deck,
)
from ..sourcedate import source_date
from ..template import read_template

__all__ = ["deck_pptx", "draw_deck", "open_template", "LAYOUT_NAMES"]

LAYOUT_NAMES = {"title": "Title Slide", "content": "Title and Content", "title_only": "Title Only"}
"""The slide layouts a deck uses, by the names PowerPoint gives them."""

_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
_ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}


def _emu(points: float) -> Emu:
    return Emu(int(round(points * 12700)))


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def _safe(text: str) -> str:
    """Return text python-pptx can write as is: never an `_x000B_` escape (threat 6)."""
    return clean_text(text).replace("\n", " ").replace("\t", " ")


# ----------------------------------------------------------------------------- template


def open_template(path: Path | None, where: Location | None = None) -> Any:
    """Return a Presentation from a .pptx/.potx template (or python-pptx's default when None).

    The file is checked by :func:`histdocs.template.read_template` (size, zip bomb, encryption,
    relationships, slide size, placeholder types) before python-pptx sees a byte of it; `where`
    is the place of the layout's ``template:`` key, for messages.
    """
    if path is None:
        return Presentation()
    data = read_template(Path(path), where)
    try:
        return Presentation(io.BytesIO(data))
    except Exception:  # python-pptx's own words name XML internals; ours say what to do
        raise InputError([Problem(f"the template {Path(path).name} cannot be opened as a PowerPoint file",
                                  where, "template",
                                  "save it from PowerPoint or LibreOffice as .pptx or .potx")]) from None


def _placeholder_types(layout: Any) -> set[Any]:
    return {ph.placeholder_format.type for ph in layout.placeholders}


def _find_layout(prs: Any, kind: str) -> Any | None:
    """Return the slide layout for a plan's layout kind: by name, else by its placeholders."""
    wanted = LAYOUT_NAMES[kind]
    layouts = list(prs.slide_layouts)
    for layout in layouts:
        if layout.name.strip().casefold() == wanted.casefold():
            types = _placeholder_types(layout)
            if types & set(_TITLE_TYPES) and (kind != "content" or types & set(_BODY_TYPES)):
                return layout
    with_title = [lay for lay in layouts if _placeholder_types(lay) & set(_TITLE_TYPES)]
    if kind == "content":
        found = [lay for lay in with_title if _placeholder_types(lay) & set(_BODY_TYPES)]
        return min(found, key=lambda lay: len(lay.placeholders), default=None)
    if kind == "title":
        found = [lay for lay in with_title if PP_PLACEHOLDER.SUBTITLE in _placeholder_types(lay)]
        found = found or [lay for lay in with_title if _placeholder_types(lay) & set(_BODY_TYPES)]
        return min(found, key=lambda lay: len(lay.placeholders), default=None)
    return min(with_title, key=lambda lay: len(lay.placeholders), default=None)


def _check_template(prs: Any, plan: DeckPlan) -> dict[str, Any]:
    """Return the slide layout for each kind the plan uses; one InputError for all that is missing."""
    problems: list[Problem] = []
    name = plan.template.name if plan.template else "the default template"
    if len(prs.slides):
        problems.append(Problem(f"the template {name} holds {len(prs.slides)} slide(s); a template must hold none",
                                plan.template_at, path="template", hint="delete its slides and save it again (as .potx or .pptx)"))
    if plan.template is not None:
        w, h = prs.slide_width / 12700, prs.slide_height / 12700
        if abs(w - plan.width) > 1 or abs(h - plan.height) > 1:
            problems.append(Problem(
                f"the template {name} has slides of {w:g} × {h:g} pt but the layout says {plan.width:g} × {plan.height:g} pt",
                path="slide.width", hint="extend deck-4x3 for a 4:3 template, deck-16x9 for 16:9, or set slide.width/height"))
    chosen: dict[str, Any] = {}
    for kind in sorted({s.layout for s in plan.slides}):
        layout = _find_layout(prs, kind)
        if layout is None:
            need = "a title and a body placeholder" if kind == "content" else "a title placeholder"
            problems.append(Problem(f"the template {name} has no slide layout with {need} "
                                    f"(looked for {LAYOUT_NAMES[kind]!r})", plan.template_at, path="template",
                                    hint="add the layout in the slide master view, or use another template"))
        chosen[kind] = layout
    notes_types = {ph.placeholder_format.type for ph in prs.notes_master.placeholders}
    if PP_PLACEHOLDER.BODY not in notes_types:
        problems.append(Problem(f"the template {name} has a notes master without a notes placeholder, "
                                "so slides could not carry speaker notes", plan.template_at, path="template",
                                hint="in PowerPoint: View → Notes Master → Master Layout → tick 'Body'"))
    if problems:
        raise InputError(problems)
    return chosen


# ----------------------------------------------------------------------------- text


def _set_bullet(paragraph: Any, para: TextPara, indent: float, family: str) -> None:
    """Give the paragraph its bullet (or none) and hanging indent, as the plan measured them.

    The bullet character is set in the deck's own font, which the coverage check has vetted.
    """
    p_pr = paragraph._p.get_or_add_pPr()
    if para.bullet:
        p_pr.set("marL", str(int(_emu(indent))))
        p_pr.set("indent", str(-int(_emu(indent))))
        if para.bullet == "1.":
            etree.SubElement(p_pr, qn("a:buAutoNum"), type="arabicPeriod")
        else:
            etree.SubElement(p_pr, qn("a:buFont"), typeface=family)
            etree.SubElement(p_pr, qn("a:buChar"), char=para.bullet)
    else:
        p_pr.set("marL", str(int(_emu(indent))))
        p_pr.set("indent", "0")
        etree.SubElement(p_pr, qn("a:buNone"))


def _add_run(paragraph: Any, span: Span, para: TextPara, family: str, text: str | None = None) -> None:
    run = paragraph.add_run()
    run.text = _safe(span.text if text is None else text)
    font = run.font
    font.name = family
    font.size = _emu(para.size)
    font.bold = bool(para.bold or span.bold)
    font.italic = bool(para.italic or span.italic)
    if para.color:
        font.color.rgb = _rgb(para.color)


def _fill_text(frame: Any, box: TextBox, bullets: bool) -> None:
    """Write the box's paragraphs into a text frame with the plan's sizes, spacing and insets."""
    frame.word_wrap = box.wrap
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = _emu(box.inset)
    frame.margin_top = frame.margin_bottom = _emu(box.inset)
    frame.vertical_anchor = _ANCHOR[box.anchor]
    paras = box.paragraphs or (TextPara((Span(""),), ("",), 12.0, 14.0),)
    for i, para in enumerate(paras):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = _ALIGN[box.align]
        paragraph.line_spacing = _emu(para.line_height)
        paragraph.space_before = _emu(para.space_before)
        paragraph.space_after = _emu(0)
        if bullets:
            _set_bullet(paragraph, para, box.indent, box.family)
        if para.breaks:
            for j, line in enumerate(para.lines):
                if j:
                    paragraph.add_line_break()
                _add_run(paragraph, para.spans[0] if para.spans else Span(""), para, box.family, line)
        else:
            for span in para.spans or (Span(""),):
                _add_run(paragraph, span, para, box.family)


def _place(shape: Any, box: TextBox | Rect | Picture | Table) -> None:
    shape.left, shape.top = _emu(box.x), _emu(box.y)
    if not isinstance(box, Table):
        shape.width, shape.height = _emu(box.width), _emu(box.height)


# ----------------------------------------------------------------------------- shapes


def _draw_textbox(shapes: Any, box: TextBox) -> None:
    shape = shapes.add_textbox(_emu(box.x), _emu(box.y), _emu(box.width), _emu(box.height))
    shape.name = _safe(box.name)
    if box.fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(box.fill)
    _fill_text(shape.text_frame, box, bullets=False)


def _draw_rect(shapes: Any, rect: Rect) -> None:
    kind = MSO_SHAPE.DIAMOND if rect.shape == "diamond" else MSO_SHAPE.RECTANGLE
    shape = shapes.add_shape(kind, _emu(rect.x), _emu(rect.y), _emu(rect.width), _emu(rect.height))
    shape.name = _safe(rect.name)
    shape.shadow.inherit = False
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(rect.fill)
    if rect.line:
        shape.line.color.rgb = _rgb(rect.line)
        shape.line.width = _emu(0.75)
        if rect.dashed:
            shape.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    else:
        shape.line.fill.background()


def _draw_line(shapes: Any, line: Line) -> None:
    shape = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, _emu(line.x0), _emu(line.y0), _emu(line.x1), _emu(line.y1))
    shape.name = _safe(line.name)
    shape.line.color.rgb = _rgb(line.color)
    shape.line.width = _emu(line.width)
    if line.dashed:
        shape.line.dash_style = MSO_LINE_DASH_STYLE.DASH


def _draw_group(shapes: Any, group: Group) -> None:
    shape = shapes.add_group_shape()
    shape.name = _safe(group.name)
    children = shape.shapes
    # python-pptx recomputes a group's extents from all its children after every shape added
    # (quadratic: 7 s for one timeline slide); compute them once, after the last child.
    children._recalculate_extents = lambda: None
    try:
        for item in group.items:
            _draw_item(children, item)
    finally:
        del children._recalculate_extents
    children._recalculate_extents()


def _draw_table(shapes: Any, table: Table) -> None:
    rows, cols = len(table.rows), len(table.widths)
    frame = shapes.add_table(rows, cols, _emu(table.x), _emu(table.y), _emu(table.width), _emu(table.height))
    frame.name = _safe(table.name)
    grid = frame.table
    for j, w in enumerate(table.widths):
        grid.columns[j].width = _emu(w)
    for i, h in enumerate(table.heights):
        grid.rows[i].height = _emu(h)
    for i, row in enumerate(table.rows):
        fill = table.header_color if i == 0 else (table.stripe_color if i % 2 == 0 else "#ffffff")
        for j, cell in enumerate(row):
            target = grid.cell(i, j)
            target.fill.solid()
            target.fill.fore_color.rgb = _rgb(fill)
            target.margin_left = target.margin_right = _emu(table.inset)
            target.margin_top = target.margin_bottom = _emu(table.inset)
            target.vertical_anchor = MSO_ANCHOR.TOP
            frame_ = target.text_frame
            frame_.word_wrap = True
            paragraph = frame_.paragraphs[0]
            paragraph.line_spacing = _emu(table.line_height)
            para = TextPara((Span(cell.text),), cell.lines, table.size, table.line_height, cell.bold, False, table.color)
            _add_run(paragraph, para.spans[0], para, table.family)


def _draw_picture(shapes: Any, pic: Picture) -> None:
    from pptx.parts.image import Image

    try:
        image = Image.from_file(str(pic.path))
    except (OSError, ValueError, SyntaxError):  # Pillow's words name objects (<_io.BytesIO …>): use ours
        raise RenderError(f"cannot read the picture {pic.path.name}: it is not a PNG or JPEG that can be decoded; "
                          "open it in an image editor and save it again") from None
    px_w, px_h = image.size
    scale = min(pic.width / max(1, px_w), pic.height / max(1, px_h))
    w, h = px_w * scale, px_h * scale
    x, y = pic.x + (pic.width - w) / 2, pic.y + (pic.height - h) / 2
    shape = shapes.add_picture(str(pic.path), _emu(x), _emu(y), _emu(w), _emu(h))
    shape.name = _safe(pic.name)
    shape._element.nvPicPr.cNvPr.set("descr", _safe(pic.alt))


def _draw_item(shapes: Any, item: Any) -> None:
    if isinstance(item, TextBox):
        _draw_textbox(shapes, item)
    elif isinstance(item, Rect):
        _draw_rect(shapes, item)
    elif isinstance(item, Line):
        _draw_line(shapes, item)
    elif isinstance(item, Group):
        _draw_group(shapes, item)
    elif isinstance(item, Table):
        _draw_table(shapes, item)
    elif isinstance(item, Picture):
        _draw_picture(shapes, item)
    else:  # pragma: no cover - the plan has no other items
        raise TypeError(f"cannot draw {type(item).__name__}")


def _placeholder(slide: Any, types: tuple[Any, ...]) -> Any | None:
    for ph in slide.placeholders:
        if ph.placeholder_format.type in types:
            return ph
    return None


def _draw_slide(prs: Any, layout: Any, plan: DeckPlan, planned: Slide) -> None:
    slide = prs.slides.add_slide(layout)
    title = _placeholder(slide, _TITLE_TYPES)
    assert title is not None  # checked by _check_template
    _place(title, planned.title)
    _fill_text(title.text_frame, planned.title, bullets=False)
    for item in planned.items:
        target = None
        if isinstance(item, TextBox) and item.role == "body":
            target = _placeholder(slide, _BODY_TYPES)
        elif isinstance(item, TextBox) and item.role == "subtitle":
            target = _placeholder(slide, (PP_PLACEHOLDER.SUBTITLE,) + _BODY_TYPES)
        if target is not None:
            _place(target, item)
            _fill_text(target.text_frame, item, bullets=item.role == "body")
        else:
            _draw_item(slide.shapes, item)
    _fill_notes(slide.notes_slide.notes_text_frame, planned.notes, plan)


def _fill_notes(frame: Any, notes: Any, plan: DeckPlan) -> None:
    """Write the speaker notes, one paragraph per planned line.

    The first run of each style is made through python-pptx; the others copy its run
    properties and are appended directly, the same XML at a fraction of the cost (a slide
    citing ten thousand sources has tens of thousands of note runs).
    """
    styles: dict[tuple[bool, bool], Any] = {}  # (bold, italic) -> <a:rPr> of the first such run
    r_tag, t_tag, p_tag = qn("a:r"), qn("a:t"), qn("a:p")
    txBody = frame._txBody
    for i, para in enumerate(notes):
        p = frame.paragraphs[0]._p if i == 0 else etree.SubElement(txBody, p_tag)
        end = p.find(qn("a:endParaRPr"))
        for span in para:
            key = (bool(span.bold), bool(span.italic))
            if key not in styles or end is not None:
                run = _Paragraph(p, frame).add_run()
                run.text = _safe(span.text)
                run.font.bold = span.bold or None
                run.font.italic = span.italic or None
                run.font.size = _emu(plan.notes_size)
                run.font.name = plan.family
                styles.setdefault(key, run._r.rPr)
                continue
            r = etree.SubElement(p, r_tag)
            r.append(copy.deepcopy(styles[key]))
            etree.SubElement(r, t_tag).text = _safe(span.text)


# ----------------------------------------------------------------------------- document


def _fixed_time(plan: DeckPlan) -> _dt.datetime:
    """Return the time the document claims: SOURCE_DATE_EPOCH, else 1 January of the plan's year."""
    return source_date() or _dt.datetime(plan.year, 1, 1)


def _set_properties(prs: Any, plan: DeckPlan) -> None:
    props = prs.core_properties
    when = _fixed_time(plan)
    props.title = _safe(plan.title)[:255]
    props.subject = _safe(plan.subject)[:255]
    props.author = _safe("; ".join(plan.authors))[:255]
    props.last_modified_by = ""
    props.language = plan.language
    props.keywords = ""
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.created = when
    props.modified = when


def _stable_zip(data: bytes, when: _dt.datetime) -> bytes:
    """Return the package with every member's timestamp fixed; order and compression kept."""
    stamp = max(_ZIP_EPOCH, (when.year, when.month, when.day, when.hour, when.minute, when.second // 2 * 2))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = info.compress_type
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            zout.writestr(fixed, zin.read(info.filename))
    return out.getvalue()


def draw_deck(plan: DeckPlan) -> bytes:
    """Return the .pptx bytes of a deck plan (checks the template before the first slide)."""
    stamp = source_date()  # checked before anything is drawn
    prs = open_template(plan.template, plan.template_at)
    try:
        layouts = _check_template(prs, plan)
    except (KeyError, ValueError, AttributeError, TypeError, IndexError):  # a part python-pptx cannot follow
        raise InputError([Problem(f"the template {plan.template.name if plan.template else ''} has slide layouts or "
                                  "masters that cannot be read", plan.template_at, "template",
                                  "save it from PowerPoint or LibreOffice as .pptx or .potx")]) from None
    if plan.template is None:
        prs.slide_width, prs.slide_height = _emu(plan.width), _emu(plan.height)
        if plan.background_color:
            fill = prs.slide_master.background.fill
            fill.solid()
            fill.fore_color.rgb = _rgb(plan.background_color)
    for planned in plan.slides:
        _draw_slide(prs, layouts[planned.layout], plan, planned)
    _set_properties(prs, plan)
    raw = io.BytesIO()
    prs.save(raw)
    return _stable_zip(raw.getvalue(), stamp if stamp is not None else _dt.datetime(*_ZIP_EPOCH))


def deck_pptx(course: Course, period: Period, layout: Any = "deck-16x9") -> bytes:
    """Return the lecture deck of one period as .pptx bytes, planned with ``layout``."""
    if period is None:
        raise InputError([Problem("a deck is made for one period: name it")])
    return draw_deck(plan_deck(course, period, layout))
