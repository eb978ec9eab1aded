"""Shared fixtures: the shipped content, and a throwaway copy of a small valid content folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from backlearn import Content, ContentError, load_content
from backlearn.content import CACHE_ENV
from backlearn.content.regions import REGION_ENV
from backlearn.settings import SETTINGS_ENV

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _private_user_folders(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never write to the user's home: the content cache, and every per-user folder found
    through platformdirs (diary, saved plans, settings), point at a throwaway folder instead."""
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("content-cache"))
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(tmp_path_factory.mktemp(name.lower()))


@pytest.fixture(autouse=True)
def _default_region(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in the default region with a settings file of its own: neither the
    shell's BACKLEARN_REGION nor the learner's own pick changes what a test sees."""
    monkeypatch.delenv(REGION_ENV, raising=False)
    monkeypatch.setenv(SETTINGS_ENV, str(tmp_path_factory.mktemp("settings") / "settings.json"))


@pytest.fixture(scope="session")
def content() -> Content:
    """The content shipped with backlearn."""
    return load_content()


@pytest.fixture
def minimal_copy(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/minimal, for tests that break it on purpose."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped content (data/), for tests that edit it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES.parent.parent / "data", target)
    return target


def _problems(folder: Path) -> list[str]:
    """Every problem loading ``folder`` reports, as the learner-facing lines; the load must fail."""
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def problems() -> Callable[[Path], list[str]]:
    """``problems(folder)``: every problem loading a broken content folder reports (the one helper for it)."""
    return _problems


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Remember each phase's report on the item, so a browser test's fixture can photograph a failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
