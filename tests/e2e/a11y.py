"""Accessibility checks shared by the browser tests (docs/accessibility.md says what each one means).

Each check runs on a page already open and scoped to backlearn's own elements (a CSS selector),
so one page load serves all of them:

- :func:`axe` - axe-core, 0 violations of any impact; the result goes to test-artifacts.
- :func:`keyboard_walk` - Tab forwards and Shift+Tab backwards: every stop inside the scope is on
  screen and not covered by anything (the sticky banner, for one), and its focus ring is at least
  2 px wide and 3:1 against the background behind it.
- :func:`reflow` - at 320 CSS px wide nothing scrolls sideways.
- :func:`small_targets` - every control is at least 24 by 24 CSS px (a box inside its label counts
  the label, as a click on it ticks the box; links inside a sentence are exempt, as WCAG 2.5.8 says).
- :func:`live_regions` - the live regions inside a part of the page, read from Chromium's own
  accessibility tree (what a screen reader is given): which node, its role, politeness and text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

#: axe-core findings known and not fixed here (docs/accessibility.md, "Known gaps"): (rule, a part of
#: the element's selector). None: the diary's pain score is a labelled drop-down list and its chart an
#: <img> with alt text (widgets/diary_form.py), so axe reports either if it comes back.
KNOWN: set[tuple[str, str]] = set()
#: The teacher pack's pages now have a <main> landmark and an <h1> each: nothing is left out for them.
KNOWN_PACK_RULES: set[str] = set()

#: 320 CSS px: a 1280 px screen at 400% zoom (WCAG 1.4.10).
NARROW = {"width": 320, "height": 640}

_FOCUS = """([scope]) => {
    const el = document.activeElement;
    if (!el || el === document.body || !el.closest(scope)) return null;
    const box = el.getClientRects()[0] || el.getBoundingClientRect();  // a wrapped link: its first line
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(box.top + Math.min(box.height / 2, 12), 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
        && box.right > 0 && box.left < innerWidth;
    const covered = !hit || !(el.contains(hit) || hit.contains(el) || hit === el.closest('label')
        || (el.closest('label') && el.closest('label').contains(hit)));
    const s = getComputedStyle(el);
    let bg = null;
    for (let n = el.parentElement; n; n = n.parentElement) {
        const c = getComputedStyle(n).backgroundColor;
        if (c && c !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(c)) { bg = c; break; }
    }
    return {what: (el.getAttribute('aria-label') || el.title || el.textContent || el.tagName).trim().slice(0, 50),
            onScreen, covered, hit: hit ? hit.className.toString().slice(0, 60) : null,
            ring: s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth), color: s.outlineColor,
            bg: bg || 'rgb(255, 255, 255)'};
}"""

_TARGETS = """([scope]) => {
    const small = [];
    const controls = document.querySelectorAll(`${scope} :is(button, input:not([type=hidden]), select, textarea,
        a[href], [role=checkbox], [role=button], [tabindex]:not([tabindex="-1"]))`);
    for (const el of controls) {
        const s = getComputedStyle(el);
        if (s.visibility === 'hidden' || el.closest('[hidden]')) continue;
        if (el.tagName === 'A' && s.display === 'inline') continue;  // a link in a sentence: exempt
        // A tick box or radio button counts its label (a click on it ticks the box); other controls are their own box.
        const ticks = el.matches('input[type=checkbox], input[type=radio], [role=checkbox]');
        const target = (ticks && (el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`))))
            || el;
        const box = target.getBoundingClientRect();
        const own = el.getBoundingClientRect();
        if (own.width === 0 && own.height === 0) continue;  // not shown
        if (box.width < 23.5 || box.height < 23.5)
            small.push(`${el.tagName.toLowerCase()}.${el.className.toString().split(' ')[0]} '` +
                       (el.getAttribute('aria-label') || el.title || el.textContent || el.value || '')
                           .trim().slice(0, 30) +
                       `' ` +
                       `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
    return small;
}"""


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours (alpha ignored)."""
    def luminance(colour: str) -> float:
        red, green, blue = (int(float(v)) / 255 for v in re.findall(r"[\d.]+", colour)[:3])

        def linear(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def axe(page: Any, artifacts: Path, name: str, scope: str | None = None, known_rules: frozenset[str] = frozenset()
        ) -> list[str]:
    """axe-core's violations (any impact) inside ``scope``, one line each; the full result as axe-NAME.json."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"include": [[scope]]} if scope else None)
    assert results.response["passes"], f"axe-core found nothing to check on {name}"
    violations = results.response["violations"]
    (artifacts / f"axe-{name}.json").write_text(json.dumps(violations, indent=1))
    found = []
    for v in violations:
        if v["id"] in known_rules:
            continue
        nodes = [n for n in v["nodes"]
                 if not any(rule == v["id"] and part in " ".join(map(str, n["target"])) + n.get("html", "")
                            for rule, part in KNOWN)]
        if nodes:
            found.append(f"{name}: {v['id']} ({v['impact']}, {len(nodes)} nodes: "
                         f"{', '.join(str(n['target'][-1]) for n in nodes[:3])}): {v['help']}")
    return found


def keyboard_walk(page: Any, scope: str, first: Any, last: Any, presses: int = 25) -> tuple[int, list[str]]:
    """Tab ``presses`` times on from ``first``, then Shift+Tab as many times back from ``last``: how many
    stops were inside ``scope`` and what was wrong with them (off screen, covered, no ring, ring too faint)."""
    problems: list[str] = []
    stops = 0
    for key, start in (("Tab", first), ("Shift+Tab", last)):
        start.scroll_into_view_if_needed()
        start.focus()
        for _press in range(presses):
            page.keyboard.press(key)
            where = page.evaluate(_FOCUS, [scope])
            if where is None:
                continue
            stops += 1
            said = f"{key} to '{where['what']}'"
            if not where["onScreen"]:
                problems.append(f"{said}: off screen")
            elif where["covered"]:
                problems.append(f"{said}: covered by {where['hit']!r}")
            if where["ring"] < 2:
                problems.append(f"{said}: focus ring {where['ring']} px")
            elif contrast(where["color"], where["bg"]) < 3:
                problems.append(f"{said}: focus ring {where['color']} on {where['bg']} "
                                f"is {contrast(where['color'], where['bg']):.1f}:1")
    return stops, sorted(set(problems))


FOCUSABLE = ":is(button, input:not([type=hidden]), select, textarea, a[href], [tabindex]:not([tabindex='-1']))"


def reflow_each(page: Any, scope: str) -> list[str]:
    """Each element matching ``scope`` fits its own width (nothing inside it scrolls sideways)."""
    return list(page.evaluate(
        """([scope]) => [...document.querySelectorAll(scope)]
            .filter(el => el.scrollWidth > el.clientWidth + 1)
            .map(el => {
                // What sticks out furthest (the culprit), for the message.
                const right = el.getBoundingClientRect().left + el.clientWidth;
                let widest = null, far = right;
                for (const inner of el.querySelectorAll('*')) {
                    const r = inner.getBoundingClientRect().right;
                    if (r > far + 0.5) { far = r; widest = inner; }
                }
                const what = widest ? `${widest.tagName.toLowerCase()}.${widest.className.toString().slice(0, 50)}`
                    : '?';
                return `${el.className.toString().slice(0, 40)} is ${el.scrollWidth} px wide in ${el.clientWidth} px`
                    + ` (${what} sticks out ${Math.round(far - right)} px)`;
            })""",
        [scope]))


def reflow(page: Any, scroller: str | None = None) -> list[str]:
    """At the page's current size: does ``scroller`` (default the document) scroll sideways?"""
    widths = page.evaluate(
        "([sel]) => { const s = (sel && document.querySelector(sel)) || document.scrollingElement;"
        " return [s.scrollWidth, s.clientWidth]; }", [scroller])
    return [f"{scroller or 'page'} is {widths[0]} px wide in {widths[1]} px"] if widths[0] > widths[1] + 1 else []


def small_targets(page: Any, scope: str) -> list[str]:
    """Controls inside ``scope`` smaller than 24 by 24 CSS px."""
    return list(page.evaluate(_TARGETS, [scope]))


#: backlearn's own outputs in a JupyterLab notebook (its widgets and the HTML it displays); the
#: Markdown cells are the authors' prose and Lab's chrome (menus, side bars, editors) is Lab's.
LAB_SCOPE = ".jp-OutputArea-output:has([class*='bl-'])"
#: Lab skips drawing cells off screen (content-visibility); for measuring, every cell is drawn.
_DRAW_ALL = ".jp-Notebook .jp-Cell { content-visibility: visible !important; }"
#: Each of backlearn's outputs as a 320 CSS px column (the width of a phone at 400% zoom).
_COLUMN = f"{LAB_SCOPE} {{ width: 320px !important; max-width: 320px !important; flex: 0 0 320px !important; }}"


def lab_notebook(page: Any, artifacts: Path, stem: str, viewport: dict[str, int]) -> list[str]:
    """Every check on a notebook open in JupyterLab after Run All; a screenshot at 320 px."""
    page.add_style_tag(content=_DRAW_ALL)
    if not page.locator(LAB_SCOPE).count():
        return []
    problems = axe(page, artifacts, f"lab-{stem}", LAB_SCOPE)
    controls = page.locator(f"{LAB_SCOPE} {FOCUSABLE}:visible")
    if controls.count():
        stops, walk = keyboard_walk(page, LAB_SCOPE, controls.first, controls.last, presses=12)
        problems += walk if stops else ["Tab never reached a control in backlearn's outputs"]
    problems += [f"target {t}" for t in small_targets(page, LAB_SCOPE)]
    # 320 px: at that width JupyterLab's own layout (prompts, side bar) leaves an output 0-20 px, so
    # each of backlearn's outputs is given a 320 px column of its own and must fit it (nothing inside
    # scrolls sideways but a table's own scroller); the screenshot at 320 px shows Lab's layout.
    column = page.add_style_tag(content=_COLUMN)
    try:
        problems += [f"in a 320 px column: {p}" for p in reflow_each(page, LAB_SCOPE)]
    finally:
        column.evaluate("el => el.remove()")
    page.set_viewport_size(NARROW)
    try:
        page.locator(LAB_SCOPE).first.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"a11y-lab-{stem}-320px.png"))
    finally:
        page.set_viewport_size(viewport)
    return [f"{stem}: {p}" for p in problems]


def live_regions(page: Any, selector: str) -> list[dict[str, Any]]:
    """The live regions among the elements matching ``selector``, from Chromium's accessibility tree
    (CDP ``Accessibility.getFullAXTree``): for each, its DOM node's id (the same id after a change
    means the same node stayed), its role, ``live`` (polite or assertive) and the text it holds."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        ids = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
        wanted = [cdp.send("DOM.describeNode", {"nodeId": i})["node"]["backendNodeId"] for i in ids]
        tree = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    nodes = {n["nodeId"]: n for n in tree}

    def text(node: dict[str, Any]) -> str:
        if node.get("role", {}).get("value") == "StaticText":
            return str(node.get("name", {}).get("value", ""))
        return "".join(text(nodes[c]) for c in node.get("childIds", []) if c in nodes)

    found = []
    for backend in wanted:
        for node in tree:
            if node.get("backendDOMNodeId") != backend:
                continue
            props = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
            found.append({"node": backend, "role": node.get("role", {}).get("value"), "live": props.get("live"),
                          "text": text(node).strip()})
    return found
