"""Make one handout: a course, a period and a layout in, a PDF out.

Run from a checkout:  python examples/handout.py [COURSE] [PERIOD-ID] [LAYOUT] [OUT.pdf]
Defaults: the bundled course, its first period, handout-a4, handout.pdf.
PERIOD-ID may be "all" for the whole-course handout; LAYOUT may be a shipped name
(handout-a4, handout-letter, handout-brief) or the path of your own layout file, such as
examples/my-handout.yaml.
"""

from __future__ import annotations

import sys
from pathlib import Path

import histdocs
from histdocs.resources import bundled_course


def main(argv: list[str]) -> int:
    course_path = Path(argv[1]) if len(argv) > 1 else bundled_course()
    course = histdocs.load_course(course_path)
    wanted = argv[2] if len(argv) > 2 else course.periods[0].id if course.periods else "all"
    period = None if wanted == "all" else wanted
    layout = argv[3] if len(argv) > 3 else "handout-a4"
    out = Path(argv[4]) if len(argv) > 4 else Path("handout.pdf")
    try:
        histdocs.render_handout(course, out, period=period, layout=layout)
    except histdocs.InputError as error:  # bad data or layout: every problem, located
        sys.stderr.write(f"{error}\n")
        return 2
    sys.stdout.write(f"wrote {out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
