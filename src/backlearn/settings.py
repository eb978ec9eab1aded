"""The learner's settings file: choices made once (such as the region) that every notebook follows.

It is a small JSON object in backlearn's user data folder, or at ``$BACKLEARN_SETTINGS``.
A missing or damaged file reads as no settings; a write replaces the file atomically, so a
failed write leaves the old settings intact.

:func:`chosen_region` says which region is in use, for the layers that load content (the content
layer itself never reads settings: it is given the region).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from backlearn import places

__all__ = [
    "chosen_region",
    "read_settings",
    "save_setting",
    "settings_path",
]


def settings_path() -> Path:
    """Where the settings live: ``$BACKLEARN_SETTINGS``, else settings.json in backlearn's user data folder."""
    return places.settings_file()


def read_settings() -> dict[str, Any]:
    """The stored settings; empty when there is no file or it cannot be read as a JSON object."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(name: str, value: Any) -> Path:
    """Store one setting, keeping the others; return the file written."""
    from backlearn._files import write_atomically

    settings = read_settings()
    settings[name] = value
    return write_atomically(settings_path(), json.dumps(settings, indent=2, sort_keys=True) + "\n")


def chosen_region(explicit: str | None = None) -> tuple[str, str] | None:
    """The region chosen and where it was chosen: ``explicit`` (a ``--region`` option or an argument),
    else the class setting (``$BACKLEARN_REGION``, which the teacher sets on a hub or Binder), else the
    learner's pick in this file; None when nobody chose, and the content's default region applies."""
    if explicit:
        return explicit, "the --region option"
    fixed = places.class_region()
    if fixed:
        return fixed, f"${places.REGION_ENV}"
    stored = read_settings().get("region")
    if isinstance(stored, str) and stored:
        return stored, str(settings_path())
    return None
