"""Fixtures for the site's browser test: the built site (``make site``) served on 127.0.0.1, and
Debian's Chromium with every request off this machine aborted and recorded.

Skips, saying why, when Chromium or Playwright is missing (like tests/e2e); fails when the site
is not built. Screenshots go to test-artifacts/site/.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backlearn import places

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # site_build lives at the top of the repository, next to src/

from site_build.serve import OFFLINE_ARGS, offline_context, serve  # noqa: E402

SITE = ROOT / "site"
ARTIFACTS = ROOT / "test-artifacts" / "site"
CHROMIUM = places.chromium()  # $BACKLEARN_CHROMIUM, else Debian's



@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*-FAILED.png"):
        old.unlink()
    return ARTIFACTS


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    if not (SITE / "static" / "pyodide" / "pyodide-lock.json").exists():
        pytest.fail("the site is not built: run 'make site' (or 'make site-test', which builds it)")
    with serve(SITE) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: run 'make browser' (apt-get install chromium) for the browser tests")
    if importlib.util.find_spec("playwright") is None:
        pytest.skip("playwright is not installed: pip install -e '.[dev]' to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=OFFLINE_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def attempted() -> list[str]:
    """Every request that tried to leave this machine during the session (the tests want none)."""
    return []


@pytest.fixture
def context(browser: Any, attempted: list[str]) -> Iterator[Any]:
    """A fresh offline browser context for each test: a cold load, as a learner's first visit, and
    no JupyterLab workspace (open tabs) carried over from the test before."""
    context = offline_context(browser, attempted, viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        context.close()
