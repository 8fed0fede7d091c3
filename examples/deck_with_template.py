"""Make one lecture deck in your school's PowerPoint look.

Run from a checkout:  python examples/deck_with_template.py [PERIOD-ID] [OUT-FOLDER]
Defaults: the bundled course's "black-january" period, the folder deck-example/.

What it does, step by step, as you would do it by hand:
1. makes a small school template, `school-template.potx` (in real life: your school's own
   .potx or .pptx, saved from PowerPoint with no slides in it);
2. writes a two-line layout file, `school-deck.yaml`, that extends deck-16x9 and names the
   template (the path is relative to the layout file);
3. builds the deck with that layout: the slides use the template's masters, background and
   title style, and histdocs' own boxes, timeline and tables on top.
"""

from __future__ import annotations

import copy
import io
import sys
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Pt

import histdocs
from histdocs.resources import bundled_course

_PRESENTATION = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_TEMPLATE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"

LAYOUT = """\
kind: deck
extends: deck-16x9
template: school-template.potx
"""


def make_school_template(path: Path) -> None:
    """Write a 16:9 template: cream background and a school badge in the corner of every slide."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    fill = prs.slide_master.background.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(0xFB, 0xF6, 0xEC)
    # python-pptx has no "add a shape to the master": draw the badge on a scratch slide and
    # copy it onto the master, where PowerPoint shows it on every slide.
    scratch = Presentation()
    badge = scratch.slides.add_slide(scratch.slide_layouts[6]).shapes.add_shape(
        MSO_SHAPE.ROUNDED_RECTANGLE, Pt(960 - 150), Pt(540 - 26), Pt(140), Pt(20)
    )
    badge.fill.solid()
    badge.fill.fore_color.rgb = RGBColor(0x7A, 0x1F, 0x1F)
    badge.line.fill.background()
    badge.text_frame.text = "Greenfield School · History"
    badge.text_frame.paragraphs[0].runs[0].font.size = Pt(10)
    badge.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    element = copy.deepcopy(badge._element)
    element.nvSpPr.cNvPr.set("id", "900")
    element.nvSpPr.cNvPr.set("name", "School badge")
    prs.slide_master.shapes._spTree.append(element)
    buffer = io.BytesIO()
    prs.save(buffer)
    # A .potx is a .pptx whose main part says "template": rewrite that one content type.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(_PRESENTATION, _TEMPLATE)
            zout.writestr(info, data)
    path.write_bytes(out.getvalue())


def main(argv: list[str]) -> int:
    period = argv[1] if len(argv) > 1 else "black-january"
    folder = Path(argv[2]) if len(argv) > 2 else Path("deck-example")
    folder.mkdir(parents=True, exist_ok=True)
    make_school_template(folder / "school-template.potx")
    layout = folder / "school-deck.yaml"
    layout.write_text(LAYOUT, encoding="utf-8")
    out = folder / f"{period}.pptx"
    try:
        course = histdocs.load_course(bundled_course())
        histdocs.render_deck(course, out, period=period, layout=layout)
    except histdocs.HistdocsError as error:  # bad data, layout or template: every problem, located
        sys.stderr.write(f"{error}\n")
        return 2
    sys.stdout.write(f"wrote {out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
