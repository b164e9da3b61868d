"""Outputs: atomic writes, an output folder apart from the sources, nothing else touched."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from scrnews import write
from scrnews.cli import cli
from scrnews.errors import OutputError
from scrnews.safety import check_out_dir

ISSUE = "board:\n  name: Example Board\nnumber: 1\ndate: 2024-06\nforeword:\n  text: Hello.\n"


def files_under(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A project: tmp_path/issues/issue.yaml, run from tmp_path."""
    (tmp_path / "issues").mkdir()
    (tmp_path / "issues" / "issue.yaml").write_text(ISSUE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(*args: str):
    return CliRunner().invoke(cli, ["build", "issues/issue.yaml", "--format", "html", *args])


# ------------------------------------------------------------------ atomic writes


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_interrupted_rename_leaves_the_old_files_and_no_litter(tmp_path, monkeypatch, failure):
    old = {tmp_path / "index.html": b"old page", tmp_path / "issue.pdf": b"old pdf"}
    for path, data in old.items():
        path.write_bytes(data)
    calls = []

    def replace(src, dst):
        calls.append(dst)
        raise failure

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises((OutputError, KeyboardInterrupt)):
        write.write_all({path: b"new " + data for path, data in old.items()})
    assert calls  # the rename really was attempted
    assert files_under(tmp_path) == {"index.html": b"old page", "issue.pdf": b"old pdf"}


def test_interrupted_staging_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "index.html"
    target.write_bytes(b"old page")

    def fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(
        OutputError,
        match=r"cannot write the output \(Input/output error\)\. Check the folder exists and you may write to it\. Nothing was changed: the earlier output is as it was\.",
    ):
        write.write_all({target: b"new page"})
    assert files_under(tmp_path) == {"index.html": b"old page"}


def test_every_file_is_synced_before_it_is_renamed_into_place(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: events.append("fsync") or real_fsync(fd))
    monkeypatch.setattr(
        os, "replace", lambda a, b: events.append(("replace", b)) or real_replace(a, b)
    )
    write.write_all({tmp_path / "a.html": b"a", tmp_path / "b.pdf": b"b"})
    assert events == [
        "fsync",
        "fsync",
        ("replace", tmp_path / "a.html"),
        ("replace", tmp_path / "b.pdf"),
    ]
    assert files_under(tmp_path) == {"a.html": b"a", "b.pdf": b"b"}


def test_a_symlinked_output_file_is_replaced_not_written_through(site, tmp_path):
    assert build("--out", "out").exit_code == 0
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    page = site / "out" / "issue" / "index.html"
    page.unlink()
    page.symlink_to(precious)
    assert build("--out", "out").exit_code == 0
    assert precious.read_text(encoding="utf-8") == "keep me"
    assert not page.is_symlink() and "Hello." in page.read_text(encoding="utf-8")


# ------------------------------------------------------------------ where output may go


@pytest.mark.parametrize(
    "out, what",
    [
        ("issues", "the issues folder"),
        ("issues/built", "the issues folder"),
        (".", "the project folder"),
        ("..", "a folder that holds the project folder"),
    ],
)
def test_out_into_the_sources_is_refused(site, out, what):
    before = files_under(site.parent) if out == ".." else files_under(site)
    result = build("--out", out)
    assert result.exit_code == 1
    folder = "issues" if "issues" in what else site  # the project folder is shown in full
    assert result.stderr.startswith(
        f"{out}: --out: scrnews will not write its output into {what} ({folder})"
    )
    assert "Choose a folder of its own, such as --out out" in result.stderr
    assert (files_under(site.parent) if out == ".." else files_under(site)) == before


def test_out_dir_message(site):
    result = build("--out", "issues")
    assert result.exit_code == 1
    assert result.stderr == (
        "issues: --out: scrnews will not write its output into the issues folder (issues): "
        "built files would mix with the sources. Choose a folder of its own, such as --out out\n"
        "Error: 1 problem found; nothing was written.\n"
    )


@pytest.mark.parametrize("out", ["out", "public/newsletters", "../elsewhere"])
def test_ordinary_output_folders_are_fine(site, out):
    assert build("--out", out).exit_code == 0
    assert (site / out / "issue" / "index.html").is_file()


def test_check_out_dir_follows_symlinks(tmp_path):
    (tmp_path / "issues").mkdir()
    (tmp_path / "sneaky").symlink_to(tmp_path / "issues")
    with pytest.raises(OutputError, match="the issues folder"):
        check_out_dir(tmp_path / "sneaky", tmp_path)
    check_out_dir(tmp_path / "out", tmp_path)  # no error


# ------------------------------------------------------------------ nothing else touched


def test_build_touches_only_its_own_files(site):
    (site / "out" / "issue").mkdir(parents=True)
    mine = {"out/notes.txt": b"not scrnews's", "out/issue/keep.html": b"someone else's"}
    for name, data in mine.items():
        (site / name).write_bytes(data)
    assert build("--out", "out").exit_code == 0
    after = files_under(site)
    for name, data in mine.items():
        assert after[name] == data
    made = {name for name in after if name.startswith("out/")} - set(mine)
    assert "out/issue/index.html" in made
    assert all(name.startswith("out/issue/") for name in made)


def test_failed_build_deletes_nothing(site):
    assert build("--out", "out").exit_code == 0
    before = files_under(site / "out")
    (site / "issues" / "issue.yaml").write_text(ISSUE + "number: 2\n", encoding="utf-8")
    result = build("--out", "out")
    assert result.exit_code == 1
    assert "this key is written twice" in result.stderr
    assert files_under(site / "out") == before


def test_archive_build_removes_only_what_it_made(site):
    (site / "issues" / "other.yaml").write_text(
        ISSUE.replace("number: 1", "number: 2"), encoding="utf-8"
    )
    (site / "out" / "extra").mkdir(parents=True)
    foreign = {"out/CNAME": b"news.example.org", "out/extra/keep.txt": b"not scrnews's"}
    for name, data in foreign.items():
        (site / name).write_bytes(data)
    archive = CliRunner().invoke(cli, ["build", "--format", "html", "--out", "out"])
    assert archive.exit_code == 0, archive.output
    assert (site / "out" / "other" / "index.html").is_file()
    (site / "issues" / "other.yaml").unlink()
    archive = CliRunner().invoke(cli, ["build", "--format", "html", "--out", "out"])
    assert archive.exit_code == 0, archive.output
    after = files_under(site)
    assert not any(name.startswith("out/other/") for name in after)  # its own, made last time
    assert {name: after.get(name) for name in foreign} == foreign  # never someone else's
    assert (site / "out" / "issue" / "index.html").is_file()


@pytest.mark.parametrize("out", [".", "issues"])
def test_archive_build_refuses_the_sources_too(site, out):
    before = files_under(site)
    archive = CliRunner().invoke(cli, ["build", "--format", "html", "--out", out])
    assert archive.exit_code == 1
    assert "--out: scrnews will not write its output into the" in archive.stderr
    assert files_under(site) == before
