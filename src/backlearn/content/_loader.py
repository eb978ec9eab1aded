"""Loading a content folder: read every file, parse and check it, fill the text in for the region,
and keep the result in the cache (in this process and on disk).

A layer above may add checks of its own (the engine's promises, ``backlearn.engine.promises``): they
run on a fresh parse, before anything is cached, and each set of checks has cache entries of its own.
"""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Sequence
from dataclasses import fields
from functools import lru_cache
from pathlib import Path

from backlearn.content._cache import _fingerprint, _read_disk_cache, _write_disk_cache
from backlearn.content._safety import Check
from backlearn.content.errors import ContentError, Problem
from backlearn.content.model import ID_PATTERN as _ID
from backlearn.content.model import Content
from backlearn.content.regions import DEFAULT_REGION, UnknownRegionError, localize, own_citations
from backlearn.places import content_dir


def read_content(
    path: str | os.PathLike[str] | None = None,
    region: str | None = None,
    *,
    cache: bool = True,
    checks: Sequence[Check] = (),
) -> Content:
    """Load and validate a content folder; raise ContentError listing every problem.

    With no path, ``$BACKLEARN_CONTENT`` or the content shipped with backlearn is used. The
    text comes filled in for ``region`` (a region id from regions.yaml), else for the default region
    ('uk'): which region a learner or a class chose is the caller's to say (see
    :func:`backlearn.settings.chosen_region`). An unknown region raises UnknownRegionError (a ValueError).
    Results are cached until a byte of a content file, or of the code reading it, changes;
    ``cache=False`` (what ``backlearn validate`` uses) reads and checks every file afresh.

    ``checks`` are further checks, run when the content has no other problem (before anything is
    cached). This is the content layer's reader, which knows nothing of the engine: use
    ``backlearn.load_content``, which adds the engine's promises as ``checks``.
    """
    folder = Path(path).expanduser() if path is not None else content_dir()
    folder = folder.resolve()
    if not folder.is_dir():
        raise ContentError([Problem(str(folder), 0, "", "content folder not found")])
    region_id, where = (region, "") if region else (DEFAULT_REGION, "the default")
    checks = tuple(checks)
    if not cache:
        return _for_region(_load(folder, checks), region_id, where)
    code, tag = _checks_code_and_tag(checks)
    return _load_for_region(folder, _fingerprint(folder, code), tag, region_id, where, checks)


def _checks_code_and_tag(checks: tuple[Check, ...]) -> tuple[tuple[Path, ...], str]:
    """The folders of the modules defining ``checks`` (their code is part of the cache key), and a short
    tag naming the checks (content checked with other checks is kept in other cache files)."""
    if not checks:
        return (), ""
    names = " ".join(f"{check.__module__}.{check.__qualname__}" for check in checks)
    folders = {Path(file).resolve().parent for check in checks
               if (file := getattr(sys.modules.get(check.__module__), "__file__", None))}
    return tuple(sorted(folders)), f"{zlib.crc32(names.encode('utf-8')):08x}"


@lru_cache(maxsize=32)
def _load_for_region(
    folder: Path, fingerprint: str, tag: str, region_id: str, where: str, checks: tuple[Check, ...]
) -> Content:
    """The validated content filled in for one region, with a disk-cache file of its own per region
    (so a command does no filling in); the content with its placeholders is cached as before.
    ``tag`` names the ``checks`` in the cache files' names and keys."""
    cacheable = bool(_ID.match(region_id))  # a region id names a cache file: never an odd one
    variant = "-".join(part for part in (tag, region_id) if part)
    if cacheable:
        cached = _read_disk_cache(folder, f"{fingerprint}{tag} {region_id}", variant=variant)
        if cached is not None and cached.region is not None and cached.region.id == region_id:
            return cached
    result = _for_region(_load_cached(folder, fingerprint, tag, checks), region_id, where)
    if cacheable:
        _write_disk_cache(folder, f"{fingerprint}{tag} {region_id}", result, variant=variant)
    return result


def _for_region(content: Content, region_id: str, where: str) -> Content:
    """``content`` with every text filled in for the region (its placeholders stay in ``regions``)."""
    if region_id not in content.regions:
        raise UnknownRegionError(region_id, list(content.regions), where)
    region = content.regions[region_id]
    cites = own_citations(content.regions, region, content.sources)  # a region's own body cites its own page
    filled = {spec.name: localize(getattr(content, spec.name), region, cites)
              for spec in fields(Content) if spec.init and spec.name not in ("path", "regions", "region")}
    return Content(path=content.path, regions=content.regions, region=region, **filled)


@lru_cache(maxsize=8)
def _load_cached(folder: Path, fingerprint: str, tag: str, checks: tuple[Check, ...]) -> Content:
    cached = _read_disk_cache(folder, fingerprint + tag, variant=tag)
    if cached is not None:
        return cached
    content = _load(folder, checks)  # raises ContentError: nothing invalid is ever cached
    _write_disk_cache(folder, fingerprint + tag, content, variant=tag)
    return content


def clear_cache() -> None:
    """Forget every content loaded in this process, as a new process would start (the disk cache stays:
    its key is the content's bytes and the code, so it is never stale)."""
    _load_for_region.cache_clear()
    _load_cached.cache_clear()


def _load(folder: Path, checks: tuple[Check, ...] = ()) -> Content:
    """Read, parse and check every file: on a cache miss only, so PyYAML and the parser are imported
    only then (a warm start does neither)."""
    from backlearn.content._read import read_folder

    return read_folder(folder, checks)


