"""Replace an output folder by a complete new one: build it beside the old, then swap them.

The new folder gets every new file (written as each issue is made), a hard link (or copy)
of every unchanged file, and of every file scrnews did not make, so nothing of the user's
is lost. After the swap the old folder is emptied of files that are accounted for; anything
else is left where it is. A build stopped before the swap leaves out/ exactly as it was.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import OutputError, Problem, relpath

log = logging.getLogger(__name__)

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def publish(out: Path, files: Mapping[str, bytes], keep: Iterable[str], ours: set[str]) -> None:
    """Make out/ hold files (name -> bytes) plus keep (names of unchanged files already in out/).

    ours names the files the previous build made; any other file in out/ is carried over.
    """
    with Stage(out) as stage:
        stage.write(files)
        stage.publish(keep, ours)


class Stage:
    """The new out/ folder, made beside the old one: files are written into it as they are
    made, then publish() swaps it in whole. Left without publishing, it is removed."""

    def __init__(self, out: Path) -> None:
        out = Path(out)
        self.out = out.resolve() if out.is_symlink() else out  # swap the folder a link names
        self.folder: Path | None = None
        self.written: set[str] = set()

    def write(self, files: Mapping[str, bytes]) -> None:
        """Write files (name relative to out/ -> bytes) into the new folder."""
        try:
            folder = self.folder or self._make()
            for name, data in files.items():
                _write_file(folder / name, data)
                self.written.add(name)
        except OSError as exc:
            self.discard()
            raise _cannot_write(self.out, exc) from None

    def publish(self, keep: Iterable[str], ours: set[str]) -> None:
        """Add keep and the files of out/ no build made (ours: what the last build made) by
        hard link, then put the new folder in out/'s place and empty the old one."""
        try:
            stage = self.folder or self._make()
            linked = set(keep)
            for name in linked:
                _link(self.out / name, stage / name)
            foreign = _foreign(self.out, ours | linked | self.written)
            for name in foreign:
                _link(self.out / name, stage / name)
            old = _swap(stage, self.out)
        except OSError as exc:
            self.discard()
            raise _cannot_write(self.out, exc) from None
        self.folder = None
        if old is not None:  # files this build wrote anew replace old copies: those go too
            _empty(old, ours | linked | foreign | self.written)

    def discard(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def _make(self) -> Path:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        while True:
            # Named before it exists: a signal (SIGTERM, Ctrl-C) between making the folder and
            # recording it would otherwise leave it beside out/ for discard() to miss.
            self.folder = self.out.parent / f".{self.out.name}.new-{secrets.token_hex(6)}"
            try:
                os.mkdir(self.folder)  # mode 0o777 less the umask, as out/ itself would get
            except FileExistsError:
                continue
            return self.folder

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *exc) -> None:
        self.discard()


def remove_leftovers(out: Path) -> None:
    """Remove new folders that a killed build left beside out/ (call only while holding the
    lock, when no other build can be making one). They hold only copies and hard links."""
    out = Path(out)
    out = out.resolve() if out.is_symlink() else out
    if out.parent.is_dir():
        for folder in out.parent.glob(f".{out.name}.new-*"):
            log.debug("removing %s, left by a build that was stopped", relpath(folder))
            shutil.rmtree(folder, ignore_errors=True)


def _cannot_write(out: Path, exc: OSError) -> OutputError:
    return OutputError(
        Problem(
            relpath(out),
            None,
            None,
            "",
            f"cannot write the output: {exc.strerror}. {relpath(out)}/ was "
            "left as it was; check you may write to its folder.",
        )
    )


def _write_file(path: Path, data: bytes) -> None:
    # A fresh folder that nobody reads until the swap: plain writes, synced before the swap.
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _foreign(out: Path, known: set[str]) -> set[str]:
    """Files in out/ that no scrnews build listed: the user's, to be carried over untouched."""
    if not out.is_dir():
        return set()
    found = set()
    for path in out.rglob("*"):
        if path.is_file() or path.is_symlink():
            name = path.relative_to(out).as_posix()
            if name not in known:
                found.add(name)
    return found


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _swap(stage: Path, out: Path) -> Path | None:
    """Put stage in out's place; return where the old out/ now is (None if there was none)."""
    if not out.exists() and not out.is_symlink():
        os.rename(stage, out)
        return None
    if _exchange(stage, out):
        return stage
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.rename(out, old)
    os.rename(stage, out)
    return old


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where that is not available."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return done == 0


def _empty(old: Path, accounted: set[str]) -> None:
    """Delete the files scrnews knows about from the old folder, then the folders left empty."""
    for name in accounted:
        with contextlib.suppress(FileNotFoundError):
            (old / name).unlink()
    for folder in sorted(
        (p for p in old.rglob("*") if p.is_dir() and not p.is_symlink()),
        key=lambda p: len(p.parts),
        reverse=True,
    ):
        with contextlib.suppress(OSError):
            folder.rmdir()
    try:
        old.rmdir()
    except OSError:
        log.warning("left %s in place: it holds files scrnews did not expect", relpath(old))
