"""Make the theme's print fonts: one TrueType file per weight and style, latin and latin-ext
merged, from the npm package @fontsource/atkinson-hyperlegible-next.

    npm pack @fontsource/atkinson-hyperlegible-next && tar xzf fontsource-*.tgz
    python tools/print_fonts.py package/files templates/default/fonts

Why merged: WeasyPrint keeps one PDF font per family, weight and style, so two subset files
of one face (unicode-range) collide in the PDF, and a latin-ext letter (ŵ) is drawn with the
latin file's glyph of the same number (â). Screens keep the split WOFF2 files, which browsers
fetch only when a page uses their range.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from fontTools.merge import Merger
from fontTools.ttLib import TTFont

NAME = "atkinson-hyperlegible-next"


def merged(files: Path, weight: int, style: str) -> TTFont:
    """The latin and latin-ext subsets of one face as one font (latin first: its glyphs win)."""
    parts, dates = [], None
    for subset in ("latin", "latin-ext"):
        font = TTFont(files / f"{NAME}-{subset}-{weight}-{style}.woff", recalcTimestamp=False)
        font.flavor = None
        dates = dates or (font["head"].created, font["head"].modified)
        buffer = io.BytesIO()
        font.save(buffer)
        buffer.seek(0)
        parts.append(buffer)
    font = Merger().merge(parts)
    font.recalcTimestamp = False
    font["head"].created, font["head"].modified = (
        dates  # the package's, not today: same bytes each run
    )
    return font


def main(files: Path, out: Path) -> None:
    for weight in (400, 700):
        for style in ("normal", "italic"):
            merged(files, weight, style).save(out / f"{NAME}-{weight}-{style}.ttf")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
