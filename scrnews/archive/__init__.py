"""A board's whole archive as a small website: `scrnews build` with no file, or a folder.

    build.py     build_all: gather every issue, render the changed ones, write the site
    inputs.py    what each issue is made from, and the key its inputs hash to
    manifest.py  out/.scrnews-manifest.json: what the last build made, from what
    pool.py      rendering in worker processes
    publish.py   the new site built beside out/, then swapped in whole
    site.py      the index page, the Atom feed, previous and next links

The public entry point is `build_all` (what the command calls), returning an `ArchiveResult`.
"""

from __future__ import annotations

__all__ = ["build_all"]


def __getattr__(name: str):
    # Lazy, like the package root: `import scrnews.archive` costs nothing until a build runs.
    if name == "build_all":
        from .build import build_all

        return build_all
    raise AttributeError(name)
