"""The build manifest: what every issue was built from (hashes) and every file scrnews wrote.

It lives in the output folder as `.scrnews-manifest.json`. A later build compares an
issue's input hashes with it to skip unchanged issues, and deletes only files it lists.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import __version__

log = logging.getLogger(__name__)

MANIFEST_NAME = ".scrnews-manifest.json"
FORMAT = 2
_SKIP_NAMES = {"__pycache__", ".DS_Store"}


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes ('missing' when unreadable, so a later fix changes the key)."""
    try:
        return digest_bytes(Path(path).read_bytes())
    except OSError:
        return "missing"


def tree_digest(folder: Path) -> str:
    """One hash over every file below folder: names and contents."""
    h = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        rel = path.relative_to(folder)
        if _SKIP_NAMES.intersection(rel.parts) or path.suffix == ".pyc":
            continue
        h.update(rel.as_posix().encode() + b"\0" + file_digest(path).encode() + b"\n")
    return h.hexdigest()


def shared_inputs(theme: Path, overrides: Iterable[Path], settings: Path | None) -> dict[str, str]:
    """Inputs every issue shares: the theme, each override folder, scrnews.yaml, scrnews itself."""
    inputs = {"scrnews": __version__, "theme": tree_digest(theme)}
    for n, folder in enumerate(overrides):
        inputs[f"templates:{n}"] = tree_digest(Path(folder))
    if settings is not None and settings.is_file():
        inputs["settings"] = file_digest(settings)
    return inputs


def issue_key(
    source: Path,
    assets: Mapping[str, Path],
    shared: Mapping[str, str],
    options: Mapping[str, object],
) -> tuple[str, dict[str, str]]:
    """An issue's inputs (its YAML, images, shared inputs, options) and one key over them."""
    inputs = {"issue": file_digest(source), **shared}
    inputs.update({f"asset:{url}": file_digest(path) for url, path in sorted(assets.items())})
    inputs["options"] = digest_bytes(json.dumps(options, sort_keys=True, default=str).encode())
    key = digest_bytes(json.dumps(inputs, sort_keys=True).encode())
    return key, inputs


@dataclass
class Entry:
    """One issue in the manifest: its key and inputs, the files written (name -> sha256), its
    archive listing, and the files it was made from (so an unchanged issue need not be re-read)."""

    key: str
    inputs: dict[str, str]
    outputs: dict[str, str]
    listing: dict
    sources: dict = field(default_factory=dict)


@dataclass
class Manifest:
    """Everything one build wrote into the output folder."""

    issues: dict[str, Entry] = field(default_factory=dict)
    site: dict[str, str] = field(default_factory=dict)

    def files(self) -> set[str]:
        """Every file (relative, posix) scrnews made here, the manifest included."""
        names = {MANIFEST_NAME, *self.site}
        for entry in self.issues.values():
            names.update(entry.outputs)
        return names

    def to_bytes(self) -> bytes:
        data = {
            "format": FORMAT,
            "issues": {k: asdict(v) for k, v in sorted(self.issues.items())},
            "site": dict(sorted(self.site.items())),
        }
        return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode(
            "utf-8"
        )


def read_manifest(out_dir: Path) -> Manifest | None:
    """The manifest of the last build in out_dir; None when there is none or it is unreadable."""
    path = Path(out_dir) / MANIFEST_NAME
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        issues = {stem: Entry(**entry) for stem, entry in data["issues"].items()}
        return Manifest(issues, dict(data["site"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("%s is unreadable (%s); rebuilding everything", path, exc)
        return None


def outputs_intact(out_dir: Path, outputs: Mapping[str, str]) -> bool:
    """True when every listed output is still there with the bytes scrnews wrote."""
    return all(file_digest(Path(out_dir) / name) == digest for name, digest in outputs.items())
