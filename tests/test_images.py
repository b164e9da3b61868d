"""Pictures inside Markdown fields: checked, copied beside the page, shown in HTML and PDF."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from scrnews.audit.pdf_struct import walk
from scrnews.build import build_issue, load_issue
from scrnews.cli import cli

POSTER_ALT = "A poster for the conference"
OLD_ALT = "Last year's poster"


def png(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (40, 30)) -> Path:
    """A small PNG of one colour (made here, so no binary is committed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, format="PNG")
    return path


def write_project(root: Path, foreword: str, **pictures: tuple[int, int, int]) -> Path:
    """root/scrnews.yaml-less project: root/issues/issue.yaml with the foreword text given."""
    for name, colour in pictures.items():
        png(root / "issues" / name, colour)
    issue = root / "issues" / "issue.yaml"
    issue.parent.mkdir(parents=True, exist_ok=True)
    text = f"board:\n  name: X\nnumber: 1\ndate: 2024-06\nforeword:\n  text: {foreword}\n"
    issue.write_text(text, encoding="utf-8")
    return issue


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.found.append(dict(attrs))


def content_images(html: str) -> list[dict[str, str | None]]:
    """The attributes of every <img> in the page except the board's logo."""
    parser = _Images()
    parser.feed(html)
    return [img for img in parser.found if "logo" not in (img.get("class") or "")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One issue with two pictures called poster.png (in two folders), built as HTML and PDF."""
    root = tmp_path_factory.mktemp("pictures")
    issue = write_project(
        root,
        f'"![{POSTER_ALT}](images/poster.png)\\n\\nAnd ![{OLD_ALT}](images/2023/poster.png)"',
        **{"images/poster.png": (200, 30, 30), "images/2023/poster.png": (30, 30, 200)},
    )
    result = build_issue(issue, root / "out", strict=True)
    return root, result


def test_pictures_are_copied_beside_the_page_and_the_page_points_at_the_copies(built):
    root, result = built
    images = content_images(result.html.read_text(encoding="utf-8"))
    assert [img["alt"] for img in images] == [POSTER_ALT, OLD_ALT]
    sources = [root / "issues/images/poster.png", root / "issues/images/2023/poster.png"]
    srcs = [img["src"] for img in images]
    assert all(src.startswith("assets/") for src in srcs), srcs
    assert len(set(srcs)) == 2, srcs  # the two poster.png copies do not overwrite each other
    for src, source in zip(srcs, sources, strict=True):
        assert (result.html.parent / src).read_bytes() == source.read_bytes()
    assert all(re.fullmatch(r"assets/poster-[0-9a-f]{8}\.png", src) for src in srcs), srcs


def test_the_pdf_holds_both_pictures_tagged_as_figures_with_their_alt(built):
    _, result = built
    with pikepdf.open(result.pdf) as pdf:
        colours = {
            pikepdf.PdfImage(obj).as_pil_image().convert("RGB").getpixel((0, 0))
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        }
        alts = [str(node.elem.get("/Alt", "")) for node in walk(pdf) if node.tag == "Figure"]
    assert colours == {(200, 30, 30), (30, 30, 200)}
    assert alts == [POSTER_ALT, OLD_ALT]


def test_web_addresses_and_unknown_sources_are_left_as_written(tmp_path):
    issue = write_project(
        tmp_path,
        '"![Remote](https://example.org/chart.png) ![Here](chart.png)"',
        **{"chart.png": (0, 120, 0)},
    )
    result = build_issue(issue, tmp_path / "out", formats=("html",))
    images = content_images(result.html.read_text(encoding="utf-8"))
    assert [(img["src"], img["alt"]) for img in images] == [
        ("https://example.org/chart.png", "Remote"),
        ("assets/chart.png", "Here"),
    ]


def test_a_name_used_by_one_file_twice_is_copied_once(tmp_path):
    issue = write_project(
        tmp_path,
        '"![One](images/a.png) ![Two](./images/a.png) ![Three](images/a.png)"',
        **{"images/a.png": (9, 9, 9)},
    )
    result = build_issue(issue, tmp_path / "out", formats=("html",))
    images = content_images(result.html.read_text(encoding="utf-8"))
    assert [img["src"] for img in images] == ["assets/a.png"] * 3
    assert [p.name for p in (result.html.parent / "assets").iterdir()] == ["a.png"]


def test_the_logo_and_a_picture_with_its_name_both_survive(tmp_path):
    issue = write_project(tmp_path, '"![Our team](team/logo.png)"', **{"team/logo.png": (1, 2, 3)})
    png(tmp_path / "issues" / "logo.png", (4, 5, 6))
    text = issue.read_text(encoding="utf-8")
    issue.write_text(
        text.replace("  name: X\n", "  name: X\n  logo:\n    src: logo.png\n    alt: Logo\n"),
        encoding="utf-8",
    )
    result = build_issue(issue, tmp_path / "out", formats=("html",))
    page = result.html.read_text(encoding="utf-8")
    logo = re.search(r'<img class="logo" src="([^"]+)"', page)[1]
    (picture,) = content_images(page)
    assert logo != picture["src"]
    assert (result.html.parent / logo).read_bytes() == (tmp_path / "issues/logo.png").read_bytes()
    assert (result.html.parent / picture["src"]).read_bytes() == (
        tmp_path / "issues/team/logo.png"
    ).read_bytes()


def test_assets_of_names_the_pictures_so_archives_and_preview_see_them(tmp_path):
    from scrnews.build import assets_of

    issue = write_project(
        tmp_path, '"![Chart](images/chart.png)"', **{"images/chart.png": (0, 0, 0)}
    )
    assert assets_of(load_issue(issue)) == {
        "assets/chart.png": (tmp_path / "issues/images/chart.png").resolve()
    }


# ---------------------------------------------------------------- mistakes


def check(root: Path, monkeypatch, foreword: str):
    """Write the issue and run `scrnews check` on it from the project folder."""
    issue = write_project(root, foreword)
    monkeypatch.chdir(root)
    return CliRunner().invoke(cli, ["check", str(issue.relative_to(root))])


def test_a_missing_picture_is_reported_at_its_field(tmp_path, monkeypatch):
    (tmp_path / "issues" / "images").mkdir(parents=True)
    result = check(tmp_path, monkeypatch, f'"See ![{POSTER_ALT}](images/poster.png)."')
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "issues/issue.yaml:6:9: foreword.text: the file 'images/poster.png' was not found "
        "(looked in issues/). Check the name and folder, or remove it.",
        "Error: 1 problem found; fix them and check again.",
    ]


def test_a_picture_outside_the_project_is_refused_at_its_field(tmp_path, monkeypatch):
    project = tmp_path / "board"
    png(tmp_path / "x.png", (0, 0, 0))
    (project / "issues").mkdir(parents=True)
    (project / "scrnews.yaml").write_text("board:\n  name: X\n", encoding="utf-8")
    result = check(
        project,
        monkeypatch,
        textwrap.dedent("""|
        Intro.

        ![Outside](../../x.png)"""),
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "issues/issue.yaml:6:9: foreword.text: the file '../../x.png' is outside the project "
        "folder (the current folder); scrnews only uses files inside it. Copy the picture into the project, for "
        "example into images/, and name that copy.",
        "Error: 1 problem found; fix them and check again.",
    ]


def test_a_missing_picture_fails_the_build_and_writes_nothing(tmp_path, monkeypatch):
    issue = write_project(tmp_path, '"![Chart](chart.png)"')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(issue), "--out", "out"])
    assert result.exit_code == 1
    assert "foreword.text: the file 'chart.png' was not found" in result.stderr
    assert not (tmp_path / "out").exists()


def test_changing_a_picture_rebuilds_its_issue(tmp_path, monkeypatch):
    from archive_factory import issue_data, write_archive, write_issue

    write_archive(tmp_path, 1)
    png(tmp_path / "issues" / "chart.png", (10, 10, 10))
    body = issue_data(1)["body"]
    body[0] = {**body[0], "text": "![A chart](chart.png)"}
    write_issue(tmp_path / "issues", 1, body=body)
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["build", "--format", "html"]).exit_code == 0
    unchanged = CliRunner().invoke(cli, ["build", "--format", "html"])
    assert "built issues/issue-1.yaml" not in unchanged.output
    png(tmp_path / "issues" / "chart.png", (250, 10, 10))
    result = CliRunner().invoke(cli, ["build", "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "built issues/issue-1.yaml" in result.output
    copy = tmp_path / "out" / "issue-1" / "assets" / "chart.png"
    assert copy.read_bytes() == (tmp_path / "issues" / "chart.png").read_bytes()


def drawn_image_spans(pdf_path: Path) -> list[tuple[float, float]]:
    """(left, right) in points of every image drawn on the PDF's pages, from the content streams."""
    spans = []
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            ctm, stack = pikepdf.Matrix(), []
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "q":
                    stack.append(ctm)
                elif str(op) == "Q":
                    ctm = stack.pop()
                elif str(op) == "cm":
                    ctm = pikepdf.Matrix(*map(float, operands)) @ ctm
                elif str(op) == "Do":
                    left, right = ctm.transform((0, 0))[0], ctm.transform((1, 0))[0]
                    spans.append((min(left, right), max(left, right)))
    return spans


def test_a_wide_picture_fits_the_page(tmp_path):
    issue = write_project(tmp_path, '"![A wide banner](wide.png)"')
    png(tmp_path / "issues" / "wide.png", (0, 90, 0), size=(3000, 600))
    result = build_issue(issue, tmp_path / "out", formats=("pdf",))
    with pikepdf.open(result.pdf) as pdf:
        page_width = float(pdf.pages[0].MediaBox[2])
    [(left, right)] = drawn_image_spans(result.pdf)
    assert 0 < left < right < page_width
    assert right - left > page_width / 2  # shrunk to the column, not to a thumbnail
