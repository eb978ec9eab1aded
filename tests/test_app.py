"""The web app's Python side, without a browser (tests/e2e has the browser tests)."""

from __future__ import annotations

import json

from backlearn import app
from backlearn.cli import main


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
    css = app.APP_CSS
    assert "position: sticky" in css and "top: 0" in css
    assert "width: 24px; height: 24px" in css
    assert "min-height: 44px" in css
    assert "white-space: normal" in css
    assert "max-width: 60rem" in css


def test_the_page_switches_between_the_explorer_and_the_seven_questions():
    page = app.app_page()
    assert page.explorer.layout.display != "none" and page.lessons.layout.display == "none"
    assert page.explorer.value == (), "the app starts with nothing ticked"
    page.switch.value = "lessons"
    assert page.explorer.layout.display == "none" and page.lessons.layout.display != "none"
    page.switch.value = "explorer"
    assert page.explorer.layout.display != "none"
    assert "bl-app" in page._dom_classes and "bl-app-style" in page.children[0]._dom_classes
