"""Pyodide's lock file, pruned to what the site ships.

Pyodide's npm package lists about 350 packages but holds none of their files. Left as is, an
``import`` of a listed package would ask the web host for a file that is not there and the kernel
would hang. The site's lock lists only what the site ships (plus, marked with their CDN address,
the few packages lesson 10 fetches when online), and the build stops, naming the package, when an
entry needs something the site does not ship.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name

from site_build.wheels import WheelInfo, sha256_of

Lock = dict[str, Any]


class LockError(ValueError):
    """The site's lock is incomplete: the message names the package and what it lacks."""


def needed(packages: Mapping[str, Any], roots: Iterable[str]) -> list[str]:
    """The roots and everything they depend on, following the lock's ``depends``, sorted."""
    seen: set[str] = set()
    stack = [(canonicalize_name(root), "the pins") for root in roots]
    while stack:
        name, wanted_by = stack.pop()
        if name in seen:
            continue
        if name not in packages:
            raise LockError(f"{name} (needed by {wanted_by}) is not in Pyodide's lock file")
        seen.add(name)
        stack += [(canonicalize_name(dep), name) for dep in packages[name]["depends"]]
    return sorted(seen)


def entry_for(info: WheelInfo) -> dict[str, Any]:
    """A lock entry for a pure wheel the site ships next to Pyodide."""
    return {
        "name": info.name,
        "version": info.version,
        "file_name": info.path.name,
        "install_dir": "site",
        "sha256": sha256_of(info.path),
        "package_type": "package",
        "imports": list(info.imports),
        "depends": list(info.depends),
        "unvendored_tests": False,
    }


def site_lock(
    lock: Lock,
    *,
    replaced: Mapping[str, Path],
    added: Iterable[WheelInfo],
    online_only: Iterable[str] = (),
    cdn_base: str = "",
) -> Lock:
    """The lock the site ships.

    ``replaced``: lock packages with the wheel file the site ships for them (from PyPI, so their
    sha256 differs from Pyodide's build). ``added``: wheels Pyodide's lock does not list (the widgets,
    backlearn). ``online_only``: packages (with their dependencies) that stay on Pyodide's CDN; their
    entries get the CDN address, so they load only when asked for and only when online.
    """
    source = lock["packages"]
    packages: dict[str, Any] = {}
    for name, path in replaced.items():
        if name not in source:
            raise LockError(f"{name}: not in Pyodide's lock file, so it cannot be replaced")
        entry = copy.deepcopy(source[name])
        entry.update(file_name=path.name, sha256=sha256_of(path), package_type="package")
        packages[name] = entry
    for info in added:
        packages[info.name] = entry_for(info)
    for name in needed(source, online_only) if online_only else []:
        if name not in packages:
            entry = copy.deepcopy(source[name])
            entry["file_name"] = cdn_base + entry["file_name"]
            packages[name] = entry
    problems = missing_dependencies(packages)
    if problems:
        raise LockError("the site would not work: " + "; ".join(problems))
    return {**lock, "packages": dict(sorted(packages.items()))}


def missing_dependencies(packages: Mapping[str, Any]) -> list[str]:
    """One sentence per dependency that no entry provides."""
    return [
        f"{name} needs {dep}, which the site does not ship"
        for name, entry in packages.items()
        for dep in entry["depends"]
        if canonicalize_name(dep) not in packages
    ]
