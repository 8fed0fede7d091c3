"""The `histdocs` command: validate, build, new, import, export, fonts, layouts, schema. Only this module prints or exits."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from .errors import HistdocsError, MachineError, describe_os_error

__all__ = ["main"]

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130

EXIT_STATUS_HELP = """\
exit status:
  0    done
  2    bad input: the course, a layout, a template or the command line (the message says where)
  3    the machine refused: a file or folder could not be read, written or made
       (permissions, disk full, a path that cannot be made); the message names it
  4    internal error: a bug in histdocs; please report it (--debug shows the details)
  130  interrupted (Ctrl-C)
"""


def _common_options() -> argparse.ArgumentParser:
    """Options every command takes, before or after its name (`histdocs --debug build` = `build --debug`)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="on an unexpected error, show the full Python traceback")
    return common


def _parser() -> argparse.ArgumentParser:
    common = _common_options()
    parser = argparse.ArgumentParser(
        prog="histdocs",
        description="Turn a course of structured history into PDF handouts and PowerPoint decks.",
        epilog=EXIT_STATUS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"histdocs {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, parents=[common], epilog=EXIT_STATUS_HELP,
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    course_help = "a course file or folder (default: the course in this folder, else the bundled course)"
    p = command("validate", "check a course and print a summary")
    p.add_argument("course", nargs="?", help=course_help)

    p = command("build", "make the handouts and decks of a course")
    p.add_argument("course", nargs="?", help=course_help)
    p.add_argument("-o", "--out", default="out", help="output folder (default: out)")
    p.add_argument("--period", action="append", metavar="ID", help="only this period (repeatable)")
    p.add_argument("--layout", metavar="NAME|PATH", help="handout layout (default: handout-a4)")
    p.add_argument("--deck-layout", metavar="NAME|PATH", help="deck layout (default: deck-16x9)")
    p.add_argument("--only", choices=("handouts", "decks"), help="make only handouts or only decks")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                   help="draw with N processes (default: this machine's cores; 1 = one process)")

    p = command("new", "start a new course folder from a filled-in example")
    p.add_argument("folder", help="the folder to create (must be new or empty)")
    p.add_argument("--title", help="the course title (default: from the folder name)")
    p.add_argument("--from-sheet", nargs="?", const="", metavar="SHEET",
                   help="start from a spreadsheet: copy SHEET (.csv/.xlsx) in, or write a starter events.csv")

    p = command("fonts", "show (or copy) the font files the handouts embed and the decks name")
    p.add_argument("--copy-to", metavar="DIR", help="copy the font files into DIR (e.g. your fonts folder)")

    p = command("import", "write a course read from a sheet (events.csv / .xlsx) as a YAML course folder")
    p.add_argument("source", help="a sheet (events.csv, events.xlsx) or a course folder holding sheets")
    p.add_argument("-o", "--out", required=True, metavar="FOLDER", help="the course folder to write (new or empty)")

    p = command("export", "write a course as an events sheet (CSV) or a TimelineJS web timeline (JSON)")
    p.add_argument("course", nargs="?", help=course_help)
    p.add_argument("--to", required=True, choices=("csv", "timelinejs"), help="csv: events sheet; timelinejs: JSON")
    p.add_argument("-o", "--out", required=True, metavar="FILE", help="the file to write (events.csv, timeline.json)")

    command("layouts", "list the shipped layouts")
    command("schema", "print a JSON Schema of the course format")
    return parser


def _jobs(text: str) -> int:
    """Return --jobs as a whole number of processes, 1 or more."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"give a whole number of processes, 1 or more (not {text!r})")
    return int(text)


def _default_course(arg: str | None) -> Path:
    """Return the course named, else the one in this folder, else the bundled course (saying so)."""
    if arg:
        return Path(arg)
    if os.path.lexists("course.yaml"):  # even if it is unreadable: the loader then says what is wrong with it
        return Path(".")
    from .resources import bundled_course

    bundled = bundled_course()
    print(f"histdocs: no course named and no course.yaml in this folder; using the bundled course {bundled.name}",
          file=sys.stderr)
    return bundled


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


def _one_line(text: str, limit: int = 200) -> str:
    """Return `text` on one line of at most `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _report_internal(command: str, exc: BaseException, debug: bool) -> int:
    import traceback

    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    what = _one_line(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)
    more = "" if debug else " (--debug shows the details)"
    print(f"histdocs {command}: internal error ({what}); please report this bug with the command you ran{more}",
          file=sys.stderr)
    return EXIT_INTERNAL


def _report_refusal(command: str, exc: OSError, debug: bool) -> int:
    if debug:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    text = str(exc) if isinstance(exc, MachineError) else describe_os_error(exc)
    print(f"histdocs {command}: {text}", file=sys.stderr)
    return EXIT_REFUSED


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 done, 2 bad input, 3 refused, 4 internal error)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_BAD_INPUT
    command, debug = args.command, getattr(args, "debug", False)
    try:
        return _COMMANDS[command](args)
    except MachineError as exc:  # before HistdocsError: it is one, but the machine's fault, not the input's
        return _report_refusal(command, exc, debug)
    except HistdocsError as exc:
        print(f"histdocs {command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("histdocs: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader of our output went away (`histdocs schema | head`): not an error
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        if exc.errno is None:  # a library's complaint dressed as OSError (not the system's): a bug to report
            return _report_internal(command, exc, debug)
        return _report_refusal(command, exc, debug)
    except MemoryError:
        print(f"histdocs {command}: out of memory; close other programs or build fewer periods (--period)",
              file=sys.stderr)
        return EXIT_REFUSED
    except Exception as exc:  # anything else is a bug: one line, and the traceback only on request
        return _report_internal(command, exc, debug)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot raise on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
