"""Whole pages from templates (backlearn.pages): every page template escapes what it is given, and the
core and the browser site do not need Jinja2."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from backlearn import pack, pages
from backlearn.classresults.page import results_page
from backlearn.classresults.tally import ChoiceCount, ItemTally

HOSTILE = '<script>alert("x")</script>'


def _class_results() -> str:
    case = ItemTally("case", HOSTILE, HOSTILE, (ChoiceCount("self_care", HOSTILE, 1, False, True),))
    quiz = ItemTally(HOSTILE, "q", HOSTILE, (ChoiceCount("0", HOSTILE, 2, True),))
    return results_page([case, quiz], learners=3)


def _pack_page() -> str:
    return pack.page_html(pack.Document("name", HOSTILE, HOSTILE, ("<p>a sheet</p>",), style="large"))


def _lesson() -> SimpleNamespace:
    return SimpleNamespace(id=HOSTILE, title=HOSTILE, exit_ticket=(SimpleNamespace(question=HOSTILE),))


def _pack_index() -> str:
    document = pack.Document(HOSTILE, HOSTILE, HOSTILE, ("",))
    teaching: Any = SimpleNamespace(lessons={"a": _lesson()})
    return pack.page_html(pack.index_document([document], teaching))


def _pack_letter() -> str:
    teaching: Any = SimpleNamespace(letter=SimpleNamespace(title=HOSTILE, paragraphs=(HOSTILE, HOSTILE)))
    helpline = SimpleNamespace(line=HOSTILE, audience=HOSTILE, url=HOSTILE)
    parts: Any = SimpleNamespace(part=SimpleNamespace(helplines=(helpline,)), region_name=HOSTILE)
    return pack.page_html(pack.letter_document(teaching, parts))


def _pack_exit_tickets() -> str:
    teaching: Any = SimpleNamespace(lessons={"a": _lesson()})
    return pack.page_html(pack.exit_tickets_document(teaching))


def _pack_claim_cards() -> str:
    topic = SimpleNamespace(number=1, question=HOSTILE, page_claim=HOSTILE)
    content: Any = SimpleNamespace(topics={"a": topic, "b": topic, "c": topic})
    return pack.page_html(pack.claim_cards_document(content))


#: One page per template, filled with a hostile string wherever content goes.
RENDERED: dict[str, Callable[[], str]] = {
    "class_results.html.j2": _class_results,
    "pack_page.html.j2": _pack_page,
    "pack_index.html.j2": _pack_index,
    "pack_letter.html.j2": _pack_letter,
    "pack_exit_tickets.html.j2": _pack_exit_tickets,
    "pack_claim_cards.html.j2": _pack_claim_cards,
}


def test_every_page_template_has_a_hostile_content_check():
    assert set(RENDERED) == set(pages.TEMPLATES)


@pytest.mark.parametrize("template", pages.TEMPLATES)
def test_every_page_template_escapes_its_content(template: str):
    page = RENDERED[template]()
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_autoescaping_is_on_for_every_template_name():
    environment = pages._environment()
    for name in (*pages.TEMPLATES, "base.html.j2", "anything.txt"):
        assert environment.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
        assert callable(environment.autoescape) is False and environment.autoescape is True, name


def test_the_style_sheet_is_written_as_it_is():
    """A style sheet is the project's own file: its quotes stay quotes inside <style>."""
    page = _class_results()
    assert "tr.bl-under-triage { background: #fde0dc; }" in page


def test_the_core_and_the_plan_page_do_not_import_jinja2():
    """`backlearn plan` (the core) and the explorer's saved plan (the browser site) stay pure Python."""
    code = (
        "import sys, datetime, backlearn; from backlearn.export import plan_html; "
        "c = backlearn.load_content(); "
        "page = plan_html(backlearn.assess(['chest_pain'], c), datetime.date(2026, 1, 2)); "
        "print('jinja2' in sys.modules, '@media print' in page)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
