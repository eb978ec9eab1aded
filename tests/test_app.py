"""The web app's Python side, without a browser (tests/e2e has the browser tests)."""

from __future__ import annotations

import json

from backlearn import app
from backlearn.cli import main
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
    assert seen == {"port": 9999, "open_browser": False, "plans_dir": "plans"}
    assert main(["app"]) == 0
    assert seen == {"port": None, "open_browser": True, "plans_dir": None}


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
    assert not page.lessons.children, "the seven questions are built when first chosen"
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
    assert "this lesson's content has a problem; tell your teacher" in page.value.lower()
    assert "Traceback" not in page.value and "levels.yaml" not in page.value
    monkeypatch.setattr(app, "start", lambda *a, **k: (_ for _ in ()).throw(AssertionError("started")))
    assert app.serve() == 1
    assert "levels.yaml" in capsys.readouterr().err
