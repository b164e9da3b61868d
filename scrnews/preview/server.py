"""The preview's HTTP server: the standard library's, serving only what the session holds.

Nothing is read from disk on request: pages, images and PDFs come from memory, so a path can
only name something the preview built. Requests must use GET or HEAD and name this server in
their Host header (a web page elsewhere cannot reach it through DNS rebinding).
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import logging
import mimetypes
import re
import socket
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import relpath
from . import pages
from .session import PreviewError, Session

log = logging.getLogger(__name__)

PREFIX = "/__scrnews__/"
KEEPALIVE_SECONDS = 15
_WILDCARDS = {"0.0.0.0", "::", ""}
_HOST_RE = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[^:\[\]/@\s]+)(?::(\d{1,5}))?")


class PreviewServer(ThreadingHTTPServer):
    """A threaded HTTP server that knows its session and which Host headers are its own."""

    daemon_threads = True

    def __init__(self, session: Session, host: str, port: int) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.session = session
        self.host = host
        try:
            super().__init__((host, port), Handler)
        except OSError as exc:
            raise PreviewError(_bind_message(host, port, exc)) from None
        self.port = self.server_address[1]
        self.names = {"127.0.0.1", "localhost", "[::1]", _bracket(host).lower()}
        if host in _WILDCARDS:
            self.names |= {socket.gethostname().lower(), socket.getfqdn().lower()}

    @property
    def url(self) -> str:
        shown = "127.0.0.1" if self.host in _WILDCARDS else _bracket(self.host)
        return f"http://{shown}:{self.port}/"

    def host_allowed(self, header: str | None) -> bool:
        """Is this Host header ours: a name we serve, or any IP when serving on all interfaces?"""
        match = _HOST_RE.fullmatch((header or "").strip())
        if not match:
            return False
        name, port = match[1].lower().rstrip("."), match[2]
        if (int(port) if port else 80) != self.port:
            return False
        return name in self.names or (self.host in _WILDCARDS and _is_ip(name))


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def _bind_message(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use (is another preview running?). "
            f"Stop the other program, or choose another port: `--port {port + 1}`, "
            f"or `--port 0` to pick a free one."
        )
    if exc.errno == errno.EACCES:
        return (
            f"not allowed to use port {port} on {host}; choose a port above 1023, "
            "such as `--port 8000`."
        )
    return f"cannot serve on {host} port {port}: {exc.strerror or exc}. Check the --host address."


def clean_path(target: str) -> list[str] | None:
    """The request path as its parts, or None if it could point outside the preview."""
    if not target.startswith("/"):
        return None  # absolute-form URLs and anything odd
    path = unquote(
        urlsplit(target).path
    )  # once: a double-encoded %252e stays '%2e', matches nothing
    if "\\" in path or "\x00" in path:
        return None
    parts = path.split("/")[1:]
    if any(part in (".", "..") for part in parts) or "" in parts[:-1]:
        return None
    return parts


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD of the index, each issue's page, its images and PDF, and the reload events."""

    server: PreviewServer
    server_version = "scrnews-preview"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the standard library's name)
        log.debug("%s %s", self.address_string(), format % args)

    def __getattr__(self, name: str):
        if name.startswith("do_"):  # POST, PUT, DELETE, OPTIONS, anything else
            return self._not_allowed
        raise AttributeError(name)

    def _not_allowed(self) -> None:
        self._send(
            HTTPStatus.METHOD_NOT_ALLOWED,
            "Only GET and HEAD are allowed.\n",
            headers={"Allow": "GET, HEAD"},
        )

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        self.head = head
        if not self.server.host_allowed(self.headers.get("Host")):
            status = (
                HTTPStatus.BAD_REQUEST
                if not self.headers.get("Host")
                else HTTPStatus.MISDIRECTED_REQUEST
            )
            self._send(status, f"This preview answers only at {self.server.url}\n")
            return
        parts = clean_path(self.path)
        if parts is None:
            self._not_found()
            return
        self._route(parts)

    def _route(self, parts: list[str]) -> None:
        session = self.server.session
        if parts == [""]:
            self._index()
        elif parts[0] == PREFIX.strip("/"):
            self._internal(parts[1:])
        elif parts[0] not in session.issues:
            self._missing(parts[0]) if len(parts) == 2 and parts[1] in (
                "",
                "index.html",
            ) else self._not_found()
        elif len(parts) == 1:
            self._redirect(f"/{parts[0]}/")
        else:
            self._issue(parts[0], "/".join(parts[1:]))

    def _index(self) -> None:
        session = self.server.session
        if session.folder is None and len(session.issues) == 1:
            self._redirect(f"/{next(iter(session.issues))}/")
        else:
            self._html(pages.index_page(session))

    def _issue(self, stem: str, rest: str) -> None:
        session = self.server.session
        state = session.issues[stem]
        if rest in ("", "index.html"):
            self._html(pages.issue_page(state, session.token(stem)))
        elif rest == f"{stem}.pdf":
            self._pdf(stem)
        elif state.good is not None and rest in state.good.files:
            self._send(
                HTTPStatus.OK,
                state.good.files[rest],
                mimetypes.guess_type(rest)[0] or "application/octet-stream",
            )
        else:
            self._not_found()

    def _pdf(self, stem: str) -> None:
        session = self.server.session
        state = session.issues[stem]
        asked_for_last = "last-good" in parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if state.problems and not asked_for_last:
            # An old PDF shown as if it were current would hide the mistake: say so instead.
            self._html(pages.stale_pdf_page(state, session.token(stem)), HTTPStatus.CONFLICT)
            return
        try:
            data = self.server.session.pdf(stem)
        except Exception as exc:  # WeasyPrint trouble is shown, never fatal
            log.warning("%s: could not make the PDF: %s", stem, exc)
            log.debug("PDF failure", exc_info=True)
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, f"Could not make the PDF: {exc}\n")
            return
        if data is None:
            self._send(
                HTTPStatus.NOT_FOUND, "No PDF yet: fix the problems shown on the page first.\n"
            )
        else:
            self._send(HTTPStatus.OK, data, "application/pdf")

    def _missing(self, stem: str) -> None:
        self._html(pages.missing_page(stem, self.server.session.token(stem)), HTTPStatus.NOT_FOUND)

    def _internal(self, parts: list[str]) -> None:
        if parts == ["reload.js"]:
            script = files(__package__).joinpath("reload.js").read_bytes()
            self._send(HTTPStatus.OK, script, "text/javascript; charset=utf-8")
        elif parts == ["events"]:
            self._events()
        else:
            self._not_found()

    def _events(self) -> None:
        """Server-sent events: one `reload` when the page's version differs from the one it has."""
        query = parse_qs(urlsplit(self.path).query)
        stem, token = query.get("stem", [""])[0], query.get("v", [""])[0]
        self.send_response(HTTPStatus.OK)
        self._common_headers("text/event-stream")
        self.end_headers()
        if self.head:
            return
        session = self.server.session
        try:
            self._write(b"retry: 500\n\n")
            while not session.closing:
                now = session.wait_for_change(stem, token, KEEPALIVE_SECONDS)
                if session.closing:
                    return
                if now != token:
                    self._write(f"event: reload\ndata: {now or ''}\n\n".encode())
                    return
                self._write(b": still here\n\n")
        except OSError:  # the page went away
            return

    # -- responses ------------------------------------------------------------------------
    def _write(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()

    def _html(self, text: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(status, text, "text/html; charset=utf-8")

    def _redirect(self, where: str) -> None:
        self._send(HTTPStatus.FOUND, f"See {where}\n", headers={"Location": where})

    def _not_found(self) -> None:
        self._send(
            HTTPStatus.NOT_FOUND, "Not found: the preview serves only the issues it builds.\n"
        )

    def _send(
        self,
        status: HTTPStatus,
        body: bytes | str,
        ctype: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self._common_headers(ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not getattr(self, "head", False):
            with contextlib.suppress(OSError):  # the browser went away
                self._write(data)

    def _common_headers(self, ctype: str) -> None:
        self.send_header("Content-Type", ctype)
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")


def describe(server: PreviewServer) -> str:
    """The line that tells the user where to look."""
    where = ", ".join(relpath(s.path) for s in server.session.issues.values()) or "no issues yet"
    return f"previewing {where} at {server.url} (press Ctrl-C to stop)"
