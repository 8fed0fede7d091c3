"""Draw a handout plan as a PDF with reportlab: page-bottom footnotes, timeline, tables.

The plan (:mod:`histdocs.plan.handout`) decides what is printed; this module decides only how.
Every piece of data text is escaped before it reaches a reportlab ``Paragraph`` (reportlab's
paragraph markup can run code through attributes, CVE-2023-33733), and every colour, size and
font comes from the layout as a checked value.

Footnotes: a paragraph that carries note markers (:class:`_NotedParagraph`) counts the height
of its notes as part of its own height when the frame asks whether it fits, and splits so that
each part fits with its notes; once placed, the notes' height is taken from the bottom of the
frame, and the notes are drawn there when the page ends. So a note is always on the page of its
marker.

Page count: the document is laid out once. The running header and footer ("Page 3 of 7") need
the number of pages, so :class:`_CountingCanvas` leaves a mark in each page's stream where they
belong and draws them into that place when the document is saved and the count is known (the
"NumberedCanvas" pattern, but without holding pages back, so bookmarks keep their pages).
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.paragraph import ParaLines, cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaParser

from .. import fonts
from ..collector import fewer_collections
from ..errors import InputError, Problem, RenderError
from ..model import Course, Period, Run
from ..plan.handout import (
    EventItem,
    EventsSection,
    GlossarySection,
    HandoutPlan,
    LayoutLike,
    ListSection,
    Mark,
    Para,
    PeopleSection,
    ProseSection,
    QuestionsSection,
    QuotesSection,
    SourcesSection,
    SuccessionChart,
    SuccessionSection,
    TimelineSection,
    TitleBlock,
    plan_handout,
)
from ..sourcedate import source_date
from ..texts import course_characters, course_texts, first_right_to_left, right_to_left_problems
from ..timeline import TimelineFigure

__all__ = ["handout_pdf", "draw_handout", "register_family"]

_NOTE_CALLBACK = "_histdocs_note"
_PLACEHOLDER = re.compile(r"\{(course|period|page|pages)\}")  # in the layout's header and footer text


# ----------------------------------------------------------------------------- fonts


def register_family(name: str) -> str:
    """Register the four faces of a font family with reportlab; return the regular face's name.

    The faces are the static TTFs from :func:`histdocs.fonts.font_family`, embedded (subset)
    in the PDF; ``<b>``/``<i>`` in our own markup pick the bold and italic faces.
    """
    family = fonts.font_family(name)
    base = "HD-" + "".join(ch for ch in family.name if ch.isalnum())
    names = {
        (False, False): base,
        (True, False): base + "-Bold",
        (False, True): base + "-Italic",
        (True, True): base + "-BoldItalic",
    }
    registered = set(pdfmetrics.getRegisteredFontNames())
    for (bold, italic), font_name in names.items():
        if font_name not in registered:
            pdfmetrics.registerFont(TTFont(font_name, str(family.face(bold, italic))))
    pdfmetrics.registerFontFamily(
        base,
        normal=names[(False, False)],
        bold=names[(True, False)],
        italic=names[(False, True)],
        boldItalic=names[(True, True)],
    )
    return base


# ----------------------------------------------------------------------------- texts checked


# ----------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Styles:
    """Paragraph styles and colours made once from the layout."""

    layout: LayoutLike
    body_font: str
    head_font: str
    body: ParagraphStyle
    note_text: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    span: ParagraphStyle
    authors: ParagraphStyle
    event_date: ParagraphStyle
    event_title: ParagraphStyle
    meta: ParagraphStyle
    quote: ParagraphStyle
    speaker: ParagraphStyle
    biblio: ParagraphStyle
    caption: ParagraphStyle
    header: ParagraphStyle

    def __deepcopy__(self, memo: dict[int, Any]) -> "_Styles":
        return self  # shared, read-only (reportlab deep-copies flowables inside KeepTogether)

    def color(self, key: str) -> colors.Color:
        """Return a layout colour (already checked as #rrggbb) as a reportlab colour."""
        return colors.HexColor(self.layout.color(key))


def _styles(layout: LayoutLike) -> _Styles:
    body_font = register_family(layout.text("fonts.body"))
    head_font = register_family(layout.text("fonts.heading"))
    L = layout.length

    def col(key: str) -> colors.Color:
        return colors.HexColor(layout.color(key))

    text, muted, heading_c, accent = col("colors.text_color"), col("colors.muted_color"), col("colors.heading_color"), col("colors.accent_color")
    size, leading = L("sizes.body"), L("sizes.leading")
    ratio = leading / size
    small = L("sizes.small")
    body = ParagraphStyle("body", fontName=body_font, fontSize=size, leading=leading, textColor=text, spaceAfter=L("sizes.paragraph_space"))
    head = L("sizes.heading")
    return _Styles(
        layout=layout,
        body_font=body_font,
        head_font=head_font,
        body=body,
        note_text=ParagraphStyle("note", fontName=body_font, fontSize=L("footnotes.size"), leading=L("footnotes.leading"), textColor=text, leftIndent=L("footnotes.size") * 1.6, firstLineIndent=-L("footnotes.size") * 1.6),
        small=ParagraphStyle("small", parent=body, fontSize=small, leading=small * ratio, spaceAfter=2),
        cell=ParagraphStyle("cell", fontName=body_font, fontSize=small, leading=small * 1.25, textColor=text),
        cell_head=ParagraphStyle("cellhead", fontName=head_font + "-Bold", fontSize=small, leading=small * 1.25, textColor=heading_c),
        heading=ParagraphStyle("heading", fontName=head_font + "-Bold", fontSize=head, leading=head * 1.25, textColor=heading_c, spaceBefore=head * 1.1, spaceAfter=2, keepWithNext=1),
        title=ParagraphStyle("title", fontName=head_font + "-Bold", fontSize=L("sizes.title"), leading=L("sizes.title") * 1.2, textColor=heading_c, spaceAfter=L("sizes.title") * 0.25),
        subtitle=ParagraphStyle("subtitle", fontName=head_font, fontSize=L("sizes.subtitle"), leading=L("sizes.subtitle") * 1.3, textColor=muted, spaceAfter=2),
        span=ParagraphStyle("span", fontName=head_font + "-Bold", fontSize=L("sizes.span"), leading=L("sizes.span") * 1.3, textColor=accent, spaceAfter=2),
        authors=ParagraphStyle("authors", fontName=head_font, fontSize=small, leading=small * 1.3, textColor=muted, spaceAfter=2),
        event_date=ParagraphStyle("edate", fontName=head_font + "-Bold", fontSize=L("sizes.event_date"), leading=L("sizes.event_date") * 1.3, textColor=muted, spaceBefore=L("sizes.event_title") * 0.9, keepWithNext=1),
        event_title=ParagraphStyle("etitle", fontName=head_font + "-Bold", fontSize=L("sizes.event_title"), leading=L("sizes.event_title") * 1.25, textColor=heading_c, spaceAfter=1, keepWithNext=1),
        meta=ParagraphStyle("meta", fontName=body_font + "-Italic", fontSize=small, leading=small * 1.3, textColor=muted, spaceAfter=3, keepWithNext=1),
        quote=ParagraphStyle("quote", parent=body, fontName=body_font + "-Italic", fontSize=L("sizes.quote"), leading=L("sizes.quote") * ratio, leftIndent=L("quotes.indent"), spaceAfter=2),
        speaker=ParagraphStyle("speaker", fontName=head_font, fontSize=small, leading=small * 1.3, textColor=muted, leftIndent=L("quotes.indent"), spaceAfter=L("sizes.paragraph_space") * 2),
        biblio=ParagraphStyle("biblio", parent=body, leftIndent=size * 2, firstLineIndent=-size * 2),
        caption=ParagraphStyle("caption", fontName=body_font + "-Italic", fontSize=small, leading=small * 1.3, textColor=muted, spaceAfter=2),
        header=ParagraphStyle("header", fontName=head_font, fontSize=L("sizes.header"), leading=L("sizes.header") * 1.2, textColor=muted),
    )


# ----------------------------------------------------------------------------- markup (ours only)


def _runs_xml(runs: Iterable[Run | Mark]) -> str:
    """Return reportlab markup for planned runs: data text escaped, tags only from here."""
    out = []
    previous_mark = False
    pieces = _joined(list(runs))
    for i, piece in enumerate(pieces):
        if (
            isinstance(piece, Run) and not piece.text.strip() and previous_mark
            and i + 1 < len(pieces) and isinstance(pieces[i + 1], Mark)
        ):
            continue  # "later³ ⁴" → "later³,⁴"
        if isinstance(piece, Mark):
            comma = "," if previous_mark else ""
            out.append(f'<super>{comma}<onDraw name="{_NOTE_CALLBACK}" label="{piece.number}"/>{piece.number}</super>')
            previous_mark = True
            continue
        previous_mark = False
        text = escape(piece.text)
        if piece.italic:
            text = f"<i>{text}</i>"
        if piece.bold:
            text = f"<b>{text}</b>"
        out.append(text)
    return "".join(out)


def _joined(pieces: list[Run | Mark]) -> list[Run | Mark]:
    """Return the pieces with neighbouring runs of one style joined, and spaces set in the style before.

    "*a* *b*" is then one italic run "a b" rather than three, "*a* **b**" two: a paragraph of
    thousands of emphasised words gives reportlab a few long runs instead of a run per word
    and per space (the spaces of the bundled fonts are equally wide in every face).
    """
    out: list[Run | Mark] = []
    texts: list[list[str]] = []  # the texts making up out[i], when out[i] is a Run
    n = len(pieces)
    i = 0
    while i < n:
        piece = pieces[i]
        last = out[-1] if out else None
        if isinstance(piece, Run) and piece.citation is None and isinstance(last, Run) and last.citation is None:
            style = (last.bold, last.italic)
            if (piece.bold, piece.italic) == style:
                texts[-1].append(piece.text)
                i += 1
                continue
            if piece.text.isspace():
                after = pieces[i + 1] if i + 1 < n else None
                texts[-1].append(piece.text)
                i += 1
                if isinstance(after, Run) and after.citation is None and (after.bold, after.italic) == style:
                    texts[-1].append(after.text)
                    i += 1
                continue
        out.append(piece)
        texts.append([piece.text] if isinstance(piece, Run) else [])
        i += 1
    return [Run("".join(t), p.bold, p.italic) if isinstance(p, Run) and len(t) > 1 else p
            for p, t in zip(out, texts)]


def _esc(text: str) -> str:
    """Return data text escaped for a Paragraph."""
    return escape(text)


# ----------------------------------------------------------------------------- footnote machinery


class _Para(Paragraph):
    """A paragraph that breaks its lines once per width, also across page splits.

    Platypus wraps most paragraphs two or three times at the same width (keep-with-next groups,
    KeepTogether, tables, then the frame); the lines depend only on the width, the text and the
    style, none of which change once the paragraph is made, so the last result is reused. When
    the paragraph is split at a page end, the part carried over keeps the lines already broken
    instead of breaking the rest again: reportlab re-breaks it, which makes a paragraph of many
    pages (thousands of emphasis spans, one huge word) take time growing with the square of its
    length.
    """

    def __init__(self, text: str | None, style: ParagraphStyle, *args: Any, **kw: Any) -> None:
        plain = _plain_frags(text, style) if not args and not kw else None
        if plain is not None:
            super().__init__(plain[0], style, frags=plain[1])
        else:
            super().__init__(text, style, *args, **kw)
        if len(self.frags) > _MANY_FRAGS and self.style.spaceShrinkage:
            self.style = _without_shrinkage(self.style)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        last = self.__dict__.get("_hd_wrapped")
        if last is not None and last[0] == availWidth and self.__dict__.get("blPara") is last[2]:
            self.width, self.height = last[1]
            return last[1]
        size = super().wrap(availWidth, availHeight)
        bl = self.__dict__.get("blPara")
        if bl is not None and self.__dict__.get("width") == availWidth:
            self._hd_wrapped = (availWidth, size, bl)
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        bl = self.__dict__.get("blPara")
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and bl is not None and self.__dict__.get("width") == availWidth:
            _carry_lines(bl, parts[0], parts[1], availWidth)
        return parts

    def _split_blParaProcessed(self, blPara: Any, start: int, stop: int) -> list[Any]:
        # reportlab cuts this paragraph's frags at the index its lines record; lines carried
        # over from a split record indices into the frags of the paragraph first broken
        offset = blPara.__dict__.get("_hd_frag_offset", 0)
        if offset:
            blPara = ParaLines(lines=_ShiftedLines(blPara.lines, offset))
        return super()._split_blParaProcessed(blPara, start, stop)  # type: ignore[misc]


def _plain_frags(text: str | None, style: ParagraphStyle) -> tuple[str, list[Any]] | None:
    """Return the cleaned text and the fragments reportlab's parser makes of it, when `text` holds
    no markup at all.

    Most paragraphs of a handout (dates, titles, places and people) are plain text: parsing
    them through reportlab's HTML parser is a fifth of drawing a large handout. Without a tag
    or an entity the parser makes exactly one fragment, the style's, holding the cleaned
    text; that fragment is made once per style (by the parser itself) and copied here. None
    when the text needs the parser.
    """
    if not text or "<" in text or "&" in text:
        return None
    cleaned = cleanBlockQuotedText(text)
    if not cleaned:
        return None
    cached = style.__dict__.get("_hd_plain_frag")  # (style, fragment): a child style copies its parent's
    template = cached[1] if cached is not None and cached[0] is style else None
    if template is None:
        parsed_style, frags, bullets = ParaParser().parse("x", style)
        if parsed_style is not style or bullets or not frags or len(frags) != 1 or frags[0].text != "x":
            template = False  # a style the parser changes: always parse
        else:
            template = frags[0]
        style.__dict__["_hd_plain_frag"] = (style, template)
    if template is False:
        return None
    frags = [template.clone(text=cleaned)]
    textTransformFrags(frags, style)
    return cleaned, frags


class _ShiftedLines:
    """Broken lines seen with their first-frag indices (``sFW``) moved back by `offset`."""

    def __init__(self, lines: list[Any], offset: int) -> None:
        self.lines, self.offset = lines, offset

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, i: int) -> Any:
        line = self.lines[i]
        return line.clone(sFW=line.sFW - self.offset) if hasattr(line, "sFW") else line


_MANY_FRAGS = 1000
"""More style changes than this in one paragraph, and its spaces are not squeezed to fit a word.

reportlab measures, for every word, the spaces of every style change before it on the line
(to allow squeezing them by 5%); with thousands of emphasis spans that is a hundred
measures per word. Such a paragraph keeps its spaces at full width instead."""


def _without_shrinkage(style: ParagraphStyle) -> ParagraphStyle:
    """Return `style` with reportlab's space squeezing off (one copy per style, kept on it)."""
    cached = style.__dict__.get("_hd_unshrunk")  # (style, derived): a child style copies its parent's
    if cached is None or cached[0] is not style:
        cached = (style, ParagraphStyle(style.name + "-unshrunk", parent=style, spaceShrinkage=0))
        style.__dict__["_hd_unshrunk"] = cached
    return cached[1]


def _carry_lines(bl: Any, first: Paragraph, rest: Paragraph, width: float) -> None:
    """Give both parts of a split paragraph their lines as already broken for this width.

    reportlab breaks the lines of both parts again, which for a paragraph of many pages costs
    time growing with the square of its length. Only for what the plain line model covers:
    fixed leading, no right-to-left reordering (reportlab sorts those lines' words), no CJK
    wrapping; otherwise the parts break their own lines.
    """
    style = rest.style
    if getattr(style, "autoLeading", "") not in ("", "off") or style.wordWrap not in (None, "", "LTR"):
        return
    if type(bl.lines) is not list:  # reportlab's BidiList: right-to-left lines
        return
    s = len(first.blPara.lines)
    numbers = bl.__dict__.get("_hd_numbers")
    for part, lines, line_numbers in (
        (first, bl.lines[:s], None if numbers is None else numbers[:s]),
        (rest, bl.lines[s:], None if numbers is None else numbers[s:]),
    ):
        if not lines:
            continue
        kept = bl.clone(lines=lines)
        if hasattr(lines[0], "sFW"):  # where this part's frags start in the first paragraph's
            kept._hd_frag_offset = lines[0].sFW
        if line_numbers is not None:
            kept._hd_numbers = line_numbers
        size = (width, len(lines) * style.leading)
        part.blPara = kept
        part.width, part.height = size
        part._hd_wrapped = (width, size, kept)  # type: ignore[attr-defined]


class _NotedParagraph(_Para):
    """A paragraph that reserves room at the foot of the page for the notes it carries."""

    def _line_numbers(self) -> list[list[int]] | None:
        """Return the note numbers of each broken line (None before the lines are broken)."""
        bl = self.__dict__.get("blPara")
        if bl is None or getattr(bl, "kind", 0) != 1:
            return None
        numbers = bl.__dict__.get("_hd_numbers")
        if numbers is None:
            numbers = []
            for line in bl.lines:
                found = []
                for word in getattr(line, "words", ()):
                    cb = getattr(word, "cbDefn", None)
                    if cb is not None and getattr(cb, "name", "") == _NOTE_CALLBACK:
                        found.append(int(cb.label))
                numbers.append(found)
            bl._hd_numbers = numbers
        return numbers

    def _numbers(self) -> Iterable[int]:
        """Yield the note numbers of the markers in this paragraph (or this part of it)."""
        per_line = self._line_numbers()
        if per_line is not None:
            for line in per_line:
                yield from line
            return
        for frag in self.frags:
            cb = getattr(frag, "cbDefn", None)
            if cb is not None and getattr(cb, "name", "") == _NOTE_CALLBACK:
                yield int(cb.label)

    def _doc(self) -> "_HandoutDoc | None":
        frame = getattr(self, "_frame", None)
        doc = getattr(frame, "_hd_doc", None)
        return doc

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        w, h = super().wrap(availWidth, availHeight)
        doc = self._doc()
        self._hd_text_height = h
        if doc is None:
            return w, h
        # past what is available the exact height does not matter: stop counting notes there
        return w, h + doc.notes_height(self._numbers(), limit=availHeight - h)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split after the most lines that fit here together with the notes they carry."""
        doc = self._doc()
        if doc is None:
            return super().split(availWidth, availHeight)
        if self.__dict__.get("_hd_wrapped", (None,))[0] != availWidth:
            _Para.wrap(self, availWidth, availHeight)
        per_line = self._line_numbers()
        if per_line is None:  # one style, so no markers: an ordinary split
            return super().split(availWidth, availHeight)
        leading = self.style.leading
        fits = doc.lines_fitting(per_line, leading, availHeight)
        if fits <= 1:
            on_a_page = doc.lines_fitting(per_line, leading, doc.frame_box[3], fresh=True)
            if on_a_page == 0:
                key = getattr(self, "_hd_key", "")
                raise RenderError(
                    f"{f'event {key!r}' if key else 'the handout'}: one line of text carries more notes than "
                    "fit on a page; cite fewer sources at one place, make footnotes.size and footnotes.leading "
                    "smaller, or use footnotes.placement: end"
                )
            if on_a_page == 1 and len(per_line) > 1:
                self.allowOrphans = 1  # two lines with their notes fill more than a page: one line at a time
        if fits == 0:
            return []
        parts = super().split(availWidth, (fits + 0.5) * leading)
        for part in parts:
            part._frame = self._frame  # type: ignore[attr-defined]
            part._hd_key = getattr(self, "_hd_key", "")  # type: ignore[attr-defined]
        return parts

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        doc = self._doc()
        extra = 0.0
        if doc is not None:
            extra = doc.notes_height(self._numbers())
        # the frame placed us as if the notes were part of the paragraph: draw at the top
        super().drawOn(canvas, x, y + extra, _sW)
        if doc is not None:
            doc.placed(self._numbers(), extra)


class _QuoteParagraph(_NotedParagraph):
    """A quotation paragraph with a bar in the left margin."""

    bar_color: colors.Color = colors.black

    def draw(self) -> None:
        super().draw()
        indent = self.style.leftIndent
        self.canv.saveState()
        self.canv.setStrokeColor(self.bar_color)
        self.canv.setLineWidth(2)
        self.canv.line(indent * 0.3, 0, indent * 0.3, self.height)
        self.canv.restoreState()


class _CountingCanvas(Canvas):
    """A canvas that draws, when saved, what needs the page count (header and footer).

    :meth:`defer` leaves a comment line in the current page's stream; :meth:`save` draws each
    deferred piece with the page number and the page count, from a fresh graphics state (the
    state every page starts in), and puts its operators in place of the comment. Pages are
    written as usual meanwhile, so bookmarks and links still point at the right page.
    """

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._hd_deferred: list[tuple[int, str, Callable[[Canvas, int, int], None]]] = []

    def defer(self, draw: Callable[[Canvas, int, int], None]) -> None:
        """Call ``draw(canvas, page, pages)`` here on this page once the page count is known."""
        token = f"%histdocs-deferred-{len(self._hd_deferred)}"
        self.addLiteral(token)
        self._hd_deferred.append((self.getPageNumber(), token, draw))

    def save(self) -> None:
        pages = self._doc.Pages.pages
        total = len(pages)
        kept = dict(self.__dict__)
        try:
            for page_number, token, draw in self._hd_deferred:
                self._code = []
                self.state_stack = []
                self.init_graphics_state()
                draw(self, page_number, total)
                page = pages[page_number - 1]
                mark = "\n" + token + "\n"
                if mark not in page.stream:  # cannot happen unless reportlab changes its streams
                    raise RenderError(f"page {page_number}: lost the place of its header and footer")
                page.stream = page.stream.replace(mark, "\n" + "\n".join(self._code) + "\n", 1)
        finally:
            self.__dict__.clear()
            self.__dict__.update(kept)
        self._hd_deferred = []
        super().save()


_ATOMIC = (int, float, str, bool, type(None))


class _Frame(Frame):
    """A frame whose deep copy copies only what can change (reportlab copies the frame to measure
    every kept-together group: with the generic deep copy that was 3% of drawing a handout)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> "_Frame":
        clone = self.__class__.__new__(self.__class__)
        memo[id(self)] = clone
        clone.__dict__.update(
            (k, v if type(v) in _ATOMIC else copy.deepcopy(v, memo)) for k, v in self.__dict__.items()
        )
        return clone


class _HandoutDoc(BaseDocTemplate):
    """The document: one frame per page, header/footer, notes at the foot of each page."""

    def __init__(self, buffer: io.BytesIO, plan: HandoutPlan, st: _Styles, **kw: Any) -> None:
        self.plan = plan
        self.st = st
        self.page_notes: list[int] = []  # numbers of the notes placed on this page, in order
        self._on_page: set[int] = set()  # the same, to look up
        self._raise = 0.0
        self.notes_by_number = {n.number: n for n in plan.notes}
        self._notes: dict[int, tuple[Paragraph, float]] = {}  # number -> wrapped paragraph, height
        self.footnotes = plan.placement == "page"
        super().__init__(buffer, **kw)
        lay = st.layout
        header_h = st.header.leading + lay.length("page.header_gap") if lay.flag("header.show") else 0.0
        footer_h = st.header.leading + lay.length("page.footer_gap") if lay.flag("footer.show") else 0.0
        self.frame_box = (
            self.leftMargin,
            self.bottomMargin + footer_h,
            self.width,
            self.height - header_h - footer_h,
        )
        first_frame = _Frame(self.leftMargin, self.bottomMargin + footer_h, self.width, self.height - footer_h, id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        later_frame = _Frame(*self.frame_box, id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        for frame in (first_frame, later_frame):
            frame._hd_doc = self  # type: ignore[attr-defined]
            frame._hd_geom = (frame._y1, frame._height)  # type: ignore[attr-defined]
        self._frames = (first_frame, later_frame)
        self.addPageTemplates(
            [
                PageTemplate("first", [first_frame], onPage=self._decorate, onPageEnd=self._draw_notes, autoNextPageTemplate="later"),
                PageTemplate("later", [later_frame], onPage=self._decorate, onPageEnd=self._draw_notes),
            ]
        )

    def __deepcopy__(self, memo: dict[int, Any]) -> "_HandoutDoc":
        return self  # flowables copied by KeepTogether keep pointing at the one document

    # --- notes -------------------------------------------------------------------------
    def note_paragraph(self, number: int) -> Paragraph:
        note = self.notes_by_number[number]
        return _Para(f"{number}.\u00a0{_runs_xml(note.runs)}", self.st.note_text)

    def _wrapped_note(self, number: int) -> tuple[Paragraph, float]:
        """Return the note's paragraph wrapped to the text width, and its height (made once)."""
        if number not in self._notes:
            para = self.note_paragraph(number)
            _, h = para.wrap(self.width, 10**6)
            self._notes[number] = (para, h)
        return self._notes[number]

    def _one_note_height(self, number: int) -> float:
        return self._wrapped_note(number)[1] + 1.0

    def _separator_height(self) -> float:
        return self.st.note_text.leading

    def notes_height(self, numbers: Iterable[int], limit: float = float("inf")) -> float:
        """Return the extra height these notes need at the foot of the current page.

        Counting stops once the height passes `limit` (a paragraph of thousands of notes asks
        on every page whether the rest fits); what is returned then is only more than `limit`.
        """
        if not self.footnotes:
            return 0.0
        on_page = self._on_page
        h = 0.0
        for n in numbers:
            if n not in on_page:
                if not h and not self.page_notes:
                    h += self._separator_height()
                h += self._one_note_height(n)
                if h > limit:
                    break
        return h

    def lines_fitting(self, per_line: Sequence[Sequence[int]], leading: float, room: float, fresh: bool = False) -> int:
        """Return how many of these lines (their note numbers) fit in `room` with their new notes.

        The same sum as :meth:`notes_height` over the first lines, line by line, so a paragraph
        carrying thousands of notes splits in one pass rather than by trial. `fresh`: as on a
        page with no notes yet.
        """
        on_page: set[int] = set() if fresh else self._on_page
        added: set[int] = set()
        separator = 0.0 if self.page_notes and not fresh else self._separator_height()
        text = notes = 0.0
        count = 0
        for numbers in per_line:
            text += leading
            if self.footnotes:
                for n in numbers:
                    if n not in on_page and n not in added:
                        added.add(n)
                        notes += self._one_note_height(n)
            if text + notes + (separator if notes else 0.0) > room + 1e-6:
                break
            count += 1
        return count

    def placed(self, numbers: Iterable[int], height: float) -> None:
        """Record notes placed on this page and take their room from the bottom of the frame."""
        if not self.footnotes:
            return
        on_page = self._on_page
        new = [n for n in numbers if n not in on_page]
        if not new:
            return
        self.page_notes.extend(new)
        on_page.update(new)
        self._raise += height  # applied in afterFlowable, once the frame has moved past us

    def _draw_notes(self, canvas: Any, doc: Any) -> None:
        if not self.page_notes:
            return
        x, y0, w, _ = self.frame_box
        y = y0
        paras, heights = zip(*(self._wrapped_note(n) for n in self.page_notes))  # wrapped at w
        top = y + sum(h + 1.0 for h in heights) + self._separator_height() * 0.5
        canvas.saveState()
        canvas.setStrokeColor(self.st.color("colors.rule_color"))
        canvas.setLineWidth(0.5)
        canvas.line(x, top, x + min(w, self.st.layout.length("footnotes.rule_width")), top)
        canvas.restoreState()
        cursor = top - self._separator_height() * 0.5
        for para, h in zip(paras, heights):
            cursor -= h + 1.0
            para.drawOn(canvas, x, cursor)
        self.page_notes = []
        self._on_page = set()

    # --- page decoration ----------------------------------------------------------------
    def _fill(self, template: str, page: int, pages: int) -> str:
        """Return the header or footer text with its placeholders filled, in one pass.

        A title that itself contains ``{page}`` prints as written: what is put in is never
        read again for placeholders (and the text cannot grow on every pass).
        """
        values = {
            "course": self.plan.course_title,
            "period": self.plan.period_title,
            "page": str(page),
            "pages": str(pages),
        }
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)  # no format(), no attribute access

    def _decorate(self, canvas: Any, doc: Any) -> None:
        lay = self.st.layout
        if lay.flag("header.show") or lay.flag("footer.show"):
            canvas.defer(self._draw_decoration)  # drawn when the page count is known

    def _draw_decoration(self, canvas: Any, page: int, pages: int) -> None:
        lay, st = self.st.layout, self.st
        canvas.saveState()
        canvas.setFont(st.head_font, st.header.fontSize)
        canvas.setFillColor(st.color("colors.muted_color"))
        canvas.setStrokeColor(st.color("colors.rule_color"))
        canvas.setLineWidth(0.5)
        top = self.pagesize[1] - self.topMargin
        if lay.flag("header.show") and page > 1:
            text = _fit(self._fill(lay.text("header.text"), page, pages), st.head_font, st.header.fontSize, self.width)
            canvas.drawString(self.leftMargin, top - st.header.fontSize, text)
            canvas.line(self.leftMargin, top - st.header.leading - 1, self.leftMargin + self.width, top - st.header.leading - 1)
        if lay.flag("footer.show"):
            text = _fit(self._fill(lay.text("footer.text"), page, pages), st.head_font, st.header.fontSize, self.width)
            canvas.drawRightString(self.leftMargin + self.width, self.bottomMargin, text)
        canvas.restoreState()

    def beforeDocument(self) -> None:
        # the note markers are onDraw callbacks (zero width) so a split paragraph knows its notes
        self.canv.setNamedCB(_NOTE_CALLBACK, _ignore_callback)

    def handle_pageBegin(self) -> None:
        for frame in self._frames:  # undo the room notes took on the previous page
            geom = frame.__dict__
            geom["_y1"], geom["_height"] = frame._hd_geom  # type: ignore[attr-defined]
            frame._geom()
        self.page_notes = []
        self._on_page = set()
        super().handle_pageBegin()

    # --- errors -------------------------------------------------------------------------
    def handle_flowable(self, flowables: list[Flowable]) -> None:
        first = flowables[0] if flowables else None
        try:
            super().handle_flowable(flowables)
        except LayoutError as exc:
            key = getattr(first, "_hd_key", "")
            where = f"event {key!r}" if key else "the handout"
            raise RenderError(f"could not lay out {where}: {_layout_words(first, str(exc), self.frame_box, self.footnotes)}") from None

    def afterFlowable(self, flowable: Flowable) -> None:
        if self._raise:
            # the paragraph was placed as if its notes sat under it: give that room back to
            # the text and take it from the bottom of the frame instead
            frame = self.frame
            y = frame._y + self._raise
            geom = frame.__dict__
            geom["_y1"] += self._raise
            geom["_height"] -= self._raise
            frame._geom()
            frame._y = y
            self._raise = 0.0
        key = getattr(flowable, "_hd_outline", None)
        if key:
            title, name = key
            self.canv.bookmarkPage(name)
            self.canv.addOutlineEntry(title, name, level=0, closed=False)


def _ignore_callback(canvas: Any, kind: str, label: str) -> None:
    """Do nothing: note markers are found in the laid-out lines, not while drawing."""


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Return text cut with an ellipsis to fit the width (header and footer lines).

    Measured character by character from the start, once: cutting one character at a time
    from the end and measuring again took time growing with the square of the length.
    """
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    room = width - pdfmetrics.stringWidth("…", font, size)
    used = 0.0
    for i, ch in enumerate(text):
        used += pdfmetrics.stringWidth(ch, font, size)
        if used > room:
            return text[:i] + "…"
    return text + "…"


# ----------------------------------------------------------------------------- drawn figures


class _Rule(Flowable):
    """A horizontal line across the frame."""

    def __init__(self, color: colors.Color, width: float = 0.6, space: float = 4.0) -> None:
        super().__init__()
        self.color, self.line_width, self.space = color, width, space

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.space

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.line_width)
        self.canv.line(0, self.space / 2, self.width, self.space / 2)


class _AnswerLines(Flowable):
    """Ruled lines to write an answer on."""

    def __init__(self, count: int, spacing: float, color: colors.Color) -> None:
        super().__init__()
        self.count, self.spacing, self.color = count, spacing, color

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.count * self.spacing + 4

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(0.5)
        for i in range(self.count):
            y = 4 + i * self.spacing
            self.canv.line(0, y, self.width, y)


class _TimelineFlowable(Flowable):
    """A timeline figure drawn as vector graphics, exactly where the plan put everything."""

    def __init__(self, figure: TimelineFigure, st: _Styles) -> None:
        super().__init__()
        self.figure, self.st = figure, st

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.figure.width, self.figure.height

    def draw(self) -> None:
        fig, st, c = self.figure, self.st, self.canv
        lay = st.layout
        H = fig.height

        def Y(y: float) -> float:
            return H - y

        tick_size = lay.length("timeline.tick_size")
        label_size = lay.length("timeline.label_size")
        line_height = lay.length("timeline.line_height")
        font = st.head_font
        accent = st.color("colors.accent_color")
        marker_c = st.color("timeline.marker_color")
        # bands: a strip per period under the axis, and a faint wash up through the figure
        for i, band in enumerate(fig.bands):
            fill = st.color("timeline.band_alt_color" if i % 2 else "timeline.band_color")
            c.setFillColor(fill)
            c.setStrokeColor(fill)
            c.rect(band.x0, Y(band.y1), band.x1 - band.x0, band.y1 - band.y0, stroke=0, fill=1)
            if band.label:
                c.setFillColor(st.color("timeline.band_label_color"))
                c.setFont(font, tick_size)
                mid = (band.y0 + band.y1) / 2
                c.drawCentredString((band.x0 + band.x1) / 2, Y(mid) - tick_size * 0.35, band.label)
        # axis and ticks
        axis_c = st.color("timeline.axis_color")
        c.setStrokeColor(axis_c)
        c.setLineWidth(lay.length("timeline.line_width"))
        c.line(0, Y(fig.axis_y), fig.width, Y(fig.axis_y))
        half = max(3.0, tick_size * 0.5) / 2
        label_top = fig.axis_y + max(half, tick_size * 0.5) + max(1.0, tick_size * 0.2)
        c.setFont(font, tick_size)
        c.setFillColor(axis_c)
        for tick in fig.ticks:
            length = tick_size * (0.5 if tick.major else 0.3)
            c.setLineWidth(0.6 if tick.major else 0.4)
            c.line(tick.x, Y(fig.axis_y), tick.x, Y(fig.axis_y + length))
            if tick.label:
                c.drawCentredString(tick.x, Y(label_top + tick_size * 0.95), tick.label)
        # leader lines first, so markers and boxes sit on top of them
        c.setStrokeColor(st.color("timeline.leader_color"))
        c.setLineWidth(0.5)
        for lb in fig.labels:
            edge = lb.y + lb.height if lb.above else lb.y
            c.line(lb.anchor_x, Y(edge), lb.anchor_x, Y(lb.anchor_y))
        # markers
        for mk in fig.markers:
            color = accent if mk.importance == 1 else marker_c
            c.setStrokeColor(color)
            c.setFillColor(color)
            fuzzy = mk.approximate or mk.uncertain
            if mk.kind == "point":
                r = mk.height * (0.75 if mk.importance == 1 else 0.55)
                c.circle(mk.x0, Y(mk.y), r, stroke=1 if fuzzy else 0, fill=0 if fuzzy else 1)
                continue
            top, h = Y(mk.y - mk.height / 2), mk.height
            w = mk.x1 - mk.x0
            c.saveState()
            if fuzzy:  # outlined and hatched: the date is not certain
                c.setLineWidth(0.6)
                c.setDash(1.5, 1.2)
                c.rect(mk.x0, top - h, w, h, stroke=1, fill=0)
                path = c.beginPath()
                path.rect(mk.x0, top - h, w, h)
                c.clipPath(path, stroke=0, fill=0)
                c.setDash()
                c.setLineWidth(0.4)
                x = mk.x0 - h
                while x < mk.x1:
                    c.line(x, top - h, x + h, top)
                    x += 2.5
            else:
                c.rect(mk.x0, top - h, w, h, stroke=0, fill=1)
            c.restoreState()
            c.setLineWidth(0.8)
            if mk.open_start:
                c.line(mk.x0, Y(mk.y), mk.x0 + 3, Y(mk.y) + 3)
                c.line(mk.x0, Y(mk.y), mk.x0 + 3, Y(mk.y) - 3)
            if mk.open_end:
                c.line(mk.x1, Y(mk.y), mk.x1 - 3, Y(mk.y) + 3)
                c.line(mk.x1, Y(mk.y), mk.x1 - 3, Y(mk.y) - 3)
        # labels: white box, date in small caps colour, lines of text
        text_c = st.color("timeline.label_color")
        for lb in fig.labels:
            key = lb.importance == 1
            c.setFillColor(colors.white)
            c.setStrokeColor(accent if key else st.color("colors.rule_color"))
            c.setLineWidth(0.8 if key else 0.4)
            c.rect(lb.x, Y(lb.y + lb.height), lb.width, lb.height, stroke=1, fill=1)
            x = lb.x + lb.padding
            y = lb.y + lb.padding
            c.setFont(font, tick_size)
            c.setFillColor(accent if key else st.color("colors.muted_color"))
            c.drawString(x, Y(y + tick_size * 0.95), lb.date_text)
            y += lb.date_height
            c.setFillColor(text_c)
            c.setFont(font, label_size)
            for line in lb.lines:
                c.drawString(x, Y(y + label_size * 0.95), line)
                y += line_height


class _SuccessionFlowable(Flowable):
    """One office: a row per term, bars over the handout's years."""

    def __init__(self, chart: SuccessionChart, section: SuccessionSection, st: _Styles) -> None:
        super().__init__()
        self.chart, self.section, self.st = chart, section, st
        self.row = st.layout.length("people.succession_row")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.row * (len(self.chart.bars) + 1) + self.st.small.fontSize * 1.6
        return availWidth, self.height

    def draw(self) -> None:
        c, st = self.canv, self.st
        lay = st.layout
        size = st.small.fontSize
        label_w = min(lay.length("people.succession_label_width"), self.width * 0.4)
        x0, x1 = label_w, self.width
        H = self.height
        y = H - self.row * 0.75
        c.setFont(st.head_font + "-Bold", size * 1.05)
        c.setFillColor(st.color("colors.heading_color"))
        c.drawString(0, y, _fit(self.chart.office, st.head_font + "-Bold", size * 1.05, self.width))
        c.setFont(st.head_font, size * 0.9)
        c.setFillColor(st.color("colors.muted_color"))
        c.setStrokeColor(st.color("colors.rule_color"))
        c.setLineWidth(0.4)
        top, bottom = y - self.row * 0.35, size * 1.4
        for frac, text in self.section.ticks:
            x = x0 + frac * (x1 - x0)
            c.line(x, top, x, bottom)
            c.drawCentredString(x, bottom - size, text)
        bar_c = st.color("people.succession_bar_color")
        for i, bar in enumerate(self.chart.bars):
            yy = y - self.row * (i + 1)
            c.setFillColor(st.color("colors.text_color"))
            c.setFont(st.body_font, size)
            c.drawString(0, yy, _fit(bar.person, st.body_font, size, label_w - 4))
            bx0 = x0 + bar.start * (x1 - x0)
            bx1 = max(bx0 + 2, x0 + bar.end * (x1 - x0))
            c.setFillColor(bar_c)
            c.rect(bx0, yy - size * 0.25, bx1 - bx0, self.row * 0.6, stroke=0, fill=1)
            text = bar.span
            tw = pdfmetrics.stringWidth(text, st.head_font, size * 0.85)
            c.setFont(st.head_font, size * 0.85)
            if tw + 4 <= bx1 - bx0:
                c.setFillColor(colors.white)
                c.drawString(bx0 + 2, yy, text)
            elif bx1 + 2 + tw <= self.width:
                c.setFillColor(st.color("colors.muted_color"))
                c.drawString(bx1 + 2, yy, text)
            elif bx0 - 2 - tw >= x0:
                c.setFillColor(st.color("colors.muted_color"))
                c.drawRightString(bx0 - 2, yy, text)


# ----------------------------------------------------------------------------- story


def _heading(text: str, kind: str, st: _Styles) -> list[Flowable]:
    """Return a section heading and its rule, on a new page when too little room is left.

    The page break comes first: keeping the heading with its first item alone is not enough,
    since an item carrying footnotes may still move to the next page once its notes are counted.
    """
    para = _Para(_esc(text), st.heading)
    para._hd_outline = (text, f"section-{kind}")  # type: ignore[attr-defined]
    rule = _Rule(st.color("colors.rule_color"), 0.6, 5)
    rule.keepWithNext = 1  # type: ignore[attr-defined]
    return [CondPageBreak(st.layout.length("page.heading_room")), para, rule]


def _paras(paras: Sequence[Para], style: ParagraphStyle, cls: type = _NotedParagraph, prefix: str = "") -> list[Flowable]:
    out: list[Flowable] = []
    for i, para in enumerate(paras):
        out.append(cls((prefix if i == 0 else "") + _runs_xml(para), style))
    return out


def _keyed(flowables: list[Flowable], key: str) -> list[Flowable]:
    for f in flowables:
        f._hd_key = key  # type: ignore[attr-defined]
    return flowables


def _table(rows: list[list[Flowable]], widths: list[float], st: _Styles, header: bool) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitByRow=1, splitInRow=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), st.body_font),  # else reportlab selects Helvetica per cell
        ("FONTSIZE", (0, 0), (-1, -1), st.cell.fontSize),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, st.color("colors.rule_color")),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    start = 1 if header else 0
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), st.color("colors.table_header_color")))
    for r in range(start + 1, len(rows), 2):
        commands.append(("BACKGROUND", (0, r), (-1, r), st.color("colors.table_stripe_color")))
    table.setStyle(TableStyle(commands))
    return table


def _event(item: EventItem, st: _Styles, width: float) -> list[Flowable]:
    key = item.importance == 1
    out: list[Flowable] = []
    date_style = st.event_date
    title_style = st.event_title
    if key:
        date_style = ParagraphStyle("edatekey", parent=st.event_date, textColor=st.color("colors.accent_color"))
    out.append(_Para(_esc(item.date_text), date_style))
    out.append(_Para(_esc(item.title), title_style))
    meta = []
    if item.places:
        meta.append(" · ".join(_esc(p) for p in item.places))
    if item.people:
        meta.append(", ".join(_esc(p) for p in item.people))
    if meta:
        out.append(_Para("  —  ".join(meta), st.meta))
    out += _paras(item.summary, st.body)
    out += _paras(item.details, st.body)
    out += _paras(item.note, st.small, prefix=f"<b>{_esc(st.layout.text('words.note'))}</b> ")
    if item.facts:
        rows = [[_Para(_esc(label), st.cell), _Para(_esc(value), st.cell)] for label, value in item.facts]
        widths = [width * 0.55, width * 0.3]
        table = _table(rows, widths, st, header=False)
        out.append(Spacer(1, 2))
        out.append(KeepTogether([table]) if len(rows) <= 12 else table)
        out.append(Spacer(1, 4))
    if item.image is not None:
        out += _image(item, st, width)
    return _keyed(out, item.key)


_TOO_LARGE = re.compile(r"(?:^Flowable <(\w+)[^>]*>.*?)?\(([\d.]+) x ([\d.]+)\) too large", re.S)
_PIECES = {"_TimelineFlowable": "the timeline", "_SuccessionFlowable": "the chart of who held office",
           "Table": "a table", "Image": "a picture", "_AnswerLines": "the answer lines under a question"}


def _layout_words(flowable: Flowable | None, raw: str, frame: tuple[float, float, float, float],
                  footnotes: bool = True) -> str:
    """Return reportlab's LayoutError in our words: what did not fit where (never a repr of an object)."""
    found = _TOO_LARGE.search(raw)
    piece = _PIECES.get(found.group(1) or "", "") if found else ""
    if not piece:
        text = ""
        if flowable is not None and hasattr(flowable, "getPlainText"):
            text = " ".join(str(flowable.getPlainText()).split())
            text = f" ('{text[:40]}…')" if len(text) > 40 else (f" ('{text}')" if text else "")
        piece = f"a piece of it{text}"
    width, height = (float(found.group(2)), float(found.group(3))) if found else (0.0, 0.0)
    measured = f", {width:.4g} × {height:.4g}pt," if width > 0 and height > 0 else ""
    if footnotes and measured and height <= frame[3]:  # it fits alone: its footnotes take the rest of the page
        return (f"{piece}{measured} does not fit on one page together with its footnotes; "
                "make footnotes.size and footnotes.leading smaller, or use footnotes.placement: end")
    verb = "are" if piece.startswith("the answer lines") else "is"
    return (f"{piece}{measured} {verb} larger than the {frame[2]:.4g} × {frame[3]:.4g}pt text area of a page; "
            "make the layout's type sizes or margins (or events.image_height, timeline.max_height) smaller")


def _image(item: EventItem, st: _Styles, width: float) -> list[Flowable]:
    assert item.image is not None
    image = item.image
    try:
        reader = ImageReader(str(image.path))
        iw, ih = reader.getSize()
    except Exception:  # an unreadable picture is bad input, named by its event (Pillow's words hold reprs)
        raise InputError([Problem(f"cannot read image {image.path.name}: it is not a PNG or JPEG that can be decoded",
                                  path=f"events[{item.key}].image.path",
                                  hint="open it in an image editor and save it again as .png or .jpg")]) from None
    max_h = st.layout.length("events.image_height")
    scale = min(width / iw, max_h / ih)  # as large as the layout allows, never wider than the text
    flow = Image(str(image.path), width=iw * scale, height=ih * scale, hAlign="LEFT")
    out: list[Flowable] = [Spacer(1, 3), flow]
    caption = list(image.caption)
    out += _paras(tuple(caption), st.caption)
    if image.credit:
        out.append(_Para(_esc(image.credit), st.caption))
    return out


def _story(plan: HandoutPlan, st: _Styles, width: float) -> list[Flowable]:
    """Return the flowables of every section, each heading kept with the section's first item."""
    out: list[Flowable] = []
    for section in plan.sections:
        parts = _section_story(plan, section, st, width)
        if parts and isinstance(section, TitleBlock):
            out += parts
        elif len(parts) > 3:  # page break if short of room, heading, rule, first item
            first = parts[3]
            inner = list(first._content) if isinstance(first, KeepTogether) else [first]
            out.append(parts[0])
            out.append(KeepTogether(parts[1:3] + inner))
            out += parts[4:]
        else:
            out += parts
    if plan.placement == "end" and plan.notes:
        out += _heading(plan.notes_heading, "notes", st)
        for note in plan.notes:
            out.append(_Para(f"{note.number}.\u00a0{_runs_xml(note.runs)}", st.note_text))
    return out


def _section_story(plan: HandoutPlan, section: Any, st: _Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = []
    lay = st.layout
    if True:
        if isinstance(section, TitleBlock):
            title = _Para(_esc(section.title), st.title)
            title._hd_outline = (section.title, "section-title")  # type: ignore[attr-defined]
            story.append(title)
            if section.subtitle:
                story.append(_Para(_esc(section.subtitle), st.subtitle))
            if section.span:
                story.append(_Para(_esc(section.span), st.span))
            if section.authors:
                story.append(_Para(_esc(", ".join(section.authors)), st.authors))
            story.append(_Rule(st.color("colors.heading_color"), 1.2, 10))
        elif isinstance(section, ProseSection):
            story += _heading(section.heading, section.kind, st)
            story += _paras(section.paragraphs, st.body)
        elif isinstance(section, ListSection):
            story += _heading(section.heading, section.kind, st)
            style = ParagraphStyle("list", parent=st.body, leftIndent=st.body.fontSize * 1.6, firstLineIndent=-st.body.fontSize * 1.6)
            for n, item in enumerate(section.items, start=1):
                story += _paras(item, style, prefix=f"{n}.\u00a0\u00a0")
        elif isinstance(section, TimelineSection):
            story += _heading(section.heading, section.kind, st)
            for fig in section.figures:
                story.append(_TimelineFlowable(fig, st))
                if fig.note:
                    story.append(_Para(_esc(fig.note), st.caption))
                story.append(Spacer(1, 6))
        elif isinstance(section, EventsSection):
            story += _heading(section.heading, section.kind, st)
            for item in section.items:
                story += _event(item, st, width)
        elif isinstance(section, PeopleSection):
            story += _heading(section.heading, section.kind, st)
            words = ("name",) + (("native",) if section.show_native else ()) + ("office", "in_office")
            head = [lay.text(f"words.{w}") for w in words]
            rows: list[list[Flowable]] = [[_Para(_esc(h), st.cell_head) for h in head]]
            for row in section.rows:
                cells = [_Para(_esc(row.name), st.cell)]
                if section.show_native:
                    cells.append(_Para(_esc(row.native), st.cell))
                cells.append(_Para("<br/>".join(_esc(o) for o in row.offices) or "—", st.cell))
                cells.append(_Para("<br/>".join(_esc(s) for s in row.spans), st.cell))
                rows.append(cells)
            fr = [0.25, 0.22, 0.28, 0.25] if section.show_native else [0.3, 0.38, 0.32]
            story.append(_table(rows, [width * f for f in fr], st, header=True))
        elif isinstance(section, SuccessionSection):
            story += _heading(section.heading, section.kind, st)
            for chart in section.charts:
                story.append(_SuccessionFlowable(chart, section, st))
                story.append(Spacer(1, 4))
        elif isinstance(section, QuotesSection):
            story += _heading(section.heading, section.kind, st)
            quote_cls = type("_Quote", (_QuoteParagraph,), {"bar_color": st.color("colors.quote_bar_color")})
            for q in section.items:
                story += _paras(q.text, st.quote, cls=quote_cls)
                who = "— " + _esc(q.speaker) + (f", {_esc(q.date_text)}" if q.date_text else "")
                story.append(_Para(who, st.speaker))
                story += _paras(q.context, ParagraphStyle("ctx", parent=st.small, leftIndent=st.quote.leftIndent))
        elif isinstance(section, GlossarySection):
            story += _heading(section.heading, section.kind, st)
            for g in section.items:
                story += _paras(g.definition, st.body, prefix=f"<b>{_esc(g.term)}</b>\u2002")
        elif isinstance(section, QuestionsSection):
            story += _heading(section.heading, section.kind, st)
            style = ParagraphStyle("q", parent=st.body, leftIndent=st.body.fontSize * 1.6, firstLineIndent=-st.body.fontSize * 1.6)
            for n, item in enumerate(section.items, start=1):
                paras = _paras(item, style, prefix=f"<b>{n}.</b>\u00a0\u00a0")
                if section.lines > 0:
                    lines = _AnswerLines(section.lines, lay.length("questions.line_spacing"), st.color("colors.answer_line_color"))
                    story.append(KeepTogether(paras + [lines]))
                else:
                    story += paras
        elif isinstance(section, SourcesSection):
            story += _heading(section.heading, section.kind, st)
            for entry in section.entries:
                story.append(_Para(_runs_xml(entry), st.biblio))
    return story


# ----------------------------------------------------------------------------- entry points


def _check_fonts(course: Course, period: Period | None, layout: LayoutLike) -> None:
    """Raise InputError naming every field with characters a layout font cannot print.

    The characters of the whole course are gathered once per course (not per handout); the
    fields of this handout are walked only when a font lacks one of them.
    """
    words: list[tuple[str, str]] = []
    for group in ("titles", "words"):  # the layout's own printed words are checked too
        words += [(f"layout {group}.{k}", str(v)) for k, v in layout.section(group).items()]
    words += [(f"layout {k}.text", layout.text(f"{k}.text")) for k in ("header", "footer")]
    families = list(dict.fromkeys(layout.text(key) for key in ("fonts.body", "fonts.heading")))
    chars = course_characters(course).union(*(text for _, text in words))
    if first_right_to_left("".join(chars)) is not None:  # whatever the font: set left to right only
        rtl = right_to_left_problems(list(course_texts(course, period)) + words, course.locations)
        if rtl:
            raise InputError(rtl)
    if all(fonts.covers(chars, family) for family in families):
        return
    items = list(course_texts(course, period)) + words
    problems: list[Problem] = []
    for family in families:
        problems += fonts.check_coverage(items, family, locations=course.locations)
    if problems:
        raise InputError(problems)


def _build(plan: HandoutPlan, st: _Styles) -> bytes:
    lay = st.layout
    buffer = io.BytesIO()
    doc = _HandoutDoc(
        buffer,
        plan,
        st,
        pagesize=(plan.page_width, plan.page_height),
        leftMargin=lay.length("page.margins.left"),
        rightMargin=lay.length("page.margins.right"),
        topMargin=lay.length("page.margins.top"),
        bottomMargin=lay.length("page.margins.bottom"),
        title=plan.title,
        author=plan.author,
        subject=plan.subject,
        creator="histdocs",
        producer="histdocs (reportlab)",
        lang=plan.language,
        invariant=1,
        initialFontName=st.body_font,
    )
    doc.build(_story(plan, st, doc.width), canvasmaker=_CountingCanvas)
    return buffer.getvalue()


def draw_handout(plan: HandoutPlan, layout: LayoutLike) -> bytes:
    """Return the PDF bytes of a planned handout (one pass: the footers wait for the page count)."""
    source_date()  # reportlab stamps the file from SOURCE_DATE_EPOCH: check it first
    with fewer_collections():
        return _build(plan, _styles(layout))


def handout_pdf(course: Course, period: Period | None, layout: LayoutLike) -> bytes:
    """Return the handout of ``period`` (the whole course if None) as PDF bytes.

    Raises InputError when a layout font lacks characters the text uses (naming each
    field), and RenderError when something cannot be laid out (naming the event).
    """
    source_date()  # a bad SOURCE_DATE_EPOCH is bad input, before reportlab reads it
    with fewer_collections():
        _check_fonts(course, period, layout)
        plan = plan_handout(course, period, layout)
        return draw_handout(plan, layout)
