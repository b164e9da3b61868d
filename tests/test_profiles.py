"""Output profiles: print (bleed, crop marks, A4 trim, PDF/X-4, 300 dpi check),
archive (tagged PDF/A), and the embedded typeface (in the PDF and beside the page, none
from the system)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from scrnews.build import build_issue
from scrnews.cli import cli

ROOT = Path(__file__).resolve().parent.parent
ISSUE2 = ROOT / "issues" / "issue-2.yaml"
A4 = (595.2756, 841.8898)  # points
BLEED = 3 / 25.4 * 72  # 3 mm in points

PDFA = "{http://www.aiim.org/pdfa/ns/id/}"
PDFUA = "{http://www.aiim.org/pdfua/ns/id/}"
PDFXID = "{http://www.npes.org/pdfx/ns/id/}"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """Issue 2 as each profile (and print as PDF/X-4) makes it, built once for this file."""
    out = tmp_path_factory.mktemp("profiles")
    made = {}
    for name, profile, variant in [
        ("screen", "screen", None),
        ("print", "print", None),
        ("archive", "archive", None),
        ("pdfx", "print", "pdf/x-4"),
    ]:
        result = build_issue(
            ISSUE2, out / name, formats=("pdf",), profile=profile, pdf_variant=variant
        )
        made[name] = result.pdf
    return made


def _boxes(path: Path) -> list[dict[str, list[float]]]:
    with pikepdf.open(path) as pdf:
        return [
            {
                key: [float(v) for v in page.obj[key]]
                for key in ("/MediaBox", "/TrimBox", "/BleedBox")
            }
            for page in pdf.pages
        ]


def _xmp(path: Path) -> dict[str, str]:
    with pikepdf.open(path) as pdf:
        return dict(pdf.open_metadata().items())


def test_print_keeps_the_trim_box_at_a4_with_3mm_bleed_around_it(pdfs):
    for boxes in _boxes(pdfs["print"]):
        left, bottom, right, top = boxes["/TrimBox"]
        assert (right - left, top - bottom) == pytest.approx(A4, abs=0.01)
        m_left, m_bottom, m_right, m_top = boxes["/MediaBox"]
        assert (left - m_left, bottom - m_bottom, m_right - right, m_top - top) == pytest.approx(
            (BLEED,) * 4, abs=0.01
        )
        b_left, b_bottom, b_right, b_top = boxes["/BleedBox"]
        assert b_left < left and b_right > right and b_bottom < bottom and b_top > top


def test_screen_has_no_bleed(pdfs):
    for boxes in _boxes(pdfs["screen"]):
        assert boxes["/MediaBox"] == boxes["/TrimBox"]
        width, height = (
            boxes["/MediaBox"][2] - boxes["/MediaBox"][0],
            boxes["/MediaBox"][3] - boxes["/MediaBox"][1],
        )
        assert (width, height) == pytest.approx(A4, abs=0.01)


def _corner_ink(path: Path, tmp_path: Path) -> int:
    """Dark pixels in the band along the page's left edge near the bottom, as wide as the bleed.

    Crop marks continue the trim box's edges out into the bleed; on a page without bleed the
    same band is the white page margin. (Near the top of page 1 the masthead's colour band runs
    into the bleed on purpose.)
    """
    from PIL import Image

    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "144",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    image = Image.open(tmp_path / "page.png").convert("L")
    band = round(BLEED * 144 / 72) - 2  # pixels
    bottom = range(image.height - band * 3, image.height)
    return sum(1 for x in range(band) for y in bottom if image.getpixel((x, y)) < 128)


def test_print_draws_crop_marks_in_the_bleed(pdfs, tmp_path):
    assert _corner_ink(pdfs["print"], tmp_path) > 10


def test_screen_draws_nothing_in_the_page_corner(pdfs, tmp_path):
    assert _corner_ink(pdfs["screen"], tmp_path) == 0


def test_screen_is_tagged_pdf_ua_1(pdfs):
    xmp = _xmp(pdfs["screen"])
    assert xmp[f"{PDFUA}part"] == "1"
    assert f"{PDFA}part" not in xmp
    with pikepdf.open(pdfs["screen"]) as pdf:
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked


def test_archive_is_pdf_a_2a_tagged_and_says_pdf_ua_1_with_its_extension_schema(pdfs):
    xmp = _xmp(pdfs["archive"])
    assert (xmp[f"{PDFA}part"], xmp[f"{PDFA}conformance"]) == ("2", "A")
    assert xmp[f"{PDFUA}part"] == "1"
    with pikepdf.open(pdfs["archive"]) as pdf:
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        raw = pdf.Root.Metadata.read_bytes()
    # PDF/A allows the pdfuaid schema only when the file describes it
    assert (
        b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
        in raw
    )


def test_print_can_be_pdf_x_4_with_an_output_intent(pdfs):
    xmp = _xmp(pdfs["pdfx"])
    assert xmp[f"{PDFXID}GTS_PDFXVersion"] == "PDF/X-4"
    with pikepdf.open(pdfs["pdfx"]) as pdf:
        assert pdf.pdf_version == "1.6"
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and "/DestOutputProfile" in intent
        assert all("/TrimBox" in page.obj for page in pdf.pages)


def test_a_variant_the_profile_does_not_write_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(ISSUE2),
            "-o",
            str(tmp_path),
            "--profile",
            "archive",
            "--pdf-variant",
            "pdf/x-4",
        ],
    )
    assert result.exit_code == 2
    assert "the archive profile writes pdf/a-2a or pdf/a-3a, not pdf/x-4" in result.output
    assert not any(tmp_path.iterdir())


def test_help_says_which_pdf_a_and_why():
    result = CliRunner().invoke(cli, ["build", "--help"])
    text = " ".join(result.output.split())
    assert "PDF/A-2a, which is tagged" in text and "PDF/A-2 rather than -3" in text


# ---------------------------------------------------------------- the typeface


def _fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


@pytest.mark.parametrize("name", ["screen", "print", "archive", "pdfx"])
def test_only_the_theme_typeface_is_embedded_none_from_the_system(pdfs, name):
    rows = _fonts(pdfs[name])
    assert rows
    for row in rows:
        base = row[0].split("+", 1)[-1]
        assert base.startswith("Atkinson-Hyperlegible-Next"), f"{base} was taken from the system"
        assert row[-5] == "yes", f"{base} is not embedded"


def test_the_page_gets_the_font_files_and_licence_beside_it(tmp_path):
    result = build_issue(ISSUE2, tmp_path, formats=("html",))
    page = result.html.read_text(encoding="utf-8")
    urls = set(re.findall(r'url\("(fonts/[^"]+)"\)', page))
    assert urls, "no @font-face in the page"
    for url in urls:
        assert (result.html.parent / url).is_file(), url
    assert "SIL OPEN FONT LICENSE" in (result.html.parent / "fonts" / "OFL.txt").read_text().upper()


SYSTEM_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(
    not SYSTEM_FONT.is_file(), reason="needs a TrueType file to stand in for a board's font"
)
def test_a_board_can_name_its_own_font_files(tmp_path):
    shutil.copy(ISSUE2, tmp_path / "issue.yaml")
    (tmp_path / "fonts").mkdir()
    shutil.copy(SYSTEM_FONT, tmp_path / "fonts" / "BoardSans.ttf")
    (tmp_path / "scrnews.yaml").write_text(
        "fonts:\n  family: Board Sans\n  regular: fonts/BoardSans.ttf\n", encoding="utf-8"
    )
    result = build_issue(tmp_path / "issue.yaml", tmp_path / "out")
    page = result.html.read_text(encoding="utf-8")
    assert 'font-family: "Board Sans", "Atkinson Hyperlegible Next", sans-serif' in page
    assert (result.html.parent / "fonts" / "BoardSans.ttf").read_bytes() == SYSTEM_FONT.read_bytes()
    bases = [row[0].split("+", 1)[-1] for row in _fonts(result.pdf)]
    assert "Board-Sans" in bases  # WeasyPrint names an @font-face font after its family


# ---------------------------------------------------------------- 300 dpi


def _issue_with_logo(tmp_path: Path, size: tuple[int, int]) -> Path:
    from PIL import Image

    Image.new("RGB", size, (0, 94, 165)).save(tmp_path / "logo.png")
    text = ISSUE2.read_text(encoding="utf-8").replace(
        "board:\n", "board:\n  logo: {src: logo.png, alt: Board logo}\n", 1
    )
    (tmp_path / "issue.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "issue.yaml"


def test_a_low_resolution_image_is_warned_about_in_print(tmp_path):
    issue = _issue_with_logo(tmp_path, (120, 40))
    result = build_issue(issue, tmp_path / "out", formats=("pdf",), profile="print")
    [warning] = [w for w in result.warnings if "dpi" in w]
    # 120 px shown at 120 CSS px = 1.25 in = 32 mm wide: 96 dpi
    assert warning.endswith(
        "logo.png: 120×40 pixels printed at 32×11 mm is 96 dpi; print needs at least "
        "300 dpi. Use an image of at least 375×125 pixels, or an SVG."
    )


def test_a_sharp_enough_image_is_not_warned_about(tmp_path):
    issue = _issue_with_logo(tmp_path, (1200, 400))  # shown at most 12rem wide: 600 dpi
    result = build_issue(issue, tmp_path / "out", formats=("pdf",), profile="print")
    assert not [w for w in result.warnings if "dpi" in w]


def test_the_screen_profile_does_not_check_resolution(tmp_path):
    issue = _issue_with_logo(tmp_path, (120, 40))
    result = build_issue(issue, tmp_path / "out", formats=("pdf",), profile="screen")
    assert not [w for w in result.warnings if "dpi" in w]


def test_the_cli_shows_the_resolution_warning(tmp_path):
    issue = _issue_with_logo(tmp_path, (120, 40))
    result = CliRunner().invoke(
        cli, ["build", str(issue), "-o", str(tmp_path / "out"), "--profile", "print", "-f", "pdf"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "warning: " in result.output
        and "120×40 pixels printed at 32×11 mm is 96 dpi" in result.output
    )
