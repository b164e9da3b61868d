"""The command line: options map to the build, exit codes are 0 / 1 / 2, warnings reach stderr."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import pytest
from click.testing import CliRunner

from scrnews.cli import cli


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Run the CLI in tmp_path (the working folder); return the click Result."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), prog_name="scrnews")

    return invoke


def files_under(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def pages_and_pdfs(folder) -> list[str]:
    """The built editions under folder, leaving out assets such as fonts and images."""
    return [f for f in files_under(folder) if f.endswith(("/index.html", ".pdf"))]


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"scrnews, version {version('scrnews')}\n"


def test_help_lists_the_commands(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "Usage: scrnews" in result.output
    assert "  build  " in result.output
    assert "  check  " in result.output


def test_build_help_names_its_options(run):
    result = run("build", "--help")
    assert result.exit_code == 0
    for option in ("--out", "--format", "--templates", "--strict", "--base-url", "--attach-pdf"):
        assert option in result.output
    assert "-f, --format EDITIONS" in result.output
    assert "html, pdf, email, or several joined by commas (html,pdf,email); both is html,pdf" in (
        " ".join(result.output.split())
    )


def test_python_dash_m(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "scrnews", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: scrnews" in done.stdout
    assert "build" in done.stdout and "check" in done.stdout


def test_format_html_writes_only_the_page(run, make_issue, tmp_path):
    make_issue()
    result = run("build", "issue.yaml", "--format", "html")
    assert result.exit_code == 0, result.output
    assert pages_and_pdfs(tmp_path / "out") == ["issue/index.html"]
    page = (tmp_path / "out" / "issue" / "index.html").read_text(encoding="utf-8")
    assert "A short foreword." in page
    assert "issue.pdf" not in page  # no link to a PDF that was not made
    assert result.stderr == "built out/issue/index.html\n"


def test_format_pdf_writes_only_the_pdf(run, make_issue, tmp_path):
    make_issue()
    result = run("build", "issue.yaml", "--format", "pdf", "--out", "public")
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path / "public") == ["issue/issue.pdf"]
    assert (tmp_path / "public" / "issue" / "issue.pdf").read_bytes().startswith(b"%PDF-")
    assert not (tmp_path / "out").exists()


def test_default_builds_both_into_out(run, make_issue, tmp_path):
    make_issue()
    result = run("build", "issue.yaml")
    assert result.exit_code == 0, result.output
    assert pages_and_pdfs(tmp_path / "out") == ["issue/index.html", "issue/issue.pdf"]
    page = (tmp_path / "out" / "issue" / "index.html").read_text(encoding="utf-8")
    assert 'href="issue.pdf"' in page


def test_out_folder_is_used(run, make_issue, tmp_path):
    make_issue(_name="spring-2024.yaml")
    result = run("build", "spring-2024.yaml", "-f", "html", "-o", "site/newsletters")
    assert result.exit_code == 0, result.output
    assert pages_and_pdfs(tmp_path / "site") == ["newsletters/spring-2024/index.html"]


def test_no_issue_named_builds_the_issues_folder(run, make_issue, tmp_path):
    (tmp_path / "issues").mkdir()
    make_issue(_name="issues/a.yaml")
    make_issue(_name="issues/b.yaml", number=2)
    result = run("build", "--format", "html")
    assert result.exit_code == 0, result.output
    assert pages_and_pdfs(tmp_path / "out") == ["a/index.html", "b/index.html"]


def test_no_issue_and_no_issues_folder_is_a_usage_error(run):
    result = run("build")
    assert result.exit_code == 2
    assert "name an issue file, such as `scrnews build issues/issue-2.yaml`" in result.stderr


def test_bad_format_is_a_usage_error(run, make_issue, tmp_path):
    make_issue()
    result = run("build", "issue.yaml", "--format", "docx")
    assert result.exit_code == 2
    assert (
        "Invalid value for '-f' / '--format': 'docx' is not an edition. Write html, pdf, email "
        "or both, or several joined by commas, such as html,pdf,email." in result.stderr
    )
    assert not (tmp_path / "out").exists()


def test_unknown_option_is_a_usage_error(run):
    assert run("build", "--colour").exit_code == 2


def test_bad_input_exits_1(run, make_issue):
    make_issue(number="first")
    result = run("build", "issue.yaml", "--format", "html")
    assert result.exit_code == 1
    assert "number: expected a whole number such as 2, found the text 'first'." in result.stderr


def test_check_ok_exits_0(run, make_issue):
    make_issue()
    result = run("check", "issue.yaml")
    assert result.exit_code == 0
    assert result.stderr == "1 issue file OK\n"


def test_quiet_hides_progress(run, make_issue):
    make_issue()
    result = run("-q", "build", "issue.yaml", "--format", "html")
    assert result.exit_code == 0
    assert result.output == ""


@pytest.fixture
def bad_css(tmp_path):
    """A board theme whose PDF page rules have a property WeasyPrint does not know."""
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "pdf.css").write_text(
        '{% include "default/pdf.css" %}\nbody { colr: red; }\n', encoding="utf-8"
    )
    return folder


def test_weasyprint_warnings_are_shown(run, make_issue, bad_css, tmp_path):
    make_issue()
    result = run("build", "issue.yaml", "--format", "pdf", "--templates", str(bad_css))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "warning: issue.yaml: WeasyPrint: Ignored `colr: red`" in result.stderr
    assert "unknown property" in result.stderr
    assert (tmp_path / "out" / "issue" / "issue.pdf").is_file()


def test_strict_fails_on_a_weasyprint_warning(run, make_issue, bad_css, tmp_path):
    make_issue()
    result = run("build", "issue.yaml", "--strict", "--templates", str(bad_css))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = result.stderr.splitlines()  # each warning once, as an error, not also as a warning
    assert len(errors) == 2, result.stderr
    assert errors[0].startswith("issue.yaml: WeasyPrint: Ignored `colr: red`")
    assert errors[0].endswith("unknown property. (--strict turns warnings into errors)")
    assert errors[1] == "Error: 1 problem found; nothing was written."
    assert not (tmp_path / "out").exists()


def test_strict_passes_a_clean_build(run, make_issue, tmp_path):
    make_issue()
    result = run("build", "issue.yaml", "--strict", "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
