"""Faults in the middle of a build: the disk fills up at each write and each rename in turn, the
output folder is read-only or vanishes, the issue file is saved by rename, deleted and restored
while the preview watches it. Each time the earlier output is byte-for-byte what it was, and the
message says what happened.

Archive builds (signals, two at once, workers) are tested in the archive's own tests.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from scrnews import write
from scrnews.build import load_issue, render_issue
from scrnews.cli import cli
from scrnews.errors import OutputError

FIRST = (
    "board:\n  name: Example Board\n  logo:\n    src: images/logo.png\n    alt: Logo\n"
    "number: 1\ndate: 2024-06\nforeword:\n  text: The first wording.\n"
)
LOGO = "  logo:\n    src: images/logo.png\n    alt: Logo\n"
#: The second version changes the text and adds a picture, so the build adds a folder too.
SECOND = FIRST.replace("The first wording.", "'The second wording. ![A chart](images/chart.png)'")


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder (None) under folder, hidden ones too."""
    return {
        p.relative_to(folder).as_posix(): (None if p.is_dir() else p.read_bytes())
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """A project built once (the earlier output) and the second version made in memory."""
    root = tmp_path_factory.mktemp("faults")
    (root / "images").mkdir()
    Image.new("RGB", (60, 40), (0, 90, 160)).save(root / "images" / "logo.png")
    Image.new("RGB", (60, 40), (160, 90, 0)).save(root / "images" / "chart.png")
    issue = root / "issue.yaml"
    issue.write_text(FIRST.replace(LOGO, ""), encoding="utf-8")  # no pictures yet: no assets/
    out = root / "out"
    first = render_issue(load_issue(issue), out / "issue")
    write.write_all(first.outputs)
    issue.write_text(SECOND, encoding="utf-8")
    second = render_issue(load_issue(issue), out / "issue")
    return root, tree(out), second.outputs


@pytest.fixture
def earlier(versions, tmp_path):
    """A fresh copy of the earlier output in tmp_path/out; (out folder, the second outputs)."""
    root, files, outputs = versions
    out = tmp_path / "out"
    for name, data in files.items():
        if data is None:
            (out / name).mkdir(parents=True, exist_ok=True)
        else:
            (out / name).write_bytes(data)
    moved = {out / Path(path).relative_to(root / "out"): data for path, data in outputs.items()}
    return out, moved


class FaultyOS:
    """os for scrnews.write, failing the nth call of the chosen functions with an OSError."""

    def __init__(self, calls: set[str], nth: int | None, error: int = errno.ENOSPC) -> None:
        self.calls, self.nth, self.error, self.count = calls, nth, error, 0
        self.seen: list[str] = []

    def __getattr__(self, name: str):
        real = getattr(os, name)
        if name not in self.calls:
            return real

        def call(*args, **kwargs):
            self.count += 1
            self.seen.append(name)
            if self.count == self.nth:
                raise OSError(self.error, os.strerror(self.error), str(args[0]))
            return real(*args, **kwargs)

        return call


#: Every call by which write.py puts bytes or names on the disk.
DISK_CALLS = {"mkdir", "write", "fsync", "link", "replace", "chmod"}


def count_calls(outputs, out: Path, tmp_path: Path) -> list[str]:
    """The disk calls a successful write of outputs over the earlier output makes (on a copy)."""
    probe = FaultyOS(DISK_CALLS, None)
    shutil.copytree(out, tmp_path / "probe" / out.name)
    scratch = {tmp_path / "probe" / p.relative_to(tmp_path): d for p, d in outputs.items()}
    original = write.os
    write.os = probe
    try:
        write.write_all(scratch)
    finally:
        write.os = original
    return probe.seen


def test_the_disk_fills_up_at_each_write_and_each_rename_in_turn(earlier, tmp_path, monkeypatch):
    out, outputs = earlier
    before = tree(out)
    assert {"issue/index.html", "issue/issue.pdf"} <= set(before)
    assert "issue/assets" not in before  # the second build adds a folder and two files
    calls = count_calls(outputs, out, tmp_path)
    assert calls.count("replace") == len(outputs) and calls.count("write") >= len(outputs)
    assert calls.count("link") == len(outputs) - 2  # every file but the two new pictures
    assert calls.count("mkdir") == 1  # assets/
    intact = 0
    for nth in range(1, len(calls) + 1):
        monkeypatch.setattr(write, "os", FaultyOS(DISK_CALLS, nth))
        with pytest.raises(OutputError) as caught:
            write.write_all(outputs)
        monkeypatch.setattr(write, "os", os)
        message = str(caught.value)
        assert (
            ": the disk is full (No space left on device). Free some space and build again. "
            in message
        )
        assert message.endswith("Nothing was changed: the earlier output is as it was.")
        assert tree(out) == before, f"fault {nth} ({calls[nth - 1]}) changed the output"
        intact += 1
    # per file: write, fsync, chmod and rename, a link to each earlier file; one mkdir
    assert intact == len(calls) == 4 * len(outputs) + (len(outputs) - 2) + 1
    write.write_all(outputs)  # and with room on the disk the build goes through
    assert (out / "issue/assets/chart.png").exists()


def test_a_disk_full_build_through_the_command_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "issue.yaml").write_text(
        FIRST.replace("  logo:\n    src: images/logo.png\n    alt: Logo\n", "")
    )
    assert CliRunner().invoke(cli, ["build", "issue.yaml", "--format", "html"]).exit_code == 0
    before = tree(tmp_path / "out")
    (tmp_path / "issue.yaml").write_text(
        FIRST.replace("first", "second").replace(
            "  logo:\n    src: images/logo.png\n    alt: Logo\n", ""
        )
    )
    monkeypatch.setattr(write, "os", FaultyOS({"replace"}, 2))
    result = CliRunner().invoke(cli, ["build", "issue.yaml", "--format", "html"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith(
        ": the disk is full (No space left on device). Free some space and build again. "
        "Nothing was changed: the earlier output is as it was."
    )
    assert result.stderr.splitlines()[-1] == "Error: 1 problem found; nothing was written."
    assert tree(tmp_path / "out") == before


class PutBackFails:
    """os for scrnews.write whose second rename fails, and so does every one after it."""

    def __init__(self) -> None:
        self.renames = 0

    def __getattr__(self, name: str):
        if name != "replace":
            return getattr(os, name)

        def replace(src, dst):
            self.renames += 1
            if self.renames >= 2:
                raise OSError(errno.EIO, "Input/output error", str(src))
            return os.replace(src, dst)

        return replace


def test_a_failed_put_back_is_reported_and_keeps_the_old_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    old = {tmp_path / "a.html": b"old a", tmp_path / "b.pdf": b"old b"}
    for path, data in old.items():
        path.write_bytes(data)
    monkeypatch.setattr(write, "os", PutBackFails())
    with pytest.raises(OutputError) as caught:
        write.write_all({path: b"new" for path in old})
    assert str(caught.value) == (
        "b.pdf: cannot write the output (Input/output error). Check the folder exists and you "
        "may write to it. Some earlier files could not be put back: a.html (Input/output error)."
    )
    kept = [p for p in tmp_path.iterdir() if p.name.endswith(".old")]
    assert [p.read_bytes() for p in kept] == [b"old a"]  # the old page is not lost


def test_a_symlink_in_the_output_is_put_back_as_the_symlink(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "shared.css").write_bytes(b"shared")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "print.css").symlink_to(tmp_path / "shared.css")
    (tmp_path / "out" / "index.html").write_bytes(b"old page")
    monkeypatch.setattr(write, "os", FaultyOS({"replace"}, 2))
    with pytest.raises(OutputError):
        write.write_all(
            {tmp_path / "out" / "print.css": b"new", tmp_path / "out" / "index.html": b"new"}
        )
    assert os.readlink(tmp_path / "out" / "print.css") == str(tmp_path / "shared.css")
    assert (tmp_path / "shared.css").read_bytes() == b"shared"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["index.html", "print.css"]


class RacingOS:
    """os for scrnews.write where another build makes each folder just before this one does."""

    def __getattr__(self, name: str):
        if name != "mkdir":
            return getattr(os, name)

        def mkdir(path, *args):
            os.mkdir(path, *args)
            raise FileExistsError(errno.EEXIST, "File exists", str(path))

        return mkdir


def test_folders_made_at_the_same_moment_by_another_build_are_fine(tmp_path, monkeypatch):
    monkeypatch.setattr(write, "os", RacingOS())
    write.write_all({tmp_path / "out" / "issue" / "assets" / "a.png": b"png"})
    assert (tmp_path / "out" / "issue" / "assets" / "a.png").read_bytes() == b"png"


def test_written_files_are_readable_by_a_web_server(tmp_path):
    previous = os.umask(0o077)
    try:
        write.write_all({tmp_path / "index.html": b"page"})
    finally:
        os.umask(previous)
    assert (tmp_path / "index.html").stat().st_mode & 0o777 == 0o644


def test_interrupting_the_renames_puts_everything_back(earlier, monkeypatch):
    out, outputs = earlier
    before = tree(out)

    class Interrupting(FaultyOS):
        def __getattr__(self, name):
            call = super().__getattr__(name)
            if name != "replace":
                return call

            def replace(*args):
                if self.count == 2 and not self.seen.count("interrupted"):
                    self.seen.append("interrupted")
                    raise KeyboardInterrupt  # Ctrl-C after two files were renamed into place
                return call(*args)

            return replace

    monkeypatch.setattr(write, "os", Interrupting({"replace"}, None))
    with pytest.raises(KeyboardInterrupt):
        write.write_all(outputs)
    assert tree(out) == before


# ---------------------------------------------------------------- the output folder


@contextlib.contextmanager
def read_only(folder: Path):
    """Make folder read-only for this process: a read-only bind mount as root, else chmod."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield "you may not write there (Permission denied)"
        finally:
            folder.chmod(0o755)
        return
    mount = shutil.which("mount")
    if (
        not mount
        or subprocess.run([mount, "--bind", folder, folder], capture_output=True).returncode
    ):
        pytest.skip("as root, a read-only folder needs `mount --bind` (not allowed here)")
    try:
        subprocess.run([mount, "-o", "remount,ro,bind", folder, folder], check=True)
        yield "the disk is read-only (Read-only file system)"
    finally:
        subprocess.run(["umount", folder], check=True)


def test_a_read_only_output_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "issue.yaml").write_text(
        FIRST.replace("  logo:\n    src: images/logo.png\n    alt: Logo\n", ""), encoding="utf-8"
    )
    assert CliRunner().invoke(cli, ["build", "issue.yaml", "--format", "html"]).exit_code == 0
    before = tree(tmp_path / "out")
    (tmp_path / "issue.yaml").write_text(
        (tmp_path / "issue.yaml").read_text().replace("first", "second"), encoding="utf-8"
    )
    with read_only(tmp_path / "out" / "issue") as expected:
        result = CliRunner().invoke(cli, ["build", "issue.yaml", "--format", "html"])
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        assert expected in result.stderr
        assert "Nothing was changed: the earlier output is as it was." in result.stderr
    assert tree(tmp_path / "out") == before


def test_the_output_folder_deleted_during_the_write(earlier, monkeypatch):
    out, outputs = earlier

    class Deleting(FaultyOS):
        def __getattr__(self, name):
            call = super().__getattr__(name)
            if name != "replace":
                return call

            def replace(*args):
                shutil.rmtree(out)  # someone cleans up out/ while the build writes
                return call(*args)

            return replace

    monkeypatch.setattr(write, "os", Deleting({"replace"}, None))
    with pytest.raises(OutputError) as caught:
        write.write_all(outputs)
    assert (
        "the folder disappeared while scrnews was writing (No such file or directory). Build again."
        in str(caught.value)
    )
    assert not out.exists()  # nothing half-made was left where the folder was


# ---------------------------------------------------------------- a real full disk


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs at tmp_path/disk (root only; skipped where mounting is not allowed)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", disk], capture_output=True
    )
    if done.returncode:
        pytest.skip(f"cannot mount a small disk here: {done.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", disk], check=True)


def test_a_really_full_disk(small_disk, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    issue = tmp_path / "issue.yaml"
    issue.write_text(FIRST.replace("  logo:\n    src: images/logo.png\n    alt: Logo\n", ""))
    out = small_disk / "out"
    assert CliRunner().invoke(cli, ["build", "issue.yaml", "--out", str(out)]).exit_code == 0
    before = tree(out)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * (free - 64 * 1024))  # leave 64 KiB
    issue.write_text(issue.read_text().replace("first", "second"))
    result = CliRunner().invoke(cli, ["build", "issue.yaml", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "the disk is full (No space left on device)" in result.stderr
    assert tree(out) == before
    (small_disk / "filler").unlink()
    assert CliRunner().invoke(cli, ["build", "issue.yaml", "--out", str(out)]).exit_code == 0
    assert b"second" in (out / "issue" / "index.html").read_bytes()


# ---------------------------------------------------------------- no traceback, even so


def test_an_unexpected_fault_is_one_line_without_a_traceback(tmp_path):
    """A real process: what a user sees when something scrnews did not foresee goes wrong."""
    issue = tmp_path / "issue.yaml"
    issue.write_text(FIRST.replace("  logo:\n    src: images/logo.png\n    alt: Logo\n", ""))
    code = (
        "import sys, scrnews.write as w\n"
        "def boom(outputs): raise RuntimeError('the storage driver fell over')\n"
        "w.write_all = boom\n"
        "import scrnews.build as b; b.write_all = boom\n"
        "from scrnews.cli import cli\n"
        "sys.exit(cli(sys.argv[1:], prog_name='scrnews'))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    run = subprocess.run(
        [sys.executable, "-c", code, "build", "issue.yaml", "--format", "html"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert run.stderr.splitlines() == [
        "Error: scrnews stopped unexpectedly while building issue.yaml, writing into out/: "
        "RuntimeError: the storage driver fell over. This is a bug in scrnews; run again with "
        "--debug to see where, and please report it."
    ]
    debug = subprocess.run(
        [sys.executable, "-c", code, "--debug", "build", "issue.yaml", "--format", "html"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert "RuntimeError: the storage driver fell over" in debug.stderr


@pytest.mark.parametrize(
    "where, steps",
    [
        (
            "scrnews.pictures.picture_problem",
            "building issue.yaml, reading it, checking the picture logo.png (board.logo.src)",
        ),
        ("scrnews.build.render_issue", "building issue.yaml, making its page and PDF"),
    ],
)
def test_the_one_line_says_what_scrnews_was_doing_with_the_file_and_field(
    tmp_path, monkeypatch, where, steps
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "images").mkdir()
    Image.new("RGB", (60, 40)).save(tmp_path / "images" / "logo.png")
    (tmp_path / "issue.yaml").write_text(FIRST, encoding="utf-8")
    module, _, name = where.rpartition(".")

    def broken(*args, **kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr(
        sys.modules[module] if module in sys.modules else __import__(module, fromlist=[name]),
        name,
        broken,
    )
    for command in (["build", "issue.yaml"], ["check", "issue.yaml"]):
        result = CliRunner().invoke(cli, command)
        if command[0] == "check" and "render" in where:
            assert result.exit_code == 0
            continue
        assert result.exit_code == 1
        assert isinstance(result.exception, SystemExit)  # not the MemoryError itself
        shown = (
            steps
            if command[0] == "build"
            else steps.replace("building issue.yaml, reading it", "checking issue.yaml")
        )
        assert result.stderr == (
            f"Error: scrnews stopped unexpectedly while {shown}: MemoryError: out of memory. "
            "This is a bug in scrnews; run again with --debug to see where, and please report it.\n"
        )


@pytest.mark.parametrize("flag", ["--debug", "-v"])
def test_debug_and_verbose_let_the_traceback_through(tmp_path, monkeypatch, flag):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "issue.yaml").write_text("number: 1\n", encoding="utf-8")
    import scrnews.build

    monkeypatch.setattr(scrnews.build, "load_issue", lambda *a, **k: 1 / 0)
    result = CliRunner().invoke(cli, [flag, "check", "issue.yaml"])
    assert isinstance(result.exception, ZeroDivisionError)
    result = CliRunner().invoke(cli, ["check", "issue.yaml"])
    assert result.exit_code == 1 and "ZeroDivisionError: division by zero." in result.stderr


# ---------------------------------------------------------------- while the preview runs


@pytest.fixture
def previewing(project):
    """A preview of issue 2 in a scratch project, serving from a thread; closed afterwards."""
    from scrnews.preview import start_preview

    preview = start_preview([project / "issues" / "issue-2.yaml"], port=0, warm_pdf=False)
    preview.serve_in_thread()
    yield preview, project / "issues" / "issue-2.yaml"
    preview.close()


def test_the_output_folder_deleted_while_the_preview_runs(previewing, project):
    from test_preview import HEADING, edit, fetch, next_reload, page

    preview, issue = previewing
    assert CliRunner().invoke(cli, ["build", str(issue), "--format", "html"]).exit_code == 0
    _, token = page(preview)
    shutil.rmtree(project / "out")  # `make clean`, or a colleague, while the preview runs
    edit(issue, HEADING, "Written after out/ was deleted")
    next_reload(preview, "issue-2", token)
    html, _ = page(preview)
    assert "Written after out/ was deleted" in html and "scrnews-overlay" not in html
    status, _, pdf = fetch(preview, "/issue-2/issue-2.pdf")
    assert status == 200 and pdf.startswith(b"%PDF")
    assert not (project / "out").exists()  # the preview never writes there


def test_the_issue_saved_by_rename_deleted_and_restored_while_the_preview_watches(previewing):
    from test_preview import HEADING, next_reload, page

    preview, issue = previewing
    good = issue.read_text(encoding="utf-8")
    _, token = page(preview)

    def save_by_rename(text: str) -> None:  # as vim, VS Code and most editors save
        temp = issue.with_name(".issue-2.yaml.swp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, issue)

    save_by_rename(good.replace(HEADING, "Saved by rename"))
    token = next_reload(preview, "issue-2", token)
    assert "Saved by rename" in page(preview)[0]
    save_by_rename(good.replace("number: 2", "number: two"))
    token = next_reload(preview, "issue-2", token)
    html, _ = page(preview)
    assert "scrnews-overlay" in html and "Saved by rename" in html  # the last good page, and why
    issue.unlink()
    token = next_reload(preview, "issue-2", token)
    assert "issues/issue-2.yaml: no such file. Check the name and folder." in page(preview)[0]
    save_by_rename(good.replace(HEADING, "Restored"))
    token = next_reload(preview, "issue-2", token)
    html, _ = page(preview)
    assert "Restored" in html and "scrnews-overlay" not in html
    save_by_rename(good.replace(HEADING, "And edited again"))  # still watched after all that
    next_reload(preview, "issue-2", token)
    assert "And edited again" in page(preview)[0]


@pytest.mark.parametrize(
    "code, says",
    [
        (
            errno.ENOSPC,
            "the disk is full (No space left on device). Free some space and build again.",
        ),
        (
            errno.EDQUOT,
            "the disk is full for you: your quota is used up (Disk quota exceeded). Free some space and build again.",
        ),
        (
            errno.EROFS,
            "the disk is read-only (Read-only file system). Build into another folder with --out.",
        ),
        (
            errno.EACCES,
            "you may not write there (Permission denied). Check the folder's permissions, or build into another folder with --out.",
        ),
        (
            errno.EPERM,
            "you may not write there (Operation not permitted). Check the folder's permissions, or build into another folder with --out.",
        ),
        (
            errno.ENOENT,
            "the folder disappeared while scrnews was writing (No such file or directory). Build again.",
        ),
        (
            errno.EIO,
            "cannot write the output (Input/output error). Check the folder exists and you may write to it.",
        ),
    ],
)
def test_each_kind_of_failure_says_what_to_do(tmp_path, monkeypatch, code, says):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(write, "os", FaultyOS({"write"}, 1, code))
    with pytest.raises(OutputError) as caught:
        write.write_all({tmp_path / "out" / "index.html": b"page"})
    assert str(caught.value) == (
        f"out/index.html: {says} Nothing was changed: the earlier output is as it was."
    )
    assert list(tmp_path.iterdir()) == []  # not even the folder it made
