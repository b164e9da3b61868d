"""Write outputs so that a failed or interrupted build never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import OutputError, Problem, relpath


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to a temporary file beside path, fsync it, then rename it into place."""
    write_all({path: data})


def write_all(outputs: Mapping[Path, bytes]) -> None:
    """Write every file to a temporary beside it first; rename them into place only if all succeed."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in outputs.items():
            staged.append((_stage(Path(path), data), Path(path)))
        for temp, path in staged:
            os.replace(temp, path)
        staged = []
    except OSError as exc:
        raise OutputError(
            Problem(
                relpath(exc.filename or ""),
                None,
                None,
                "",
                f"cannot write the output: {exc.strerror}. Nothing was "
                "changed; check the folder exists and you may write to it.",
            )
        ) from None
    finally:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _stage(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp
