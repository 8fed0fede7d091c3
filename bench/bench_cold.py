"""Benchmark: the first build on a machine with an empty font cache against a warm build.

Issue 9 asks that a teacher's first `histdocs build` of the bundled course cost at most 1.3×
a warm one. Each round builds the bundled course (handouts and decks) with `histdocs build`
in a fresh process and a new, empty cache folder (cold), then again in another fresh process
with the cache that run left behind (warm). Wall time includes interpreter start-up: it is what
the teacher waits for; the CPU seconds of the build process are printed too, as they vary less
on a shared machine. The ratios are the median cold time over the median warm time.

    python bench/bench_cold.py              # 3 rounds
    python bench/bench_cold.py --rounds 1   # one cold and one warm build
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed_build(cache: Path, out: Path) -> tuple[float, float]:
    """Return (wall, CPU) seconds of one `histdocs build` of the bundled course in a fresh process."""
    env = dict(os.environ, HISTDOCS_CACHE=str(cache))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "histdocs", "build", "-q", "-o", str(out)],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="cold+warm pairs to run (default 3)")
    args = parser.parse_args()
    cold: list[tuple[float, float]] = []
    warm: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.rounds):
            cache = Path(tmp) / f"cache-{n}"  # new and empty: as on a machine histdocs never ran on
            cold.append(timed_build(cache, Path(tmp) / f"cold-{n}"))
            warm.append(timed_build(cache, Path(tmp) / f"warm-{n}"))
            print(f"round {n + 1}: cold {cold[-1][0]:6.2f} s ({cold[-1][1]:.2f} s CPU)   "
                  f"warm {warm[-1][0]:6.2f} s ({warm[-1][1]:.2f} s CPU)", flush=True)
    for i, what in ((0, "wall"), (1, "CPU")):
        c, w = statistics.median(r[i] for r in cold), statistics.median(r[i] for r in warm)
        print(f"bundled course, whole build, {what}: cold {c:.2f} s, warm {w:.2f} s, "
              f"cold/warm = {c / w:.2f} (goal ≤ 1.30)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
