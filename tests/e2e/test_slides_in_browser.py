"""The projector slides in Chromium, opened offline from the pack folder: every slide of every
deck fits the screen, Page Down goes to the next slide, and nothing is fetched. Screenshots of one
deck go to test-artifacts/slides/ for review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from backlearn import load_content
from backlearn.content.teaching import load_teaching
from backlearn.pack import write_pack
from backlearn.pack.slides import slide_names

pytestmark = pytest.mark.e2e

FITS = """() => [...document.querySelectorAll('.slide')].filter(s => s.scrollHeight > s.clientHeight + 1
                                                              || s.scrollWidth > s.clientWidth + 1)
                                                     .map(s => s.dataset.slide)"""


def test_slides_open_offline_fit_the_screen_and_page_down_moves_on(browser: Any, artifacts: Path, tmp_path: Path):
    teaching = load_teaching(load_content(region="uk"))
    write_pack(teaching, tmp_path, pdf=False)
    shots = artifacts.parent / "slides"
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 720})  # a projector's 16:9
    fetched: list[str] = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
               else (fetched.append(r.request.url), r.abort()))
    try:
        for lesson in teaching.lessons.values():
            page.goto((tmp_path / f"slides-{lesson.id.replace('_', '-')}.html").as_uri())
            names = page.eval_on_selector_all(".slide", "els => els.map(e => e.dataset.slide)")
            assert names == slide_names(lesson)
            assert page.evaluate(FITS) == [], f"{lesson.id}: slides that do not fit 1280x720"
        deck = teaching.lessons["when_to_get_help"]
        page.goto((tmp_path / "slides-when-to-get-help.html").as_uri())
        page.locator(".slide").first.click()
        for number, name in enumerate(slide_names(deck)):
            top = page.evaluate("() => Math.round(window.scrollY)")
            assert abs(top - number * 720) <= 8, f"slide {number + 1} ({name}) starts at {top}"
            page.screenshot(path=str(shots / f"when-to-get-help-{number + 1:02d}-{name.replace(' ', '-')}.png"))
            page.keyboard.press("PageDown")
            page.wait_for_timeout(600)  # smooth scrolling and snapping settle
    finally:
        page.close()
    assert fetched == [], f"the slides fetched from the network: {fetched}"
