"""A 7-minute briefing's build, fit check included, against bare WeasyPrint on its HTML.

Goal (issue #16): `scrnews build` of a briefing (PDF only) takes at most 1.3x
`weasyprint --pdf-variant pdf/ua-1` on the page it makes: at most one extra layout pass to
measure the fit. scrnews measures the panels in the layout of the PDF's own render, so it
lays the page out once; the in-process count below says so.

Whole processes, interleaved so a noisy shared machine slows both alike; one warm-up each,
then the median of --runs (at least 5) from the same run, for the grid and the clock layouts.

    python benchmarks/briefing.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GOAL = 1.3
BRIEFINGS = {"grid": "briefing-child-t", "clock": "briefing-was-not-brought"}


def wall(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds one command takes, start to exit, and the CPU seconds of all its processes."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def in_process(html: Path, path: Path, out: Path, runs: int) -> tuple[float, float]:
    """Median seconds of the PDF stage alone, warm, in this process: WeasyPrint's render and
    write of the page, against scrnews's render_issue (page, print.css, PDF, fit check)."""
    import weasyprint

    from scrnews.build import load_issue, render_issue

    loaded = load_issue(path)
    out.mkdir(parents=True, exist_ok=True)
    bare, ours = [], []
    for _ in range(runs + 1):  # the first of each warms the caches
        start = time.perf_counter()
        weasyprint.HTML(filename=str(html)).write_pdf(out / "bare.pdf", pdf_variant="pdf/ua-1")
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        render_issue(loaded, out / "ours", formats=("pdf",))
        ours.append(time.perf_counter() - start)
    return statistics.median(bare[1:]), statistics.median(ours[1:])


def layout_passes(path: Path, out: Path) -> int:
    """How many times WeasyPrint lays the page out in one build, fit check included (counted in
    this process: render_issue without a worker makes the PDF here)."""
    import weasyprint

    from scrnews.build import load_issue, render_issue

    calls = 0
    render = weasyprint.HTML.render

    def counting(self, *args, **kwargs):
        nonlocal calls
        calls += 1
        return render(self, *args, **kwargs)

    weasyprint.HTML.render = counting
    try:
        render_issue(load_issue(path), out, formats=("pdf",))
    finally:
        weasyprint.HTML.render = render
    return calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = max(5, parser.parse_args().runs)
    scrnews, weasyprint = str(BIN / "scrnews"), str(BIN / "weasyprint")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "examples", work, dirs_exist_ok=True)
        commands: dict[str, list[str]] = {}
        for layout, name in BRIEFINGS.items():
            subprocess.run([scrnews, "-q", "build", f"issues/{name}.yaml"], cwd=work, check=True)
            page = work / "out" / name / "index.html"
            commands[f"scrnews build ({layout})"] = [
                *(scrnews, "-q", "build", f"issues/{name}.yaml", "-f", "pdf", "-o", "bench")
            ]
            commands[f"weasyprint ({layout})"] = [
                *(weasyprint, "--pdf-variant", "pdf/ua-1", str(page), str(work / f"{layout}.pdf"))
            ]
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for cmd in commands.values():
            wall(cmd, work)
        for _ in range(runs):
            for name, cmd in commands.items():
                elapsed, used = wall(cmd, work)
                times[name].append(elapsed)
                cpu[name].append(used)
        passes = {
            layout: layout_passes(work / "issues" / f"{name}.yaml", work / "count")
            for layout, name in BRIEFINGS.items()
        }
        warm = {
            layout: in_process(
                work / "out" / name / "index.html",
                work / "issues" / f"{name}.yaml",
                work / "warm",
                runs,
            )
            for layout, name in BRIEFINGS.items()
        }
    print(
        f"7-minute briefing build vs bare WeasyPrint ({runs} runs each, interleaved; "
        f"{os.cpu_count()} CPUs)"
    )
    for name, samples in times.items():
        print(
            f"  {name:<28} median {statistics.median(samples) * 1000:6.0f} ms wall, "
            f"{statistics.median(cpu[name]) * 1000:6.0f} ms CPU (all processes)"
        )
    for layout in BRIEFINGS:
        ours, bare = f"scrnews build ({layout})", f"weasyprint ({layout})"
        ratio = statistics.median(times[ours]) / statistics.median(times[bare])
        cpu_ratio = statistics.median(cpu[ours]) / statistics.median(cpu[bare])
        verdict = "ok" if ratio <= GOAL else "OVER"
        warm_bare, warm_ours = warm[layout]
        print(
            f"  {layout}: build / weasyprint {ratio:.2f}x wall (goal <= {GOAL}x, {verdict}), "
            f"{cpu_ratio:.2f}x CPU; layout passes per build: {passes[layout]}; "
            f"PDF stage alone, warm: {warm_ours / warm_bare:.2f}x "
            f"({warm_ours * 1000:.0f} / {warm_bare * 1000:.0f} ms)"
        )


if __name__ == "__main__":
    main()
