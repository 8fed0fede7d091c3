"""The `histdocs` command: validate, build, new, import, export, fonts, layouts, schema. Only this module prints or exits."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from .errors import HistdocsError

__all__ = ["main"]

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="histdocs",
        description="Turn a course of structured history into PDF handouts and PowerPoint decks.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"histdocs {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check a course and print a summary")
    p.add_argument("course", nargs="?", help="a course file or folder (default: the bundled course)")

    p = sub.add_parser("build", help="make the handouts and decks of a course")
    p.add_argument("course", nargs="?", help="a course file or folder (default: the bundled course)")
    p.add_argument("-o", "--out", default="out", help="output folder (default: out)")
    p.add_argument("--period", action="append", metavar="ID", help="only this period (repeatable)")
    p.add_argument("--layout", metavar="NAME|PATH", help="handout layout (default: handout-a4)")
    p.add_argument("--deck-layout", metavar="NAME|PATH", help="deck layout (default: deck-16x9)")
    p.add_argument("--only", choices=("handouts", "decks"), help="make only handouts or only decks")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                   help="draw with N processes (default: this machine's cores; 1 = one process)")

    p = sub.add_parser("new", help="start a new course folder from a filled-in example")
    p.add_argument("folder", help="the folder to create (must be new or empty)")
    p.add_argument("--title", help="the course title (default: from the folder name)")
    p.add_argument("--from-sheet", nargs="?", const="", metavar="SHEET",
                   help="start from a spreadsheet: copy SHEET (.csv/.xlsx) in, or write a starter events.csv")

    p = sub.add_parser("fonts", help="show (or copy) the font files the handouts embed and the decks name")
    p.add_argument("--copy-to", metavar="DIR", help="copy the font files into DIR (e.g. your fonts folder)")

    p = sub.add_parser("import", help="write a course read from a sheet (events.csv / .xlsx) as a YAML course folder")
    p.add_argument("source", help="a sheet (events.csv, events.xlsx) or a course folder holding sheets")
    p.add_argument("-o", "--out", required=True, metavar="FOLDER", help="the course folder to write (new or empty)")

    p = sub.add_parser("export", help="write a course as an events sheet (CSV) or a TimelineJS web timeline (JSON)")
    p.add_argument("course", nargs="?", help="a course file or folder (default: the bundled course)")
    p.add_argument("--to", required=True, choices=("csv", "timelinejs"), help="csv: events sheet; timelinejs: JSON")
    p.add_argument("-o", "--out", required=True, metavar="FILE", help="the file to write (events.csv, timeline.json)")

    sub.add_parser("layouts", help="list the shipped layouts")
    sub.add_parser("schema", help="print a JSON Schema of the course format")
    return parser


def _jobs(text: str) -> int:
    """Return --jobs as a whole number of processes, 1 or more."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"give a whole number of processes, 1 or more (not {text!r})")
    return int(text)


def _default_course(arg: str | None) -> Path:
    from .resources import bundled_course

    return Path(arg) if arg else bundled_course()


def _cmd_validate(args: argparse.Namespace) -> int:
    from .load import load_course
    from .summary import course_summary

    course = load_course(_default_course(args.course))
    print(course_summary(course))
    return EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build, ProgressBar
    from .load import load_course
    from .workers import default_jobs

    course = load_course(_default_course(args.course))
    progress = None if args.quiet or not sys.stderr.isatty() else ProgressBar(sys.stderr)
    written = build(
        course,
        Path(args.out),
        periods=args.period,
        handout_layout=args.layout or "handout-a4",
        deck_layout=args.deck_layout or "deck-16x9",
        only=args.only,
        progress=progress,
        jobs=args.jobs or default_jobs(),
    )
    for path in written:
        print(path)
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    from .starter import new_course, new_sheet_course

    if args.from_sheet is not None:
        written = new_sheet_course(args.folder, args.title, args.from_sheet or None)
    else:
        written = new_course(args.folder, args.title)
    for path in written:
        print(path)
    print(f"next: edit the files, then `histdocs validate {args.folder}` and `histdocs build {args.folder}`")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from .importer import import_course

    for path in import_course(args.source, args.out):
        print(path)
    print(f"next: `histdocs build {args.out}`, and edit {Path(args.out) / 'course.yaml'} to add what a sheet cannot hold")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import write_sheet, write_timelinejs
    from .load import load_course

    course = load_course(_default_course(args.course))
    written = [write_sheet(course, args.out)] if args.to == "csv" else write_timelinejs(course, args.out)
    for path in written:
        print(path)
    return EXIT_OK


def _cmd_fonts(args: argparse.Namespace) -> int:
    import shutil

    from .fonts import BUNDLED_FAMILIES, font_family

    target = Path(args.copy_to) if args.copy_to else None
    if target is not None:
        target.mkdir(parents=True, exist_ok=True)
    for name in BUNDLED_FAMILIES:
        family = font_family(name)
        for face in (family.regular, family.bold, family.italic, family.bold_italic):
            if target is None:
                print(f"{name:<12} {face}")
            else:
                shutil.copyfile(face, target / face.name)
                print(target / face.name)
    if target is None:
        print("Install these (or copy them with --copy-to into your fonts folder) on computers that show the decks.")
    return EXIT_OK


def _cmd_layouts(args: argparse.Namespace) -> int:
    from .layouts import list_layouts

    for info in list_layouts():
        print(f"{info.name:<18} {info.kind:<8} {info.description}")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from .schema import course_json_schema

    print(json.dumps(course_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


_COMMANDS = {
    "validate": _cmd_validate,
    "build": _cmd_build,
    "new": _cmd_new,
    "import": _cmd_import,
    "export": _cmd_export,
    "fonts": _cmd_fonts,
    "layouts": _cmd_layouts,
    "schema": _cmd_schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return _COMMANDS[args.command](args)
    except HistdocsError as exc:
        print(f"histdocs {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("histdocs: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
