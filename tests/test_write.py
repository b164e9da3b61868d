"""Nothing lost: a failed build leaves earlier outputs byte-for-byte as they were, and no litter."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

import scrnews.pdf
from scrnews.build import build_issue
from scrnews.cli import cli
from scrnews.errors import OutputError, PdfError, ScrnewsError
from scrnews.write import write_all


def snapshot(folder) -> dict[str, bytes]:
    """Every file under folder (hidden ones too), with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """A good build of a small issue (HTML and PDF), made once for this module."""
    folder = tmp_path_factory.mktemp("write")
    source = folder / "issue.yaml"
    source.write_text(
        "board:\n  name: Example Safeguarding Children Partnership\nnumber: 1\n"
        "date: 2024-06\nforeword:\n  text: The first wording.\n",
        encoding="utf-8",
    )
    build_issue(source, folder / "out")
    return source, folder / "out", snapshot(folder / "out")


@pytest.fixture
def built(first_build, tmp_path, monkeypatch):
    """A fresh copy of the good build in tmp_path (the working folder): (issue path, out folder)."""
    source, out, files = first_build
    for name, data in files.items():
        (tmp_path / "out" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "out" / name).write_bytes(data)
    issue = tmp_path / "issue.yaml"
    issue.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return issue, tmp_path / "out"


def break_pdf_step(monkeypatch, error: Exception) -> None:
    """Make the PDF step raise error, whether it runs in this process or a warm worker."""

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(scrnews.pdf, "html_to_pdf", broken)
    if hasattr(scrnews.pdf, "WarmRenderer"):  # the worker runs its own copy of html_to_pdf
        monkeypatch.setattr(scrnews.pdf.WarmRenderer, "__call__", broken)


def test_the_first_build_made_both(first_build):
    _, _, files = first_build
    assert b"The first wording." in files["issue/index.html"]
    assert files["issue/issue.pdf"].startswith(b"%PDF-")


def test_bad_yaml_after_a_good_build(built):
    issue, out = built
    before = snapshot(out)
    issue.write_text(issue.read_text().replace("The first wording.", "The second: wording"))
    result = CliRunner().invoke(cli, ["build", "issue.yaml"])
    assert result.exit_code == 1
    assert "issue.yaml:6:19: YAML syntax error" in result.stderr
    assert snapshot(out) == before


def test_pdf_failure_keeps_the_old_page_too(built, monkeypatch):
    """The page is made before the PDF, but nothing is written until both are ready."""
    issue, out = built
    before = snapshot(out)
    issue.write_text(issue.read_text().replace("The first wording.", "The second wording."))
    break_pdf_step(monkeypatch, RuntimeError("the PDF step fell over"))
    with pytest.raises(RuntimeError, match="fell over"):
        build_issue(issue, out)
    assert snapshot(out) == before


def test_pdf_error_through_the_cli(built, monkeypatch):
    issue, out = built
    before = snapshot(out)
    issue.write_text(issue.read_text().replace("The first wording.", "The second wording."))
    break_pdf_step(monkeypatch, PdfError("WeasyPrint could not make the PDF"))
    result = CliRunner().invoke(cli, ["build", "issue.yaml"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "WeasyPrint could not make the PDF",
        "Error: 1 problem found; nothing was written.",
    ]
    assert snapshot(out) == before


def test_failure_while_staging_writes_nothing(tmp_path, monkeypatch):
    """If the second file cannot be staged, the first is not renamed into place either."""
    old = {tmp_path / "index.html": b"old page", tmp_path / "issue.pdf": b"old pdf"}
    for path, data in old.items():
        path.write_bytes(data)
    calls = []
    real_fsync = os.fsync

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(tmp_path / "issue.pdf"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OutputError) as caught:
        write_all({path: b"new " + data for path, data in old.items()})
    assert len(calls) == 2
    assert str(caught.value) == (
        f"{tmp_path / 'issue.pdf'}: the disk is full (No space left on device). Free some space "
        "and build again. Nothing was changed: the earlier output is as it was."
    )
    assert snapshot(tmp_path) == {"index.html": b"old page", "issue.pdf": b"old pdf"}


def test_successful_write_replaces_and_leaves_no_temporaries(tmp_path):
    target = tmp_path / "out" / "issue" / "index.html"
    write_all({target: b"one"})
    write_all({target: b"two"})
    assert snapshot(tmp_path / "out") == {"issue/index.html": b"two"}


def test_unwritable_folder_is_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").write_text("a file where a folder should be")
    with pytest.raises(ScrnewsError) as caught:
        write_all({tmp_path / "out" / "issue" / "index.html": b"page"})
    message = str(caught.value)
    assert message == (
        "out/issue/index.html: cannot write the output (Not a directory). Check the folder "
        "exists and you may write to it. Nothing was changed: the earlier output is as it was."
    )
    assert (tmp_path / "out").read_text() == "a file where a folder should be"
