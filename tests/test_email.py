"""The email edition (issue 13): email-safe HTML, a plain-text part and an .eml, losing nothing.

What a reader of the web page reads (tests/email_reading.py: every paragraph, list item,
cell, caption, heading and link) must be in both parts of the email, for issue 2, issue 3,
each example and one issue per block type. The browser checks (axe, the look without
<style>) are in test_email_browser.py; sending is in test_send.py.
"""

from __future__ import annotations

import copy
import email
import email.policy
import logging
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from email_reading import missing, reader_units

from scrnews.blocks import TYPES, type_name
from scrnews.build import build_issue
from scrnews.cli import cli
from scrnews.mail import GMAIL_CLIP

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "templates" / "default"
BASE = "https://news.example.org/scb/"


def newsletters(folder: Path) -> list[Path]:
    """The newsletter issues in a folder: a 7-minute briefing has no email edition."""
    return [p for p in folder.glob("*.yaml") if "\nkind: briefing\n" not in p.read_text("utf-8")]


CORPUS = sorted([*newsletters(ROOT / "issues"), *newsletters(ROOT / "examples" / "issues")])


def build(path: Path, out: Path, formats=("html", "email"), **options):
    return build_issue(path, out, formats=formats, base_url=BASE, **options)


def parts(out: Path, stem: str) -> tuple[str, str, str]:
    """The built web page, email HTML and plain text of one issue."""
    folder = out / stem
    return (
        (folder / "index.html").read_text(encoding="utf-8"),
        (folder / "email.html").read_text(encoding="utf-8"),
        (folder / f"{stem}.txt").read_text(encoding="utf-8"),
    )


def assert_nothing_lost(out: Path, stem: str) -> None:
    page, html, text = parts(out, stem)
    lost = missing(reader_units(page, f"{BASE}{stem}/"), html, text)
    assert lost == {"html text": [], "plain text": [], "html links": [], "plain links": []}


@pytest.fixture(scope="module")
def issue2(tmp_path_factory):
    """Issue 2 built with every edition (the PDF attached to the .eml too)."""
    out = tmp_path_factory.mktemp("email")
    result = build(ROOT / "issues" / "issue-2.yaml", out, ("html", "pdf", "email"), attach_pdf=True)
    return out / "issue-2", result


# ---------------------------------------------------------------- nothing lost


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_every_paragraph_item_and_link_is_in_both_parts(path, tmp_path):
    shutil.copytree(path.parent.parent, tmp_path / "project", ignore=_only_yaml)
    copy_ = tmp_path / "project" / path.parent.name / path.name
    build(copy_, tmp_path / "out")
    assert_nothing_lost(tmp_path / "out", path.stem)


def _only_yaml(folder, names):
    return [n for n in names if (Path(folder) / n).is_dir() and n not in ("issues", "images")]


def test_the_corpus_uses_every_block_type():
    used = set()
    for path in CORPUS:
        used |= {b["type"] for b in yaml.safe_load(path.read_text(encoding="utf-8"))["body"]}
    assert used == {type_name(t) for t in TYPES}


#: Example fields left out of a block made from its field examples: the figures' checks
#: (not printed) would disagree with the example cases.
NOT_SHOWN = {"figures": {"stated", "since"}}


def example_block(model) -> dict:
    """A block of this type with every field set to its first documented example."""
    kind = type_name(model)
    block = {"type": kind}
    for name, info in model.model_fields.items():
        if name in ("type", "id") or name in NOT_SHOWN.get(kind, ()) or not info.examples:
            continue
        block[name] = copy.deepcopy(info.examples[0])
    return block


@pytest.mark.parametrize("model", TYPES, ids=type_name)
def test_every_block_type_has_an_email_and_a_text_form(model, make_issue, tmp_path):
    kind = type_name(model)
    assert "plain_text" in vars(model), f"{kind} has no plain_text method"
    assert (THEME / "blocks" / f"{kind}.email.html").is_file(), f"{kind} has no email template"
    path = make_issue(body=[example_block(model)], board={"email": "info@example-scp.org.uk"})
    build(path, tmp_path / "out")
    assert_nothing_lost(tmp_path / "out", path.stem)
    _, html, text = parts(tmp_path / "out", path.stem)
    assert "What we learned" in html and "What we learned\n---------------" in text


# ---------------------------------------------------------------- the HTML part


def test_the_html_is_one_column_of_presentation_tables_with_every_style_inline(issue2):
    html = (issue2[0] / "email.html").read_text(encoding="utf-8")
    assert re.search(r'<table class="card" role="presentation"[^>]*max-width:600px', html)
    assert '<!--[if mso]><table role="presentation" width="600"' in html  # Outlook's column
    for table in re.findall(
        r"<table[^>]*>", html
    ):  # layout tables say so; data tables have headers
        assert 'role="presentation"' in table or "style=" in table
    styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)
    assert len(styles) == 1 and styles[0].strip().startswith("@media (prefers-color-scheme: dark)")
    assert "<script" not in html and "@font-face" not in html and "<link" not in html
    assert '<p class="board-name" style="' in html  # inlined by css-inline


def test_the_html_carries_language_and_direction_and_links_to_the_web_edition(issue2):
    html = (issue2[0] / "email.html").read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html><html lang="en-GB" dir="ltr"')
    assert f'href="{BASE}issue-2/"' in html and "View this newsletter in your browser" in html
    assert f'href="{BASE}issue-2/issue-2.pdf"' in html


def test_charts_become_their_tables_of_numbers(issue2):
    html = (issue2[0] / "email.html").read_text(encoding="utf-8")
    assert "<svg" not in html
    rows = re.findall(r'<th scope="row"[^>]*>([^<]*)</th><td[^>]*>(\d+)</td>', html)
    assert ("Died", "3") in rows and ("Life-threatening incident", "1") in rows
    assert ("Boys", "4") in rows


def test_pictures_have_alt_text_and_addresses_on_the_web(make_issue, tmp_path):
    (tmp_path / "images").mkdir()
    shutil.copy(ROOT / "templates" / "default" / "fonts" / "OFL.txt", tmp_path / "images" / "x")
    png = _png()
    (tmp_path / "images" / "logo.png").write_bytes(png)
    (tmp_path / "images" / "poster.png").write_bytes(png)
    path = make_issue(
        board={"logo": {"src": "images/logo.png", "alt": "Example partnership logo"}},
        body=[{"type": "text", "text": "See ![Our poster about safe sleep](images/poster.png)"}],
    )
    build(path, tmp_path / "out")
    html = (tmp_path / "out" / "issue" / "email.html").read_text(encoding="utf-8")
    images = re.findall(r"<img[^>]*>", html)
    assert len(images) == 2
    assert all(re.search(r'alt="[^"]+"', img) for img in images)
    assert f'src="{BASE}issue/assets/logo.png"' in html
    assert f'src="{BASE}issue/assets/poster.png"' in html
    text = (tmp_path / "out" / "issue" / "issue.txt").read_text(encoding="utf-8")
    assert "Our poster about safe sleep [1]" in text
    assert f"[1] {BASE}issue/assets/poster.png" in text


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)  # pictures under 8 px are refused
    rows = b"".join(b"\x00" + b"\x1d\x4f\x91" * 16 for _ in range(16))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_relative_links_point_at_the_web_edition(make_issue, tmp_path):
    path = make_issue(
        body=[{"type": "text", "text": "See [the minutes](minutes.pdf) and [below](#contacts)."}]
    )
    build(path, tmp_path / "out")
    html = (tmp_path / "out" / "issue" / "email.html").read_text(encoding="utf-8")
    assert f'href="{BASE}issue/minutes.pdf"' in html and f'href="{BASE}issue/#contacts"' in html


# ---------------------------------------------------------------- size


def test_issue_2_fits_under_gmails_clipping_limit(issue2):
    size = (issue2[0] / "email.html").stat().st_size
    assert size < GMAIL_CLIP == 102_000, size
    assert issue2[1].warnings == []


def test_a_long_issue_is_built_with_a_warning_giving_its_size(make_issue, tmp_path):
    words = "Practitioners should record what they see and look back at the record. " * 4
    path = make_issue(body=[{"type": "text", "text": f"{words}\n\n" * 600}])
    result = CliRunner().invoke(
        cli,
        ["build", str(path), "--out", str(tmp_path / "out"), "--format", "email"]
        + ["--base-url", BASE],
    )
    assert result.exit_code == 0, result.output
    size = (tmp_path / "out" / "issue" / "email.html").stat().st_size
    assert size > GMAIL_CLIP
    assert (
        f"warning: {path.name}: the email edition's HTML is {size:,} bytes; Gmail shows only "
        "the first 102,000 (102 KB)"
    ) in result.output.replace(str(path.parent) + "/", "")


# ---------------------------------------------------------------- the plain-text part


def test_the_text_is_wrapped_at_72_columns_with_underlined_headings(issue2):
    text = (issue2[0] / "issue-2.txt").read_text(encoding="utf-8")
    long = [line for line in text.splitlines() if len(line) > 72 and " " in line.strip()]
    assert long == []  # only a single unbreakable word (an address) may run past
    assert "Serious Case Review Newsletter, Issue 2, January 2012\n" + "=" * 53 in text
    assert "National Learning and Developments\n" + "-" * 34 + "\n" in text
    assert "Working with Men and Fathers\n" + "~" * 28 + "\n" in text


def test_the_text_indents_lists_and_numbers_link_references_after_each_section(
    make_issue, tmp_path
):
    path = make_issue(
        body=[
            {
                "type": "text",
                "heading": "First",
                "text": "Read [Working Together](https://www.gov.uk/wt) and "
                "[the procedures](https://procedures.example.org/).",
            },
            {
                "type": "list",
                "heading": "Second",
                "items": [
                    {
                        "text": "Training",
                        "items": ["neglect", "[safe sleep](https://ss.example.org)"],
                    }
                ],
            },
        ]
    )
    build(path, tmp_path / "out")
    text = (tmp_path / "out" / "issue" / "issue.txt").read_text(encoding="utf-8")
    assert (
        "First\n-----\n\nRead Working Together [1] and the procedures [2].\n\n"
        "[1] https://www.gov.uk/wt\n[2] https://procedures.example.org/\n\n"
        "Second\n------\n\n- Training\n  - neglect\n  - safe sleep [3]\n\n"
        "[3] https://ss.example.org\n"
    ) in text


def test_the_text_is_written_from_the_model_not_from_the_html(make_issue, tmp_path):
    # A template override changes the HTML part only: the text part does not read it.
    theme = tmp_path / "theme" / "blocks"
    theme.mkdir(parents=True)
    (theme / "text.email.html").write_text("<p>OVERRIDDEN</p>\n", encoding="utf-8")
    path = make_issue(body=[{"type": "text", "text": "Words of the issue."}])
    build(path, tmp_path / "out", templates=[tmp_path / "theme"])
    _, html, text = (
        None,
        *(
            (tmp_path / "out" / "issue" / name).read_text(encoding="utf-8")
            for name in ("email.html", "issue.txt")
        ),
    )
    assert "OVERRIDDEN" in html and "Words of the issue." not in html
    assert "Words of the issue." in text and "OVERRIDDEN" not in text


# ---------------------------------------------------------------- the .eml


def test_the_eml_parses_with_both_parts_in_utf8_and_the_pdf_attached(issue2):
    folder, _ = issue2
    message = email.message_from_bytes(
        (folder / "issue-2.eml").read_bytes(), policy=email.policy.default
    )
    assert message.get_content_type() == "multipart/mixed"
    assert message["Subject"] == "Serious Case Review Newsletter, Issue 2, January 2012"
    assert message["From"] == "Bradford Safeguarding Children Board <info@bradford-scb.org.uk>"
    assert message["Content-Language"] == "en-GB"
    assert message["To"] is None and message["Date"] is None  # the mail tool's to add
    alternative, attachment = message.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    text, html = alternative.get_payload()
    assert (text.get_content_type(), text.get_content_charset()) == ("text/plain", "utf-8")
    assert (html.get_content_type(), html.get_content_charset()) == ("text/html", "utf-8")
    # In the message, as in any MIME text, lines end with CRLF.
    assert text.get_content() == _crlf(folder / "issue-2.txt")
    assert html.get_content() == _crlf(folder / "email.html")
    assert attachment.get_filename() == "issue-2.pdf"
    assert attachment.get_content() == (folder / "issue-2.pdf").read_bytes()
    page = (folder / "index.html").read_text(encoding="utf-8")
    lost = missing(reader_units(page, f"{BASE}issue-2/"), html.get_content(), text.get_content())
    assert lost == {"html text": [], "plain text": [], "html links": [], "plain links": []}


def _crlf(path: Path) -> str:
    return path.read_text(encoding="utf-8").replace("\n", "\r\n")


def test_the_eml_without_pdf_is_multipart_alternative_and_reproducible(tmp_path):
    source = ROOT / "issues" / "issue-2.yaml"
    first = build(source, tmp_path / "a", ("email",))
    build(source, tmp_path / "b", ("email",))
    assert [p.name for p in first.outputs] == ["email.html", "issue-2.txt", "issue-2.eml"]
    data = (tmp_path / "a" / "issue-2" / "issue-2.eml").read_bytes()
    assert data == (tmp_path / "b" / "issue-2" / "issue-2.eml").read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert message.get_content_type() == "multipart/alternative"
    # Built without the PDF, the email does not link to one.
    assert b"issue-2.pdf" not in data
    assert not (tmp_path / "a" / "issue-2" / "index.html").exists()


def test_the_subject_adds_the_issue_title(make_issue, tmp_path):
    path = make_issue(title="Seeing the whole family", date="Spring 2024", number=None)
    build(path, tmp_path / "out", ("email",))
    message = email.message_from_bytes(
        (tmp_path / "out" / "issue" / "issue.eml").read_bytes(), policy=email.policy.default
    )
    assert (
        message["Subject"] == "Serious Case Review Newsletter, Spring 2024: Seeing the whole family"
    )
    assert message["From"] is None  # the board gives no address: the mail tool's sender


# ---------------------------------------------------------------- Welsh


def test_a_welsh_issue_has_a_welsh_email(tmp_path):
    data = yaml.safe_load((ROOT / "issues" / "issue-2.yaml").read_text(encoding="utf-8"))
    data["language"] = "cy-GB"
    path = tmp_path / "issues" / "issue-2-cy.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    build(path, tmp_path / "out", ("html", "email"))
    folder = tmp_path / "out" / "issue-2-cy"
    html = (folder / "email.html").read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html><html lang="cy-GB" dir="ltr"')
    assert 'lang="cy-GB" dir="ltr"' in html.split("<body", 1)[1]  # on the message's own element
    text = (folder / "issue-2-cy.txt").read_text(encoding="utf-8")
    assert "Gweld y cylchlythyr hwn yn eich porwr" in html and "Gweld y cylchlythyr" in text
    assert "Cylchlythyr" not in text.split("\n", 1)[0]  # the words are the issue's own
    assert "Rhifyn 2, Ionawr 2012" in text and "Fformatau eraill\n----------------" in text
    message = email.message_from_bytes((folder / "issue-2-cy.eml").read_bytes())
    assert message["Content-Language"] == "cy-GB"
    assert_nothing_lost(tmp_path / "out", "issue-2-cy")


# ---------------------------------------------------------------- base_url


def test_base_url_comes_from_scrnews_yaml(project):
    settings = project / "scrnews.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "base_url: https://www.example-scp.org.uk/n\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", "issues/issue-2.yaml", "--format", "email"])
    assert result.exit_code == 0, result.output
    html = (project / "out" / "issue-2" / "email.html").read_text(encoding="utf-8")
    assert 'href="https://www.example-scp.org.uk/n/issue-2/"' in html


def test_a_missing_base_url_is_a_clear_error_and_nothing_is_written(project):
    result = CliRunner().invoke(cli, ["build", "issues/issue-2.yaml", "--format", "html,email"])
    assert result.exit_code == 1
    assert result.output == (
        "scrnews.yaml: base_url: the email edition needs the address where your out/ folder "
        'is published: its "View this newsletter in your browser" and PDF links, and its '
        "pictures, point there (out/issue-2/ is read at <base_url>issue-2/). Add a line such "
        "as base_url: https://www.example-scp.org.uk/newsletter/ to this file, or build with "
        "--base-url.\nError: 1 problem found; nothing was written.\n"
    )
    assert not (project / "out").exists()


def test_without_scrnews_yaml_the_error_says_where_to_write_it(make_issue, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = make_issue()
    result = CliRunner().invoke(cli, ["build", path.name, "--format", "email"])
    assert result.exit_code == 1
    assert result.output.startswith("issue.yaml: the email edition needs the address")
    assert "Write scrnews.yaml beside your issues/ folder" in result.output


def test_a_bad_base_url_in_scrnews_yaml_is_refused_at_its_line(project):
    settings = project / "scrnews.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "base_url: www.example-scp.org.uk\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", "issues/issue-2.yaml", "--format", "email"])
    assert result.exit_code == 1
    lines = settings.read_text(encoding="utf-8").count("\n")
    assert f"scrnews.yaml:{lines}:11: base_url: 'www.example-scp.org.uk' needs 'https://'" in (
        result.output
    )


# ---------------------------------------------------------------- --format


@pytest.mark.parametrize(
    ("given", "made"),
    [
        (
            "html,pdf,email",
            {"index.html", "issue-2.pdf", "email.html", "issue-2.txt", "issue-2.eml"},
        ),
        ("email", {"email.html", "issue-2.txt", "issue-2.eml"}),
        ("both", {"index.html", "issue-2.pdf"}),
        ("email,html", {"index.html", "email.html", "issue-2.txt", "issue-2.eml"}),
    ],
)
def test_format_takes_a_list_of_editions(project, given, made):
    result = CliRunner().invoke(
        cli, ["build", "issues/issue-2.yaml", "--format", given, "--base-url", BASE]
    )
    assert result.exit_code == 0, result.output
    built = {p.name for p in (project / "out" / "issue-2").iterdir() if p.is_file()}
    assert built - {"print.css"} == made


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "html,mail"], "'mail' is not an edition. Write html, pdf, email or both"),
        (["--format", "email", "--base-url", "example.org"], "needs 'https://'"),
        (["--attach-pdf"], "--attach-pdf attaches the PDF to the email edition: add email"),
    ],
)
def test_format_mistakes_are_usage_errors(project, args, message):
    result = CliRunner().invoke(cli, ["build", "issues/issue-2.yaml", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not (project / "out").exists()


def test_archive_builds_make_the_email_edition_of_each_issue(project, caplog):
    caplog.set_level(logging.INFO)
    result = CliRunner().invoke(
        cli, ["build", "--format", "html,email", "--base-url", BASE, "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    for stem in ("issue-2", "issue-3"):
        assert (project / "out" / stem / f"{stem}.eml").is_file()


# ---------------------------------------------------------------- every field


@pytest.fixture(scope="module")
def every_field(tmp_path_factory):
    """The issue of tests/test_every_field.py (every block type, every field filled with a
    marker), as an email edition."""
    from PIL import Image as Picture
    from test_every_field import Markers, fill

    from scrnews.schema import Issue

    markers = Markers()
    data = fill(Issue, markers)
    folder = tmp_path_factory.mktemp("every-field-email")
    (folder / "images").mkdir()
    Picture.new("RGB", (120, 40), (0, 89, 79)).save(folder / "images" / "logo-marker.png")
    path = folder / "issue.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    build(path, folder / "out", ("email",))
    html = (folder / "out" / "issue" / "email.html").read_text(encoding="utf-8")
    text = (folder / "out" / "issue" / "issue.txt").read_text(encoding="utf-8")
    return markers, html, text


def test_every_field_of_every_block_is_in_both_parts(every_field):
    from email_reading import text_of_html, text_of_plain
    from test_every_field import _page_markers

    markers, html, text = every_field
    html_words, plain_words = text_of_html(html), text_of_plain(text)
    lost = []
    for model, name, marker, kind in _page_markers(markers):
        if kind == "url":
            found = (f'href="{marker}"' in html, marker in text)
        else:
            squashed = re.sub(r"\s+", "", marker)
            found = (squashed in html_words, squashed in plain_words)
        if not all(found):
            lost.append((model, name, marker, found))
    assert lost == []


def test_every_shown_setting_is_in_both_parts(every_field):
    from email_reading import text_of_html, text_of_plain
    from test_every_field import NON_TEXT

    _, html, text = every_field
    shown = [
        expected for expected, where in ((v[2], v[1]) for v in NON_TEXT.values()) if where == "page"
    ]
    lost = [
        e
        for e in shown
        if re.sub(r"\s+", "", e) not in text_of_html(html)
        or re.sub(r"\s+", "", e) not in text_of_plain(text)
    ]
    assert lost == []
    assert re.search(r'<img[^>]*alt="Mk\d+x"', html)  # the logo's description
