"""Whole pages from templates (backlearn.pages): every page template escapes what it is given, and the
core and the browser site do not need Jinja2."""

from __future__ import annotations

import inspect
import subprocess
import sys
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from backlearn import pack, pages
from backlearn.classresults.page import results_page
from backlearn.classresults.tally import ChoiceCount, ItemTally
from backlearn.content import GLOSSARY_GROUPS, LEVELS
from backlearn.pack.slides import lesson_slides

HOSTILE = '<script>alert("x")</script>'


def _class_results() -> str:
    case = ItemTally("case", HOSTILE, HOSTILE, (ChoiceCount("self_care", HOSTILE, 1, False, True),))
    quiz = ItemTally(HOSTILE, "q", HOSTILE, (ChoiceCount("0", HOSTILE, 2, True),))
    return results_page([case, quiz], learners=3)


def _wording() -> SimpleNamespace:
    return SimpleNamespace(licence_line=HOSTILE, claim_attribution=HOSTILE,
                           glossary_groups=tuple((group, HOSTILE) for group in GLOSSARY_GROUPS))


def _teaching(**parts: Any) -> Any:
    """The teacher's content with a hostile string wherever a page writes text."""
    return SimpleNamespace(wording=_wording(), **parts)


def _page(document: pack.Document) -> str:
    return pack.page_html(document, _teaching())


def _pack_page() -> str:
    return _page(pack.Document("name", HOSTILE, HOSTILE, ("<p>a sheet</p>",), style="large"))


def _prompt() -> SimpleNamespace:
    return SimpleNamespace(question=HOSTILE, model_answer=HOSTILE, accept=HOSTILE, reject=HOSTILE)


def _lesson() -> SimpleNamespace:
    step = SimpleNamespace(minutes=5, activity=HOSTILE, details=HOSTILE)
    return SimpleNamespace(
        id=HOSTILE, title=HOSTILE, minutes=5, audience=HOSTILE, summary=HOSTILE, objectives=(HOSTILE,),
        prepare=(HOSTILE,), timings=(step,), key_points=(HOSTILE,),
        misconceptions=(SimpleNamespace(belief=HOSTILE, truth=HOSTILE),), prompts=(_prompt(),),
        exit_ticket=(_prompt(),), cases=("a",), topics=("a",), demo=(SimpleNamespace(ticks=("a",), level="urgent"),),
        success_criteria=(HOSTILE,), support=(HOSTILE,), stretch=(HOSTILE,), baseline=_prompt(),
    )


def _topic() -> SimpleNamespace:
    return SimpleNamespace(id="a", number=1, question=HOSTILE, page_claim=HOSTILE, verdict_reason=HOSTILE,
                           verdict="supported", strength="high")


def _content() -> Any:
    """Learner content in which every text a pack sheet prints is hostile."""
    named = SimpleNamespace(label=HOSTILE, headline=HOSTILE, action=HOSTILE, group="neck")
    case = SimpleNamespace(id="a", name=HOSTILE, title=HOSTILE, person=HOSTILE, story=HOSTILE,
                           teaching_point=HOSTILE, expected_triage="self_care", symptoms=())
    quiz = SimpleNamespace(topic="a", question=HOSTILE, choices=(HOSTILE, HOSTILE), answer=0, explanation=HOSTILE)
    return SimpleNamespace(cases={"a": case}, topics={"a": _topic()}, symptoms={"a": named},
                           levels={level: named for level in LEVELS}, quizzes={"q": quiz}, region=None, regions={})


def _pack_index() -> str:
    document = pack.Document(HOSTILE, HOSTILE, HOSTILE, ("",))
    return _page(pack.index_document([document], _teaching(lessons={"a": _lesson()})))


def _pack_letter() -> str:
    teaching = _teaching(letter=SimpleNamespace(title=HOSTILE, paragraphs=(HOSTILE, HOSTILE)))
    helpline = SimpleNamespace(line=HOSTILE, audience=HOSTILE, url=HOSTILE)
    parts: Any = SimpleNamespace(part=SimpleNamespace(helplines=(helpline,)), region_name=HOSTILE)
    return _page(pack.letter_document(teaching, parts))


def _pack_exit_tickets() -> str:
    return _page(pack.exit_tickets_document(_teaching(lessons={"a": _lesson()})))


def _pack_claim_cards() -> str:
    topic = _topic()
    content = SimpleNamespace(topics={"a": topic, "b": topic, "c": topic})
    return _page(pack.claim_cards_document(_teaching(content=content)))


def _pack_lesson(sheet: int) -> Callable[[], str]:
    def page() -> str:
        document = pack.lesson_document(_lesson(), _teaching(content=_content()))
        return _page(pack.Document("lesson", "lesson", "Teacher", (document.sheets[sheet],)))
    return page


def _pack_case_cards() -> str:
    return _page(pack.case_cards_document(_content()))


def _pack_case_key(monkeypatch: pytest.MonkeyPatch) -> str:
    from backlearn.pack import _documents

    monkeypatch.setattr(_documents, "_deciding", lambda case, content: HOSTILE)
    return _page(pack.case_key_document(_content()))


def _pack_evidence(monkeypatch: pytest.MonkeyPatch) -> str:
    from backlearn import charts

    content = _content()
    content.evidence = {"a": None}
    monkeypatch.setattr(charts, "evidence_svg", lambda topic_id, content: "<svg></svg>")
    monkeypatch.setattr(charts, "evidence_notes_html", lambda topic_id, content, links: "<p>notes</p>")
    return _page(pack.evidence_document(content))


def _pack_quiz(answers: bool) -> Callable[[], str]:
    def page() -> str:
        document = (pack.quiz_key_document if answers else pack.quiz_sheet_document)(_content())
        return _page(document)
    return page


def _poster_teaching() -> Any:
    poster = SimpleNamespace(title=HOSTILE, intro=HOSTILE, signs=(), footer=HOSTILE, youth=HOSTILE, actions=())
    return _teaching(content=_content(), poster=poster)


def _pack_poster(monkeypatch: pytest.MonkeyPatch) -> str:
    from backlearn.engine import triage

    monkeypatch.setattr(triage, "symptom_levels", lambda content: {"a": "urgent"})
    teaching = _poster_teaching()
    teaching.poster.signs = ("a",)
    parts: Any = SimpleNamespace(part=SimpleNamespace(helplines=(SimpleNamespace(line=HOSTILE),)))
    return _page(pack.poster_document(teaching, parts))


def _glossary() -> pack.Document:
    entry = SimpleNamespace(id=HOSTILE, term=HOSTILE, meaning=HOSTILE, group="help")
    content = SimpleNamespace(region=SimpleNamespace(name=HOSTILE))
    return pack.glossary_document(_teaching(content=content, glossary={"a": entry}))


def _pack_glossary() -> str:
    return _page(pack.Document("glossary", "Glossary", "Learners", _glossary().sheets[:-1]))


def _pack_glossary_back() -> str:
    """The diagram sheet prints no content but its page number, so the page title carries the check."""
    return _page(pack.Document("glossary", HOSTILE, "Learners", _glossary().sheets[-1:]))


def _safeguarding() -> pack.Document:
    section = SimpleNamespace(heading=HOSTILE, points=(HOSTILE,))
    note = SimpleNamespace(title=HOSTILE, intro=HOSTILE, sections=(section,) * 7)
    helpline = SimpleNamespace(name=HOSTILE, number=HOSTILE, audience=HOSTILE, url=HOSTILE)
    part = SimpleNamespace(go_to=HOSTILE, how_fast=HOSTILE, duty=HOSTILE, duty_title=HOSTILE, duty_url=HOSTILE,
                           helplines=(helpline,))
    parts: Any = SimpleNamespace(check=HOSTILE, part=part, region_name=HOSTILE)
    return pack.safeguarding_document(_teaching(safeguarding=note), parts)


def _pack_safeguarding() -> str:
    return _page(pack.Document("safeguarding", "note", "Teacher", _safeguarding().sheets[:2]))


def _pack_safeguarding_region() -> str:
    return _page(pack.Document("safeguarding", "note", "Teacher", _safeguarding().sheets[2:]))


def _slides(monkeypatch: pytest.MonkeyPatch) -> str:
    from backlearn import safeguarding
    from backlearn.engine import triage

    monkeypatch.setattr(triage, "symptom_levels", lambda content: {"a": "urgent"})
    parts = SimpleNamespace(part=SimpleNamespace(helplines=(SimpleNamespace(line=HOSTILE),)))
    monkeypatch.setattr(safeguarding, "load_safeguarding", lambda content: parts)
    teaching = _poster_teaching()
    teaching.poster.signs = ("a",)
    return lesson_slides(_lesson(), teaching)


#: One page per template, filled with a hostile string wherever content goes.
#: A function that takes an argument gets pytest's monkeypatch, to stand in for what the page computes.
RENDERED: dict[str, Callable[..., str]] = {
    "class_results.html.j2": _class_results,
    "pack_page.html.j2": _pack_page,
    "pack_index.html.j2": _pack_index,
    "pack_letter.html.j2": _pack_letter,
    "pack_exit_tickets.html.j2": _pack_exit_tickets,
    "pack_claim_cards.html.j2": _pack_claim_cards,
    "pack_lesson_plan.html.j2": _pack_lesson(0),
    "pack_lesson_notes.html.j2": _pack_lesson(1),
    "pack_lesson_assessment.html.j2": _pack_lesson(2),
    "pack_case_cards.html.j2": _pack_case_cards,
    "pack_case_key.html.j2": _pack_case_key,
    "pack_evidence.html.j2": _pack_evidence,
    "pack_quiz.html.j2": _pack_quiz(answers=True),
    "pack_poster.html.j2": _pack_poster,
    "pack_glossary.html.j2": _pack_glossary,
    "pack_glossary_back.html.j2": _pack_glossary_back,
    "pack_safeguarding.html.j2": _pack_safeguarding,
    "pack_safeguarding_region.html.j2": _pack_safeguarding_region,
    "slides.html.j2": _slides,
}


def test_every_page_template_has_a_hostile_content_check():
    assert set(RENDERED) == set(pages.TEMPLATES)


@pytest.mark.parametrize("template", pages.TEMPLATES)
def test_every_page_template_escapes_its_content(template: str, monkeypatch: pytest.MonkeyPatch):
    render = RENDERED[template]
    page = render(monkeypatch) if inspect.signature(render).parameters else render()
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
