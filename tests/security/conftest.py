"""Fixtures for the hostile-input tests: a local web server (127.0.0.1 only) and an issue with
every Markdown field filled in.

The shared fixtures (make_issue, write_issue, html_text, pdf_text) come from tests/conftest.py.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from security_helpers import fill, png_pixel


@dataclass
class Server:
    """A web server on 127.0.0.1 with a few routes, recording every path it was asked for."""

    host: str
    port: int
    requests: list[str] = field(default_factory=list)

    scheme: str = "http"

    def url(self, path: str) -> str:
        return f"{self.scheme}://{self.host}:{self.port}{path}"


def _handler(server: Server):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802  (http.server's name)
            server.requests.append(self.path)
            if self.path == "/dot.png":
                self._send(200, png_pixel(), "image/png")
            elif self.path == "/redirect.png":
                self.send_response(302)
                self.send_header("Location", server.url("/dot.png"))
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/big.png":
                self._send(200, png_pixel() + b"\0" * 200_000, "image/png")
            elif self.path == "/big-unsized.png":
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()  # no Content-Length: the body runs until the connection closes
                self.wfile.write(png_pixel() + b"\0" * 200_000)
                self.close_connection = True
            elif self.path == "/evil.svg":
                svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
                self._send(200, svg, "image/svg+xml")
            elif self.path.startswith("/exact-unsized/"):  # /exact-unsized/<bytes>
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(b"\0" * int(self.path.rsplit("/", 1)[1]))
                self.close_connection = True
            elif self.path.startswith("/exact-sized/"):  # /exact-sized/<bytes>, with its length
                self._send(200, b"\0" * int(self.path.rsplit("/", 1)[1]), "image/png")
            elif self.path.startswith("/status/"):  # /status/<code>, with a Location
                self.send_response(int(self.path.rsplit("/", 1)[1]))
                self.send_header("Location", server.url("/dot.png"))
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/claims-huge.png":  # says 10 GB, then sends nothing for a while
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(10**10))
                self.end_headers()
                self.wfile.flush()
                time.sleep(3)
            elif self.path == "/drip.png":  # a byte every 0.1 s: never idle long enough to time out
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", "60")
                self.end_headers()
                try:
                    for _ in range(60):
                        self.wfile.write(b"\0")
                        self.wfile.flush()
                        time.sleep(0.1)
                except OSError:  # the client gave up, as it should
                    pass
            elif self.path == "/slow.png":
                time.sleep(3)
                self._send(200, png_pixel(), "image/png")
            else:
                self._send(404, b"not here", "text/plain")

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # keep the test output quiet
            pass

    return Handler


def serve(handler, *, tls=None):
    """Serve handler on 127.0.0.1 in a thread (over TLS with the ssl context given); yield port."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def tls_web(tmp_path, monkeypatch):
    """The same server over HTTPS with a certificate for 127.0.0.1 from a test CA made here.

    The CA is trusted only through SSL_CERT_FILE, as a system CA would be: yields (Server, CA
    file); a test that unsets SSL_CERT_FILE sees a certificate nobody vouches for.
    """
    trustme = pytest.importorskip("trustme")
    import ssl

    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca_file = tmp_path / "test-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    state = Server("127.0.0.1", 0, scheme="https")
    for port in serve(_handler(state), tls=context):
        state.port = port
        monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
        monkeypatch.delenv("SSL_CERT_DIR", raising=False)
        yield state


@pytest.fixture
def web():
    """A local web server for remote-image tests; never any address but 127.0.0.1."""
    state = Server("127.0.0.1", 0)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def every_markdown_field():
    """every_markdown_field(payload) -> issue data with payload in every Markdown field."""
    from scrnews.schema import Issue

    return lambda payload: fill(Issue, payload)
