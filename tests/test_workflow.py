"""The GitHub workflow `scrnews init` writes works as delivered (issue #14).

Its own `run:` steps run in order, as GitHub would run them, in a clean virtual environment
(standing in for actions/setup-python), on an init project with one due issue and one broken
draft. The wheel the workflow installs is the one init put in vendor/: built from this
checkout. `sudo` (apt-get) and `gh` (GitHub's API) are stand-ins that record what they were
asked; pip and npm are real and use the package registries (their caches, when warm).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml
from archive_factory import write_issue
from click.testing import CliRunner

from scrnews.cli import cli

pytestmark = pytest.mark.slow

TODAY = "1795000000"  # SOURCE_DATE_EPOCH: a day in November 2026
REPOSITORY = "northshire/newsletter"
STUB = """#!/bin/sh
echo "$(basename "$0") $*" >> "{log}"
"""
BROKEN_DRAFT = """\
number: 2
date: 2026-12
status: draft
title: Our next issue
board:
  websit: https://www.northshire-scp.org.uk
"""


class Runner:
    """Runs a workflow's jobs and their `run:` steps the way GitHub Actions does."""

    def __init__(self, workflow: dict, workspace: Path, env: dict[str, str], temp: Path):
        self.workflow, self.workspace, self.env, self.temp = workflow, workspace, env, temp
        self.github = {"event_name": "schedule", "token": "test-token", "repository": REPOSITORY}
        self.needs: dict[str, dict] = {}
        self.ran: list[tuple[str, str, subprocess.CompletedProcess | None]] = []

    def run_all(self) -> None:
        done: set[str] = set()
        jobs = self.workflow["jobs"]
        while len(done) < len(jobs):
            for name, job in jobs.items():
                needs = job.get("needs", [])
                needs = [needs] if isinstance(needs, str) else needs
                if name not in done and all(n in done for n in needs):
                    self.run_job(name, job)
                    done.add(name)

    def run_job(self, name: str, job: dict) -> None:
        steps: dict[str, dict] = {}
        failed = False
        self.needs[name] = {"outputs": {}, "result": "skipped"}
        if "if" in job and not self.evaluate(job["if"], steps, failed):
            return
        env = dict(self.env)
        for step in job["steps"]:
            condition = step.get("if", "success()")
            if not self.evaluate(condition, steps, failed):
                continue
            if "uses" in step:
                self.ran.append((name, step["uses"], None))
                continue
            done = self.run_step(step, env, steps)
            self.ran.append((name, step["run"], done))
            failed = failed or done.returncode != 0
        outputs = {k: self.expand(v, steps, failed) for k, v in job.get("outputs", {}).items()}
        self.needs[name] = {"outputs": outputs, "result": "failure" if failed else "success"}

    def run_step(self, step: dict, env: dict[str, str], steps: dict) -> subprocess.CompletedProcess:
        files = {
            k: self.temp / f"{k.lower()}-{len(self.ran)}" for k in ("GITHUB_ENV", "GITHUB_OUTPUT")
        }
        for path in files.values():
            path.write_text("", encoding="utf-8")
        script = self.temp / f"step-{len(self.ran)}.sh"
        script.write_text(self.expand(step["run"], steps, False), encoding="utf-8")
        step_env = {
            **env,
            **{k: self.expand(str(v), steps, False) for k, v in step.get("env", {}).items()},
            **{k: str(v) for k, v in files.items()},
        }
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        env.update(_pairs(files["GITHUB_ENV"]))
        if "id" in step:
            steps[step["id"]] = {"outputs": _pairs(files["GITHUB_OUTPUT"])}
        return done

    def expand(self, text: str, steps: dict, failed: bool) -> str:
        return re.sub(
            r"\$\{\{\s*(.*?)\s*\}\}", lambda m: str(self.evaluate(m[1], steps, failed)), text
        )

    def evaluate(self, expression: str, steps: dict, failed: bool):
        """The few expressions the workflow uses; anything else fails the test, on purpose."""
        expression = expression.strip().removeprefix("${{").removesuffix("}}").strip()
        if expression in ("success()", "failure()"):
            return failed == (expression == "failure()")
        match = re.fullmatch(r"([\w.-]+)(?:\s*==\s*'([^']*)')?", expression)
        if not match:
            pytest.fail(f"the workflow test cannot evaluate {expression!r}; teach it")
        value = _lookup({"github": self.github, "steps": steps, "needs": self.needs}, match[1])
        return value == match[2] if match[2] is not None else value

    def step(self, text: str) -> subprocess.CompletedProcess:
        found = [done for _, run, done in self.ran if done is not None and text in run]
        assert found, f"no step ran {text!r}"
        return found[0]


def _lookup(context: dict, path: str):
    value = context
    for part in path.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value


def _pairs(path: Path) -> dict[str, str]:
    return dict(
        line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line
    )


@pytest.fixture(scope="module")
def delivered(tmp_path_factory, need_tool):
    """An init project with one due issue and one broken draft, after its workflow ran."""
    if shutil.which("npm") is None:
        need_tool(RuntimeError("npm is not installed (tools/system-deps.sh --test)"))
    root = tmp_path_factory.mktemp("workflow")
    project, temp, stubs = root / "board", root / "runner-temp", root / "stubs"
    os.environ["SOURCE_DATE_EPOCH"] = TODAY  # init dates nothing; CliRunner runs in-process
    try:
        result = CliRunner().invoke(cli, ["init", str(project), "--board", "Northshire SCP"])
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert result.exit_code == 0, result.output
    write_issue(project / "issues", 1, date="2026-10")  # due: published, dated before today
    (project / "issues" / "issue-2.yaml").write_text(BROKEN_DRAFT, encoding="utf-8")

    venv = root / "venv"  # what actions/setup-python gives: a Python with nothing installed
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    temp.mkdir()
    stubs.mkdir()
    for name in ("sudo", "gh"):
        (stubs / name).write_text(STUB.format(log=root / "stubs.log"), encoding="utf-8")
        (stubs / name).chmod(0o755)
    summary = root / "summary.md"
    keep = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    path = [p for p in keep["PATH"].split(os.pathsep) if Path(p) != Path(sys.executable).parent]
    env = {
        **keep,
        "PATH": os.pathsep.join([str(stubs), str(venv / "bin"), *path]),
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_WORKSPACE": str(project),
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(temp),
        "SOURCE_DATE_EPOCH": TODAY,
        "npm_config_prefer_offline": "true",  # the vnu-jar tarball `make test-deps` fetched
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    workflow = yaml.safe_load(
        (project / ".github/workflows/newsletter.yml").read_text(encoding="utf-8")
    )
    runner = Runner(workflow, project, env, temp)
    runner.run_all()
    return runner, project, root, venv


def _ok(done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_installs_scrnews_from_the_wheel_init_put_in_vendor(delivered):
    runner, project, root, venv = delivered
    _ok(runner.step("python -m pip install -r vendor/requirements.txt"))
    shown = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "show", "-f", "scrnews"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Location: " + str(venv) in shown  # the clean environment's own copy
    assert "apt-get install -y --no-install-recommends libpango-1.0-0" in (
        root / "stubs.log"
    ).read_text(encoding="utf-8")


def test_check_reports_the_broken_draft_without_stopping_the_run(delivered):
    runner, *_ = delivered
    done = _ok(runner.step("scrnews check --due --format github"))
    lines = done.stdout.splitlines()
    # The due issue is the real example: its two long sentences are warnings, not errors.
    assert [line.split("::")[1][:38] for line in lines[:2]] == [
        "warning file=issues/issue-1.yaml,line=",
    ] * 2
    assert lines[2:] == [
        "::warning file=issues/issue-2.yaml,line=6,col=3::board.websit: unknown field 'websit'. "
        "Did you mean 'website'?",
    ]


def test_build_publishes_the_due_issue_and_holds_back_the_draft(delivered):
    runner, project, root, _ = delivered
    _ok(runner.step("scrnews build --summary"))
    summary = (root / "summary.md").read_text(encoding="utf-8")
    assert "### Published\n\n- `issues/issue-1.yaml`: built (" in summary
    assert (
        "### Held back\n\n- `issues/issue-2.yaml`: marked draft, with mistakes; not built\n"
        "  - `issues/issue-2.yaml:6:3: board.websit: unknown field 'websit'. Did you mean "
        "'website'?`"
    ) in summary
    assert "Nothing was published" not in summary
    out = project / "out"
    assert (out / "index.html").is_file() and (out / "issue-1" / "issue-1.pdf").is_file()
    assert not (out / "issue-2").exists()


def test_audit_passes_and_pages_get_the_site(delivered):
    runner, project, *_ = delivered
    done = _ok(runner.step("scrnews audit out"))
    assert "No accessibility problems in 2 pages and 1 PDF" in done.stdout
    uses = [run.split("@")[0] for job, run, done in runner.ran if done is None]
    assert uses == [
        "actions/checkout",
        "actions/setup-python",
        "actions/cache",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    assert runner.needs["build"] == {"outputs": {"publish": "true"}, "result": "success"}
    assert runner.needs["deploy"]["result"] == "success"


def test_keepalive_switches_the_daily_run_on_again(delivered):
    runner, project, root, _ = delivered
    _ok(runner.step("gh api"))
    assert (
        f"gh api --method PUT repos/{REPOSITORY}/actions/workflows/newsletter.yml/enable"
        in (root / "stubs.log").read_text(encoding="utf-8").splitlines()
    )
    assert (project / ".github/workflows/newsletter.yml").is_file()  # the name it enables


def test_preview_works_from_the_installed_wheel(delivered):
    """`pip install` of the wheel (no extra for the preview) is enough for `scrnews preview`."""
    _, project, _, venv = delivered
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    with subprocess.Popen(
        [str(venv / "bin" / "scrnews"), "preview", "--port", "0", "issues/issue-1.yaml"],
        cwd=project,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            lines = []
            for line in process.stderr:  # "rebuilt ...", then "previewing ... at http://..."
                lines.append(line)
                url = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
                if url or len(lines) > 20:
                    break
            assert url, "".join(lines)
            with urllib.request.urlopen(url[1] + "issue-1/", timeout=30) as response:
                assert response.status == 200
                assert "Learning from review 1" in response.read().decode("utf-8")
        finally:
            process.terminate()
            process.wait(timeout=30)
