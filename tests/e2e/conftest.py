"""Fixtures for the browser tests: one Voilà app server per session, one Chromium, one page per test.

The tests use Debian's Chromium (/usr/bin/chromium, ``make browser`` installs it) through the
Playwright sync API; no browser download is needed. They skip, saying why, when Chromium,
Playwright or Voilà is missing. The server is always stopped, also when a test fails.
Screenshots and the server log go to test-artifacts/e2e/.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM = Path(os.environ.get("BACKLEARN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: First render after a page load starts a kernel and runs the notebook (about 3 s here; generous on CI).
LOAD_TIMEOUT_MS = 60_000


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Remember each phase's report on the item, so the page fixture can screenshot a failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: run 'make browser' (apt-get install chromium) for the browser tests")
    if importlib.util.find_spec("playwright") is None:
        pytest.skip("playwright is not installed: pip install -e '.[dev]' to run the browser tests")
    return CHROMIUM


@pytest.fixture(scope="session")
def plans_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the app's "Save my plan" writes during the tests."""
    return tmp_path_factory.mktemp("plans")


@pytest.fixture(scope="session")
def diary_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the app's pain diary saves during the tests (``$BACKLEARN_DIARY``)."""
    return tmp_path_factory.mktemp("diary")


@pytest.fixture(scope="session")
def app_url(chromium: Path, plans_dir: Path, diary_dir: Path, artifacts: Path) -> Iterator[str]:
    """Start `backlearn app` on a free loopback port; stop it (and its kernels) at the end."""
    from backlearn.app import AppStartError, missing_packages, start

    missing = missing_packages()
    if missing:
        pytest.skip(f"the app needs {', '.join(missing)}: pip install -e '.[app]' to run the browser tests")
    log_path = artifacts / "voila.log"
    with log_path.open("w") as log:
        try:
            env = {**os.environ, "BACKLEARN_DIARY": str(diary_dir)}
            server = start(plans_dir=plans_dir, env=env, log=log, timeout=60)
        except AppStartError as error:
            pytest.fail(f"{error}; see {log_path.relative_to(ROOT)}")
        try:
            yield server.url
        finally:
            server.stop()
    assert not server.alive()


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def open_app(browser: Any, url: str, viewport: dict[str, int]) -> Any:
    """A new page with the app loaded and its first render done (one kernel per call)."""
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(url, timeout=LOAD_TIMEOUT_MS)
    page.locator(".bl-banner").wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    return page


@pytest.fixture
def make_page(browser: Any, app_url: str, artifacts: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """``make_page(viewport)`` opens the app; the page is closed after the test (screenshot on failure)."""
    pages: list[Any] = []

    def _make(viewport: dict[str, int]) -> Any:
        page = open_app(browser, app_url, viewport)
        pages.append(page)
        return page

    yield _make
    failed = getattr(request.node, "rep_call", None)
    for number, page in enumerate(pages):
        if failed is not None and failed.failed:
            page.screenshot(path=str(artifacts / f"{request.node.name}-FAILED-{number}.png"), full_page=True)
        page.context.close()
