"""What a learner checks in each lesson, in JupyterLab (tests/e2e) and in the site (tests/site):
before Run All, a tick on a saved widget says how to start it rather than doing nothing in silence;
after Run All, the lesson's chart is drawn with its alt text and its activity answers one
interaction. Each function takes a Playwright page with the notebook open.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

#: backlearn's own top-level views (backlearn.widgets.style._VIEWS): each says how to start it.
VIEWS = ":is(.bl-explorer, .bl-case-study, .bl-quiz, .bl-diary, .bl-region-picker, .bl-lessons, .bl-activity)"
CONTROLS = "input, select, button, [role=checkbox]"
WAIT = 30_000

#: What a view's state is, as a learner could change it: every box ticked, every field's value.
_VIEW_STATE = """view => [...view.querySelectorAll('input, select, textarea, [role=checkbox], [aria-expanded]')].map(
    el => [el.checked, el.value, el.getAttribute('aria-checked'), el.getAttribute('aria-expanded')].join('|'))"""


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as _expect

    return _expect(locator)


#: The start message a saved view shows before Run All (drawn by the widgets' CSS before the view).
NOT_STARTED_MESSAGE = "el => getComputedStyle(el, '::before').content"


def expect_not_started(view: Any, what: str) -> None:
    """A saved view with no kernel behind it looks inactive and says how to start it."""
    expect(view).to_have_class(re.compile(r"\bjupyter-widgets-disconnected\b"), timeout=WAIT)
    message = view.evaluate(NOT_STARTED_MESSAGE)
    assert "Run All to start this" in message, f"{what}: the saved view shows no start message: {message!r}"


def outputs_of(page: Any) -> Any:
    return page.locator(".jp-Notebook .jp-OutputArea-output")


def lesson_number(name: str) -> int:
    return int(name[:2])


def tick_before_run_all(page: Any, artifacts: Path, stem: str) -> None:
    """Click the first control of the first saved view, as a learner who has not pressed Run All:
    the view says "Press ▶▶ Run All to start this", looks inactive, and nothing in it changed."""
    view = outputs_of(page).locator(VIEWS).filter(has=page.locator(CONTROLS)).first
    view.scroll_into_view_if_needed()
    expect_not_started(view, stem)
    control = view.locator(CONTROLS).first
    control.scroll_into_view_if_needed()
    before = view.evaluate(_VIEW_STATE)
    box = control.bounding_box()
    assert box is not None, f"{stem}: the first control of the saved view is not drawn"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert view.evaluate(_VIEW_STATE) == before, f"{stem}: a click before Run All changed the saved view"
    opacity = view.evaluate("el => getComputedStyle(el.firstElementChild).opacity")
    assert float(opacity) < 0.6, f"{stem}: the inactive view should look greyed out (opacity {opacity})"
    view.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(artifacts / f"{stem}-before-run-all-tick.png"))


def check_chart(page: Any, stem: str, *, offline: bool = False) -> None:
    """The lesson's evidence chart: one figure with an image that loaded and alt text that says what
    it shows. ``offline`` (the site with no internet, whose browser Python cannot fetch matplotlib):
    the figure says in words what the picture shows, and that the picture needs the internet."""
    figure = outputs_of(page).locator("figure.backlearn-evidence")
    expect(figure).to_have_count(1, timeout=WAIT)
    image = figure.locator("img")
    if offline:
        expect(image).to_have_count(0)
        expect(figure).to_contain_text("The picture needs the internet")
        assert len(figure.inner_text().split()) >= 20, f"{stem}: the figure says too little in words"
        return
    expect(image).to_have_count(1)
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=WAIT)
    alt = image.get_attribute("alt") or ""
    assert len(alt.split()) >= 8, f"{stem}: the chart's alt text says too little: {alt!r}"


def _changes(page: Any, locator: Any, act: Any, what: str) -> None:
    """Do ``act()`` and wait until the text of ``locator`` differs from before."""
    before = locator.inner_text()
    act()
    page.wait_for_function("([el, text]) => el.innerText !== text", arg=[locator.element_handle(), before],
                           timeout=WAIT)
    assert locator.inner_text().strip(), f"{what}: the answer is empty"


def use_activity(page: Any, stem: str) -> None:
    """One interaction with the lesson's activity, and its answer shows."""
    activity = outputs_of(page).locator(".bl-activity")
    expect(activity).to_have_count(1, timeout=WAIT)
    activity.scroll_into_view_if_needed()
    check = activity.get_by_role("button", name="Check")
    if check.count():  # sort: put the first line in a bin, then Check
        activity.locator("select").first.select_option(index=1)
        _changes(page, activity, check.click, f"{stem} sort")
        expect(activity.locator(".bl-announcer [role=status]")).to_contain_text(re.compile(r"\w"))
    elif activity.locator("input[type=radio]").count():  # choose: pick the first choice
        _changes(page, activity, lambda: activity.locator("input[type=radio]").first.check(), f"{stem} choose")
    else:  # plan: one walk a week of ten minutes, from the two labelled drop-down lists
        def plan() -> None:
            activity.get_by_label("Walks a week").select_option(index=1)
            activity.get_by_label("Minutes a walk").select_option(index=2)

        _changes(page, activity, plan, f"{stem} plan")
        expect(activity).to_contain_text("Your plan")


def use_main_widget(page: Any, name: str) -> None:
    """Notebooks without a topic's activity: one interaction with what the learner uses there."""
    if name.startswith("00_"):  # the small example: tick a box, the banner answers
        explorer = outputs_of(page).locator(".bl-explorer").first
        banner = explorer.locator(".bl-banner-widget")
        explorer.scroll_into_view_if_needed()
        _changes(page, banner, lambda: explorer.locator(".bl-symptom-knot input[type=checkbox]").check(), "00 explorer")
        expect(banner).not_to_contain_text("Nothing ticked yet", ignore_case=True)
    elif name.startswith("09_"):  # pick a case: its story shows
        study = outputs_of(page).locator(".bl-case-study")
        study.scroll_into_view_if_needed()
        _changes(page, study, lambda: study.locator(".bl-case-picker select").select_option(index=1), "09 case")
    elif name.startswith("10_"):  # practise on Sam's diary: Save answers in words
        form = outputs_of(page).locator(".bl-diary")
        form.scroll_into_view_if_needed()
        status = form.locator(".bl-diary-status")
        form.locator(".bl-diary-save").click()
        expect(status).to_contain_text(re.compile(r"\w"), timeout=WAIT)


def after_run_all(page: Any, name: str, artifacts: Path, stem: str, *, offline: bool = False) -> None:
    """The lesson's chart (01-07) and one interaction with its activity; a screenshot of each.
    ``offline``: see :func:`check_chart`."""
    if 1 <= lesson_number(name) <= 7:
        check_chart(page, stem, offline=offline)
        outputs_of(page).locator("figure.backlearn-evidence").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"{stem}-chart.png"))
        use_activity(page, stem)
        page.screenshot(path=str(artifacts / f"{stem}-activity.png"))
    elif not name.startswith("08_"):  # 08's explorer has tests of its own
        use_main_widget(page, name)
        page.screenshot(path=str(artifacts / f"{stem}-used.png"))
