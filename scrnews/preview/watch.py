"""Watch what the preview is built from and rebuild when it changes.

Two watchers: the issue files, their images and scrnews.yaml by their folders (not below them,
since an issue may sit beside a large .venv), and the template folders with everything below.
watchfiles waits up to 1600 ms by default before it reports; we report once the files have been
quiet for one short step, so an editor's write-then-rename still arrives as one batch.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from .session import Session

log = logging.getLogger(__name__)

STEP_MS = 10  # report once nothing new has happened for this long
DEBOUNCE_MS = 50  # ...or once this long has passed since the first change
RECHECK_MS = 500  # look again at which folders to watch this often

Targets = Callable[[], tuple[list[str], Callable[[Path], bool]]]


class Watcher:
    """Background threads that call session.rebuild(changed paths) after each batch of changes."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.stop_event = threading.Event()
        self.threads = [
            threading.Thread(
                target=self._loop,
                args=(self._file_targets, False),
                name="scrnews-watch-files",
                daemon=True,
            ),
            threading.Thread(
                target=self._loop,
                args=(self._template_targets, True),
                name="scrnews-watch-templates",
                daemon=True,
            ),
        ]
        self._listening = threading.Semaphore(0)

    def start(self, timeout: float = 10) -> None:
        """Start watching; return once every watcher is listening, so no early save is missed."""
        for thread in self.threads:
            thread.start()
        for _ in self.threads:
            if not self._listening.acquire(timeout=timeout):
                log.warning("the file watcher was slow to start; early changes may be missed")
                return

    def stop(self) -> None:
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=2)

    # -- what to watch --------------------------------------------------------------------
    def _file_targets(self) -> tuple[list[str], Callable[[Path], bool]]:
        files = self.session.watched_files()
        folder = self.session.folder
        folders = {path.parent for path in files} | ({folder} if folder else set())

        def wanted(path: Path) -> bool:
            return path in files or (path.parent == folder and path.suffix == ".yaml")

        return _existing(folders), wanted

    def _template_targets(self) -> tuple[list[str], Callable[[Path], bool]]:
        from watchfiles import DefaultFilter

        ignore = DefaultFilter()  # editor swap and backup files, caches
        return _existing(self.session.watched_folders()), lambda path: ignore(None, str(path))

    # -- the loop -------------------------------------------------------------------------
    def _loop(self, targets: Targets, recursive: bool) -> None:
        announced: list[bool] = []

        def announce() -> None:
            if not announced:
                announced.append(True)
                self._listening.release()

        while not self.stop_event.is_set():
            folders, wanted = targets()
            try:
                self._watch(folders, wanted, recursive, targets, announce)
            except Exception:  # a folder vanished during setup, say: look again shortly
                log.debug("the watcher stopped; starting it again", exc_info=True)
                announce()
                self.stop_event.wait(RECHECK_MS / 1000)

    def _watch(
        self, folders: list[str], wanted, recursive: bool, targets: Targets, announce
    ) -> None:
        """Watch folders until the folders to watch change; rebuild after each relevant batch."""
        # The Rust backend directly (as watchfiles' docs show) so we know when it is listening.
        from watchfiles._rust_notify import RustNotify

        if not folders:
            announce()
            self.stop_event.wait(RECHECK_MS / 1000)
            return
        with RustNotify(folders, False, False, 300, recursive, True) as notify:
            announce()
            while True:
                raw = notify.watch(DEBOUNCE_MS, STEP_MS, RECHECK_MS, self.stop_event)
                if raw in ("stop", "signal"):
                    return
                if raw != "timeout":
                    self._rebuild([Path(path) for _, path in raw if wanted(Path(path))])
                now, wanted = targets()
                if now != folders:
                    return

    def _rebuild(self, paths: list[Path]) -> None:
        if not paths:
            return
        log.debug("changed: %s", ", ".join(str(p) for p in paths))
        self.session.rebuild(paths)


def _existing(folders) -> list[str]:
    return sorted({str(Path(f)) for f in folders if Path(f).is_dir()})
