"""Turn an events sheet saved as CSV into an Excel workbook, as a teacher's Excel would hold it.

Run from a checkout:  python examples/sheet_to_xlsx.py [events.csv] [events.xlsx]
Defaults: examples/events.csv, events.xlsx. Years, months and days become numbers, a Display
Date written as 1989-11-09 becomes a date typed as a date, and a run of rows sharing a Group is
one merged cell: histdocs reads all three as the teacher meant them. Put the workbook in a
course folder as events.xlsx and run `histdocs build` on the folder.
"""

from __future__ import annotations

import csv
import datetime
import sys
from pathlib import Path

import openpyxl

NUMBER_COLUMNS = {"Year", "Month", "Day", "End Year", "End Month", "End Day"}


def _typed(heading: str, text: str) -> object:
    if heading in NUMBER_COLUMNS and text.lstrip("-").isdigit():
        return int(text)
    if heading == "Display Date":
        try:
            return datetime.datetime.strptime(text, "%Y-%m-%d")
        except ValueError:
            return text or None
    return text or None


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("events.csv")
    target = Path(argv[2]) if len(argv) > 2 else Path("events.xlsx")
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    headings = rows[0]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Timeline"
    sheet.append(headings)
    for row in rows[1:]:
        sheet.append([_typed(heading, text) for heading, text in zip(headings, row)])
    if "Group" in headings:  # merge runs of the same Group down the column
        column = headings.index("Group") + 1
        first = 2
        for number in range(3, len(rows) + 2):
            value = sheet.cell(first, column).value
            if number == len(rows) + 1 or sheet.cell(number, column).value != value or value is None:
                if value is not None and number - 1 > first:
                    sheet.merge_cells(start_row=first, start_column=column, end_row=number - 1, end_column=column)
                first = number
    book.save(target)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
