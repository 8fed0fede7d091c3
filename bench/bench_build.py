"""Benchmark: histdocs beside pandoc on the bundled course, and how a build grows with events.

1. Whole course vs pandoc, side by side in one run: `histdocs build` of the bundled course
   (handouts and decks, one command, default --jobs and --jobs 1) and pandoc making the six
   period decks from equivalent Markdown (one pandoc per deck, one after another, as a script
   would), in alternating rounds so both see the same machine; prints the median seconds and
   the ratio histdocs/pandoc (issue 9 asks for at most 1.5).
2. Scale: generated courses of 1,000 and 10,000 events, handouts and decks each in their own
   `histdocs build --only …` process: seconds, pages or slides, peak memory of the largest
   process, and the 1k→10k growth (linear is ×10).
3. Timeline planning (label placement included) per timeline event, 1,000 vs 10,000 events.
4. One 40,000-word text in 400 paragraphs and in one (once quadratic, now as fast as 400).

    python bench/bench_build.py                # everything (a few minutes)
    python bench/bench_build.py --quick        # skip the 10,000-event course and the long text
    python bench/bench_build.py --rounds 9     # more rounds for the pandoc comparison

On a shared machine absolute seconds move with the load; compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HISTDOCS = [sys.executable, "-m", "histdocs"]


def _env() -> dict[str, str]:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH", "")]))
    return env


def run(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """Run a command to the end; return (wall seconds, CPU seconds, peak MB of its largest process).

    CPU and peak count the child and its waited-for descendants (the workers). CPU seconds
    move much less than wall seconds when other work shares the machine.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def count_pages(folder: Path) -> tuple[int, int]:
    """Return (PDF pages, slides) of everything built into `folder`."""
    pages = sum(len(re.findall(rb"/Type /Page\b", p.read_bytes())) for p in folder.rglob("*.pdf"))
    slides = 0
    for deck in folder.rglob("*.pptx"):
        with zipfile.ZipFile(deck) as z:
            slides += sum(1 for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
    return pages, slides


# ----------------------------------------------------------------------------- courses


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


def markdown_decks(course_path: Path, folder: Path) -> list[Path]:
    """Write one pandoc slide show per period with what a histdocs deck says.

    Title slide with the period summary, objectives, questions, one slide per event (date,
    place, summary; details and sources as speaker notes), the period's people as a table.
    """
    import histdocs

    course = histdocs.load_course(course_path)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for period in course.periods:
        parts = [f"% {period.title}\n% {course.title}\n"]
        if period.summary:
            parts.append(f"## {period.title}\n\n{period.summary.plain()}\n")
        if period.objectives:
            parts.append("## Learning objectives\n\n" + "\n".join(f"- {o.plain()}" for o in period.objectives) + "\n")
        if period.questions:
            parts.append("## Questions\n\n" + "\n".join(f"1. {q.plain()}" for q in period.questions) + "\n")
        people = {}
        for event in course.events_in(period):
            places = ", ".join(course.place(pid).name for pid in event.places)
            bullets = [f"- {event.date}" + (f", {places}" if places else "")]
            if event.summary:
                bullets.append(f"- {event.summary.plain()}")
            parts.append(f"## {event.title}\n\n" + "\n".join(bullets) + "\n")
            notes = [event.details.plain()] if event.details else []
            notes += [f"Source: {course.source(c.source).title} {c.locator}".rstrip() for c in event.cite]
            if notes:
                parts.append("::: notes\n" + "\n\n".join(notes) + "\n:::\n")
            for pid in event.people:
                people[pid] = course.person(pid)
        if people:
            rows = "\n".join(f"| {p.name} | {p.summary.plain() if p.summary else ''} |" for p in people.values())
            parts.append("## People\n\n| Name | Who |\n| --- | --- |\n" + rows + "\n")
        path = folder / f"{period.number:02d}-{period.id}.md"
        path.write_text("\n".join(parts), encoding="utf-8")
        paths.append(path)
    return paths


# ----------------------------------------------------------------------------- parts


def versus_pandoc(tmp: Path, rounds: int) -> None:
    """Time the whole bundled course beside pandoc's six decks, in alternating rounds."""
    pandoc = shutil.which("pandoc")
    if not pandoc:
        print("pandoc not installed (apt-get install pandoc): comparison skipped")
        return
    from histdocs.resources import bundled_course

    mds = markdown_decks(bundled_course(), tmp / "md")
    run(HISTDOCS + ["build", "-q", "-o", str(tmp / "warm")])  # fonts ready, files cached
    times: dict[str, list[tuple[float, float]]] = {"histdocs": [], "histdocs -j 1": [], "pandoc": []}
    for _ in range(rounds):
        times["histdocs"].append(run(HISTDOCS + ["build", "-q", "-o", str(tmp / "ours")])[:2])
        pandoc_runs = [run([pandoc, str(md), "-o", str(md.with_suffix(".pptx"))]) for md in mds]
        times["pandoc"].append((sum(r[0] for r in pandoc_runs), sum(r[1] for r in pandoc_runs)))
        times["histdocs -j 1"].append(run(HISTDOCS + ["build", "-q", "-j", "1", "-o", str(tmp / "ours1")])[:2])
    pages, slides = count_pages(tmp / "ours")
    _, pandoc_slides = count_pages(tmp / "md")
    wall = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"Whole bundled course, {rounds} alternating rounds on {cores} cores (medians):")
    print(f"  histdocs build (default --jobs): {wall['histdocs']:.2f} s wall, {cpu['histdocs']:.2f} s CPU "
          f"({pages} handout pages, {slides} slides)")
    print(f"  histdocs build --jobs 1:         {wall['histdocs -j 1']:.2f} s wall, {cpu['histdocs -j 1']:.2f} s CPU")
    print(f"  pandoc, six decks from Markdown: {wall['pandoc']:.2f} s wall, {cpu['pandoc']:.2f} s CPU ({pandoc_slides} slides)")
    for name in ("histdocs", "histdocs -j 1"):
        ratios = [a[0] / b[0] for a, b in zip(times[name], times["pandoc"])]
        cpus = [a[1] / b[1] for a, b in zip(times[name], times["pandoc"])]
        label = "default --jobs" if name == "histdocs" else "--jobs 1"
        print(f"  ratio histdocs ({label})/pandoc: wall {statistics.median(ratios):.2f} "
              f"(rounds {min(ratios):.2f}–{max(ratios):.2f}), CPU {statistics.median(cpus):.2f}")


def scale(tmp: Path, sizes: list[int]) -> None:
    """Build generated courses, handouts and decks apart; print time, pages, memory and growth."""
    print(f"{'course':<14} {'output':<9} {'jobs':>7} {'files':>5} {'pages':>6} {'wall s':>7} {'CPU s':>7} "
          f"{'CPU ms/page':>11} {'peak MB':>8}")
    results = {}
    for n in sizes:
        course = generate_course(tmp / f"g{n}", n)
        for only in ("handouts", "decks"):
            for jobs in ("1", "default"):
                out = tmp / f"out{n}{only}{jobs}"
                cmd = HISTDOCS + ["build", "-q", "--only", only, str(course), "-o", str(out)]
                if jobs == "1":
                    cmd[4:4] = ["-j", "1"]
                wall, cpu, peak = run(cmd)
                pages, slides = count_pages(out)
                made = pages if only == "handouts" else slides
                files = sum(1 for _ in out.rglob("*.p*"))
                results[(n, only, jobs)] = (wall, cpu)
                print(f"{n:>8,} ev.  {only:<9} {jobs:>7} {files:5d} {made:6d} {wall:7.2f} {cpu:7.2f} "
                      f"{1000 * cpu / max(1, made):11.1f} {peak:8.0f}")
                shutil.rmtree(out)
    if len(sizes) == 2:
        a, b = sizes
        for only in ("handouts", "decks"):
            for jobs in ("1", "default"):
                (wa, ca), (wb, cb) = results[(a, only, jobs)], results[(b, only, jobs)]
                print(f"growth {a:,}→{b:,} events, {only}, jobs {jobs}: wall ×{wb / wa:.1f}, CPU ×{cb / ca:.1f} "
                      f"(linear is ×{b // a})")


def timeline_growth(tmp: Path, sizes: list[int]) -> None:
    """Time the timeline planning (label placement included) inside the handout and deck plans.

    Every call of plan_timeline is timed (CPU seconds) while each period's handout and deck and
    the whole-course handout are planned; printed per 1,000 timeline events so growth shows.
    """
    import histdocs
    import histdocs.plan.deck as deck_plan
    import histdocs.plan.handout as handout_plan
    from histdocs.layouts import load_layout
    from histdocs.timeline import plan_timeline

    spent: list[tuple[int, int, float]] = []

    def timed(events, *args, **kwargs):  # noqa: ANN001, ANN202 - same signature as plan_timeline
        t0 = time.process_time()
        figures = plan_timeline(events, *args, **kwargs)
        spent.append((len(events), len(figures), time.process_time() - t0))
        return figures

    handout_plan.plan_timeline = deck_plan.plan_timeline = timed
    try:
        handout_look, deck_look = load_layout("handout-a4", kind="handout"), load_layout("deck-16x9", kind="deck")
        per = {}
        for n in sizes:
            course = histdocs.load_course(generate_course(tmp / f"g{n}", n))
            for kind in ("handouts", "decks"):
                spent.clear()
                if kind == "handouts":
                    for period in (*course.periods, None):
                        handout_plan.plan_handout(course, period, handout_look)
                else:
                    for period in course.periods:
                        deck_plan.plan_deck(course, period, deck_look)
                events, figures, cpu = (sum(x) for x in zip(*spent))
                per[(n, kind)] = cpu / events
                print(f"timeline planning, {n:>6,} events, {kind:<8}: {cpu:6.2f} s CPU for {events:>6,} timeline "
                      f"events in {figures:>4} figures ({1000 * cpu / events:.2f} ms an event)")
        if len(sizes) == 2:
            for kind in ("handouts", "decks"):
                print(f"timeline planning, {kind}: time per event ×{per[(sizes[1], kind)] / per[(sizes[0], kind)]:.2f} "
                      f"from {sizes[0]:,} to {sizes[1]:,} events (linear is ×1)")
    finally:
        handout_plan.plan_timeline = deck_plan.plan_timeline = plan_timeline


def long_text(tmp: Path) -> None:
    """Threat 5: one huge paragraph used to be quadratic (reportlab broke the rest of a split
    paragraph's lines again on every page); now it takes what 400 paragraphs take."""
    for paragraphs in (400, 1):
        course = long_prose_course(tmp / f"long{paragraphs}", 40_000, paragraphs)
        wall, _, _ = run(HISTDOCS + ["build", "-q", "--only", "handouts", str(course), "-o", str(tmp / "long")])
        print(f"40,000-word details in {paragraphs:>3} paragraph(s): {wall:.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10,000-event course and the long text")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the pandoc comparison (default 5)")
    parser.add_argument("--skip-pandoc", action="store_true", help="only the scale part")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if not args.skip_pandoc:
            versus_pandoc(tmp, args.rounds)
        scale(tmp, [1000] if args.quick else [1000, 10000])
        timeline_growth(tmp, [1000] if args.quick else [1000, 10000])
        if not args.quick:
            long_text(tmp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
