"""The notebooks in Jupyter Notebook 7, the one-notebook-at-a-time interface some schools use instead
of JupyterLab (issue 25, point 4): a saved widget whose kernel has not run yet looks inactive and says
how to start it, a tick does nothing silently, and after Run All the same widget works.

The server is the ``notebook7`` fixture (tests/e2e/conftest.py): the course trusted as ``make lab``
trusts it, in a throwaway copy. Screenshots go to test-artifacts/e2e/nb7-*.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import LabServer
from lessons import NOT_STARTED_MESSAGE, expect_not_started
from test_notebooks_in_lab import VIEWPORT, WAIT, expect, notebook, run_all

pytestmark = pytest.mark.e2e

NAME = "08_symptom_explorer.ipynb"


@pytest.fixture
def page(browser: Any, notebook7: LabServer, artifacts: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """Notebook 08 open in Notebook 7, its kernel started and idle."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(WAIT)
    page = context.new_page()
    page.goto(f"{notebook7.url}notebooks/{NAME}?token={notebook7.token}", timeout=120_000)
    page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
    notebook7.wait_for_kernel(NAME)
    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first).to_be_attached()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        page.screenshot(path=str(artifacts / f"nb7-{request.node.name}-FAILED.png"))
    context.close()
    notebook7.shut_down_kernels()


def _click(page: Any, target: Any) -> None:
    """A learner's click in the middle of ``target`` (a mouse click, not a scripted one)."""
    target.scroll_into_view_if_needed()
    where = target.bounding_box()
    assert where is not None
    page.mouse.click(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)


def test_before_run_all_the_explorer_says_how_to_start_and_after_it_works(page: Any, artifacts: Path) -> None:
    explorer = notebook(page).locator(".bl-explorer").first
    expect(explorer).to_be_visible()
    # Drawn from the saved state, no cell run yet: inactive, with the start message, and a click on a
    # group heading opens nothing.
    expect_not_started(explorer, "the saved explorer")
    heading = explorer.locator(".bl-group-toggle button").first
    saved = heading.get_attribute("aria-expanded")
    _click(page, heading)
    expect(heading).to_have_attribute("aria-expanded", saved or "")
    page.screenshot(path=str(artifacts / "nb7-08-0-before-run-all.png"))

    run_all(page)
    explorer = notebook(page).locator(".bl-explorer").first
    expect(explorer).to_be_visible()
    expect(explorer).not_to_have_class(re.compile(r"\bjupyter-widgets-disconnected\b"))
    assert "Run All" not in explorer.evaluate(NOT_STARTED_MESSAGE)
    heading = explorer.locator(".bl-group-toggle button").first
    before = heading.get_attribute("aria-expanded")
    # By keyboard: scrolled into view, the heading can sit under the sticky banner, where a mouse
    # click lands on the banner instead.
    heading.focus()
    page.keyboard.press("Enter")
    expect(heading).to_have_attribute("aria-expanded", "false" if before == "true" else "true", timeout=WAIT)
    page.screenshot(path=str(artifacts / "nb7-08-1-after-run-all.png"))
