"""One archive build at a time into an output folder.

Two builds into one out/ (two CI jobs, say) would each read the last build's manifest and
each swap in their own site, the second carrying the first one's new files over as if a
person had put them there. So a build holds a lock file beside out/ (`.out.lock`) from
reading the manifest to swapping the new site in; a second build waits for it, saying so.
The kernel lets go of the lock when its holder ends, however it ends.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import relpath

log = logging.getLogger(__name__)


def lock_path(out: Path) -> Path:
    out = Path(out)
    out = out.resolve() if out.is_symlink() else out
    return out.parent / f".{out.name}.lock"


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold out/'s lock while the block runs, waiting while another build holds it."""
    try:
        import fcntl
    except ImportError:  # not POSIX: builds are not kept apart
        yield
        return
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _acquire(path, Path(out), fcntl)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        # Removed while still held; a build waiting on the old file sees it is gone and retries.
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def _acquire(path: Path, out: Path, fcntl) -> int:
    """Lock path's file, opening it again if it was replaced while this build waited."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.warning(
                    "waiting for another scrnews build into %s/ (process %s) to finish",
                    relpath(out),
                    _holder(fd),
                )
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        if _same_file(fd, path):
            return fd
        os.close(fd)


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        return str(int(os.pread(fd, 32, 0).decode().strip()))
    return "unknown"


def _same_file(fd: int, path: Path) -> bool:
    try:
        now = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino)
