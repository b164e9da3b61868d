"""Archive builds: wall time and CPU of every process at each --jobs; incremental rebuilds.

Whole-process figures of `scrnews build`, so Python start-up and imports count. CPU seconds
are those of scrnews and every process it started (its render process and workers are
waited for, so the kernel adds their time to its own). The machine is shared and noisy:
compare the ratios, which are taken within one run from interleaved builds.

    python benchmarks/archive.py [--runs N] [--sizes 4,12,64]

Goals: issue #19: on the 4-issue archive the CPU at --jobs 4 at most 1.10x that at --jobs 1;
on the 12-issue archive --jobs 2 at least 1.9x faster than --jobs 1; the serial parts
(reading the issues before any PDF, writing the site after the last) at most 5 % of a
64-issue build. Issue #6: a no-change rebuild at most 0.5 s; one issue changed at most
1.3x a single-issue build.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
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
CPUS = os.cpu_count() or 1


def run(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system, every process) and stderr of one build."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [SCRNEWS, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join(done.stderr.decode(errors="replace").splitlines()[-20:])
        raise SystemExit(f"scrnews {' '.join(args)} ended with {done.returncode} in {cwd}:\n{tail}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stderr.decode()


def job_counts(size: int) -> list[int]:
    """1, 2, and every count up to the CPUs; 4 too on the 4-issue archive (the goal's)."""
    counts = sorted({1, 2, *range(3, CPUS + 1), *([4] if size == 4 else [])})
    return [j for j in counts if j <= max(size, 2)]


def cold(size: int, runs: int) -> dict[int, list[tuple[float, float, str]]]:
    """Cold builds of a size-issue archive at each job count, interleaved, `runs` rounds."""
    results: dict[int, list[tuple[float, float, str]]] = {j: [] for j in job_counts(size)}
    with tempfile.TemporaryDirectory(prefix="scrnews-bench-") as tmp:
        work = Path(tmp)
        write_archive(work, size)
        run(["-q", "build", "issues/issue-1.yaml", "--out", "warm-up"], work)
        for n in range(runs):
            for jobs in results:
                out = f"cold-{jobs}-{n}"
                args = ["-v", "build", "--drafts", "--jobs", str(jobs), "--out", out]
                results[jobs].append(run(args, work))
                shutil.rmtree(work / out)
    return results


def report(size: int, results: dict[int, list[tuple[float, float, str]]]) -> dict[int, tuple]:
    med = statistics.median
    print(f"\n{size}-issue archive, cold, HTML + PDF ({CPUS} CPUs; medians of {len(results[1])})")
    print(
        f"  {'jobs':>4} {'wall s':>8} {'CPU s':>8} {'CPU/issue':>10} {'speed-up':>9} "
        f"{'CPU ratio':>10} {'cores busy':>11}"
    )
    one_wall, one_cpu = med(r[0] for r in results[1]), med(r[1] for r in results[1])
    figures = {}
    for jobs, samples in results.items():
        wall, cpu = med(r[0] for r in samples), med(r[1] for r in samples)
        figures[jobs] = (wall, cpu, samples)
        print(
            f"  {jobs:>4} {wall:8.2f} {cpu:8.2f} {cpu / size:10.3f} {one_wall / wall:8.2f}x "
            f"{cpu / one_cpu:9.2f}x {cpu / wall:11.2f}"
        )
    return figures


def serial(stderr: str) -> tuple[float, float] | None:
    """Seconds before the first PDF can start and after the last, from the build's -v lines:
    reading and planning the issues overlaps the render process's warm-up, so the longer of
    the two; then writing the site (index, feed, manifest, the swap)."""
    found = re.search(
        r"timing: issues read and planned in ([\d.]+) s, made in ([\d.]+) s, "
        r"site written in ([\d.]+) s",
        stderr,
    )
    if not found:
        return None
    warm = re.search(r"WeasyPrint imported and warmed up in ([\d.]+) s", stderr)
    before = max(float(found[1]), float(warm[1]) if warm else 0.0)
    return before, float(found[3])


def incremental(runs: int) -> None:
    med = statistics.median
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_archive(work, 12)
        run(["-q", "build", "--out", "out"], work)
        unchanged = [run(["-q", "build", "--out", "out"], work)[0] for _ in range(5)]
        changed, single = [], []
        for n in range(max(runs, 3)):
            write_issue(work / "issues", 6, title=f"Edited {n}")
            changed.append(run(["-q", "build", "--out", "out"], work)[0])
            shutil.rmtree(work / "single", ignore_errors=True)
            single.append(run(["-q", "build", "issues/issue-6.yaml", "--out", "single"], work)[0])
    print("\n12-issue archive, incremental (medians, seconds)")
    print(f"  no-change rebuild              {med(unchanged):6.2f}   goal <= 0.5 s")
    print(f"  one issue changed              {med(changed):6.2f}")
    print(f"  single-issue build             {med(single):6.2f}")
    print(f"  changed / single               {med(changed) / med(single):6.2f}x  goal <= 1.3x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold builds of each kind")
    parser.add_argument("--sizes", default="4,12,64", help="archive sizes, comma-separated")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    figures = {}
    for size in sizes:
        runs = args.runs if size <= 12 else max(1, args.runs - 1)
        figures[size] = report(size, cold(size, runs))
    print("\nGoals (issue #19)")
    if 4 in figures and 4 in figures[4]:
        ratio = figures[4][4][1] / figures[4][1][1]
        print(f"  4 issues: CPU --jobs 4 / --jobs 1       {ratio:5.2f}x  goal <= 1.10x")
    if 12 in figures:
        speed = figures[12][1][0] / figures[12][2][0]
        print(f"  12 issues: speed-up --jobs 2 / --jobs 1 {speed:5.2f}x  goal >= 1.9x")
    biggest = max(sizes)
    for jobs in (1, 2):
        timings = [t for t in (serial(s[2]) for s in figures[biggest][jobs][2]) if t]
        if timings:
            before = statistics.median(t[0] for t in timings)
            after = statistics.median(t[1] for t in timings)
            share = 100 * (before + after) / figures[biggest][jobs][0]
            print(
                f"  {biggest} issues, --jobs {jobs}: before the first PDF {before:.2f} s, after "
                f"the last {after:.2f} s: {share:.1f} % of the build  goal <= 5 %"
            )
    incremental(args.runs)


if __name__ == "__main__":
    main()
