"""The symptom explorer web app (`backlearn app`) in a real browser, as a learner uses it.

Every check waits for the kernel's answer to come back to the page (no sleeps). Each test
loads the page once (each load starts a kernel). Screenshots: test-artifacts/e2e/.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}  # a common phone size
WAIT = 30_000  # ms: a click's round trip is ~50-75 ms here; generous for slow machines

# What the triage banner starts with before anything is ticked (render_banner_html).
EMPTY = "Nothing ticked yet"


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as _expect

    return _expect(locator)


def open_group(page: Any, title: str) -> None:
    """Open a symptom group by its heading, as a learner does."""
    heading = page.locator(".bl-group-toggle").filter(has_text=title)
    expect(heading).to_have_count(1)
    # A screen reader hears whether the group is open: the heading button says so with aria-expanded.
    expect(heading.locator("button")).to_have_attribute("aria-expanded", "false")
    heading.click()
    expect(heading).to_have_class(_active())
    expect(heading.locator("button")).to_have_attribute("aria-expanded", "true")


def _active() -> Any:
    import re

    return re.compile(r"\bmod-active\b")


def tick(page: Any, symptom_id: str) -> None:
    box = page.locator(f".bl-symptom-{symptom_id} input[type=checkbox]")
    box.check()
    expect(box).to_be_checked()


def banner(page: Any) -> Any:
    return page.locator(".bl-banner-widget")


def test_knot_between_the_shoulder_blades_gets_self_care_guidance_and_a_checklist(make_page: Any, artifacts: Path):
    page = make_page(DESKTOP)
    expect(banner(page)).to_contain_text(EMPTY, ignore_case=True)
    page.screenshot(path=str(artifacts / "a-0-empty.png"))

    open_group(page, "Where it hurts")
    page.get_by_label("Between the shoulder blades", exact=True).check()
    open_group(page, "What it feels like")
    tick(page, "knot")
    open_group(page, "How it started")
    page.get_by_label("After sleeping in an awkward position", exact=True).check()
    # Pain between the shoulder blades is lowered from urgent only by two features, one about movement.
    open_group(page, "What makes it worse or better")
    tick(page, "worse_moving")

    expect(banner(page)).to_contain_text("Self-care", ignore_case=True, timeout=WAIT)
    guidance = page.locator(".bl-guidance-widget")
    expect(guidance).to_contain_text("After sleeping in an awkward position", timeout=WAIT)
    expect(guidance).to_contain_text("Use a warm pack", timeout=WAIT)
    checklists = page.locator(".bl-checklists")
    expect(checklists).to_contain_text("Easing a knot", timeout=WAIT)
    expect(checklists.locator(".bl-check-item input[type=checkbox]").first).to_be_visible()
    page.screenshot(path=str(artifacts / "a-1-self-care.png"), full_page=True)

    # Large tick targets, wrapping labels: a long label is shown whole, not cut with "...".
    sizes = page.locator(".bl-symptom-between_shoulder_blades").evaluate(
        """row => {
            const box = row.querySelector('input').getBoundingClientRect();
            const label = row.querySelector('.widget-label-basic');
            return {box: [box.width, box.height], row: row.getBoundingClientRect().height,
                    whiteSpace: getComputedStyle(label).whiteSpace};
        }"""
    )
    assert min(sizes["box"]) >= 24, sizes
    assert sizes["row"] >= 44, sizes
    assert sizes["whiteSpace"] == "normal", sizes


def test_chest_pain_puts_the_emergency_banner_on_top_and_unticking_brings_self_care_back(
    make_page: Any, artifacts: Path
):
    page = make_page(PHONE)
    open_group(page, "What it feels like")
    tick(page, "knot")
    expect(banner(page)).to_contain_text("Self-care", ignore_case=True, timeout=WAIT)
    # The banner and the guidance are separate widgets: wait for the guidance's own update too.
    expect(page.locator(".bl-guidance-widget")).to_contain_text("You ticked", timeout=WAIT)
    self_care_guidance = page.locator(".bl-guidance-widget").inner_text()
    page.screenshot(path=str(artifacts / "b-0-self-care-phone.png"))

    open_group(page, "Warning signs: chest, breathing and heart")
    chest = page.get_by_label("Pain, pressure or tightness in your chest", exact=False)
    expect(chest).to_have_count(1)
    chest.check()

    expect(banner(page)).to_contain_text("Emergency", ignore_case=True, timeout=WAIT)
    expect(banner(page)).to_contain_text("999")
    expect(banner(page).locator(".bl-banner")).to_have_class(_class("bl-emergency"))
    # The banner comes before the guidance, in the page and on screen ...
    order = page.evaluate(
        """() => {
            const b = document.querySelector('.bl-banner-widget');
            const g = document.querySelector('.bl-guidance-widget');
            return !!(b.compareDocumentPosition(g) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert order, "the banner must come before the guidance in the page"
    assert _box(banner(page))["y"] < _box(page.locator(".bl-guidance-widget"))["y"]
    # ... and stays at the top of the screen while the learner scrolls down to the guidance.
    page.locator(".bl-guidance-widget").scroll_into_view_if_needed()
    chest.scroll_into_view_if_needed()
    top = _box(banner(page))
    assert -1 <= top["y"] <= 40, f"the banner should stick to the top of the screen: {top}"
    assert _in_viewport(page, banner(page))
    # Nothing is wider than the phone's screen (no sideways scrolling).
    widths = page.evaluate(
        "() => { const s = document.querySelector('#rendered_cells') || document.scrollingElement;"
        " return [s.scrollWidth, s.clientWidth]; }"
    )
    assert widths[0] <= widths[1] + 1, widths
    page.screenshot(path=str(artifacts / "b-1-emergency-phone.png"))

    chest.uncheck()
    expect(banner(page)).to_contain_text("Self-care", ignore_case=True, timeout=WAIT)
    expect(banner(page)).not_to_contain_text("Emergency", ignore_case=True)
    guidance = page.locator(".bl-guidance-widget")
    expect(guidance).not_to_contain_text("Chest pain", timeout=WAIT)
    assert guidance.inner_text() == self_care_guidance
    page.screenshot(path=str(artifacts / "b-2-self-care-again-phone.png"))


def test_keyboard_only_tab_to_a_symptom_and_tick_it_with_space(make_page: Any, artifacts: Path):
    page = make_page(DESKTOP)
    expect(banner(page)).to_contain_text(EMPTY, ignore_case=True)
    page.locator("body").focus()
    focused: dict[str, Any] = {}
    for _press in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                const toggle = el && el.closest('.bl-group-toggle');
                const symptom = el && el.closest('.bl-symptom');
                return {
                    tag: el ? el.tagName : null,
                    toggle: toggle ? toggle.textContent.trim() : null,
                    open: toggle ? toggle.classList.contains('mod-active') : null,
                    symptom: symptom && el.type === 'checkbox' ? el.title : null,
                    outline: el ? getComputedStyle(el).outlineStyle : null,
                };
            }"""
        )
        if focused["symptom"]:
            break
        if focused["toggle"] and not focused["open"]:
            # A group heading is a button: Space opens it, as for any button.
            assert focused["outline"] != "none", f"no visible focus on the group heading: {focused}"
            page.keyboard.press("Space")
            expect(page.locator(".bl-group-toggle").filter(has_text=focused["toggle"])).to_have_class(_active())
    else:
        pytest.fail(f"60 presses of Tab never reached a symptom tick box; last focus: {focused}")
    assert focused["outline"] != "none", f"the focused tick box shows no focus outline: {focused}"
    page.screenshot(path=str(artifacts / "c-0-keyboard-focus.png"))

    page.keyboard.press("Space")
    expect(page.locator("input[type=checkbox]:focus")).to_be_checked()
    # The kernel heard it: the banner left its empty state and the guidance names the tick.
    expect(banner(page)).not_to_contain_text(EMPTY, ignore_case=True, timeout=WAIT)
    expect(page.locator(".bl-guidance-widget")).to_contain_text(focused["symptom"], timeout=WAIT)
    page.screenshot(path=str(artifacts / "c-1-keyboard-ticked.png"))


def test_save_my_plan_offers_a_download(make_page: Any, artifacts: Path, plans_dir: Path):
    page = make_page(DESKTOP)
    open_group(page, "What it feels like")
    tick(page, "knot")
    expect(page.locator(".bl-checklists")).to_contain_text("Easing a knot", timeout=WAIT)

    page.locator(".bl-export-button").click()
    status = page.locator(".bl-export-status")
    expect(status).to_contain_text("Your plan is ready", timeout=WAIT)
    assert str(plans_dir) not in status.inner_text(), "no server path a learner cannot open"
    link = status.get_by_role("link", name="Download my plan")
    look = link.evaluate("el => ({bg: getComputedStyle(el).backgroundColor, h: el.getBoundingClientRect().height})")
    assert look["bg"] not in ("rgba(0, 0, 0, 0)", "transparent") and look["h"] >= 44, f"not drawn as a button: {look}"
    expect(link).to_have_attribute("href", _starts("data:text/html"))
    href = link.get_attribute("href")
    assert "Easing a knot" in base64.b64decode(href.split(",", 1)[1]).decode("utf-8")
    saved = sorted(plans_dir.glob("backlearn-plan-*.html"))
    assert saved, f"nothing saved in {plans_dir}"
    page.screenshot(path=str(artifacts / "d-0-saved.png"), full_page=True)

    with page.expect_download(timeout=WAIT) as info:
        link.click()
    download = info.value
    assert download.suggested_filename.startswith("backlearn-plan-")
    assert download.suggested_filename.endswith(".html")
    target = artifacts / download.suggested_filename
    download.save_as(str(target))
    assert "Easing a knot" in target.read_text(encoding="utf-8")


def _box(locator: Any) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None, "element not visible"
    return dict(box)


def _in_viewport(page: Any, locator: Any) -> bool:
    box = _box(locator)
    size = page.viewport_size
    return bool(box["y"] >= -1 and box["y"] < size["height"] and box["x"] >= -1 and box["x"] < size["width"])


def _class(name: str) -> Any:
    import re

    return re.compile(rf"\b{re.escape(name)}\b")


def _starts(prefix: str) -> Any:
    import re

    return re.compile("^" + re.escape(prefix))


def test_the_seven_questions_read_without_code(make_page: Any, artifacts: Path):
    page = make_page(PHONE)
    expect(banner(page)).to_contain_text(EMPTY, ignore_case=True)
    page.locator(".bl-view-switch button").filter(has_text="The seven questions").click()
    lessons = page.locator(".bl-lessons")
    expect(lessons).to_contain_text("Are massages good for upper back pain?", timeout=WAIT)
    expect(lessons).to_contain_text("Verdict")
    expect(page.locator(".bl-explorer")).to_be_hidden()
    page.locator(".bl-lesson-picker select").select_option(label="6. How often should you get a massage for back pain?")
    expect(lessons.locator(".bl-lesson")).to_contain_text("Not supported by the evidence", timeout=WAIT)
    # Wait for question 6's own quiz: until it replaces question 1's, a tick would land on the old one.
    quiz = lessons.locator(".bl-quiz").filter(has_text="a massage every month stops back pain")
    expect(quiz).to_have_count(1, timeout=WAIT)
    expect(lessons.locator(".bl-quiz")).to_have_count(1, timeout=WAIT)
    quiz.locator(".bl-quiz-choices input[type=radio]").first.check()
    quiz.locator(".bl-quiz-check").first.click()
    expect(quiz.locator(".bl-quiz-feedback").first).to_contain_text("The right answer is", timeout=WAIT)
    page.screenshot(path=str(artifacts / "e-0-lessons-phone.png"), full_page=True)


# --------------------------------------------------------------------------- accessibility and offline


def assert_no_axe_violations(page: Any, artifacts: Path, name: str, context: Any = None) -> None:
    """axe-core finds nothing, of any impact; the full result goes to test-artifacts for review."""
    import json

    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    assert results.response["passes"], f"axe-core found nothing to check on {name}"
    violations = results.response["violations"]
    (artifacts / f"axe-{name}.json").write_text(json.dumps(violations, indent=1))
    summary = [f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}" for v in violations]
    assert not violations, f"axe-core on {name}:\n" + "\n".join(summary)


APP_VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": PHONE}


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_app_is_accessible_works_offline_and_keeps_the_banner_in_view(
    browser: Any, app_url: str, artifacts: Path, size: str
):
    from urllib.parse import urlsplit

    context = browser.new_context(viewport=APP_VIEWPORTS[size])
    context.set_default_timeout(WAIT)
    elsewhere: list[str] = []
    context.on("request", lambda request: elsewhere.append(request.url)
               if urlsplit(request.url).hostname not in ("127.0.0.1", None, "") and
               not request.url.startswith("data:") else None)
    try:
        page = context.new_page()
        page.goto(app_url, timeout=60_000)
        expect(banner(page)).to_contain_text(EMPTY, ignore_case=True, timeout=60_000)
        assert page.title() != "explorer" and "back pain" in page.title().lower(), page.title()
        assert page.locator("[title=null]").count() == 0, "a label shows the tooltip 'null'"
        assert_no_axe_violations(page, artifacts, f"app-{size}-0-nothing-ticked")

        open_group(page, "What it feels like")
        tick(page, "knot")
        expect(banner(page)).to_contain_text("Self-care", ignore_case=True, timeout=WAIT)
        page.screenshot(path=str(artifacts / f"app-{size}-1-after-knot.png"))
        assert_no_axe_violations(page, artifacts, f"app-{size}-1-after-knot")

        open_group(page, "Warning signs: chest, breathing and heart")
        chest = page.locator(".bl-symptom-chest_pain input[type=checkbox]")
        chest.check()
        expect(banner(page)).to_contain_text("Emergency", ignore_case=True, timeout=WAIT)
        chest.scroll_into_view_if_needed()
        assert _in_viewport(page, banner(page)), "the EMERGENCY banner should be on screen next to the tick"
        page.screenshot(path=str(artifacts / f"app-{size}-2-after-chest-pain.png"))
        assert_no_axe_violations(page, artifacts, f"app-{size}-2-after-chest-pain")

        page.locator(".bl-view-switch button").filter(has_text="The seven questions").click()
        expect(page.locator(".bl-lessons")).to_contain_text("Verdict", timeout=WAIT)
        page.screenshot(path=str(artifacts / f"app-{size}-3-seven-questions.png"))
        assert_no_axe_violations(page, artifacts, f"app-{size}-3-seven-questions")
        assert not elsewhere, f"the app fetched from outside this computer: {sorted(set(elsewhere))}"
    finally:
        context.close()


FOCUS_UNDER_BANNER = """() => {
    const el = document.activeElement;
    const banner = document.querySelector('.bl-banner-widget');
    if (!el || el === document.body || !banner) return null;
    const f = el.getBoundingClientRect(), b = banner.getBoundingClientRect();
    const hidden = f.top >= b.top - 0.5 && f.bottom <= b.bottom + 0.5 && !banner.contains(el);
    const what = (el.title || el.textContent || el.tagName).trim().slice(0, 60);
    return {hidden, what, top: f.top, bannerBottom: b.bottom};
}"""


def test_keyboard_focus_is_never_hidden_under_the_sticky_banner(make_page: Any, artifacts: Path):
    page = make_page({"width": 1280, "height": 800})
    for group in ("What it feels like", "Warning signs: chest, breathing and heart"):
        open_group(page, group)
    tick(page, "knot")
    tick(page, "chest_pain")
    expect(banner(page)).to_contain_text("Emergency", ignore_case=True, timeout=WAIT)
    hidden: list[dict[str, Any]] = []
    stops = 0
    for key, start in (("Shift+Tab", page.locator(".bl-export-button")), ("Tab", banner(page))):
        start.scroll_into_view_if_needed()
        if key == "Tab":
            page.evaluate("() => document.querySelector('.bl-banner-widget').scrollIntoView()")
            page.locator(".bl-view-switch button").first.focus()
        else:
            start.focus()
        for _press in range(60):
            page.keyboard.press(key)
            where = page.evaluate(FOCUS_UNDER_BANNER)
            if where is not None:
                stops += 1
                if where["hidden"]:
                    hidden.append({"key": key, **where})
    page.screenshot(path=str(artifacts / "app-focus-after-tabbing.png"))
    assert stops > 60, f"tabbing reached only {stops} elements"
    assert not hidden, f"{len(hidden)} focus stops were hidden under the banner: {hidden[:5]}"


def test_a_source_number_leads_to_its_source_below_the_sticky_banner(make_page: Any):
    # Following a citation such as [1] scrolls to the Sources list; the sticky banner must not cover it.
    page = make_page({"width": 1280, "height": 800})
    open_group(page, "What it feels like")
    tick(page, "knot")
    expect(banner(page)).to_contain_text("Self-care", ignore_case=True, timeout=WAIT)
    link = page.locator(".bl-guidance-widget a[href^='#bl-src-']").first
    target = str(link.get_attribute("href"))
    link.click()
    expect(page.locator(target)).to_be_in_viewport()
    where = page.evaluate(
        "(t) => [document.querySelector(t).getBoundingClientRect().top,"
        " document.querySelector('.bl-banner-widget').getBoundingClientRect().bottom]",
        target,
    )
    assert where[0] >= where[1], f"{target} is hidden under the banner (top {where[0]}, banner bottom {where[1]})"


def test_the_exported_plan_is_accessible(browser: Any, artifacts: Path):
    import datetime as dt

    from backlearn import assess
    from backlearn.export import plan

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        for name, ticks in {"knot": ("between_shoulder_blades", "knot", "after_sleeping"),
                            "chest-pain": ("between_shoulder_blades", "knot", "chest_pain")}.items():
            path = artifacts / f"plan-{name}.html"
            path.write_text(plan(assess(ticks), "html", on=dt.date(2026, 1, 15)), encoding="utf-8")
            page.goto(path.as_uri())
            assert_no_axe_violations(page, artifacts, f"plan-{name}")
    finally:
        context.close()



def test_the_printed_plan_fits_on_the_pages_notebook_08_says(browser: Any):
    """Notebook 08 and the docs say a usual plan prints on up to four A4 pages."""
    import datetime as dt
    import re

    from backlearn import assess
    from backlearn.export import plan

    mia = ("between_shoulder_blades", "knot", "after_sleeping", "duration_days", "age_20_to_49")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(plan(assess(mia), "html", on=dt.date(2026, 1, 15)))
        pdf = page.pdf(format="A4")
    finally:
        context.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 4, f"Mia's plan prints on {pages} A4 pages"


def tab_to_view(page: Any, label: str) -> None:
    """Press Tab until the view switch's button named ``label`` has focus, then Enter, as a keyboard user does."""
    page.locator("body").focus()
    for _press in range(40):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "() => { const el = document.activeElement;"
            " return el && el.closest('.bl-view-switch') ? el.textContent.trim() : null; }"
        )
        if text == label:
            break
    else:
        pytest.fail(f"40 presses of Tab never reached the '{label}' button")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused view button shows no focus outline"
    page.keyboard.press("Enter")
    expect(page.locator(".bl-view-switch button").filter(has_text=label)).to_have_class(_active(), timeout=WAIT)


def test_case_studies_without_code_pick_a_case_choose_a_level_compare(make_page: Any, artifacts: Path):
    page = make_page(DESKTOP)
    tab_to_view(page, "Case studies")
    study = page.locator(".bl-case-study")
    expect(study).to_be_visible(timeout=WAIT)
    expect(page.locator(".bl-explorer")).to_be_hidden()
    expect(page.locator(".bl-app-cases h2")).to_have_text("Case studies")
    picker = study.locator(".bl-case-picker select")
    second = picker.locator("option").nth(1).get_attribute("value") or ""  # "2. Title"
    picker.select_option(value=second)
    expect(study.locator(".bl-case-story h3")).to_have_text(second.split(". ", 1)[1], timeout=WAIT)
    # The level by keyboard: Tab to the first radio button, Space picks it.
    radio = study.locator(".bl-case-triage input[type=radio]").first
    radio.focus()
    page.keyboard.press("Space")
    expect(radio).to_be_checked()
    study.locator("button").filter(has_text="Compare").focus()
    page.keyboard.press("Enter")
    result = study.locator(".bl-case-result").first  # the widget (its HTML holds a div of the same class)
    expect(result).to_contain_text("What backlearn says", timeout=WAIT)
    expect(result).to_contain_text("Teaching point")
    page.screenshot(path=str(artifacts / "f-0-case-compared.png"), full_page=True)


def test_pain_diary_without_code_save_an_entry(make_page: Any, artifacts: Path, diary_dir: Path):
    # A diary of its own: other tests of the session save entries for today in the same folder, and a
    # second entry for a day asks "replace or keep both" (tested in test_accessibility.py).
    (diary_dir / "diary.csv").unlink(missing_ok=True)
    page = make_page(PHONE)
    tab_to_view(page, "My pain diary")
    diary = page.locator(".bl-diary")
    expect(diary).to_be_visible(timeout=WAIT)
    expect(page.locator(".bl-app-diary h2")).to_have_text("My pain diary")
    where = diary.get_by_label("Where it hurts")
    where.fill("between my shoulder blades")
    where.press("Tab")
    save = diary.locator(".bl-diary-save")
    save.focus()
    page.keyboard.press("Enter")
    expect(diary.locator(".bl-diary-status")).to_contain_text("Saved your entry", timeout=WAIT)
    expect(diary.locator(".bl-diary-summary")).not_to_be_empty(timeout=WAIT)
    saved = (diary_dir / "diary.csv").read_text(encoding="utf-8")
    assert "between my shoulder blades" in saved
    page.screenshot(path=str(artifacts / "g-0-diary-saved-phone.png"), full_page=True)


def test_back_diagram_click_or_keyboard_ticks_the_matching_box(make_page: Any, artifacts: Path):
    page = make_page(DESKTOP)
    diagram = page.locator(".bl-back-diagram")
    expect(diagram).to_be_visible(timeout=WAIT)
    expect(diagram.locator("figcaption")).to_contain_text("seen from behind")
    lower = diagram.get_by_role("checkbox", name="Lower back")
    expect(lower).to_have_attribute("aria-checked", "false")
    lower.click()
    expect(lower).to_have_attribute("aria-checked", "true", timeout=WAIT)
    expect(page.locator(".bl-symptom-low_back input[type=checkbox]")).to_be_checked(timeout=WAIT)
    expect(banner(page)).not_to_contain_text(EMPTY, ignore_case=True, timeout=WAIT)
    expect(page.locator(".bl-diagram-status")).to_have_text("Lower back: ticked.")
    # Keyboard: Tab reaches an area, Space ticks it, and the status line says so.
    blades = diagram.get_by_role("checkbox", name="Between the shoulder blades")
    blades.focus()
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Space")
    expect(page.locator(".bl-symptom-between_shoulder_blades input[type=checkbox]")).to_be_checked(timeout=WAIT)
    expect(page.locator(".bl-diagram-status")).to_have_text("Between the shoulder blades: ticked.")
    # And the other way: unticking the box clears the area.
    open_group(page, "Where it hurts")
    page.locator(".bl-symptom-low_back input[type=checkbox]").uncheck()
    expect(lower).to_have_attribute("aria-checked", "false", timeout=WAIT)
    page.screenshot(path=str(artifacts / "h-0-back-diagram.png"))


def test_short_version_shows_the_top_advice_and_show_more_brings_the_rest(make_page: Any, artifacts: Path):
    page = make_page(PHONE)
    open_group(page, "Where it hurts")
    tick(page, "low_back")
    open_group(page, "What it feels like")
    tick(page, "sharp_pain")
    open_group(page, "How it started")
    tick(page, "after_lifting")
    guidance = page.locator(".bl-guidance-widget")
    expect(guidance).to_contain_text("ibuprofen", timeout=WAIT)
    short = page.locator(".bl-short-toggle input[type=checkbox]")
    short.focus()
    page.keyboard.press("Space")
    expect(short).to_be_checked()
    expect(guidance).not_to_contain_text("ibuprofen", timeout=WAIT)
    expect(guidance.locator("ol.bl-guidance > li")).to_have_count(3, timeout=WAIT)
    expect(page.locator(".bl-short-note")).to_contain_text("for adults")
    more = page.locator(".bl-show-more")
    expect(more).to_be_visible()
    more.focus()
    page.keyboard.press("Enter")
    expect(more).to_contain_text("Show less", timeout=WAIT)
    expect(guidance.locator("ol.bl-guidance > li")).not_to_have_count(3, timeout=WAIT)
    expect(guidance).not_to_contain_text("ibuprofen")
    page.screenshot(path=str(artifacts / "i-0-short-version-phone.png"), full_page=True)


def _tab_to_region_list(page: Any) -> None:
    page.locator("body").focus()
    for _press in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!(document.activeElement && document.activeElement.closest('.bl-region-select'))"):
            return
    pytest.fail("20 presses of Tab never reached the country or region list")


def test_keyboard_picks_the_region_and_the_emergency_answer_follows(make_page: Any, artifacts: Path):
    page = make_page(DESKTOP)
    summary = page.locator(".bl-region-summary")
    expect(summary).to_contain_text("call 999", timeout=WAIT)
    # Under the views, the pupils' helpline is named without opening anything (issue 26).
    help_box = page.locator(".bl-getting-help details")
    expect(help_box.locator("summary")).to_contain_text("Childline: 0800 1111", timeout=WAIT)
    _tab_to_region_list(page)  # the list comes before the symptoms: it decides the number shown
    page.keyboard.press("ArrowDown")  # the second region in regions.yaml: the United States
    expect(summary).to_contain_text("call 911", timeout=WAIT)
    expect(page.locator(".bl-region-status")).to_contain_text("Saved", timeout=WAIT)
    # The help box follows the region: the US lines and words, opened from the keyboard.
    expect(help_box.locator("summary")).to_contain_text("988", timeout=WAIT)
    expect(help_box).not_to_contain_text("Childline")
    help_box.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(help_box).to_have_attribute("open", "")
    expect(help_box).to_contain_text("Emergency room (ER)")
    expect(help_box.get_by_role("link", name="Source: 988 Suicide and Crisis Lifeline")).to_have_attribute(
        "href", "https://988lifeline.org/")
    help_box.screenshot(path=str(artifacts / "f-1-help-us.png"))

    # Numbness around the bottom (cauda equina): the banner names the US emergency number and the
    # emergency room (a heart attack's own banner says call 911 only, not "or go to").
    open_group(page, "Warning signs: legs, bladder and bottom")
    tick(page, "numb_saddle")  # by id: the label's wording may change
    expect(banner(page)).to_contain_text("Call 911 now", timeout=WAIT)
    expect(banner(page)).to_contain_text("emergency room")
    expect(banner(page)).to_contain_text("the United States")
    expect(banner(page)).not_to_contain_text("999")
    page.screenshot(path=str(artifacts / "f-0-region-us.png"))

    # The choice is stored: the next visit starts in it. Then back to the default, by keyboard,
    # for the other tests (they share the app's settings file).
    again = make_page(DESKTOP)
    expect(again.locator(".bl-region-summary")).to_contain_text("call 911", timeout=WAIT)
    _tab_to_region_list(again)
    again.keyboard.press("ArrowUp")
    expect(again.locator(".bl-region-summary")).to_contain_text("call 999", timeout=WAIT)
    expect(again.locator(".bl-region-status")).to_contain_text("Saved", timeout=WAIT)


def _tab_to_glossary_word(page: Any, start: Any) -> Any:
    """Press Tab from ``start`` until a glossary word has focus; return the focused word."""
    start.focus()
    for _press in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('bl-term')"):
            return page.locator(".bl-term:focus")
    pytest.fail("30 presses of Tab never reached a glossary word")


def test_a_glossary_word_is_reached_by_keyboard_and_says_what_it_means(make_page: Any, artifacts: Path):
    import re

    page = make_page(DESKTOP)
    tab_to_view(page, "The seven questions")
    lesson = page.locator(".bl-lesson")
    expect(lesson).to_contain_text("Are massages good for upper back pain?", timeout=WAIT)
    address = page.url.split("#")[0]
    word = _tab_to_glossary_word(page, page.locator(".bl-lesson-picker select"))
    expect(word).to_have_text("Massage")
    # A screen reader hears the meaning with the word; Enter shows it in the "Words we use" list.
    expect(word).to_have_accessible_description(re.compile("^Rubbing and pressing the muscles"))
    page.keyboard.press("Enter")
    meaning = lesson.locator("dt:target + dd")
    expect(meaning).to_contain_text("Rubbing and pressing the muscles")
    expect(meaning).to_be_in_viewport()
    expect(lesson.locator("dt:target")).to_have_text("Massage")
    assert page.url.split("#")[0] == address, "following a glossary word left the app"
    page.screenshot(path=str(artifacts / "g-0-glossary-meaning.png"))
    # Tab then Enter goes back to where the word was.
    page.keyboard.press("Tab")
    expect(page.locator(".bl-term-back:focus")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(lesson.locator(".bl-term:target")).to_be_in_viewport()
    assert_no_axe_violations(page, artifacts, "app-lessons-with-glossary")
    # The explorer's advice links its words the same way.
    tab_to_view(page, "Check my back pain")
    open_group(page, "What it feels like")
    tick(page, "knot")
    advice = page.locator(".bl-guidance-widget")
    expect(advice.locator(".bl-term").first).to_be_attached(timeout=WAIT)
    word = _tab_to_glossary_word(page, page.locator(".bl-short-toggle input"))
    name = word.inner_text()
    page.keyboard.press("Enter")
    expect(advice.locator("dt:target")).to_contain_text(name, ignore_case=True)
    expect(advice.locator("dt:target + dd")).to_be_in_viewport()


KEEP_LIVE_NODES = """() => {
    window.blLive = [...document.querySelectorAll('.bl-explorer > .bl-announcer .bl-live')];
    return window.blLive.map(n => [n.getAttribute('role'), n.getAttribute('aria-live')]);
}"""
SAME_LIVE_NODES = """() => {
    const now = [...document.querySelectorAll('.bl-explorer > .bl-announcer .bl-live')];
    return now.length === window.blLive.length && now.every((n, i) => n === window.blLive[i] && n.isConnected);
}"""


def test_each_tick_is_announced_by_one_live_region_that_stays_in_the_page(make_page: Any, artifacts: Path):
    """Screen readers announce a change inside a live region already in the page; the banner's element is
    replaced on every tick, so the answer is said by the Announcer's two nodes, which stay: the same
    nodes before and after each tick, their text changed, assertive only at an emergency."""
    page = make_page(DESKTOP)
    status = page.get_by_role("status").filter(has_text="Nothing ticked yet.")
    expect(status).to_have_count(1, timeout=WAIT)
    assert page.evaluate(KEEP_LIVE_NODES) == [["status", "polite"], ["alert", "assertive"]]
    # The banner itself is no live region (it is replaced on every tick).
    assert banner(page).locator("[aria-live], [role=status], [role=alert]").count() == 0

    polite = page.locator(".bl-explorer > .bl-announcer .bl-live-polite")
    assertive = page.locator(".bl-explorer > .bl-announcer .bl-live-assertive")
    heard = []
    open_group(page, "What it feels like")
    tick(page, "knot")
    expect(polite).to_have_text(re.compile(r"^Self-care: .*1 box ticked\.$"), timeout=WAIT)
    heard.append(polite.inner_text())
    assert page.evaluate(SAME_LIVE_NODES), "the live region was replaced by the tick"

    open_group(page, "Warning signs: chest, breathing and heart")
    page.get_by_label("Pain, pressure or tightness in your chest", exact=False).check()
    expect(assertive).to_have_text(re.compile(r"^EMERGENCY: Call 999 now, or go to A&E\. 2 boxes ticked\.$"),
                                   timeout=WAIT)
    expect(polite).to_have_text("")
    expect(page.get_by_role("alert").filter(has_text="EMERGENCY: Call 999 now")).to_have_count(1)
    heard.append(assertive.inner_text())
    assert page.evaluate(SAME_LIVE_NODES), "the live region was replaced by the tick"
    # Short: the level and what to do, not the whole banner.
    assert len(heard[-1].split()) <= 16 < len(banner(page).inner_text().split())

    page.get_by_label("Pain, pressure or tightness in your chest", exact=False).uncheck()
    expect(assertive).to_have_text("", timeout=WAIT)
    expect(polite).to_have_text(re.compile(r"^Self-care: .*1 box ticked\.$"))
    assert page.evaluate(SAME_LIVE_NODES), "the live region was replaced by the tick"
    (artifacts / "app-announcements.txt").write_text("\n".join([*heard, polite.inner_text()]) + "\n")


def test_typing_what_you_feel_finds_the_box_and_a_follow_up_goes_with_its_parent(make_page: Any, artifacts: Path):
    """Issue 23: the search narrows and highlights; a question shown in context is cleared when hidden."""
    page = make_page(DESKTOP)
    search = page.get_by_label("Type what you feel")
    search.fill("a spasm near my shoulder blade")
    expect(page.locator(".bl-search-count")).to_contain_text("fit what you typed", timeout=WAIT)
    knot = page.locator(".bl-symptom-knot")
    expect(knot).to_have_class(re.compile(r"\bbl-match\b"), timeout=WAIT)
    expect(knot).to_be_visible()
    expect(page.locator(".bl-symptom-chest_pain")).to_be_hidden()  # narrowed (its group shows no match)
    page.screenshot(path=str(artifacts / "search-1-spasm.png"), full_page=True)
    knot.locator("input[type=checkbox]").check()
    expect(banner(page)).not_to_contain_text(EMPTY, ignore_case=True, timeout=WAIT)
    search.fill("")
    expect(page.locator(".bl-search-count")).to_have_count(0, timeout=WAIT)

    # "First started before 45" is asked only once the pain has lasted 3 months or more.
    open_group(page, "How long it has lasted")
    tick(page, "duration_over_12_weeks")
    follow_up = page.locator(".bl-symptom-first_started_before_45")
    open_group(page, "Other patterns you may notice")
    expect(follow_up).to_be_visible(timeout=WAIT)
    tick(page, "first_started_before_45")
    page.screenshot(path=str(artifacts / "search-2-follow-up.png"), full_page=True)
    page.locator(".bl-symptom-duration_days input[type=checkbox]").check()  # pick one: a few days instead
    expect(follow_up).to_be_hidden(timeout=WAIT)
    expect(follow_up.locator("input[type=checkbox]")).not_to_be_checked(timeout=WAIT)
    page.screenshot(path=str(artifacts / "search-3-follow-up-cleared.png"), full_page=True)


def test_where_it_aches_on_walking_is_asked_after_walking_pain_and_cleared_with_it(make_page: Any, artifacts: Path):
    """Issue 23: "your legs or your chest?" as a follow-up question. Found by typing, answered, and
    cleared (the answer back as it was) when walking pain is unticked."""
    page = make_page(DESKTOP)
    question = page.locator(".bl-group-toggle").filter(has_text="Where does it ache when you walk?")
    expect(question).to_be_hidden()
    search = page.get_by_label("Type what you feel")
    search.fill("it hurts when I walk")
    expect(page.locator(".bl-search-count")).to_contain_text("fit what you typed", timeout=WAIT)
    walking = page.locator(".bl-symptom-pain_on_walking")
    expect(walking).to_have_class(re.compile(r"\bbl-match\b"), timeout=WAIT)
    tick(page, "pain_on_walking")
    expect(question).to_be_visible(timeout=WAIT)
    expect(question.locator("button")).to_have_attribute("aria-expanded", "true")
    tick(page, "walk_ache_legs")
    expect(banner(page)).to_contain_text("soon", ignore_case=True, timeout=WAIT)
    # Pick one: the chest instead of the legs.
    tick(page, "walk_ache_chest")
    expect(page.locator(".bl-symptom-walk_ache_legs input[type=checkbox]")).not_to_be_checked(timeout=WAIT)
    expect(banner(page)).to_contain_text("Urgent", ignore_case=True, timeout=WAIT)
    page.screenshot(path=str(artifacts / "walk-1-follow-up-chest.png"), full_page=True)
    page.locator(".bl-symptom-pain_on_walking input[type=checkbox]").uncheck()
    expect(question).to_be_hidden(timeout=WAIT)
    expect(banner(page)).to_contain_text(EMPTY, ignore_case=True, timeout=WAIT)
    tick(page, "pain_on_walking")
    expect(question).to_be_visible(timeout=WAIT)
    expect(page.locator(".bl-symptom-walk_ache_chest input[type=checkbox]")).not_to_be_checked()
    expect(banner(page)).not_to_contain_text("Urgent", ignore_case=True)
    page.screenshot(path=str(artifacts / "walk-2-follow-up-cleared.png"), full_page=True)
