"""Where things are: the board's settings file, the project folder, the built-in theme.

Plain path rules with no heavy imports, so the archive's change check, the preview and the
build all answer these questions the same way.
"""

from __future__ import annotations

from pathlib import Path

SETTINGS_NAME = "scrnews.yaml"

_PACKAGED = Path(__file__).parent / "_templates"
_CHECKOUT = Path(__file__).parent.parent / "templates"


def find_settings(issue_path: Path | str) -> Path | None:
    """The nearest scrnews.yaml in the issue's folder or above it."""
    folder = Path(issue_path).resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / SETTINGS_NAME).is_file():
            return candidate / SETTINGS_NAME
    return None


def project_root(issue_path: Path | str) -> Path:
    """The folder above the issue that holds scrnews.yaml; else the issue's folder
    (or its parent, when that folder is called issues/)."""
    settings = find_settings(issue_path)
    if settings is not None:
        return settings.parent
    folder = Path(issue_path).resolve().parent
    return folder.parent if folder.name == "issues" else folder


def builtin_dir() -> Path:
    """The built-in templates: the wheel's packaged copy, else the source checkout's templates/."""
    return _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT


def theme_dir() -> Path:
    """The built-in theme folder."""
    return builtin_dir() / "default"
