"""A board's whole archive: gather every issue, render the changed ones in worker processes,
then write a complete new output folder beside the old one and swap the two.

Gather, then write: every issue is loaded and validated before anything is rendered or
written. An issue that fails keeps the pages it had; the others are built; every problem
is reported. Unchanged issues (same input hashes, see manifest.py) are not rendered again.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import site
from .build import FORMATS, LoadedIssue, Rendered, asset_urls, assets_of, load_issue, project_root
from .errors import Problem, ScrnewsError, relpath
from .manifest import (
    MANIFEST_NAME,
    Entry,
    Manifest,
    digest_bytes,
    issue_key,
    outputs_intact,
    read_manifest,
    shared_inputs,
)
from .publish import publish
from .templates import make_environment, theme_dir

log = logging.getLogger(__name__)

ISSUES_FOLDER = Path("issues")


@dataclass
class Outcome:
    """What happened to one issue file: built, skipped (unchanged), failed, or held (not due)."""

    source: Path
    state: str
    problems: list[Problem] = field(default_factory=list)
    pages: int | None = None
    seconds: float = 0.0
    reason: str = ""


@dataclass
class ArchiveResult:
    """What build_all did, for the summary table and the exit status."""

    out_dir: Path
    outcomes: list[Outcome]
    seconds: float
    written: bool

    def count(self, state: str) -> int:
        return sum(1 for o in self.outcomes if o.state == state)

    @property
    def problems(self) -> list[Problem]:
        return [p for o in self.outcomes for p in o.problems]


class Reporter:
    """Progress of a build; the CLI swaps in a progress bar on a terminal. Plain log lines here."""

    def start(self, total: int) -> None:
        """total issues are about to be rendered."""

    def advance(self, outcome: Outcome) -> None:
        if outcome.state == "built":
            pages = f"{outcome.pages} pages, " if outcome.pages else ""
            log.info("built %s (%s%.1f s)", relpath(outcome.source), pages, outcome.seconds)
        elif outcome.state == "failed" and outcome.seconds:
            log.info("failed %s", relpath(outcome.source))

    def finish(self) -> None:
        """Rendering is over."""


def issue_files(sources: Iterable[Path | str] = ()) -> list[Path]:
    """The *.yaml files in the given folders (or files), by default in issues/."""
    paths: list[Path] = []
    for source in [Path(s) for s in sources] or [ISSUES_FOLDER]:
        paths += sorted(source.glob("*.yaml")) if source.is_dir() else [source]
    return paths


def publication_today() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH when set (for reproducible builds and tests)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def is_due(loaded: LoadedIssue, today: dt.date) -> bool:
    """Published, and dated today or earlier (a month-only date is due on the 1st)."""
    return loaded.issue.status == "published" and loaded.issue.date.first_day <= today


@dataclass
class _Plan:
    loaded: LoadedIssue
    key: str
    inputs: dict[str, str]
    nav: dict


def build_all(
    sources: Sequence[Path | str] = (),
    out_dir: Path | str = "out",
    *,
    formats: Sequence[str] = FORMATS,
    templates: Sequence[Path] = (),
    strict: bool = False,
    jobs: int | None = None,
    drafts: bool = False,
    force: bool = False,
    today: dt.date | None = None,
    config: Path | str | None = None,
    reporter: Reporter | None = None,
    **render_options,
) -> ArchiveResult:
    """Build every issue in sources (default issues/) into out_dir as a small website."""
    started = time.perf_counter()
    out, reporter = Path(out_dir), reporter or Reporter()
    loaded, outcomes = gather(issue_files(sources), config)
    _check_out(out, loaded)
    today = today or publication_today()
    due = [item for item in loaded if drafts or is_due(item, today)]
    outcomes += [_held(item, today) for item in loaded if item not in due]
    old = read_manifest(out)
    failed = {o.source.stem for o in outcomes if o.state == "failed"}
    carried = {stem: e for stem, e in (old.issues.items() if old else ())
               if stem in failed and outputs_intact(out, e.outputs)}
    ordered = sorted([_listing(item) for item in due] + [site.Listing(**e.listing) for e in carried.values()],
                     key=site.order_key)
    options = {"formats": list(formats), "strict": strict, **{k: str(v) for k, v in render_options.items()}}
    plans = [_plan(item, ordered, templates, options) for item in due]
    todo = [p for p in plans if force or not _unchanged(p, old, out)]
    entries = dict(carried)
    for plan in plans:
        if plan not in todo:
            entries[plan.loaded.stem] = old.issues[plan.loaded.stem]
            outcomes.append(Outcome(plan.loaded.path, "skipped", reason="unchanged"))
    files: dict[str, bytes] = {}
    for plan, outcome, rendered in _render_all(todo, out, formats, templates, strict, jobs, reporter,
                                               render_options):
        outcomes.append(outcome)
        if rendered is not None:
            entries[plan.loaded.stem] = _entry(plan, rendered, out, files)
        elif old and plan.loaded.stem in old.issues and outputs_intact(out, old.issues[plan.loaded.stem].outputs):
            entries[plan.loaded.stem] = old.issues[plan.loaded.stem]
    manifest = Manifest(entries, {})
    files.update(_site_files(loaded, entries, templates, formats))
    manifest.site = {name: digest_bytes(data) for name, data in files.items()
                     if not any(name in e.outputs for e in entries.values())}
    written = _write(out, old, manifest, files, rendered=bool(todo))
    outcomes.sort(key=lambda o: str(o.source))
    return ArchiveResult(out, outcomes, time.perf_counter() - started, written)


def gather(paths: Sequence[Path], config: Path | str | None = None) -> tuple[list[LoadedIssue], list[Outcome]]:
    """Load and validate every issue; problems become failed outcomes, not exceptions."""
    loaded: list[LoadedIssue] = []
    failed: list[Outcome] = []
    numbers: dict[int, LoadedIssue] = {}
    for path in paths:
        try:
            item = load_issue(path, config=config) if config is not None else load_issue(path)
        except ScrnewsError as error:
            failed.append(Outcome(Path(path), "failed", error.problems))
            continue
        first = numbers.setdefault(item.issue.number, item)
        if first is not item:
            failed.append(Outcome(item.path, "failed", [item.doc.problem(
                ("number",), f"issue number {item.issue.number} is also used by {relpath(first.path)}; "
                "give each issue its own number.")]))
            continue
        loaded.append(item)
    return loaded, failed


def _check_out(out: Path, loaded: list[LoadedIssue]) -> None:
    try:
        from .safety import check_out_dir
    except ImportError:  # pragma: no cover - safety checks arrive with another change
        return
    root = project_root(loaded[0].path) if loaded else Path.cwd()
    check_out_dir(out, root)


def _held(item: LoadedIssue, today: dt.date) -> Outcome:
    if item.issue.status == "draft":
        why = "marked draft"
    else:
        why = f"dated {item.issue.date.isoformat()}, after today ({today.isoformat()})"
    return Outcome(item.path, "held", reason=f"{why}; --drafts includes it")


def _listing(item: LoadedIssue, *, pdf: str | None = None, size: int | None = None,
             pages: int | None = None) -> site.Listing:
    return site.listing_for(item, pdf=pdf, pdf_size=size, pages=pages)


def _settings_of(item: LoadedIssue):
    return getattr(item, "settings", None)


def _inputs_of(item: LoadedIssue) -> tuple[dict[str, Path], list[Path], Path | None]:
    """The files an issue is made from beyond its YAML: images and fonts, template folders, settings."""
    settings = _settings_of(item)
    assets = dict(assets_of(item))
    if settings is not None:
        from .settings import font_assets

        assets.update(font_assets(settings))
        return assets, list(settings.templates), settings.path
    settings_file = project_root(item.path) / "scrnews.yaml"
    return assets, [], settings_file


def _plan(item: LoadedIssue, ordered: list[site.Listing], templates: Sequence[Path], options: dict) -> _Plan:
    assets, own_templates, settings_file = _inputs_of(item)
    shared = shared_inputs(theme_dir(), [*templates, *own_templates], settings_file)
    nav = site.navigation(ordered, item.stem)
    key, inputs = issue_key(item.path, assets, shared, {**options, "nav": nav})
    return _Plan(item, key, inputs, nav)


def _unchanged(plan: _Plan, old: Manifest | None, out: Path) -> bool:
    entry = old.issues.get(plan.loaded.stem) if old else None
    if entry is None:
        return False
    if entry.key != plan.key:
        changed = sorted(k for k in {*entry.inputs, *plan.inputs} if entry.inputs.get(k) != plan.inputs.get(k))
        log.debug("%s: rebuilding, changed: %s", relpath(plan.loaded.path), ", ".join(changed))
        return False
    return outputs_intact(out, entry.outputs)


def _entry(plan: _Plan, rendered: Rendered, out: Path, files: dict[str, bytes]) -> Entry:
    """Record a freshly rendered issue: its files (relative to out) and its archive listing."""
    base = out.resolve()
    mine = {Path(path).resolve().relative_to(base).as_posix(): data for path, data in rendered.outputs.items()}
    files.update(mine)
    result = rendered.result
    pdf = result.pdf.name if result.pdf else None
    size = len(rendered.outputs[result.pdf]) if result.pdf else None
    listing = _listing(plan.loaded, pdf=pdf, size=size, pages=result.pages)
    outputs = {name: digest_bytes(data) for name, data in sorted(mine.items())}
    return Entry(plan.key, plan.inputs, outputs, listing.to_dict())


def _site_files(loaded: list[LoadedIssue], entries: dict[str, Entry], templates: Sequence[Path],
                formats: Sequence[str]) -> dict[str, bytes]:
    """out/index.html, out/feed.xml and the logo the index shows."""
    if not loaded:
        return {}
    newest = max(loaded, key=lambda item: (item.issue.date, item.issue.number))
    listings = [site.Listing(**e.listing) for e in entries.values()]
    if "html" not in formats:
        listings = [replace(item, html=False) for item in listings]
    own = getattr(_settings_of(newest), "templates", [])
    env = make_environment([*(Path(t) for t in templates), *own])
    files: dict[str, bytes] = {}
    logo = None
    if newest.issue.board.logo:
        src = newest.issue.board.logo.src
        logo = asset_urls(newest.issue)[src]
        files[logo] = assets_of(newest)[logo].read_bytes()
    files["index.html"] = site.render_archive(env, listings, newest, logo=logo).encode("utf-8")
    files["feed.xml"] = site.render_feed(listings, newest)
    return files


def _write(out: Path, old: Manifest | None, manifest: Manifest, files: dict[str, bytes], *,
           rendered: bool) -> bool:
    """Publish the new folder unless nothing was rendered and it would equal the one in place."""
    data = manifest.to_bytes()
    current = out / MANIFEST_NAME
    if not rendered and old is not None and current.is_file() and current.read_bytes() == data \
            and outputs_intact(out, manifest.site):
        return False
    keep = [name for entry in manifest.issues.values() for name in entry.outputs if name not in files]
    publish(out, {**files, MANIFEST_NAME: data}, keep, old.files() if old else set())
    return True


def _render_all(todo: list[_Plan], out: Path, formats, templates, strict, jobs, reporter, options):
    """Render each planned issue, in this process or in workers; yield (plan, outcome, rendered)."""
    from .render_pool import render_many

    reporter.start(len(todo))
    try:
        for plan, outcome, rendered in render_many(
                todo, out, jobs=jobs or os.cpu_count() or 1,
                kwargs={"formats": tuple(formats), "templates": tuple(Path(t) for t in templates),
                        "strict": strict, **options}):
            reporter.advance(outcome)
            yield plan, outcome, rendered
    finally:
        reporter.finish()


def summary(result: ArchiveResult) -> list[str]:
    """The closing table: issues built, skipped, failed (and held back), and the time taken."""
    rows = [("built", result.count("built")), ("skipped", result.count("skipped")),
            ("failed", result.count("failed"))]
    if result.count("held"):
        rows.append(("not due", result.count("held")))
    lines = [f"{'':<9}{'issues':>7}"]
    lines += [f"{name:<9}{n:>7}" for name, n in rows]
    lines.append(f"{'total':<9}{len(result.outcomes):>7}   {result.seconds:.1f} s")
    return lines
