"""Pictures and fonts a board drops in, checked when the issue (or scrnews.yaml) is read.

A picture must open as the format its name says, whole (not truncated), within MAX_PIXELS (a
decompression bomb is refused from its header, before anything is decoded) and MAX_BYTES, and be
a sensible size to print; an SVG must also be safe to publish (svg.py). Each failure is one
sentence saying what is wrong and what to do, for the caller to place at the field that named
the file. Without these checks WeasyPrint only logs "Failed to load image", the build exits 0,
the PDF silently lacks the picture and the web page shows a broken one.

Pillow is imported only when a raster picture is checked; results are kept per file version, so
the preview does not decode a photograph again on every save.
"""

from __future__ import annotations

import codecs
import io
import os
import warnings
from pathlib import Path

#: Pixels a picture may have: a 48-megapixel phone photo passes; a 400-megapixel "bomb" does not.
MAX_MEGAPIXELS = 50
MAX_PIXELS = MAX_MEGAPIXELS * 1_000_000
#: Bytes a picture or font may have.
MAX_BYTES = 25 * 1024 * 1024
#: Pixels a picture needs on its shorter side to show anything.
MIN_SIDE = 8
#: How much longer than wide (or wider than high) a picture may be; past this it prints as a line.
MAX_ASPECT = 30

#: File name ending -> (Pillow's name for the format, the name people know it by).
RASTER = {
    ".png": ("PNG", "PNG"),
    ".jpg": ("JPEG", "JPEG"),
    ".jpeg": ("JPEG", "JPEG"),
    ".gif": ("GIF", "GIF"),
    ".webp": ("WEBP", "WebP"),
}
SVG = ".svg"
KINDS = "PNG, JPEG, GIF, WebP or SVG"
#: Font file ending -> the bytes such a file starts with.
FONT_MAGIC = {
    ".woff2": (b"wOF2",),
    ".woff": (b"wOFF",),
    ".ttf": (b"\x00\x01\x00\x00", b"true"),
    ".otf": (b"OTTO", b"\x00\x01\x00\x00"),
}

_cache: dict[tuple, str | None] = {}
_CACHE_SIZE = 256


def picture_problem(path: Path, role: str = "picture") -> str | None:
    """Why the picture at path cannot be used (with what to do), or None if it is fine.

    role names it in the advice: "re-export the logo as PNG".
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as error:
        return f"cannot be read ({error.strerror}). Check the file, or name another."
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino, role)
    if key not in _cache:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[key] = _check(path, stat.st_size, role)
    return _cache[key]


def _check(path: Path, size: int, role: str) -> str | None:
    suffix = path.suffix.lower()
    if suffix != SVG and suffix not in RASTER:
        return (
            f"web pages and PDFs show {KINDS} pictures, and this file's name does not end in "
            f"one of those. Export the {role} as PNG (or JPEG for a photograph) and name that file."
        )
    known = "SVG" if suffix == SVG else RASTER[suffix][1]
    redo = f"Re-export the {role} as {known}"
    if not size:
        return f"is empty (0 bytes). {redo}."
    if size > MAX_BYTES:
        return (
            f"is {size:,} bytes; scrnews takes pictures of at most {MAX_BYTES:,}. Export a "
            f"smaller copy of the {role} (2,500 pixels across is plenty for a printed page)."
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        return f"cannot be read ({error.strerror}). Check the file, or name another."
    if suffix == SVG:
        return _svg(data, redo, role)
    return _raster(data, RASTER[suffix], redo, role)


def _svg(data: bytes, redo: str, role: str) -> str | None:
    from .svg import inspect, listed

    unsafe, unusable = inspect(data)
    if unsafe:
        return (
            f"is an SVG that scrnews will not publish: it has {listed(unsafe)}. In a reader's "
            "browser these can run code or read other files. Take them out (an editor's 'plain "
            f"SVG' or 'optimised SVG' export leaves them out), or re-export the {role} as PNG."
        )
    if unusable:
        return f"cannot be drawn: {unusable}. {redo}, or as PNG."
    return None


def _raster(data: bytes, format_: tuple[str, str], redo: str, role: str) -> str | None:
    from PIL import Image

    expected, known = format_
    stream = _Stream(data)
    with warnings.catch_warnings():
        # A very large picture is refused below from its header; Pillow's own warning is noise.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(stream)
        except Image.DecompressionBombError:
            return _too_many_pixels(None, role)
        except Exception:
            return f"is not a {known} picture{_looks_like(data)}. {redo}."
    with image:
        if image.format != expected:
            return _wrong_format(image.format, known, redo)
        width, height = image.size
        if width * height > MAX_PIXELS:
            return _too_many_pixels((width, height), role)
        damaged = _damage(image, stream, data)
        if damaged:
            return f"is damaged or cut short ({damaged}). {redo}."
    return _print_size(width, height, role)


class _Stream(io.BytesIO):
    """The picture's bytes, noting whether a decoder asked for more than there is."""

    ran_out = False

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        if not data and size != 0:
            self.ran_out = True
        return data


def _damage(image, stream: _Stream, data: bytes) -> str | None:
    """Read the whole picture: what is wrong with it, or None.

    WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process, so a cut-short file
    is found by the decoder running out of bytes (or, for PNG, by verify(), which checks every
    chunk through the last without decoding the pixels). A JPEG is decoded at 1/8 scale: every
    byte read, little memory used.
    """
    from PIL import Image

    try:
        if image.format == "PNG":
            with Image.open(io.BytesIO(data)) as again:
                again.verify()
            return None
        # A JPEG is decoded at 1/8 scale (draft() does nothing for the other formats).
        image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
    except Exception as error:
        reason = str(error) or type(error).__name__
        return _CUT_SHORT if stream.ran_out or "truncated" in reason.lower() else reason
    # WebP is read whole at open (libwebp then decodes it); the others block by block.
    return _CUT_SHORT if stream.ran_out and image.format != "WEBP" else None


_CUT_SHORT = "the file ends before the picture does"


def _too_many_pixels(size: tuple[int, int] | None, role: str) -> str:
    what = (
        f"is {size[0]:,} × {size[1]:,} pixels ({size[0] * size[1] / 1e6:,.0f} megapixels)"
        if size
        else f"has far more than {MAX_MEGAPIXELS} megapixels"
    )
    return (
        f"{what}; scrnews takes pictures of at most {MAX_MEGAPIXELS} megapixels, so a "
        f"damaged or hostile file cannot use up the memory. Export a smaller copy of the {role} "
        "(2,500 pixels across is plenty for a printed page)."
    )


def _print_size(width: int, height: int, role: str) -> str | None:
    if min(width, height) < MIN_SIDE:
        return (
            f"is only {width} × {height} pixels, too small to show anything. Export the {role} "
            f"at its real size (at least {MIN_SIDE} pixels each way)."
        )
    if max(width, height) > MAX_ASPECT * min(width, height):
        return (
            f"is {width} × {height} pixels: fitted to the page it would print as a thin line. "
            f"Crop the {role} nearer to {MAX_ASPECT} times as long as it is wide, or less."
        )
    return None


def _wrong_format(pillow_format: str | None, known: str, redo: str) -> str:
    """A picture of another format than its name says: rename it only if it can be shown."""
    shown = dict(RASTER.values())
    if pillow_format in shown:
        found = shown[pillow_format]
        return (
            f"is a {found} picture with a .{known.lower()} name. Rename it to end in "
            f".{found.lower()} (and write that name here), or {redo[0].lower() + redo[1:]}."
        )
    return (
        f"is in {pillow_format} format, which web pages and PDFs do not all show (they show "
        f"{KINDS}). {redo}."
    )


def _looks_like(data: bytes) -> str:
    head = data[:512].lstrip()
    if head.startswith((b"<svg", b"<?xml")):
        return " (it holds SVG text: name it .svg)"
    if head[:4] == b"%PDF":
        return " (it is a PDF document)"
    if head.lower().startswith((b"<!doctype html", b"<html")):
        return " (it is a web page, perhaps saved instead of the picture)"
    try:  # not final: a character cut in two at byte 512 is still text
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return " (Pillow cannot read it: it may be damaged, or another format)"
    return " (it holds text)"


def font_problem(path: Path) -> str | None:
    """Why a font file cannot be embedded (empty, too big, not the format its name says), or None."""
    suffix = Path(path).suffix.lower()
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError as error:
        return f"cannot be read ({error.strerror}). Check the file, or name another."
    if not size:
        return "is empty (0 bytes). Copy the font file in again."
    if size > MAX_BYTES:
        return (
            f"is {size:,} bytes; scrnews takes fonts of at most {MAX_BYTES:,}. Name a smaller file."
        )
    if suffix in FONT_MAGIC and not head.startswith(FONT_MAGIC[suffix]):
        return (
            f"is not a {suffix[1:].upper()} font (it does not start as one). Copy the font file "
            "in again from where you got it, or name the file it really is."
        )
    return None
