"""Build time of each PDF profile as a ratio to the screen profile (goal <= 1.2x).

Whole-process builds of issue 2 (PDF only), interleaved so a noisy shared machine slows every
profile alike; one warm-up each, then the median of --runs (at least 5) from the same run.

    python benchmarks/profiles.py [--runs N]
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
SCRNEWS = str(Path(sys.executable).parent / "scrnews")
GOAL = 1.2

PROFILES = {
    "screen (PDF/UA-1)": ["--profile", "screen"],
    "print (bleed, marks, 300 dpi check)": ["--profile", "print"],
    "print --pdf-variant pdf/x-4": ["--profile", "print", "--pdf-variant", "pdf/x-4"],
    "archive (PDF/A-2a + UA-1)": ["--profile", "archive"],
}


def wall(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = max(5, parser.parse_args().runs)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "issues", work / "issues")
        shutil.copy(ROOT / "scrnews.yaml", work / "scrnews.yaml")
        commands = {
            name: [
                SCRNEWS,
                "-q",
                "build",
                "issues/issue-2.yaml",
                "-f",
                "pdf",
                "-o",
                f"out-{i}",
                *args,
            ]
            for i, (name, args) in enumerate(PROFILES.items())
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for cmd in commands.values():
            wall(cmd, work)
        for _ in range(runs):
            for name, cmd in commands.items():
                times[name].append(wall(cmd, work))
    base = statistics.median(times["screen (PDF/UA-1)"])
    print(f"PDF profiles, issue 2 ({runs} runs each, interleaved; {os.cpu_count()} CPUs)")
    for name, samples in times.items():
        median = statistics.median(samples)
        verdict = (
            "" if name.startswith("screen") else ("ok" if median / base <= GOAL else "OVER GOAL")
        )
        print(
            f"  {name:<38} median {median * 1000:7.0f} ms   {median / base:5.2f}x screen   "
            f"goal <= {GOAL}x {verdict}"
        )


if __name__ == "__main__":
    main()
