"""A bilingual issue's build against the build of its English page and PDF alone.

The bilingual build makes two pages, two PDFs and the PDF with both languages (about four
PDFs' worth of layout); the English build one page and one PDF. Whole-process wall times
(start-up and imports count), interleaved, medians, of this checkout's scrnews.

    python benchmarks/bilingual.py [--runs N]

Goal (issue #12): the bilingual build at most 2.3x the English page and PDF alone.
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

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "issues" / "glannau-2024-q3.yaml"
GOAL = 2.3


def english_alone(path: Path) -> str:
    """The example as an English-only issue: every {cy, en} text replaced by its English."""
    sys.path.insert(0, str(ROOT))
    from scrnews.languages import edition
    from scrnews.load import load_document

    data = edition(load_document(path), "en-GB").data
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def wall(args: list[str], cwd: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "scrnews", "-q", "build", *args],
        cwd=cwd,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy(EXAMPLE, work / "bilingual.yaml")
        (work / "english.yaml").write_text(english_alone(EXAMPLE), encoding="utf-8")
        commands = {
            "english": ["english.yaml"],
            "side-by-side": ["bilingual.yaml", "--bilingual", "side-by-side"],
            "back-to-back": ["bilingual.yaml", "--bilingual", "back-to-back"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for args in commands.values():
            wall(args, work)  # warm-up: caches, bytecode
        for _ in range(runs):
            for name, args in commands.items():
                times[name].append(wall(args, work))
    english = statistics.median(times["english"])
    print(
        f"Bilingual build of {EXAMPLE.name} ({runs} runs each, interleaved; {os.cpu_count()} CPUs)"
    )
    for name, samples in times.items():
        print(f"  {name:<14} median {statistics.median(samples) * 1000:7.0f} ms")
    for name in ("side-by-side", "back-to-back"):
        ratio = statistics.median(times[name]) / english
        print(f"  {name} / English alone: {ratio:.2f}x   goal <= {GOAL}x")


if __name__ == "__main__":
    main()
