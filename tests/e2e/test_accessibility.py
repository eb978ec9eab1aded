"""Every page a learner or teacher opens, checked for accessibility (docs/accessibility.md).

One page load each, several checks each (tests/e2e/a11y.py): axe-core with 0 violations of any
impact in backlearn's own elements, Tab and Shift+Tab (focus never hidden, a ring of 2 px at
3:1), 320 CSS px with no sideways scroll, 24 by 24 px targets. Forced colours (Windows high
contrast) and JupyterLab's dark theme: every state shown by colour also shows another way.
The notebooks in JupyterLab are checked in test_notebooks_in_lab.py (after their one Run All).
Screenshots: test-artifacts/e2e/a11y-*.png.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from a11y import (
    FOCUSABLE,
    KNOWN_PACK_RULES,
    NARROW,
    axe,
    contrast,
    keyboard_walk,
    live_regions,
    reflow,
    small_targets,
)

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
WAIT = 30_000
APP = ".bl-app"
#: The app's views: button label, what shows when it is open.
VIEWS = {
    "Check my back pain": ".bl-explorer",
    "The seven questions": ".bl-lessons",
    "Case studies": ".bl-case-study",
    "My pain diary": ".bl-diary",
}


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as _expect

    return _expect(locator)


def _open(browser: Any, url: str, **options: Any) -> Any:
    context = browser.new_context(viewport=DESKTOP, **options)
    context.set_default_timeout(WAIT)
    page = context.new_page()
    page.goto(url, timeout=60_000)
    page.locator(".bl-banner").wait_for(state="visible", timeout=60_000)
    return page


def _view(page: Any, label: str) -> None:
    page.locator(".bl-view-switch button").filter(has_text=label).click()
    expect(page.locator(VIEWS[label]).first).to_be_visible(timeout=WAIT)
    expect(page.locator(".bl-view-switch button[aria-pressed=true]")).to_have_text(re.compile(re.escape(label)))


def _open_group(page: Any, title: str) -> None:
    heading = page.locator(".bl-group-toggle").filter(has_text=title)
    heading.click()
    expect(heading.locator("button")).to_have_attribute("aria-expanded", "true")


def test_every_view_of_the_app_passes_axe_keyboard_reflow_and_target_size(browser: Any, app_url: str,
                                                                          artifacts: Path):
    page = _open(browser, app_url)
    problems: list[str] = []
    try:
        # The explorer with each state on show: an open group, a tick, a search match.
        _open_group(page, "What it feels like")
        page.locator(".bl-symptom-knot input[type=checkbox]").check()
        expect(page.locator(".bl-banner-widget")).to_contain_text("Self-care", ignore_case=True, timeout=WAIT)
        page.get_by_label("Type what you feel").fill("tingling")
        expect(page.locator(".bl-search-count")).to_be_visible(timeout=WAIT)
        for label, shown in VIEWS.items():
            _view(page, label)
            stem = "app-" + label.lower().replace(" ", "-")
            problems += axe(page, artifacts, stem, APP)
            controls = page.locator(f"{shown} {FOCUSABLE}:visible")
            stops, walk = keyboard_walk(page, APP, page.locator(".bl-view-switch button").first, controls.last)
            assert stops >= 10, f"{label}: the keyboard reached only {stops} of backlearn's controls"
            problems += [f"{label}: {p}" for p in walk]
            problems += [f"{label}: target {t}" for t in small_targets(page, APP)]
            page.set_viewport_size(NARROW)
            page.locator(shown).first.scroll_into_view_if_needed()
            problems += [f"{label} at 320 px: {p}" for p in reflow(page) + reflow(page, "#rendered_cells")]
            page.screenshot(path=str(artifacts / f"a11y-{stem}-320px.png"))
            page.set_viewport_size(DESKTOP)
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)


STATE = """el => { const s = getComputedStyle(el);
    return {border: s.borderWidth + ' ' + s.borderTopStyle + ' ' + s.borderTopColor,
            bg: s.backgroundColor, color: s.color, outline: s.outlineStyle + ' ' + s.outlineWidth,
            pressed: el.getAttribute('aria-pressed')}; }"""


def test_forced_colours_show_the_chosen_view_the_open_groups_the_ticks_and_the_matches(
    browser: Any, app_url: str, artifacts: Path
):
    page = _open(browser, app_url, forced_colors="active")
    try:
        assert page.evaluate("() => matchMedia('(forced-colors: active)').matches")
        buttons = page.locator(".bl-view-switch button")
        expect(buttons).to_have_count(len(VIEWS))
        for label in ("Check my back pain", "The seven questions"):
            _view(page, label)
            looks = [buttons.nth(i).evaluate(STATE) for i in range(len(VIEWS))]
            chosen = [look for look in looks if look["pressed"] == "true"]
            others = [look for look in looks if look["pressed"] == "false"]
            assert len(chosen) == 1 and len(others) == len(VIEWS) - 1, looks
            for other in others:
                # Each button has a visible border, and the chosen one differs in its colours and border.
                assert not other["border"].startswith("0px") and "none" not in other["border"], other
                assert (chosen[0]["bg"], chosen[0]["border"]) != (other["bg"], other["border"]), (chosen, other)
                assert contrast(chosen[0]["bg"], other["bg"]) >= 3, (chosen, other)
            shot = artifacts / f"a11y-forced-switch-{label.split()[-1].lower()}.png"
            page.locator(".bl-view-switch").screenshot(path=str(shot))
        _view(page, "Check my back pain")
        _open_group(page, "What it feels like")
        page.locator(".bl-symptom-knot input[type=checkbox]").check()
        folds = page.locator(".bl-group-toggle button")
        expect(folds.filter(has_text="Where it hurts")).to_have_attribute("aria-expanded", "false")
        open_look = folds.filter(has_text="What it feels like").evaluate(STATE)
        shut_look = folds.filter(has_text="Where it hurts").evaluate(STATE)
        assert open_look["border"] != shut_look["border"], (open_look, shut_look)
        page.screenshot(path=str(artifacts / "a11y-forced-explorer-ticked.png"))
        page.get_by_label("Type what you feel").fill("tingling")  # the search opens the groups it matches in
        expect(page.locator(".bl-symptom.bl-match").first).to_be_visible(timeout=WAIT)
        match = page.locator(".bl-symptom.bl-match").first.evaluate(STATE)
        assert match["outline"].startswith("solid") and not match["outline"].endswith(" 0px"), match
        page.screenshot(path=str(artifacts / "a11y-forced-explorer.png"), full_page=True)
        page.get_by_label("Type what you feel").fill("")
        _open_group(page, "Warning signs: chest, breathing and heart")
        page.locator(".bl-symptom-chest_pain input[type=checkbox]").check()
        expect(page.locator(".bl-banner-widget")).to_contain_text("Emergency", ignore_case=True, timeout=WAIT)
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(artifacts / "a11y-forced-emergency.png"))
        # A quiz answered (its verdict in words), a case compared, the diary: each view's states in screenshots.
        _view(page, "The seven questions")
        question = page.locator(".bl-lessons .bl-quiz .bl-quiz-question").first
        question.locator("input[type=radio]").first.check()
        question.locator(".bl-quiz-check").click()
        expect(question.locator(".bl-quiz-right, .bl-quiz-wrong")).to_contain_text(re.compile(r"^(Right!|Not quite\.)"),
                                                                                timeout=WAIT)
        expect(question.locator("input[type=radio]").first).to_be_checked()
        question.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "a11y-forced-quiz-answered.png"))
        _view(page, "Case studies")
        study = page.locator(".bl-case-study")
        study.locator(".bl-case-triage input[type=radio]").first.check()
        study.get_by_role("button", name="Compare").click()
        expect(study.locator("div.widget-html.bl-case-result")).to_contain_text("You picked", timeout=WAIT)
        page.screenshot(path=str(artifacts / "a11y-forced-case-compared.png"), full_page=True)
        _view(page, "My pain diary")
        page.screenshot(path=str(artifacts / "a11y-forced-diary.png"), full_page=True)
    finally:
        page.context.close()


def test_the_teacher_packs_html_pages_pass_axe_keyboard_reflow_and_target_size(browser: Any, artifacts: Path,
                                                                               tmp_path: Path):
    from backlearn import load_content
    from backlearn.content.teaching import load_teaching
    from backlearn.pack import write_pack

    write_pack(load_teaching(load_content()), tmp_path, pdf=False)
    pages = sorted(tmp_path.rglob("*.html"))
    assert pages, "the pack wrote no HTML pages"
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems: list[str] = []
    try:
        for path in pages:
            name = str(path.relative_to(tmp_path).with_suffix("")).replace("/", "-")
            page.set_viewport_size(DESKTOP)
            page.goto(path.as_uri())
            problems += axe(page, artifacts, f"pack-{name}", known_rules=frozenset(KNOWN_PACK_RULES))
            controls = page.locator(f"body {FOCUSABLE}:visible")
            if controls.count():
                _stops, walk = keyboard_walk(page, "body", controls.first, controls.last, presses=10)
                problems += [f"{name}: {p}" for p in walk]
            problems += [f"{name}: target {t}" for t in small_targets(page, "body")]
            page.set_viewport_size(NARROW)
            problems += [f"{name} at 320 px: {p}" for p in reflow(page)]
            if name in ("index", "red-flag-poster"):
                page.screenshot(path=str(artifacts / f"a11y-pack-{name}-320px.png"))
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@contextmanager
def dark_notebook(browser: Any, lab: Any, name: str) -> Iterator[Any]:
    """``name`` open in JupyterLab with its *JupyterLab Dark* theme (as a learner picks it in Settings,
    Theme), after Run All; the theme, the page and the kernels are put back afterwards."""
    import json

    from test_notebooks_in_lab import run_all

    theme = lab.root.parent / "settings" / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings"
    theme.parent.mkdir(parents=True, exist_ok=True)
    theme.write_text(json.dumps({"theme": "JupyterLab Dark"}))
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(WAIT)
    try:
        page = context.new_page()
        page.goto(f"{lab.url}lab/workspaces/a11y-dark-{name[:2]}/tree/{name}?reset&token={lab.token}",
                  timeout=120_000)
        page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
        lab.wait_for_kernel(name)
        expect(page.locator("body")).to_have_attribute("data-jp-theme-light", "false")
        run_all(page)
        yield page
    finally:
        theme.unlink()
        context.close()
        lab.shut_down_kernels()


LOOK = """el => { const s = getComputedStyle(el); let bg = null;
    for (let n = el; n && !bg; n = n.parentElement) {
        const c = getComputedStyle(n).backgroundColor;
        if (c !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(c)) bg = c;
    }
    return {color: s.color, bg: bg || 'rgb(255, 255, 255)', shadow: s.boxShadow, weight: s.fontWeight,
            outline: s.outlineStyle + ' ' + s.outlineWidth, ring: s.outlineColor}; }"""


def test_jupyterlab_dark_theme_shows_every_state_in_notebook_08(browser: Any, lab: Any, artifacts: Path):
    """JupyterLab's dark theme (as a learner picks it in Settings, Theme): the explorer's text, open and
    shut headings, ticks, search matches and keyboard focus all stay readable and distinct."""
    from test_notebooks_in_lab import notebook

    with dark_notebook(browser, lab, "08_symptom_explorer.ipynb") as page:
        explorer = notebook(page).locator(".bl-explorer").first
        folds = explorer.locator(".bl-group-toggle button")
        folds.filter(has_text="What it feels like").click()
        knot = explorer.locator(".bl-symptom-knot input[type=checkbox]")
        knot.check()
        expect(explorer.locator(".bl-banner-widget")).to_contain_text("Self-care", ignore_case=True, timeout=WAIT)
        problems = []
        opened = folds.filter(has_text="What it feels like").evaluate(LOOK)
        shut = explorer.locator(".bl-group-toggle:not(.bl-warning-toggle) button[aria-expanded=false]").first
        shut = shut.evaluate(LOOK)
        warning = folds.filter(has_text="Warning signs: chest").evaluate(LOOK)
        for what, look in (("open heading", opened), ("shut heading", shut), ("warning heading", warning)):
            if contrast(look["color"], look["bg"]) < 4.5:
                problems.append(f"{what}: text {look['color']} on {look['bg']}")
        if opened["shadow"] == shut["shadow"]:
            problems.append(f"open and shut headings look alike but for the caret: {opened} {shut}")
        label = explorer.locator(".bl-symptom-knot .widget-label-basic span").first.evaluate(LOOK)
        if contrast(label["color"], label["bg"]) < 4.5:
            problems.append(f"a tick box's label: {label['color']} on {label['bg']}")
        page.screenshot(path=str(artifacts / "a11y-lab-dark-08-ticked.png"))
        explorer.get_by_label("Type what you feel").fill("tingling")
        match = explorer.locator(".bl-symptom.bl-match").first
        expect(match).to_be_visible(timeout=WAIT)
        text = match.locator(".widget-label-basic span").first.evaluate(LOOK)
        if contrast(text["color"], text["bg"]) < 4.5:
            problems.append(f"a search match: {text['color']} on {text['bg']}")
        match.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "a11y-lab-dark-08-search.png"))
        # Keyboard focus: from the search box, Tab to the first heading; its ring shows on the dark page.
        explorer.get_by_label("Type what you feel").focus()
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.closest('.bl-explorer') !== null")
        ring = page.evaluate(f"() => ({LOOK})(document.activeElement)")
        page_bg = notebook(page).evaluate("el => getComputedStyle(el).backgroundColor")
        if not focused or ring["outline"].startswith("none") or contrast(ring["ring"], page_bg) < 3:
            problems.append(f"focus ring {ring} on {page_bg}")
        page.screenshot(path=str(artifacts / "a11y-lab-dark-08-focus.png"))
        assert not problems, "\n".join(problems)


def _heard(page: Any, where: str, role: str, text: Any, before: dict[str, Any] | None = None) -> dict[str, Any]:
    """Wait until the live region with ``role`` in the Announcer ``where`` holds ``text`` in Chromium's accessibility
    tree; when ``before`` is given, it must be the very node that held the text before (it stayed)."""
    import time

    deadline = time.monotonic() + WAIT / 1000
    while True:
        nodes = [n for n in live_regions(page, f"{where} .bl-live") if n["role"] == role]
        assert len(nodes) == 1, f"{where}: expected one {role} live region, found {nodes}"
        node = nodes[0]
        if re.search(text, node["text"]):
            break
        assert time.monotonic() < deadline, f"{where}: the {role} region says {node['text']!r}, not {text!r}"
        page.wait_for_timeout(100)
    assert node["live"] == ("assertive" if role == "alert" else "polite"), node
    if before is not None:
        assert node["node"] == before["node"], f"{where}: the live region was replaced ({before} -> {node})"
        assert node["text"] != before["text"], f"{where}: the text did not change: {node}"
    return node


def test_quiz_case_study_diary_and_search_are_said_by_live_regions_that_stay(browser: Any, app_url: str,
                                                                           artifacts: Path):
    """From Chromium's accessibility tree (what a screen reader is given): each answer is said by a
    live region that was in the page before it and stays after it, its text changed each time."""
    page = _open(browser, app_url)
    heard: list[str] = []
    try:
        # "Say it the way people say it": the search result count.
        search = page.get_by_label("Type what you feel")
        search.fill("tingling")
        first = _heard(page, ".bl-explorer .bl-search-announcer", "status", r"^\d+ box(es)? fit what you typed\.")
        search.fill("zzzz qqqq")
        heard.append(_heard(page, ".bl-explorer .bl-search-announcer", "status", r"^No box fits", first)["text"])
        heard.insert(0, first["text"])
        search.fill("")

        # A quiz: Check with nothing picked, then an answer.
        _view(page, "The seven questions")
        quiz = page.locator(".bl-lessons .bl-quiz").first
        expect(quiz).to_be_visible(timeout=WAIT)
        quiz.locator(".bl-quiz-check").first.click()
        before = _heard(page, ".bl-lessons .bl-quiz .bl-announcer", "status", r"^Question 1: pick an answer first\.$")
        quiz.locator(".bl-quiz-choices input[type=radio]").first.check()
        quiz.locator(".bl-quiz-check").first.click()
        answered = _heard(page, ".bl-lessons .bl-quiz .bl-announcer", "status", r"^Question 1: (?!pick an answer)",
                          before)
        heard += [before["text"], answered["text"]]

        # A case study: Compare with a level picked.
        _view(page, "Case studies")
        study = page.locator(".bl-case-study")
        study.locator(".bl-case-triage input[type=radio]").first.check()
        study.get_by_role("button", name="Compare").click()
        node = _heard(page, ".bl-case-study > .bl-announcer", "status", r"^You picked")
        study.locator(".bl-case-triage input[type=radio]").last.check()
        study.get_by_role("button", name="Compare").click()
        again = _heard(page, ".bl-case-study > .bl-announcer", "status", r"^You picked Self-care", node)
        heard += [node["text"], again["text"]]

        # The diary: refused (said assertively), then saved (politely), by the same two nodes.
        _view(page, "My pain diary")
        diary = page.locator(".bl-diary")
        quiet = live_regions(page, ".bl-diary > .bl-announcer .bl-live")
        minutes = diary.get_by_label("Minutes walked")
        minutes.fill("-5")
        minutes.press("Enter")
        diary.get_by_role("button", name="Save").click()
        refused = _heard(page, ".bl-diary > .bl-announcer", "alert", r"^Could not save your entry: .*below 0")
        minutes.fill("20")
        minutes.press("Enter")
        diary.get_by_label("Pain today (0 = no pain, 10 = worst pain)").select_option("3")
        diary.get_by_role("button", name="Save").click()
        saved = _heard(page, ".bl-diary > .bl-announcer", "status", r"^(Saved your entry|Your diary already has)")
        after = live_regions(page, ".bl-diary > .bl-announcer .bl-live")
        assert [n["node"] for n in after] == [n["node"] for n in quiet], (quiet, after)
        assert next(n for n in after if n["role"] == "alert")["text"] == "", "the refusal is not said again"
        heard += [refused["text"], saved["text"]]
        # The chart is a picture with words for it: its alt text is in the accessibility tree.
        chart = diary.locator("img.bl-diary-chart")
        expect(chart).to_have_attribute("alt", re.compile(r"^Chart of pain and walking"))
        expect(diary.get_by_role("img", name=re.compile("^Chart of pain and walking"))).to_have_count(1)
    finally:
        (artifacts / "a11y-announcements.txt").write_text("\n".join(heard) + "\n")
        page.context.close()


def test_jupyterlab_dark_theme_shows_a_quizs_answer_and_an_activity_in_lesson_01(browser: Any, lab: Any,
                                                                               artifacts: Path):
    """In the dark theme, a lesson's quiz (an answer picked, the verdict in words and colour) and its
    activity (each line's drop-down list) stay readable at 4.5:1; screenshots of each state."""
    from test_notebooks_in_lab import notebook

    problems = []
    with dark_notebook(browser, lab, "01_massage_upper_back.ipynb") as page:
        page.add_style_tag(content=".jp-Notebook .jp-Cell { content-visibility: visible !important; }")
        quiz = notebook(page).locator(".bl-quiz").last
        question = quiz.locator(".bl-quiz-question").first
        question.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "a11y-lab-dark-01-quiz-unanswered.png"))
        for index in range(question.locator("input[type=radio]").count()):
            question.locator("input[type=radio]").nth(index).check()
            question.locator(".bl-quiz-check").click()
            verdict = question.locator(".bl-quiz-feedback strong").first
            expect(verdict).to_be_visible(timeout=WAIT)
            state = "right" if question.locator(".bl-quiz-right").count() else "wrong"
            look = verdict.evaluate(LOOK)
            if contrast(look["color"], look["bg"]) < 4.5:
                problems.append(f"the quiz's {state} verdict: {look['color']} on {look['bg']}")
            label = question.locator("input[type=radio]:checked + *, label:has(input:checked)").first.evaluate(LOOK)
            if contrast(label["color"], label["bg"]) < 4.5:
                problems.append(f"the picked answer: {label['color']} on {label['bg']}")
            question.scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / f"a11y-lab-dark-01-quiz-{state}.png"))
        activity = notebook(page).locator(".bl-activity").first
        activity.scroll_into_view_if_needed()
        picker = activity.locator(".bl-activity-picker").first
        text = picker.locator(".widget-label").evaluate(LOOK)
        if contrast(text["color"], text["bg"]) < 4.5:
            problems.append(f"an activity line: {text['color']} on {text['bg']}")
        picker.locator("select").select_option(index=1)
        page.screenshot(path=str(artifacts / "a11y-lab-dark-01-activity.png"))
    assert not problems, "\n".join(problems)
