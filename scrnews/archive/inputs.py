"""What an archive build reads: each issue file (or what the last build's manifest says of
an unchanged one), the files it is made from, and the key its inputs hash to.

Kept free of pydantic and Jinja: a no-change rebuild reads no issue file and imports neither.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import Problem, ScrnewsError, relpath
from ..project import find_settings, theme_dir
from . import site
from .manifest import Entry, Manifest, file_digest, issue_key, outputs_intact, shared_inputs

if TYPE_CHECKING:  # build.py brings pydantic and Jinja: imported only when an issue is read
    from ..build import LoadedIssue

log = logging.getLogger(__name__)


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


def gather(
    paths: Sequence[Path], old: Manifest | None = None, config: Path | str | None = None
) -> tuple[list[Item], list[tuple[Path, list[Problem]]]]:
    """Read and validate every issue (or reuse what the last build knew of an unchanged file);
    return the issues, and each file that failed with its problems (nothing is raised)."""
    items: list[Item] = []
    failed: list[tuple[Path, list[Problem]]] = []
    numbers: dict[int, Item] = {}
    stems: dict[str, Path] = {}
    for path in paths:
        if stems.setdefault(path.stem, path) != path:
            failed.append((path, [_same_name(path, stems[path.stem])]))
            continue
        entry = old.issues.get(path.stem) if old else None
        if entry is not None and _same_source(entry, path, config):
            item = Item(path, site.Listing(**entry.listing), entry.sources)
        else:
            try:
                item = _item(load(path, config))
            except ScrnewsError as error:
                failed.append((Path(path), error.problems))
                continue
        number = item.listing.number
        first = numbers.setdefault(number, item) if number is not None else item
        if first is not item:
            failed.append((item.path, [_duplicate(item, first, config)]))
            continue
        items.append(item)
    return items, failed


def load(path: Path, config: Path | str | None) -> LoadedIssue:
    from ..build import load_issue

    return load_issue(path, config=config) if config is not None else load_issue(path)


def _item(loaded: LoadedIssue) -> Item:
    """An issue just read, with the files it is made from (images, fonts, templates, settings)."""
    from ..build import assets_of

    settings = getattr(loaded, "settings", None)
    assets = dict(assets_of(loaded))
    if settings is not None:
        from ..settings import font_assets

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
    settings = Path(config).resolve() if config is not None else find_settings(path)
    return (
        entry.inputs.get("issue") == file_digest(path)
        and entry.inputs.get("scrnews") == __version__
        and entry.sources.get("settings") == (str(settings) if settings else None)
        and entry.inputs.get("settings") == (file_digest(settings) if settings else None)
    )


def _same_name(path: Path, first: Path) -> Problem:
    return Problem(
        relpath(path),
        None,
        None,
        "",
        f"{relpath(first)} has the same file name, and "
        f"each issue's pages go to a folder named after its file (out/{path.stem}/). "
        "Rename one of them.",
    )


def _duplicate(item: Item, first: Item, config) -> Problem:
    loaded = item.loaded or load(item.path, config)
    return loaded.doc.problem(
        ("number",),
        f"issue number {item.listing.number} is also used by "
        f"{relpath(first.path)}; give each issue its own number.",
    )


def plans(
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


def unchanged(plan: Plan, old: Manifest | None, out: Path) -> bool:
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
