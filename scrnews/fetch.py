"""What WeasyPrint may read while it makes a PDF: the issue's own files and the theme, nothing else.

Allowed: data: URLs, and files that (symlinks followed) lie inside the project folder or the
theme. Web addresses only for hosts named with --allow-remote, fetched directly (no proxy),
without redirects, within a time and size limit. Everything else is refused and noted on the
fetcher; WeasyPrint swallows fetch errors into log warnings, so the build turns the notes into
errors afterwards (refusal_problems) and names the issue field that asked, where one did.

Imported only when a PDF is made, since it subclasses WeasyPrint's fetcher.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from .errors import Problem
from .load import Document, Loc, strings

log = logging.getLogger(__name__)

#: Seconds a remote file may take, from connecting to the last byte.
REMOTE_TIMEOUT = 10.0
#: Bytes a remote file may have.
REMOTE_MAX_BYTES = 5 * 1024 * 1024
_CHUNK = 64 * 1024


class FetchRefused(ValueError):
    """A resource outside what the build may read."""


@dataclass(frozen=True)
class Refusal:
    """An address the fetcher would not read, and why (in words an editor can act on)."""

    url: str
    reason: str


class ProjectFetcher(URLFetcher):
    """Allow data: URLs and files inside the roots; map built asset URLs to their sources."""

    def __init__(
        self,
        roots: Iterable[Path],
        assets: Mapping[str, Path] | None = None,
        *,
        allow_remote: Iterable[str] = (),
        base_dir: Path | None = None,
        generated: Mapping[str, bytes] | None = None,
        timeout: float = REMOTE_TIMEOUT,
        max_bytes: int = REMOTE_MAX_BYTES,
        **kwargs,
    ):
        super().__init__(
            allowed_protocols={"file", "data"}, allow_redirects=False, timeout=timeout, **kwargs
        )
        self.roots = [Path(root).resolve() for root in roots]
        self.assets = {url: Path(src) for url, src in (assets or {}).items()}
        self.generated = (
            {(Path(base_dir) / url).resolve(): data for url, data in (generated or {}).items()}
            if base_dir
            else {}
        )
        self.allow_remote = {host.strip().lower() for host in allow_remote if host.strip()}
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.refused: list[Refusal] = []

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return self._safe(url, super().fetch(url, headers))
        if scheme == "file":
            made = self._generated(url)
            if made is not None:
                return made
            return self._safe(url, super().fetch(self._allowed_file(url).as_uri(), headers))
        if scheme in ("http", "https"):
            return self._safe(url, self._fetch_remote(url))
        return self._refuse(
            url, f"scrnews never reads '{scheme}:' addresses; use a file in the project folder"
        )

    def _safe(self, url: str, response: URLFetcherResponse) -> URLFetcherResponse:
        """The response read whole; refused if it is an SVG that is not safe to draw (svg.py).

        Any file may be one: WeasyPrint draws a picture as SVG when Pillow cannot read it,
        whatever its name, so everything that starts like XML is checked.
        """
        from .svg import listed, svg_problems

        try:
            data = response.read()
        finally:
            response.close()
        if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<" or "svg" in response.content_type:
            unsafe = svg_problems(data)
            if unsafe:
                self._refuse(
                    url,
                    f"it is an SVG with {listed(unsafe)}, which could run code or read other "
                    "files. Take them out, or use a PNG instead",
                )
        return URLFetcherResponse(response.url, data, response.headers, response.status)

    def _generated(self, url: str) -> URLFetcherResponse | None:
        """A file the build made in memory for beside the page (print.css), if url is one."""
        path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
        data = self.generated.get(path)
        if data is None:
            return None
        kind = "text/css" if path.suffix == ".css" else "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": kind})

    def _allowed_file(self, url: str) -> Path:
        path = Path(url2pathname(unquote(urlsplit(url).path)))
        for suffix, source in self.assets.items():
            if path.as_posix().endswith("/" + suffix):
                path = source
                break
        real = path.resolve()
        if not any(real.is_relative_to(root) for root in self.roots):
            self._refuse(
                url,
                f"it is outside the project folder ({self.roots[0]}). Copy "
                "the file into the project folder and name it relative to the issue file",
            )
        return real

    def _host_allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            return False
        host = (parts.hostname or "").lower()
        return host in self.allow_remote or f"{host}:{port}" in self.allow_remote

    def _fetch_remote(self, url: str) -> URLFetcherResponse:
        host = urlsplit(url).hostname or "?"
        if not self._host_allowed(url):
            self._refuse(
                url,
                f"it is on another site ({host}). Copy the file into the project "
                f"folder, or build with --allow-remote {host} if you trust that site",
            )
        deadline = time.monotonic() + self.timeout
        try:
            return self._download(url, deadline)
        except TimeoutError:
            return self._refuse(url, f"{host} did not send it within {self.timeout:g} seconds")

    def _download(self, url: str, deadline: float) -> URLFetcherResponse:
        """GET url from its host directly: no proxy, no redirects, max_bytes, before deadline."""
        import http.client
        import ssl

        parts = urlsplit(url)
        if parts.scheme.lower() == "https":
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname,
                parts.port,
                timeout=self.timeout,
                context=ssl.create_default_context(),
            )
        else:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=self.timeout)
        try:
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            conn.request(
                "GET", target, headers={"Accept-Encoding": "identity", "User-Agent": "scrnews"}
            )
            response = conn.getresponse()
            if 300 <= response.status < 400:
                self._refuse(
                    url,
                    f"the site sent it on to {response.getheader('Location', 'another address')}"
                    "; scrnews does not follow redirects. Write the final address instead",
                )
            if response.status != 200:
                raise OSError(f"{parts.hostname} answered {response.status} {response.reason}")
            length = response.getheader("Content-Length", "")
            if length.isdigit() and int(length) > self.max_bytes:
                self._refuse(url, self._too_big())
            body = self._read(response, url, deadline)
            content_type = response.getheader("Content-Type", "application/octet-stream")
        finally:
            conn.close()
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def _read(self, response: Any, url: str, deadline: float) -> bytes:
        chunks, size = [], 0
        while chunk := response.read1(_CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                self._refuse(url, self._too_big())
            if time.monotonic() > deadline:
                raise TimeoutError
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_big(self) -> str:
        return f"it is larger than {self.max_bytes:,} bytes. Use a smaller copy"

    def _refuse(self, url: str, why: str):
        refusal = Refusal(url, why)
        if refusal not in self.refused:
            self.refused.append(refusal)
        log.debug("refused %s: %s", url, why)
        raise FetchRefused(f"refused to read {url}: {why}")


def refusal_problems(
    doc: Document,
    refusals: Iterable[Refusal],
    base_url: str,
    named: Mapping[str, Loc] | None = None,
) -> list[Problem]:
    """One problem per refusal, at the issue field that named the address if one did.

    named maps addresses the templates were given (relative to the page, such as a logo's
    'assets/logo.png') to the field they came from; Markdown links and images are found in the text.
    """
    where = {_same(urljoin(base_url, url)): loc for url, loc in (named or {}).items()}
    for loc, text in strings(doc.data):
        if "(" in text or "<" in text or "]:" in text:
            from .markup import link_targets

            for target in link_targets(text):
                where.setdefault(_same(urljoin(base_url, target)), loc)
    problems = []
    for refusal in refusals:
        loc = where.get(_same(refusal.url))
        if loc is not None:
            problems.append(
                doc.problem(loc, f"cannot use {refusal.url} in the PDF: {refusal.reason}.")
            )
        else:
            problems.append(
                Problem(
                    doc.name,
                    None,
                    None,
                    "",
                    f"a template or stylesheet asks for "
                    f"{refusal.url}, which scrnews will not read: {refusal.reason}.",
                )
            )
    return problems


def _same(url: str) -> str:
    """A URL reduced so the page's and WeasyPrint's (percent-encoded) spellings compare equal."""
    return unquote(url).split("#")[0]
