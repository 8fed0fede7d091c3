"""Draw a deck plan with python-pptx: native, editable shapes, speaker notes, a teacher's template.

The renderer only draws what :mod:`histdocs.plan.deck` planned. python-pptx opens the template,
adds the slides (cloning the layout's placeholders), the notes pages, tables and pictures, and
saves the package; the shapes and runs themselves are written as XML text and parsed by lxml in
one step per shape, because python-pptx's property machinery was most of a deck's time and its
shape-id search is quadratic per slide. The XML is the same python-pptx writes (same elements,
attributes and order). No part is removed by XML surgery; a template is checked before any slide
is made; our own document properties and fixed zip timestamps give the same bytes for the same
input.
"""

from __future__ import annotations

import datetime as _dt
import gc
import io
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml import element_class_lookup
from pptx.oxml.ns import qn
from pptx.opc.packuri import PackURI
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
_ALIGN = {"left": "l", "center": "ctr", "right": "r"}
_ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}
_NSDECLS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
# python-pptx's element classes, so its API still reads what we add; no blank-text removal,
# so a run of spaces stays a run of spaces.
_PARSER = etree.XMLParser(resolve_entities=False)
_PARSER.set_element_class_lookup(element_class_lookup)
_DEFAULT_LR_INSET, _DEFAULT_TB_INSET = 91440, 45720  # bodyPr defaults: python-pptx leaves them out


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


# ----------------------------------------------------------------------------- XML text


def _e(points: float) -> int:
    """Return a length in points as whole EMU, rounded as python-pptx's Emu would be given it."""
    return int(round(points * 12700))


def _x(text: str) -> str:
    """Return text safe inside an XML element or a double-quoted attribute."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _hex(color: str) -> str:
    """Return '#rrggbb' as the upper-case hex python-pptx writes (and check it is a colour)."""
    return str(_rgb(color))


def _solid(color: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{_hex(color)}"/></a:solidFill>'


def _xfrm(x: int, y: int, cx: int, cy: int, flip: str = "") -> str:
    return f'<a:xfrm{flip}><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'


def _run(text: str, size: float, bold: bool, italic: bool, color: str, family: str) -> str:
    """Return one `a:r` with its size, weight, slant, colour and font (python-pptx's order)."""
    fill = _solid(color) if color else ""
    return (f'<a:r><a:rPr sz="{_e(size) // 127}" b="{int(bold)}" i="{int(italic)}">{fill}'
            f'<a:latin typeface="{_x(family)}"/></a:rPr><a:t>{_x(_safe(text))}</a:t></a:r>')


def _para_runs(para: TextPara, family: str) -> str:
    """Return the runs of a paragraph: its spans, or its measured lines joined by line breaks."""
    bold, italic = para.bold, para.italic
    if para.breaks:
        first = para.spans[0] if para.spans else Span("")
        run = [_run(line, para.size, bold or first.bold, italic or first.italic, para.color, family)
               for line in para.lines]
        return "<a:br/>".join(run)
    return "".join(_run(span.text, para.size, bold or span.bold, italic or span.italic, para.color, family)
                   for span in para.spans or (Span(""),))


def _bullet(para: TextPara, indent: float, family: str) -> tuple[str, str]:
    """Return the pPr attributes and children that give a paragraph its bullet (or none).

    The bullet character is set in the deck's own font, which the coverage check has vetted.
    """
    mar = _e(indent)
    if not para.bullet:
        return f' marL="{mar}" indent="0"', "<a:buNone/>"
    if para.bullet == "1.":
        return f' marL="{mar}" indent="{-mar}"', '<a:buAutoNum type="arabicPeriod"/>'
    return f' marL="{mar}" indent="{-mar}"', f'<a:buFont typeface="{_x(family)}"/><a:buChar char="{_x(para.bullet)}"/>'


def _txbody(box: TextBox, bullets: bool) -> str:
    """Return the `p:txBody` of a box: no autofit, the plan's insets, spacing, bullets and runs."""
    inset = _e(box.inset)
    attrs = f'wrap="{"square" if box.wrap else "none"}"'
    if inset != _DEFAULT_LR_INSET:
        attrs += f' lIns="{inset}" rIns="{inset}"'
    if inset != _DEFAULT_TB_INSET:
        attrs += f' tIns="{inset}" bIns="{inset}"'
    parts = [f'<p:txBody><a:bodyPr {attrs} anchor="{_ANCHOR[box.anchor]}"><a:noAutofit/></a:bodyPr><a:lstStyle/>']
    algn = _ALIGN[box.align]
    for para in box.paragraphs or (TextPara((Span(""),), ("",), 12.0, 14.0),):
        more, marks = _bullet(para, box.indent, box.family) if bullets else ("", "")
        parts.append(
            f'<a:p><a:pPr algn="{algn}"{more}><a:lnSpc><a:spcPts val="{_e(para.line_height) // 127}"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{_e(para.space_before) // 127}"/></a:spcBef>'
            f'<a:spcAft><a:spcPts val="0"/></a:spcAft>{marks}</a:pPr>{_para_runs(para, box.family)}</a:p>')
    parts.append("</p:txBody>")
    return "".join(parts)


def _parse(xml: str) -> list[Any]:
    """Return the elements of an XML fragment (written with the a:, p: and r: prefixes)."""
    return list(etree.fromstring(f"<p:spTree {_NSDECLS}>{xml}</p:spTree>", _PARSER))


def _place(shape: Any, box: TextBox | Picture | Table) -> None:
    shape.left, shape.top = _emu(box.x), _emu(box.y)
    if not isinstance(box, Table):
        shape.width, shape.height = _emu(box.width), _emu(box.height)


def _fill_placeholder(shape: Any, box: TextBox, bullets: bool) -> None:
    """Put the box where the plan says and replace the placeholder's empty text with the box's."""
    _place(shape, box)
    old = shape._element.get_or_add_txBody()
    old.getparent().replace(old, _parse(_txbody(box, bullets))[0])


# ----------------------------------------------------------------------------- shapes

_Extent = tuple[int, int, int, int]
_TEXTBOX_NV = '<p:cNvSpPr txBox="1"/>'
_BOLD, _ITALIC = ' b="1"', ' i="1"'
_CONNECTOR_STYLE = ('<p:style><a:lnRef idx="2"><a:schemeClr val="accent1"/></a:lnRef><a:fillRef idx="0">'
                    '<a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="1"><a:schemeClr val="accent1"/>'
                    '</a:effectRef><a:fontRef idx="minor"><a:schemeClr val="tx1"/></a:fontRef></p:style>')
_AUTOSHAPE_STYLE = ('<p:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef><a:fillRef idx="3">'
                    '<a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="2"><a:schemeClr val="accent1"/>'
                    '</a:effectRef><a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style>'
                    '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p></p:txBody>')


class _Shapes:
    """Writes a slide's shapes as XML, numbering them as python-pptx would (max id + 1, in order)."""

    def __init__(self, slide: Any) -> None:
        self.slide = slide
        self.tree = slide.shapes._spTree
        self.next_id = self.tree.max_shape_id + 1

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def add(self, item: Any) -> None:
        """Draw one planned item on the slide, above those drawn before it."""
        if isinstance(item, (TextBox, Rect, Line, Group)):
            xml, _ = self._xml(item)
            for element in _parse(xml):
                self.tree.insert_element_before(element, "p:extLst")
        elif isinstance(item, Table):
            self._sync(_draw_table(self.slide.shapes, item))
        elif isinstance(item, Picture):
            self._sync(_draw_picture(self.slide.shapes, item))
        else:  # pragma: no cover - the plan has no other items
            raise TypeError(f"cannot draw {type(item).__name__}")

    def _sync(self, shape: Any) -> None:
        """Continue numbering after a shape python-pptx added (it numbers by the same rule)."""
        self.next_id = max(self.next_id, shape.shape_id + 1)

    def _xml(self, item: TextBox | Rect | Line | Group) -> tuple[str, _Extent]:
        """Return the item's XML and its extent (x, y, cx, cy in EMU), for its group's frame."""
        if isinstance(item, TextBox):
            return self._textbox(item)
        if isinstance(item, Rect):
            return self._rect(item)
        if isinstance(item, Line):
            return self._line(item)
        return self._group(item)

    def _nv(self, name: str, extra: str = "") -> str:
        return f'<p:cNvPr id="{self._id()}" name="{_x(_safe(name))}"/>{extra}<p:nvPr/>'

    def _textbox(self, box: TextBox) -> tuple[str, _Extent]:
        ext = (_e(box.x), _e(box.y), _e(box.width), _e(box.height))
        fill = _solid(box.fill) if box.fill else "<a:noFill/>"
        xml = (f'<p:sp><p:nvSpPr>{self._nv(box.name, _TEXTBOX_NV)}</p:nvSpPr><p:spPr>{_xfrm(*ext)}'
               f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill}</p:spPr>{_txbody(box, bullets=False)}</p:sp>')
        return xml, ext

    def _rect(self, rect: Rect) -> tuple[str, _Extent]:
        ext = (_e(rect.x), _e(rect.y), _e(rect.width), _e(rect.height))
        prst = "diamond" if rect.shape == "diamond" else "rect"
        if rect.line:
            dash = '<a:prstDash val="dash"/>' if rect.dashed else ""
            ln = f'<a:ln w="{_e(0.75)}">{_solid(rect.line)}{dash}</a:ln>'
        else:
            ln = "<a:ln><a:noFill/></a:ln>"
        xml = (f'<p:sp><p:nvSpPr>{self._nv(rect.name, "<p:cNvSpPr/>")}</p:nvSpPr><p:spPr>{_xfrm(*ext)}'
               f'<a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom>{_solid(rect.fill)}{ln}<a:effectLst/></p:spPr>'
               f'{_AUTOSHAPE_STYLE}</p:sp>')
        return xml, ext

    def _line(self, line: Line) -> tuple[str, _Extent]:
        x0, y0, x1, y1 = _e(line.x0), _e(line.y0), _e(line.x1), _e(line.y1)
        ext = (min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0))
        flip = (' flipH="1"' if x0 > x1 else "") + (' flipV="1"' if y0 > y1 else "")
        width = _e(line.width)
        w = f' w="{width}"' if width else ""  # 0 is the default, which python-pptx leaves out
        dash = '<a:prstDash val="dash"/>' if line.dashed else ""
        xml = (f'<p:cxnSp><p:nvCxnSpPr>{self._nv(line.name, "<p:cNvCxnSpPr/>")}</p:nvCxnSpPr><p:spPr>'
               f'{_xfrm(*ext, flip=flip)}<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
               f'<a:ln{w}>{_solid(line.color)}{dash}</a:ln></p:spPr>{_CONNECTOR_STYLE}</p:cxnSp>')
        return xml, ext

    def _group(self, group: Group) -> tuple[str, _Extent]:
        """Return a group whose frame is its children's bounding box (offset and child offset equal)."""
        nv = self._nv(group.name, "<p:cNvGrpSpPr/>")
        children = [self._xml(item) for item in group.items]
        if children:
            x = min(e[0] for _, e in children)
            y = min(e[1] for _, e in children)
            ext = (x, y, max(e[0] + e[2] for _, e in children) - x, max(e[1] + e[3] for _, e in children) - y)
        else:
            ext = (0, 0, 0, 0)
        x, y, cx, cy = ext
        xml = (f'<p:grpSp><p:nvGrpSpPr>{nv}</p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="{x}" y="{y}"/>'
               f'<a:ext cx="{cx}" cy="{cy}"/><a:chOff x="{x}" y="{y}"/><a:chExt cx="{cx}" cy="{cy}"/></a:xfrm>'
               f'</p:grpSpPr>{"".join(xml for xml, _ in children)}</p:grpSp>')
        return xml, ext


def _draw_table(shapes: Any, table: Table) -> Any:
    """Add a native table through python-pptx (its table XML and style are python-pptx's)."""
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
            run = _run(cell.text, table.size, cell.bold, False, table.color, table.family)
            paragraph._p.extend(_parse(run))
    return frame


def _draw_picture(shapes: Any, pic: Picture) -> Any:
    """Add a picture through python-pptx (it stores the image part), fitted and centred in its box."""
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
    return shape


def _placeholder(slide: Any, types: tuple[Any, ...]) -> Any | None:
    for ph in slide.placeholders:
        if ph.placeholder_format.type in types:
            return ph
    return None


def _notes_xml(plan: DeckPlan, notes: tuple[tuple[Span, ...], ...]) -> str:
    """Return the speaker notes' paragraphs: emphasis only where a span has it, the notes size.

    One string parsed once, however many runs (a slide citing ten thousand sources has tens
    of thousands of note runs).
    """
    size, family = _e(plan.notes_size) // 127, _x(plan.family)
    paras = []
    for para in notes:
        runs = "".join(
            f'<a:r><a:rPr{_BOLD if span.bold else ""}{_ITALIC if span.italic else ""} sz="{size}">'
            f'<a:latin typeface="{family}"/></a:rPr><a:t>{_x(_safe(span.text))}</a:t></a:r>'
            for span in para)
        paras.append(f"<a:p>{runs}</a:p>")
    return "".join(paras)


def _add_slide(prs: Any, layout: Any, slide_id: int) -> Any:
    """Add a slide as python-pptx's `slides.add_slide` does, but with its id given.

    python-pptx finds a new slide's id by reading every id in the slide list, which is
    quadratic in slides (a tenth of a 176-slide deck's time); the deck numbers its slides
    itself, from the first free id on, which gives the ids python-pptx would.
    """
    rel_id, slide = prs.part.add_slide(layout)
    slide.shapes.clone_layout_placeholders(layout)
    prs.slides._sldIdLst._add_sldId(id=slide_id, rId=rel_id)
    return slide


def _draw_slide(prs: Any, layout: Any, plan: DeckPlan, planned: Slide, slide_id: int) -> None:
    slide = _add_slide(prs, layout, slide_id)
    title = _placeholder(slide, _TITLE_TYPES)
    assert title is not None  # checked by _check_template
    _fill_placeholder(title, planned.title, bullets=False)
    shapes = _Shapes(slide)
    for item in planned.items:
        target = None
        if isinstance(item, TextBox) and item.role == "body":
            target = _placeholder(slide, _BODY_TYPES)
        elif isinstance(item, TextBox) and item.role == "subtitle":
            target = _placeholder(slide, (PP_PLACEHOLDER.SUBTITLE,) + _BODY_TYPES)
        if target is not None:
            _fill_placeholder(target, item, bullets=item.role == "body")
        else:
            shapes.add(item)
    body = slide.notes_slide.notes_text_frame._txBody  # every slide has its notes page
    if planned.notes:
        for old in body.findall(qn("a:p")):
            body.remove(old)
        body.extend(_parse(_notes_xml(plan, planned.notes)))



# ----------------------------------------------------------------------------- document


class _NotesPartnames:
    """A package's `next_partname` that finds notes-page names without walking the package.

    python-pptx walks every part of the package to name each notes page it adds, which is
    quadratic in slides (most of a 176-slide deck's time after the shapes). A deck adds its
    notes pages one at a time and nothing else adds or removes one, so the names found by one
    walk plus those handed out since give python-pptx's own answer; other names still walk.
    """

    _TEMPLATE = "/ppt/notesSlides/notesSlide%d.xml"

    def __init__(self, package: Any) -> None:
        self._package = package
        self._walk = package.next_partname
        self._names: set[str] | None = None

    def __call__(self, tmpl: str) -> Any:
        if tmpl != self._TEMPLATE:
            return self._walk(tmpl)
        if self._names is None:
            prefix = tmpl.split("%d")[0]
            self._names = {str(p.partname) for p in self._package.iter_parts() if p.partname.startswith(prefix)}
        for n in range(len(self._names) + 1, 0, -1):  # python-pptx's order: from the top down
            name = tmpl % n
            if name not in self._names:
                self._names.add(name)
                return PackURI(name)
        raise AssertionError("no free notes-page name")  # pragma: no cover - n = len + 1 is always free


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
    prs.part.package.next_partname = _NotesPartnames(prs.part.package)
    if plan.template is None:
        prs.slide_width, prs.slide_height = _emu(plan.width), _emu(plan.height)
        if plan.background_color:
            fill = prs.slide_master.background.fill
            fill.solid()
            fill.fore_color.rgb = _rgb(plan.background_color)
    first_id = prs.slides._sldIdLst._next_id  # 256: a template holds no slides
    for number, planned in enumerate(plan.slides):
        _draw_slide(prs, layouts[planned.layout], plan, planned, first_id + number)
    _set_properties(prs, plan)
    raw = io.BytesIO()
    prs.save(raw)
    # python-pptx's parts and package refer to each other, so a drawn deck's XML (over 100 MB
    # for 176 slides) would wait for the cycle collector while the next deck is drawn.
    del prs, layouts
    gc.collect()
    return _stable_zip(raw.getvalue(), stamp if stamp is not None else _dt.datetime(*_ZIP_EPOCH))


def deck_pptx(course: Course, period: Period, layout: Any = "deck-16x9") -> bytes:
    """Return the lecture deck of one period as .pptx bytes, planned with ``layout``."""
    if period is None:
        raise InputError([Problem("a deck is made for one period: name it")])
    return draw_deck(plan_deck(course, period, layout))
