"""Editing a copy of the content on purpose, for tests that check what a broken copy is told."""

from __future__ import annotations

from pathlib import Path

__all__ = ["edit_file"]


def edit_file(folder: Path, name: str, old: str, new: str) -> None:
    """Replace the first ``old`` in ``folder/name`` with ``new`` (which must be there)."""
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text, old
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
