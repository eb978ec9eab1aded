"""The learner's settings file: choices made once (such as the region) that every notebook follows.

It is a small JSON object in backlearn's user data folder, or at ``$BACKLEARN_SETTINGS``.
A missing or damaged file reads as no settings; a write replaces the file atomically, so a
failed write leaves the old settings intact.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

TYPE_CHECKING = False  # typing stays off the CLI's start-up path (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

SETTINGS_ENV = "BACKLEARN_SETTINGS"
SETTINGS_FILE = "settings.json"


def settings_path() -> Path:
    """Where the settings live: ``$BACKLEARN_SETTINGS``, else settings.json in backlearn's user data folder."""
    env = os.environ.get(SETTINGS_ENV)
    if env:
        return Path(env).expanduser()
    if os.name == "posix" and sys.platform != "darwin":
        # What platformdirs gives on Linux, without importing it on every command's start-up.
        return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "backlearn" / SETTINGS_FILE
    import platformdirs

    return Path(platformdirs.user_data_dir("backlearn", appauthor=False)) / SETTINGS_FILE


def read_settings() -> dict[str, Any]:
    """The stored settings; empty when there is no file or it cannot be read as a JSON object."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(name: str, value: Any) -> Path:
    """Store one setting, keeping the others; return the file written."""
    from backlearn.files import write_atomically

    settings = read_settings()
    settings[name] = value
    return write_atomically(settings_path(), json.dumps(settings, indent=2, sort_keys=True) + "\n")
