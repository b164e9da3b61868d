"""scrnews: build accessible newsletters that share learning from safeguarding case reviews.

The public API is what this module exports: `load_issue`, `build_issue`, `ScrnewsError`.
"""

from __future__ import annotations

# The one place the version is written; pyproject.toml reads it from here (hatch),
# which spares every run the cost of importlib.metadata.
__version__ = "0.1.0"

__all__ = ["__version__", "build_issue", "load_issue", "ScrnewsError"]


def __getattr__(name: str):
    # Lazy, so `import scrnews` (and `scrnews --help`) does not pay for pydantic or WeasyPrint.
    if name in ("build_issue", "load_issue"):
        from . import build

        return getattr(build, name)
    if name == "ScrnewsError":
        from .errors import ScrnewsError

        return ScrnewsError
    raise AttributeError(name)
