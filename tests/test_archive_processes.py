"""Archive builds and their processes (issues #18, #19): the PDFs made in workers are the bytes
--jobs 1 makes; a worker that dies loses only its issue; a build killed or stopped leaves the
old site as it was and no process behind; two builds into one folder take turns.

Builds that are killed run as real processes (tests/processes.py finds every process they
started); waits have generous limits and nothing is timed.
"""

from __future__ import annotations

import multiprocessing
import re
import shutil
import signal
from pathlib import Path

import pytest
from archive_factory import issue_data, write_archive, write_issue
from click.testing import CliRunner
from processes import Run, signal_all, tagged, wait_until

from scrnews.archive.manifest import MANIFEST_NAME, file_digest, read_manifest
from scrnews.cli import cli

COUNT = 4


def snapshot(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def stages(out: Path) -> list[Path]:
    """New-site folders beside out/ (a build's work in progress)."""
    return sorted(out.parent.glob(f".{out.name}.new-*"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A 4-issue project, built with PDFs: the site a later build must not spoil."""
    project = tmp_path_factory.mktemp("built")
    write_archive(project, COUNT)
    run = Run(["build", "--jobs", "1"], project)
    assert run.wait() == 0, run.stderr
    return project


@pytest.fixture
def project(built, tmp_path):
    copy = tmp_path / "board"
    shutil.copytree(built, copy)
    return copy


# ---------------------------------------------------------------- the same bytes, any way


def test_pdfs_made_by_workers_are_the_bytes_of_jobs_1(tmp_path, monkeypatch):
    """--jobs 1 (all in one process), --jobs 2 with fork (a real process), --jobs 2 with spawn
    (the fallback where fork is unavailable or unsafe): byte for byte the same site."""
    write_archive(tmp_path, 3)
    board = {**issue_data(2)["board"], "logo": {"src": "logo.svg", "alt": "Logo"}}
    (tmp_path / "issues" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', encoding="utf-8"
    )
    write_issue(tmp_path / "issues", 2, board=board)
    for args in (["--jobs", "1", "--out", "one"], ["--jobs", "2", "--out", "forked"]):
        run = Run(["build", *args], tmp_path)
        assert run.wait() == 0, run.stderr
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("scrnews.children.context", lambda: multiprocessing.get_context("spawn"))
    result = CliRunner().invoke(cli, ["build", "--jobs", "2", "--out", "spawned"])
    assert result.exit_code == 0, result.output
    one = snapshot(tmp_path / "one")
    assert any(name.endswith(".pdf") for name in one) and "issue-2/assets/logo.svg" in one
    assert snapshot(tmp_path / "forked") == one
    assert snapshot(tmp_path / "spawned") == one


# ---------------------------------------------------------------- a worker dies

KILL_WORKER = """
import os, signal, sys
from pathlib import Path
from scrnews.archive import workers

make_pdf = workers.make_pdf

def dies_on_issue_2(job):  # as the out-of-memory killer would
    if Path(job.options["base_dir"]).name == "issue-2":
        os.kill(os.getpid(), signal.SIGKILL)
    return make_pdf(job)

workers.make_pdf = dies_on_issue_2
from scrnews.cli import cli
cli(sys.argv[1:], prog_name="scrnews")
"""


def test_a_worker_killed_fails_its_issue_and_the_others_are_built(project):
    before = snapshot(project / "out")
    run = Run(["build", "--force", "--jobs", "2"], project, script=KILL_WORKER)
    try:
        assert run.wait() == 1, run.stderr
        assert (
            "issues/issue-2.yaml: the worker process making this issue's PDF was killed by "
            "SIGKILL (the computer may have run out of memory), so the issue was not built. "
            "Build again; if it happens again, try --jobs 1, which needs less memory."
        ) in run.stderr
        assert "1 of 4 issues not built" in run.stderr
        built = sorted(re.findall(r"^built issues/(issue-\d)\.yaml", run.stderr, re.M))
        assert built == ["issue-1", "issue-3", "issue-4"]
        after = snapshot(project / "out")
        assert after["issue-2/issue-2.pdf"] == before["issue-2/issue-2.pdf"]  # kept its pages
        assert not run.children()
    finally:
        run.cleanup()


def test_the_longest_issue_is_started_first(tmp_path, monkeypatch):
    write_archive(tmp_path, 3)
    long = {"type": "text", "heading": "Long", "text": "A paragraph of findings. " * 400}
    write_issue(tmp_path / "issues", 2, body=[*issue_data(2)["body"], long])
    started: list[str] = []
    from scrnews import build

    render_page = build.render_page

    def recording(loaded, target, **options):
        started.append(loaded.stem)
        return render_page(loaded, target, **options)

    monkeypatch.setattr(build, "render_page", recording)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--format", "html"])
    assert result.exit_code == 0, result.output
    assert started[0] == "issue-2"


# ---------------------------------------------------------------- killed and stopped builds


def _stop_children_then_kill(run: Run) -> list[int]:
    """Freeze every process the build started, then SIGKILL the build itself.

    A frozen process can only be ended by SIGKILL, so it goes only if the kernel is told to
    kill it with its parent: without that it would stay frozen for good, however long the
    test waited."""
    children = run.children()
    signal_all(children, signal.SIGSTOP)
    run.process.kill()
    run.process.wait()  # (its stderr stays open while any child lives: not read to the end)
    return children


def test_a_single_build_killed_leaves_no_worker(project):
    run = Run(["build", "issues/issue-1.yaml", "--out", "single"], project)
    try:
        assert wait_until(run.children_ready, 120), "the PDF worker never started"
        assert _stop_children_then_kill(run)
        assert wait_until(lambda: not tagged(run.tag), 30), f"left behind: {tagged(run.tag)}"
    finally:
        run.cleanup()


def _edit_every_issue(project: Path) -> None:
    """New titles: every file of the next build differs from the site in place."""
    for n in range(1, COUNT + 1):
        write_issue(project / "issues", n, title=f"Edited review {n}")


def test_an_archive_build_killed_leaves_the_old_site_and_no_process(project):
    out = project / "out"
    before = snapshot(out)
    _edit_every_issue(project)
    run = Run(["build", "--jobs", "2"], project)
    try:
        assert run.wait_for_line("built issues/"), run.stderr  # one issue is written
        assert wait_until(run.children_ready, 60)
        assert len(_stop_children_then_kill(run)) >= 2  # the render process and a worker
        assert wait_until(lambda: not tagged(run.tag), 30), f"left behind: {tagged(run.tag)}"
    finally:
        run.cleanup()
    assert snapshot(out) == before
    again = Run(["build", "--format", "html", "--jobs", "1"], project)
    assert again.wait() == 0, again.stderr
    assert not stages(out)  # the killed build's unfinished site is cleared away


def test_an_archive_build_terminated_leaves_the_old_site_and_nothing_else(project):
    out = project / "out"
    before = snapshot(out)
    _edit_every_issue(project)
    run = Run(["build", "--jobs", "2"], project)
    try:
        assert run.wait_for_line("built issues/"), run.stderr
        run.process.send_signal(signal.SIGTERM)
        assert run.wait() == 128 + signal.SIGTERM, run.stderr
        assert "Error: stopped by SIGTERM; nothing half-made was left in out/." in run.stderr
        assert wait_until(lambda: not tagged(run.tag), 30), f"left behind: {tagged(run.tag)}"
    finally:
        run.cleanup()
    assert snapshot(out) == before
    assert not stages(out)


# ---------------------------------------------------------------- two builds, one folder


def test_two_builds_into_one_folder_take_turns(project, tmp_path):
    """Two CI jobs: one builds this project, one a newer commit with issue 5, into one site.

    The first is frozen mid-build, holding the site's lock, while the second starts; the
    second waits, saying so, and builds after it. Without the lock the second would swap in
    its site first and the first would then carry issue 5's pages over as a stranger's files,
    listed nowhere."""
    newer = tmp_path / "newer"
    shutil.copytree(project, newer)
    write_issue(newer / "issues", COUNT + 1)
    site = tmp_path / "site"
    shutil.copytree(project / "out", site)
    first = Run(["build", "--force", "--jobs", "1", "--out", str(site)], project)
    second = None
    try:
        assert first.wait_for_line("built issues/"), first.stderr
        first.process.send_signal(signal.SIGSTOP)
        second = Run(["build", "--jobs", "1", "--out", str(site)], newer)
        assert wait_until(
            lambda: (
                "waiting for another scrnews build" in second.stderr
                or second.process.poll() is not None
            ),
            120,
        )
        first.process.send_signal(signal.SIGCONT)
        assert first.wait() == 0, first.stderr
        assert second.wait() == 0, second.stderr
    finally:
        first.cleanup()
        if second is not None:
            second.cleanup()
    manifest = read_manifest(site)
    assert sorted(manifest.issues) == [f"issue-{n}" for n in range(1, COUNT + 2)]
    listed = manifest.files()
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert on_disk == listed  # every file is the site's own, none a stray
    for name, digest in [
        *manifest.site.items(),
        *(item for entry in manifest.issues.values() for item in entry.outputs.items()),
    ]:
        assert file_digest(site / name) == digest, name
    assert MANIFEST_NAME in on_disk
    assert not stages(site) and not (tmp_path / ".site.lock").exists()
    waited = r"waiting for another scrnews build into .*site/ \(process \d+\) to finish"
    assert re.search(waited, second.stderr), second.stderr
