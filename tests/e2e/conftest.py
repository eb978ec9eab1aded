"""Fixtures for the browser tests: one Voilà app server per session, one Chromium, one page per test.

The tests use Debian's Chromium (/usr/bin/chromium, ``make browser`` installs it) through the
Playwright sync API; no browser download is needed. They skip, saying why, when Chromium,
Playwright or Voilà is missing. The server is always stopped, also when a test fails.
Screenshots and the server log go to test-artifacts/e2e/.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backlearn import places

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM = places.chromium()  # $BACKLEARN_CHROMIUM, else Debian's
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: First render after a page load starts a kernel and runs the notebook (about 3 s here; generous on CI).
LOAD_TIMEOUT_MS = 60_000



@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stale in ARTIFACTS.glob("*-FAILED-*.png"):  # from an earlier run: only this run's failures stay
        stale.unlink()
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: run 'make browser' (apt-get install chromium) for the browser tests")
    if importlib.util.find_spec("playwright") is None:
        pytest.skip("playwright is not installed: pip install -e '.[dev]' to run the browser tests")
    return CHROMIUM


@pytest.fixture(scope="session")
def plans_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the app's "Save my plan" writes during the tests."""
    return tmp_path_factory.mktemp("plans")


@pytest.fixture(scope="session")
def diary_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the app's pain diary saves during the tests (``$BACKLEARN_DIARY``)."""
    return tmp_path_factory.mktemp("diary")


@pytest.fixture(scope="session")
def app_url(chromium: Path, plans_dir: Path, diary_dir: Path, artifacts: Path) -> Iterator[str]:
    """Start `backlearn app` on a free loopback port; stop it (and its kernels) at the end."""
    from backlearn.app import AppStartError, missing_packages, start

    missing = missing_packages()
    if missing:
        pytest.skip(f"the app needs {', '.join(missing)}: pip install -e '.[app]' to run the browser tests")
    log_path = artifacts / "voila.log"
    with log_path.open("w") as log:
        try:
            env = {**os.environ, "BACKLEARN_DIARY": str(diary_dir)}
            server = start(plans_dir=plans_dir, env=env, log=log, timeout=60)
        except AppStartError as error:
            pytest.fail(f"{error}; see {log_path.relative_to(ROOT)}")
        try:
            yield server.url
        finally:
            server.stop()
    assert not server.alive()


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def open_app(browser: Any, url: str, viewport: dict[str, int]) -> Any:
    """A new page with the app loaded and its first render done (one kernel per call)."""
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(url, timeout=LOAD_TIMEOUT_MS)
    page.locator(".bl-banner").wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    return page


@pytest.fixture
def make_page(browser: Any, app_url: str, artifacts: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """``make_page(viewport)`` opens the app; the page is closed after the test (screenshot on failure)."""
    pages: list[Any] = []

    def _make(viewport: dict[str, int]) -> Any:
        page = open_app(browser, app_url, viewport)
        pages.append(page)
        return page

    yield _make
    failed = getattr(request.node, "rep_call", None)
    for number, page in enumerate(pages):
        if failed is not None and failed.failed:
            page.screenshot(path=str(artifacts / f"{request.node.name}-FAILED-{number}.png"), full_page=True)
        page.context.close()


# --------------------------------------------------------------------------- JupyterLab

#: What JupyterLab needs on top of Playwright (import names, all in the ``notebooks`` extra).
LAB_PACKAGES = ("jupyterlab", "ipykernel", "ipywidgets")


class LabServer:
    """A running JupyterLab: ``url`` (ends with /), ``token``, ``root`` (the folder it serves)."""

    def __init__(self, process: Any, url: str, token: str, root: Path) -> None:
        self.process, self.url, self.token, self.root = process, url, token, root

    def api(self, method: str, path: str) -> Any:
        """Call the server's REST API (``path`` like ``api/sessions``); the decoded JSON, or None."""
        import json
        import urllib.request

        request = urllib.request.Request(
            self.url + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def wait_for_kernel(self, path: str, timeout: float = 120.0) -> None:
        """Wait until the notebook at ``path`` has a kernel that is idle (started and connected)."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for session in self.api("GET", "api/sessions"):
                kernel = session.get("kernel") or {}
                if session.get("path") == path and kernel.get("execution_state") == "idle":
                    return
            time.sleep(0.3)
        raise AssertionError(f"no idle kernel for {path} after {timeout:.0f} s")

    def shut_down_kernels(self) -> None:
        """End every session (and its kernel), so notebooks tested earlier do not keep running."""
        for session in self.api("GET", "api/sessions"):
            self.api("DELETE", f"api/sessions/{session['id']}")


def _lab_settings(folder: Path) -> Path:
    """User settings for the test server: no news or update checks (they would pop up over the
    notebook and need the internet); otherwise JupyterLab's defaults, as a learner has them."""
    import json

    notification = folder / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True, exist_ok=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    return folder


def _jupyter_server(app: str, chromium: Path, artifacts: Path, base: Path) -> Iterator[LabServer]:
    """A Jupyter server (``app``: ``lab``, or ``notebook`` for Notebook 7) on a free loopback port with
    a random token, serving a copy of notebooks/ (Run All and autosave must never touch the committed
    files), trusted the way ``make lab`` trusts them, with its own Jupyter config, data and runtime
    folders, and diary and plan folders in a temporary place. Stopped, with its kernels, at the end."""
    import secrets
    import shutil
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    from backlearn.places import free_port

    root = base / "notebooks"
    shutil.copytree(ROOT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTER_DATA_DIR=str(base / "data"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        BACKLEARN_PLANS=str(base / "plans"),
        BACKLEARN_DIARY=str(base / "diary"),
        MPLBACKEND="Agg",
    )
    jupyter = Path(sys.executable).with_name("jupyter")
    # The same command `make lab` runs: without it every widget shows as its Python text.
    subprocess.run([str(jupyter), "trust", *sorted(map(str, root.glob("*.ipynb")))],
                   env=env, check=True, capture_output=True)
    token, port = secrets.token_hex(16), free_port()
    settings = "LabApp" if app == "lab" else "JupyterNotebookApp"
    command = [
        str(jupyter), app, "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        f"--{settings}.user_settings_dir={_lab_settings(base / 'settings')}",
        f"--{settings}.workspaces_dir={base / 'workspaces'}",
        "--ServerApp.open_browser=False",
    ]
    if app == "lab":
        command.append("--LabApp.news_url=None")
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")
    log_path = artifacts / f"jupyter{app}.log"
    url = f"http://127.0.0.1:{port}/"
    with log_path.open("w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    pytest.fail(f"jupyter {app} exited with code {process.returncode}; "
                                f"see {log_path.relative_to(ROOT)}")
                if time.monotonic() > deadline:
                    pytest.fail(f"jupyter {app} did not answer within 120 s; see {log_path.relative_to(ROOT)}")
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        pass
                    urllib.request.urlopen(f"{url}api/status?token={token}", timeout=5).close()
                    break
                except (OSError, urllib.error.URLError):
                    time.sleep(0.3)
            yield LabServer(process, url, token, root)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # the server shuts its kernels down
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(10)


@pytest.fixture(scope="session")
def lab(chromium: Path, artifacts: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """One JupyterLab for the session (see :func:`_jupyter_server`)."""
    missing = [name for name in LAB_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"JupyterLab tests need {', '.join(missing)}: pip install -e '.[notebooks]'")
    yield from _jupyter_server("lab", chromium, artifacts, tmp_path_factory.mktemp("lab"))


@pytest.fixture(scope="session")
def notebook7(chromium: Path, artifacts: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """One Jupyter Notebook 7 for the session (the classic-looking interface some schools use)."""
    missing = [name for name in (*LAB_PACKAGES, "notebook") if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"Notebook 7 tests need {', '.join(missing)}: pip install -e '.[notebooks]'")
    yield from _jupyter_server("notebook", chromium, artifacts, tmp_path_factory.mktemp("notebook7"))
