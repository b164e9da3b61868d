"""Write outputs so that a failed or interrupted build never leaves a half-written file.

Every file is written to a temporary beside it and fsynced; only when all are written are they
renamed into place. If a rename fails part way (the disk filled up, a folder turned read-only),
the files already renamed are put back from hard links to what they replaced, and folders this
write made are removed, so the earlier output stays exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import OutputError, Problem, relpath

#: What each kind of failure means for the person building, and what to do.
_ADVICE = {
    errno.ENOSPC: "the disk is full ({why}). Free some space and build again",
    errno.EDQUOT: "the disk is full for you: your quota is used up ({why}). Free some space and build again",
    errno.EROFS: "the disk is read-only ({why}). Build into another folder with --out",
    errno.EACCES: "you may not write there ({why}). Check the folder's permissions, or build into another folder with --out",
    errno.EPERM: "you may not write there ({why}). Check the folder's permissions, or build into another folder with --out",
    errno.ENOENT: "the folder disappeared while scrnews was writing ({why}). Build again",
}
_OTHER = "cannot write the output ({why}). Check the folder exists and you may write to it"


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to a temporary file beside path, fsync it, then rename it into place."""
    write_all({path: data})


def write_all(outputs: Mapping[Path, bytes]) -> None:
    """Write every file, or (raising OutputError) leave every earlier file as it was."""
    job = _Job()
    try:
        for path, data in outputs.items():
            job.stage(Path(path), data)
        job.commit()
    except BaseException as exc:  # Ctrl-C in the middle of the renames is undone too
        trouble = job.undo()
        if isinstance(exc, OSError):
            raise OutputError(_problem(exc, job.current, trouble)) from None
        raise
    finally:
        job.tidy()


class _Job:
    """One write_all: what it staged, replaced and made, so that all of it can be undone."""

    def __init__(self) -> None:
        self.current = Path()  # the file being written or renamed (for the message)
        self.made: list[Path] = []  # folders this write created, outermost first
        self.staged: list[tuple[str, Path]] = []  # (temporary, final path)
        self.replaced: list[tuple[str | None, Path]] = []  # (link to the old file, final path)

    def stage(self, path: Path, data: bytes) -> None:
        self.current = path
        self.made += _make_folders(path.parent)
        self.staged.append((_stage(path, data), path))

    def commit(self) -> None:
        for temp, path in self.staged:
            self.current = path
            keep = _keep(path)
            try:
                os.replace(temp, path)
            except BaseException:
                if keep:
                    _remove(keep)  # the old file is still in place
                raise
            self.replaced.append((keep, path))
        self.staged = []
        for keep, _ in self.replaced:
            if keep:
                _remove(keep)
        self.replaced = []

    def undo(self) -> list[str]:
        """Put back what was replaced; return what could not be put back."""
        trouble = []
        for keep, path in reversed(self.replaced):
            try:
                if keep:
                    os.replace(keep, path)
                else:
                    os.unlink(path)
            except OSError as exc:
                trouble.append(f"{relpath(path)} ({exc.strerror})")
        self.replaced = []
        return trouble

    def tidy(self) -> None:
        for temp, _ in self.staged:
            _remove(temp)
        for folder in reversed(self.made):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if this write left it empty


def _make_folders(folder: Path) -> list[Path]:
    """Create folder and its missing parents; return those created, outermost first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    made = []
    for each in reversed(missing):
        try:
            os.mkdir(each)
        except FileExistsError:
            continue
        made.append(each)
    return made


def _stage(path: Path, data: bytes) -> str:
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp, 0o644)  # mkstemp makes 0600: a web server must be able to read the output
    except BaseException:
        _remove(temp)
        raise
    return temp


def _keep(path: Path) -> str | None:
    """A hard link to the file at path (None if there is none), to put back on failure."""
    if not os.path.lexists(path) or path.is_dir():
        return None
    keep = f"{path.parent}/.{path.name}.{secrets.token_hex(6)}.old"
    os.link(path, keep, follow_symlinks=False)
    return keep


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _problem(exc: OSError, where: Path, trouble: list[str]) -> Problem:
    advice = _ADVICE.get(exc.errno, _OTHER).format(why=exc.strerror or exc)
    if trouble:
        outcome = "Some earlier files could not be put back: " + ", ".join(trouble)
    else:
        outcome = "Nothing was changed: the earlier output is as it was"
    return Problem(relpath(where), None, None, "", f"{advice}. {outcome}.")
