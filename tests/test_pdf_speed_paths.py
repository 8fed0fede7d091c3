"""The handout's shortcuts around reportlab give what reportlab itself gives.

Plain paragraphs skip reportlab's HTML parser (issue 9): their fragments must be the parser's,
also for a style made from another one after the parent was used (reportlab copies a parent
style's attributes into the child, which once carried the parent's colour into key events'
dates), and frames copied to measure a kept-together group must behave like reportlab's copies.
"""

from __future__ import annotations

import copy

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from histdocs.render.pdf import _MANY_FRAGS, _Frame, _Para


def _attrs(para: Paragraph) -> list[dict[str, object]]:
    return [dict(vars(frag)) for frag in para.frags]


def test_plain_paragraphs_have_the_parsers_fragments() -> None:
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=9, leading=11, textColor=colors.black)
    upper = ParagraphStyle("upper", parent=base, textTransform="uppercase")
    for style in (base, upper):
        for text in ("12 March 1990", "  Baku \n  and   Ganja  ", "Bakı — Gəncə", "a > b"):
            ours, theirs = _Para(text, style), Paragraph(text, style)
            assert _attrs(ours) == _attrs(theirs), (style.name, text)
            assert ours.text == theirs.text


def test_a_child_style_made_after_its_parent_was_used_keeps_its_own_colour() -> None:
    parent = ParagraphStyle("date", fontName="Helvetica", fontSize=9, leading=11, textColor=colors.black)
    _Para("1 May 1990", parent)  # fills the parent's cache before the child copies its attributes
    accent = colors.HexColor("#a63d2b")
    child = ParagraphStyle("datekey", parent=parent, textColor=accent)
    assert _Para("2 May 1990", child).frags[0].textColor == accent
    assert _Para("3 May 1990", parent).frags[0].textColor == colors.black


def test_markup_and_empty_text_still_go_through_the_parser() -> None:
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11)
    for text in ("<b>bold</b> and plain", "Fish &amp; chips", "", "   "):
        assert _attrs(_Para(text, style)) == _attrs(Paragraph(text, style)), text


def test_a_copied_frame_is_independent_like_a_deep_copy() -> None:
    frame = _Frame(0, 0, 100, 200, id="body")
    frame._generated_content = ["a flowable"]  # type: ignore[attr-defined]  # a list reportlab keeps on frames
    y = frame._y
    clone = copy.deepcopy(frame)
    assert type(clone) is _Frame and vars(clone) == vars(frame)
    clone._generated_content.append("another")  # type: ignore[attr-defined]
    clone._y -= 50
    assert frame._generated_content == ["a flowable"] and frame._y == y  # type: ignore[attr-defined]


def test_a_child_style_keeps_its_indent_in_a_paragraph_of_many_spans() -> None:
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11)
    spans = " ".join(f"<i>w{i}</i> x" for i in range(_MANY_FRAGS))
    assert _Para(spans, body).style.leftIndent == 0  # spaces kept at full width: a derived style
    listed = ParagraphStyle("list", parent=body, leftIndent=14)
    para = _Para(spans, listed)
    assert para.style is not listed and para.style.spaceShrinkage == 0
    assert para.style.leftIndent == 14
