"""`scrnews check` over the 12-issue archive against `scrnews check` of one of its issues.

Whole-process wall times (Python start-up and imports count), interleaved, medians: the
rules are compiled once per process, so eleven more issues should add little.

    python benchmarks/check.py [--runs N]

Goal (issue #14): the archive at most 1.5x one issue.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from archive_factory import write_archive  # noqa: E402

SCRNEWS = str(Path(sys.executable).parent / "scrnews")
COUNT = 12


def wall(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [SCRNEWS, "-q", *args],
        cwd=cwd,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_archive(work, COUNT)
        commands = {"one": ["check", "issues/issue-6.yaml"], "all": ["check"]}
        for command in commands.values():  # warm-up: file cache, .pyc
            wall(command, work)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(wall(command, work))
    one, every = statistics.median(times["one"]), statistics.median(times["all"])
    print(f"scrnews check ({args.runs} runs each, interleaved; {os.cpu_count()} CPUs; medians)")
    print(f"  one issue                    {one * 1000:6.0f} ms")
    print(f"  the {COUNT}-issue archive        {every * 1000:6.0f} ms")
    print(f"  archive / one issue          {every / one:6.2f}x  goal <= 1.5x")


if __name__ == "__main__":
    main()
