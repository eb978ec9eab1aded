"""backlearn.places: the user's folders as platformdirs gives them, and the settings read from the environment."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from backlearn import places


@pytest.mark.skipif(sys.platform == "darwin" or sys.platform.startswith("win"), reason="XDG folders are Linux's")
@pytest.mark.parametrize("value", ["/srv/cache", "relative/cache", "./cache", "", " ", None])
def test_the_user_folders_are_platformdirs_own_for_any_xdg_value(monkeypatch, tmp_path, value):
    """Review 2026-12: places.py read XDG_CACHE_HOME and XDG_DATA_HOME itself (to start fast), and a
    relative value put the content cache and the diary under whatever folder a command ran in;
    platformdirs, like the XDG spec, ignores a relative value."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv(places.CACHE_ENV, raising=False)
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME"):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert places.cache_dir() == Path(platformdirs.user_cache_dir("backlearn", appauthor=False))
    assert places.user_data_dir() == Path(platformdirs.user_data_dir("backlearn", appauthor=False))
    assert places.cache_dir().is_absolute() and places.diary_file().is_absolute()


def test_the_chromium_is_the_settings_else_debians(monkeypatch, tmp_path):
    monkeypatch.delenv(places.CHROMIUM_ENV, raising=False)
    assert places.chromium() == Path("/usr/bin/chromium")
    monkeypatch.setenv(places.CHROMIUM_ENV, f" {tmp_path / 'chrome'} ")
    assert places.chromium() == tmp_path / "chrome"


def test_the_class_region_is_read_trimmed_and_empty_means_none(monkeypatch):
    monkeypatch.setenv(places.REGION_ENV, " us ")
    assert places.class_region() == "us" and places.variable(places.REGION_ENV) == "us"
    monkeypatch.setenv(places.REGION_ENV, " ")
    assert places.class_region() is None
    monkeypatch.delenv(places.REGION_ENV)
    assert places.class_region() is None and places.variable(places.REGION_ENV) == ""


def test_environment_is_a_copy(monkeypatch):
    monkeypatch.setenv(places.SHORT_MODE_ENV, "1")
    copy = places.environment()
    copy[places.SHORT_MODE_ENV] = "0"
    assert places.variable(places.SHORT_MODE_ENV) == "1"
