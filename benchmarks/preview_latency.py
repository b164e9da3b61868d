"""`scrnews preview` speed: save-to-reload-event latency, and the PDF in preview vs bare WeasyPrint.

    python benchmarks/preview_latency.py [--saves N] [--pdf-runs N]

Latency is measured as a page sees it: an event stream is open and waiting, the issue file is
saved, and the clock stops when the `reload` event arrives (so it includes the watcher's wait,
loading, validating and rendering the page). Half the saves write the file in place, half
write a temporary file and rename it over the issue, as many editors do.

The PDF comparison changes the issue, then times GET /issue-2/issue-2.pdf from the running
preview against a warm in-process pdf.html_to_pdf of the same HTML with the same arguments,
interleaved in one process. Goals (issue #5): median <= 150 ms, p95 <= 300 ms, PDF <= 1.1x.
"""

from __future__ import annotations

import argparse
import http.client
import logging
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from scrnews.preview import start_preview

ROOT = Path(__file__).resolve().parent.parent

HEADING = "Serious Case Reviews – Sharing Learning"


def open_stream(port: int, token: str) -> http.client.HTTPResponse:
    """An event stream for issue-2, connected and waiting (the headers have arrived)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", f"/__scrnews__/events?stem=issue-2&v={token}")
    return conn.getresponse()


def wait_reload(response: http.client.HTTPResponse) -> str:
    while True:
        line = response.fp.readline().decode()
        if not line:
            raise RuntimeError("event stream closed without a reload")
        if line.startswith("data: ") and line.strip() != "data:":
            return line[len("data: ") :].strip()


def save(issue: Path, text: str, atomic: bool) -> None:
    if atomic:
        temp = issue.with_name(f".{issue.name}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, issue)
    else:
        issue.write_text(text, encoding="utf-8")


def latencies(preview, issue: Path, original: str, saves: int) -> dict[str, list[float]]:
    token = preview.session.token("issue-2")
    times: dict[str, list[float]] = {"in place": [], "temp + rename": []}
    for n in range(saves):
        atomic = n % 2 == 1
        stream = open_stream(preview.server.port, token)
        started = time.perf_counter()
        save(issue, original.replace(HEADING, f"Saved {n}"), atomic)
        token = wait_reload(stream)
        times["temp + rename" if atomic else "in place"].append(time.perf_counter() - started)
        stream.close()
        time.sleep(0.15)  # an editor's saves are at least this far apart
    return times


def get_pdf(port: int) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", "/issue-2/issue-2.pdf")
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200 or not body.startswith(b"%PDF-"):
        raise RuntimeError(f"PDF request failed: {response.status} {body[:200]!r}")
    return body


def pdf_times(preview, issue: Path, original: str, runs: int) -> dict[str, list[float]]:
    from scrnews.pdf import html_to_pdf

    state = preview.session.issues["issue-2"]
    get_pdf(preview.server.port)  # warm both: imports, fonts, caches
    html_to_pdf(state.good.pdf_call[0], **state.good.pdf_call[1])
    times: dict[str, list[float]] = {"preview": [], "weasyprint": []}
    for n in range(runs):
        token = preview.session.token("issue-2")
        stream = open_stream(preview.server.port, token)
        save(issue, original.replace(HEADING, f"PDF run {n}"), atomic=True)
        wait_reload(stream)
        stream.close()
        html, kwargs = state.good.pdf_call  # the same HTML and arguments the preview uses
        order = ["preview", "weasyprint"] if n % 2 == 0 else ["weasyprint", "preview"]
        for name in order:  # alternate who goes first with the new HTML
            started = time.perf_counter()
            get_pdf(preview.server.port) if name == "preview" else html_to_pdf(html, **kwargs)
            times[name].append(time.perf_counter() - started)
    return times


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def row(name: str, samples: list[float], goal: str = "") -> str:
    return (
        f"  {name:<34} n={len(samples):<3} median {statistics.median(samples) * 1000:7.0f} ms"
        f"   p95 {p95(samples) * 1000:7.0f} ms   max {max(samples) * 1000:7.0f} ms   {goal}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--pdf-runs", type=int, default=8)
    args = parser.parse_args()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "issues", work / "issues")
        if (ROOT / "scrnews.yaml").exists():
            shutil.copy(ROOT / "scrnews.yaml", work / "scrnews.yaml")
        os.chdir(work)
        issue = work / "issues" / "issue-2.yaml"
        original = issue.read_text(encoding="utf-8")  # each save changes HEADING in this text
        preview = start_preview([issue], port=0)
        preview.serve_in_thread()
        try:
            saves = latencies(preview, issue, original, args.saves)
            pdf = pdf_times(preview, issue, original, args.pdf_runs)
        finally:
            preview.close()
    every = [t for samples in saves.values() for t in samples]
    print(f"scrnews preview, issue 2 ({os.cpu_count()} CPUs, shared)")
    print("Save -> reload event (page's event stream open and waiting):")
    for name, samples in saves.items():
        print(row(f"save, {name}", samples))
    print(row("all saves", every, "goal: median <= 150 ms, p95 <= 300 ms"))
    print("PDF after a change (interleaved):")
    print(row("GET /issue-2/issue-2.pdf (preview)", pdf["preview"]))
    print(row("html_to_pdf, same HTML, warm", pdf["weasyprint"]))
    ratio = statistics.median(pdf["preview"]) / statistics.median(pdf["weasyprint"])
    print(f"  preview PDF / warm WeasyPrint: {ratio:.2f}x   goal <= 1.1x")


if __name__ == "__main__":
    main()
