"""A 12-issue archive: cold --jobs 2 vs --jobs 1, a no-change rebuild, one issue changed.

Whole-process wall times of `scrnews build`, so Python start-up and imports count. The
machine is shared and noisy: compare the ratios, which are taken within one run.

    python benchmarks/archive.py [--runs N]

Goals (issue #6): cold --jobs 2 at least 1.6x faster than --jobs 1; a no-change rebuild
at most 0.5 s; one issue changed at most 1.3x a single-issue build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from archive_factory import write_archive, write_issue  # noqa: E402

SCRNEWS = str(Path(sys.executable).parent / "scrnews")
COUNT = 12


def wall(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([SCRNEWS, "-q", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def cold(work: Path, jobs: int, runs: int) -> list[float]:
    times = []
    for n in range(runs):
        out = work / f"cold-{jobs}-{n}"
        times.append(wall(["build", "--jobs", str(jobs), "--out", str(out)], work))
        shutil.rmtree(out)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=2, help="cold builds of each kind (interleaved)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_archive(work, COUNT)
        wall(["build", "issues/issue-1.yaml", "--out", "warm-up"], work)  # compile templates once

        one, two = [], []
        for _ in range(args.runs):  # interleaved, so load from others hits both alike
            one += cold(work, 1, 1)
            two += cold(work, 2, 1)

        wall(["build", "--out", "out"], work)
        unchanged = [wall(["build", "--out", "out"], work) for _ in range(5)]

        changed, single = [], []
        for n in range(3):
            write_issue(work / "issues", 6, title=f"Edited {n}")
            changed.append(wall(["build", "--out", "out"], work))
            shutil.rmtree(work / "single", ignore_errors=True)
            single.append(wall(["build", "issues/issue-6.yaml", "--out", "single"], work))

    med = statistics.median
    print(f"12-issue archive, HTML + PDF ({os.cpu_count()} CPUs; medians, seconds)")
    print(f"  cold --jobs 1                  {med(one):6.2f}   runs {fmt(one)}")
    print(f"  cold --jobs 2                  {med(two):6.2f}   runs {fmt(two)}")
    print(f"  speed-up --jobs 2 / --jobs 1   {med(one) / med(two):6.2f}x  goal >= 1.6x")
    runs = fmt(unchanged)
    print(f"  no-change rebuild              {med(unchanged):6.2f}   runs {runs}  goal <= 0.5 s")
    print(f"  one issue changed              {med(changed):6.2f}   runs {fmt(changed)}")
    print(f"  single-issue build             {med(single):6.2f}   runs {fmt(single)}")
    print(f"  changed / single               {med(changed) / med(single):6.2f}x  goal <= 1.3x")


def fmt(samples: list[float]) -> str:
    return " ".join(f"{s:.2f}" for s in samples)


if __name__ == "__main__":
    main()
