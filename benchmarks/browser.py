"""The waits a learner feels, in a real browser (Playwright driving Debian's /usr/bin/chromium).

Three measures, each against a bare page served the same way and measured interleaved:

- ``app_start``: from spawning ``backlearn app`` until the explorer's banner is visible, against
  spawning Voilà on a bare one-Checkbox notebook until its check box is visible.
- ``voila_ticks``: from clicking a tick box until the banner, the guidance and the checklists have
  all changed on the page and the browser has reached its next frame, against clicking the bare
  page's Checkbox until its one HTML has changed.
- ``lab_ticks``: the same in JupyterLab, notebook 08 (after Run All) against a bare notebook with
  one Checkbox bound to one HTML.

The time is taken inside the page (``performance.now()``; a MutationObserver per panel), so the
figures hold no Playwright round trips. Used by run.py; every server started is stopped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backlearn import places

CHROMIUM = places.chromium()  # $BACKLEARN_CHROMIUM, else Debian's
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LOAD_TIMEOUT_MS = 90_000

#: The app's three answer panels and the box ticked (it changes all three).
APP_TARGETS = (".bl-banner-widget", ".bl-guidance-widget", ".bl-checklists")
APP_BOX = ".bl-symptom-knot input[type=checkbox]"
APP_GROUP = "What it feels like"  # the heading of the group holding APP_BOX
BARE_TARGETS = (".bare-html",)
BARE_BOX = ".bare-box input[type=checkbox]"

BARE_SOURCE = """\
import ipywidgets as widgets

box = widgets.Checkbox(value=False, description="Tick me", indent=False, _dom_classes=("bare-box",))
html = widgets.HTML(value="<p>Not ticked</p>", _dom_classes=("bare-html",))
box.observe(lambda change: setattr(html, "value", f"<p>Ticked: {change['new']}</p>"), names="value")
widgets.VBox([box, html])"""

# Clicks the box, then resolves with the ms until every target element has changed (a mutation
# anywhere inside it) and the next animation frame has come; null after 10 s.
TICK_JS = """
async ([box, targets]) => {
  const input = document.querySelector(box);
  const els = targets.map(t => document.querySelector(t));
  if (!input || els.some(e => !e)) return {error: "missing " + box + " or " + targets.join(", ")};
  return await new Promise(resolve => {
    const seen = new Array(els.length).fill(null);
    const observers = [];
    let t0 = 0;
    const timer = setTimeout(() => {
      observers.forEach(o => o.disconnect());
      resolve({error: "timeout", seen});
    }, 10000);
    els.forEach((el, i) => {
      const o = new MutationObserver(() => {
        if (seen[i] !== null) return;
        seen[i] = performance.now() - t0;
        if (seen.every(s => s !== null)) {
          observers.forEach(x => x.disconnect());
          clearTimeout(timer);
          requestAnimationFrame(() => resolve({ms: performance.now() - t0, seen}));
        }
      });
      o.observe(el, {subtree: true, childList: true, characterData: true, attributes: true});
      observers.push(o);
    });
    t0 = performance.now();
    input.click();
  });
}
"""


def available() -> str:
    """Empty when the browser measures can run, else why not."""
    import importlib.util

    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (make browser)"
    for name in ("playwright", "voila", "jupyterlab"):
        if importlib.util.find_spec(name) is None:
            return f"{name} is not installed (pip install -e '.[dev]')"
    return ""


def write_bare_notebook(path: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(BARE_SOURCE)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nbformat.write(nb, path)
    return path


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


@contextmanager
def serving(cmd: list[str], port: int, env: dict[str, str], log: Path, cwd: Path | None = None) -> Iterator[Server]:
    """Run a server in its own process group until the block ends; then stop it and its kernels."""
    from backlearn.app import AppServer
    from backlearn.places import app_share

    env = dict(env)  # backlearn's Voilà template, as `backlearn app` finds it, for the bare page too
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(app_share()), env.get("JUPYTER_PATH", "")]))
    with log.open("ab") as out:
        process = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    server = AppServer(process, port)
    try:
        server.wait_ready(120)
        yield Server(process, port)
    finally:
        server.stop()


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(LOAD_TIMEOUT_MS)
    return context.new_page()


#: Per page name, per tick: when each target changed (ms after the click), for the notes.
PANEL_TIMES: dict[str, list[list[float]]] = {}


def tick(page: Any, box: str, targets: tuple[str, ...], name: str = "") -> float:
    """One click's time to every target changed and the next frame, in ms (inside the page)."""
    result = page.evaluate(TICK_JS, [box, list(targets)])
    if "ms" not in result:
        raise RuntimeError(f"tick did not update the page: {json.dumps(result)}")
    if name:
        PANEL_TIMES.setdefault(name, []).append([float(t) for t in result["seen"]])
    return float(result["ms"])


def tick_pairs(pages: Mapping[str, tuple[Any, str, tuple[str, ...]]], ticks: int, block: int = 5,
               pause: float = 0.2) -> dict[str, list[float]]:
    """Click each page's box ``ticks`` times, in blocks of ``block`` that alternate between the pages
    (and whose order alternates), after 4 warm-up clicks each. Returns ms per click, per page."""
    times: dict[str, list[float]] = {name: [] for name in pages}
    for page, box, targets in pages.values():
        for _ in range(4):
            tick(page, box, targets)
            time.sleep(pause)
    names = list(pages)
    number = 0
    while min(len(v) for v in times.values()) < ticks:
        order = names if number % 2 == 0 else names[::-1]
        for name in order:
            page, box, targets = pages[name]
            for _ in range(block):
                times[name].append(tick(page, box, targets, name))
                time.sleep(pause)
        number += 1
    return times


# ----------------------------------------------------------------------------- measures


def app_start(env: dict[str, str], work: Path, rounds: int) -> dict[str, list[float]]:
    """Seconds from spawning the server to a usable page: the app's banner, or the bare check box."""
    from backlearn.app import voila_command

    bare_nb = write_bare_notebook(work / "bare_voila.ipynb")
    bin_dir = Path(sys.executable).parent
    times: dict[str, list[float]] = {"app": [], "bare": []}

    def once(browser: Any, which: str) -> float:
        port = places.free_port()
        if which == "app":
            cmd = [str(bin_dir / "backlearn"), "app", "--port", str(port), "--no-browser"]
            ready = ".bl-banner"
        else:
            cmd = voila_command(port, bare_nb)
            ready = BARE_BOX
        t0 = time.perf_counter()
        with serving(cmd, port, env, work / f"voila-start-{which}.log") as server:
            page = new_page(browser)
            try:
                page.goto(server.url, timeout=LOAD_TIMEOUT_MS)
                page.locator(ready).first.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
                elapsed = time.perf_counter() - t0
            finally:
                page.context.close()
        return elapsed

    with chromium() as browser:
        once(browser, "app")  # warm-up: .pyc files, the content cache, Voilà's templates
        once(browser, "bare")
        for number in range(rounds):
            order = ("app", "bare") if number % 2 == 0 else ("bare", "app")
            for which in order:
                times[which].append(once(browser, which))
    return times


def voila_ticks(env: dict[str, str], work: Path, ticks: int) -> dict[str, list[float]]:
    """Click → visible update on the app's page and on a bare Voilà page, interleaved."""
    from backlearn.app import voila_command

    bare_nb = write_bare_notebook(work / "bare_voila.ipynb")
    app_port, bare_port = places.free_port(), places.free_port()
    app_cmd = [str(Path(sys.executable).parent / "backlearn"), "app", "--port", str(app_port), "--no-browser"]
    with serving(app_cmd, app_port, env, work / "voila-app.log") as app, \
            serving(voila_command(bare_port, bare_nb), bare_port, env, work / "voila-bare.log") as bare, \
            chromium() as browser:
        app_page = new_page(browser)
        app_page.goto(app.url)
        app_page.locator(".bl-banner").wait_for(state="visible")
        # The app starts with every group folded, its tick boxes not made yet: open the group
        # holding the box, as a learner does, before the ticks are timed.
        app_page.locator(".bl-group-toggle").filter(has_text=APP_GROUP).click()
        app_page.locator(APP_BOX).wait_for(state="visible")
        bare_page = new_page(browser)
        bare_page.goto(bare.url)
        bare_page.locator(BARE_BOX).wait_for(state="visible")
        return tick_pairs({"app": (app_page, APP_BOX, APP_TARGETS), "bare": (bare_page, BARE_BOX, BARE_TARGETS)},
                          ticks)


def _run_all(page: Any, ready: str) -> None:
    """Run > Run All Cells in JupyterLab, then wait until the kernel has run every cell."""
    import re

    page.locator(".jp-Notebook").first.wait_for(state="visible")
    # Lab may ask "Select Kernel" a moment after the page shows: accept it, then go on once the
    # kernel has been idle with no dialog for 2 s.
    select = page.locator(".jp-Dialog .jp-mod-accept")
    quiet_since = time.monotonic()
    deadline = time.monotonic() + LOAD_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        if select.count():
            select.first.click()
            quiet_since = time.monotonic()
        elif page.locator(".jp-Notebook-ExecutionIndicator[data-status=idle]").count() == 0:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > 2:
            break
        time.sleep(0.2)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    page.locator(ready).first.wait_for(state="visible")
    for _ in range(2):  # idle, with every prompt numbered, twice half a second apart
        page.wait_for_function(
            "() => document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status === 'idle' && "
            "[...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
            ".every(p => /\\[\\d+\\]/.test(p.textContent))",
            timeout=LOAD_TIMEOUT_MS,
        )
        time.sleep(0.5)


def lab_ticks(env: dict[str, str], work: Path, notebook: Path, ticks: int) -> dict[str, list[float]]:
    """Click → visible update in JupyterLab: notebook 08 against a bare Checkbox → HTML notebook."""

    root = work / "lab"
    root.mkdir(exist_ok=True)
    shutil.copy(notebook, root / notebook.name)  # a copy: Lab may save outputs into it
    write_bare_notebook(root / "bare.ipynb")
    port = places.free_port()
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           "--allow-root", "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
           f"--ServerApp.root_dir={root}", "--LabApp.news_url=None", "--LabApp.check_for_updates_class="
           "jupyterlab.NeverCheckForUpdate"]
    lab_env = dict(env, BACKLEARN_CONTENT=env.get("BACKLEARN_CONTENT", ""))
    if not lab_env["BACKLEARN_CONTENT"]:
        lab_env.pop("BACKLEARN_CONTENT")
    with serving(cmd, port, lab_env, work / "lab.log", cwd=root) as lab, chromium() as browser:
        pages = {}
        for name, file, box, targets in (
            ("notebook", notebook.name, APP_BOX, APP_TARGETS),
            ("bare", "bare.ipynb", BARE_BOX, BARE_TARGETS),
        ):
            page = new_page(browser)
            # Each page in a workspace of its own: at lab/tree/... the second page would restore the
            # first one's tab from Lab's shared default workspace, a second live copy of notebook 08
            # on the same kernel, in another browser process, drawing every tick as well.
            page.goto(f"{lab.url}lab/workspaces/bench-{name}/tree/{file}")
            # Lab scrolls to the last cell as it runs them, where the explorer may be out of sight
            # (hidden, in Lab's windowed notebook): wait for the notebook, then show the box.
            _run_all(page, ".jp-Notebook")
            _show_box(page, box)
            pages[name] = (page, box, targets)
        return tick_pairs(pages, ticks)


def _show_box(page: Any, box: str) -> None:
    """Bring the box to tick into view, as a learner does: Run All leaves Lab scrolled to the last
    cell, the explorer out of sight (and not drawn), so open the box's group if it is folded and
    scroll to the box."""
    if box == APP_BOX:
        folded = page.locator(".bl-group-toggle").filter(has_text=APP_GROUP).locator("[aria-expanded=false]")
        if folded.count():
            folded.first.click()
    page.locator(box).first.scroll_into_view_if_needed()
    page.locator(box).first.wait_for(state="visible")
    time.sleep(0.5)  # let Lab settle after the scroll (its windowed list measures the cells it shows)
