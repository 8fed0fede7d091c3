"""Benchmark: how long histdocs takes to build handouts and decks, and how that grows.

Prints, for the bundled course and for generated courses of 1,000 and 10,000 events:
seconds to load, seconds to draw the handouts and the decks, pages/slides made and peak memory,
each scenario in a fresh process (so start-up and memory are its own). Then compares building
decks with pandoc from the same content written as Markdown, when pandoc is installed.

    python bench/bench_build.py            # everything
    python bench/bench_build.py --quick    # bundled course and 1,000 events only
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_CHILD = r'''
import json, resource, sys, time, re
t0 = time.perf_counter()
import histdocs
from histdocs.build import plan_outputs
course_path, out, only = sys.argv[1], sys.argv[2], sys.argv[3]
course = histdocs.load_course(course_path)
t1 = time.perf_counter()
from pathlib import Path
outputs = plan_outputs(course, Path(out), only=only)
pages = 0
sizes = 0
for o in outputs:
    data = o.draw()
    sizes += len(data)
    if o.kind == "handout":
        pages += len(re.findall(rb"/Type /Page\b", data))
    else:
        import io, zipfile
        pages += sum(1 for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
t2 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load": t1 - t0, "draw": t2 - t1, "files": len(outputs), "pages": pages, "bytes": sizes, "peak_mb": peak}))
'''


def generate_course(folder: Path, n_events: int, n_periods: int = 10) -> Path:
    """Write a synthetic course of `n_events` events over `n_periods` periods (1900–1999)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "course:",
        f"  id: generated-{n_events}",
        f"  title: Generated course with {n_events} events",
        "  language: en",
        "sources:",
        "  - {id: src, type: book, author: ['Author, A.'], title: A Book of Facts, issued: 2000}",
        "places:",
        "  - {id: baku, name: Baku, native: Bakı, lat: 40.4, lon: 49.9}",
        "periods:",
    ]
    span = 100 // n_periods
    for p in range(n_periods):
        start, end = 1900 + p * span, 1900 + (p + 1) * span - 1
        lines += [
            f"  - id: period-{p + 1}",
            f"    title: Years {start}–{end}",
            f"    start: '{start}'",
            f"    end: '{end}'",
            "    summary: A generated unit.",
            "    questions: ['What changed?']",
        ]
    lines.append("events:")
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    for i in range(n_events):
        year = 1900 + (i * 100) // n_events
        month = months[i % 12]
        date = f"{(i % 27) + 1} {month} {year}" if i % 3 else f"{'early late mid'.split()[i % 3]} {year}"
        lines += [
            f"  - date: '{date}'",
            f"    title: Event number {i + 1} in Bakı",
            "    place: baku",
            f"    importance: {1 if i % 25 == 0 else 2}",
            "    summary: Something happened here that a student should know about, "
            f"with a source [@src, p. {i % 300 + 1}].",
            "    tags: [generated]",
        ]
    (folder / "course.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def long_prose_course(folder: Path, words: int, paragraphs: int) -> Path:
    """Write a one-event course whose `details` has `words` words in `paragraphs` paragraphs."""
    folder.mkdir(parents=True, exist_ok=True)
    per = max(1, words // paragraphs)
    sentence = "The assembly met again and argued long into the night about the new constitution"
    vocab = sentence.split()
    paras = [" ".join(vocab[(i + j) % len(vocab)] for j in range(per)) + "." for i in range(paragraphs)]
    body = "\n\n".join(paras)
    text = (
        "course: {id: long-prose, title: Long prose}\n"
        "periods:\n  - {id: p, title: One period, start: '1990', end: '1990'}\n"
        "events:\n  - date: '1990'\n    title: A very long account\n    details: |\n"
        + "\n".join("      " + line if line else "" for line in body.split("\n"))
        + "\n"
    )
    (folder / "course.yaml").write_text(text, encoding="utf-8")
    return folder


def run_child(course: Path, only: str) -> dict:
    with tempfile.TemporaryDirectory() as out:
        res = subprocess.run([sys.executable, "-c", _CHILD, str(course), out, only],
                             capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def markdown_for(course_path: Path) -> str:
    """Return the bundled course's events as a pandoc slide show (one slide per event)."""
    import histdocs

    course = histdocs.load_course(course_path)
    parts = [f"% {course.title}\n"]
    for period in course.periods:
        parts.append(f"# {period.title}\n")
        for event in course.events_in(period):
            parts.append(f"## {event.title}\n\n- {event.date}\n- {event.summary.plain() if event.summary else ''}\n")
            if event.details:
                parts.append(f"::: notes\n{event.details.plain()}\n:::\n")
    return "\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10,000-event course")
    args = parser.parse_args()
    from histdocs.resources import bundled_course

    sizes = [1000] if args.quick else [1000, 10000]
    with tempfile.TemporaryDirectory() as tmp:
        scenarios = [("bundled course", bundled_course())]
        scenarios += [(f"{n:,} events", generate_course(Path(tmp) / f"g{n}", n)) for n in sizes]
        print(f"{'course':<16} {'output':<9} {'load s':>7} {'draw s':>7} {'files':>5} {'pages':>6} {'s/page':>7} {'peak MB':>8}")
        results = {}
        for name, path in scenarios:
            for only in ("handouts", "decks"):
                r = run_child(path, only)
                results[(name, only)] = r
                per = r["draw"] / r["pages"] if r["pages"] else 0.0
                print(f"{name:<16} {only:<9} {r['load']:7.2f} {r['draw']:7.2f} {r['files']:5d} {r['pages']:6d} {per:7.4f} {r['peak_mb']:8.0f}")
        if len(sizes) == 2:
            for only in ("handouts", "decks"):
                a, b = results[("1,000 events", only)], results[("10,000 events", only)]
                print(f"growth 1k→10k events, {only}: draw time ×{b['draw'] / a['draw']:.1f} (linear would be ×10)")

        # Threat 5: one huge paragraph used to be quadratic (reportlab broke the rest of a split
        # paragraph's lines again on every page); now it takes what 400 paragraphs take.
        for paragraphs in (400, 1):
            path = long_prose_course(Path(tmp) / f"long{paragraphs}", 40_000, paragraphs)
            r = run_child(path, "handouts")
            print(f"40,000-word details in {paragraphs:>3} paragraph(s): {r['draw']:.2f} s, {r['pages']} pages")

        pandoc = shutil.which("pandoc")
        if pandoc:
            md = Path(tmp) / "course.md"
            md.write_text(markdown_for(bundled_course()), encoding="utf-8")
            t0 = time.perf_counter()
            subprocess.run([pandoc, str(md), "-o", str(Path(tmp) / "course.pptx")], check=True)
            pandoc_s = time.perf_counter() - t0
            ours = results[("bundled course", "decks")]
            total = ours["load"] + ours["draw"]
            print(f"pandoc, bundled course as one Markdown deck: {pandoc_s:.2f} s; histdocs decks (load+draw): "
                  f"{total:.2f} s; ratio histdocs/pandoc = {total / pandoc_s:.2f}")
        else:
            print("pandoc not installed (apt-get install pandoc): comparison skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
