"""What the email edition adds to a build of issue 2, as a ratio to the HTML+PDF build (goal <= 0.15).

Two measures, each a ratio of medians from the same run (the machine is shared and noisy):

- in one process, warm: making the email edition (links, HTML with inlined CSS, plain text,
  .eml) against rendering the web page and the PDF, interleaved;
- whole processes: `scrnews build -f html,pdf,email` minus `scrnews build -f html,pdf`, against
  the latter (this includes importing css-inline and the email package).

    python benchmarks/email_edition.py [--runs N]
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
BASE = "https://www.example-scp.org.uk/newsletter/"
GOAL = 0.15


def in_process(runs: int) -> tuple[list[float], list[float]]:
    """(email edition, HTML+PDF) seconds per run, after a warm-up of each."""
    sys.path.insert(0, str(ROOT))
    from scrnews.build import load_issue, render_issue
    from scrnews.mail import edition_links, make_edition
    from scrnews.pdf import WarmRenderer
    from scrnews.templates import make_environment

    loaded = load_issue(ROOT / "issues" / "issue-2.yaml")
    target = Path(tempfile.gettempdir()) / "issue-2"

    def email() -> None:
        env = make_environment()
        make_edition(loaded, env, edition_links(loaded, BASE))

    email_times, both_times = [], []
    with WarmRenderer() as make_pdf:

        def both() -> None:
            render_issue(loaded, target, formats=("html", "pdf"), make_pdf=make_pdf)

        email(), both()
        for _ in range(runs):
            for job, times in ((email, email_times), (both, both_times)):
                start = time.perf_counter()
                job()
                times.append(time.perf_counter() - start)
    return email_times, both_times


def whole(runs: int) -> tuple[list[float], list[float]]:
    """(html,pdf,email builds, html,pdf builds) seconds, interleaved, after a warm-up."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "issues", work / "issues")
        shutil.copy(ROOT / "scrnews.yaml", work / "scrnews.yaml")
        build = [SCRNEWS, "-q", "build", "issues/issue-2.yaml", "--base-url", BASE, "-f"]
        commands = {"with": [*build, "html,pdf,email"], "without": [*build, "html,pdf"]}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for cmd in commands.values():
            subprocess.run(cmd, cwd=work, check=True)
        for _ in range(runs):
            for name, cmd in commands.items():
                start = time.perf_counter()
                subprocess.run(cmd, cwd=work, check=True)
                times[name].append(time.perf_counter() - start)
    return times["with"], times["without"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = max(5, parser.parse_args().runs)
    email, both = in_process(runs)
    with_email, without = whole(runs)
    med = statistics.median
    print(f"Email edition of issue 2 ({runs} runs each, interleaved; {os.cpu_count()} CPUs)")
    ratio = med(email) / med(both)
    print(
        f"  in one process: email edition {med(email) * 1000:6.0f} ms, HTML+PDF "
        f"{med(both) * 1000:6.0f} ms   {ratio:.3f}x   goal <= {GOAL}x "
        f"{'ok' if ratio <= GOAL else 'OVER GOAL'}"
    )
    added = med(with_email) - med(without)
    ratio = added / med(without)
    print(
        f"  whole builds:   html,pdf,email {med(with_email) * 1000:6.0f} ms, html,pdf "
        f"{med(without) * 1000:6.0f} ms, added {added * 1000:5.0f} ms   {ratio:.3f}x   "
        f"goal <= {GOAL}x {'ok' if ratio <= GOAL else 'OVER GOAL'}"
    )


if __name__ == "__main__":
    main()
