"""Benchmark: loading a course through libyaml's C parser against the pure-Python parser.

Both runs use the same checks; only the YAML parser differs (the pure-Python parser is what
every load used before, and what still reports problems). Prints, for the bundled course and
a generated 10,000-event course, the best of a few loads each way and the ratio, for reading
the YAML alone and for the whole `load_course` (YAML plus every check of the course format).
Loads alternate between the two parsers and are timed in CPU seconds of this process, so other
work on a shared machine disturbs both sides alike.

    python bench/bench_load.py            # bundled course and 10,000 events
    python bench/bench_load.py --quick    # bundled course and 1,000 events
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "src"))

from bench_build import generate_course  # noqa: E402

from histdocs import yamlsource  # noqa: E402
from histdocs.load import load_course  # noqa: E402


def best_of_each(runs: int, work: Callable[[], object]) -> dict[bool, float]:
    """Return the fastest CPU time of `work()` without and with libyaml, runs alternating."""
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(runs):
        for fast in (False, True):
            yamlsource.USE_LIBYAML = fast
            started = time.process_time()
            work()
            times[fast].append(time.process_time() - started)
    yamlsource.USE_LIBYAML = yamlsource.HAS_LIBYAML
    return {fast: min(found) for fast, found in times.items()}


def read_all(folder: Path) -> None:
    for path in sorted(folder.glob("*.yaml")):
        read = yamlsource.read_yaml(path)
        assert read.tree is not None and not read.problems, read.problems


def compare(name: str, folder: Path, runs: int) -> None:
    """Print the load times of `folder` with and without libyaml, and their ratio."""
    for what, work in (("YAML only", lambda: read_all(folder)), ("load_course", lambda: load_course(folder))):
        timings = best_of_each(runs, work)
        print(f"{name:<22} {what:<12} pure {timings[False]:7.3f} s   libyaml {timings[True]:7.3f} s CPU   "
              f"pure/libyaml {timings[False] / timings[True]:5.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 generated events instead of 10,000")
    args = parser.parse_args()
    if not yamlsource.HAS_LIBYAML:
        print("PyYAML was built without libyaml: there is nothing to compare")
        return 1
    compare("bundled course", REPO / "data" / "azerbaijan-1988-1994", runs=5)
    events = 1000 if args.quick else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        compare(f"{events:,} events", generate_course(Path(tmp) / "course", events), runs=3)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
