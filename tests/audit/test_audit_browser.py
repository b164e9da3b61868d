"""Finding Chromium, and saying how to install it when it is missing."""

from __future__ import annotations

import pytest

from scrnews.audit import BrowserMissing, ToolMissing, browser


def executable(path):
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_environment_variable_wins(monkeypatch, tmp_path):
    chosen = executable(tmp_path / "my-chrome")
    monkeypatch.setenv("SCRNEWS_CHROMIUM", str(chosen))
    assert browser.find_chromium() == str(chosen)


def test_environment_variable_must_name_an_executable(monkeypatch, tmp_path):
    monkeypatch.setenv("SCRNEWS_CHROMIUM", str(tmp_path / "missing"))
    with pytest.raises(BrowserMissing, match="missing is not an executable file"):
        browser.find_chromium()


def test_found_on_path(monkeypatch, tmp_path):
    monkeypatch.delenv("SCRNEWS_CHROMIUM", raising=False)
    monkeypatch.setattr(browser, "DEFAULT_PATH", str(tmp_path / "absent"))
    monkeypatch.setenv("PATH", str(tmp_path))
    found = executable(tmp_path / "chromium-browser")
    assert browser.find_chromium() == str(found)


def test_missing_browser_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.delenv("SCRNEWS_CHROMIUM", raising=False)
    monkeypatch.setattr(browser, "DEFAULT_PATH", str(tmp_path / "absent"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrowserMissing) as caught:
        browser.find_chromium()
    message = str(caught.value)
    assert "apt-get install chromium" in message
    assert "brew install --cask chromium" in message
    assert "SCRNEWS_CHROMIUM" in message
    assert isinstance(caught.value, ToolMissing)


def test_launch_args_keep_chromium_quiet_and_offline():
    assert {"--headless", "--no-sandbox", "--disable-background-networking"} <= set(browser.ARGS)
