"""Find a Chromium and launch it through Playwright, once per audit run."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from scrnews.audit.problem import ToolMissing

if TYPE_CHECKING:
    from playwright.sync_api import Browser

log = logging.getLogger(__name__)

ENV_VAR = "SCRNEWS_CHROMIUM"
DEFAULT_PATH = "/usr/bin/chromium"
NAMES = ("chromium", "chromium-browser", "google-chrome")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
INSTALL_HINT = (
    "The accessibility audit needs Chromium. Install it with "
    "'apt-get install chromium' (Debian/Ubuntu) or "
    "'brew install --cask chromium' (macOS), "
    f"or set {ENV_VAR} to the path of a Chromium or Chrome executable."
)


class BrowserMissing(ToolMissing):
    """No usable Chromium (or the playwright package) was found."""


def find_chromium() -> str:
    """Return the Chromium executable to use, or raise BrowserMissing."""
    chosen = os.environ.get(ENV_VAR)
    if chosen:
        if os.path.isfile(chosen) and os.access(chosen, os.X_OK):
            return chosen
        raise BrowserMissing(f"{ENV_VAR}={chosen} is not an executable file. {INSTALL_HINT}")
    if os.access(DEFAULT_PATH, os.X_OK):
        return DEFAULT_PATH
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserMissing(f"Chromium was not found. {INSTALL_HINT}")


@contextmanager
def open_browser(executable: str | None = None) -> Iterator[Browser]:
    """Launch headless Chromium once and yield the Browser; close it on exit."""
    executable = executable or find_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BrowserMissing(
            "The accessibility audit needs the 'playwright' Python package: "
            "pip install 'playwright>=1.50' (no 'playwright install' needed)."
        ) from exc
    log.debug("launching %s", executable)
    with sync_playwright() as playwright:
        # Playwright cannot download its own browser here, so always name one.
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
