"""`scrnews check --online`: ask each linked site about its links, several at a time.

L305 a link that answers an error (or not at all, within the timeout); L306 a link that
redirects elsewhere; L302 an http: link to a site that answers the same address on https:.
Never part of the default run, which needs no network.
"""

from __future__ import annotations

import ssl
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urljoin

from .. import __version__
from .core import Hit, Subject
from .links import links_of

WORKERS = 8
USER_AGENT = f"scrnews/{__version__} (link check)"
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class Answer:
    """What a site said when asked for an address."""

    status: int | None = None
    location: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # report the redirect instead of following it


def ask(url: str, timeout: float) -> Answer:
    """HEAD the address (GET when HEAD is refused); never follow a redirect."""
    opener = urllib.request.build_opener(
        _NoRedirects, urllib.request.HTTPSHandler(context=ssl.create_default_context())
    )
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with opener.open(request, timeout=timeout) as response:
                return Answer(response.status)
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue  # some servers refuse HEAD only
            location = error.headers.get("Location") if error.code in _REDIRECTS else None
            return Answer(error.code, urljoin(url, location) if location else None)
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                return Answer(error=f"no answer within {timeout:g} s")
            return Answer(error=str(reason))
    return Answer(error="no answer")


def online_hits(subjects: list[Subject], *, timeout: float = 10.0) -> Iterator[tuple[Subject, Hit]]:
    """Ask about every web link of every subject (each address once), then report."""
    found, seen = [], set()
    for subject in subjects:
        for link in links_of(subject):
            # A links-list entry is seen twice (its title and its url): ask and report once.
            key = (id(subject), link.href, link.loc[:-1])
            if link.href.lower().startswith(("http://", "https://")) and key not in seen:
                seen.add(key)
                found.append((subject, link))
    addresses = sorted({link.href for _, link in found})
    secure = [a for a in addresses if a.lower().startswith("http://")]
    timeouts = [timeout] * len(secure)
    with ThreadPoolExecutor(max(1, min(WORKERS, len(addresses)))) as pool:
        answers = dict(zip(addresses, pool.map(lambda a: ask(a, timeout), addresses), strict=True))
        https = {
            a: ok for a, ok in zip(secure, pool.map(_serves_https, secure, timeouts), strict=True)
        }
    for subject, link in found:
        hit = _judge(link, answers[link.href], https.get(link.href, False))
        if hit is not None:
            yield subject, hit


def _serves_https(address: str, timeout: float) -> bool:
    return ask("https://" + address[7:], timeout).ok


def _judge(link, answer: Answer, serves_https: bool) -> Hit | None:
    href, needle = link.href, (link.text if not link.explicit else link.href)
    if answer.error:
        return Hit("L305", link.loc, f"{href} could not be reached ({answer.error}).", needle)
    if answer.status is not None and answer.status >= 400:
        reason = _phrase(answer.status)
        return Hit(
            "L305",
            link.loc,
            f"{href} answers {answer.status} {reason}: the page is not there. Find where it "
            "moved, or remove the link.",
            needle,
        )
    if href.lower().startswith("http://") and (
        serves_https or (answer.location or "").lower() == "https://" + href[7:].lower()
    ):
        return Hit(
            "L302",
            link.loc,
            f"{href} uses http:, but the site serves https:. Write https://{href[7:]}.",
            needle,
        )
    if answer.status in _REDIRECTS and answer.location:
        return Hit(
            "L306",
            link.loc,
            f"{href} redirects ({answer.status}) to {answer.location}. Link there directly.",
            needle,
        )
    return None


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
