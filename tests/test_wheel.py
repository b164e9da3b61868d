"""The wheel ships the theme; an installed copy builds issue 2 from it, not from the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel from this checkout into a scratch folder (no network: uses hatchling)."""
    out = tmp_path_factory.mktemp("dist")
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--quiet",
        "--wheel-dir",
        str(out),
        str(ROOT),
    )
    (found,) = out.glob("scrnews-*.whl")
    return found


def test_wheel_holds_the_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = ROOT / "templates" / "default"
    expected = {
        f"scrnews/_templates/default/{p.relative_to(theme).as_posix()}"
        for p in theme.rglob("*")
        if p.is_file()
    }
    for must in ("issue.html", "base.html", "style.css", "pdf.css", "blocks/message.html"):
        assert f"scrnews/_templates/default/{must}" in names
    assert expected <= names
    assert "scrnews/cli.py" in names
    assert not any(name.startswith(("templates/", "tests/", "issues/")) for name in names)


def test_wheel_holds_the_audit_vendor_files(wheel):
    vendor = ROOT / "scrnews" / "audit" / "vendor"
    if not vendor.is_dir():
        pytest.skip("this checkout has no scrnews/audit/vendor folder")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "scrnews/audit/vendor/axe.min.js" in names


def test_installed_wheel_builds_issue_2(wheel, tmp_path):
    site = tmp_path / "site"
    _run(
        sys.executable,
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--quiet",
        "--target",
        str(site),
        str(wheel),
    )
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONWARNINGS": "ignore"}
    script = (
        "import sys, scrnews, scrnews.project as t\n"
        "from scrnews.build import build_issue\n"
        "print(scrnews.__file__)\n"
        "print(t.builtin_dir())\n"
        f"build_issue({str(ROOT / 'issues' / 'issue-2.yaml')!r}, 'out', formats=('html',))\n"
    )
    done = _run(sys.executable, "-c", script, cwd=work, env=env)
    package_file, theme = done.stdout.splitlines()[:2]
    assert Path(package_file).is_relative_to(site)
    assert Path(theme) == site / "scrnews" / "_templates"
    page = (work / "out" / "issue-2" / "index.html").read_text(encoding="utf-8")
    assert "Sharing learning from SCRs in order to improve practice is vital." in page
    assert '<html lang="en-GB">' in page
