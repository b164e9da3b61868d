"""The vendored axe-core matches the version package.json pins."""

from __future__ import annotations

import json
from pathlib import Path

from scrnews.audit.html_checks import axe_source

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "scrnews" / "audit" / "vendor"


def test_vendored_axe_matches_package_json():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["axe-core"]
    assert axe_source().startswith(f"/*! axe v{pinned}")
    assert f"| {pinned} |" in (VENDOR / "README.md").read_text()


def test_axe_licence_ships_with_it():
    assert "Mozilla Public License, version 2.0" in (VENDOR / "LICENSE").read_text()


def test_install_script_pins_the_same_vnu_jar():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["vnu-jar"]
    script = (ROOT / "tools" / "install-audit-deps.sh").read_text()
    assert f'VNU_JAR_VERSION="{pinned}"' in script
