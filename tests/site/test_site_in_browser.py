"""The course site (``make site``) in Chromium with no way out to the internet: each lesson runs
from the learner's browser, shows no errors and draws its widgets, and the symptom explorer
answers a tick with the emergency banner. No request may even try to leave this machine.

Each lesson is opened in a new tab (its own kernel), and every cell is run from the Run menu,
as a learner does. Waits are for what the page shows, never a fixed sleep.
"""

from __future__ import annotations

import base64
import re
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
import a11y  # tests/e2e/a11y.py: the accessibility checks the JupyterLab tests use
import lessons  # tests/e2e/lessons.py: each lesson's chart and activity, as in JupyterLab

from site_build.pins import load_pins
from site_build.serve import RUN_TIMEOUT_MS, offline_context
from site_build.serve import run_all_cells as run_all

pytestmark = pytest.mark.e2e

#: Lessons 00-09 (08, the symptom explorer, has its own test below, which also ticks a warning sign).
EXPLORER = "08_symptom_explorer.ipynb"
LESSONS = [path.name for path in sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("0*.ipynb"))
           if path.name != EXPLORER]
#: Lessons that show the back diagram (an anywidget, like the fold buttons every lesson has).
DIAGRAM_LESSONS = {"00_start_here.ipynb", EXPLORER}
#: What a widget looks like when the page could not draw it: its Python repr, e.g. "Checkbox(value=False, ...)".
#: The viewport of every page (conftest ``context``).
SITE_VIEWPORT = {"width": 1280, "height": 1000}
WIDGET_AS_TEXT = re.compile(r"^[A-Z]\w*\((children|value|description|layout|options)=")


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as _expect

    return _expect(locator)


def outputs(page: Any) -> list[dict[str, str]]:
    """Every output on the page: its MIME type and its text."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.jp-OutputArea-output')].map(o => ({
            mime: o.getAttribute('data-mime-type') || '', text: o.innerText }))"""
    )


def check_clean(page: Any) -> None:
    """No error output, and every widget drawn as a widget (not as text, not an error)."""
    shown = outputs(page)
    errors = [o["text"][:500] for o in shown if o["mime"] == "application/vnd.jupyter.stderr"]
    assert not errors, f"error output: {errors}"
    as_text = [o["text"][:200] for o in shown if WIDGET_AS_TEXT.match(o["text"].strip())]
    assert not as_text, f"widgets shown as text (the page could not draw them): {as_text}"
    broken = [o["text"][:200] for o in shown if "Error displaying widget" in o["text"] or "Loading widget" in o["text"]]
    assert not broken, f"widgets not drawn: {broken}"


def check_anywidgets(page: Any, js_errors: list[str], *, diagram: bool) -> None:
    """The anywidgets are drawn by their own JavaScript: the fold buttons as buttons that say
    whether their group is open, and (where the lesson has it) the back diagram as a drawing whose
    areas are tick boxes; no script failed on the page."""
    folds = page.locator(".jp-OutputArea-output button.bl-fold-button[aria-expanded]")
    expect(folds.first).to_be_attached()
    if diagram:
        areas = page.locator(".jp-OutputArea-output .bl-back-diagram svg [role=checkbox]")
        expect(areas.first).to_be_attached()
    assert not js_errors, f"JavaScript errors on the page: {js_errors}"


@pytest.fixture
def js_errors() -> list[str]:
    """Uncaught JavaScript errors on the test's page (a widget whose script failed, for one)."""
    return []


@pytest.fixture
def tab(context: Any, artifacts: Path, request: pytest.FixtureRequest, js_errors: list[str]) -> Any:
    page = context.new_page()
    page.on("pageerror", lambda error: js_errors.append(str(error)))
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        page.screenshot(path=str(artifacts / f"{request.node.name}-FAILED.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_runs_offline_with_no_errors(
    tab: Any, site_url: str, attempted: list[str], js_errors: list[str], lesson: str, artifacts: Path
):
    run_all(tab, f"{site_url}/lab/index.html?path={lesson}",
            before=lambda page: nothing_to_tick_yet(page, lesson, artifacts))
    check_clean(tab)
    check_anywidgets(tab, js_errors, diagram=lesson in DIAGRAM_LESSONS)
    assert tab.locator(".jp-OutputArea-output").count() > 0
    # Accessibility of backlearn's outputs: axe-core, Tab both ways, 24 px targets (docs/accessibility.md).
    problems = a11y.lab_notebook(tab, artifacts, f"site-{Path(lesson).stem}", SITE_VIEWPORT)
    assert not problems, "\n".join(problems)
    # After Run All: the lesson's chart (in words: with every request blocked, the browser's Python
    # cannot fetch matplotlib) and one interaction with its activity.
    lessons.after_run_all(tab, lesson, artifacts, f"site-{Path(lesson).stem}-2", offline=True)
    assert not js_errors, f"JavaScript errors on the page: {js_errors}"
    assert attempted == [], f"requests tried to leave this machine: {attempted}"


def nothing_to_tick_yet(page: Any, lesson: str, artifacts: Path) -> None:
    """Before Run All, the site's learner copy shows no saved widget at all (no outputs, no widget
    state), so there is no silent box to tick: only the words, which say to run the cells."""
    expect(page.locator(".jp-Notebook .jp-MarkdownCell").first).to_be_visible()
    assert page.locator(".jp-OutputArea-output").count() == 0, f"{lesson}: saved outputs before Run All"
    assert page.locator(".jupyter-widgets").count() == 0, f"{lesson}: a saved widget before Run All"
    expect(page.locator(".jp-Notebook")).to_contain_text("Run All", ignore_case=True)
    page.screenshot(path=str(artifacts / f"site-{Path(lesson).stem}-0-before-run-all.png"))


def test_a_warning_sign_turns_the_explorer_to_emergency(
    tab: Any, site_url: str, attempted: list[str], js_errors: list[str], artifacts: Path
):
    run_all(tab, f"{site_url}/lab/index.html?path={EXPLORER}")
    check_clean(tab)
    check_anywidgets(tab, js_errors, diagram=True)
    explorer = tab.locator(".jp-OutputArea-output .bl-explorer").first
    banner = explorer.locator(".bl-banner-widget")
    expect(banner).to_contain_text("Nothing ticked yet", ignore_case=True)
    problems = a11y.lab_notebook(tab, artifacts, "site-08_symptom_explorer", SITE_VIEWPORT)
    assert not problems, "\n".join(problems)
    chest = explorer.locator(".bl-symptom-chest_pain input[type=checkbox]")
    fold = explorer.locator(".bl-group-toggle").filter(has_text="Warning signs: chest").locator("button")
    if not chest.is_visible():  # open the group, as a learner does (the lesson may have left it open)
        fold.click()
    expect(fold).to_have_attribute("aria-expanded", "true")
    chest.check()
    expect(banner).to_contain_text("Emergency", ignore_case=True, timeout=30_000)
    expect(banner).to_contain_text("999")
    banner.scroll_into_view_if_needed()
    tab.screenshot(path=str(artifacts / "08-emergency.png"))
    assert attempted == [], f"requests tried to leave this machine: {attempted}"


def test_typing_what_you_feel_and_a_follow_up_that_goes_with_its_parent(
    tab: Any, site_url: str, attempted: list[str], artifacts: Path
):
    """Issue 23 in the site: the search narrows and highlights the boxes and says how many fit; "where
    does it ache when you walk?" appears after walking pain, and unticking that box clears it."""
    run_all(tab, f"{site_url}/lab/index.html?path={EXPLORER}")
    check_clean(tab)
    explorer = tab.locator(".jp-OutputArea-output .bl-explorer").first
    banner = explorer.locator(".bl-banner-widget")
    question = explorer.locator(".bl-group-toggle").filter(has_text="Where does it ache when you walk?")
    expect(question).to_be_hidden()
    search = explorer.locator(".bl-search input")
    search.fill("it hurts when I walk")
    count = explorer.locator(".bl-search-count")
    expect(count).to_contain_text(re.compile(r"\d+ box(es)? fits? what you typed"), timeout=30_000)
    walking = explorer.locator(".bl-symptom-pain_on_walking")
    expect(walking).to_have_class(re.compile(r"\bbl-match\b"))
    expect(explorer.locator(".bl-symptom-knot")).to_be_hidden()  # narrowed away
    walking.scroll_into_view_if_needed()
    tab.screenshot(path=str(artifacts / "08-search-1-walk.png"))
    box = walking.locator("input[type=checkbox]")
    box.check()
    expect(question).to_be_visible(timeout=30_000)
    chest = explorer.locator(".bl-symptom-walk_ache_chest input[type=checkbox]")
    chest.check()
    expect(banner).to_contain_text("Urgent", ignore_case=True, timeout=30_000)
    tab.screenshot(path=str(artifacts / "08-search-2-follow-up-chest.png"))
    box.uncheck()
    expect(question).to_be_hidden(timeout=30_000)
    expect(banner).to_contain_text("Nothing ticked yet", ignore_case=True, timeout=30_000)
    box.check()
    expect(question).to_be_visible(timeout=30_000)
    expect(chest).not_to_be_checked()
    tab.screenshot(path=str(artifacts / "08-search-3-follow-up-cleared.png"))
    assert attempted == [], f"requests tried to leave this machine: {attempted}"


def test_app_view_hides_the_code_and_answers(tab: Any, site_url: str, attempted: list[str], artifacts: Path):
    run_all(tab, f"{site_url}/notebooks/index.html?path=app.ipynb", ready=".bl-app .bl-banner-widget")
    check_clean(tab)
    expect(tab.locator(".bl-app .bl-banner-widget")).to_contain_text("Nothing ticked yet", ignore_case=True)
    code = tab.locator(".jp-CodeCell .jp-InputArea-editor")
    assert all(not code.nth(i).is_visible() for i in range(code.count())), "the app view shows code"
    tab.screenshot(path=str(artifacts / "app-view.png"))
    assert attempted == [], f"requests tried to leave this machine: {attempted}"


def test_diary_lesson_says_plainly_that_it_needs_the_internet(browser: Any, site_url: str, artifacts: Path):
    tried: list[str] = []
    context = offline_context(browser, tried, viewport={"width": 1280, "height": 1000})
    try:
        page = context.new_page()
        # With no internet the loader says so plainly, and Run All goes on to the end with no traceback.
        run_all(page, f"{site_url}/lab/index.html?path=10_pain_diary.ipynb", ready=".jp-CodeCell .jp-OutputArea-output")
        expect(page.locator(".jp-MarkdownCell").nth(1)).to_contain_text("this lesson needs the internet")
        loader = page.locator(".jp-Notebook .jp-CodeCell").first.locator(".jp-OutputArea-output")
        expect(loader).to_contain_text("needs an internet connection", timeout=RUN_TIMEOUT_MS)
        # The chart's cell, after the loader, ran and says it is waiting: Run All went past the loader.
        expect(page.get_by_text("This table or chart needs the internet").first).to_be_visible(timeout=RUN_TIMEOUT_MS)
        expect(page.locator(".jp-OutputArea-output").get_by_text(re.compile(r"\b\w+Error\b"))).to_have_count(0)
        page.screenshot(path=str(artifacts / "10-offline.png"))
    finally:
        context.close()
    cdn = load_pins().cdn_base
    assert tried and all(url.startswith(cdn) for url in tried), f"only Pyodide's CDN may be asked for: {tried}"


DIARY_CODE = """\
import datetime as dt
from IPython.display import HTML
from backlearn import DiaryEntry, add_entry, download_link_html
add_entry(DiaryEntry(dt.date(2024, 4, 15), 3, where="upper back"), "my-diary.csv")
HTML(download_link_html("my-diary.csv", label="Download my diary (CSV)"))"""


def test_a_diary_saved_in_the_site_stays_in_the_browser_and_downloads(tab: Any, site_url: str, attempted: list[str]):
    """The diary's file is written (atomically) to the browser's storage, survives a reload, and
    its download link carries it; pandas is not needed for this part."""
    run_all(tab, f"{site_url}/lab/index.html?path=07_walking.ipynb")
    tab.locator(".jp-Notebook .jp-Cell").last.click()
    tab.keyboard.press("Escape")
    tab.keyboard.press("b")  # a new cell below, as a learner adds one
    tab.keyboard.press("Enter")
    tab.keyboard.insert_text(DIARY_CODE)
    tab.keyboard.press("Shift+Enter")
    link = tab.locator(".jp-OutputArea-output a.bl-download")
    expect(link).to_have_attribute("download", "my-diary.csv", timeout=RUN_TIMEOUT_MS)
    data = link.get_attribute("href").split("base64,")[1]
    assert "2024-04-15,3,upper back" in base64.b64decode(data).decode()
    tab.reload()
    listing = tab.locator(".jp-DirListing-item", has_text="my-diary.csv")
    expect(listing).to_have_count(1, timeout=RUN_TIMEOUT_MS)
    assert attempted == [], f"requests tried to leave this machine: {attempted}"


def test_a_glossary_word_in_the_explorer_shows_its_meaning_by_keyboard(
    tab: Any, site_url: str, attempted: list[str], artifacts: Path
):
    """In the web version the glossary link works as in JupyterLab: Tab reaches the word, Enter
    highlights its meaning in the same panel, and the page stays where it is (only a #part is added)."""
    run_all(tab, f"{site_url}/lab/index.html?path={EXPLORER}")
    explorer = tab.locator(".jp-OutputArea-output .bl-explorer").first
    feels = explorer.locator(".bl-group-toggle").filter(has_text="What it feels like").locator("button")
    if feels.get_attribute("aria-expanded") != "true":
        feels.click()
    knot = explorer.locator(".bl-symptom-knot input[type=checkbox]")
    knot.check()
    advice = explorer.locator(".bl-guidance-widget")
    expect(advice.locator(".bl-term").first).to_be_attached(timeout=30_000)
    address = tab.url.split("#")[0]
    explorer.locator(".bl-short-toggle input").focus()
    for _press in range(30):
        tab.keyboard.press("Tab")
        if tab.evaluate("() => document.activeElement.classList.contains('bl-term')"):
            break
    else:
        pytest.fail("30 presses of Tab never reached a glossary word")
    name = tab.locator(".bl-term:focus").inner_text()
    tab.keyboard.press("Enter")
    expect(advice.locator("dt:target")).to_contain_text(name, ignore_case=True)
    expect(advice.locator("dt:target + dd")).to_be_in_viewport()
    assert tab.url.split("#")[0] == address, "following a glossary word left the lesson"
    tab.screenshot(path=str(artifacts / "08-glossary.png"))
    assert attempted == [], f"requests tried to leave this machine: {attempted}"


def test_the_explorers_live_region_stays_and_an_emergency_is_announced_assertively(
    tab: Any, site_url: str, attempted: list[str], artifacts: Path
):
    """In the browser's Python too, the answer is said by live nodes that stay in the page across ticks."""
    run_all(tab, f"{site_url}/lab/index.html?path={EXPLORER}")
    explorer = tab.locator(".jp-OutputArea-output .bl-explorer").first
    polite = explorer.locator(":scope > .bl-announcer .bl-live-polite")
    assertive = explorer.locator(":scope > .bl-announcer .bl-live-assertive")
    expect(polite).to_have_text("Nothing ticked yet.", timeout=RUN_TIMEOUT_MS)
    assert polite.get_attribute("aria-live") == "polite" and assertive.get_attribute("role") == "alert"
    explorer.evaluate("el => { window.blLive = [...el.querySelectorAll(':scope > .bl-announcer .bl-live')]; }")
    chest = explorer.locator(".bl-symptom-chest_pain input[type=checkbox]")
    fold = explorer.locator(".bl-group-toggle").filter(has_text="Warning signs: chest").locator("button")
    if not chest.is_visible():
        fold.click()
    chest.check()
    expect(assertive).to_have_text(re.compile(r"^EMERGENCY: Call 999 now"), timeout=30_000)
    expect(polite).to_have_text("")
    chest.uncheck()
    expect(assertive).to_have_text("", timeout=30_000)
    expect(polite).to_have_text("Nothing ticked yet.")
    same = explorer.evaluate(
        "el => { const now = [...el.querySelectorAll(':scope > .bl-announcer .bl-live')];"
        " return now.length === 2 && now.every((n, i) => n === window.blLive[i] && n.isConnected); }"
    )
    assert same, "the live region was replaced by a tick"
    assert attempted == [], f"requests tried to leave this machine: {attempted}"
