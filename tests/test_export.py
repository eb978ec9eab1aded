"""Printable plans: golden files, triage first, escaped content, no network, atomic writes.

The golden files under tests/golden/ are the exact expected output for the small content in
tests/fixtures/minimal on a fixed date. After an intended change to the layout, regenerate
them and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_export.py
"""

from __future__ import annotations

import datetime
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from backlearn import assess, load_content
from backlearn.export import plan, plan_html, plan_markdown, save_plan, write_atomically

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
DAY = datetime.date(2026, 1, 15)
CASES = {
    "urgent": ("upper", "cancer", "strain"),  # a warning sign: cancer history; massage withheld
    "self_care": ("low", "strain"),
}


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} missing; run UPDATE_GOLDEN=1 pytest tests/test_export.py"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file (see module docstring)"


@pytest.fixture(scope="module")
def minimal():
    return load_content(FIXTURES / "minimal")


class _BodyText(HTMLParser):
    """The text of the body, in order, and every tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.in_body = False
        self.texts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.in_body = self.in_body or tag == "body"

    def handle_data(self, data):
        if self.in_body and data.strip():
            self.texts.append(data.strip())


def _parse(html: str) -> _BodyText:
    parser = _BodyText()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("name", sorted(CASES))
def test_html_matches_golden(minimal, name):
    _check_golden(f"plan_{name}.html", plan_html(assess(CASES[name], minimal), on=DAY))


@pytest.mark.parametrize("name", sorted(CASES))
def test_markdown_matches_golden(minimal, name):
    _check_golden(f"plan_{name}.md", plan_markdown(assess(CASES[name], minimal), on=DAY))


@pytest.mark.parametrize("name", sorted(CASES))
def test_triage_comes_before_anything_else(minimal, name):
    result = assess(CASES[name], minimal)
    triage_line = f"{result.level.label.upper()}: {result.level.headline}"
    body = _parse(plan_html(result, on=DAY))
    assert body.texts[0] == triage_line
    assert plan_markdown(result, on=DAY).splitlines()[0] == f"# {triage_line}"


def test_plan_has_date_checklists_with_tick_boxes_guidance_and_sources(minimal):
    result = assess(CASES["urgent"], minimal)
    html = plan_html(result, on=DAY)
    assert "Made with backlearn on 2026-01-15, with the numbers and services for the United Kingdom." in html
    checklists = html[html.index('data-section="checklist"'):]
    assert checklists.count('type="checkbox"') == 1  # 'Walk a little every day.' (the other item is for low back)
    assert "Keep moving gently." in html and "A review. 2015" not in html
    assert "Someone et al. A review (2015). https://doi.org/10.1000/review" in " ".join(_parse(html).texts)
    md = plan_markdown(result, on=DAY)
    assert "- [ ] Walk a little every day." in md and "2026-01-15" in md
    # the safety order: warning, then self-care under its 'only after help' heading, then checklists
    assert md.index("Cancer") < md.index("Only after you have got help") < md.index("Checklist")


def test_html_needs_no_network(minimal):
    html = plan_html(assess(CASES["urgent"], minimal), on=DAY)
    tags = _parse(html).tags
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe", "object", "embed")]
    assert not [a for _, a in tags if "src" in a]
    assert "@import" not in html and "url(" not in html
    assert re.search(r"@media print\s*{", html) and "<style>" in html


@pytest.fixture
def hostile_content(minimal_copy: Path):
    """The minimal content with markup in a guidance text and a checklist item."""
    for name, old, new in [
        ("guidance.yaml", "text: Keep moving gently.", 'text: Keep moving <script>alert("x")</script> & rest.'),
        ("checklists.yaml", "text: Walk a little every day.", "text: Walk <b>daily</b> [link](javascript:x)."),
    ]:
        path = minimal_copy / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    return load_content(minimal_copy)


def test_content_is_escaped(hostile_content):
    result = assess(CASES["urgent"], hostile_content)
    html = plan_html(result, on=DAY)
    assert "<script" not in html and "<b>daily" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; rest." in html
    assert "&lt;b&gt;daily&lt;/b&gt;" in html
    md = plan_markdown(result, on=DAY)
    assert "<script" not in md and "&lt;script&gt;" in md
    assert "[link](javascript" not in md  # brackets escaped: no live link


def test_plan_rejects_unknown_format(minimal):
    with pytest.raises(ValueError, match="expected one of html, md"):
        plan(assess(CASES["urgent"], minimal), "pdf")


def test_save_plan_picks_the_format_from_the_suffix(minimal, tmp_path):
    result = assess(CASES["self_care"], minimal)
    md = save_plan(result, tmp_path / "plan.md", on=DAY)
    html = save_plan(result, tmp_path / "sub" / "plan.html", on=DAY)
    assert md.read_text(encoding="utf-8") == plan_markdown(result, on=DAY)
    assert html.read_text(encoding="utf-8") == plan_html(result, on=DAY)


def test_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.html"
    target.write_text("old plan", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(target, "new plan \ud800")  # a lone surrogate cannot be written as UTF-8
    assert target.read_text(encoding="utf-8") == "old plan"

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, "new plan")
    assert target.read_text(encoding="utf-8") == "old plan"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.html"]


def test_cli_writes_the_plan_and_says_where(tmp_path, capsys, monkeypatch):
    from backlearn.cli import main

    target = tmp_path / "plan.md"
    code = main(["--content", str(FIXTURES / "minimal"), "checklist", "upper", "strain", "--format", "md",
                 "-o", str(target)])
    assert code == 0
    assert str(target) in capsys.readouterr().err
    assert target.read_text(encoding="utf-8").startswith("# SELF-CARE: Look after yourself\n")
