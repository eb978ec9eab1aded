"""The web app's Python side, without a browser (tests/e2e has the browser tests)."""

from __future__ import annotations

import json
import os

from backlearn import app
from backlearn.cli import main
from backlearn.places import REGION_ENV
from backlearn.widgets import page as page_module


def test_serve_without_voila_says_to_install_the_app_extra(monkeypatch, capsys):
    monkeypatch.setattr(app, "missing_packages", lambda: ["voila"])
    assert app.serve() == 2
    err = capsys.readouterr().err
    assert "voila" in err
    assert "pip install 'backlearn[app]'" in err


def test_cli_app_passes_its_options_to_serve(monkeypatch):
    seen: dict[str, object] = {}
    monkeypatch.setattr(app, "serve", lambda **kwargs: seen.update(kwargs) or 0)
    assert main(["app", "--port", "9999", "--no-browser", "--plans-dir", "plans"]) == 0
    assert seen == {"port": 9999, "open_browser": False, "plans_dir": "plans", "region": None}
    assert main(["app"]) == 0
    assert seen == {"port": None, "open_browser": True, "plans_dir": None, "region": None}
    assert main(["app", "--region", "us"]) == 0
    assert seen["region"] == "us" and REGION_ENV not in os.environ, "passed to the server, not put in this process"


def test_serve_gives_the_region_to_the_pages_kernels_as_the_class_setting(monkeypatch, tmp_path):
    started: list[object] = []

    def start(port, **kwargs):
        started.append(kwargs["env"])
        raise KeyboardInterrupt  # as Ctrl+C while it starts: serve returns at once

    for name, value in (("missing_packages", lambda: []), ("_content_problem", lambda: None),
                        ("_stop_on_signals", lambda: None), ("_server_log_path", lambda: tmp_path / "app.log"),
                        ("start", start)):
        monkeypatch.setattr(app, name, value)
    assert app.serve(region="us") == app.EXIT_OK and app.serve() == app.EXIT_OK
    assert started[0][REGION_ENV] == "us" and started[0]["PATH"] == os.environ["PATH"]
    assert started[1] is None, "no region: the server's own environment, as it is"


def test_voila_listens_on_loopback_only_and_opens_no_browser_itself():
    command = app.voila_command(8123)
    assert "--Voila.ip=127.0.0.1" in command
    assert "--port=8123" in command
    assert "--no-browser" in command
    assert str(app.notebook_path()) in command


def test_the_app_notebook_is_shipped_and_ticks_nothing():
    notebook = json.loads(app.notebook_path().read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    text = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    assert "app_page()" in code
    assert ".value" not in code, "Voila runs every cell: the app must start with nothing ticked"
    assert "education, not diagnosis" in text.lower()
    assert all(not c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code")


def test_the_page_style_keeps_the_banner_on_top_and_the_targets_large():
    css = page_module.APP_CSS
    assert "position: sticky" in css and "top: 0" in css
    assert "width: 24px; height: 24px" in css
    assert "min-height: 44px" in css
    assert "white-space: normal" in css
    assert "max-width: 60rem" in css


def test_the_page_switches_between_the_explorer_and_the_seven_questions():
    page = page_module.app_page()
    assert page.explorer.layout.display != "none" and page.lessons.layout.display == "none"
    assert page.explorer.value == (), "the app starts with nothing ticked"
    assert not page.lessons.children, "the lessons are built the first time they are chosen"
    page.switch.value = "lessons"
    assert page.explorer.layout.display == "none" and page.lessons.layout.display != "none"
    assert "bl-lessons" in page.lessons.children[0]._dom_classes
    page.switch.value = "explorer"
    assert page.explorer.layout.display != "none"
    assert "bl-app" in page._dom_classes and "bl-app-style" in page.children[0]._dom_classes


def test_the_page_offers_case_studies_and_the_diary_built_when_first_chosen(tmp_path, monkeypatch):
    from backlearn.widgets.case_study import CaseStudy
    from backlearn.widgets.diary_form import DiaryForm

    monkeypatch.setenv("BACKLEARN_DIARY", str(tmp_path))
    page = page_module.app_page()
    assert [label for label, _value in page.switch.options] == [
        "Check my back pain", "The seven questions", "Case studies", "My pain diary"
    ]
    assert page.cases.children == () and page.diary.children == (), "built only when chosen"
    page.switch.value = "cases"
    assert page.cases.layout.display != "none" and page.explorer.layout.display == "none"
    study = page.cases.children[1]
    assert isinstance(study, CaseStudy) and "<h2>Case studies</h2>" in page.cases.children[0].value
    page.switch.value = "diary"
    form = page.diary.children[1]
    assert isinstance(form, DiaryForm) and form.path == tmp_path / "diary.csv"
    assert page.cases.layout.display == "none" and page.diary.layout.display != "none"
    page.switch.value = "cases"
    assert page.cases.children[1] is study, "switching back keeps the learner's case"

def _kernels(server: app.AppServer) -> int:
    import psutil

    count = 0
    for child in psutil.Process(server.process.pid).children(recursive=True):
        try:  # a stopped kernel may linger as a zombie until Voilà reaps it: not a kernel any more
            if child.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(child.cmdline()):
                count += 1
        except psutil.Error:
            continue
    return count


def test_closed_pages_give_their_kernels_back(tmp_path):
    """Ten page loads start ten kernels; once nobody is connected, Voilà's culling stops them all."""
    import time
    import urllib.request

    import pytest

    if app.missing_packages():
        pytest.skip("the app extra is not installed")
    assert "--MappingKernelManager.cull_connected=False" in app.voila_command(8000)
    with (tmp_path / "voila.log").open("wb") as log, app.start(log=log, cull_idle_timeout=3, cull_interval=1) as server:
        for _ in range(10):
            with urllib.request.urlopen(server.url, timeout=120) as page:
                assert page.status == 200
        peak = _kernels(server)
        deadline = time.monotonic() + 120  # a bound on the wait, not a timing assertion
        while _kernels(server) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert peak >= 1
        assert _kernels(server) == 0, "kernels of closed pages were never stopped"


def test_invalid_content_shows_learners_a_plain_page_and_the_app_does_not_start(monkeypatch, minimal_copy, capsys):
    (minimal_copy / "levels.yaml").write_text("self_care: [", encoding="utf-8")
    monkeypatch.setenv("BACKLEARN_CONTENT", str(minimal_copy))
    page = page_module.app_page()
    assert "tell your teacher: the course content has a problem" in page.value.lower()
    assert "Traceback" not in page.value and "levels.yaml" not in page.value
    monkeypatch.setattr(app, "start", lambda *a, **k: (_ for _ in ()).throw(AssertionError("started")))
    assert app.serve() == 1
    assert "levels.yaml" in capsys.readouterr().err


# -- the cap on open pages (review M5: one client reloading kept about 400 kernels, 24 GB, alive) --------


def test_a_page_over_either_cap_is_refused_with_what_to_do():
    assert app.page_refusal([], "a", 3, 2) is None
    assert app.page_refusal(["a", "b"], "a", 3, 2) is None
    mine = app.page_refusal(["a", "a", "b"], "a", 5, 2)
    assert mine is not None and "You already have 2 pages" in mine and "Close the tabs" in mine
    assert app.page_refusal(["a", "a", "b"], "b", 5, 2) is None, "another client still gets a page"
    full = app.page_refusal(["a", "b", "c"], "d", 3, 2)
    assert full is not None and "already has 3 pages open" in full
    assert app.page_refusal(["a"] * 500, "a", 0, 0) is None, "0 turns a cap off"
    assert app.TOO_MANY_PAGES == "Too many open pages: close some tabs"


def test_at_a_cap_the_longest_idle_unconnected_kernel_makes_room_never_an_open_page():
    page = app.OpenPage
    grace = app.UNCONNECTED_GRACE
    mine = [page("open", "a", 1, 900.0), page("closed-old", "a", 0, 600.0), page("closed-new", "a", 0, 400.0),
            page("loading", "a", 0, grace - 1)]
    assert app.page_to_free(mine, "a", 10, 4) == "closed-old", "a closed or reloaded page's kernel makes room"
    assert app.page_to_free(mine, "a", 10, 5) is None, "under both caps nothing is stopped"
    assert app.page_to_free([mine[0], mine[3]], "a", 10, 2) is None, "an open or loading page is never stopped"
    others = [page("b1", "b", 0, 999.0), page("c1", "c", 1, 5.0)]
    assert app.page_to_free([*mine, *others], "a", 10, 4) == "closed-old", "at one's own cap, one's own goes"
    assert app.page_to_free([mine[0], *others], "a", 3, 4) == "b1", "in a full app, anyone's closed page goes"
    assert app.page_to_free([mine[0], others[1]], "a", 2, 4) is None


def test_the_client_is_the_address_the_nearest_proxy_saw():
    assert app.client_of({}) == "this computer", "the app listens on loopback: every direct visitor is this computer"
    assert app.client_of({"HTTP_X_REAL_IP": "10.0.0.5"}) == "10.0.0.5"
    assert app.client_of({"HTTP_X_FORWARDED_FOR": "6.6.6.6, 10.0.0.9", "HTTP_X_REAL_IP": "10.0.0.5"}) == "10.0.0.9"


def test_voila_runs_with_the_capped_kernel_manager(monkeypatch):
    command = app.voila_command(8123)
    assert "--VoilaConfiguration.multi_kernel_manager_class=backlearn.app.CappedKernelManager" in command
    assert f"--CappedKernelManager.max_pages={app.MAX_PAGES}" in command
    assert f"--CappedKernelManager.max_pages_per_client={app.MAX_PAGES_PER_CLIENT}" in command
    assert "--VoilaConfiguration.http_header_envs=X-Forwarded-For" in command
    monkeypatch.setenv("BACKLEARN_APP_MAX_PAGES", "7")
    monkeypatch.setenv("BACKLEARN_APP_MAX_PAGES_PER_CLIENT", "lots")
    command = app.voila_command(8123)
    assert "--CappedKernelManager.max_pages=7" in command
    assert f"--CappedKernelManager.max_pages_per_client={app.MAX_PAGES_PER_CLIENT}" in command


def test_the_kernel_manager_counts_kernels_still_starting_and_forgets_stopped_ones(monkeypatch):
    """A burst of page loads must not slip past the cap while their kernels start (each takes seconds)."""
    import asyncio
    import uuid
    from datetime import UTC, datetime, timedelta

    import pytest

    if app.missing_packages():
        pytest.skip("the app extra is not installed")
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from tornado import web

    async def fake_start(self, *, kernel_id=None, path=None, **kwargs):
        await asyncio.sleep(0.05)  # the kernel starting
        new = kernel_id or str(uuid.uuid4())
        self._kernels[new] = object()
        return new

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", fake_start)
    manager = app.CappedKernelManager(max_pages=3, max_pages_per_client=2)

    async def burst() -> list[object]:
        return await asyncio.gather(
            *(manager.start_kernel(env={"HTTP_X_REAL_IP": ip}) for ip in ["a", "a", "a", "b", "c", "d"]),
            return_exceptions=True,
        )

    results = asyncio.run(burst())
    refused = [r for r in results if isinstance(r, web.HTTPError)]
    assert len(refused) == 3 and all(r.status_code == 503 and r.reason == app.TOO_MANY_PAGES for r in refused)
    assert isinstance(results[2], web.HTTPError) and "You already have 2 pages" in results[2].log_message
    assert sorted(manager.page_clients.values()) == ["a", "a", "b"]
    manager._kernels.pop(next(iter(manager._kernels)))  # a page closed: its kernel shut down or culled
    assert asyncio.run(manager.start_kernel(env={"HTTP_X_REAL_IP": "c"})) in manager._kernels

    # The app is full again. A page of "b" was closed a minute ago (no connection): it makes room.
    stopped: list[str] = []

    async def fake_shutdown(self, kernel_id, now=False, restart=False):
        stopped.append(kernel_id)
        self._kernels.pop(kernel_id)

    monkeypatch.setattr(AsyncMappingKernelManager, "shutdown_kernel", fake_shutdown)
    closed = next(k for k, c in manager.page_clients.items() if c == "b")
    for kernel_id in manager._kernels:
        manager._kernel_connections[kernel_id] = 0 if kernel_id == closed else 1
    manager._kernels[closed] = type("Kernel", (), {"last_activity": datetime.now(UTC) - timedelta(seconds=60)})()
    started = asyncio.run(manager.start_kernel(env={"HTTP_X_REAL_IP": "d"}))
    assert stopped == [closed] and started in manager._kernels and manager.page_clients[started] == "d"
    with pytest.raises(web.HTTPError, match="already has 3 pages open"):
        asyncio.run(manager.start_kernel(env={"HTTP_X_REAL_IP": "e"}))  # the rest are open pages


def test_more_pages_than_allowed_get_a_too_many_pages_page_not_more_kernels(tmp_path):
    """The app itself: with a cap of 2 pages per client, a third page load starts no kernel."""
    import urllib.error
    import urllib.request

    import pytest

    if app.missing_packages():
        pytest.skip("the app extra is not installed")
    with (tmp_path / "voila.log").open("wb") as log, app.start(log=log, max_pages=3, max_pages_per_client=2) as server:
        for _ in range(2):
            with urllib.request.urlopen(server.url, timeout=120) as page:
                assert page.status == 200
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(server.url, timeout=120)
        with refused.value as error:
            page = error.read().decode()
        assert error.code == 503
        assert "<h1>Too many open pages: close some tabs</h1>" in page and "You already have 2 pages" in page
        assert _kernels(server) == 2
        other = urllib.request.Request(server.url, headers={"X-Real-IP": "10.1.2.3"})
        with urllib.request.urlopen(other, timeout=120) as page:
            assert page.status == 200, "another client behind a proxy still gets a page"
        assert _kernels(server) == 3
