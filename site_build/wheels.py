"""What a wheel declares (name, version, top-level imports, dependencies), and PyYAML as a pure wheel.

Pyodide's lock file needs each package's imports and dependencies, so ``import backlearn`` in the
browser loads everything backlearn needs. They come from the wheel's own METADATA, never a list
kept by hand, so a dependency added to pyproject.toml reaches the site by itself.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


@dataclass(frozen=True)
class WheelInfo:
    """One wheel file and what it declares; names are canonical (``prompt-toolkit``)."""

    path: Path
    name: str
    version: str
    imports: tuple[str, ...]
    depends: tuple[str, ...]


def sha256_of(path: Path) -> str:
    """The file's sha256 as hex, as Pyodide's lock file stores it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _metadata_name(names: list[str], path: Path) -> str:
    for name in names:
        if name.count("/") == 1 and name.endswith(".dist-info/METADATA"):
            return name
    raise ValueError(f"{path.name}: not a wheel (no *.dist-info/METADATA inside)")


def read_wheel(path: Path, *, extras: tuple[str, ...] = (), python: str = "3.14") -> WheelInfo:
    """Name, version, imports and the dependencies that apply in Pyodide (with these extras)."""
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        metadata = Parser().parsestr(wheel.read(_metadata_name(names, path)).decode("utf-8"))
    environment = {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "sys_platform": "emscripten",
        "platform_system": "Emscripten",
        "platform_machine": "wasm32",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "os_name": "posix",
    }
    depends: list[str] = []
    for line in metadata.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({**environment, "extra": extra}) for extra in ("", *extras)):
            depends.append(canonicalize_name(requirement.name))
    imports: set[str] = set()
    for name in names:
        top, _, rest = name.partition("/")
        if top.endswith((".dist-info", ".data")):
            continue
        if rest:
            imports.add(top)
        elif top.endswith(".py"):
            imports.add(top[: -len(".py")])
    return WheelInfo(
        path=path,
        name=canonicalize_name(metadata["Name"]),
        version=metadata["Version"],
        imports=tuple(sorted(imports)),
        depends=tuple(dict.fromkeys(depends)),
    )


#: The WHEEL file of a repacked wheel: pure Python, for any platform.
PURE_WHEEL_FILE = b"Wheel-Version: 1.0\nGenerator: backlearn site_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def pure_wheel(source: Path, folder: Path, *, drop: tuple[str, ...] = ()) -> Path:
    """Repack a platform wheel as ``py3-none-any`` without its compiled modules.

    Why: PyYAML has no pure wheel on PyPI and its browser build lives only on Pyodide's CDN; its
    C accelerator is optional, and backlearn falls back to the pure-Python loader. ``drop`` names
    top-level packages that only wrap the compiled code (``_yaml``). RECORD is rewritten.
    """
    match = re.match(r"^([^-]+)-([^-]+)-", source.name)
    if match is None:
        raise ValueError(f"{source.name}: not a wheel file name")
    target = folder / f"{match.group(1)}-{match.group(2)}-py3-none-any.whl"
    records: list[str] = []
    record_name = ""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            name = info.filename
            if name.endswith((".so", ".pyd")) or name.split("/")[0] in drop:
                continue
            if name.endswith(".dist-info/RECORD"):
                record_name = name
                continue
            data = old.read(name)
            if name.endswith(".dist-info/WHEEL"):
                data = PURE_WHEEL_FILE
            elif name.endswith(".dist-info/top_level.txt"):
                kept = [line for line in data.decode().splitlines() if line not in drop]
                data = ("\n".join(kept) + "\n").encode()
            new.writestr(info, data)
            records.append(_record_line(name, data))
        if not record_name:
            raise ValueError(f"{source.name}: no RECORD inside")
        new.writestr(record_name, "\n".join([*records, f"{record_name},,"]) + "\n")
    return target
