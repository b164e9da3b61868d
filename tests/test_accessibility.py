"""Accessibility proven on every build (issue #3).

Every example issue in issues/, the archive pages `scrnews build` makes, a Welsh copy of
issue 2 and an English copy with a logo (so images are checked too) are built with the real
command line, then audited by `scrnews.audit.run.run_audit` with one Chromium for the module:
axe-core (WCAG 2.0-2.2 A and AA), reflow at 320 px, 200% text, keyboard and focus, the Nu HTML
Checker, the PDF's structure and its reading order. Two deliberately broken themes in
tests/fixtures/ prove each check reports what it should; `scrnews audit` is run as a user
would; and each page ends with how to ask for another format.

Chromium, Java, vnu.jar and pdftotext are needed: a missing one fails these tests unless
SCRNEWS_ALLOW_SKIP_BROWSER=1 (then they are skipped).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import yaml

from scrnews.audit import ToolMissing
from scrnews.audit.outline import read_outline, tighten
from scrnews.audit.run import CHECKS, run_audit

ROOT = Path(__file__).resolve().parent.parent
ISSUES = ROOT / "issues"
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).parent / "fixtures"
BROKEN_THEME = FIXTURES / "broken-theme"
REORDERED_THEME = FIXTURES / "reordered-theme"
WELSH = "issue-2-cy"
WITH_LOGO = "issue-2-logo"
NO_CHROMIUM = "/nonexistent/chromium"

FORMATS = {
    "en-GB": ("Other formats", ["large print", "easy read", "audio", "another language"]),
    "cy-GB": ("Fformatau eraill", ["print bras", "hawdd ei ddeall", "sain", "iaith arall"]),
}


# ---------------------------------------------------------------- helpers


def scrnews(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real command line, as a user would, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "scrnews", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain one-colour PNG, made here so the fixtures hold no binary files."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def variant(text: str, *, alt: str, language: str = "en-GB") -> str:
    """Issue 2's YAML with a logo (and a language), edited as text to keep it as written."""
    assert text.count("\nboard:\n") == 1 and text.count("\nlanguage: en-GB") == 1
    text = text.replace("\nboard:\n", f"\nboard:\n  logo: {{src: logo.png, alt: {alt}}}\n")
    return text.replace("\nlanguage: en-GB", f"\nlanguage: {language}")


def example_files() -> list[Path]:
    """The example issues of other (fictional) boards: every block type, periods, Welsh."""
    return sorted((EXAMPLES / "issues").glob("*.yaml"))


def problem_lines(problems) -> str:
    return "\n".join(str(p) for p in problems)


def board_of(source: Path) -> dict:
    return yaml.safe_load(source.read_text(encoding="utf-8"))["board"]


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of issues/ plus extra/: issue 2 in Welsh and issue 2 with a logo."""
    root = tmp_path_factory.mktemp("a11y")
    shutil.copytree(ISSUES, root / "issues")
    shutil.copytree(EXAMPLES, root / "examples")
    extra = root / "extra"
    extra.mkdir()
    (extra / "logo.png").write_bytes(png(160, 48, (29, 79, 145)))
    source = (ISSUES / "issue-2.yaml").read_text(encoding="utf-8")
    welsh = variant(source, alt="Logo Bwrdd Diogelu Plant Bradford", language="cy-GB")
    (extra / f"{WELSH}.yaml").write_text(welsh, encoding="utf-8")
    logo = variant(source, alt="Bradford Safeguarding Children Board logo")
    (extra / f"{WITH_LOGO}.yaml").write_text(logo, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(project) -> Path:
    """`scrnews build` (the archive, if it makes one), then every issue it left out, and extra/."""
    archive = scrnews("build", "--out", "out", cwd=project)
    assert archive.returncode == 0, archive.stderr
    out = project / "out"
    left_out = [
        f"issues/{path.name}"
        for path in sorted((project / "issues").glob("*.yaml"))
        if not (out / path.stem / "index.html").is_file()
    ]
    extra = [f"extra/{WELSH}.yaml", f"extra/{WITH_LOGO}.yaml"]
    extra += [f"examples/issues/{path.name}" for path in example_files()]
    issues = scrnews("build", *left_out, *extra, "--out", "out", cwd=project)
    assert issues.returncode == 0, issues.stderr
    return out


@pytest.fixture(scope="module")
def report(site, chromium):
    """Every check on every page and PDF of the site."""
    return run_audit(site, chromium=chromium)


@pytest.fixture(scope="module")
def broken(project) -> Path:
    """Issue 2 with a logo, built with the broken theme into broken-out/."""
    done = scrnews(
        "build",
        f"extra/{WITH_LOGO}.yaml",
        "--templates",
        str(BROKEN_THEME),
        "--out",
        "broken-out",
        cwd=project,
    )
    assert done.returncode == 0, done.stderr
    return project / "broken-out"


@pytest.fixture(scope="module")
def broken_report(broken, chromium):
    return run_audit(broken, chromium=chromium)


# ---------------------------------------------------------------- 1. every build is clean


def test_every_page_and_pdf_is_audited(report, site, project):
    stems = [path.stem for path in sorted((project / "issues").glob("*.yaml"))]
    stems += [WELSH, WITH_LOGO, *(path.stem for path in example_files())]
    assert len(stems) >= 6
    assert {site / stem / "index.html" for stem in stems} <= set(report.pages)
    assert {site / stem / f"{stem}.pdf" for stem in stems} <= set(report.pdfs)
    if (site / "index.html").is_file():  # the archive's front page
        assert report.pages[0] == site / "index.html"


def test_every_check_ran(report, need_tool):
    if report.missing:
        need_tool(ToolMissing("\n".join(report.missing)))
    assert report.ran == list(CHECKS)


@pytest.mark.parametrize("check", list(CHECKS))
def test_no_problems(report, check):
    found = [p for p in report.problems if p.check == check]
    assert not found, f"{check}: {len(found)} problems\n{problem_lines(found)}"


def test_no_problems_at_all(report):
    assert report.problems == [], problem_lines(report.problems)
    assert report.summary().startswith(
        f"No accessibility problems in {len(report.pages)} pages and {len(report.pdfs)} PDFs"
    )


def test_the_logo_is_checked_in_html_and_pdf(report, site):
    """The clean run really saw an image: alt in the page, a Figure with /Alt in the PDF."""
    import pikepdf

    from scrnews.audit.pdf_struct import walk

    page = (site / WITH_LOGO / "index.html").read_text(encoding="utf-8")
    assert '<img class="logo" src="assets/logo.png" alt="Bradford Safeguarding' in page
    with pikepdf.open(site / WITH_LOGO / f"{WITH_LOGO}.pdf") as pdf:
        alts = [str(node.elem.get("/Alt", "")) for node in walk(pdf) if node.tag == "Figure"]
    assert alts[0] == "Bradford Safeguarding Children Board logo"
    assert all(alt.strip() for alt in alts), alts


# ---------------------------------------------------------------- 2. the checks can fail

#: What the broken theme breaks, and how each check must report it:
#: (check, criterion, element as a regular expression, words in the message).
FAULTS = [
    ("axe", "WCAG 1.1.1 Non-text Content", r"img(\.logo)?", "[image-alt]"),
    ("axe", "WCAG 1.4.3 Contrast (Minimum)", r"\.board-name", "foreground color: #aaaaaa"),
    ("axe", "WCAG 1.3.1 Info and Relationships", r".*\bh4(\.study-title)?", "[heading-order]"),
    (
        "HTML validity",
        "WCAG 4.1.1 Parsing / HTML validity",
        r'line \d+: <img class="logo" src="assets/logo\.png">',
        "“img” element must have an “alt” attribute",
    ),
    (
        "HTML validity",
        "WCAG 4.1.1 Parsing / HTML validity",
        r'line \d+: <h4 class="study-title">',
        "follows the heading “h2” (with computed level 2), skipping 1 heading level",
    ),
    (
        "PDF structure",
        "PDF/UA 7.3 Graphics",
        r"Document/(\w+(\[\d+\])?/)*Figure \(page 1\)",
        "Figure has no /Alt text",
    ),
    (
        "PDF structure",
        "PDF/UA 7.4.2 Headings",
        r"Document/(\w+(\[\d+\])?/)*H4 \(page \d+\)",
        "follows H2: a heading level is skipped",
    ),
]


def _matches(problem, fault) -> bool:
    check, criterion, element, words = fault
    return (
        problem.check == check
        and problem.criterion == criterion
        and re.fullmatch(element, problem.element) is not None
        and words in problem.message
    )


@pytest.mark.parametrize("fault", FAULTS, ids=[f"{f[0]}-{f[1].split()[1]}" for f in FAULTS])
def test_broken_theme_fault_is_reported_once(broken_report, broken, fault):
    found = [p for p in broken_report.problems if _matches(p, fault)]
    assert len(found) == 1, f"{fault}\nreported:\n{problem_lines(broken_report.problems)}"
    page = "index.html" if fault[0] != "PDF structure" else f"{WITH_LOGO}.pdf"
    assert found[0].page == str(broken / WITH_LOGO / page)


def test_broken_theme_reports_nothing_else(broken_report):
    others = [p for p in broken_report.problems if not any(_matches(p, f) for f in FAULTS)]
    assert others == [], problem_lines(others)
    assert broken_report.ran == list(CHECKS)


def test_reordered_pdf_is_reported_by_the_reading_order_check(project, need_tool):
    """A print-only stylesheet moves the foreword to the end: the PDF reads out of order."""
    done = scrnews(
        "build",
        "issues/issue-2.yaml",
        "--templates",
        str(REORDERED_THEME),
        "--out",
        "reordered-out",
        cwd=project,
    )
    assert done.returncode == 0, done.stderr
    out = project / "reordered-out"
    try:
        result = run_audit(out, browser=False, validate=False)
    except ToolMissing as error:
        need_tool(error)
    found = [p for p in result.problems if p.check == "reading order"]
    # The web page goes on from the foreword to the next section; the PDF read that earlier.
    headings = [text for _, text in read_outline(out / "issue-2" / "index.html").headings]
    foreword = yaml.safe_load((ISSUES / "issue-2.yaml").read_text(encoding="utf-8"))["body"][0]
    after_foreword = headings[headings.index(foreword["heading"]) + 1]
    assert [(p.element, p.criterion) for p in found] == [
        (f'h2 "{after_foreword}"', "WCAG 1.3.2 Meaningful Sequence")
    ], problem_lines(result.problems)
    assert "but the web page has it after" in found[0].message


# ---------------------------------------------------------------- 3. scrnews audit


def test_audit_command_on_a_clean_build(site, tmp_path, chromium):
    # `chromium` only makes this test fail (or skip) like the others when there is none.
    shutil.copytree(site / WITH_LOGO, tmp_path / "clean" / WITH_LOGO)
    done = scrnews("audit", "clean", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    zeros = ", ".join(f"{check} 0" for check in CHECKS)
    assert done.stdout.splitlines() == [
        f"No accessibility problems in 1 page and 1 PDF in clean ({zeros})."
    ]


def test_audit_command_lists_every_problem_and_fails(broken, project, chromium):
    done = scrnews("audit", "broken-out", cwd=project)
    assert done.returncode == 1, done.stdout + done.stderr
    *lines, summary = done.stdout.splitlines()
    shape = re.compile(
        rf"broken-out/{WITH_LOGO}/(index\.html|{WITH_LOGO}\.pdf): .+: "
        r"(WCAG \d\.\d\.\d+ [A-Z][^:]+|PDF/UA [\d.]+ [A-Z][^:]+): .+"
    )
    assert [line for line in lines if not shape.fullmatch(line)] == []
    assert len(lines) == len(FAULTS)
    assert any(
        line.startswith(
            f"broken-out/{WITH_LOGO}/index.html: .board-name: WCAG 1.4.3 Contrast (Minimum): "
            "Elements must meet minimum color contrast ratio thresholds [color-contrast]"
        )
        for line in lines
    )
    counts = {check: sum(f[0] == check for f in FAULTS) for check in CHECKS}
    assert summary == (
        f"Error: {len(FAULTS)} accessibility problems in 1 page and 1 PDF in broken-out ("
        + ", ".join(f"{check} {count}" for check, count in counts.items())
        + ")."
    )


def test_audit_command_without_chromium_says_how_to_install_it(broken, project):
    done = scrnews(
        "audit",
        "broken-out",
        "--no-html-validation",
        cwd=project,
        env={"SCRNEWS_CHROMIUM": NO_CHROMIUM},
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "warning: axe, keyboard, reflow, text zoom, fonts not run: "
        f"SCRNEWS_CHROMIUM={NO_CHROMIUM} is not an executable file. The accessibility audit "
        "needs Chromium. Install it with 'apt-get install chromium' (Debian/Ubuntu) or "
        "'brew install --cask chromium' (macOS), or set SCRNEWS_CHROMIUM to the path of a "
        "Chromium or Chrome executable."
    ]
    *lines, summary = done.stdout.splitlines()
    pdf_faults = [f for f in FAULTS if f[0] == "PDF structure"]
    assert [line.split(": ")[2] for line in lines] == [f[1] for f in pdf_faults]
    assert summary == (
        "Error: 2 accessibility problems in 1 page and 1 PDF in broken-out "
        "(PDF structure 2, reading order 0, local files 0). Not run: axe, keyboard, reflow, "
        "text zoom, fonts (see the warning above)."
    )


def test_audit_command_no_browser_needs_no_chromium(site, tmp_path):
    shutil.copytree(site / WELSH, tmp_path / "out" / WELSH)
    env = {"SCRNEWS_CHROMIUM": NO_CHROMIUM}
    done = scrnews("audit", "--no-browser", "--no-html-validation", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == (
        "No accessibility problems in 1 page and 1 PDF in out (PDF structure 0, reading order 0, "
        "local files 0).\n"
    )
    assert done.stderr == ""


def test_audit_command_with_nothing_built(tmp_path):
    (tmp_path / "empty").mkdir()
    done = scrnews("audit", "empty", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        "Error: there are no built pages or PDFs in empty/ (looked for index.html, */index.html "
        "and */*.pdf). Build first with `scrnews build --out empty`.\n"
    )


# ---------------------------------------------------------------- 4. other formats


def _issue_sources(project: Path) -> dict[str, Path]:
    sources = {path.stem: path for path in (project / "issues").glob("*.yaml")}
    sources.update({stem: project / "extra" / f"{stem}.yaml" for stem in (WELSH, WITH_LOGO)})
    return sources


def test_every_issue_page_ends_with_other_formats(site, project, html_text):
    for stem, source in _issue_sources(project).items():
        language = yaml.safe_load(source.read_text(encoding="utf-8")).get("language", "en-GB")
        heading, formats = FORMATS[language]
        page = site / stem / "index.html"
        assert read_outline(page).headings[-1] == (2, heading), stem
        footer = html_text(page).rsplit(heading, 1)[1]
        for words in formats:
            assert words in footer, (stem, words)
        board = board_of(source)
        assert board["email"] in footer, stem
        if board.get("phone"):
            assert str(board["phone"]) in footer, stem


def test_other_formats_are_in_the_pdf_too(site, project, html_text, pdf_pages, tight):
    for stem in (path.stem for path in (project / "issues").glob("*.yaml")):
        page = html_text(site / stem / "index.html")
        paragraph = page.rsplit("Other formats", 1)[1].split(" Download this issue")[0]
        assert "large print, easy read, audio or another language" in paragraph
        last_page = pdf_pages(site / stem / f"{stem}.pdf")[-1]
        assert tight("Other formats" + paragraph) in tight(last_page), stem


def test_other_formats_in_welsh_pdf(site, pdf_pages, tight):
    heading, formats = FORMATS["cy-GB"]
    last_page = tight(pdf_pages(site / WELSH / f"{WELSH}.pdf")[-1])
    assert tight(heading) in last_page
    assert tight(", ".join(formats[:3])) in last_page
    assert (
        tight("cysylltwch â Bradford Safeguarding Children Board drwy e-bostio info@") in last_page
    )


@pytest.mark.parametrize(
    ("board", "settings", "expected"),
    [
        (
            {"website": "https://scp.example.org"},
            None,
            "If you need this newsletter in another format, such as large print, easy read, "
            "audio or another language, please contact Example Safeguarding Children "
            "Partnership through https://scp.example.org.",
        ),
        (
            {"phone": "01632 960 123"},
            None,
            "If you need this newsletter in another format, such as large print, easy read, "
            "audio or another language, please contact Example Safeguarding Children "
            "Partnership by phone on 01632 960 123.",
        ),
        (
            {"email": "scp@example.org", "website": "https://scp.example.org"},
            {"alternative_formats": "For Braille, British Sign Language or large print, contact"},
            "For Braille, British Sign Language or large print, contact Example Safeguarding "
            "Children Partnership at scp@example.org.",
        ),
    ],
    ids=["website-only", "phone-only", "board-settings-text"],
)
def test_other_formats_use_the_boards_contact_and_settings(
    make_issue, tmp_path, html_text, board, settings, expected
):
    issue = make_issue(board=board)
    if settings is not None:
        (tmp_path / "scrnews.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    done = scrnews("build", str(issue), "--format", "html", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    footer = html_text(tmp_path / "out" / "issue" / "index.html").rsplit("Other formats", 1)[1]
    assert footer.startswith(f" {expected} ")


def test_tighten_ignores_what_pdf_extraction_changes():
    assert tighten("Re-\nview  ﬁles “here”") == tighten('Review files "here"')
