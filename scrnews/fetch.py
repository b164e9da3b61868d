"""What WeasyPrint may read while it makes a PDF: the issue's own files and the theme, nothing else.

Imported only when a PDF is made, since it subclasses WeasyPrint's fetcher.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher

log = logging.getLogger(__name__)


class FetchRefused(ValueError):
    """A resource outside what the build may read."""


class ProjectFetcher(URLFetcher):
    """Allow data: URLs and files inside the allowed folders; map built asset URLs to their sources."""

    def __init__(self, roots: Iterable[Path], assets: Mapping[str, Path] | None = None, **kwargs):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=5, **kwargs)
        self.roots = [Path(root).resolve() for root in roots]
        self.assets = {url: Path(src) for url, src in (assets or {}).items()}
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            return super().fetch(self._allowed_file(url).as_uri(), headers)
        return self._refuse(url, "only files from the project folder may be used")

    def _allowed_file(self, url: str) -> Path:
        path = Path(url2pathname(unquote(urlsplit(url).path)))
        for suffix, source in self.assets.items():
            if path.as_posix().endswith("/" + suffix):
                path = source
                break
        real = path.resolve()
        if not any(real.is_relative_to(root) for root in self.roots):
            self._refuse(url, "it is outside the project folder")
        return real

    def _refuse(self, url: str, why: str):
        self.refused.append(url)
        raise FetchRefused(f"refused to read {url}: {why}")
