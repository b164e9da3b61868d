"""Every picture is checked when the issue is read (check, build, preview): it opens as the format
its name says, whole, within the pixel limit, at a printable size; each failure is an error at
the field and line that names it, saying what to do. Fonts named in scrnews.yaml too.

PICTURES is the corpus of files people really paste in; each is tried as the board's logo and as
a picture in a Markdown field, through load_issue and through the command line.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from scrnews import pictures
from scrnews.build import load_issue
from scrnews.cli import cli
from scrnews.errors import ValidationError


def raster(kind: str, size: tuple[int, int] = (120, 80), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 40, 40)).save(buffer, format=kind)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header says width x height; its pixel data is a few bytes (a 'bomb')."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


PNG = raster("PNG")
JPEG = raster("JPEG")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="40" height="20"/></svg>'

#: name -> (file name, bytes, the message after "the picture 'NAME' ", or None when it is fine).
REDO = "Re-export the {role} as PNG."
PICTURES: dict[str, tuple[str, bytes, str | None]] = {
    "png": ("a.png", PNG, None),
    "jpeg": ("a.jpg", JPEG, None),
    "jpeg-long-name": ("a.jpeg", JPEG, None),
    "gif": ("a.gif", raster("GIF"), None),
    "webp": ("a.webp", raster("WEBP"), None),
    "svg": ("a.svg", SVG, None),
    "png-with-alpha": ("a.png", raster("PNG", mode="RGBA"), None),
    "empty": ("a.png", b"", "is empty (0 bytes). " + REDO),
    "text-named-png": (
        "a.png",
        b"Our logo is attached.\n",
        "is not a PNG picture (it holds text). " + REDO,
    ),
    "web-page-named-png": (
        "a.png",
        b"<!DOCTYPE html><html><body>Sign in</body></html>",
        "is not a PNG picture (it is a web page, perhaps saved instead of the picture). " + REDO,
    ),
    "pdf-named-png": (
        "a.png",
        b"%PDF-1.7\n...",
        "is not a PNG picture (it is a PDF document). " + REDO,
    ),
    "svg-named-png": (
        "a.png",
        SVG,
        "is not a PNG picture (it holds SVG text: name it .svg). " + REDO,
    ),
    "random-bytes": (
        "a.png",
        bytes(range(256)) * 4,
        "is not a PNG picture (Pillow cannot read it: it may be damaged, or another format). "
        + REDO,
    ),
    "jpeg-named-png": (
        "a.png",
        JPEG,
        "is a JPEG picture with a .png name. Rename it to end in .jpeg (and write that name "
        "here), or re-export the {role} as PNG.",
    ),
    "png-named-jpg": (
        "a.jpg",
        PNG,
        "is a PNG picture with a .jpeg name. Rename it to end in .png (and write that name "
        "here), or re-export the {role} as JPEG.",
    ),
    "truncated-png": (
        "a.png",
        PNG[: len(PNG) // 2],
        "is damaged or cut short (the file ends before the picture does). " + REDO,
    ),
    "truncated-jpeg": (
        "a.jpg",
        JPEG[: len(JPEG) // 2],
        "is damaged or cut short (the file ends before the picture does). Re-export the {role} "
        "as JPEG.",
    ),
    "60-megapixels": (
        "a.png",
        png_claiming(10_000, 6_000),
        "is 10,000 × 6,000 pixels (60 megapixels); scrnews takes pictures of at most 50 "
        "megapixels, so a damaged or hostile file cannot use up the memory. Export a smaller "
        "copy of the {role} (2,500 pixels across is plenty for a printed page).",
    ),
    "400-megapixels": (
        "a.png",
        png_claiming(20_000, 20_000),
        "has far more than 50 megapixels; scrnews takes pictures of at most 50 megapixels, so a "
        "damaged or hostile file cannot use up the memory. Export a smaller copy of the {role} "
        "(2,500 pixels across is plenty for a printed page).",
    ),
    "one-pixel": (
        "a.png",
        raster("PNG", (1, 1)),
        "is only 1 × 1 pixels, too small to show anything. Export the {role} at its real size "
        "(at least 8 pixels each way).",
    ),
    "a-line": (
        "a.png",
        raster("PNG", (3100, 100)),
        "is 3100 × 100 pixels: fitted to the page it would print as a thin line. Crop the {role} "
        "nearer to 30 times as long as it is wide, or less.",
    ),
    "bmp-named-png": (
        "a.png",
        raster("BMP"),
        "is in BMP format, which web pages and PDFs do not all show (they show PNG, JPEG, GIF, "
        "WebP or SVG). " + REDO,
    ),
    "tiff-named-jpg": (
        "a.jpg",
        raster("TIFF"),
        "is in TIFF format, which web pages and PDFs do not all show (they show PNG, JPEG, GIF, "
        "WebP or SVG). Re-export the {role} as JPEG.",
    ),
    "gif-named-webp": (
        "a.webp",
        raster("GIF"),
        "is a GIF picture with a .webp name. Rename it to end in .gif (and write that name "
        "here), or re-export the {role} as WebP.",
    ),
    "webp-named-gif": (
        "a.gif",
        raster("WEBP"),
        "is a WebP picture with a .gif name. Rename it to end in .webp (and write that name "
        "here), or re-export the {role} as GIF.",
    ),
    "upper-case-name": ("A.PNG", PNG, None),
    "web-page-in-capitals-named-jpeg": (
        "a.jpeg",
        b"\n  <!doctype HTML>\n<title>Not found</title>",
        "is not a JPEG picture (it is a web page, perhaps saved instead of the picture). "
        "Re-export the {role} as JPEG.",
    ),
    "html-named-gif": (
        "a.gif",
        b"<HTML><body>x</body></HTML>",
        "is not a GIF picture (it is a web page, perhaps saved instead of the picture). "
        "Re-export the {role} as GIF.",
    ),
    "xml-named-png": (
        "a.png",
        b'  <?xml version="1.0"?><svg/>',
        "is not a PNG picture (it holds SVG text: name it .svg). " + REDO,
    ),
    "long-welsh-text-named-png": (
        "a.png",
        # 511 bytes, then a character of two bytes that the first 512 bytes cut in two
        b"a" * 511 + "ŵ and more".encode(),
        "is not a PNG picture (it holds text). " + REDO,
    ),
    "truncated-gif": (
        "a.gif",
        raster("GIF", (300, 200))[:400],
        "is damaged or cut short (the file ends before the picture does). Re-export the {role} "
        "as GIF.",
    ),
    "8-by-240": ("a.png", raster("PNG", (8, 240)), None),
    "240-by-8": ("a.png", raster("PNG", (240, 8)), None),
    "7-by-100": (
        "a.png",
        raster("PNG", (7, 100)),
        "is only 7 × 100 pixels, too small to show anything. Export the {role} at its real size "
        "(at least 8 pixels each way).",
    ),
    "100-by-7": (
        "a.png",
        raster("PNG", (100, 7)),
        "is only 100 × 7 pixels, too small to show anything. Export the {role} at its real size "
        "(at least 8 pixels each way).",
    ),
    "10-by-301": (
        "a.png",
        raster("PNG", (10, 301)),
        "is 10 × 301 pixels: fitted to the page it would print as a thin line. Crop the {role} "
        "nearer to 30 times as long as it is wide, or less.",
    ),
    "tiff": (
        "a.tiff",
        raster("TIFF"),
        "web pages and PDFs show PNG, JPEG, GIF, WebP or SVG pictures, and this file's name does "
        "not end in one of those. Export the {role} as PNG (or JPEG for a photograph) and name "
        "that file.",
    ),
    "bmp": (
        "a.bmp",
        raster("BMP"),
        "web pages and PDFs show PNG, JPEG, GIF, WebP or SVG pictures, and this file's name does "
        "not end in one of those. Export the {role} as PNG (or JPEG for a photograph) and name "
        "that file.",
    ),
    "svg-with-a-script": (
        "a.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(document.domain)</script>\n</svg>',
        "is an SVG that scrnews will not publish: it has a <script> element (line 2). In a "
        "reader's browser these can run code or read other files. Take them out (an editor's "
        "'plain SVG' or 'optimised SVG' export leaves them out), or re-export the {role} as PNG.",
    ),
    "svg-not-well-formed": (
        "a.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>',
        "cannot be drawn: it is not a well-formed SVG file (line 1: mismatched tag). Re-export "
        "the {role} as SVG, or as PNG.",
    ),
    "svg-of-nothing": (
        "a.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" width="0" height="20"/>',
        "cannot be drawn: its width is '0', so nothing would be drawn. Re-export the {role} as "
        "SVG, or as PNG.",
    ),
    "html-named-svg": (
        "a.svg",
        b"<html><body>Not found</body></html>",
        "cannot be drawn: it is not an SVG picture (its first element is <html>). Re-export the "
        "{role} as SVG, or as PNG.",
    ),
}


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / "images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


ISSUE = "board:\n  name: Example Board\n{logo}number: 1\ndate: 2024-06\n{foreword}"


def issue_naming(folder: Path, name: str, role: str) -> tuple[Path, int, int]:
    """An issue naming images/<name> as its logo or in its foreword; (path, line, column)."""
    logo = f"  logo:\n    src: images/{name}\n    alt: Our logo\n" if role == "logo" else ""
    foreword = (
        f"foreword:\n  text: 'Look: ![The poster](images/{name})'\n" if role == "picture" else ""
    )
    path = folder / "issue.yaml"
    path.write_text(ISSUE.format(logo=logo, foreword=foreword), encoding="utf-8")
    return path, (4, 10) if role == "logo" else (6, 9)


@pytest.mark.parametrize("role", ["logo", "picture"])
@pytest.mark.parametrize("case", list(PICTURES))
def test_each_picture_is_checked_where_it_is_named(tmp_path, monkeypatch, case, role):
    monkeypatch.chdir(tmp_path)
    name, data, expected = PICTURES[case]
    write(tmp_path, name, data)
    issue, (line, column) = issue_naming(tmp_path, name, role)
    if expected is None:
        load_issue(issue)
        return
    with pytest.raises(ValidationError) as caught:
        load_issue(issue)
    [problem] = caught.value.problems
    field = "board.logo.src" if role == "logo" else "foreword.text"
    start = f"issue.yaml:{line}:{column}: {field}: the picture 'images/{name}' "
    assert str(problem).startswith(start + expected.format(role=role)), str(problem)


@pytest.mark.parametrize("case", [c for c, (_, _, message) in PICTURES.items() if message])
def test_the_command_line_fails_without_a_traceback_and_writes_nothing(tmp_path, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    name, data, _ = PICTURES[case]
    write(tmp_path, name, data)
    issue, _ = issue_naming(tmp_path, name, "logo")
    for command in (["check", "issue.yaml"], ["build", "issue.yaml"]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert result.stderr.startswith(
            f"issue.yaml:4:10: board.logo.src: the picture 'images/{name}'"
        )
    assert not (tmp_path / "out").exists()


def test_the_preview_shows_the_problem_instead_of_a_broken_picture(tmp_path, monkeypatch):
    from scrnews.preview.session import make_snapshot

    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.png", b"")
    issue, _ = issue_naming(tmp_path, "a.png", "picture")
    with pytest.raises(ValidationError) as caught:
        make_snapshot(issue, [])
    assert str(caught.value).startswith(
        "issue.yaml:6:9: foreword.text: the picture 'images/a.png' is empty"
    )


@pytest.mark.parametrize("weasyprint_imported", [False, True])
@pytest.mark.parametrize("name", ["a.png", "a.jpg", "a.gif"])
def test_a_picture_cut_short_is_found_even_after_weasyprint_is_imported(
    tmp_path, monkeypatch, name, weasyprint_imported
):
    """WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES = True for the whole process."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", weasyprint_imported)
    kind = {"a.png": "PNG", "a.jpg": "JPEG", "a.gif": "GIF"}[name]
    whole = raster(kind, (300, 200))
    path = write(tmp_path, name, whole[: len(whole) * 2 // 3])
    known = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF"}[kind]
    assert pictures.picture_problem(path, "logo") == (
        f"is damaged or cut short (the file ends before the picture does). Re-export the logo "
        f"as {known}."
    )
    path.write_bytes(whole)
    assert pictures.picture_problem(path, "logo") is None


def test_a_bomb_is_refused_from_its_header_without_decoding(tmp_path, monkeypatch):
    from PIL import ImageFile

    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self) or None)
    path = write(tmp_path, "a.png", png_claiming(10_000, 6_000))
    assert pictures.picture_problem(path).startswith("is 10,000 × 6,000 pixels")
    assert decoded == []


def test_a_picture_just_within_the_limits_passes(tmp_path, monkeypatch):
    monkeypatch.setattr(pictures, "MAX_PIXELS", 120 * 80)
    monkeypatch.setattr(pictures, "MAX_BYTES", len(PNG))
    assert pictures.picture_problem(write(tmp_path, "a.png", PNG)) is None
    assert pictures.picture_problem(write(tmp_path, "b.png", raster("PNG", (8, 240)))) is None
    assert pictures.picture_problem(write(tmp_path, "c.png", raster("PNG", (241, 8)))).startswith(
        "is 241 × 8 pixels: fitted to the page"
    )
    assert pictures.picture_problem(write(tmp_path, "d.png", raster("PNG", (7, 7)))).startswith(
        "is only 7 × 7 pixels"
    )


def test_a_picture_past_the_limits_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pictures, "MAX_PIXELS", 120 * 80 - 1)
    monkeypatch.setattr(pictures, "MAX_MEGAPIXELS", 0.0096)
    assert pictures.picture_problem(write(tmp_path, "a.png", PNG)).startswith(
        "is 120 × 80 pixels (0 megapixels); scrnews takes pictures of at most 0.0096 megapixels"
    )
    monkeypatch.setattr(pictures, "MAX_BYTES", len(PNG) - 1)
    assert pictures.picture_problem(write(tmp_path, "b.png", PNG)) == (
        f"is {len(PNG):,} bytes; scrnews takes pictures of at most {len(PNG) - 1:,}. Export a "
        "smaller copy of the picture (2,500 pixels across is plenty for a printed page)."
    )


@pytest.mark.parametrize(
    "width, height, megapixels",
    [(10_300, 5_000, "52"), (7_109, 7_385, "52"), (7_243, 7_249, "53"), (5_101, 10_000, "51")],
)
def test_the_megapixels_said_are_rounded_to_the_nearest(tmp_path, width, height, megapixels):
    """51,500,000 pixels (51.5 megapixels) are said 52, 52,499,965 are 52, 52,504,507 are 53."""
    path = write(tmp_path, "a.png", png_claiming(width, height))
    assert pictures.picture_problem(path) == (
        f"is {width:,} × {height:,} pixels ({megapixels} megapixels); scrnews takes pictures of "
        "at most 50 megapixels, so a damaged or hostile file cannot use up the memory. Export a "
        "smaller copy of the picture (2,500 pixels across is plenty for a printed page)."
    )


def test_the_first_512_bytes_say_whether_a_file_holds_text(tmp_path):
    def said(data: bytes) -> str:
        return pictures.picture_problem(write(tmp_path, "a.png", data))

    assert (
        said(b"a" * 512 + b"\xff")
        == "is not a PNG picture (it holds text). Re-export the picture as PNG."
    )
    assert said(b"a" * 511 + b"\xff") == (
        "is not a PNG picture (Pillow cannot read it: it may be damaged, or another format). "
        "Re-export the picture as PNG."
    )


def test_the_default_limits():
    assert (pictures.MAX_MEGAPIXELS, pictures.MAX_PIXELS) == (50, 50_000_000)
    assert pictures.MAX_BYTES == 25 * 1024 * 1024
    assert (pictures.MIN_SIDE, pictures.MAX_ASPECT) == (8, 30)


def test_a_changed_picture_is_checked_again(tmp_path):
    path = write(tmp_path, "a.png", PNG)
    assert pictures.picture_problem(path) is None
    path.write_bytes(b"now text, same folder, same name")
    assert pictures.picture_problem(path).startswith("is not a PNG picture")


def test_a_file_that_cannot_be_read_says_so(tmp_path):
    assert pictures.picture_problem(tmp_path / "gone.png") == (
        "cannot be read (No such file or directory). Check the file, or name another."
    )
    (tmp_path / "folder.png").mkdir()
    assert pictures.picture_problem(tmp_path / "folder.png") == (
        "cannot be read (Is a directory). Check the file, or name another."
    )


def test_the_same_file_is_named_for_its_role_each_time(tmp_path):
    """Results are kept per file and role: the advice names the logo as the logo."""
    path = write(tmp_path, "a.png", b"")
    assert (
        pictures.picture_problem(path, "logo") == "is empty (0 bytes). Re-export the logo as PNG."
    )
    assert pictures.picture_problem(path, "picture") == (
        "is empty (0 bytes). Re-export the picture as PNG."
    )
    assert (
        pictures.picture_problem(path, "logo") == "is empty (0 bytes). Re-export the logo as PNG."
    )


def test_the_kept_results_stay_within_their_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(pictures, "_cache", {})
    for n in range(pictures._CACHE_SIZE + 10):
        pictures.picture_problem(write(tmp_path, f"{n}.png", b""), "logo")
        assert len(pictures._cache) <= pictures._CACHE_SIZE
    assert pictures._CACHE_SIZE == 256
    assert len(pictures._cache) == 10


# ---------------------------------------------------------------- scrnews.yaml


@pytest.mark.parametrize(
    "setting, name, data, expected",
    [
        (
            "board:\n  name: B\n  logo:\n    src: images/logo.png\n    alt: Logo\n",
            "logo.png",
            b"",
            "scrnews.yaml:4:10: board.logo.src: the file 'images/logo.png' is empty (0 bytes). "
            "Re-export the logo as PNG.",
        ),
        (
            "fonts:\n  family: Brand\n  regular: images/brand.woff2\n",
            "brand.woff2",
            b"<html>404</html>",
            "scrnews.yaml:3:12: fonts.regular: the file 'images/brand.woff2' is not a WOFF2 font "
            "(it does not start as one). Copy the font file in again from where you got it, or "
            "name the file it really is.",
        ),
        (
            "fonts:\n  family: Brand\n  regular: images/brand.ttf\n",
            "brand.ttf",
            b"",
            "scrnews.yaml:3:12: fonts.regular: the file 'images/brand.ttf' is empty (0 bytes). "
            "Copy the font file in again.",
        ),
    ],
    ids=["logo", "font-not-a-font", "font-empty"],
)
def test_the_settings_logo_and_fonts_are_checked(
    tmp_path, monkeypatch, setting, name, data, expected
):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, name, data)
    (tmp_path / "scrnews.yaml").write_text(setting, encoding="utf-8")
    (tmp_path / "issue.yaml").write_text("number: 1\ndate: 2024-06\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_issue(tmp_path / "issue.yaml")
    assert [str(p) for p in caught.value.problems] == [expected]


@pytest.mark.parametrize(
    "suffix, head",
    [
        (".woff2", b"wOF2"),
        (".woff", b"wOFF"),
        (".ttf", b"\0\1\0\0"),
        (".ttf", b"true"),
        (".otf", b"OTTO"),
    ],
)
def test_real_font_files_pass(tmp_path, suffix, head):
    path = tmp_path / f"font{suffix}"
    path.write_bytes(head + b"\0" * 60)
    assert pictures.font_problem(path) is None


def test_the_theme_fonts_pass():
    from scrnews.project import theme_dir

    fonts = [p for p in (theme_dir() / "fonts").iterdir() if p.suffix in (".ttf", ".woff2")]
    assert fonts and all(pictures.font_problem(p) is None for p in fonts)


@pytest.mark.parametrize(
    "name, head, kind",
    [
        ("font.woff", b"wOF2", "WOFF"),
        ("font.WOFF2", b"wOFF", "WOFF2"),
        ("font.ttf", b"OTTO", "TTF"),
        ("font.otf", b"true", "OTF"),
        ("font.woff2", b"wOF", "WOFF2"),
    ],
)
def test_a_font_that_does_not_start_as_its_name_says_is_refused(tmp_path, name, head, kind):
    path = tmp_path / name
    path.write_bytes(head + b"\0" * 60 if len(head) == 4 else head)
    assert pictures.font_problem(path) == (
        f"is not a {kind} font (it does not start as one). Copy the font file in again from "
        "where you got it, or name the file it really is."
    )


def test_font_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "font.woff2"
    path.write_bytes(b"wOF2" + b"\0" * 60)
    monkeypatch.setattr(pictures, "MAX_BYTES", 64)
    assert pictures.font_problem(path) is None
    monkeypatch.setattr(pictures, "MAX_BYTES", 63)
    assert pictures.font_problem(path) == (
        "is 64 bytes; scrnews takes fonts of at most 63. Name a smaller file."
    )
    assert pictures.font_problem(tmp_path / "gone.woff2").startswith("cannot be read (")
