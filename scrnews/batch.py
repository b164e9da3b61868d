"""A board's whole archive: gather every issue, render the changed ones in worker processes,
then write a complete new output folder beside the old one and swap the two.

Gather, then write: every issue is read and validated before anything is rendered or
written. An issue that fails keeps the pages it had; the others are built; every problem
is reported. Unchanged issues (same input hashes, see manifest.py) are not rendered again,
and an issue file whose bytes the last build already validated is not even re-read.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, site
from .errors import Problem, ScrnewsError, relpath
from .manifest import (
    MANIFEST_NAME,
    Entry,
    Manifest,
    digest_bytes,
    file_digest,
    issue_key,
    outputs_intact,
    read_manifest,
    shared_inputs,
)
from .publish import publish

if TYPE_CHECKING:  # build.py brings pydantic and Jinja: imported only when an issue is read
    from .build import LoadedIssue, Rendered

log = logging.getLogger(__name__)

ISSUES_FOLDER = Path("issues")
SETTINGS_NAME = "scrnews.yaml"
FORMATS = ("html", "pdf")


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

    def finish(self) -> None:
        """Rendering is over."""


@dataclass(eq=False)
class Item:
    """One issue file as this build sees it: its archive listing, the files it is made from,
    and the issue itself once read (an unchanged file is not read at all)."""

    path: Path
    listing: site.Listing
    sources: dict
    loaded: LoadedIssue | None = None

    @property
    def stem(self) -> str:
        return self.path.stem


@dataclass(eq=False)
class Plan:
    """An issue due for publication, with the key its inputs hash to and its prev/next links."""

    item: Item
    key: str
    inputs: dict[str, str]
    nav: dict

    @property
    def loaded(self) -> LoadedIssue:
        assert self.item.loaded is not None
        return self.item.loaded


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


def is_due(listing: site.Listing, today: dt.date) -> bool:
    """Published, and dated today or earlier (a month-only date is due on the 1st)."""
    day = listing.date if len(listing.date) == 10 else f"{listing.date}-01"
    return listing.status == "published" and dt.date.fromisoformat(day) <= today


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
    out, reporter, today = Path(out_dir), reporter or Reporter(), today or publication_today()
    old = read_manifest(out)  # what the last build made (with --force, only so it can be replaced)
    items, outcomes = gather(issue_files(sources), None if force else old, config)
    _check_out(out, items)
    due = [item for item in items if drafts or is_due(item.listing, today)]
    outcomes += [_held(item, today) for item in items if item not in due]
    failed = {o.source.stem for o in outcomes if o.state == "failed"}
    entries = {
        stem: e
        for stem, e in (old.issues.items() if old else ())
        if stem in failed and outputs_intact(out, e.outputs)
    }
    ordered = sorted(
        [i.listing for i in due] + [site.Listing(**e.listing) for e in entries.values()],
        key=site.order_key,
    )
    options = {
        "formats": list(formats),
        "strict": strict,
        **{k: str(v) for k, v in render_options.items()},
        # profiles.modified_date writes it into every page and PDF
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH"),
    }
    plans = _plans(due, ordered, templates, options)
    todo = [p for p in plans if force or not _unchanged(p, old, out)]
    for plan in plans:
        if plan not in todo:
            entries[plan.item.stem] = old.issues[plan.item.stem]
            outcomes.append(Outcome(plan.item.path, "skipped", reason="unchanged"))
    todo = _read_for_rendering(todo, outcomes, config)
    files: dict[str, bytes] = {}
    kwargs = {
        "formats": tuple(formats),
        "templates": tuple(Path(t) for t in templates),
        "strict": strict,
        **render_options,
    }
    for plan, outcome, rendered in _render_all(todo, out, jobs, reporter, kwargs):
        outcomes.append(outcome)
        if rendered is not None:
            entries[plan.item.stem] = _entry(plan, rendered, out, files)
        elif (
            old
            and plan.item.stem in old.issues
            and outputs_intact(out, old.issues[plan.item.stem].outputs)
        ):
            entries[plan.item.stem] = old.issues[plan.item.stem]
    manifest = Manifest(entries, {})
    if (
        todo
        or old is None
        or _listings(entries) != _listings(old.issues)
        or not outputs_intact(out, old.site)
    ):
        site_files = _site_files(due or items, entries, templates, formats, config)
        files.update(site_files)
        manifest.site = {name: digest_bytes(data) for name, data in site_files.items()}
    else:
        manifest.site = dict(old.site)  # the same issues, listed the same way: the same pages
    written = _write(out, old, manifest, files, rendered=bool(todo))
    outcomes.sort(key=lambda o: str(o.source))
    return ArchiveResult(out, outcomes, time.perf_counter() - started, written)


def gather(
    paths: Sequence[Path], old: Manifest | None = None, config: Path | str | None = None
) -> tuple[list[Item], list[Outcome]]:
    """Read and validate every issue (or reuse what the last build knew of an unchanged file);
    problems become failed outcomes, not exceptions."""
    items: list[Item] = []
    failed: list[Outcome] = []
    numbers: dict[int, Item] = {}
    for path in paths:
        entry = old.issues.get(path.stem) if old else None
        if entry is not None and _same_source(entry, path, config):
            item = Item(path, site.Listing(**entry.listing), entry.sources)
        else:
            try:
                item = _item(_load(path, config))
            except ScrnewsError as error:
                failed.append(Outcome(Path(path), "failed", error.problems))
                continue
        first = numbers.setdefault(item.listing.number, item)
        if first is not item:
            failed.append(Outcome(item.path, "failed", [_duplicate(item, first, config)]))
            continue
        items.append(item)
    return items, failed


def _load(path: Path, config: Path | str | None) -> LoadedIssue:
    from .build import load_issue

    return load_issue(path, config=config) if config is not None else load_issue(path)


def _item(loaded: LoadedIssue) -> Item:
    """An issue just read, with the files it is made from (images, fonts, templates, settings)."""
    from .build import assets_of

    settings = getattr(loaded, "settings", None)
    assets = dict(assets_of(loaded))
    if settings is not None:
        from .settings import font_assets

        assets.update(font_assets(settings))
    sources = {
        "assets": {url: str(p) for url, p in sorted(assets.items())},
        "templates": [str(p) for p in (settings.templates if settings else [])],
        "settings": str(settings.path) if settings else None,
    }
    return Item(
        loaded.path, site.listing_for(loaded, pdf=None, pdf_size=None, pages=None), sources, loaded
    )


def _same_source(entry: Entry, path: Path, config: Path | str | None) -> bool:
    """True when the file, its settings and scrnews are as the last build read them."""
    settings = Path(config).resolve() if config is not None else nearest_settings(path)
    return (
        entry.inputs.get("issue") == file_digest(path)
        and entry.inputs.get("scrnews") == __version__
        and entry.sources.get("settings") == (str(settings) if settings else None)
        and entry.inputs.get("settings") == (file_digest(settings) if settings else None)
    )


def nearest_settings(issue_path: Path) -> Path | None:
    """The scrnews.yaml an issue is read with: the nearest one in its folder or above
    (settings.find_settings' rule, here without importing pydantic)."""
    folder = Path(issue_path).resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / SETTINGS_NAME).is_file():
            return candidate / SETTINGS_NAME
    return None


def _duplicate(item: Item, first: Item, config) -> Problem:
    loaded = item.loaded or _load(item.path, config)
    return loaded.doc.problem(
        ("number",),
        f"issue number {item.listing.number} is also used by "
        f"{relpath(first.path)}; give each issue its own number.",
    )


def _check_out(out: Path, items: list[Item]) -> None:
    from .safety import check_out_dir

    # The project folder, by build.project_root's rule: where scrnews.yaml is, else above issues/.
    folder = items[0].path.resolve().parent if items else Path.cwd()
    settings = nearest_settings(items[0].path) if items else None
    root = (
        settings.parent
        if settings
        else folder.parent
        if folder.name == ISSUES_FOLDER.name
        else folder
    )
    check_out_dir(out, root)


def _held(item: Item, today: dt.date) -> Outcome:
    if item.listing.status == "draft":
        why = "marked draft"
    else:
        why = f"dated {item.listing.date}, after today ({today.isoformat()})"
    return Outcome(item.path, "held", reason=f"{why}; --drafts includes it")


def _plans(
    due: list[Item], ordered: list[site.Listing], templates: Sequence[Path], options: dict
) -> list[Plan]:
    shared: dict[tuple, dict[str, str]] = {}  # the theme is hashed once, not once an issue
    plans = []
    for item in due:
        folders = (*map(str, templates), *item.sources["templates"])
        where = (folders, item.sources["settings"])
        if where not in shared:
            settings = Path(item.sources["settings"]) if item.sources["settings"] else None
            shared[where] = shared_inputs(theme_dir(), [Path(f) for f in folders], settings)
        nav = site.navigation(ordered, item.stem)
        assets = {url: Path(p) for url, p in item.sources["assets"].items()}
        key, inputs = issue_key(item.path, assets, shared[where], {**options, "nav": nav})
        plans.append(Plan(item, key, inputs, nav))
    return plans


def theme_dir() -> Path:
    """The built-in theme folder (templates.theme_dir's rule, without importing Jinja)."""
    packaged = Path(__file__).parent / "_templates"
    return (
        packaged if packaged.is_dir() else Path(__file__).parent.parent / "templates"
    ) / "default"


def _unchanged(plan: Plan, old: Manifest | None, out: Path) -> bool:
    entry = old.issues.get(plan.item.stem) if old else None
    if entry is None:
        return False
    if entry.key != plan.key:
        changed = sorted(
            k for k in {*entry.inputs, *plan.inputs} if entry.inputs.get(k) != plan.inputs.get(k)
        )
        log.debug("%s: rebuilding, changed: %s", relpath(plan.item.path), ", ".join(changed))
        return False
    return outputs_intact(out, entry.outputs)


def _read_for_rendering(todo: list[Plan], outcomes: list[Outcome], config) -> list[Plan]:
    """Read the issues to render that were not read yet (their inputs around them changed)."""
    ready = []
    for plan in todo:
        if plan.item.loaded is None:
            try:
                plan.item.loaded = _load(plan.item.path, config)
            except ScrnewsError as error:
                outcomes.append(Outcome(plan.item.path, "failed", error.problems))
                continue
        ready.append(plan)
    return ready


def _entry(plan: Plan, rendered: Rendered, out: Path, files: dict[str, bytes]) -> Entry:
    """Record a freshly rendered issue: its files (relative to out) and its archive listing."""
    base = out.resolve()
    mine = {
        Path(p).resolve().relative_to(base).as_posix(): data for p, data in rendered.outputs.items()
    }
    files.update(mine)
    result = rendered.result
    size = len(rendered.outputs[result.pdf]) if result.pdf else None
    listing = site.listing_for(
        plan.loaded, pdf=result.pdf.name if result.pdf else None, pdf_size=size, pages=result.pages
    )
    outputs = {name: digest_bytes(data) for name, data in sorted(mine.items())}
    return Entry(plan.key, plan.inputs, outputs, listing.to_dict(), plan.item.sources)


def _listings(entries: dict[str, Entry]) -> dict[str, dict]:
    return {stem: entry.listing for stem, entry in entries.items()}


def _site_files(
    candidates: list[Item],
    entries: dict[str, Entry],
    templates: Sequence[Path],
    formats: Sequence[str],
    config,
) -> dict[str, bytes]:
    """out/index.html, out/feed.xml and the logo the index shows, in the newest issue's dress."""
    if not candidates:
        return {}
    from .build import asset_urls, assets_of
    from .templates import make_environment

    newest = max(candidates, key=lambda item: site.order_key(item.listing))
    loaded = newest.loaded or _load(newest.path, config)
    listings = [site.Listing(**e.listing) for e in entries.values()]
    if "html" not in formats:
        listings = [replace(item, html=False) for item in listings]
    env = make_environment([*(Path(t) for t in templates), *map(Path, newest.sources["templates"])])
    files: dict[str, bytes] = {}
    logo = None
    if loaded.issue.board.logo:
        logo = asset_urls(loaded.issue)[loaded.issue.board.logo.src]
        files[logo] = assets_of(loaded)[logo].read_bytes()
    files["index.html"] = site.render_archive(env, listings, loaded, logo=logo).encode("utf-8")
    files["feed.xml"] = site.render_feed(listings, loaded)
    return files


def _write(
    out: Path, old: Manifest | None, manifest: Manifest, files: dict[str, bytes], *, rendered: bool
) -> bool:
    """Publish the new folder unless nothing was rendered and it would equal the one in place."""
    data = manifest.to_bytes()
    current = out / MANIFEST_NAME
    if (
        not rendered
        and old is not None
        and current.is_file()
        and current.read_bytes() == data
        and outputs_intact(out, manifest.site)
    ):
        return False
    keep = sorted(manifest.files() - set(files) - {MANIFEST_NAME})
    publish(out, {**files, MANIFEST_NAME: data}, keep, old.files() if old else set())
    return True


def _render_all(todo: list[Plan], out: Path, jobs: int | None, reporter: Reporter, kwargs: dict):
    """Render each planned issue, in this process or in workers; yield (plan, outcome, rendered)."""
    if not todo:
        return
    from .render_pool import render_many

    reporter.start(len(todo))
    try:
        for plan, outcome, rendered in render_many(
            todo, out, jobs=jobs or os.cpu_count() or 1, kwargs=kwargs
        ):
            reporter.advance(outcome)
            yield plan, outcome, rendered
    finally:
        reporter.finish()


def summary(result: ArchiveResult) -> list[str]:
    """The closing table: issues built, skipped, failed (and held back), and the time taken."""
    rows = [
        ("built", result.count("built")),
        ("skipped", result.count("skipped")),
        ("failed", result.count("failed")),
    ]
    if result.count("held"):
        rows.append(("not due", result.count("held")))
    lines = [f"{'':<9}{'issues':>7}"]
    lines += [f"{name:<9}{n:>7}" for name, n in rows]
    lines.append(f"{'total':<9}{len(result.outcomes):>7}   {result.seconds:.1f} s")
    return lines
