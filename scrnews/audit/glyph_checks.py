"""Text a reader cannot read in a PDF: .notdef glyphs (empty boxes) and characters with no
Unicode mapping (a screen reader, search and copy-paste get nothing), PDF/UA-1 7.21.7-8.

Every text-showing operator of every page (and of the form XObjects it draws) is read with
the font in use; each code is followed to its glyph (the font's /Encoding CMap, then its
CIDToGIDMap) and to its text (/ToUnicode).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from scrnews.audit.pdf_struct import parse_to_unicode
from scrnews.audit.problem import Problem

NOTDEF = "PDF/UA 7.21.8 .notdef glyph"
UNICODE = "PDF/UA 7.21.7 Unicode character maps"
SHOWN = 8
"""Characters named in a message before '…'."""

_CIDCHAR = re.compile(rb"begincidchar(.*?)endcidchar", re.S)
_CIDRANGE = re.compile(rb"begincidrange(.*?)endcidrange", re.S)


@dataclass
class _Font:
    """What one font was asked to show, and how to read it."""

    name: str
    width: int
    to_unicode: dict[bytes, str]
    to_cid: dict[bytes, int] | None
    """code -> CID from an /Encoding CMap stream; None for Identity-H and simple fonts."""
    to_gid: bytes | None
    """A CIDToGIDMap stream (two bytes a CID); None for /Identity."""
    glyphs: int | None
    """How many glyphs the embedded font program has (None when it cannot be read)."""
    mapped: bool = True
    """False for a simple font with a standard encoding and no /ToUnicode (readable as it is)."""
    codes: set[bytes] = field(default_factory=set)

    def gid(self, code: bytes) -> int:
        cid = int.from_bytes(code, "big") if self.to_cid is None else self.to_cid.get(code, 0)
        if self.to_gid is None:
            return cid
        return int.from_bytes(self.to_gid[2 * cid : 2 * cid + 2], "big")

    def is_notdef(self, code: bytes) -> bool:
        gid = self.gid(code)
        return gid == 0 or (self.glyphs is not None and gid >= self.glyphs)


def check_glyphs(pdf, name: str) -> list[Problem]:
    """Report, per font, the characters drawn as .notdef and the codes with no Unicode text."""
    import pikepdf

    fonts: dict[tuple, _Font] = {}
    for page in pdf.pages:
        _read(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), fonts, set())
    problems = []
    for font in fonts.values():
        notdef = sorted(c for c in font.codes if font.width == 2 and font.is_notdef(c))
        unmapped = sorted(c for c in font.codes if font.mapped and not font.to_unicode.get(c))
        if notdef:
            meant = [font.to_unicode.get(code, "") for code in notdef]
            problems.append(
                Problem(
                    name,
                    f"font {font.name}",
                    NOTDEF,
                    f"{len(notdef)} character(s) drawn as .notdef, an empty box: "
                    f"{_listed(meant)}. The font has no glyph for them; use one that has",
                )
            )
        if unmapped:
            problems.append(
                Problem(
                    name,
                    f"font {font.name}",
                    UNICODE,
                    f"{len(unmapped)} code(s) shown with no Unicode text in /ToUnicode "
                    f"({', '.join(code.hex() for code in unmapped[:SHOWN])}"
                    f"{'…' if len(unmapped) > SHOWN else ''}): a screen reader, search and "
                    "copy-paste get nothing for them",
                )
            )
    return problems


def _listed(texts: list[str]) -> str:
    shown = [f"{text!r} (U+{ord(text[0]):04X})" if text else "unknown" for text in texts[:SHOWN]]
    return ", ".join(shown) + ("…" if len(texts) > SHOWN else "")


def _read(stream, resources, fonts: dict, seen: set) -> None:
    """Note every code shown in a content stream, following the forms it draws."""
    import pikepdf

    if stream.objgen != (0, 0):
        if stream.objgen in seen:
            return
        seen.add(stream.objgen)
    font = None
    for operands, operator in pikepdf.parse_content_stream(stream):
        op = str(operator)
        if op == "Tf":
            font = _font(resources.get("/Font", {}).get(str(operands[0])), fonts)
        elif op in ("Tj", "'", '"', "TJ") and font is not None:
            shown = operands[-1]
            parts = shown if isinstance(shown, pikepdf.Array) else [shown]
            for part in parts:
                if isinstance(part, pikepdf.String):
                    data = bytes(part)
                    font.codes.update(
                        data[i : i + font.width] for i in range(0, len(data), font.width)
                    )
        elif op == "Do":
            xobject = resources.get("/XObject", {}).get(str(operands[0]))
            if xobject is not None and xobject.get("/Subtype") == "/Form":
                _read(xobject, xobject.get("/Resources", resources), fonts, seen)


def _font(font, fonts: dict) -> _Font | None:
    if font is None:
        return None
    key = font.objgen if font.objgen != (0, 0) else id(font)
    if key not in fonts:
        fonts[key] = _describe(font)
    return fonts[key]


def _describe(font) -> _Font:
    import pikepdf

    name = str(font.get("/BaseFont", "/?"))[1:]
    to_unicode = parse_to_unicode(font.ToUnicode.read_bytes()) if "/ToUnicode" in font else {}
    if font.get("/Subtype") != "/Type0":
        standard = isinstance(font.get("/Encoding"), pikepdf.Name) or "/Encoding" in font
        return _Font(name, 1, to_unicode, None, None, None, bool(to_unicode) or not standard)
    encoding = font.get("/Encoding")
    to_cid = _cid_map(encoding.read_bytes()) if isinstance(encoding, pikepdf.Stream) else None
    descendant = font.DescendantFonts[0]
    gid_map = descendant.get("/CIDToGIDMap")
    to_gid = gid_map.read_bytes() if isinstance(gid_map, pikepdf.Stream) else None
    return _Font(name, 2, to_unicode, to_cid, to_gid, _glyph_count(descendant))


def _cid_map(data: bytes) -> dict[bytes, int]:
    """An /Encoding CMap's cidchar and cidrange entries: code -> CID."""
    found: dict[bytes, int] = {}
    for block in _CIDCHAR.findall(data):
        for code, cid in re.findall(rb"<([0-9A-Fa-f]+)>\s*(\d+)", block):
            found[bytes.fromhex(code.decode())] = int(cid)
    for block in _CIDRANGE.findall(data):
        for low, high, cid in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)", block):
            start, width = int(low, 16), len(low) // 2
            for offset in range(int(high, 16) - start + 1):
                found[(start + offset).to_bytes(width, "big")] = int(cid) + offset
    return found


def _glyph_count(descendant) -> int | None:
    """maxp.numGlyphs of an embedded TrueType program; None for others or a broken one."""
    descriptor = descendant.get("/FontDescriptor", {})
    if "/FontFile2" not in descriptor:
        return None
    try:
        from fontTools.ttLib import TTFont

        return TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()), lazy=True)["maxp"].numGlyphs
    except Exception:  # a font fontTools cannot read: judge by CID 0 alone
        return None
