"""The content cache: a hash of the content's bytes (and of the code reading it) as the key, and
validated content kept on disk as JSON.

Parsing and checking every file takes longer than the rest of a ``backlearn assess`` run.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import zlib
from pathlib import Path
from typing import Any

from backlearn._files import write_atomically
from backlearn.content.model import Content
from backlearn.places import cache_dir as _cache_dir
from backlearn.places import shipped_content

#: Content files larger than this are refused unread (the shipped ones are about 50 kB together).
MAX_FILE_BYTES = 5_000_000


def _digest() -> hashlib.blake2b:
    """The cache key's hash: 64 bits of BLAKE2b. It guards against stale content, not against an
    attacker (the cache folder must be the user's own)."""
    return hashlib.blake2b(digest_size=8)


def _fingerprint(folder: Path, code: tuple[Path, ...] = ()) -> str:
    """A hash of the bytes of every YAML file in the folder (and how each non-file entry looks) and
    of the code that reads them (with the modules in the folders ``code``, those of the checks run
    after parsing): any edit, however it keeps times and sizes, gives a new key."""
    digest = _digest()
    digest.update(_code_fingerprint(code).encode("ascii"))
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith((".yaml", ".yml")))
    except OSError as error:
        names = [f"<unlistable {error.errno}>"]
    files = [folder / name for name in names]
    if not os.path.lexists(folder / "short_mode.yaml"):  # a folder without one gets the shipped settings
        files.append(shipped_content() / "short_mode.yaml")
    for file in files:
        name = file.name if file.parent == folder else f"shipped {file.name}"
        digest.update(b"\0" + name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            info = os.stat(file)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:  # never open a pipe or device
                digest.update(f"<not read: mode {info.st_mode:o}, {info.st_size} bytes>".encode())
                continue
            data = file.read_bytes()
            digest.update(f"{len(data)}:".encode() + data)
        except OSError as error:
            digest.update(f"<unreadable {error.errno}>".encode())
    return digest.hexdigest()


_CODE: dict[tuple[Path, ...], str] = {}


def _code_fingerprint(code: tuple[Path, ...] = ()) -> str:
    """A hash of every module of this package (the reading code and what it builds) and of the
    folders ``code``, once per process."""
    if code not in _CODE:
        digest = _digest()
        digest.update(f"{sys.version_info[:2]}".encode())
        for folder in (Path(__file__).resolve().parent, *code):
            for module in sorted(folder.glob("*.py")):
                data = module.read_bytes()
                digest.update(f"{folder.name}/{module.name}:{len(data)}:".encode() + data)
        _CODE[code] = digest.hexdigest()
    return _CODE[code]


# ----------------------------------------------------------------------------- the disk cache
# Parsing and checking every file takes longer than the rest of a `backlearn assess` run, so a
# validated Content is kept in the user's cache folder as JSON (never pickle: loading a pickle runs
# code, and a cache folder may be shared), keyed on the folder and a hash of the bytes of every
# content file and of the code. BACKLEARN_CACHE=off turns it off; any other value names the folder.
# A folder that others can write, or that is not the user's own, is not used. A cache file that
# cannot be read is ignored and written again; older files for the same folder are removed.

def _private(folder: Path) -> bool:
    """True when only this user can put files in ``folder`` (POSIX); a shared folder is not trusted."""
    if not hasattr(os, "getuid"):
        return True
    try:
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _cache_file(folder: Path, variant: str = "") -> Path | None:
    # A short name only (CRC-32): the full key is stored in the file and compared on reading.
    # ``variant``: the tag of the checks run on the content (hex digits) and a region id (checked to be
    # one) for the content filled in for that region, joined by '-'.
    return cache_file(f"content-{zlib.crc32(str(folder).encode('utf-8')):08x}{'-' + variant if variant else ''}")


def cache_file(name: str) -> Path | None:
    """The file ``name``.json in the cache folder, or None when the cache is off."""
    where = _cache_dir()
    return None if where is None else where / f"{name}.json"


def read_cached(file: Path | None, key: list[str]) -> Any:
    """What :func:`write_cached` stored in ``file`` under ``key``; None for a miss (no file, another key,
    a folder others can write, a damaged file)."""
    try:
        if file is None or not file.exists() or not _private(file.parent):
            return None
        stored = json.loads(file.read_text(encoding="utf-8"))
        return stored["value"] if stored.get("key") == key else None
    except Exception:  # a damaged or foreign cache file is only a missed shortcut
        return None


def write_cached(file: Path | None, key: list[str], value: Any) -> None:
    """Keep ``value`` (plain JSON values) in ``file`` with its key; a write that fails is only a missed shortcut."""
    try:
        if file is None:
            return
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(file.parent):
            return
        # One file per name: a new key replaces the old entry. Not fsynced: a cache file lost in a
        # power cut is only made again, and the rename still means it is never half-written.
        write_atomically(file, json.dumps({"key": key, "value": value}), durable=False)
    except Exception:  # a read-only or full disk: carry on without the cache
        return


def _read_disk_cache(folder: Path, fingerprint: str, variant: str = "") -> Content | None:
    stored = read_cached(_cache_file(folder, variant), [str(folder), fingerprint])
    if stored is None:
        return None
    from backlearn.content._cache_json import from_json

    try:
        content = from_json(stored)
    except Exception:  # a damaged or foreign cache file is only a missed shortcut
        return None
    if not isinstance(content, Content) or content.path != folder:
        return None
    return content


def _write_disk_cache(folder: Path, fingerprint: str, content: Content, variant: str = "") -> None:
    from backlearn.content._cache_json import to_json

    write_cached(_cache_file(folder, variant), [str(folder), fingerprint], to_json(content))
