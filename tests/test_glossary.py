"""Glossary words linked where they appear (backlearn.glossary): the marking function, the
glossary's checks, and the widgets' values."""

from __future__ import annotations

import re
import shutil
from html import escape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backlearn import LessonBrowser, SymptomExplorer, assess, load_content, render_topic_html, render_topic_markdown
from backlearn.content import Content, GlossaryEntry
from backlearn.glossary import OFF, mark_terms, terms_in, unused_terms, with_glossary, words_html
from backlearn.render import render_html, render_json, render_text

DATA = Path(__file__).resolve().parents[1] / "data"

GLOSSARY = {
    "trial": GlossaryEntry("trial", "Trial", "evidence", "A fair test.", forms=("trials",)),
    "systematic_review": GlossaryEntry(
        "systematic_review", "Systematic review", "evidence", "All the studies, summed up.",
        also=("Cochrane review", "review"), forms=("reviews",),
    ),
    "dvt": GlossaryEntry("dvt", "DVT (deep vein thrombosis)", "condition", "A clot <in> a vein & more.",
                         also=("deep vein thrombosis",)),
    "crohns": GlossaryEntry("crohns", "Crohn's disease", "condition", "A gut illness."),
}


def _links(html: str) -> list[tuple[str, str]]:
    """(href, word) of each glossary link."""
    return re.findall(r'<a class="bl-term"[^>]*href="#([^"]+)"[^>]*>([^<]*)</a>', html)


# ----------------------------------------------------------------------------- the marking function


def test_only_the_first_use_of_a_word_is_marked_in_any_case_and_form():
    html = escape("Trials show it. One trial was small. A TRIAL again.")
    marked, ids = mark_terms(html, GLOSSARY, "p")
    assert ids == ("trial",)
    assert _links(marked) == [("p-trial", "Trials")]
    assert marked.count("bl-term") == 1 and "One trial was small. A TRIAL again." in marked


def test_every_form_counts_as_the_same_word_and_the_longest_form_wins():
    marked, ids = mark_terms("A Cochrane review found it; the review was large.", GLOSSARY, "p")
    assert ids == ("systematic_review",)
    assert _links(marked) == [("p-systematic_review", "Cochrane review")]


def test_whole_words_only():
    marked, ids = mark_terms("Retrials and reviewers and triallist.", GLOSSARY, "p")
    assert ids == () and marked == "Retrials and reviewers and triallist."


def test_a_word_in_brackets_in_the_term_is_not_looked_for_but_its_other_names_are():
    marked, ids = mark_terms("Signs of a deep vein thrombosis, or DVT.", GLOSSARY, "p")
    assert ids == ("dvt",) and _links(marked) == [("p-dvt", "deep vein thrombosis")]
    assert GLOSSARY["dvt"].words == ("DVT", "deep vein thrombosis")


def test_never_inside_tags_attributes_links_headings_or_switched_off_parts():
    html = (
        '<h3>Trial results</h3><p title="a trial">See <a href="https://x.org/trial">the trial</a>.</p>'
        f'<p {OFF}>Call now: a trial.</p><label><input type="checkbox"> A trial</label>'
        '<strong>Evidence:</strong> <p>One trial<br>helped.</p>'
    )
    marked, ids = mark_terms(html, GLOSSARY, "p")
    assert ids == ("trial",)
    assert marked.replace(_links_html(marked), "trial") == html
    assert marked.endswith('<p>One <a class="bl-term" id="p-trial-use" href="#p-trial" '
                           'aria-describedby="p-trial-meaning" title="A fair test.">trial</a><br>helped.</p>')


def _links_html(marked: str) -> str:
    match = re.search(r'<a class="bl-term".*?</a>', marked)
    assert match
    return match.group(0)


def test_escaped_text_stays_escaped_and_no_word_is_cut_out_of_an_escaped_character():
    entry = GlossaryEntry("amp", "Amp", "care", "A word that is also inside &amp;.")
    html = escape("Tom & Amp <b>") + " x&amp;y"
    marked, ids = mark_terms(html, {"amp": entry}, "p")
    assert ids == ("amp",)
    assert marked.startswith("Tom &amp; <a class")  # the "amp" of "&amp;" is not a word
    assert "&lt;b&gt;" in marked and "<b>" not in marked and marked.endswith(" x&amp;y")
    assert 'title="A word that is also inside &amp;amp;."' in marked


def test_an_apostrophe_escaped_in_the_text_still_matches():
    marked, ids = mark_terms(escape("Crohn's disease can hurt."), GLOSSARY, "p")
    assert ids == ("crohns",) and _links(marked) == [("p-crohns", "Crohn&#x27;s disease")]


def test_words_already_seen_are_not_marked_again():
    marked, ids = mark_terms("A trial and a review.", GLOSSARY, "p", seen=("trial",))
    assert ids == ("systematic_review",) and len(_links(marked)) == 1


def test_the_words_list_holds_each_marked_word_once_with_its_meaning_escaped_and_a_way_back():
    html = with_glossary("<p>A trial, a review, trials.</p>", GLOSSARY, "w1")
    assert html.count("<dt ") == 2 and "<h3" in html
    assert [t for t, _w in _links(html)] == ["w1-trial", "w1-systematic_review"]
    for target, _word in _links(html):
        assert f'<dt id="{target}">' in html
        assert f'id="{target}-meaning"' in html and f'href="#{target}-use"' in html
    dvt = words_html(["dvt"], GLOSSARY, "w")
    assert "A clot &lt;in&gt; a vein &amp; more." in dvt and "<in>" not in dvt
    assert words_html([], GLOSSARY, "w") == ""


def test_terms_in_plain_text():
    assert terms_in(["No words here.", "A REVIEW, then a trial."], GLOSSARY) == ("systematic_review", "trial")


# ----------------------------------------------------------------------------- the glossary file


def test_the_shipped_glossary_is_read_with_the_content(content: Content):
    assert "systematic_review" in content.glossary and "guideline" in content.glossary
    assert "trials" in content.glossary["trial"].words


def test_every_glossary_word_appears_in_the_content_or_on_the_pages(content: Content):
    """A word is explained for something a learner reads: the content's text (sources too), the
    lesson pages' own words ("Verdict") or the lesson plans (which teach "evidence strength")."""
    from backlearn.content.teaching import load_teaching
    from backlearn.glossary import texts_of

    pages = [render_topic_markdown(t, content, words="") for t in content.topics.values()]
    lessons = tuple(load_teaching(content=content).lessons.values())
    assert unused_terms(content, [*pages, *texts_of(lessons)]) == ()
    # Without the pages and plans, the words only they use are named.
    assert "verdict" in unused_terms(content)


def test_validate_names_a_glossary_word_nothing_uses(data_copy, capsys):
    from backlearn.cli import main

    with (data_copy / "glossary.yaml").open("a", encoding="utf-8") as file:
        file.write("\n- id: kyphosis\n  term: Kyphosis\n  group: condition\n  meaning: A rounded upper back.\n")
    assert main(["validate", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert "is valid" in out and "Note: glossary.yaml explains words that nothing here uses: kyphosis." in out


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _break(folder: Path, old: str, new: str) -> list[str]:
    from backlearn.content import ContentError

    text = (folder / "glossary.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / "glossary.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(folder, cache=False)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  forms: [studies]\n", "  forms: studies\n",
         "glossary.yaml, line 24, field 'forms': expected a list with at least one text"),
        ("  forms: [studies]\n", "  forms: [trials]\n",
         "field 'term': 'trials' is already looked for by 'study'"),
        ("  forms: [studies]\n", "  forms: ['--']\n", "field 'forms': '--' does not start and end with a letter"),
        ("  forms: [studies]\n", "  forms: [studies.]\n", "field 'forms': 'studies.' does not start and end"),
        ("  forms: [studies]\n", "  form: [studies]\n", "field 'form': unknown field; expected one of"),
        ("term: Study\n", "term: Trial\n", "field 'term': 'Trial' is already explained on line"),
    ],
)
def test_bad_glossary_entries_are_named_with_file_line_and_field(data_copy, old, new, expected):
    problems = _break(data_copy, old, new)
    assert any(expected in p for p in problems), problems


# ----------------------------------------------------------------------------- where the words show


MIA = ("between_shoulder_blades", "knot", "after_sleeping", "worse_moving", "duration_days", "age_20_to_49")


def test_the_explorers_advice_links_its_words_to_a_list_in_the_same_panel(content: Content):
    explorer = SymptomExplorer(content)
    explorer.value = MIA
    html = explorer.guidance.value
    links = _links(html)
    assert links and len({t for t, _w in links}) == len(links)  # each word once
    assert all(t.startswith(explorer.guidance.words + "-") for t, _w in links)
    assert "Words we use" in html
    for target, _word in links:
        assert f'<dt id="{target}">' in html
    assert "Cochrane review" in [w for _t, w in links]  # an evidence line
    assert "bl-term" not in explorer.banner.value
    # Two explorers on one page never share an id.
    other = SymptomExplorer(content)
    other.value = MIA
    assert other.guidance.words != explorer.guidance.words


def test_an_emergency_action_is_never_marked_but_the_rest_is(content: Content):
    explorer = SymptomExplorer(content)
    explorer.value = ("between_shoulder_blades", "chest_pain")
    html = explorer.guidance.value
    for action in re.findall(rf"<span {OFF}>(.*?)</span>", html):
        assert "bl-term" not in action
    assert "bl-term" not in explorer.banner.value
    assert "heart attack" in html.lower()


def test_held_back_items_are_marked_too(content: Content):
    explorer = SymptomExplorer(content)
    # Soon, with a possible broken bone at 65: massage is held back, and the words still explained.
    explorer.value = ("knot", "stiffness", "mid_back", "after_lifting", "age_65_plus")
    assert assess(explorer.value, content).triage == "soon"
    held = re.search(r'data-section="held_back".*?</section>', explorer.guidance.value)
    assert held is not None and assess(explorer.value, content).withheld
    words = terms_in([withheld.item.title for withheld in assess(explorer.value, content).withheld], content.glossary)
    before = explorer.guidance.value[: held.start()]
    fresh = [w for w in words if f"{explorer.guidance.words}-{w}-use" not in before]
    assert fresh  # "Massage" is first used in a held-back line here
    for word in fresh:  # a word first used in a held-back line is marked there
        assert f'id="{explorer.guidance.words}-{word}-use"' in held.group(0)


def test_the_lesson_page_links_its_words_in_the_app_and_the_notebooks(content: Content):
    lessons = LessonBrowser(content)
    marked = 0
    for topic_id in content.topics:
        lessons.picker.value = topic_id
        html = lessons.answer.value
        links = _links(html)
        marked += bool(links)
        assert all(f'<dt id="{t}">' in html for t, _w in links)
    assert marked >= len(content.topics) - 1
    # The sources (web addresses) are never marked.
    assert "bl-term" not in html.split("<strong>Sources</strong>")[1]
    topic = content.topics["massage_upper_back"]
    markdown = render_topic_markdown(topic, content)
    assert 'class="bl-term"' in markdown and "Words we use" in markdown
    assert "bl-term" not in markdown.split("**Sources**")[1] and "bl-term" not in markdown.splitlines()[0]
    assert "bl-term" not in lessons.text  # plain text stays plain
    assert render_topic_html(topic, content, words="").count("bl-term") == 0


def test_text_and_json_stay_plain(content: Content):
    result = assess(MIA, content)
    assert "bl-term" not in render_text(result) and "bl-term" not in render_json(result)
    assert "Words we use" not in render_text(result)
    assert 'class="bl-term"' in render_html(result)


def test_the_case_study_links_words_in_the_story_and_the_result_but_never_in_what_to_do(content: Content):
    from backlearn import CaseStudy

    study = CaseStudy(content)
    study.select("slip_in_the_kitchen")
    assert [w for _t, w in _links(study.story.value)] and "Words we use" in study.story.value
    story_ids = set(re.findall(r' id="([^"]+)"', study.story.value))
    attempt = study.attempt("leg_pain_not_settling", "self_care", content.cases["leg_pain_not_settling"].symptoms)
    html = study.result.value
    assert {"sciatica", "nerve", "physiotherapist"} <= {t.split("-")[-1] for t, _w in _links(html)}
    action = re.search(rf"<p {OFF}>(.*?)</p>", html)
    assert action is not None and action.group(1) == escape(attempt.assessment.level.action)
    assert "bl-term" not in action.group(1)
    assert "bl-term" not in study.text  # the text view stays plain
    # The story and the result are two panels: their ids never clash.
    assert story_ids and not story_ids & set(re.findall(r' id="([^"]+)"', html))


_WORDS = ["trial", "Trials", "review", "Cochrane review", "DVT", "deep vein thrombosis", "Crohn's disease",
          "retrial", "<b>", "&", '"', "a", " ", ".", "\n", "é"]


@settings(deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.text(max_size=8), max_size=30))
def test_marking_only_adds_links_around_whole_words_and_each_word_once(pieces):
    html = escape("".join(pieces))
    marked, ids = mark_terms(html, GLOSSARY, "p")
    assert re.sub(r'<a class="bl-term"[^>]*>|</a>', "", marked) == html
    assert len(ids) == len(set(ids)) == marked.count('class="bl-term"')
    assert ids == terms_in([html], GLOSSARY) or ids == terms_in(["".join(pieces)], GLOSSARY)


def test_an_emergency_answer_has_no_words_list():
    # Under an emergency nothing may read as reassurance: the knot's meaning ("usually harmless")
    # must not appear beneath a heart-attack warning.
    content = load_content()
    explorer = SymptomExplorer(content)
    explorer.value = ("knot", "chest_pain")
    assert "usually harmless" not in explorer.guidance.value
    assert "bl-words-list" not in explorer.guidance.value
    explorer.value = ("knot",)
    assert "bl-words-list" in explorer.guidance.value


def test_a_saved_plan_explains_its_words_but_not_under_an_emergency():
    # A plan leaves the lesson where its words were explained, so it carries the "Words we use" list,
    # its links within the page; an emergency plan holds the action and the warnings only.
    import datetime as dt

    from backlearn.export import plan

    page = plan(assess(("knot", "neck_shoulders", "after_sleeping")), "html", on=dt.date(2026, 1, 15))
    targets = re.findall(r'class="bl-term"[^>]*href="#([^"]+)"', page)
    assert targets and all(f'id="{target}"' in page for target in targets)
    assert '<h2 id="bl-words-words">' in page  # a section of the plan's own page: h2 under its h1
    # The list explains the advice, before the sources, whose titles ("Aortic dissection") are not linked.
    assert page.index('<dl class="bl-words-list"') < page.index('data-section="sources"')
    assert "usually harmless" in page and "Aortic dissection" not in page.split('data-section="sources"')[0]
    emergency = plan(assess(("knot", "chest_pain")), "html", on=dt.date(2026, 1, 15))
    assert '<dl class="bl-words-list"' not in emergency and "usually harmless" not in emergency
