"""`scrnews import` of a 20-page Word document with 10 pictures, whole process.

Wall time of the command (Python start-up and imports count), medians of interleaved runs,
beside `scrnews --help` in the same run as the floor any command pays.

    python benchmarks/import_docx.py [--runs N]

Goal (issue #17): at most 2 s for the import.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from docx_factory import Word  # noqa: E402

SCRNEWS = str(Path(sys.executable).parent / "scrnews")
#: As an installed scrnews runs: with its compiled .pyc files (a shell that sets
#: PYTHONDONTWRITEBYTECODE would make every run compile scrnews's sources again).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
SECTIONS = 10
SENTENCE = (
    "Practitioners from health, education, police and children's social care met the family "
    "{n} times, and each agency held part of the picture of the child's daily life at home. "
)


def photo(seed: int) -> bytes:
    """A 1200 x 800 photograph-like JPEG (noise compresses as badly as a photo does)."""
    from PIL import Image

    image = Image.effect_noise((1200, 800), 40 + seed).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def twenty_pages(path: Path) -> Path:
    """About 20 A4 pages: 10 sections of 8 paragraphs, a nested list, a table, a picture."""
    word = Word()
    word.para("Learning from Reviews", style="Title")
    word.para("Issue 12 – Autumn 2024", style="Subtitle")
    for section in range(SECTIONS):
        word.heading(f"Section {section + 1}: what the review found")
        for n in range(8):
            paragraph = word.para(
                SENTENCE.format(n=n) * 3, ("Key point: ", "b"), ("see the child.", "i")
            )
            if n == 3:
                word.link(
                    paragraph, "the full review", f"https://example-scp.org.uk/review-{section}"
                )
                word.footnote(paragraph, f"Review {section + 1}, published 2024.")
        word.multilevel(
            [(0, "Hear the child"), (1, "Alone"), (2, "Every visit"), (0, "Check who lives there")]
        )
        table = word.doc.add_table(rows=4, cols=3)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                cell.text = f"Cell {r}.{c} of section {section + 1}"
        word.picture(photo(section), alt=f"Photograph {section + 1} from the learning event")
        word.heading("What to do next", 2)
        word.para(SENTENCE.format(n=section) * 3)
    return word.save(path)


def wall(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds, and CPU seconds (user + system) of the command's process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = twenty_pages(work / "twenty.docx")
        commands = {
            "import": [SCRNEWS, "-q", "import", str(source), "--force"],
            "help": [SCRNEWS, "--help"],
        }
        for command in commands.values():  # warm-up: file cache, .pyc
            wall(command, work)
        subprocess.run(
            [SCRNEWS, "-q", "build", "issues/twenty.yaml", "--format", "pdf"], cwd=work, check=True
        )
        pages = subprocess.run(
            ["pdfinfo", str(work / "out" / "twenty" / "twenty.pdf")], capture_output=True, text=True
        ).stdout
        page_count = next(
            (line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?"
        )
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                runs[name].append(wall(command, work))
        megabytes = source.stat().st_size / 1e6
    print(
        f"scrnews import of a {megabytes:.1f} MB document: {page_count} pages as built, "
        f"{SECTIONS} pictures ({args.runs} runs each, interleaved; {os.cpu_count()} CPUs; medians)"
    )
    for name, label, goal in [
        ("import", "scrnews import", "goal <= 2000 ms"),
        ("help", "scrnews --help (the floor)", ""),
    ]:
        wall_ms = statistics.median(w for w, _ in runs[name]) * 1000
        cpu_ms = statistics.median(c for _, c in runs[name]) * 1000
        print(f"  {label:<28} wall {wall_ms:6.0f} ms   CPU {cpu_ms:6.0f} ms   {goal}")


if __name__ == "__main__":
    main()
