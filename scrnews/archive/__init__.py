"""A board's whole archive as a small website: `scrnews build` with no file, or a folder.

    build.py     build_all: gather every issue, make the changed ones, write the site
    inputs.py    what each issue is made from, and the key its inputs hash to
    manifest.py  out/.scrnews-manifest.json: what the last build made, from what
    make.py      each changed issue: its page made here, its PDF in the pool
    pool.py      the PDFs' worker processes, as the build sees them
    workers.py   what runs in them: one warm render process forking the workers
    publish.py   the new site written beside out/ as issues are made, then swapped in whole
    lock.py      one build at a time into an output folder
    report.py    each issue's outcome, progress, the closing table
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
