"""Shared fixtures: a project copy to build from, issue 2 built once, a minimal-issue factory.

Helpers that read outputs the way a reader would are fixtures too (`html_text`, `pdf_text`,
`pdf_pages`, `tight`), so every test compares against the same extracted text. (They are
fixtures, not imports: tests/ and tests/audit/ each have a conftest and no package.)
"""

from __future__ import annotations

import copy
import logging
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ISSUES = ROOT / "issues"
FIXTURES = Path(__file__).parent / "fixtures"

#: The smallest issue that validates; make_issue() starts from a deep copy of it.
MINIMAL_ISSUE: dict = {
    "board": {"name": "Example Safeguarding Children Partnership"},
    "number": 1,
    "date": "2024-06",
    "body": [
        {"type": "message", "text": "A short foreword.", "signatories": [{"name": "A. Chair"}]}
    ],
}

#: Top-level sections of the first issue form (still read, as blocks): a test that writes
#: one gets an issue in that form, without the default body.
OLD_SECTIONS = {
    "introduction",
    "foreword",
    "articles",
    "local_reviews",
    "initiatives",
    "action_plans",
    "national_studies",
    "local_learning",
    "sections",
    "further_reading",
    "contacts",
    "feedback",
}


ALLOW_SKIP = "SCRNEWS_ALLOW_SKIP_BROWSER"


def _need_tool(error: Exception) -> None:
    """Skip when the developer allowed it (SCRNEWS_ALLOW_SKIP_BROWSER=1); otherwise fail."""
    import os

    if os.environ.get(ALLOW_SKIP) == "1":
        pytest.skip(str(error))
    pytest.fail(f"{error} (set {ALLOW_SKIP}=1 to skip instead)", pytrace=False)


@pytest.fixture(scope="session")
def need_tool():
    """What a test calls when a tool (Chromium, Java, vnu.jar, pdftotext) is missing."""
    return _need_tool


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the whole run.

    Launching it is slow, and Playwright's sync API allows only one instance per thread,
    so every browser test (audit, accessibility, figures, preview) shares this one.
    """
    from scrnews.audit import ToolMissing
    from scrnews.audit.browser import open_browser

    try:
        with open_browser() as browser:
            yield browser
    except ToolMissing as exc:
        _need_tool(exc)


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes seconds (builds a wheel); still run by default")


# ---------------------------------------------------------------- reading outputs


class _TextParser(HTMLParser):
    """Collect visible text, with a space wherever a block element starts or ends."""

    SKIP = {"script", "style", "head", "title"}
    INLINE = {
        *("a", "em", "strong", "span", "code", "abbr", "b", "i", "small", "sub", "sup", "time"),
        "wbr",  # a line-break opportunity in an address: no space
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def read_html_text(path_or_html: Path | str) -> str:
    """The visible text of an HTML file (or string), whitespace collapsed to single spaces."""
    html = path_or_html
    if isinstance(html, Path):
        html = html.read_text(encoding="utf-8")
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return squash("".join(parser.parts))


def read_pdf_text(path: Path, *, engine: str = "poppler", layout: bool = False) -> str:
    """The text of a PDF as extracted by poppler's pdftotext (default) or by pypdf."""
    if engine == "pypdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    args = ["pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8", str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def read_pdf_pages(path: Path) -> list[str]:
    """pdftotext's text, one string per page (pages end with a form feed)."""
    return read_pdf_text(path).split("\f")[:-1]


_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "}


def squash(text: str) -> str:
    """Collapse every run of whitespace into one space."""
    return " ".join(text.split())


def tighten(text: str) -> str:
    """Text reduced for comparing against a PDF: ligatures opened, quotes straightened,
    and every space and hyphen dropped (line wrapping and pdftotext's de-hyphenation move them)."""
    text = unicodedata.normalize("NFC", text)
    for old, new in {**_LIGATURES, **_QUOTES}.items():
        text = text.replace(old, new)
    return re.sub(r"[\s\-\u00ad]+", "", text)


# ---------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def _restore_scrnews_logging():
    """The CLI points the 'scrnews' logger at CliRunner's stderr; undo that after each test."""
    logger = logging.getLogger("scrnews")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    yield
    logger.handlers[:], logger.level, logger.propagate = saved


@pytest.fixture(scope="session")
def html_text():
    """html_text(path or markup) -> visible text, whitespace collapsed."""
    return read_html_text


@pytest.fixture(scope="session")
def pdf_text():
    """pdf_text(path, engine="poppler"|"pypdf", layout=False) -> extracted text."""
    return read_pdf_text


@pytest.fixture(scope="session")
def pdf_pages():
    """pdf_pages(path) -> pdftotext's text of each page."""
    return read_pdf_pages


@pytest.fixture(scope="session")
def tight():
    """tight(text) -> text without spaces, hyphens, ligatures or curly quotes (for PDF text)."""
    return tighten


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A scratch project: a copy of issues/ (and scrnews.yaml) in tmp_path, the working folder."""
    shutil.copytree(ISSUES, tmp_path / "issues")
    if (ROOT / "scrnews.yaml").is_file():
        shutil.copy2(ROOT / "scrnews.yaml", tmp_path / "scrnews.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@dataclass(frozen=True)
class Built:
    """Where a build put its files."""

    source: Path
    out: Path
    html: Path
    pdf: Path
    pages: int | None


@pytest.fixture(scope="session")
def built_issue2(tmp_path_factory) -> Built:
    """issues/issue-2.yaml built once (HTML and PDF) for the whole test session."""
    from scrnews.build import build_issue

    out = tmp_path_factory.mktemp("built")
    result = build_issue(ISSUES / "issue-2.yaml", out, strict=True)
    assert result.html and result.pdf, result
    return Built(ISSUES / "issue-2.yaml", out, result.html, result.pdf, result.pages)


def _merge(base: dict, overrides: dict) -> dict:
    """Deep-merge overrides into base; a value of None removes the key."""
    for key, value in overrides.items():
        if value is None:
            base.pop(key, None)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


@pytest.fixture
def make_issue(tmp_path):
    """Write a minimal valid issue, changed by keyword overrides, to tmp_path; return its path.

    make_issue(number=3, board={"email": "x@example.org"}) merges into the minimal issue;
    make_issue(foreword=None) removes a key; make_issue(_name="b.yaml") picks the file name.
    """

    def make(_name: str = "issue.yaml", **overrides) -> Path:
        base = copy.deepcopy(MINIMAL_ISSUE)
        if OLD_SECTIONS & overrides.keys() and "body" not in overrides:
            del base["body"]  # the old form: its sections instead of a body
        data = _merge(base, overrides)
        path = tmp_path / _name
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return make


@pytest.fixture
def write_issue(tmp_path):
    """Write raw YAML text (for the mistakes a factory cannot make) to tmp_path; return its path."""

    def write(text: str, name: str = "issue.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
