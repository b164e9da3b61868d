"""Running scrnews as a real process and finding every process it started (not a test module).

Each run carries a unique environment variable, which every child inherits (fork or spawn),
so its processes can be found in /proc even after their parent is gone and they have been
handed to init; processes of other builds running on the machine at the same time are not.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TAG = "SCRNEWS_TEST_RUN"


class Run:
    """scrnews (or a Python script) running in cwd, its stderr collected line by line."""

    def __init__(self, args: list[str], cwd: Path, *, script: str | None = None) -> None:
        self.tag = uuid.uuid4().hex
        env = {**os.environ, TAG: self.tag, "PYTHONPATH": _pythonpath()}
        start = ["-c", script] if script else ["-m", "scrnews"]
        command = [sys.executable, *start, *args]
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        with self.process.stderr:
            for line in self.process.stderr:
                self.lines.append(line.rstrip("\n"))

    @property
    def stderr(self) -> str:
        return "\n".join(self.lines)

    def wait_for_line(self, text: str, timeout: float = 120) -> bool:
        """True once a line containing text has been written (False if the run ends first)."""

        def seen() -> bool:
            return any(text in line for line in self.lines)

        wait_until(lambda: seen() or not self._reader.is_alive(), timeout)
        return seen()

    def children(self) -> list[int]:
        """Every living process of this run except scrnews itself."""
        return [pid for pid in tagged(self.tag) if pid != self.process.pid]

    def children_ready(self) -> bool:
        """True when there are children and each has named itself scrnews-…, which it does
        once it has asked to die with its parent (a child frozen before that would not)."""
        children = self.children()
        return bool(children) and all(name(pid).startswith("scrnews-") for pid in children)

    def wait(self, timeout: float = 300) -> int:
        code = self.process.wait(timeout)
        self._reader.join(timeout)
        return code

    def cleanup(self) -> None:
        """Leave nothing behind, whatever the test found (stopped processes are woken to die)."""
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        for pid in tagged(self.tag):
            for sig in (signal.SIGKILL, signal.SIGCONT):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
        with contextlib.suppress(Exception):
            self.wait(30)


def tagged(tag: str) -> list[int]:
    """Living (not zombie) processes whose environment holds TAG=tag."""
    needle = f"{TAG}={tag}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:  # gone, or a zombie (no environment left to read)
            continue
    return found


def name(pid: int) -> str:
    """The process's name (Linux /proc/PID/comm), or "" when it is gone."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def wait_until(condition: Callable[[], bool], timeout: float, step: float = 0.02) -> bool:
    """Poll condition until it holds (True) or timeout seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def signal_all(pids: list[int], sig: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


def _pythonpath() -> str:
    """This checkout first, so the subprocess runs the code under test."""
    rest = os.environ.get("PYTHONPATH")
    return f"{ROOT}{os.pathsep}{rest}" if rest else str(ROOT)
