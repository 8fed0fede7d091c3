"""PDF handouts read back with real tools: qpdf, pdffonts, pdftotext and pypdf.

Each test checks what a teacher (or a script) would: the file is valid, fonts are embedded,
every event is there in date order, footnotes sit on the page of their marker, letters of
any script come out as typed, and hostile text is printed, never run.
"""

from __future__ import annotations

import re
import subprocess
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

from histdocs.errors import InputError
from histdocs.layouts import load_layout
from histdocs.load import load_course
from histdocs.model import Course, Period
from histdocs.render.pdf import handout_pdf
from histdocs.resources import bundled_course

ROME = Path(__file__).parent / "cases" / "rome"
LAYOUTS = ("handout-a4", "handout-letter", "handout-brief")


# ----------------------------------------------------------------------------- helpers


def make(course: Course, period: Period | None, folder: Path, layout: str = "handout-a4") -> Path:
    """Write the handout into folder and return its path."""
    name = f"{period.id if period else 'course'}-{layout}.pdf"
    path = folder / name
    path.write_bytes(handout_pdf(course, period, load_layout(layout, kind="handout")))
    return path


def text_of(pdf: Path, page: int | None = None, layout: bool = True) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else [])
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run(args + [str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def pages(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages)


def course_yaml(tmp_path: Path, body: str) -> Course:
    """Load a course written as YAML text (the way a teacher writes it)."""
    folder = tmp_path / "course"
    folder.mkdir(exist_ok=True)
    (folder / "course.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return load_course(folder)


def check_valid(pdf: Path) -> None:
    qpdf = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert qpdf.returncode == 0, qpdf.stdout + qpdf.stderr
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, "no fonts in the PDF"
    for row in rows:
        assert "Helvetica" not in row and "Times" not in row, row
        emb = row.split()[-5]
        assert emb == "yes", f"font not embedded: {row}"


def check_events_in_order(
    pdf: Path, course: Course, period: Period | None, max_importance: int = 3, heading: str = "Events"
) -> None:
    events = [e for e in course.events_in(period) if e.importance <= max_importance]
    if not events:
        return
    text = flat(text_of(pdf, layout=False))
    position = text.index(heading)
    for event in events:
        found = text.find(flat(event.title), position)
        assert found >= 0, f"{event.key} ({event.title!r}) missing or out of date order"
        position = found


_NOTE_LINE = re.compile(r"^\s{0,3}(\d+)\.\s+\S")


def note_numbers_on(pdf: Path, page: int) -> set[int]:
    """Return the numbers of the notes printed at the foot of a page ("12. E. Ismayilov, …")."""
    lines = text_of(pdf, page).splitlines()
    return {int(m.group(1)) for line in lines if (m := _NOTE_LINE.match(line))}


@pytest.fixture(scope="module")
def rome() -> Course:
    return load_course(ROME)


# ----------------------------------------------------------------------------- the test courses


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_rome_handout_is_valid_with_embedded_fonts_and_events_in_order(rome: Course, tmp_path: Path, layout: str) -> None:
    brief = layout == "handout-brief"
    for period in (None, *rome.periods):
        pdf = make(rome, period, tmp_path, layout)
        check_valid(pdf)
        check_events_in_order(pdf, rome, period, 1 if brief else 3, "Key events" if brief else "Events")


def test_bce_dates_and_greek_names_print(rome: Course, tmp_path: Path) -> None:
    pdf = make(rome, None, tmp_path)
    text = text_of(pdf, layout=False)
    assert "44 BCE" in text
    assert "15 March 44 BCE" in text
    assert "Γάιος Ἰούλιος Καῖσαρ" in text  # native name, in the who's-who table
    assert "\u25a0" not in text


def test_literal_markup_in_the_rome_course_prints_as_typed(rome: Course, tmp_path: Path) -> None:
    text = flat(text_of(make(rome, None, tmp_path), layout=False))
    assert 'AT&T <img src="/etc/passwd"/> must print exactly as typed' in text


@pytest.fixture(scope="module")
def bundled() -> Course:
    return load_course(bundled_course())


@pytest.mark.parametrize("layout", ["handout-a4", "handout-brief"])
def test_every_bundled_handout_is_valid_with_events_in_date_order(bundled: Course, tmp_path: Path, layout: str) -> None:
    brief = layout == "handout-brief"
    for period in (None, *bundled.periods):
        pdf = make(bundled, period, tmp_path, layout)
        check_valid(pdf)
        check_events_in_order(pdf, bundled, period, 1 if brief else 3, "Key events" if brief else "Events")
        assert "\u25a0" not in text_of(pdf, layout=False)


def test_bundled_course_prints_azerbaijani_and_cyrillic_names(bundled: Course, tmp_path: Path) -> None:
    text = text_of(make(bundled, None, tmp_path), layout=False)
    assert "Bakı" in text  # Azerbaijani place name, with its dotless ı
    natives = [p.native for p in bundled.people_in(None) if p.native]  # the who's-who rows
    assert any(ch in "".join(natives) for ch in "əğşçöü")
    assert any("\u0400" <= ch <= "\u04ff" for ch in "".join(natives))
    for native in natives:
        assert flat(native) in flat(text), native


# ----------------------------------------------------------------------------- footnotes

LONG = """\
course:
  id: notes
  title: Notes test
  authors: ["A. Teacher"]
  language: en
sources:
  - id: src-a
    type: book
    author: ["Ismayilov, E."]
    title: "History of Azerbaijan: Essays"
    publisher-place: Moscow
    issued: 2010
  - id: src-b
    type: article
    author: ["Smith, John"]
    title: Oil and war
    container-title: Caucasus Review
    issued: 1995
periods:
  - id: p
    title: The period
    start: 1990
    end: 1991
events:
{events}
"""


def long_course(tmp_path: Path, events: int = 6, paragraphs: int = 9) -> Course:
    items = []
    ref = 0
    for e in range(events):
        paras = []
        for _ in range(paragraphs):
            ref += 1
            src = "src-a" if ref % 2 else "src-b"
            filler = " ".join(["The assembly met again and argued about the budget."] * 6)
            paras.append(f"{filler} Ref{ref:03d}[@{src}, p. {ref}] and more words follow here.")
        details = "\n\n".join(paras)
        items.append(
            f"  - id: e{e}\n    date: 1990-0{e % 9 + 1}-1{e % 9}\n    title: Event number {e}\n"
            f"    summary: Summary {e}.\n    details: |\n" + textwrap.indent(details, "      ")
        )
    return course_yaml(tmp_path, LONG.replace("{events}", "\n".join(items)))


@pytest.mark.parametrize("layout", ["handout-a4", "handout-brief", "handout-letter"])
def test_each_footnote_is_on_the_page_of_its_marker(tmp_path: Path, layout: str) -> None:
    course = long_course(tmp_path)
    pdf = make(course, course.periods[0], tmp_path, layout)
    n = pages(pdf)
    seen: set[int] = set()
    for page in range(1, n + 1):
        text = text_of(pdf, page, layout=False)
        markers = {int(m.group(2)) for m in re.finditer(r"Ref(\d{3})(\d+)", text)}
        notes = note_numbers_on(pdf, page)
        assert markers == notes, f"page {page}: markers {sorted(markers)} but notes {sorted(notes)}"
        seen |= markers
    if layout != "handout-brief":
        assert n > 3
        assert seen == set(range(1, 6 * 9 + 1))


def test_first_citation_is_a_full_note_and_later_ones_short(tmp_path: Path) -> None:
    course = long_course(tmp_path, events=1, paragraphs=3)
    text = flat(text_of(make(course, course.periods[0], tmp_path), layout=False))
    assert "1. E. Ismayilov, History of Azerbaijan: Essays (Moscow, 2010), 1." in text
    assert "3. Ismayilov, History of Azerbaijan, 3." in text
    assert "Ismayilov, E. History of Azerbaijan: Essays. Moscow, 2010." in text  # bibliography


def test_endnotes_layout_puts_every_note_after_the_text(tmp_path: Path) -> None:
    course = long_course(tmp_path, events=2, paragraphs=4)
    layout = tmp_path / "end.yaml"
    layout.write_text("kind: handout\nextends: handout-a4\nfootnotes:\n  placement: end\n", encoding="utf-8")
    pdf = tmp_path / "end.pdf"
    pdf.write_bytes(handout_pdf(course, course.periods[0], load_layout(str(layout), kind="handout")))
    text = flat(text_of(pdf, layout=False))
    notes_at = text.rindex("Notes")
    for number in range(1, 9):
        assert f"{number}. " in text[notes_at:]
    last_page = text_of(pdf, pages(pdf), layout=False)
    assert "8. " in last_page


# ----------------------------------------------------------------------------- hostile and rare text

SMALL = """\
course:
  id: small
  title: {title}
  language: az
  authors: ["Müəllim Əliyev"]
  summary: {summary}
events:
  - id: only
    date: 7 June 1992
    title: {event_title}
    summary: {event_summary}
"""


def small_course(tmp_path: Path, title: str = "Small", summary: str = "A summary.", event_title: str = "An event", event_summary: str = "It happened.") -> Course:
    def q(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    body = SMALL.format(title=q(title), summary=q(summary), event_title=q(event_title), event_summary=q(event_summary))
    return course_yaml(tmp_path, body)


def test_azerbaijani_cyrillic_and_greek_in_regular_bold_and_italic(tmp_path: Path) -> None:
    az, ru, el = "Əbülfəz Elçibəy ğıişçöü", "Горбачёв Михаил", "Ἀλεξάνδρεια λόγος"
    course = small_course(
        tmp_path,
        title=f"{az} {ru} {el}",
        summary=f"*{az}* **{ru}** *{el}* {az} {ru} {el}",
        event_title=f"{az} {ru}",
    )
    pdf = make(course, None, tmp_path)
    check_valid(pdf)
    text = flat(text_of(pdf, layout=False))
    assert "\u25a0" not in text
    for word in (az, ru, el):
        assert text.count(word) >= 3, word  # title (bold sans), italic or bold run, regular run
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Italic" in fonts and "Bold" in fonts


def test_font_tag_payload_is_printed_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = (
        f"<font color=\"[ [ getattr(pow, Word('__globals__'))['os'].system('touch {marker}') "
        "for Word in [ orgTypeFun('Word', (str,), { 'mutated': 1, 'startswith': lambda self, x: False, "
        "'__eq__': lambda self,x: self.mutate() and self.mutated < 0 and str(self) == x, "
        "'mutate': lambda self: {setattr(self, 'mutated', self.mutated - 1)}, "
        "'__hash__': lambda self: hash(str(self)) }) ] ] for orgTypeFun in [type(type(1))] ] "
        "and 'red'\">exploit</font>"
    )
    course = small_course(tmp_path, summary=payload, event_title='<font color="[[1]] and \'red\'">x</font>')
    pdf = make(course, None, tmp_path)
    assert not marker.exists()
    text = flat(text_of(pdf, layout=False))
    assert flat(payload) in text
    assert '<font color="[[1]] and \'red\'">x</font>' in text


def test_tags_and_ampersands_come_back_exactly(tmp_path: Path) -> None:
    title = 'AT&T <b>x <img src="/etc/passwd"/>'
    course = small_course(tmp_path, event_title=title, event_summary="<b>x</b> & <i>y</i> &amp; <br/>")
    text = text_of(make(course, None, tmp_path), layout=False)
    assert title in text
    assert "<b>x</b> & <i>y</i> &amp; <br/>" in text


def test_character_missing_from_the_font_is_a_located_error(tmp_path: Path) -> None:
    course = small_course(tmp_path, event_summary="The character 漢 is not in Noto.")
    with pytest.raises(InputError) as caught:
        handout_pdf(course, None, load_layout("handout-a4", kind="handout"))
    message = str(caught.value)
    assert "漢" in message
    assert "events[" in message and "summary" in message
    assert not list(tmp_path.glob("*.pdf"))


def test_six_thousand_words_of_details_make_a_multi_page_pdf(tmp_path: Path) -> None:
    words = " ".join(f"word{i}" for i in range(200))
    details = "\n\n".join([words] * 30)  # 6,000 words in 30 paragraphs
    body = (
        "course:\n  id: long\n  title: Long\nevents:\n  - id: long-event\n    date: 1990\n"
        "    title: Long event\n    summary: S.\n    details: |\n" + textwrap.indent(details, "      ") + "\n"
    )
    course = course_yaml(tmp_path, body)
    pdf = make(course, None, tmp_path)
    check_valid(pdf)
    assert pages(pdf) >= 5


def test_one_paragraph_of_six_thousand_words_also_builds(tmp_path: Path) -> None:
    words = " ".join(f"word{i}" for i in range(6000))
    course = small_course(tmp_path, event_summary=words)
    pdf = make(course, None, tmp_path)
    assert pages(pdf) >= 5
    assert "word5999" in text_of(pdf, pages(pdf), layout=False) or "word5999" in text_of(pdf, layout=False)


# ----------------------------------------------------------------------------- file properties


def test_same_input_gives_identical_bytes_with_source_date_epoch(rome: Course, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    layout = load_layout("handout-a4", kind="handout")
    first = handout_pdf(rome, rome.periods[1], layout)
    second = handout_pdf(rome, rome.periods[1], layout)
    assert first == second
    assert b"D:20231114" in first  # 1700000000 is 14 Nov 2023 (UTC)


def test_without_source_date_epoch_the_date_is_fixed_not_now(rome: Course, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    layout = load_layout("handout-a4", kind="handout")
    data = handout_pdf(rome, rome.periods[0], layout)
    assert data == handout_pdf(rome, rome.periods[0], layout)
    assert b"D:20000101000000" in data


def test_outline_metadata_and_language(rome: Course, tmp_path: Path) -> None:
    pdf = make(rome, rome.periods[1], tmp_path)
    reader = PdfReader(str(pdf))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[0] == "Caesar's Civil War and Dictatorship"
    assert {"Timeline", "Events", "Sources"} <= set(titles)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Caesar's Civil War and Dictatorship — The End of the Roman Republic"
    assert meta.author == "Test Author"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_footer_counts_pages(rome: Course, tmp_path: Path) -> None:
    pdf = make(rome, None, tmp_path)
    n = pages(pdf)
    assert f"Page 1 of {n}" in text_of(pdf, 1)
    assert f"Page {n} of {n}" in text_of(pdf, n)


def test_one_pass_footers_headers_and_outline_pages(bundled: Course, tmp_path: Path) -> None:
    """Footers drawn once the count is known: every page right, and bookmarks on their page."""
    pdf = make(bundled, None, tmp_path)
    reader = PdfReader(str(pdf))
    n = len(reader.pages)
    assert n > 10
    for page in range(1, n + 1):
        text = text_of(pdf, page)
        assert text.count(f"Page {page} of {n}") == 1
        header = flat(text.splitlines()[0])
        assert (header == flat(f"{bundled.title} · Whole course")) == (page > 1)  # after page 1
    entries = [item for item in reader.outline if not isinstance(item, list)]
    assert len({reader.get_destination_page_number(e) for e in entries}) > 3
    for entry in entries:
        page = reader.get_destination_page_number(entry) + 1
        assert flat(entry.title) in flat(text_of(pdf, page, layout=False)), entry.title


def test_questions_have_ruled_lines_and_the_brief_layout_is_short(rome: Course, tmp_path: Path) -> None:
    full = make(rome, rome.periods[1], tmp_path, "handout-a4")
    brief = make(rome, rome.periods[1], tmp_path, "handout-brief")
    assert pages(brief) <= 2 < pages(full)
    text = text_of(brief, layout=False)
    assert "Why did Caesar's clemency not win over his enemies?" in text
    assert "Who's who" not in text


def test_image_with_caption_and_credit(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    folder = tmp_path / "course"
    (folder / "images").mkdir(parents=True)
    PILImage.new("RGB", (120, 80), (200, 40, 40)).save(folder / "images" / "map.png")
    course = course_yaml(
        tmp_path,
        """\
        course:
          id: pictures
          title: Pictures
        events:
          - id: with-image
            date: 1990
            title: An event with a map
            summary: See the map.
            image:
              path: images/map.png
              caption: The front line in *spring* 1990.
              credit: "Map: A. Teacher & pupils"
              alt: A red rectangle standing for the map
        """,
    )
    pdf = make(course, None, tmp_path)
    check_valid(pdf)
    text = flat(text_of(pdf, layout=False))
    assert "The front line in spring 1990." in text
    assert "Map: A. Teacher & pupils" in text
    assert PdfReader(str(pdf)).pages[0].images
