"""Every href, src, srcset and CSS url() in a built page that names a file beside it must find
that file: a missing stylesheet, font or picture fails silently in a browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scrnews.audit.problem import Problem, found_by

CRITERION = "missing file"
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_LINK_ATTRIBUTES = ("href", "src", "poster", "data")


class _References(HTMLParser):
    """(element, address) of every reference to another file in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in _LINK_ATTRIBUTES:
                self.found.append((f'<{tag} {name}="{value}">', value))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        address = candidate.split()[0]
                        self.found.append((f'<{tag} srcset="{address} …">', address))
            elif name == "style":
                self._css(f"<{tag} style>", value)
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._style = False

    def handle_data(self, data: str) -> None:
        if self._style:
            self._css("<style>", data)

    def _css(self, element: str, css: str) -> None:
        for match in _CSS_URL.finditer(css):
            self.found.append((f"{element} url({match[2]})", match[2]))


def local_target(page: Path, address: str) -> Path | None:
    """The file a relative address in page points to, or None for web, mail and data links."""
    parts = urlsplit(address.strip())
    if parts.scheme or parts.netloc or not parts.path or address.startswith("//"):
        return None
    path = unquote(parts.path)
    target = (page.parent / path.lstrip("/")) if not path.startswith("/") else None
    if target is None:
        return None  # an address from the site's root: where the root is, the page cannot say
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def check_local_files(pages: list[Path]) -> list[Problem]:
    """A Problem for each reference in each page to a local file that is not there."""
    problems = []
    for page in pages:
        parser = _References()
        parser.feed(Path(page).read_text(encoding="utf-8", errors="replace"))
        seen = set()
        for element, address in parser.found:
            target = local_target(Path(page), address)
            if target is None or target.is_file() or address in seen:
                continue
            seen.add(address)
            problems.append(
                Problem(
                    str(page),
                    element,
                    CRITERION,
                    f"{address} points to {target}, which is not there",
                )
            )
    return found_by("local files", problems)
