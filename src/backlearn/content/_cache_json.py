"""Validated content as plain JSON values and back, for the content cache.

JSON, not pickle: reading a pickle can run any code, and a cache folder may be shared. Reading
here can only build the content's own record classes (a fixed list), tuples, dicts, strings,
numbers and paths, so a planted cache file can at worst fail to load (and is then ignored).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from backlearn.content import model as _content
from backlearn.content import regions as _regions
from backlearn.content import rules as _rules

__all__ = ["from_json", "to_json"]

#: The only classes a cache file can name.
_RECORDS: dict[str, type] = {
    cls.__name__: cls
    for module in (_content, _regions, _rules)
    for cls in vars(module).values()
    if isinstance(cls, type) and is_dataclass(cls) and cls.__module__ == module.__name__
}

#: The fields each record is made from, in order (asking ``fields`` for every record took about
#: half the time of writing the cache).
_INIT_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(spec.name for spec in fields(cls) if spec.init) for cls in _RECORDS.values()
}


def to_json(value: Any) -> Any:
    """``value`` (a Content and everything in it) as lists, dicts, strings and numbers."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, tuple):
        return {"t": [to_json(item) for item in value]}
    if isinstance(value, dict):
        return {"d": [[key, to_json(item)] for key, item in value.items()]}
    if isinstance(value, Path):
        return {"p": str(value)}
    record = type(value)
    name = record.__name__
    if _RECORDS.get(name) is record and is_dataclass(value):
        return {"r": name, "f": [to_json(getattr(value, field)) for field in _INIT_FIELDS[record]]}
    raise TypeError(f"cannot store a {name} in the content cache")


def from_json(value: Any) -> Any:
    """The value :func:`to_json` made; ValueError for anything it could not have made."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if not isinstance(value, dict) or len(value) not in (1, 2):
        raise ValueError("not a stored content value")
    if "t" in value:
        return tuple(from_json(item) for item in value["t"])
    if "d" in value:
        return {str(key): from_json(item) for key, item in value["d"]}
    if "p" in value:
        return Path(str(value["p"]))
    cls = _RECORDS.get(str(value.get("r")))
    if cls is None:
        raise ValueError(f"unknown record {value.get('r')!r} in the content cache")
    return cls(*(from_json(item) for item in value["f"]))
