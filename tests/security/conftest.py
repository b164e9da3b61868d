"""Fixtures for the hostile-input tests: a local web server (127.0.0.1 only) and an issue with
every Markdown field filled in.

The shared fixtures (make_issue, write_issue, html_text, pdf_text) come from tests/conftest.py.
"""

from __future__ import annotations

import struct
import threading
import time
import types
import typing
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pydantic import BaseModel


def png_pixel() -> bytes:
    """A valid 1x1 red PNG, so a fetched image really lands in the PDF."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@dataclass
class Server:
    """A web server on 127.0.0.1 with a few routes, recording every path it was asked for."""

    host: str
    port: int
    requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"


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


@pytest.fixture
def web():
    """A local web server for remote-image tests; never any address but 127.0.0.1."""
    state = Server("127.0.0.1", 0)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


# ------------------------------------------------------------------ every Markdown field


def _is_markdown(metadata: typing.Iterable) -> bool:
    from scrnews.fields import _check_markdown

    return any(getattr(item, "func", None) is _check_markdown for item in metadata)


def _value(annotation, metadata, info, payload: str, depth: int):
    """A value for one field: the payload for Markdown, a sample for required fields, else None."""
    if _is_markdown(metadata):
        return payload
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _value(args[0], args[1:], info, payload, depth)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _value(inner[0], (), None, payload, depth) if len(inner) == 1 else None
    if origin is list:
        item = _value(args[0], (), None, payload, depth)
        if item is None and info is not None and info.is_required():
            item = "Column"
        return [item] if item is not None else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and depth < 3:
        part = fill(annotation, payload, depth + 1)
        return part if payload in repr(part) or (info is not None and info.is_required()) else None
    if info is not None and info.is_required():
        return info.examples[0] if info.examples else "Text"
    return None


def fill(model: type[BaseModel], payload: str, depth: int = 0) -> dict:
    """Data for model with the payload in every Markdown field it (and its parts) can hold."""
    data = {}
    for name, info in model.model_fields.items():
        value = _value(info.annotation, info.metadata, info, payload, depth)
        if value is not None:
            data[name] = value
    return data


@pytest.fixture
def every_markdown_field():
    """every_markdown_field(payload) -> issue data with payload in every Markdown field."""
    from scrnews.schema import Issue

    return lambda payload: fill(Issue, payload)
