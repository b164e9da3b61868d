"""Fixtures for the audit tests: the fixture folder, one Chromium, PDFs made by WeasyPrint."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrnews.audit import ToolMissing

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def vnu_ready(need_tool):
    """Make sure Java and vnu.jar are there before a validity test runs."""
    from scrnews.audit.vnu import find_java, find_vnu_jar

    try:
        find_java()
        find_vnu_jar()
    except ToolMissing as exc:
        need_tool(exc)


@pytest.fixture
def make_pdf(tmp_path):
    """Render a fixture (or HTML text) to PDF with WeasyPrint; return the PDF's path."""
    import weasyprint

    def make(name: str, *, html: str | None = None, variant: str | None = "pdf/ua-1") -> Path:
        text = html if html is not None else (FIXTURES / name).read_text(encoding="utf-8")
        pdf = tmp_path / (Path(name).stem + ".pdf")
        document = weasyprint.HTML(string=text, base_url=str(FIXTURES) + "/")
        document.write_pdf(pdf, pdf_variant=variant)
        return pdf

    return make
