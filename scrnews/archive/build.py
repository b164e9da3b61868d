"""A board's whole archive: gather every issue, make the changed ones (make.py: PDFs in
worker processes), then write a complete new output folder beside the old one and swap them.

Gather, then write: every issue is read and validated before anything is rendered or
written. An issue that fails keeps the pages it had; the others are built; every problem
is reported. Unchanged issues (same input hashes, see manifest.py) are not rendered again,
and an issue file whose bytes the last build already validated is not even re-read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, ScrnewsError
from ..project import find_settings
from . import site
from .inputs import Item, Plan, gather, load, plans, unchanged
from .lock import output_lock
from .manifest import (
    MANIFEST_NAME,
    Entry,
    Manifest,
    digest_bytes,
    outputs_intact,
    read_manifest,
)
from .publish import Stage, remove_leftovers
from .report import ArchiveResult, Outcome, Reporter

if TYPE_CHECKING:  # build.py brings pydantic and Jinja: imported only when an issue is read
    from ..build import Rendered

log = logging.getLogger(__name__)

ISSUES_FOLDER = Path("issues")
FORMATS = ("html", "pdf")


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
    return listing.status == "published" and listing.first_day <= today


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
    paths = issue_files(sources)
    _check_out(out, paths)
    with contextlib.ExitStack() as stack:
        # First: the render process imports WeasyPrint while this one reads the issues, and
        # it is forked before the lock is taken, so it holds no copy of the lock's file.
        pool = _start_pool(stack, formats, jobs)
        stack.enter_context(output_lock(out))
        remove_leftovers(out)
        stage = stack.enter_context(Stage(out))
        old = read_manifest(out)  # what the last build made (with --force, only to replace it)
        items, failures = gather(paths, None if force else old, config)
        outcomes = [_unreadable(path, problems, drafts, today) for path, problems in failures]
        due = [item for item in items if drafts or is_due(item.listing, today)]
        outcomes += [_held(item, today) for item in items if item not in due]
        entries: dict[str, Entry] = {}
        _keep_failed(outcomes, entries, old, out)
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
        planned = plans(due, ordered, templates, options)
        todo = [p for p in planned if force or not unchanged(p, old, out)]
        for plan in planned:
            if plan not in todo:
                entries[plan.item.stem] = old.issues[plan.item.stem]
                outcomes.append(Outcome(plan.item.path, "skipped", reason="unchanged"))
        todo = _read_for_rendering(todo, outcomes, config)
        read = time.perf_counter()
        kwargs = {
            "formats": tuple(formats),
            "templates": tuple(Path(t) for t in templates),
            "strict": strict,
            **render_options,
        }
        for plan, outcome, rendered in _make_all(todo, out, pool, reporter, kwargs):
            outcomes.append(outcome)
            if rendered is not None:
                entries[plan.item.stem] = _entry(plan, rendered, out, stage)
        made = time.perf_counter()
        _keep_failed(outcomes, entries, old, out)
        manifest = Manifest(entries, {})
        site_files: dict[str, bytes] = {}
        if (
            todo
            or old is None
            or _listings(entries) != _listings(old.issues)
            or not outputs_intact(out, old.site)
        ):
            site_files = _site_files(due or items, entries, templates, formats, config)
            manifest.site = {name: digest_bytes(data) for name, data in site_files.items()}
        else:
            manifest.site = dict(old.site)  # the same issues, listed the same way: the same pages
        written = _write(stage, old, manifest, site_files, rendered=bool(todo))
    end = time.perf_counter()
    log.debug(
        "timing: issues read and planned in %.2f s, made in %.2f s, site written in %.2f s",
        read - started,
        made - read,
        end - made,
    )
    outcomes.sort(key=lambda o: str(o.source))
    return ArchiveResult(out, outcomes, end - started, written)


def _start_pool(stack: contextlib.ExitStack, formats: Sequence[str], jobs: int | None):
    """Worker processes for PDFs when more than one job may run (web pages alone take
    milliseconds: not worth starting workers for)."""
    if "pdf" not in formats or (jobs or os.cpu_count() or 1) <= 1:
        return None
    from .pool import RenderPool

    return stack.enter_context(RenderPool(jobs or os.cpu_count() or 1))


def _keep_failed(outcomes: list[Outcome], entries: dict[str, Entry], old, out: Path) -> None:
    """An issue that failed keeps the pages it had (when they are still there, unchanged)."""
    for outcome in outcomes:
        stem = outcome.source.stem
        entry = old.issues.get(stem) if old else None
        failed = outcome.state == "failed" and stem not in entries and entry is not None
        if failed and outputs_intact(out, entry.outputs):
            entries[stem] = entry


def _unreadable(path: Path, problems: list[Problem], drafts: bool, today: dt.date) -> Outcome:
    """A file that does not read or validate fails the build, unless its own lines say it is
    not due yet (a draft): then it is held back and reported, and the due issues go out."""
    from ..due import not_due_by_its_text

    why = None if drafts else not_due_by_its_text(path, today)
    if why is None:
        return Outcome(path, "failed", problems)
    return Outcome(path, "held", problems, reason=f"{why}, with mistakes; not built")


def _check_out(out: Path, paths: list[Path]) -> None:
    from ..safety import check_out_dir

    # The project folder, by build.project_root's rule: where scrnews.yaml is, else above issues/.
    folder = paths[0].resolve().parent if paths else Path.cwd()
    settings = find_settings(paths[0]) if paths else None
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


def _read_for_rendering(todo: list[Plan], outcomes: list[Outcome], config) -> list[Plan]:
    """Read the issues to render that were not read yet (their inputs around them changed)."""
    ready = []
    for plan in todo:
        if plan.item.loaded is None:
            try:
                plan.item.loaded = load(plan.item.path, config)
            except ScrnewsError as error:
                outcomes.append(Outcome(plan.item.path, "failed", error.problems))
                continue
        ready.append(plan)
    return ready


def _entry(plan: Plan, rendered: Rendered, out: Path, stage: Stage) -> Entry:
    """Write a freshly rendered issue's files into the new site; record them and its listing."""
    base = out.resolve()
    mine = {
        Path(p).resolve().relative_to(base).as_posix(): data for p, data in rendered.outputs.items()
    }
    stage.write(mine)
    result = rendered.result
    size = len(rendered.outputs[result.pdf]) if result.pdf else None
    sizes = {  # a bilingual issue's other PDFs: <stem>/en/<stem>.pdf
        other.issue.language: len(rendered.outputs[path])
        for other in plan.loaded.translations
        if result.pdf
        and (path := result.pdf.parent / site.CODES[other.issue.language] / result.pdf.name)
        in rendered.outputs
    }
    listing = site.listing_for(
        plan.loaded,
        pdf=result.pdf.name if result.pdf else None,
        pdf_size=size,
        pages=result.pages,
        sizes=sizes,
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
    from ..build import asset_urls, assets_of
    from ..templates import make_environment

    # The archive wears the newest newsletter's name and board (a briefing's only if it has none).
    newsletters = [item for item in candidates if not item.listing.is_briefing] or candidates
    newest = max(newsletters, key=lambda item: site.order_key(item.listing))
    loaded = newest.loaded or load(newest.path, config)
    listings = [site.Listing(**e.listing) for e in entries.values()]
    if "html" not in formats:
        listings = [replace(item, html=False) for item in listings]
    env = make_environment([*(Path(t) for t in templates), *map(Path, newest.sources["templates"])])
    files: dict[str, bytes] = {}
    logo = None
    if loaded.issue.board.logo:
        logo = asset_urls(loaded)[loaded.issue.board.logo.src]
        files[logo] = assets_of(loaded)[logo].read_bytes()
    # One index and feed a language (out/, out/en/), each naming the other: a bilingual archive.
    for language in site.site_languages(listings):
        folder = site.archive_folder(listings, language)
        index = site.render_archive(env, listings, loaded, logo=logo, language=language)
        files[f"{folder}index.html"] = index.encode("utf-8")
        files[f"{folder}feed.xml"] = site.render_feed(listings, loaded, language)
        files.update({f"{folder}{url}": data for url, data in _page_files(loaded, env).items()})
    return files


def _page_files(loaded, env) -> dict[str, bytes]:
    """What the index page links beside it, as every issue page has: print.css and fonts/."""
    from ..build import PRINT_CSS
    from ..render import render_pdf_css
    from ..settings import font_assets

    files = {url: src.read_bytes() for url, src in font_assets(loaded.settings).items()}
    files[PRINT_CSS] = render_pdf_css(loaded.issue, env).encode("utf-8")
    return files


def _write(
    stage: Stage,
    old: Manifest | None,
    manifest: Manifest,
    site_files: dict[str, bytes],
    *,
    rendered: bool,
) -> bool:
    """Publish the new folder unless nothing was rendered and it would equal the one in place."""
    data = manifest.to_bytes()
    current = stage.out / MANIFEST_NAME
    if (
        not rendered
        and old is not None
        and current.is_file()
        and current.read_bytes() == data
        and outputs_intact(stage.out, manifest.site)
    ):
        return False
    stage.write({**site_files, MANIFEST_NAME: data})
    keep = sorted(manifest.files() - stage.written)
    stage.publish(keep, old.files() if old else set())
    return True


def _make_all(todo: list[Plan], out: Path, pool, reporter: Reporter, options: dict):
    """Make each planned issue; yield (plan, outcome, Rendered or None) as each is done."""
    if not todo:
        return
    from .make import make_all

    strict = options.pop("strict")
    reporter.start(len(todo))
    try:
        for done in make_all(todo, out, pool, options, strict=strict):
            path = done.plan.loaded.path
            if done.rendered is None:
                outcome = Outcome(path, "failed", done.problems, seconds=done.seconds)
            else:
                pages = done.rendered.result.pages
                outcome = Outcome(path, "built", pages=pages, seconds=done.seconds)
            reporter.advance(outcome)
            yield done.plan, outcome, done.rendered
    finally:
        reporter.finish()
