"""Validate HTML files with the Nu HTML Checker (vnu.jar)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

from scrnews.audit.problem import Problem, ToolMissing, found_by, wcag

log = logging.getLogger(__name__)

ENV_VAR = "SCRNEWS_VNU_JAR"
#: The vnu-jar release the checks are tested with (package.json pins the same one).
PINNED_VERSION = "26.9.27"
JAR_IN_NODE_MODULES = Path("node_modules/vnu-jar/build/dist/vnu.jar")
# The checkout root when scrnews runs from source (scrnews/audit/vnu.py -> root).
CHECKOUT_ROOT = Path(__file__).resolve().parents[2]
INSTALL_HINT = (
    "Install it with tools/install-audit-deps.sh, or 'npm install' in the project root "
    f"(package.json pins vnu-jar), or set {ENV_VAR} to the path of vnu.jar."
)
REPORTED_TYPES = {"error", "non-document-error"}


def find_vnu_jar(start: Path | None = None) -> Path:
    """Return vnu.jar from SCRNEWS_VNU_JAR or a node_modules above start/the checkout."""
    chosen = os.environ.get(ENV_VAR)
    if chosen:
        if Path(chosen).is_file():
            return Path(chosen)
        raise ToolMissing(f"{ENV_VAR}={chosen} is not a file. {INSTALL_HINT}")
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents, CHECKOUT_ROOT):
        jar = folder / JAR_IN_NODE_MODULES
        if jar.is_file():
            return jar
    raise ToolMissing(f"vnu.jar (npm package vnu-jar) was not found. {INSTALL_HINT}")


def find_java() -> str:
    """Return a java executable from JAVA_HOME or PATH, or raise ToolMissing."""
    home = os.environ.get("JAVA_HOME")
    if home and os.access(Path(home, "bin", "java"), os.X_OK):
        return str(Path(home, "bin", "java"))
    found = shutil.which("java")
    if found:
        return found
    raise ToolMissing(
        "The HTML validity check needs Java 17 or later. Install it with "
        "'apt-get install default-jre-headless' (Debian/Ubuntu) or "
        "'brew install openjdk' (macOS), or set JAVA_HOME."
    )


def check_vnu(paths: Iterable[str | Path]) -> list[Problem]:
    """Validate the HTML files in one vnu run; each error becomes a Problem."""
    paths = list(paths)
    if not paths:
        return []
    command = [
        find_java(),
        "-jar",
        str(find_vnu_jar()),
        "--format",
        "json",
        "--errors-only",
        "--no-langdetect",
        "--stdout",
        *map(str, paths),
    ]
    log.debug("running %s", " ".join(command[:3]))
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:
        messages = json.loads(done.stdout)["messages"]
    except (json.JSONDecodeError, KeyError) as exc:
        raise RuntimeError(
            f"vnu.jar failed (exit {done.returncode}): {done.stderr.strip()}"
        ) from exc
    names = {Path(p).resolve(): str(p) for p in paths}
    problems = [_problem(m, names) for m in messages if m.get("type") in REPORTED_TYPES]
    return found_by("HTML validity", problems)


def _problem(message: dict, names: dict[Path, str]) -> Problem:
    """Turn one vnu JSON message into a Problem on the page as the caller named it."""
    path = Path(unquote(urlparse(message.get("url", "")).path)).resolve()
    page = names.get(path, message.get("url", "?"))
    return Problem(page, _where(message), wcag("4.1.1"), message["message"])


def _where(message: dict) -> str:
    """Say where the error is: line number and the highlighted source, if any."""
    line = message.get("lastLine") or message.get("firstLine")
    extract = message.get("extract", "")
    start = message.get("hiliteStart")
    snippet = extract[start : start + message.get("hiliteLength", 0)] if start is not None else ""
    snippet = " ".join(snippet.split())
    where = f"line {line}" if line else "document"
    return f"{where}: {snippet}" if snippet else where
