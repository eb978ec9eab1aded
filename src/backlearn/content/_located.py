"""Values read from a content file that remember their line, so errors can say where.

Kept apart from the YAML reader so that code checking these values does not import PyYAML:
when the content comes from the cache, no YAML is parsed at all.
"""

from __future__ import annotations

from typing import Any


class Located(dict[str, Any]):
    """A mapping read from YAML that knows its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of ``key`` if it is present, else the line of the mapping itself."""
        return self.key_lines.get(key, self.line)


class LocatedList(list[Any]):
    """A YAML sequence that knows the line of each item."""

    line: int
    item_lines: list[int]
