"""Every notebook in a real JupyterLab, as a learner meets it: open it, look, Run All, look again.

nbval checks what the kernel computes; these tests check what the browser shows: the saved
widgets on opening (not their Python text), a tick before Run All that says how to start (not a
silent box), no JavaScript-error boxes, no tracebacks, each lesson's chart with its alt text and
one interaction with its activity after Run All, the diary chart drawn, and in notebook 08 the
triage result in view next to the tick box. One JupyterLab
serves every test (conftest ``lab``); each notebook gets a fresh workspace and its kernel is
shut down afterwards. Screenshots: test-artifacts/e2e/lab-*.png.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import a11y
import lessons

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
LabServer = Any  # conftest.LabServer: url, token, api(), shut_down_kernels()

NOTEBOOKS = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))
VIEWPORT = {"width": 1280, "height": 800}
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
RUN_TIMEOUT_MS = 180_000  # Run All of the longest notebook takes ~10 s here; generous for a busy 2-core machine
WAIT = 30_000

#: What shows instead of a widget when it cannot be drawn: its Python text (untrusted notebook,
#: no saved state), a missing model, or a failed view (JavaScript error box).
BROKEN_WIDGET_TEXT = ("(children=", "Error displaying widget", "Click to show javascript error")


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as _expect

    return _expect(locator)


def widget_outputs_in_file(name: str) -> int:
    """How many widget views the committed notebook shows."""
    notebook = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return sum(
        WIDGET_MIME in output.get("data", {})
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
    )


@pytest.fixture(scope="module")
def lab_context(browser: Any, lab: LabServer) -> Iterator[Any]:
    """One browser context (one log-in cookie) for every notebook."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(WAIT)
    yield context
    context.close()


@pytest.fixture
def open_notebook(lab_context: Any, lab: LabServer, artifacts: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """``open_notebook(name)``: a page with the notebook open in a fresh workspace; closed after the test
    (with a screenshot when it failed), and every kernel shut down."""
    pages: list[Any] = []

    def _open(name: str) -> Any:
        page = lab_context.new_page()
        pages.append(page)
        stem = Path(name).stem
        page.goto(f"{lab.url}lab/workspaces/{stem}/tree/{name}?reset&token={lab.token}", timeout=120_000)
        page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
        # Lab starts a kernel on opening; a Run All before it is ready asks the learner to pick one.
        lab.wait_for_kernel(name)
        expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first).to_be_attached()
        return page

    yield _open
    failed = getattr(request.node, "rep_call", None)
    for number, page in enumerate(pages):
        if failed is not None and failed.failed:
            page.screenshot(path=str(artifacts / f"lab-{request.node.name}-FAILED-{number}.png"))
        page.close()
    lab.shut_down_kernels()


def notebook(page: Any) -> Any:
    return page.locator(".jp-NotebookPanel .jp-Notebook")


def widget_views(page: Any) -> Any:
    # A widget view is the one output JupyterLab gives no data-mime-type; a widget shown as its
    # Python text is a text/plain output instead, so it is not counted.
    return notebook(page).locator(".jp-OutputArea-output:not([data-mime-type])")


def assert_widgets_drawn(page: Any, expected: int, when: str) -> None:
    """Every widget output is a drawn widget: none as text, none as an error box."""
    expect(widget_views(page)).to_have_count(expected, timeout=WAIT)
    for index in range(expected):
        expect(widget_views(page).nth(index).locator(".jupyter-widgets").first).to_be_visible(timeout=WAIT)
    text = notebook(page).inner_text()
    for broken in BROKEN_WIDGET_TEXT:
        assert broken not in text, f"{when}: a widget shows as {broken!r} instead of being drawn"
    expect(notebook(page).locator(".jupyter-widgets-error-widget")).to_have_count(0)


def menu(page: Any, menu_name: str, command: str) -> None:
    """Choose a command from the menu bar, as a learner does."""
    page.locator(".lm-MenuBar-item").filter(has_text=menu_name).first.click()
    page.locator(f'.lm-Menu-item[data-command="{command}"]').click()


def run_all(page: Any) -> None:
    """Clear the stored outputs (so a number next to every cell means it ran now), Run All, and
    wait until every code cell has run or one failed, and the kernel is idle again."""
    menu(page, "Edit", "editmenu:clear-all")
    expect(notebook(page).locator(".jp-OutputArea-output")).to_have_count(0)
    menu(page, "Run", "runmenu:run-all")
    page.wait_for_function(
        """() => {
            const nb = document.querySelector('.jp-NotebookPanel .jp-Notebook');
            const prompts = [...nb.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                .map(p => p.textContent.trim());
            const failed = nb.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
            const running = prompts.some(p => p.includes('*'));
            return !running && (failed || (prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:$/.test(p))));
        }""",
        timeout=RUN_TIMEOUT_MS,
    )
    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first).to_be_attached(
        timeout=RUN_TIMEOUT_MS
    )


def assert_no_errors(page: Any) -> None:
    """No traceback or other stderr output anywhere in the notebook."""
    stderr = notebook(page).locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    if stderr.count():
        pytest.fail(f"the notebook shows an error or warning:\n{stderr.first.inner_text()[:2000]}")


def assert_images_loaded(page: Any) -> int:
    """Every image in the outputs has loaded (natural width > 0); how many there are."""
    images = notebook(page).locator(".jp-OutputArea-output img")
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete", arg=image.element_handle())
        width = image.evaluate("img => img.naturalWidth")
        assert width > 0, f"image {index} ({image.get_attribute('class')}) did not load"
    return int(images.count())


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_shows_its_widgets_on_opening_and_after_run_all(open_notebook: Any, artifacts: Path, name: str):
    expected = widget_outputs_in_file(name)
    page = open_notebook(name)
    # Before running: the saved widget state draws every widget (the notebook is trusted).
    assert_widgets_drawn(page, expected, "on opening, before Run All")
    if expected:
        widget_views(page).first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"lab-{Path(name).stem}-0-opened.png"))
    # A learner ticks before Run All: the saved view says how to start it, and nothing changes.
    if expected:
        lessons.tick_before_run_all(page, artifacts, f"lab-{Path(name).stem}-0")

    run_all(page)
    assert_no_errors(page)
    assert_widgets_drawn(page, expected, "after Run All")
    expect(notebook(page).locator("[title=null]")).to_have_count(0)  # a label would show "null" when hovered
    assert_images_loaded(page)
    if name.startswith("10_"):
        plot = notebook(page).locator(".bl-diary-plot img.bl-diary-chart")
        expect(plot).to_have_count(1)
        assert plot.evaluate("img => img.naturalWidth") > 0, "the diary chart did not draw"
        # Its alt text says in words what it shows (diary_summary.chart_description).
        expect(plot).to_have_attribute("alt", re.compile(r"^Chart of pain and walking for \d+ days, from "))
    if name.startswith("09_"):
        assert_case_study_blank(page)
    if name.startswith("10_"):
        assert_diary_form_blank(page)
    # Accessibility of backlearn's outputs (tests/e2e/a11y.py): axe-core, Tab both ways, 24 px targets, 320 px.
    problems = a11y.lab_notebook(page, artifacts, Path(name).stem, VIEWPORT)
    assert not problems, "\n".join(problems)
    if expected:
        widget_views(page).first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"lab-{Path(name).stem}-1-after-run-all.png"))
    # The lesson's chart with its alt text, and one interaction with its activity (tests/e2e/lessons.py).
    lessons.after_run_all(page, name, artifacts, f"lab-{Path(name).stem}-2")


def assert_case_study_blank(page: Any) -> None:
    """The learner's own case widget is not answered by the worked example (it drives its own copy)."""
    study = notebook(page).locator(".bl-case-study")
    expect(study).to_have_count(1)
    expect(study.locator(".bl-case-triage input:checked")).to_have_count(0)
    expect(study.locator(".bl-symptom input:checked")).to_have_count(0)
    expect(study.locator(".bl-case-result")).to_have_text("")


def assert_diary_form_blank(page: Any) -> None:
    """The learner's diary form is not filled in with the worked example's entry."""
    form = notebook(page).locator(".bl-diary")
    expect(form).to_have_count(1)
    for field in form.locator("input[type=text], textarea").all():
        expect(field).to_have_value("")
    expect(form.locator(".bl-diary-status")).to_have_text("")
    expect(form.get_by_label("Pain today (0 = no pain, 10 = worst pain)")).to_have_value("0 (no pain)")


def in_view(page: Any, locator: Any) -> dict[str, Any]:
    """Where the element is against the notebook's visible area (below Lab's toolbars)."""
    return dict(
        locator.evaluate(
            """el => {
                const box = el.getBoundingClientRect();
                const area = el.closest('.jp-WindowedPanel-outer, .jp-Notebook').getBoundingClientRect();
                return {top: box.top, bottom: box.bottom, areaTop: area.top, areaBottom: area.bottom,
                        visible: box.height > 0 && box.top >= area.top - 1 && box.bottom <= area.bottom + 1};
            }"""
        )
    )


FOCUS_UNDER_BANNER = """() => {
    const el = document.activeElement;
    const explorer = el && el.closest('.bl-explorer');
    const banner = explorer && explorer.querySelector(':scope > .bl-banner-widget');
    if (!banner) return null;
    const f = el.getBoundingClientRect(), b = banner.getBoundingClientRect();
    const hidden = f.top >= b.top - 0.5 && f.bottom <= b.bottom + 0.5 && !banner.contains(el);
    return {hidden, what: (el.title || el.textContent || el.tagName).trim().slice(0, 60), top: f.top};
}"""


def test_notebook_08_ticking_a_warning_sign_shows_the_emergency_banner_next_to_the_tick(
    open_notebook: Any, artifacts: Path
):
    page = open_notebook("08_symptom_explorer.ipynb")
    run_all(page)
    explorer = notebook(page).locator(".bl-explorer").first
    banner = explorer.locator(".bl-banner-widget")
    expect(banner).to_contain_text("Nothing ticked yet", ignore_case=True)

    feels = explorer.locator(".bl-group-toggle").filter(has_text="What it feels like")
    feels.click()
    knot = explorer.locator(".bl-symptom-knot input[type=checkbox]")
    knot.click()
    expect(knot).to_be_checked()
    expect(banner).to_contain_text("Self-care", ignore_case=True)
    page.screenshot(path=str(artifacts / "lab-08-2-after-knot.png"))

    explorer.locator(".bl-group-toggle").filter(has_text="chest, breathing and heart").click()
    chest = explorer.locator(".bl-symptom-chest_pain input[type=checkbox]")
    chest.scroll_into_view_if_needed()
    chest.click()
    expect(chest).to_be_checked()
    expect(banner).to_contain_text("Emergency", ignore_case=True)
    where_banner, where_box = in_view(page, banner), in_view(page, chest)
    assert where_box["visible"], f"the tick box should be on screen: {where_box}"
    assert where_banner["visible"], f"the EMERGENCY banner should be on screen next to the tick: {where_banner}"
    page.screenshot(path=str(artifacts / "lab-08-3-after-chest-pain.png"))

    # Keyboard focus never lands hidden under the sticky banner, going backwards or forwards.
    hidden: list[dict[str, Any]] = []
    stops = 0
    for key, start in (("Shift+Tab", explorer.locator(".bl-export-button button, button.bl-export-button").first),
                       ("Tab", explorer.locator(".bl-group-toggle button").first)):
        start.scroll_into_view_if_needed()
        start.focus()
        for _press in range(40):
            page.keyboard.press(key)
            where = page.evaluate(FOCUS_UNDER_BANNER)
            stops += where is not None
            if where is not None and where["hidden"]:
                hidden.append({"key": key, **where})
    assert stops >= 60, f"tabbing stayed in the explorer for only {stops} of 80 presses"
    assert not hidden, f"{len(hidden)} focus stops were hidden under the banner: {hidden[:5]}"

    # axe-core on what backlearn puts in the notebook: the explorer's output area. JupyterLab's own
    # chrome (menus, side bars, the code editors) is not ours to fix and has findings of its own,
    # and the Markdown cells are the authors' prose; so the check is scoped to the widget output.
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"include": [[".jp-OutputArea-output:has(.bl-explorer)"]]})
    assert results.response["passes"], "axe-core found nothing to check in the explorer's output"
    violations = results.response["violations"]
    (artifacts / "axe-lab-08-after-chest-pain.json").write_text(json.dumps(violations, indent=1))
    assert not violations, "axe-core on notebook 08's explorer:\n" + "\n".join(
        f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}" for v in violations
    )


def test_notebook_08_typing_finds_walking_pain_and_its_follow_up_goes_with_it(open_notebook: Any, artifacts: Path):
    """Issue 23: "Type what you feel" narrows and highlights the boxes and says how many fit; "where
    does it ache when you walk?" appears once walking pain is ticked, and unticking that box hides
    the question, clears its answer and puts the answer back as it was."""
    page = open_notebook("08_symptom_explorer.ipynb")
    run_all(page)
    explorer = notebook(page).locator(".bl-explorer").first
    banner = explorer.locator(".bl-banner-widget")
    expect(banner).to_contain_text("Nothing ticked yet", ignore_case=True)
    question = explorer.locator(".bl-group-toggle").filter(has_text="Where does it ache when you walk?")
    expect(question).to_be_hidden()

    search = explorer.locator(".bl-search input")
    search.fill("it hurts when I walk")
    count = explorer.locator(".bl-search-count")
    expect(count).to_contain_text(re.compile(r"\d+ box(es)? fits? what you typed"))
    walking = explorer.locator(".bl-symptom-pain_on_walking")
    expect(walking).to_have_class(re.compile(r"\bbl-match\b"))
    expect(walking).to_be_visible()
    expect(explorer.locator(".bl-symptom-knot")).to_be_hidden()  # narrowed away
    walking.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "lab-08-search-1-walk.png"))

    walking.locator("input[type=checkbox]").click()
    expect(question).to_be_visible()
    expect(question.locator("button")).to_have_attribute("aria-expanded", "true")
    chest = explorer.locator(".bl-symptom-walk_ache_chest input[type=checkbox]")
    chest.scroll_into_view_if_needed()
    chest.click()
    expect(chest).to_be_checked()
    expect(banner).to_contain_text("Urgent", ignore_case=True)
    page.screenshot(path=str(artifacts / "lab-08-search-2-follow-up-chest.png"))

    walking.locator("input[type=checkbox]").scroll_into_view_if_needed()
    walking.locator("input[type=checkbox]").click()  # the parent unticked
    expect(question).to_be_hidden()
    expect(banner).to_contain_text("Nothing ticked yet", ignore_case=True)
    walking.locator("input[type=checkbox]").click()  # asked again: the old answer is gone
    expect(question).to_be_visible()
    expect(chest).not_to_be_checked()
    expect(banner).not_to_contain_text("Urgent", ignore_case=True)
    page.screenshot(path=str(artifacts / "lab-08-search-3-follow-up-cleared.png"))
    walking.locator("input[type=checkbox]").click()
    search.fill("")
    expect(count).to_have_count(0)


def _tab_to_glossary_word(page: Any, presses: int = 30) -> Any:
    for _press in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('bl-term')"):
            return page.locator(".bl-term:focus")
    pytest.fail(f"{presses} presses of Tab never reached a glossary word")


def test_notebook_08_a_glossary_word_in_the_advice_is_reached_by_keyboard_and_stays_in_the_notebook(
    open_notebook: Any, artifacts: Path
):
    """In widget HTML JupyterLab lets the browser follow the link: the address gains only a #part,
    the notebook stays open in its tab, the meaning is highlighted, and Tab reaches the way back."""
    page = open_notebook("08_symptom_explorer.ipynb")
    run_all(page)
    explorer = notebook(page).locator(".bl-explorer").first
    explorer.locator(".bl-group-toggle").filter(has_text="What it feels like").click()
    knot = explorer.locator(".bl-symptom-knot input[type=checkbox]")
    knot.click()
    advice = explorer.locator(".bl-guidance-widget")
    expect(advice.locator(".bl-term").first).to_be_attached()
    address = page.url.split("#")[0]
    explorer.locator(".bl-short-toggle input").focus()
    word = _tab_to_glossary_word(page)
    expect(word).to_have_accessible_description(re.compile(r"\w"))
    name = word.inner_text()
    page.keyboard.press("Enter")
    expect(advice.locator("dt:target")).to_contain_text(name, ignore_case=True)
    meaning = advice.locator("dt:target + dd")
    expect(meaning).to_be_in_viewport()
    assert page.url.split("#")[0] == address, "following a glossary word changed the notebook's address"
    expect(page.locator(".jp-NotebookPanel")).to_have_count(1)
    expect(page.locator(".lm-TabBar-tab.jp-mod-current").first).to_contain_text("08_symptom_explorer")
    page.screenshot(path=str(artifacts / "lab-08-glossary-meaning.png"))
    page.keyboard.press("Tab")
    expect(page.locator(".bl-term-back:focus")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(advice.locator(".bl-term:target")).to_be_in_viewport()





def saved_notebook(lab: LabServer, name: str, source: str, *, trusted: bool = True) -> str:
    """A notebook executed now (with this checkout's widgets, not the committed outputs) with its widget
    state saved, in the folder Lab serves, trusted as ``make lab`` trusts the course (or not): its name."""
    import os
    import subprocess
    import sys

    import nbformat
    from nbclient import NotebookClient

    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    NotebookClient(book, timeout=120, kernel_name="python3", store_widget_state=True).execute()
    nbformat.write(book, lab.root / name)
    if trusted:  # in the signature database of Lab's own data folder (conftest: beside the notebooks)
        env = {**os.environ, "JUPYTER_DATA_DIR": str(lab.root.parent / "data")}
        subprocess.run([str(Path(sys.executable).with_name("jupyter")), "trust", str(lab.root / name)],
                       env=env, check=True, capture_output=True)
    return name


def test_before_run_all_a_tick_shows_how_to_start_not_a_silent_box(open_notebook: Any, lab: LabServer,
                                                                   artifacts: Path):
    name = saved_notebook(lab, "zz_saved_explorer.ipynb", "from backlearn import SymptomExplorer\nSymptomExplorer()")
    page = open_notebook(name)
    explorer = notebook(page).locator(".bl-explorer").first
    expect(explorer).to_be_visible()
    # Drawn from the saved state, with no kernel behind it: it says how to start it, and looks inactive.
    lessons.expect_not_started(explorer, "the saved explorer")
    # A learner clicks a group heading and an area of the drawing: neither pretends to work.
    heading = explorer.locator(".bl-group-toggle button").first
    area = explorer.locator(".bl-region").first
    for target in (heading, area):
        target.scroll_into_view_if_needed()
        where = target.bounding_box()
        assert where is not None
        page.mouse.click(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)
    expect(heading).to_have_attribute("aria-expanded", "false")
    expect(area).to_have_attribute("aria-checked", "false")
    opacity = heading.evaluate("el => getComputedStyle(el.closest('.bl-explorer > *')).opacity")
    assert float(opacity) < 0.6, f"the inactive explorer should look greyed out (opacity {opacity})"
    page.screenshot(path=str(artifacts / "lab-saved-0-before-run-all-says-how-to-start.png"))

    run_all(page)
    explorer = notebook(page).locator(".bl-explorer").first
    expect(explorer).not_to_have_class(re.compile(r"\bjupyter-widgets-disconnected\b"))
    assert "Run All" not in explorer.evaluate(lessons.NOT_STARTED_MESSAGE)
    # The answer is said by a live region that stays in the page: the same node, its text changed.
    polite = explorer.locator(":scope > .bl-announcer .bl-live-polite")
    expect(polite).to_have_text("Nothing ticked yet.")
    polite.evaluate("el => { window.blLiveNode = el; }")
    explorer.locator(".bl-region").first.click()
    expect(explorer.locator(".bl-banner-widget")).not_to_contain_text("Nothing ticked yet", ignore_case=True)
    expect(polite).to_have_text(re.compile(r"1 box ticked\.$"))
    assert polite.evaluate("el => el === window.blLiveNode && el.isConnected"), "the live region was replaced"
    expect(page.get_by_role("status").filter(has_text="1 box ticked.")).to_have_count(1)
    page.screenshot(path=str(artifacts / "lab-saved-1-after-run-all-live.png"))

    # Keyboard focus on a group heading: at least 2 px and 3:1 against the page, despite Lab's 1 px ring.
    explorer.locator(".bl-region").last.focus()
    page.keyboard.press("Tab")  # "Type what you feel" comes before the groups
    expect(explorer.locator(".bl-search input")).to_be_focused()
    page.keyboard.press("Tab")
    heading = explorer.locator(".bl-group-toggle button").first
    expect(heading).to_be_focused()
    ring = heading.evaluate(
        "el => { const s = getComputedStyle(el); return {width: parseFloat(s.outlineWidth), style: s.outlineStyle,"
        " color: s.outlineColor, page: getComputedStyle(el.closest('.jp-Notebook')).backgroundColor}; }"
    )
    assert ring["style"] != "none" and ring["width"] >= 2, f"focus ring too thin: {ring}"
    assert a11y.contrast(ring["color"], ring["page"]) >= 3, f"focus ring contrast under 3:1: {ring}"
    page.screenshot(path=str(artifacts / "lab-saved-2-focus-on-group-heading.png"))



def test_an_untrusted_notebook_shows_a_friendly_line_not_the_widgets_python_text(open_notebook: Any,
                                                                                 lab: LabServer, artifacts: Path):
    source = "from backlearn import SymptomExplorer\nSymptomExplorer()"
    page = open_notebook(saved_notebook(lab, "zz_untrusted_explorer.ipynb", source, trusted=False))
    output = notebook(page).locator(".jp-OutputArea-output").first
    expect(output).to_contain_text("The symptom explorer. Press \u25b6\u25b6 Run All to start this")
    assert "(children=" not in output.inner_text()
    page.screenshot(path=str(artifacts / "lab-untrusted-friendly-line.png"))
