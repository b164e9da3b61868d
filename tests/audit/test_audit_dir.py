"""audit_dir finds the pages and PDFs of a build folder and audits them all."""

from __future__ import annotations

import shutil
from pathlib import Path

from scrnews.audit import audit_dir

FIXTURES = Path(__file__).parent / "fixtures"


def add_issue(out: Path, stem: str, page: str, make_pdf) -> Path:
    """Lay out one issue like the build does: <out>/<stem>/index.html and <stem>.pdf."""
    folder = out / stem
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / page, folder / "index.html")
    for asset in ("base.css", "dot.svg"):
        shutil.copy(FIXTURES / asset, folder / asset)
    make_pdf(page).rename(folder / f"{stem}.pdf")
    return folder


def test_clean_build_folder_has_no_problems(tmp_path, make_pdf, chromium, vnu_ready):
    out = tmp_path / "out"
    add_issue(out, "issue-1", "good.html", make_pdf)
    shutil.copy(FIXTURES / "good.html", out / "index.html")
    shutil.copy(FIXTURES / "base.css", out / "base.css")
    shutil.copy(FIXTURES / "dot.svg", out / "dot.svg")
    assert audit_dir(out, chromium=chromium) == []


def test_problems_name_the_page_under_the_out_folder(tmp_path, make_pdf, chromium, vnu_ready):
    out = tmp_path / "out"
    add_issue(out, "issue-1", "good.html", make_pdf)
    add_issue(out, "issue-2", "wide.html", make_pdf)
    problems = audit_dir(out, chromium=chromium)
    assert [(p.page, p.element, p.criterion) for p in problems] == [
        (str(out / "issue-2" / "index.html"), "#banner", "WCAG 1.4.10 Reflow"),
    ]


def test_without_browser_only_validity_and_pdf_checks_run(tmp_path, make_pdf, vnu_ready):
    out = tmp_path / "out"
    add_issue(out, "issue-1", "img-no-alt.html", make_pdf)
    problems = audit_dir(out, browser=False)
    assert [p.criterion for p in problems] == [
        "WCAG 4.1.1 Parsing / HTML validity",
        "PDF/UA 7.3 Graphics",
    ]


def test_pdf_checks_alone(tmp_path, make_pdf):
    out = tmp_path / "out"
    add_issue(out, "issue-1", "img-no-alt.html", make_pdf)
    problems = audit_dir(out, browser=False, validate=False)
    assert [(p.page, p.criterion) for p in problems] == [
        (str(out / "issue-1" / "issue-1.pdf"), "PDF/UA 7.3 Graphics"),
    ]
