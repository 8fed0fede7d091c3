"""Spreadsheets in (issue 12): events.csv / events.xlsx in the TimelineJS template's columns or histdocs' own.

Rows go through the same checks as YAML and problems read FILE:ROW:COLUMN with the column's
heading; what Excel or LibreOffice saves (a BOM, ';', UTF-16, typed dates, formulas, merged
cells) is read as the teacher meant it.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from pptx import Presentation

from histdocs.cli import main
from histdocs.errors import InputError
from histdocs.load import load_course

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "events.csv"
HEAD = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit," \
       "Media Caption,Media Thumbnail,Type,Group,Background\n"


def _folder(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / "course"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_course(path)
    return [str(p) for p in info.value.problems]


def _validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["validate", str(path)])
    return status, capsys.readouterr().err


# --------------------------------------------------------------------------- the sample sheet


def test_the_sample_sheet_reads_as_the_teacher_meant(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"events.csv": EXAMPLE.read_bytes()})
    course = load_course(folder)  # a folder holding only the sheet: no course.yaml needed
    assert course.title == "The End of the Cold War in Europe, 1985–1991"
    assert course.id == "the-end-of-the-cold-war-in-europe-1985-1991"
    assert [(p.id, p.span_text()) for p in course.periods] == [
        ("reform-from-above", "March 1985 – December 1988"),
        ("revolutions-and-the-end-of-the-soviet-union", "January 1989 – December 1991"),
    ]
    by_title = {e.title: e for e in course.events}
    assert len(by_title) == 9
    assert str(by_title["The Berlin Wall opens"].date) == "9 November 1989"
    assert by_title["The Berlin Wall opens"].tags == ("Germany",)
    assert str(by_title["The Velvet Revolution"].date) == "17 November – 29 December 1989"  # Display Date
    assert str(by_title["Coup attempt in Moscow"].date) == "19–21 August 1991"  # Year ... End Day
    chernobyl = by_title["The Chernobyl disaster"].summary
    assert chernobyl is not None
    assert [r.text for r in chernobyl.runs if r.italic] == ["glasnost"]  # <i> in a TimelineJS Text cell
    havel = by_title["The Velvet Revolution"].summary
    assert havel is not None and [r.text for r in havel.runs if r.bold] == ["Václav Havel"]


def _pdftext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_sample_sheet_builds_handouts_and_decks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, {"events.csv": EXAMPLE.read_bytes()})
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "-q"]) == 0
    handout = out / "handouts" / "02-revolutions-and-the-end-of-the-soviet-union.pdf"
    text = re.sub(r"\s+", " ", _pdftext(handout))
    for words in ("Revolutions and the end of the Soviet Union", "The Berlin Wall opens", "9 November 1989",
                  "17 November – 29 December 1989", "Václav Havel", "The Soviet Union is dissolved"):
        assert words in text
    assert "<b>" not in text and "<i>" not in text
    deck = Presentation(str(out / "decks" / "01-reform-from-above.pptx"))
    slides = re.sub(r"\s+", " ", " ".join(_shape_texts(shape) for slide in deck.slides for shape in slide.shapes))
    assert "The Chernobyl disaster" in slides and "The INF Treaty" in slides  # the timeline slide's labels


def _shape_texts(shape: object) -> str:
    """Return the text of a shape, and of every shape inside a group."""
    if getattr(shape, "shapes", None) is not None:
        return " ".join(_shape_texts(inner) for inner in shape.shapes)  # type: ignore[attr-defined]
    return shape.text_frame.text if getattr(shape, "has_text_frame", False) else ""  # type: ignore[attr-defined]


def test_a_sheet_file_is_a_course_on_its_own(tmp_path: Path) -> None:
    sheet = tmp_path / "events.csv"
    shutil.copyfile(EXAMPLE, sheet)
    assert len(load_course(sheet).events) == 9


def test_without_a_title_row_the_folder_names_the_course(tmp_path: Path) -> None:
    folder = tmp_path / "fall-of-the-wall"
    folder.mkdir()
    (folder / "events.csv").write_text(HEAD + "1989,11,9,,,,,,,The Berlin Wall opens,,,,,,,,\n", encoding="utf-8")
    course = load_course(folder)
    assert (course.id, course.title) == ("fall-of-the-wall", "Fall of the wall")


# --------------------------------------------------------------------------- located problems


def test_bad_cells_are_located_by_row_and_column_heading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, {"events.csv": HEAD + "\n".join([
        "1989,13,9,,,,,,,Month 13,,,,,,,,",
        "1989,,,,,,,,late 198x,Bad display date,,,,,,,,",
        "1990,,,,,,,,late 1989,Disagreeing dates,,,,,,,,",
        ",,,,,,,,,No date,,,,,,,,",
        "1991,,,,,,,,,,Text without a headline,,,,,,,",
        "1992,2,30,,,,,,,February 30,,,,,,,,",
        "1993,,,,,,,,,Odd type,,,,,,erra,,",
        "1994,,,,,,,,03/04/1994,Ambiguous,,,,,,,,",
        "1995,,,,,,,,,Fine,,images/x.png,,,,,,",
    ]) + "\n"})
    status, err = _validate(folder, capsys)
    assert status == 2
    name = folder / "events.csv"
    assert err == (
        "histdocs validate: 9 problems found:\n"
        f"{name}:2:Month: a month must be a whole number from 1 to 12, not '13'\n"
        "    hint: write 1 to 12 or the month's name\n"
        f"{name}:3:Display Date: invalid date 'late 198x': not a recognised date\n"
        "    hint: write it as histdocs reads dates (e.g. late 1989, 1990s, c. 1200 BCE), or clear Display Date to "
        "use Year/Month/Day (1989)\n"
        f"{name}:4:Display Date: 'late 1989' does not match the date in Year/Month/Day (1990)\n"
        "    hint: correct one of them, or clear Display Date to use the Year/Month/Day columns\n"
        f"{name}:5:Headline: the row has no date\n"
        "    hint: fill Year (and Month, Day), or Display Date, e.g. 'late 1989'\n"
        f"{name}:6:Year: the row has no headline\n"
        "    hint: fill Headline (or Title): what happened, in a few words\n"
        f"{name}:7:Year: invalid date '30 February 1992': day 30 does not exist in February 1992\n"
        "    hint: write e.g. 29 February 1992\n"
        f"{name}:8:Type: unknown Type 'erra'\n"
        "    hint: leave Type empty for an event, or write 'era' (a period) or 'title' (the course title)\n"
        f"{name}:9:Display Date: '03/04/1994' could be 3 April or 4 March 1994\n"
        "    hint: write the date as 1994-04-03 or 3 April 1994\n"
        f"{name}:10:Media: a picture needs a description for readers who cannot see it\n"
        "    hint: fill the Media Alt column (or Media Caption) of this row\n"
    )


def test_references_in_cells_are_checked_like_yaml(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {
        "events.csv": "Date,Title,People,Place,Cite,Importance,ID\n"
                      "1990,One,aliyev,baku,narrative,5,one\n"
                      "1991,Two,,,,,one\n",
        "people.csv": "ID,Name,Born\naliev,Heydar Aliyev,10 May 1923\n",
        "places.csv": "id,name,native,lat,lon\nbaku,Baku,Bakı,40.4093,49.8671\n",
    })
    name = folder / "events.csv"
    assert _problems(folder) == [
        f"{name}:2:People: unknown person 'aliyev'\n    hint: did you mean 'aliev'?",
        f"{name}:2:Cite: unknown source 'narrative'\n    hint: define it under 'sources:' first",
        f"{name}:2:Importance: importance must be 1, 2 or 3, not '5'\n    hint: 1 key, 2 normal (the default), 3 minor",
        f"{name}:3:ID: duplicate event id 'one' (first at line 2)\n    hint: every id in a section must be different",
    ]


def test_people_and_places_sheets_feed_the_events_sheet(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {
        "events.csv": "Date,Title,People,Place,Tags,Facts\n"
                      "1993-06-15,Aliyev chairs parliament,aliyev,baku,\"politics; Baku, the capital\","
                      "\"Votes for: 200; Wounded (children: 76): 487\"\n",
        "people.csv": "ID,Name,Native,Aliases,Born,Died\naliyev,Heydar Aliyev,Heydər Əliyev,Aliev; Aliyev H.,"
                      "10 May 1923,12 December 2003\n",
        "places.csv": "ID,Name,Native,Lat,Lon\nbaku,Baku,Bakı,40.4093,49.8671\n",
    })
    course = load_course(folder)
    event = course.events[0]
    assert (event.people, event.places, event.tags) == (("aliyev",), ("baku",), ("politics", "Baku, the capital"))
    assert [(f.label, f.value) for f in event.facts] == [("Votes for", "200"), ("Wounded (children: 76)", "487")]
    person = course.person("aliyev")
    assert (person.native, person.aliases, str(person.born)) == ("Heydər Əliyev", ("Aliev", "Aliyev H."), "10 May 1923")
    assert course.place("baku").lat == 40.4093


def test_unknown_column_is_named_with_a_suggestion(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"events.csv": "Year,Headlne,Colour,Notes\n1990,Something,,\n"})
    name = folder / "events.csv"
    problems = _problems(folder)
    assert problems == [
        f"{name}:1:Headlne: unknown column 'Headlne'\n    hint: did you mean 'Headline'?",
        f"{name}:2:Year: the row has no headline\n    hint: fill Headline (or Title): what happened, in a few words",
    ]  # the empty unknown columns (Colour, Notes) do no harm


def test_a_title_row_must_agree_with_course_yaml(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {
        "course.yaml": "course:\n  id: c\n  title: The Real Title\n",
        "events.csv": HEAD + ",,,,,,,,,Another Title,,,,,,title,,\n1990,,,,,,,,,Something,,,,,,,,\n",
    })
    assert _problems(folder) == [
        f"{folder / 'events.csv'}:2:Headline: the title row says 'Another Title' but course.yaml's title is "
        "'The Real Title'\n    hint: make them the same, or delete this row (course.yaml holds the title)"]
    (folder / "events.csv").write_text(HEAD + ",,,,,,,,,The Real Title,,,,,,title,,\n1990,,,,,,,,,Something,,,,,,,,\n",
                                       encoding="utf-8")
    assert load_course(folder).title == "The Real Title"


def test_bce_years_are_negative_as_in_timelinejs(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"events.csv": HEAD + "-44,3,15,,,,,,,Caesar is killed,,,,,,,,\n"
                                                     "-49,1,,,-45,,,,,Civil war,,,,,,,,\n"})
    events = load_course(folder).events
    assert [str(e.date) for e in events] == ["15 March 44 BCE", "January 49 BCE – 45 BCE"]
    assert events[0].date.earliest == (-43, 3, 15)  # astronomical year -43 is 44 BCE


# --------------------------------------------------------------------------- what Excel saves


def test_excel_csv_with_bom_and_semicolons(tmp_path: Path) -> None:
    text = HEAD.replace(",", ";") + "1989;11;9;;;;;;;Mauerfall;Die Mauer öffnet sich;;;;;;Deutschland;\n"
    folder = _folder(tmp_path, {"events.csv": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")})
    event = load_course(folder).events[0]
    assert (event.title, str(event.date), event.tags) == ("Mauerfall", "9 November 1989", ("Deutschland",))
    assert event.summary is not None and event.summary.plain() == "Die Mauer öffnet sich"


def test_excel_unicode_text_utf16_with_tabs(tmp_path: Path) -> None:
    text = "Year\tHeadline\tText\n1918\tAzərbaycan Xalq Cümhuriyyəti\tİlk respublika\n"
    folder = _folder(tmp_path, {"events.csv": text.encode("utf-16")})
    assert load_course(folder).events[0].title == "Azərbaycan Xalq Cümhuriyyəti"


def test_a_csv_in_an_old_encoding_gets_a_clear_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"events.csv": "Year,Headline\n1990,Caf\u00e9 opens\n".encode("cp1252")})
    assert _problems(folder) == [
        f"{folder / 'events.csv'}:2:9: the file is not UTF-8 text (byte 0xE9 cannot be read); histdocs cannot "
        "guess which older encoding it was saved in\n    hint: in Excel: File > Save As > 'CSV UTF-8 (Comma "
        "delimited)'; in LibreOffice: Save As > Text CSV, then choose the character set 'Unicode (UTF-8)'"]


def test_a_broken_quote_is_located(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"events.csv": 'Year,Headline\n1990,"One\n1991,Two"x\n'})
    [problem] = _problems(folder)
    assert problem.startswith(f"{folder / 'events.csv'}:3:1: the sheet cannot be read as CSV: ")


def _save_with_cached_values(path: Path, cached: dict[str, str]) -> None:
    """Store formula results in a workbook openpyxl wrote, as Excel does on saving (`<f>..</f><v>..</v>`)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                for ref, value in cached.items():
                    text, n = re.subn(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*/?>(?:</v>)?', rf"\1\2<v>{value}</v>", text)
                    assert n == 1, ref
                data = text.encode("utf-8")
            dst.writestr(item, data)
    tmp.replace(path)


def test_xlsx_dates_formulas_and_merged_cells(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Timeline"
    ws.append(["Year", "Month", "Day", "Display Date", "Headline", "Text", "Type", "Group"])
    ws.append([None, None, None, None, "Spreadsheet course", None, "title", None])
    ws.append([None, None, None, datetime.datetime(1988, 2, 20), "Typed as a date", None, None, "Karabakh"])
    ws.append([datetime.datetime(1990, 1, 20, 0, 30), None, None, None, "A date in the Year column", None, None, None])
    ws.append(["=1989+2", 8, 30, None, "A formula's saved value", None, None, None])
    ws.append([1992, None, None, None, "Merged group, second row", "Text", None, None])
    ws.merge_cells("H3:H4")  # one Group for two rows
    ws.merge_cells("E6:F6")  # a headline merged across Text: Text stays empty
    book.save(folder / "events.xlsx")
    _save_with_cached_values(folder / "events.xlsx", {"A5": "1991"})
    course = load_course(folder)
    assert course.title == "Spreadsheet course"
    got = [(e.title, str(e.date), e.tags, e.summary) for e in course.events]
    assert got == [
        ("Typed as a date", "20 February 1988", ("Karabakh",), None),
        ("A date in the Year column", "20 January 1990, 00:30", ("Karabakh",), None),  # typed with its time
        ("A formula's saved value", "30 August 1991", (), None),
        ("Merged group, second row", "1992", (), None),
    ]


def test_xlsx_formula_without_a_saved_value_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    book = openpyxl.Workbook()
    book.active.append(["Year", "Headline"])
    book.active.append(["=1989+2", "Computed year"])
    book.save(folder / "events.xlsx")
    assert _problems(folder) == [
        f"{folder / 'events.xlsx'}:2:column A: the formula =1989+2 has no saved value, so histdocs cannot know what "
        "it shows\n    hint: open the workbook in Excel or LibreOffice and save it: that stores each formula's value",
        f"{folder / 'events.xlsx'}:2:Headline: the row has no date\n"
        "    hint: fill Year (and Month, Day), or Display Date, e.g. 'late 1989'",
    ]


def test_workbooks_with_macros_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    book = openpyxl.Workbook()
    book.active.append(["Year", "Headline"])
    book.active.append([1990, "Something"])
    book.save(folder / "events.xlsx")
    with zipfile.ZipFile(folder / "events.xlsx", "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really")
    assert _problems(folder) == [
        f"{folder / 'events.xlsx'}:1:1: the workbook contains macros; histdocs does not read workbooks with macros\n"
        "    hint: save a copy as 'Excel Workbook (.xlsx)', which leaves the macros out"]
    (folder / "events.xlsx").rename(folder / "events.xlsm")
    (folder / "course.yaml").write_text("course: {id: c, title: C}\nevents:\n  - {date: 1990, title: T}\n")
    assert _problems(folder) == [
        f"{folder / 'events.xlsm'}:1:1: 'events.xlsm': a macro-enabled workbook is not read (histdocs never runs "
        "macros)\n    hint: save it as events.xlsx (Excel Workbook) or events.csv"]


def test_a_sheet_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import histdocs.sheets

    monkeypatch.setattr(histdocs.sheets, "MAX_FILE_BYTES", 100)
    folder = _folder(tmp_path, {"events.csv": HEAD + "1990,,,,,,,,,Something,,,,,,,,\n"})
    size = (folder / "events.csv").stat().st_size
    assert _problems(folder) == [f"{folder / 'events.csv'}:1:1: file is {size:,} bytes; the limit is 100\n"
                                 "    hint: keep only the rows and sheets the course needs"]


# --------------------------------------------------------------------------- the first minute


def test_new_from_sheet_writes_a_starter_sheet_that_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "cold-war"
    assert main(["new", str(folder), "--from-sheet", "--title", 'The "Cold" War']) == 0
    assert capsys.readouterr().out.startswith(f"{folder / 'events.csv'}\n")
    assert (folder / "events.csv").read_bytes().startswith(b"\xef\xbb\xbfYear,Month,Day,Time,End Year")
    course = load_course(folder)
    assert course.title == 'The "Cold" War'
    assert [str(e.date) for e in course.events] == ["12 March 1961", "1963–1965", "late 1968"]


def test_new_from_sheet_copies_a_teachers_sheet_after_checking_it(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "mine"), "--from-sheet", str(EXAMPLE)]) == 0
    assert (tmp_path / "mine" / "events.csv").read_bytes() == EXAMPLE.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("Year,Headline\n1990,\n", encoding="utf-8")
    assert main(["new", str(tmp_path / "other"), "--from-sheet", str(bad)]) == 2
    assert capsys.readouterr().err.endswith(f"{bad}:2:Year: the row has no headline\n"
                                            "    hint: fill Headline (or Title): what happened, in a few words\n")
    assert not (tmp_path / "other").exists()


def test_the_xlsx_example_script_makes_a_workbook_read_like_the_csv(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    run = subprocess.run([sys.executable, str(REPO / "examples" / "sheet_to_xlsx.py"), str(EXAMPLE),
                          str(folder / "events.xlsx")], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    book = openpyxl.load_workbook(folder / "events.xlsx")
    assert sorted(str(r) for r in book.active.merged_cells.ranges) == ["Q12:Q13", "Q5:Q6"]  # Group merged down
    from_csv, from_xlsx = load_course(EXAMPLE), load_course(folder)
    assert from_xlsx.events == from_csv.events and from_xlsx.periods == from_csv.periods
    assert from_xlsx.title == from_csv.title


def test_html_in_a_headline_or_credit_keeps_only_its_text(tmp_path: Path) -> None:
    (tmp_path / "course" / "images").mkdir(parents=True)
    PILImage.new("RGB", (20, 10), "white").save(tmp_path / "course" / "images" / "a.png")
    folder = _folder(tmp_path, {"events.csv": HEAD + '1990,,,,,,,,,"The <i>Velvet</i> Divorce &amp; after",'
                                                     '"See <a href=""https://example.org/a"">this</a>",images/a.png,'
                                                     '"<b>Archive</b> &amp; Co",Caption,,,,\n'})
    event = load_course(folder).events[0]
    assert event.title == "The Velvet Divorce & after"
    assert event.summary is not None and event.summary.plain() == "See this (https://example.org/a)"
    assert event.image is not None and (event.image.credit, event.image.alt) == ("Archive & Co", "Caption")


def test_loading_a_yaml_course_does_not_import_openpyxl() -> None:
    code = ("import sys; from histdocs.load import load_course; from histdocs.resources import bundled_course; "
            "load_course(bundled_course()); assert 'openpyxl' not in sys.modules")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr


def test_a_workbook_written_as_excel_writes_it(tmp_path: Path) -> None:
    """Shared strings, a date cell with a date format, a stored formula result, a merged range (XlsxWriter)."""
    import xlsxwriter  # python-pptx's own dependency, so always installed

    folder = tmp_path / "course"
    folder.mkdir()
    book = xlsxwriter.Workbook(str(folder / "events.xlsx"))
    sheet = book.add_worksheet("Sheet1")
    sheet.write_row(0, 0, ["Year", "Month", "Day", "Display Date", "Headline", "Text", "Type", "Group"])
    sheet.write_row(1, 0, [None, None, None, None, "Excel course", "By <b>a teacher</b>", "title"])
    sheet.write_datetime(2, 3, datetime.datetime(1990, 1, 20), book.add_format({"num_format": "dd/mm/yyyy"}))
    sheet.write(2, 4, "Black January")
    sheet.write_formula(3, 0, "=1989+2", None, 1991)
    sheet.write(3, 4, "Formula year")
    sheet.merge_range(2, 7, 3, 7, "Baku")
    book.close()
    course = load_course(folder)
    assert course.summary is not None and [r.text for r in course.summary.runs if r.bold] == ["a teacher"]
    assert [(e.title, str(e.date), e.tags) for e in course.events] == [
        ("Black January", "20 January 1990", ("Baku",)), ("Formula year", "1991", ("Baku",))]


def test_a_folder_without_course_yaml_needs_an_events_sheet(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"sources.json": "[]", "events.yaml": "events:\n  - {date: 1990, title: T}\n"})
    assert _problems(folder) == [f"no course.yaml in folder '{folder}'\n    hint: a course folder needs a course.yaml "
                                 "holding the 'course:' block (or an events.csv / events.xlsx sheet)"]


def test_html_in_a_text_cell_reads_as_timelinejs_shows_it() -> None:
    from histdocs.sheets import html_to_prose

    assert html_to_prose("<p>Causes:</p><ul><li>the <b>war</b></li><li>the <em>economy</em></li></ul>"
                         "<img src='x.png'><script>alert(1)</script>AT&amp;T") == \
        "Causes:\n\n• the **war**\n\n• the *economy*\n\nAT&T"
    assert html_to_prose("AT&amp;T <img src=x> stays as typed") == "AT&amp;T <img src=x> stays as typed"


def test_a_sheet_using_what_timelinejs_allows(tmp_path: Path) -> None:
    """HTML with classes, links, web media, an <iframe>, a Background, a Time: read, printed where printable."""
    rows = [
        ',,,,,,,,,Inventors,"<p class=""lead"">A <em>sample</em> timeline.</p>",,,,,title,,#ffffff',
        '1815,12,10,,1852,11,27,,,Ada Lovelace,"<p>Take <a href=""https://example.org/ada"">Ada</a>: often called '
        'the first programmer.</p><span class=""tl-note"">An image slide.</span>",https://example.org/ada.jpg,'
        'Wikimedia Commons,"<a href=""https://example.org"">Portrait</a>",,,,',
        '1946,2,15,10:30 AM,,,,,,"""The women who made it work""",,"<iframe src=""https://example.org/v""></iframe>",,,'
        ',,,https://example.org/bg.png',
    ]
    folder = _folder(tmp_path, {"events.csv": HEAD + "\n".join(rows) + "\n"})
    course = load_course(folder)
    assert course.title == "Inventors"
    assert course.summary is not None and course.summary.plain() == "A sample timeline."
    ada, eniac = course.events
    assert ada.summary is not None
    assert ada.summary.plain() == ("Take Ada (https://example.org/ada): often called the first programmer.\n\n"
                                   "An image slide.")
    assert (str(ada.date), ada.image) == ("10 December 1815 – 27 November 1852", None)  # web media: web only
    assert (eniac.title, str(eniac.date), eniac.image) == ('"The women who made it work"', "15 February 1946, 10:30",
                                                           None)


def test_a_workbook_holds_other_sections_in_worksheets_named_after_them(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    book = openpyxl.Workbook()
    book.active.title = "Timeline"
    book.active.append(["Year", "Headline", "People"])
    book.active.append([1993, "Aliyev returns", "aliyev"])
    people = book.create_sheet("People")
    people.append(["ID", "Name", "Born"])
    people.append(["aliyev", "Heydar Aliyev", datetime.datetime(1923, 5, 10)])
    people.append(["elchibey", "Abulfaz Elchibey", "24 June 1938x"])
    book.create_sheet("Notes").append(["anything", "the teacher keeps here"])
    book.save(folder / "events.xlsx")
    assert _problems(folder) == [f"{folder / 'events.xlsx'}[People]:3:Born: invalid date '24 June 1938x': "
                                 "not a recognised date\n    hint: write e.g. 1992-06-07, 7 June 1992, June 1992, "
                                 "autumn 1987, 1990s or c. 1200 BCE"]
    people.delete_rows(3)
    book.save(folder / "events.xlsx")
    course = load_course(folder)
    assert (course.events[0].people, str(course.person("aliyev").born)) == (("aliyev",), "10 May 1923")


@pytest.mark.parametrize(("typed", "meant"), [
    ("20/02/1988", "20 February 1988"), ("2/20/1988", "20 February 1988"), ("20.02.1988", "20 February 1988"),
    ("05.06.1988", "5 June 1988"), ("7/7/1988", "7 July 1988"),
])
def test_numeric_dates_are_read_when_only_one_reading_exists(tmp_path: Path, typed: str, meant: str) -> None:
    folder = _folder(tmp_path, {"events.csv": f"Display Date,Headline\n{typed},Something\n"})
    assert str(load_course(folder).events[0].date) == meant


def test_a_numeric_date_no_calendar_has_is_reported_by_the_date_parser(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"events.csv": "Display Date,Headline\n13/14/1990,Something\n"})
    [problem] = _problems(folder)
    assert problem.startswith(f"{folder / 'events.csv'}:2:Display Date: invalid date '13/14/1990': ")


_FUZZ_HEAD = ["Year", "Month", "Day", "End Year", "End Day", "Display Date", "Headline", "Text", "Type", "Group",
              "Media", "Media Caption", "ID", "Cite", "Facts", "People", "Start", "End"]
_FUZZ_CELL = st.one_of(st.sampled_from(["", "1990", "-44", "0", "13", "era", "title", "late 1989", "1/2/3", "a:b",
                                        ";", "<b>x</b>", "<p", "[@x]", "images/a.png", "http://x", "2/30/1990",
                                        "1,989", "Jan", "99999999999"]), st.text(max_size=6))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_FUZZ_CELL, max_size=len(_FUZZ_HEAD) + 2), max_size=5))
def test_any_sheet_loads_or_reports_problems_never_crashes(tmp_path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out).writerows([_FUZZ_HEAD, *rows])
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    (folder / "events.csv").write_text(out.getvalue(), encoding="utf-8", errors="replace")
    try:
        load_course(folder)
    except InputError as error:
        assert all(p.location is not None or "course.yaml" in p.message for p in error.problems)


def test_time_columns_give_the_time_of_day(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"events.csv": "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Headline\n"
                                              "1989,11,9,10:30 PM,1989,11,10,1:00 AM,The Wall opens\n"
                                              "1989,11,,22:45,,,,,No day\n1989,11,9,25:00,,,,,No such hour\n"})
    name = folder / "events.csv"
    assert _problems(folder) == [
        f"{name}:3:Time: 'Time' is filled but 'Day' is empty\n    hint: a time of day needs its day",
        f"{name}:4:Time: '25:00' is not a time of day\n    hint: write e.g. 14:30, 14:30:15 or 2:30 PM",
    ]
    (folder / "events.csv").write_text("Year,Month,Day,Time,End Year,End Month,End Day,End Time,Headline\n"
                                       "1989,11,9,10:30 PM,1989,11,10,1:00 AM,The Wall opens\n", encoding="utf-8")
    assert str(load_course(folder).events[0].date) == "9 November 1989, 22:30 – 10 November 1989, 01:00"
