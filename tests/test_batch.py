"""Archive builds: every issue at once, in workers, incrementally, robustly (issue #6).

A 12-issue archive is built once with PDFs (module fixture); tests that change it work on
a copy. Tests that only need web pages build their own archive with --format html.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import pytest
from archive_factory import issue_data, write_archive, write_issue
from click.testing import CliRunner
from pypdf import PdfReader

from scrnews.archive.manifest import MANIFEST_NAME
from scrnews.cli import cli

COUNT = 12


def scrnews(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="scrnews")


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file under out/, by relative path."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def built_stems(output: str) -> list[str]:
    return sorted(re.findall(r"^built issues/(issue-\d+)\.yaml", output, flags=re.M))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A 12-issue project built once, HTML and PDF, with --jobs 2; returns (project, CLI result)."""
    from archive_factory import working_in

    project = tmp_path_factory.mktemp("archive")
    write_archive(project, COUNT)
    with working_in(project):
        result = scrnews("build", "--jobs", "2")
    return project, result


@pytest.fixture
def copy_of(archive, tmp_path, monkeypatch):
    """A copy of the built archive to change, as the working folder."""
    project = tmp_path / "board"
    shutil.copytree(archive[0], project, symlinks=True)
    monkeypatch.chdir(project)
    return project


@pytest.fixture
def html_archive(tmp_path, monkeypatch):
    """A 12-issue project built as web pages only (fast), as the working folder."""
    write_archive(tmp_path, COUNT)
    monkeypatch.chdir(tmp_path)
    result = scrnews("build", "--format", "html")
    assert result.exit_code == 0, result.output
    return tmp_path


# ---------------------------------------------------------------- a whole archive


def test_cold_build_makes_every_issue_and_the_site(archive):
    project, result = archive
    assert result.exit_code == 0, result.output
    assert built_stems(result.output) == sorted(f"issue-{n}" for n in range(1, COUNT + 1))
    out = project / "out"
    for n in range(1, COUNT + 1):
        assert (out / f"issue-{n}" / "index.html").is_file()
        assert PdfReader(out / f"issue-{n}" / f"issue-{n}.pdf").pages
    assert (out / "index.html").is_file() and (out / "feed.xml").is_file()


def test_summary_table_counts_built_skipped_failed_and_time(archive):
    output = archive[1].output
    assert re.search(r"^built\s+12$", output, re.M), output
    assert re.search(r"^skipped\s+0$", output, re.M)
    assert re.search(r"^failed\s+0$", output, re.M)
    assert re.search(r"^total\s+12\s+\d+\.\d s$", output, re.M)


def test_archive_pdf_links_give_size_and_page_count(archive):
    out = archive[0] / "out"
    index = (out / "index.html").read_text(encoding="utf-8")
    for n in (1, 7, 12):
        pdf = out / f"issue-{n}" / f"issue-{n}.pdf"
        pages = len(PdfReader(pdf).pages)
        kb = math.ceil(pdf.stat().st_size / 1024)
        link = re.search(
            rf'<a class="pdf-link" href="issue-{n}/issue-{n}.pdf">(.*?)</a>', index, re.S
        )
        assert link, f"no PDF link for issue {n}"
        assert f"(PDF, {kb} KB, {pages} pages)" in link[1]


def test_unchanged_archive_is_not_rebuilt(copy_of):
    out = copy_of / "out"
    before = snapshot(out)
    inodes = {p: p.stat().st_ino for p in out.rglob("*.pdf")}
    result = scrnews("build", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert built_stems(result.output) == []
    assert re.search(r"^skipped\s+12$", result.output, re.M)
    assert snapshot(out) == before
    assert {p: p.stat().st_ino for p in out.rglob("*.pdf")} == inodes


def test_editing_one_issue_rebuilds_that_issue_and_the_archive_pages(copy_of):
    out = copy_of / "out"
    before = snapshot(out)
    write_issue(copy_of / "issues", 5, title="A new headline for five")
    result = scrnews("build", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert built_stems(result.output) == ["issue-5"]
    after = snapshot(out)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {
        "issue-5/index.html",
        "issue-5/issue-5.pdf",
        "index.html",
        "feed.xml",
        MANIFEST_NAME,
    }
    assert "A new headline for five" in after["index.html"].decode()
    assert "A new headline for five" in after["issue-5/index.html"].decode()


def test_a_deleted_output_is_made_again_byte_for_byte(copy_of):
    """Also shows the build is deterministic, in or out of workers: the archive was built with
    --jobs 2 (worker processes), this remakes issue 4 in this process, and the bytes match."""
    out = copy_of / "out"
    before = snapshot(out)
    (out / "issue-4" / "issue-4.pdf").unlink()
    result = scrnews("build", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert built_stems(result.output) == ["issue-4"]
    assert snapshot(out) == before


def test_a_broken_issue_keeps_its_old_pages_and_the_others_are_built(copy_of):
    out = copy_of / "out"
    before = snapshot(out)
    write_issue(copy_of / "issues", 3, title="Issue three, edited")
    broken = copy_of / "issues" / "issue-7.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("date: 2013-07", "date: Julember 2013"),
        encoding="utf-8",
    )
    result = scrnews("build", "--jobs", "2")
    assert result.exit_code == 1
    assert re.search(
        r"issues/issue-7\.yaml:\d+:\d+: date: 'Julember 2013' is not a date", result.output
    )
    assert "1 of 12 issues not built; the pages they had in out/ are kept" in result.output
    assert built_stems(result.output) == ["issue-3"]
    after = snapshot(out)
    assert "Issue three, edited" in after["issue-3/index.html"].decode()
    for name in ("issue-7/index.html", "issue-7/issue-7.pdf"):
        assert after[name] == before[name]
    assert 'href="issue-7/"' in after["index.html"].decode()


def test_every_broken_issue_is_reported(html_archive):
    for n, good, bad in (
        (2, "number: 2", "number: two"),
        (9, "status: published", "status: maybe"),
    ):
        path = html_archive / "issues" / f"issue-{n}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(good, bad), encoding="utf-8")
    result = scrnews("build", "--format", "html")
    assert result.exit_code == 1
    assert re.search(r"issues/issue-2\.yaml:\d+:\d+: number:", result.output)
    assert re.search(r"issues/issue-9\.yaml:\d+:\d+: status:", result.output)
    assert "2 of 12 issues not built" in result.output


def test_out_is_left_whole_when_writing_fails(html_archive, monkeypatch):
    out = html_archive / "out"
    before = snapshot(out)
    write_issue(html_archive / "issues", 2, title="Never written")

    def fail(path, data):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr("scrnews.archive.publish._write_file", fail)
    result = scrnews("build", "--format", "html")
    assert result.exit_code == 1
    assert "cannot write the output: No space left on device" in result.output
    assert snapshot(out) == before
    assert sorted(p.name for p in html_archive.iterdir()) == ["issues", "out"]


# ---------------------------------------------------------------- what is rebuilt


def test_changing_a_template_rebuilds_every_issue(html_archive):
    overrides = html_archive / "overrides"
    overrides.mkdir()
    (overrides / "README.md").write_text("our templates\n", encoding="utf-8")
    result = scrnews("build", "--format", "html", "-t", "overrides")
    assert len(built_stems(result.output)) == COUNT
    assert built_stems(scrnews("build", "--format", "html", "-t", "overrides").output) == []
    (overrides / "footer.html").write_text(
        '{% extends "default/footer.html" %}\n', encoding="utf-8"
    )
    result = scrnews("build", "--format", "html", "-t", "overrides")
    assert result.exit_code == 0, result.output
    assert len(built_stems(result.output)) == COUNT


def test_board_settings_change_rebuilds_every_issue(html_archive):
    (html_archive / "scrnews.yaml").write_text("footer: Printed by the board.\n", encoding="utf-8")
    result = scrnews("build", "--format", "html")
    assert result.exit_code == 0, result.output
    assert len(built_stems(result.output)) == COUNT


def test_force_rebuilds_every_issue(html_archive):
    result = scrnews("build", "--format", "html", "--force")
    assert result.exit_code == 0, result.output
    assert len(built_stems(result.output)) == COUNT


def test_adding_an_issue_rebuilds_it_and_the_one_before_it(html_archive):
    """The newest issue gains a 'Next issue' link; nothing else changes."""
    write_issue(html_archive / "issues", 13)
    result = scrnews("build", "--format", "html")
    assert built_stems(result.output) == ["issue-12", "issue-13"]
    page = (html_archive / "out" / "issue-12" / "index.html").read_text(encoding="utf-8")
    assert 'rel="next" href="../issue-13/"' in page


def test_two_builds_of_the_same_inputs_are_identical(html_archive, tmp_path_factory):
    other = tmp_path_factory.mktemp("again")
    result = scrnews("build", "--format", "html", "--out", str(other / "out"))
    assert result.exit_code == 0, result.output
    assert snapshot(other / "out") == snapshot(html_archive / "out")


# ---------------------------------------------------------------- publication dates


def test_future_and_draft_issues_appear_only_with_drafts(html_archive):
    write_issue(html_archive / "issues", 13, date="2999-01")
    write_issue(html_archive / "issues", 14, date="2015-01", status="draft")
    out = html_archive / "out"
    result = scrnews("build", "--format", "html")
    assert result.exit_code == 0, result.output
    assert "left out issues/issue-13.yaml: dated 2999-01, after today" in result.output
    assert "left out issues/issue-14.yaml: marked draft" in result.output
    assert not (out / "issue-13").exists() and not (out / "issue-14").exists()
    assert "issue-13/" not in (out / "index.html").read_text(encoding="utf-8")

    result = scrnews("build", "--format", "html", "--drafts")
    assert result.exit_code == 0, result.output
    assert (out / "issue-13" / "index.html").is_file() and (
        out / "issue-14" / "index.html"
    ).is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="issue-13/"' in index and "(Draft)" in index

    scrnews("build", "--format", "html")  # published again without them: their pages go
    assert not (out / "issue-13").exists() and not (out / "issue-14").exists()


def test_source_date_epoch_sets_today(html_archive, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1356998400")  # 2013-01-01
    result = scrnews("build", "--format", "html")
    assert result.exit_code == 0, result.output
    out = html_archive / "out"
    listed = sorted(p.name for p in out.iterdir() if p.is_dir() and p.name != "fonts")
    assert listed == sorted(f"issue-{n}" for n in range(1, 6))  # 2012-01 ... 2013-01


# ---------------------------------------------------------------- the output folder


def test_files_scrnews_did_not_make_are_kept_and_stale_ones_go(html_archive):
    out = html_archive / "out"
    (out / "CNAME").write_text("newsletter.example.org\n", encoding="utf-8")
    (out / "issue-3" / "notes.txt").write_text("ours\n", encoding="utf-8")
    (html_archive / "issues" / "issue-12.yaml").unlink()
    result = scrnews("build", "--format", "html")
    assert result.exit_code == 0, result.output
    assert (out / "CNAME").read_text(encoding="utf-8") == "newsletter.example.org\n"
    assert (out / "issue-3" / "notes.txt").is_file()
    assert not (out / "issue-12").exists()
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert "issue-12" not in manifest["issues"]
    assert not [p for p in html_archive.iterdir() if p.name.startswith(".out.")]


def test_plain_progress_lines_when_not_a_terminal(html_archive):
    write_issue(html_archive / "issues", 4, title="Changed")
    result = scrnews("build", "--format", "html")
    assert re.search(r"^built issues/issue-4\.yaml \(\d+\.\d s\)$", result.output, re.M), (
        result.output
    )


def test_two_issues_with_one_number_is_an_error(html_archive):
    write_issue(html_archive / "issues", 13, number=12)
    result = scrnews("build", "--format", "html")
    assert result.exit_code == 1
    assert re.search(
        r"issues/issue-13\.yaml:\d+:\d+: number: issue number 12 is also used by "
        r"issues/issue-12\.yaml; give each issue its own number\.",
        result.output,
    )


def test_a_folder_argument_builds_the_archive(html_archive):
    result = scrnews("build", "issues", "--format", "html", "--out", "site")
    assert result.exit_code == 0, result.output
    assert (html_archive / "site" / "index.html").is_file()
    assert (html_archive / "site" / "feed.xml").is_file()


def test_jobs_must_be_positive(html_archive):
    result = scrnews("build", "--jobs", "0")
    assert result.exit_code == 2
    assert "--jobs" in result.output


def test_unchanged_issue_files_are_not_read_again(html_archive, monkeypatch):
    """A no-change rebuild trusts the manifest for files whose bytes it validated before."""

    def no_reading(*args, **kwargs):
        raise AssertionError("an unchanged issue was read again")

    monkeypatch.setattr("scrnews.build.load_issue", no_reading)
    result = scrnews("build", "--format", "html")
    assert result.exit_code == 0, result.output
    assert re.search(r"^skipped\s+12$", result.output, re.M)


def test_settings_are_found_by_walking_up_from_the_issue(html_archive):
    from scrnews.project import find_settings, project_root

    issue = html_archive / "issues" / "issue-1.yaml"
    assert find_settings(issue) is None
    assert project_root(issue) == html_archive.resolve()  # the parent of issues/
    (html_archive / "scrnews.yaml").write_text("footer: Hello.\n", encoding="utf-8")
    assert find_settings(issue) == (html_archive / "scrnews.yaml").resolve()
    assert project_root(issue) == html_archive.resolve()


def test_archive_refuses_to_write_into_the_issues_folder(html_archive):
    before = sorted(p.name for p in (html_archive / "issues").iterdir())
    result = scrnews("build", "--format", "html", "--out", "issues/site")
    assert result.exit_code == 1
    assert "scrnews will not write its output into the issues folder" in result.output
    assert sorted(p.name for p in (html_archive / "issues").iterdir()) == before


def test_progress_bar_on_a_terminal(monkeypatch):
    import io
    import sys

    from scrnews.archive.report import Outcome
    from scrnews.cli import _progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bar = _progress()
    bar.start(2)
    for n in (1, 2):
        bar.advance(Outcome(Path(f"issues/issue-{n}.yaml"), "built", pages=4, seconds=1.0))
    bar.finish()
    assert "Building" in terminal.getvalue() and "100%" in terminal.getvalue()
    assert "built issues/issue-1.yaml" not in terminal.getvalue()  # the bar replaces the lines


def test_two_issue_files_with_one_name_is_an_error(html_archive):
    (html_archive / "more").mkdir()
    write_issue(html_archive / "more", 5, number=13)
    result = scrnews("build", "issues", "more", "--format", "html")
    assert result.exit_code == 1
    assert (
        "more/issue-5.yaml: issues/issue-5.yaml has the same file name, and each issue's pages "
        "go to a folder named after its file (out/issue-5/). Rename one of them."
    ) in result.output


def test_an_issue_that_fails_in_a_worker_is_reported_and_the_others_built(tmp_path, monkeypatch):
    """A template mistake that only one issue reaches: its problem comes back from the worker."""
    write_archive(tmp_path, 3)
    body = [*issue_data(2)["body"], {"type": "box", "heading": "Briefing", "text": "Neglect."}]
    write_issue(tmp_path / "issues", 2, body=body)
    overrides = tmp_path / "overrides" / "blocks"
    overrides.mkdir(parents=True)
    (overrides / "box.html").write_text("{{ no_such_thing.text }}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = scrnews("build", "--jobs", "2", "-t", "overrides")
    assert result.exit_code == 1
    assert re.search(
        r"overrides/blocks/box\.html:1: template error: 'no_such_thing' is undefined",
        result.output,
    ), result.output
    assert built_stems(result.output) == ["issue-1", "issue-3"]
    assert "1 of 3 issues not built" in result.output
    assert (tmp_path / "out" / "issue-3" / "issue-3.pdf").is_file()
    assert not (tmp_path / "out" / "issue-2").exists()


def test_a_missing_picture_fails_those_issues_and_keeps_their_pages(tmp_path, monkeypatch):
    """The issue files are unchanged (so not re-read at first), but the logo they name is gone."""
    write_archive(tmp_path, 2)
    (tmp_path / "issues" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', encoding="utf-8"
    )
    for n in (1, 2):
        board = {**issue_data(n)["board"], "logo": {"src": "logo.svg", "alt": "Logo"}}
        write_issue(tmp_path / "issues", n, board=board)
    monkeypatch.chdir(tmp_path)
    assert scrnews("build", "--format", "html").exit_code == 0
    before = snapshot(tmp_path / "out")
    (tmp_path / "issues" / "logo.svg").unlink()
    result = scrnews("build", "--format", "html")
    assert result.exit_code == 1
    assert re.search(
        r"issues/issue-1\.yaml:\d+:\d+: board\.logo\.src: the file 'logo\.svg' was not "
        r"found",
        result.output,
    ), result.output
    assert "2 of 2 issues not built" in result.output
    assert snapshot(tmp_path / "out") == before
