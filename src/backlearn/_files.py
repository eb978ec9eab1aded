"""Safe writes: what a learner saved (a plan, a diary) survives a crash or a full disk."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Any

__all__ = ["stray_temporaries", "write_atomically", "write_bytes_atomically"]


def write_atomically(
    path: str | os.PathLike[str], text: str, *, newline: str | None = None, durable: bool = True
) -> Path:
    """Write ``text`` to ``path`` via a temporary file in the same folder, fsync, then rename.

    Any failure leaves the old file exactly as it was and no temporary file behind (a process killed
    mid-write can leave a ``.NAME.*.tmp``; :func:`stray_temporaries` finds those). A replaced file keeps
    its permission bits; a new one is private to its owner (0600).
    ``newline`` is passed to ``open`` (``""`` writes the text's own line endings, as CSV needs).
    ``durable=False`` skips the two fsyncs, for a file that can be made again (a cache): the rename
    still means the file is either whole or the old one, but after a power cut it may be the old one.
    """
    return _replace(Path(path), {"mode": "w", "encoding": "utf-8", "newline": newline}, text, durable)


def write_bytes_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    """The same safe write for bytes (a PDF, a file copied out of a zipped package)."""
    return _replace(Path(path), {"mode": "wb"}, data)


def _replace(target: Path, how: dict[str, Any], data: str | bytes, durable: bool = True) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # only when writing: it pulls in random and shutil, ~2 ms of the CLI's start-up

    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed after
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False, **how
    )
    try:
        with handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(handle.name, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(target.parent)
    return target


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (POSIX); harmless elsewhere."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def stray_temporaries(target: str | os.PathLike[str]) -> list[Path]:
    """Temporary files a killed writer of ``target`` left next to it (``.NAME.*.tmp``)."""
    path = Path(target)
    try:
        return sorted(path.parent.glob(f".{path.name}.*.tmp"))
    except OSError:
        return []
