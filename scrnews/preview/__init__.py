"""`scrnews preview`: serve issues on this computer and rebuild them on every save.

    session.py  what is shown: last good build of each issue, its problems, its PDF
    watch.py    which files to watch, and rebuilding after each batch of changes
    server.py   the HTTP server (standard library), Host and path checks, reload events
    pages.py    the reload script tag, the problem overlay, the index page
    reload.js   the script a previewed page runs

The public entry points are `start_preview` (returns a running `Preview`, for tests and
scripts) and `run_preview` (what the command calls: serve until Ctrl-C).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from .session import PreviewError, Session

log = logging.getLogger(__name__)

__all__ = ["Preview", "PreviewError", "run_preview", "start_preview"]

DEFAULT_FOLDER = Path("issues")


class Preview:
    """A running preview: its session (what is built), server (where) and watcher (when)."""

    def __init__(self, session: Session, server, watcher) -> None:
        self.session, self.server, self.watcher = session, server, watcher

    @property
    def url(self) -> str:
        return self.server.url

    def serve_forever(self) -> None:
        self.server.serve_forever(poll_interval=0.1)

    def close(self) -> None:
        """Stop serving and watching (call from another thread than serve_forever, or after it)."""
        self.session.close()
        self.watcher.stop()
        if getattr(self, "_serving", False):
            self.server.shutdown()
        self.server.server_close()

    def serve_in_thread(self) -> threading.Thread:
        """Serve from a background thread (for tests and scripts); close() stops it."""
        self._serving = True
        thread = threading.Thread(target=self.serve_forever, name="scrnews-preview", daemon=True)
        thread.start()
        return thread


def session_for(paths: Sequence[Path], templates: Sequence[Path] = ()) -> Session:
    """One session for the named issue files, or for every issue in a folder (default issues/)."""
    if len(paths) == 1 and Path(paths[0]).is_dir() or not paths:
        folder = Path(paths[0]) if paths else DEFAULT_FOLDER
        if not folder.is_dir():
            raise PreviewError(
                "there is no issues/ folder here; name an issue file, such as "
                "`scrnews preview issues/issue-2.yaml`."
            )
        session = Session([], templates=templates, folder=folder)
        session._set_paths(session.folder_issues())
        return session
    return Session(paths, templates=templates)


def start_preview(
    paths: Sequence[Path] = (),
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    templates: Sequence[Path] = (),
    warm_pdf: bool = True,
) -> Preview:
    """Bind the port, build every issue, start watching; serve with .serve_forever()."""
    from .server import PreviewServer
    from .watch import Watcher

    _need_watchfiles()
    session = session_for([Path(p) for p in paths], templates)
    server = PreviewServer(session, host, port)
    try:
        session.rebuild()
        watcher = Watcher(session)
        watcher.start()
    except BaseException:
        server.server_close()
        raise
    if warm_pdf:  # so the first PDF asked for does not also pay for importing WeasyPrint
        threading.Thread(target=_warm_pdf, name="scrnews-warm-pdf", daemon=True).start()
    return Preview(session, server, watcher)


def _need_watchfiles() -> None:
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        raise PreviewError(
            "the preview needs the watchfiles package; install it with "
            "`pip install 'scrnews[preview]'`."
        ) from None


def _is_loopback(host: str) -> bool:
    import ipaddress

    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _warm_pdf() -> None:
    import weasyprint  # noqa: F401

    from .. import fetch  # noqa: F401


def run_preview(
    paths: Sequence[Path] = (),
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    templates: Sequence[Path] = (),
    open_browser: bool = False,
) -> None:
    """Serve until Ctrl-C; a bad save shows on the page and never stops the server."""
    from .server import describe

    preview = start_preview(paths, host=host, port=port, templates=templates)
    if not _is_loopback(host):
        log.warning(
            "serving on every network interface: anyone who can reach this computer can read "
            "the preview. Leave out --host to keep it to this computer."
        )
    log.info("%s", describe(preview.server))
    if open_browser:
        import webbrowser

        webbrowser.open(preview.url)
    try:
        preview.serve_forever()
    except KeyboardInterrupt:
        log.info("preview stopped")
    finally:
        preview.close()
