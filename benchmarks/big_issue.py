"""A 200-page issue: how long `scrnews build` takes and how much memory it needs (goal: 400 MB).

The issue is made here (articles of plain paragraphs, a table in every tenth), built by the
real command in a child process, and the memory of the whole process tree (the build and its
PDF worker) is sampled from /proc every 20 ms; the largest single process is reported too.

    python benchmarks/big_issue.py [--articles N]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MB = 400
WORDS = [
    "practitioners",
    "assessment",
    "referral",
    "family",
    "neglect",
    "review",
    "learning",
    "agencies",
    "child",
    "school",
    "health",
    "police",
    "social",
    "care",
    "safeguarding",
    "partnership",
    "concerns",
    "escalation",
    "supervision",
    "home",
    "visit",
    "mother",
    "father",
    "plan",
    "support",
    "outcome",
    "meeting",
    "information",
    "sharing",
    "professional",
]


def paragraph(seed: int, words: int = 90) -> str:
    text = " ".join(WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(words))
    return text[0].upper() + text[1:] + "."


def issue_text(articles: int) -> str:
    lines = ["board:", "  name: Example Safeguarding Children Partnership", "number: 200"]
    lines += ["date: 2024-06", "articles:"]
    for n in range(articles):
        body = "\n\n".join(paragraph(n * 10 + p) for p in range(9))
        lines += [f"  - heading: Learning from review {n + 1}", "    text: |"]
        lines += [f"      {line}" if line else "" for line in body.splitlines()]
        lines += ["    author: A. Reviewer", "    role: Independent reviewer"]
    lines += ["sections:"]
    for n in range(0, articles, 10):
        lines += [f"  - heading: Actions from reviews {n + 1} to {n + 10}", "    table:"]
        lines += ["      caption: What the reviews asked for", "      header: [Action, Owner, Due]"]
        lines += ["      rows:"]
        lines += [f"        - [Action {n + r + 1}, Health, 2024-0{r % 9 + 1}]" for r in range(12)]
    return "\n".join(lines) + "\n"


def tree_rss(root: int) -> int:
    """Resident bytes of root and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(found.group(1)) * 1024 if found else 0
    return total


def build(folder: Path) -> tuple[float, int, int, str]:
    """(seconds, peak bytes of the process tree, largest process's bytes, the command's log)."""
    scrnews = [sys.executable, "-m", "scrnews", "build", "big.yaml"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    child = subprocess.Popen(scrnews, cwd=folder, env=env, stderr=subprocess.PIPE, text=True)
    peak = 0
    while child.poll() is None:
        peak = max(peak, tree_rss(child.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    log = child.stderr.read()
    if child.returncode:
        raise SystemExit(f"the build failed:\n{log}")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return seconds, peak, largest, log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles", type=int, default=118, help="about 1.7 pages each (118: about 200 pages)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "big.yaml").write_text(issue_text(args.articles), encoding="utf-8")
        seconds, peak, largest, log = build(folder)
        pages = re.search(r"\((\d+) pages\)", log)
        size = (folder / "out" / "big" / "big.pdf").stat().st_size
    mb = 1024 * 1024
    verdict = "within" if peak <= GOAL_MB * mb else "OVER"
    print(
        f"  {pages.group(1) if pages else '?'}-page issue ({args.articles} articles, PDF "
        f"{size / mb:.1f} MB): built in {seconds:.1f} s; peak memory of the build and its PDF "
        f"worker together {peak / mb:.0f} MB ({verdict} the {GOAL_MB} MB goal), largest single "
        f"process {largest / mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
