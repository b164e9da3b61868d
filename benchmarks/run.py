"""`make bench`: whole-process timings of the core build, then every other benchmark here.

Machines here are shared and noisy, so each comparison is a ratio of medians taken in
the same run, with the commands interleaved.

    python benchmarks/run.py [--runs N] [--only core]
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
BIN = Path(sys.executable).parent
ISSUE = ROOT / "issues" / "issue-2.yaml"


def wall(cmd: list[str], cwd: Path) -> float:
    """Seconds one command takes, start to exit."""
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def medians(commands: dict[str, list[str]], runs: int, cwd: Path) -> dict[str, list[float]]:
    """Run each command `runs` times, interleaved, after one warm-up each."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():
        wall(cmd, cwd)
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(wall(cmd, cwd))
    return times


def row(name: str, samples: list[float], goal: str = "") -> str:
    med = statistics.median(samples) * 1000
    p_hi = max(samples) * 1000
    return f"  {name:<44} median {med:7.0f} ms   max {p_hi:7.0f} ms   {goal}"


def project(work: Path, layout: str = "single") -> None:
    """A copy of the example project in work/, with the settings' layout set."""
    shutil.copytree(ROOT / "issues", work / "issues")
    settings = (ROOT / "scrnews.yaml").read_text(encoding="utf-8")
    (work / "scrnews.yaml").write_text(f"{settings}\nlayout: {layout}\n", encoding="utf-8")


def core(runs: int) -> None:
    scrnews = str(BIN / "scrnews")
    weasyprint = str(BIN / "weasyprint")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project(work)
        subprocess.run([scrnews, "-q", "build", "issues/issue-2.yaml"], cwd=work, check=True)
        html = work / "out" / "issue-2" / "index.html"
        times = medians(
            {
                "help": [scrnews, "--help"],
                # What the libraries alone cost to import: the floor under any HTML build.
                "floor": [
                    sys.executable,
                    "-c",
                    "import click, yaml, pydantic.main, jinja2.sandbox, markdown_it, linkify_it",
                ],
                "html": [scrnews, "-q", "build", "issues/issue-2.yaml", "--format", "html"],
                "both": [scrnews, "-q", "build", "issues/issue-2.yaml"],
                "check": [scrnews, "-q", "check", "issues/issue-2.yaml"],
                "weasyprint": [
                    weasyprint,
                    "--pdf-variant",
                    "pdf/ua-1",
                    str(html),
                    str(work / "x.pdf"),
                ],
            },
            runs,
            work,
        )
    print(f"Core build of issue 2 ({runs} runs each, interleaved; {os.cpu_count()} CPUs)")
    print(row("scrnews --help", times["help"], "goal <= 150 ms"))
    print(row("scrnews build --format html", times["html"], "goal <= 250 ms"))
    print(row("  floor: python importing the libraries only", times["floor"]))
    print(row("scrnews build (HTML + PDF)", times["both"]))
    print(row("weasyprint --pdf-variant pdf/ua-1 (same HTML)", times["weasyprint"]))
    print(row("scrnews check (read, validate, rules)", times["check"]))
    ratio = statistics.median(times["both"]) / statistics.median(times["weasyprint"])
    print(f"  build / bare weasyprint: {ratio:.2f}x   goal <= 1.15x")
    checked = statistics.median(times["check"]) / statistics.median(times["both"])
    print(f"  check / full build:      {checked:.2f}x   goal <= 0.30x")


def columns(runs: int) -> None:
    """The same comparison with `layout: columns` (two-column PDF body) in scrnews.yaml."""
    scrnews = str(BIN / "scrnews")
    weasyprint = str(BIN / "weasyprint")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project(work, "columns")
        subprocess.run([scrnews, "-q", "build", "issues/issue-2.yaml"], cwd=work, check=True)
        html = work / "out" / "issue-2" / "index.html"
        times = medians(
            {
                "both": [scrnews, "-q", "build", "issues/issue-2.yaml"],
                "weasyprint": [
                    weasyprint,
                    "--pdf-variant",
                    "pdf/ua-1",
                    str(html),
                    str(work / "x.pdf"),
                ],
            },
            runs,
            work,
        )
    print(f"\nTwo-column layout, issue 2 ({runs} runs each, interleaved)")
    print(row("scrnews build (HTML + PDF), layout: columns", times["both"]))
    print(row("weasyprint --pdf-variant pdf/ua-1 (same HTML)", times["weasyprint"]))
    ratio = statistics.median(times["both"]) / statistics.median(times["weasyprint"])
    print(f"  build / bare weasyprint: {ratio:.2f}x   goal <= 1.15x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", choices=["core"], help="run only the core benchmark")
    args = parser.parse_args()
    core(args.runs)
    columns(args.runs)
    if args.only:
        return
    for script in sorted(Path(__file__).parent.glob("*.py")):
        if script.name not in ("run.py", "__init__.py"):
            print(f"\n== {script.name}")
            sys.stdout.flush()
            subprocess.run([sys.executable, str(script)], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
