"""Shared fixtures: the shipped content, and a throwaway copy of a small valid content folder.

The suite is hermetic: before any test module is imported (``pytest_configure``), the home folder,
every XDG folder (so the diary and saved plans), backlearn's cache and its settings file point into one
throwaway folder, and every other ``BACKLEARN_*`` variable of the shell (a class region, short mode, a content folder)
is removed, so neither the developer's machine nor their shell changes what a test sees, and no test
writes to their home. A test that needs a setting sets it itself (``monkeypatch.setenv``).
``BACKLEARN_CHROMIUM`` stays: it says where a tool is (the browser tests' Chromium), not how
backlearn behaves.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from shipped import shipped

from backlearn import Content, ContentError, load_content
from backlearn.places import CACHE_ENV, CHROMIUM_ENV, SETTINGS_ENV

FIXTURES = Path(__file__).parent / "fixtures"
#: The shell's variables a test run keeps (where a tool is, not a setting of backlearn's).
KEPT = (CHROMIUM_ENV,)
XDG = ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR")


def pytest_configure(config: pytest.Config) -> None:
    """Point every per-user folder at a throwaway one and drop the shell's backlearn settings, before
    collection imports any test module (a fixture would run too late for what a module does on import)."""
    if getattr(config, "workerinput", None) is not None:
        return  # an xdist worker inherits its controller's environment
    root = Path(tempfile.mkdtemp(prefix="backlearn-tests-"))
    config.add_cleanup(lambda: shutil.rmtree(root, ignore_errors=True))
    for name in [n for n in os.environ if n.startswith("BACKLEARN_") and n not in KEPT]:
        del os.environ[name]
    os.environ["HOME"] = str(root / "home")
    for name in XDG:
        os.environ[name] = str(root / name.lower())
    os.environ[CACHE_ENV] = str(root / "content-cache")
    os.environ[SETTINGS_ENV] = str(root / "settings.json")
    for name in ("HOME", *XDG):
        Path(os.environ[name]).mkdir(mode=0o700, parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _own_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts with a settings file of its own: a region one test picks is not the next one's."""
    monkeypatch.setenv(SETTINGS_ENV, str(tmp_path_factory.mktemp("settings") / "settings.json"))


@pytest.fixture(scope="session")
def content() -> Content:
    """The content shipped with backlearn (loaded once, on first use)."""
    return shipped()


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
