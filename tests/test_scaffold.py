"""`scrnews new` and `scrnews init` (issue #6)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from archive_factory import write_archive, write_issue
from click.testing import CliRunner

from scrnews import __version__
from scrnews.build import load_issue
from scrnews.cli import cli
from scrnews.scaffold import _next_stem, new_issue

NOVEMBER_2026 = "1795000000"  # SOURCE_DATE_EPOCH of a day in November 2026


def scrnews(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="scrnews")


@pytest.fixture
def board(tmp_path, monkeypatch):
    """A project with issues 1 and 2 (from the real example), as the working folder."""
    write_archive(tmp_path, 2)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOVEMBER_2026)
    return tmp_path


# ---------------------------------------------------------------- new


def test_new_starts_the_next_issue_from_the_latest(board):
    result = scrnews("new")
    assert result.exit_code == 0, result.output
    path = board / "issues" / "issue-3.yaml"
    assert "wrote issues/issue-3.yaml (issue 3, draft): fill in each TODO" in result.output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    latest = yaml.safe_load((board / "issues" / "issue-2.yaml").read_text(encoding="utf-8"))
    assert (data["number"], data["date"], data["status"]) == (3, "2026-11", "draft")
    for key in ("board", "series", "language"):
        assert data[key] == latest[key], key
    old, new = latest["body"], data["body"]
    assert [b["type"] for b in new] == [b["type"] for b in old]  # every block, in order
    assert [b.get("heading") for b in new] == [b.get("heading") for b in old]
    message = new[0]
    assert message["signatories"] == old[0]["signatories"]
    assert message["text"].startswith("TODO")
    assert data["title"].startswith("TODO") and data["summary"].startswith("TODO")
    assert new[-1] == old[-1]  # the invitation to write in is the same each time
    [studies] = [b for b in new if b["type"] == "studies"]
    assert [s["title"] for s in studies["studies"]] == ["TODO: a national study or report"]
    [figures] = [b for b in new if b["type"] == "figures"]
    assert "stated" not in figures and figures["intro"].startswith("TODO")


def test_new_issue_is_valid_and_built_only_as_a_draft(board):
    path = new_issue(board / "issues")
    loaded = load_issue(path)
    assert loaded.issue.status == "draft" and loaded.issue.number == 3
    result = scrnews("build", "--format", "html")
    assert result.exit_code == 0, result.output
    assert not (board / "out" / "issue-3").exists()
    assert scrnews("build", "--format", "html", "--drafts").exit_code == 0
    assert (board / "out" / "issue-3" / "index.html").is_file()


def test_new_carries_contacts_and_the_frame_of_other_blocks(board):
    contacts = {"type": "contacts", "people": [{"name": "Rachael Hammond", "role": "SCR officer"}]}
    box = {"type": "box", "heading": "7-minute briefing", "text": "Neglect.", "style": "key"}
    event = {"type": "events", "events": [{"title": "Training", "date": "2013-05-01"}]}
    write_issue(board / "issues", 2, body=[contacts, box, event])
    data = yaml.safe_load(new_issue(board / "issues").read_text(encoding="utf-8"))
    assert data["body"] == [
        contacts,
        {"type": "box", "heading": "7-minute briefing", "style": "key", "text": "TODO: the box."},
    ]  # the events have passed


def test_new_reads_an_issue_in_the_first_form(board):
    write_issue(
        board / "issues",
        2,
        body=None,
        foreword={"heading": "From the chair", "text": "Hello.", "author": "A. Chair"},
    )
    data = yaml.safe_load(new_issue(board / "issues").read_text(encoding="utf-8"))
    assert data["body"] == [
        {
            "type": "message",
            "heading": "From the chair",
            "signatories": [{"name": "A. Chair"}],
            "text": "TODO: the message.",
        }
    ]


def test_new_never_overwrites_a_file(board):
    existing = board / "issues" / "issue-3.yaml"
    existing.write_text("# my notes for issue 3\n", encoding="utf-8")
    result = scrnews("new")
    assert result.exit_code == 1
    assert (
        "issues/issue-3.yaml: this file already exists, and scrnews never overwrites an issue. "
        "Rename or move it if you want a fresh start."
    ) in result.output
    assert "Error: 1 problem found; no issue was written." in result.output
    assert existing.read_text(encoding="utf-8") == "# my notes for issue 3\n"


def test_new_without_issues_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "issues").mkdir()
    result = scrnews("new")
    assert result.exit_code == 1
    assert (
        "issues: there is no issue here to start from (no .yaml file with a number: line) and "
        "no scrnews.yaml above it. Write the first issue by hand, or run `scrnews init` in a new "
        "folder to get a project."
    ) in result.output


def test_new_dates_the_issue_this_month(board):
    path = new_issue(board / "issues", today=dt.date(2031, 2, 14))
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["date"] == "2031-02"


@pytest.mark.parametrize(
    ("stem", "number", "expected"),
    [
        ("issue-2", 3, "issue-3"),
        ("scr-newsletter-07", 8, "scr-newsletter-08"),
        ("issue-9", 10, "issue-10"),
        ("winter", 4, "issue-4"),
        ("2019-issue-4", 5, "2019-issue-5"),
    ],
)
def test_next_file_name_follows_the_latest(stem, number, expected):
    assert _next_stem(stem, number) == expected


# ---------------------------------------------------------------- init


def test_init_makes_a_project_whose_first_issue_is_1(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOVEMBER_2026)
    result = scrnews("init", str(tmp_path / "my-board"), "--board", "Example LSCP: Northshire")
    assert result.exit_code == 0, result.output
    project = tmp_path / "my-board"
    files = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    assert files == [
        ".github/workflows/newsletter.yml",
        ".gitignore",
        "README.md",
        "issue.schema.json",
        "issues/README.md",
        "scrnews.yaml",
        "templates/README.md",
        "vendor/constraints.txt",
        "vendor/requirements.txt",
        f"vendor/scrnews-{__version__}-py3-none-any.whl",
    ]
    settings = yaml.safe_load((project / "scrnews.yaml").read_text(encoding="utf-8"))
    assert settings["board"]["name"] == "Example LSCP: Northshire"
    assert settings["series"] == "Serious Case Review Newsletter"
    assert "Example LSCP: Northshire" in (project / "README.md").read_text(encoding="utf-8")

    monkeypatch.chdir(project)
    assert scrnews("build").exit_code == 0  # nothing to build yet is not a mistake
    assert scrnews("new").exit_code == 0
    issue = load_issue(project / "issues" / "issue-1.yaml").issue
    assert (issue.number, issue.date.isoformat(), issue.status) == (1, "2026-11", "draft")
    assert issue.board.name == "Example LSCP: Northshire"  # from scrnews.yaml
    assert issue.series == "Serious Case Review Newsletter"  # from scrnews.yaml
    assert scrnews("build", "--format", "html", "--drafts").exit_code == 0
    assert (project / "out" / "issue-1" / "index.html").is_file()
    assert scrnews("new").exit_code == 0
    second = (project / "issues" / "issue-2.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(second)["number"] == 2
    assert [t.type for t in load_issue(project / "issues" / "issue-2.yaml").issue.body] == [
        "message",
        "feedback",
    ]


def test_init_and_new_give_editors_the_schema(tmp_path, monkeypatch):
    """The issue files name the project's issue.schema.json, which is the format of this scrnews."""
    import json

    from scrnews.schema import json_schema

    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOVEMBER_2026)
    scrnews("init", str(tmp_path / "b"))
    schema = tmp_path / "b" / "issue.schema.json"
    assert json.loads(schema.read_text(encoding="utf-8")) == json_schema()
    schema.write_text("{}", encoding="utf-8")  # a schema from an older scrnews
    monkeypatch.chdir(tmp_path / "b")
    for name in ("issue-1.yaml", "issue-2.yaml"):
        result = scrnews("new")
        assert result.exit_code == 0, result.output
        first = (tmp_path / "b" / "issues" / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../issue.schema.json"
    assert json.loads(schema.read_text(encoding="utf-8")) == json_schema()


def test_init_pins_what_the_workflow_installs(tmp_path):
    scrnews("init", str(tmp_path / "b"))
    vendor = tmp_path / "b" / "vendor"
    requirements = [
        line
        for line in (vendor / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    assert requirements == [
        f"./vendor/scrnews-{__version__}-py3-none-any.whl[audit]",
        "-c constraints.txt",
    ]
    pins = (vendor / "constraints.txt").read_text(encoding="utf-8")
    for name in ("click", "weasyprint", "pydantic", "watchfiles", "playwright"):
        assert f"\n{name}==" in pins, name
    with zipfile.ZipFile(vendor / f"scrnews-{__version__}-py3-none-any.whl") as wheel:
        names = wheel.namelist()
    assert "scrnews/cli.py" in names and "scrnews/_templates/default/issue.html" in names


def test_init_workflow_builds_and_publishes_with_pages(tmp_path):
    scrnews("init", str(tmp_path / "b"))
    workflow = yaml.safe_load(
        (tmp_path / "b" / ".github/workflows/newsletter.yml").read_text(encoding="utf-8")
    )
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "issues/**" in triggers["push"]["paths"]
    assert triggers["schedule"][0]["cron"].count(" ") == 4
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert "python -m pip install -r vendor/requirements.txt" in runs
    assert "scrnews check --due --format github" in runs
    assert any(run.startswith('scrnews build --summary "$GITHUB_STEP_SUMMARY"') for run in runs)
    assert "scrnews audit out" in runs
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert "actions/upload-pages-artifact" in uses
    assert (
        next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))["with"]["path"]
        == "out"
    )
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["jobs"]["keepalive"]["permissions"] == {"actions": "write"}


def _actionlint() -> str | None:
    here = Path(sys.executable).parent / "actionlint"
    return str(here) if here.is_file() else shutil.which("actionlint")


def test_init_workflow_passes_actionlint(tmp_path):
    tool = _actionlint()
    if tool is None:  # pragma: no cover - installed with the test extra
        pytest.skip("actionlint is not installed (pip install -e '.[test]')")
    scrnews("init", str(tmp_path / "b"))
    result = subprocess.run(
        [tool, "-no-color", ".github/workflows/newsletter.yml"],
        cwd=tmp_path / "b",
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    """The lint test can fail: a workflow with a mistake in it is reported."""
    tool = _actionlint()
    if tool is None:  # pragma: no cover
        pytest.skip("actionlint is not installed")
    scrnews("init", str(tmp_path / "b"))
    path = tmp_path / "b" / ".github/workflows/newsletter.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs-on: [", 1),
        encoding="utf-8",
    )
    result = subprocess.run([tool, "-no-color", str(path)], capture_output=True, text=True)
    assert result.returncode == 1


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "board").mkdir()
    (tmp_path / "board" / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = scrnews("init", str(tmp_path / "board"))
    assert result.exit_code == 1
    assert (
        "this folder is not empty; scrnews init only writes into a new or empty folder, so it "
        "never overwrites anything. Name a new folder, such as `scrnews init my-board`."
    ) in result.output
    assert [p.name for p in (tmp_path / "board").iterdir()] == ["notes.txt"]


def test_init_accepts_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    assert scrnews("init", str(tmp_path / "empty")).exit_code == 0
    assert (tmp_path / "empty" / "scrnews.yaml").is_file()


def test_an_installed_scrnews_packs_the_same_wheel_again(tmp_path):
    """What init copies into vendor/ when scrnews was installed from a wheel: the same files."""
    from scrnews.wheel import write_wheel

    built = write_wheel(tmp_path / "built")  # from this checkout, by hatchling
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(built),
        ],
        check=True,
    )
    code = "from pathlib import Path; from scrnews.wheel import write_wheel; print(write_wheel(Path('again')))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        check=True,
    )
    again = tmp_path / done.stdout.strip()
    with zipfile.ZipFile(built) as a, zipfile.ZipFile(again) as b:
        skip = {n for n in a.namelist() if n.endswith(("RECORD", "WHEEL"))}
        assert sorted(set(a.namelist()) - skip) == sorted(set(b.namelist()) - skip)
        for name in set(a.namelist()) - skip:
            assert a.read(name) == b.read(name), name
        assert b.testzip() is None
