"""Findings of issue #14 about what a build leaves in out/: the archive index's own files,
single and archive builds sharing out/, and `scrnews audit` noticing a missing file."""

from __future__ import annotations

import logging
from pathlib import Path

from click.testing import CliRunner

from scrnews.archive.report import Outcome, Reporter
from scrnews.audit.local_files import check_local_files
from scrnews.audit.run import run_audit
from scrnews.cli import cli


def scrnews(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="scrnews")


def test_the_archive_index_has_every_file_it_links(project):
    assert scrnews("build", "--format", "html").exit_code == 0
    index = project / "out" / "index.html"
    assert 'href="print.css"' in index.read_text(encoding="utf-8")
    assert (project / "out" / "print.css").is_file()
    assert (
        project / "out" / "fonts" / "atkinson-hyperlegible-next-latin-400-normal.woff2"
    ).is_file()
    assert check_local_files([index]) == []


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".out."))


def test_single_and_archive_builds_share_out_without_leftovers(project):
    for args in (
        ("build", "issues/issue-2.yaml", "--format", "html"),
        ("build", "--format", "html"),
        ("build", "issues/issue-2.yaml", "--format", "html"),
        ("build", "--format", "html"),
    ):
        result = scrnews(*args)
        assert result.exit_code == 0, result.output
        assert "left .out.new-" not in result.output
        assert _leftovers(project) == [], args
    assert (project / "out" / "issue-2" / "index.html").is_file()


def test_audit_reports_each_missing_local_file(tmp_path):
    out = tmp_path / "out"
    (out / "issue-1" / "fonts").mkdir(parents=True)
    (out / "issue-1" / "fonts" / "here.woff2").write_bytes(b"x")
    (out / "issue-1" / "logo.png").write_bytes(b"x")
    page = out / "issue-1" / "index.html"
    page.write_text(
        "<!DOCTYPE html><html lang=en><head><title>t</title>"
        '<link rel="stylesheet" href="print.css">'
        '<style>@font-face { src: url("fonts/here.woff2"); } '
        "@font-face { src: url(fonts/gone.woff2); }</style></head><body>"
        '<img src="logo.png" alt="a"> <img src="assets/missing.png" alt="b">'
        '<a href="https://www.gov.uk/">web</a> <a href="mailto:a@b.org">mail</a> '
        '<a href="#top">top</a> <a href="../">all issues</a> <a href="../issue-0/">old</a>'
        "</body></html>",
        encoding="utf-8",
    )
    (out / "index.html").write_text("<a href='issue-1/'>one</a>", encoding="utf-8")
    found = [str(p) for p in check_local_files([page])]
    assert found == [
        f'{page}: <link href="print.css">: missing file: print.css points to '
        f"{out / 'issue-1' / 'print.css'}, which is not there",
        f"{page}: <style> url(fonts/gone.woff2): missing file: fonts/gone.woff2 points to "
        f"{out / 'issue-1' / 'fonts' / 'gone.woff2'}, which is not there",
        f'{page}: <img src="assets/missing.png">: missing file: assets/missing.png points to '
        f"{out / 'issue-1' / 'assets' / 'missing.png'}, which is not there",
        f'{page}: <a href="../issue-0/">: missing file: ../issue-0/ points to '
        f"{out / 'issue-1' / '..' / 'issue-0' / 'index.html'}, which is not there",
    ]
    report = run_audit(out, browser=False, validate=False)
    assert report.counts() == {"local files": 4}
    assert not report.ok


def test_one_page_is_one_page(caplog):
    caplog.set_level(logging.INFO, logger="scrnews")
    Reporter().advance(Outcome(Path("issues/issue-1.yaml"), "built", pages=1, seconds=0.5))
    Reporter().advance(Outcome(Path("issues/issue-2.yaml"), "built", pages=2, seconds=0.5))
    assert [r.getMessage() for r in caplog.records] == [
        "built issues/issue-1.yaml (1 page, 0.5 s)",
        "built issues/issue-2.yaml (2 pages, 0.5 s)",
    ]
