"""A wheel of the running scrnews, for a board's repository (`scrnews init` puts it in vendor/).

Installed from a wheel, scrnews packs its own installed files into the same wheel again; run
from a source checkout, hatchling builds one. The pins beside it (constraints.txt) are the
versions of everything scrnews uses here, so the publishing workflow installs what the board
tried on its own computer.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
import zipfile
from importlib import metadata
from pathlib import Path

from . import __version__
from .errors import Problem, ScrnewsError

NAME = "scrnews"
WHEEL_NAME = f"{NAME}-{__version__}-py3-none-any.whl"
_PACKAGE = Path(__file__).resolve().parent
_SKIP_INFO = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json", "WHEEL"}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_wheel(folder: Path) -> Path:
    """Write a wheel of the running scrnews into folder; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    dist = _distribution()
    if dist is not None and _installed_here(dist):
        return _repack(dist, folder / WHEEL_NAME)
    return _build_from_checkout(folder)


def _distribution() -> metadata.Distribution | None:
    try:
        return metadata.distribution(NAME)
    except metadata.PackageNotFoundError:
        return None


def _installed_here(dist: metadata.Distribution) -> bool:
    """True when the running package is the one this distribution installed (not a checkout)."""
    init = Path(str(dist.locate_file(f"{NAME}/__init__.py")))
    return init.is_file() and init.resolve().parent == _PACKAGE


def _repack(dist: metadata.Distribution, target: Path) -> Path:
    info = f"{NAME}-{__version__}.dist-info"
    entries: list[tuple[str, bytes]] = []
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            entries.append((f"{NAME}/{path.relative_to(_PACKAGE).as_posix()}", path.read_bytes()))
    for file in dist.files or []:
        parts = Path(str(file)).parts
        if parts and parts[0].endswith(".dist-info") and file.name not in _SKIP_INFO:
            relative = Path(*parts[1:]).as_posix()
            entries.append((f"{info}/{relative}", Path(str(dist.locate_file(file))).read_bytes()))
    wheel = f"Wheel-Version: 1.0\nGenerator: scrnews {__version__}\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries.append((f"{info}/WHEEL", wheel.encode()))
    record = "".join(f"{name},sha256={_digest(data)},{len(data)}\n" for name, data in entries)
    entries.append((f"{info}/RECORD", (record + f"{info}/RECORD,,\n").encode()))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return target


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _build_from_checkout(folder: Path) -> Path:
    root = _PACKAGE.parent
    if not (root / "pyproject.toml").is_file():
        raise _cannot("its package files are not where pip put them")
    try:
        from hatchling.builders.wheel import WheelBuilder
    except ImportError:
        raise _cannot(
            "it runs from a source checkout and hatchling is not installed (pip install hatchling)"
        ) from None
    built = list(WheelBuilder(str(root)).build(directory=str(folder), versions=["standard"]))
    return Path(built[0])


def _cannot(why: str) -> ScrnewsError:
    return ScrnewsError(
        Problem(
            "",
            None,
            None,
            "",
            f"scrnews cannot copy itself into the project: {why}. Install scrnews with "
            "`pip install scrnews-<version>-py3-none-any.whl` and run init again.",
        )
    )


def pins(wheel: Path, extras: tuple[str, ...] = ("audit",)) -> list[str]:
    """`name==version` of everything the wheel (with extras) needs, as installed here."""
    found: dict[str, str] = {}
    todo: list[tuple[list[str], set[str]]] = [(_requires_of_wheel(wheel), set(extras))]
    while todo:
        requires, wanted = todo.pop()
        for requirement in requires:
            dep, dep_extras, marker = _parse(requirement)
            extra = re.search(r"extra\s*==\s*['\"]([^'\"]+)['\"]", marker)
            key = _normalise(dep)
            if (extra and extra[1] not in wanted) or key in found or key == NAME:
                continue
            try:
                dist = metadata.distribution(dep)
            except metadata.PackageNotFoundError:
                continue  # not needed on this computer (a marker left it out)
            found[key] = dist.version
            todo.append((dist.requires or [], dep_extras))
    return [f"{name}=={version}" for name, version in sorted(found.items())]


def _requires_of_wheel(wheel: Path) -> list[str]:
    from email.parser import HeaderParser

    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        headers = HeaderParser().parsestr(archive.read(name).decode("utf-8"))
    return headers.get_all("Requires-Dist") or []


def _parse(requirement: str) -> tuple[str, set[str], str]:
    head, _, marker = requirement.partition(";")
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?", head)
    name = match[1] if match else head.strip()
    extras = {e.strip() for e in (match[2] or "").split(",") if e.strip()} if match else set()
    return name, extras, marker


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def python_version() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"
