"""What the preview is showing: the last good build of each issue, its problems, and its PDF.

The watcher thread calls `Session.rebuild`; HTTP threads only read snapshots (replaced whole,
never changed in place), so a page request never waits for a rebuild or for a PDF.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, ScrnewsError, relpath
from ..project import SETTINGS_NAME, project_root, theme_dir

log = logging.getLogger(__name__)


class PreviewError(ScrnewsError):
    """The preview could not start (a port in use, two issues with one name, no issues)."""


@dataclass(frozen=True)
class Snapshot:
    """One good build of an issue, held in memory: the page, its files, what the PDF needs."""

    title: str
    html: str
    files: dict[str, bytes]  # URL path inside /<stem>/ ("assets/logo.png") -> bytes
    pdf_call: tuple[
        str, dict
    ]  # html and keyword arguments for pdf.html_to_pdf, as the build makes them
    sources: frozenset[Path]  # images, fonts and the settings file the build read
    template_dirs: tuple[Path, ...]  # template folders named in scrnews.yaml
    gauges: tuple = ()  # a briefing's: how full each panel's box is (briefing.fit.Gauge)
    fit_problems: tuple[str, ...] = ()  # a briefing's panels that do not fit, as the build says
    pdf: bytes | None = None  # made with the page when measuring it made it anyway (briefings)


@dataclass
class IssueState:
    """One issue as the preview sees it: last good snapshot, current problems, a version token."""

    path: Path
    good: Snapshot | None = None
    problems: list[Problem] = field(default_factory=list)
    version: int = 0
    sources: frozenset[Path] = frozenset()  # files whose change means a rebuild of this issue
    pdf: bytes | None = None
    pdf_of: Snapshot | None = None
    pdf_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def stem(self) -> str:
        return self.path.stem


class _Deferred:
    """Stands in for the PDF maker in render_issue: keeps the call for later, makes nothing."""

    def __init__(self) -> None:
        self.call: tuple[str, dict] | None = None

    def __call__(self, source, **kwargs):
        from ..pdf import PdfResult

        if isinstance(source, str):
            self.call = (source, kwargs)
            return PdfResult(b"", 0)
        # A bilingual issue: the preview shows and prints its own language's edition.
        self.call = source[0]
        return [PdfResult(b"", 0) for _ in range(len(source) + 1)]


def make_snapshot(path: Path, templates: Sequence[Path]) -> Snapshot:
    """Load, validate and render one issue in memory, exactly as a build would, minus the PDF.

    The build's own pipeline makes the page (with its link to the PDF); the PDF call it would
    make is kept, to be made when the PDF is asked for. Raises ScrnewsError if the issue is wrong.
    """
    from ..build import load_issue, render_issue
    from ..render import page_title

    loaded = load_issue(path)
    target = project_root(loaded.path) / "out" / loaded.stem
    deferred = _Deferred()
    rendered = render_issue(loaded, target, templates=templates, make_pdf=deferred)
    pdf_html, kwargs = deferred.call
    # The page shown is the one the build writes (a bilingual issue's PDF's has other anchors).
    html = rendered.outputs[target / "index.html"].decode("utf-8")
    roots = [Path(root).resolve() for root in kwargs.get("roots", ())]
    assets = {url: Path(src) for url, src in (kwargs.get("assets") or {}).items()}
    files = {
        url: rendered.outputs[target / url]
        for url, src in assets.items()
        if target / url in rendered.outputs and _inside(src, roots, loaded.path)
    }
    files.update(kwargs.get("generated") or {})  # print.css, made in memory like the page
    settings = loaded.settings
    sources = frozenset({*assets.values(), *([Path(settings.path).absolute()] if settings else [])})
    folders = tuple(Path(t).resolve() for t in settings.templates) if settings else ()
    title = page_title(loaded.issue) if loaded.kind != "briefing" else _briefing_title(loaded)
    snapshot = Snapshot(title, html, files, (pdf_html, kwargs), sources, folders)
    return _measured(loaded, snapshot) if loaded.kind == "briefing" else snapshot


def _briefing_title(loaded) -> str:
    from ..briefing.render import page_title

    return page_title(loaded.issue)


def _measured(loaded, snapshot: Snapshot) -> Snapshot:
    """A briefing is laid out for its PDF at once: the page shows how full each panel is while
    the author writes, and the PDF made on the way is kept for when it is asked for."""
    from dataclasses import replace

    from ..briefing.fit import fit_problems, gauges
    from ..pdf import html_to_pdf

    html, kwargs = snapshot.pdf_call
    made = html_to_pdf(html, **kwargs)
    for message in made.warnings:
        log.warning("%s: PDF: %s", relpath(loaded.path), message)
    notes = tuple(str(p).lstrip(": ") for p in fit_problems(loaded, made.inspected))
    return replace(
        snapshot, gauges=gauges(loaded.issue, made.inspected), fit_problems=notes, pdf=made.data
    )


def _inside(source: Path, roots: list[Path], issue: Path) -> bool:
    """Serve a file only if it really lives where the PDF may read (not via a symlink out)."""
    if any(source.resolve().is_relative_to(root) for root in roots):
        return True
    log.warning("%s: not serving %s: it is outside the project folder", relpath(issue), source)
    return False


class Session:
    """Every issue being previewed, rebuilt on demand, with a way to wait for the next change."""

    def __init__(
        self, paths: Iterable[Path], *, templates: Sequence[Path] = (), folder: Path | None = None
    ) -> None:
        self.templates = [Path(t).resolve() for t in templates]
        self.folder = folder.resolve() if folder else None
        self.issues: dict[str, IssueState] = {}
        self.boot = f"{os.getpid():x}{int(time.time() * 1000) % 0xFFFFFF:x}"
        self.index_version = 0
        self.closing = False
        self._changed = threading.Condition()
        self._rebuild_lock = threading.Lock()
        self._set_paths(paths)

    # -- which issues ---------------------------------------------------------------------
    def _set_paths(self, paths: Iterable[Path]) -> bool:
        """Keep the issues in paths (by stem), adding new ones; True if the set changed."""
        wanted: dict[str, Path] = {}
        for path in paths:
            path = Path(os.path.abspath(path))
            if path.stem in wanted and wanted[path.stem] != path:
                raise PreviewError(
                    f"two issues are both named {path.stem!r} ({relpath(wanted[path.stem])} "
                    f"and {relpath(path)}); preview them one at a time."
                )
            wanted[path.stem] = path
        before = set(self.issues)
        self.issues = {
            stem: self.issues.get(stem) or IssueState(path) for stem, path in sorted(wanted.items())
        }
        return set(self.issues) != before

    def folder_issues(self) -> list[Path]:
        return sorted(self.folder.glob("*.yaml")) if self.folder and self.folder.is_dir() else []

    # -- rebuilding -----------------------------------------------------------------------
    def rebuild(self, changed: Iterable[Path] | None = None) -> list[str]:
        """Rebuild what a change touches (all if changed is None); return the stems that changed."""
        with self._rebuild_lock:
            changed = None if changed is None else {Path(os.path.abspath(p)) for p in changed}
            listing = self.folder is not None and self._set_paths(self.folder_issues())
            touched = [
                s
                for s in self.issues.values()
                if changed is None or not s.version or self._touches(s, changed)
            ]
            updated = [state.stem for state in touched if self._rebuild_one(state)]
            if updated or listing:
                with self._changed:
                    self.index_version += 1
                    self._changed.notify_all()
            return updated

    def _touches(self, state: IssueState, changed: set[Path]) -> bool:
        """This issue's file or images changed, or something shared (templates, settings)."""
        own = {state.path, *state.sources}
        others = {p for s in self.issues.values() if s is not state for p in (s.path, *s.sources)}
        return any(p in own or p not in others for p in changed)

    def _rebuild_one(self, state: IssueState) -> bool:
        """Build one issue; on failure keep the last good page and record the problems."""
        started = time.perf_counter()
        try:
            good = make_snapshot(state.path, self.templates)
            sources, problems = good.sources, []
        except ScrnewsError as error:
            good, sources, problems = state.good, state.sources, error.problems
        except Exception as exc:  # a bug must not take the preview down; say what happened
            log.debug("rebuilding %s failed", state.path, exc_info=True)
            good, sources = state.good, state.sources
            problems = [
                Problem(
                    relpath(state.path),
                    None,
                    None,
                    "",
                    f"unexpected error while building: {type(exc).__name__}: {exc}",
                )
            ]
        if good == state.good and problems == state.problems:
            return False
        state.good, state.sources, state.problems = good, sources, problems
        with self._changed:
            state.version += 1
            self._changed.notify_all()
        self._report(state, started)
        return True

    def _report(self, state: IssueState, started: float) -> None:
        if state.problems:
            for problem in state.problems:
                log.warning("%s", str(problem).lstrip(": "))
        elif state.good is not None and state.good.fit_problems:  # a briefing too full
            for line in state.good.fit_problems:
                log.warning("%s", line)
        else:
            log.info(
                "rebuilt %s in %.0f ms", relpath(state.path), (time.perf_counter() - started) * 1000
            )

    # -- what the watcher needs -----------------------------------------------------------
    def watched_files(self) -> set[Path]:
        """Issue files, their images and scrnews.yaml beside or above them."""

        files: set[Path] = set()
        for state in self.issues.values():
            files |= {state.path, *state.sources, project_root(state.path) / SETTINGS_NAME}
        return files

    def watched_folders(self) -> list[Path]:
        """Template folders, watched with everything below them: the board's, then the theme."""

        own = {f for state in self.issues.values() if state.good for f in state.good.template_dirs}
        return [*self.templates, *sorted(own), theme_dir().resolve()]

    # -- what the server needs ------------------------------------------------------------
    def token(self, stem: str | None) -> str | None:
        """A version string for a page ('' stem = the index); it changes whenever the page would."""
        if not stem:
            return f"{self.boot}-{self.index_version}"
        state = self.issues.get(stem)
        return f"{self.boot}-{state.version}" if state else None

    def wait_for_change(self, stem: str | None, token: str | None, timeout: float) -> str | None:
        """Block until the page's token differs from token (or timeout, or closing); return it."""
        with self._changed:
            self._changed.wait_for(lambda: self.closing or self.token(stem) != token, timeout)
            return self.token(stem)

    def pdf(self, stem: str) -> bytes | None:
        """The last good build's PDF, made now if it has none yet (one at a time per issue)."""
        state = self.issues.get(stem)
        if state is None:
            return None
        with state.pdf_lock:
            good = state.good
            if good is None:
                return None
            if state.pdf_of is not good:
                made = good.pdf if good.pdf is not None else self._make_pdf(state, good)
                state.pdf, state.pdf_of = made, good
            return state.pdf

    def _make_pdf(self, state: IssueState, good: Snapshot) -> bytes:
        from ..pdf import html_to_pdf

        started = time.perf_counter()
        html, kwargs = good.pdf_call
        made = html_to_pdf(html, **kwargs)
        for message in [*made.warnings, *getattr(made, "notes", [])]:
            log.warning("%s: PDF: %s", relpath(state.path), message)
        for refusal in getattr(made, "refused", []):
            log.warning("%s: PDF: %s", relpath(state.path), refusal)
        log.info(
            "made %s.pdf (%d pages) in %.0f ms",
            state.stem,
            made.pages,
            (time.perf_counter() - started) * 1000,
        )
        return made.data

    def close(self) -> None:
        """Wake every waiting event stream so its thread can end."""
        with self._changed:
            self.closing = True
            self._changed.notify_all()
