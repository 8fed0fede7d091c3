"""Benchmark: the edge inputs that used to take quadratic time, each at two sizes (n and 10n).

Issue 8 item 6. Each case is one small course with one outsized thing in it:

- ``citations``: one paragraph with n citations (footnotes in the handout, notes in the deck);
- ``long-word``: one word of n characters in an event's summary and again in its details;
- ``header``:    a running header of n characters once ``{period}`` is substituted;
- ``emphasis``:  one paragraph with n ``*italic*`` spans;
- ``unclosed``:  one paragraph with n citation openings ``[@a,`` that are never closed.

For each case and size it times, in a fresh process, loading and checking the course
(what ``histdocs validate`` does), drawing the handouts and drawing the decks, then prints
the ratio of the 10n time to the n time: about 10 means linear growth, about 100 quadratic.

    python bench/bench_edges.py            # the sizes of the issue (10,000 citations, ...)
    python bench/bench_edges.py --quick    # a tenth of them
    python bench/bench_edges.py --case emphasis
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = r'''
import json, resource, sys, time
t0 = time.perf_counter()
import histdocs
from histdocs.build import plan_outputs
from pathlib import Path
course_path, out, only, look = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
course = histdocs.load_course(course_path)
t1 = time.perf_counter()
size = 0
if only != "validate":
    for o in plan_outputs(course, Path(out), only=only, handout_layout=look):
        size += len(o.draw())
t2 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load": t1 - t0, "draw": t2 - t1, "bytes": size, "peak_mb": peak}))
'''

_HEAD = (
    "course: {{id: edges, title: Edge cases}}\n"
    "sources:\n"
    "  - {{id: src, type: book, author: ['Author, A.'], title: A Book of Facts, issued: 2000}}\n"
    "periods:\n"
    "  - id: p1\n"
    "    title: {period_title}\n"
    "    start: '1990'\n"
    "    end: '1991'\n"
    "events:\n"
    "  - date: '1990'\n"
    "    title: The outsized event\n"
    "    importance: 1\n"
    "    summary: A short summary [@src, p. 1].\n"
)


def _details(text: str) -> str:
    return "    details: >-\n      " + text + "\n"


def citations(n: int) -> str:
    """Return a course whose one paragraph cites the source n times, each at its own page."""
    body = " ".join(f"Claim {i} [@src, p. {i}]." for i in range(1, n + 1))
    return _HEAD.format(period_title="One period") + _details(body)


def long_word(n: int) -> str:
    """Return a course whose summary and details each hold one word of n letters (a to z, over again)."""
    word = ("abcdefghijklmnopqrstuvwxyz" * (n // 26 + 1))[:n]
    head = _HEAD.format(period_title="One period").replace("A short summary [@src, p. 1].", f"Before {word} after.")
    return head + _details(f"Before {word} after.")


_TITLE = ("Years of {page} and {pages}: a period title as long as a title may be " * 5)[:300].strip()


def header(n: int) -> tuple[str, str]:
    """Return a course and a layout whose running header is about n characters once substituted.

    The layout's header names ``{period}`` n/300 times and the period title (300 characters,
    the most a title may have) itself contains ``{page}``, which must print as written.
    """
    course = _HEAD.format(period_title=json.dumps(_TITLE)) + _details(("Filler text for pages. " * 600).strip())
    layout = "extends: handout-a4\nheader:\n  text: " + json.dumps("{period} " * max(1, n // 300)) + "\n"
    return course, layout


def emphasis(n: int) -> str:
    """Return a course whose one paragraph holds n italic spans."""
    return _HEAD.format(period_title="One period") + _details(" ".join(["*a*"] * n))


def unclosed(n: int) -> str:
    """Return a course whose one paragraph holds n citation openings '[@a, ' never closed."""
    return _HEAD.format(period_title="One period") + _details(("[@a, " * n).strip())


CASES = {
    "citations": (citations, 10_000),
    "long-word": (long_word, 399_000),
    "header": (header, 100_000),
    "emphasis": (emphasis, 99_000),
    "unclosed": (unclosed, 79_000),
}


def run_child(course: Path, look: str, only: str, timeout: float) -> dict:
    """Return the child's timings for one course and one output kind ('validate' draws nothing)."""
    with tempfile.TemporaryDirectory() as out:
        try:
            res = subprocess.run([sys.executable, "-c", _CHILD, str(course), out, only, look],
                                 capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"error": f"still running after {timeout:.0f} s"}
    if res.returncode != 0:
        return {"error": (res.stderr.strip().splitlines() or ["exit %d" % res.returncode])[-1]}
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the issue's sizes")
    parser.add_argument("--case", choices=sorted(CASES), action="append", help="only this case (repeatable)")
    parser.add_argument("--only", choices=("validate", "handouts", "decks"), action="append",
                        help="only this step (repeatable)")
    parser.add_argument("--timeout", type=float, default=300, help="give up on one run after this many seconds")
    args = parser.parse_args()
    steps = args.only or ["validate", "handouts", "decks"]
    print(f"{'case':<10} {'step':<9} {'n':>8} {'seconds':>8} {'10n':>9} {'seconds':>8} {'ratio':>6} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.case or list(CASES):
            make, full = CASES[name]
            big = full // 10 if args.quick else full
            small = big // 10
            paths = {}
            for n in (small, big):
                folder = Path(tmp) / f"{name}-{n}"
                (folder / "course").mkdir(parents=True)
                made = make(n)
                course, layout = made if isinstance(made, tuple) else (made, "")
                (folder / "course" / "course.yaml").write_text(course, encoding="utf-8")
                look = "handout-a4"
                if layout:
                    look = str(folder / "layout.yaml")
                    Path(look).write_text(layout, encoding="utf-8")
                paths[n] = (folder / "course", look)
            for step in steps:
                results = [run_child(*paths[n], step, args.timeout) for n in (small, big)]
                if any("error" in r for r in results):
                    print(f"{name:<10} {step:<9} failed: {next(r['error'] for r in results if 'error' in r)}")
                    continue
                key = "load" if step == "validate" else "draw"
                a, b = results[0][key], results[1][key]
                print(f"{name:<10} {step:<9} {small:>8,} {a:8.2f} {big:>9,} {b:8.2f} {b / max(a, 1e-3):6.1f} "
                      f"{results[1]['peak_mb']:8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
