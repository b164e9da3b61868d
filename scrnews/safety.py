"""Checks that keep a build in its lanes: reads stay in the project, output away from sources.

Small and free of heavy imports, so the build, the archive and preview can all call them.
"""

from __future__ import annotations

from pathlib import Path

from .errors import OutputError, Problem, relpath

ISSUES_FOLDER = "issues"


def is_inside(path: Path, root: Path) -> bool:
    """True if path, with every symlink followed, is root or lies under it."""
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def check_out_dir(out_dir: Path | str, project_root: Path | str) -> None:
    """Refuse an output folder that would mix built files with the sources (or replace them)."""
    out, root = Path(out_dir).resolve(), Path(project_root).resolve()
    issues = root / ISSUES_FOLDER
    if root.is_relative_to(out):
        what = "the project folder" if out == root else "a folder that holds the project folder"
        why = f"{what} ({root})"
    elif out.is_relative_to(issues):
        why = f"the issues folder ({relpath(issues)})"
    else:
        return
    raise OutputError(
        Problem(
            relpath(out_dir),
            None,
            None,
            "--out",
            f"scrnews will not write its output into {why}: built files would mix "
            "with the sources. Choose a folder of its own, such as --out out",
        )
    )
