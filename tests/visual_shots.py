"""Visual regression: every example issue as a reader sees it, compared with committed pictures.

For each example issue (issues/*.yaml, examples/issues/*.yaml) this makes
- the web page in headless Chromium at 375 and 1280 CSS px wide (the whole page), and
- each PDF page, rasterised by pdftoppm,
(a bilingual issue's page and PDF in each language, and its bilingual PDF)
and compares them with the reference pictures in tests/visual/ within a tolerance
(`changed_share`). tests/test_visual.py runs the comparison; this file is also the command
behind `make visual-accept`:

    python tests/visual_shots.py accept   # show what changed, then make it the reference
    python tests/visual_shots.py review   # only show what changed (exit 1 if anything did)

Both write test-output/visual/: a contact sheet of every example issue (contact-sheet.png)
and, for each picture that changed, reference | now | difference side by side (diff-*.png).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCES = Path(__file__).resolve().parent / "visual"
OUTPUT = ROOT / "test-output" / "visual"
WIDTHS = (375, 1280)
PDF_DPI = 40
#: A pixel has changed when a colour channel moved by more than this (0-255): anti-aliasing
#: noise stays under it, a rule, a colour or a moved line of text does not.
PIXEL_THRESHOLD = 48
#: A picture has changed when more than this share of its pixels has.
TOLERANCE = 0.0002


def example_issues() -> list[Path]:
    """Every example issue, in a fixed order."""
    return sorted((ROOT / "issues").glob("*.yaml")) + sorted(
        (ROOT / "examples" / "issues").glob("*.yaml")
    )


@dataclass
class Shot:
    """One picture of one issue: its reference name and the image now."""

    name: str
    image: object  # PIL.Image.Image

    @property
    def reference(self) -> Path:
        return REFERENCES / f"{self.name}.png"


def shoot_all(browser, work: Path) -> list[Shot]:
    """Build every example issue into work/ and take its pictures."""
    from scrnews.build import build_issue

    shots: list[Shot] = []
    for issue in example_issues():
        result = build_issue(issue, work / "out", strict=True)
        shots += _web_shots(browser, result.html, issue.stem)
        shots += _pdf_shots(result.pdf, issue.stem, work)
        for path in result.translations:  # a bilingual issue's other language (en/)
            name = f"{issue.stem}-{path.parent.name}"
            shots += _web_shots(browser, path, name) if path.suffix == ".html" else []
            shots += _pdf_shots(path, name, work) if path.suffix == ".pdf" else []
        if result.bilingual:  # and the PDF with both
            shots += _pdf_shots(result.bilingual, f"{issue.stem}-bilingual", work)
    return shots


def _web_shots(browser, html: Path, stem: str) -> Iterator[Shot]:
    from io import BytesIO

    from PIL import Image

    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        try:
            page.goto(html.as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            data = page.screenshot(full_page=True, animations="disabled", caret="hide")
        finally:
            page.close()
        yield Shot(f"{stem}-web-{width}", _stored(Image.open(BytesIO(data)), 375 / width))


def _pdf_shots(pdf: Path, stem: str, work: Path) -> Iterator[Shot]:
    from PIL import Image

    prefix = work / f"{stem}-pdf"
    subprocess.run(["pdftoppm", "-png", "-r", str(PDF_DPI), str(pdf), str(prefix)], check=True)
    for number, png in enumerate(sorted(work.glob(f"{stem}-pdf-*.png")), start=1):
        yield Shot(f"{stem}-pdf-{number}", _stored(Image.open(png)))


def _stored(image, scale: float = 1.0):
    """A picture as it is kept and compared: a wide screen scaled down to a phone's width, and
    64 colours, so the references stay small in the repository (a few hundred kB in all)."""
    from PIL import Image

    image = image.convert("RGB")
    if scale != 1.0:
        size = (round(image.width * scale), round(image.height * scale))
        image = image.resize(size, Image.Resampling.LANCZOS)
    return image.quantize(64, dither=Image.Dither.NONE).convert("RGB")


def save(image, path: Path) -> None:
    """Keep a picture as 8-bit PNG (it has 64 colours at most: exactly the same when read back)."""
    from PIL import Image

    image.convert("P", palette=Image.Palette.ADAPTIVE, colors=64).save(path, optimize=True)


# ---------------------------------------------------------------- comparing


def changed_share(now, reference) -> float:
    """The share of pixels that changed (1.0 when the sizes differ)."""
    from PIL import ImageChops

    if now.size != reference.size:
        return 1.0
    difference = ImageChops.difference(now, reference).convert("L")
    changed = difference.point(lambda value: 255 if value > PIXEL_THRESHOLD else 0)
    histogram = changed.histogram()
    return histogram[255] / (now.width * now.height)


def describe(shot: Shot) -> str | None:
    """Why a picture differs from its reference, or None when it is the same within tolerance."""
    from PIL import Image

    if not shot.reference.is_file():
        return f"{shot.name}: no reference picture (new)"
    reference = Image.open(shot.reference).convert("RGB")
    if reference.size != shot.image.size:
        return f"{shot.name}: size {shot.image.size} instead of {reference.size}"
    share = changed_share(shot.image, reference)
    if share > TOLERANCE:
        return f"{shot.name}: {share:.2%} of the pixels changed (tolerance {TOLERANCE:.2%})"
    return None


def write_diff(shot: Shot) -> Path:
    """reference | now | changed pixels in red, side by side, for a person to look at."""
    from PIL import Image, ImageChops

    now = shot.image
    reference = (
        Image.open(shot.reference).convert("RGB")
        if shot.reference.is_file()
        else Image.new("RGB", now.size, "white")
    )
    width, height = max(now.width, reference.width), max(now.height, reference.height)
    padded = [Image.new("RGB", (width, height), "white") for _ in range(2)]
    padded[0].paste(reference, (0, 0))
    padded[1].paste(now, (0, 0))
    mask = (
        ImageChops.difference(*padded)
        .convert("L")
        .point(lambda v: 255 if v > PIXEL_THRESHOLD else 0)
    )
    marked = Image.blend(padded[1], Image.new("RGB", (width, height), "white"), 0.7)
    marked.paste(Image.new("RGB", (width, height), (220, 0, 0)), (0, 0), mask)
    sheet = Image.new("RGB", (width * 3 + 20, height), (120, 120, 120))
    for index, image in enumerate([padded[0], padded[1], marked]):
        sheet.paste(image, (index * (width + 10), 0))
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"diff-{shot.name}.png"
    sheet.save(path)
    return path


def contact_sheet(shots: list[Shot]) -> Path:
    """Every example issue in one picture: a row each, PDF pages then the top of the web page
    at 375 and 1280 px, for a person (a board's communications officer) to judge the look."""
    from PIL import Image, ImageDraw

    rows: dict[str, list] = {}
    for shot in shots:
        stem = shot.name.rsplit("-web-", 1)[0].rsplit("-pdf-", 1)[0]
        image = shot.image
        if "-web-" in shot.name:  # the first screens, at the PDF pages' height
            image = image.crop((0, 0, image.width, min(image.height, image.width * 2)))
            scale = 468 / image.height
            image = image.resize((max(1, round(image.width * scale)), 468))
        rows.setdefault(stem, []).append(image)
    gap, label = 10, 20
    width = max(sum(im.width + gap for im in images) for images in rows.values()) + gap
    height = sum(max(im.height for im in images) + label + gap for images in rows.values()) + gap
    sheet = Image.new("RGB", (width, height), (205, 205, 205))
    draw, y = ImageDraw.Draw(sheet), gap
    for stem, images in rows.items():
        draw.text((gap, y + 4), stem, fill=(0, 0, 0))
        x = gap
        for image in images:
            sheet.paste(image, (x, y + label))
            x += image.width + gap
        y += max(im.height for im in images) + label + gap
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / "contact-sheet.png"
    sheet.save(path)
    return path


# ---------------------------------------------------------------- the command


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("review", "accept"):
        print(__doc__)
        return 2
    from scrnews.audit.browser import open_browser

    with tempfile.TemporaryDirectory() as tmp, open_browser() as browser:
        shots = shoot_all(browser, Path(tmp))
    changes = [(shot, why) for shot in shots if (why := describe(shot))]
    names = {shot.name for shot in shots}
    stale = sorted(p for p in REFERENCES.glob("*.png") if p.stem not in names)
    for shot, why in changes:
        print(f"changed  {why}\n         {write_diff(shot).relative_to(ROOT)}")
    for path in stale:
        print(f"removed  {path.stem}: no example makes this picture now")
    print(f"contact sheet: {contact_sheet(shots).relative_to(ROOT)}")
    if argv[0] == "review":
        print(f"{len(changes)} of {len(shots)} pictures changed, {len(stale)} no longer made.")
        return 1 if changes or stale else 0
    REFERENCES.mkdir(exist_ok=True)
    for shot in shots:
        if not shot.reference.is_file() or describe(shot):
            save(shot.image, shot.reference)
    for path in stale:
        path.unlink()
    print(f"accepted: {len(changes)} changed and {len(stale)} removed of {len(shots)} pictures.")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
