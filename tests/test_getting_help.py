"""Getting help, per region (issue 26): the glossary explains each region's own services ("GP",
"A&E", "NHS 111" in the UK; "Primary care doctor", "Emergency room (ER)" in the US), written once
as placeholders; and learners see helplines for young people, with their sources, in the app and
the notebooks where a worry may come up."""

from __future__ import annotations

import json
import re
from html import escape, unescape
from pathlib import Path

import pytest
from content_edits import edit_file

from backlearn import load_content
from backlearn.content import ContentError
from backlearn.content.regions import TERMS, service_term
from backlearn.content.teaching import load_teaching
from backlearn.getting_help import getting_help_html, getting_help_text, help_words, helplines
from backlearn.glossary import mark_terms, unused_terms
from backlearn.pack import glossary_document
from backlearn.safeguarding import load_safeguarding

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ("uk", "us", "ca", "ie", "au", "nz", "eu")

#: What a learner in each region must find explained (the review's words, and their equivalents).
EXPECTED = {
    "uk": ("999", "A&E (accident and emergency)", "GP (general practitioner)", "NHS 111", "Urgent treatment centre"),
    "us": ("911", "Emergency room (ER)", "Primary care doctor", "Nurse line", "Urgent care center"),
    "ca": ("911", "Emergency department", "Family doctor", "811 (nurse line)", "Walk-in clinic"),
    "ie": ("112 or 999", "Emergency department", "GP (general practitioner)", "GP out-of-hours service",
           "GP out-of-hours clinic"),
    "au": ("000", "Hospital emergency department", "GP (general practitioner)", "healthdirect", "Urgent care clinic"),
    "nz": ("111", "Hospital emergency department", "GP (general practitioner)", "Healthline (0800 611 116)",
           "Urgent care clinic"),
    "eu": ("112", "Emergency department", "Your doctor (family doctor)", "Out-of-hours doctor service",
           "Out-of-hours clinic"),
}


def test_every_region_is_covered_here():
    assert set(load_content().regions) == set(REGIONS) == set(EXPECTED)


@pytest.mark.parametrize("region", REGIONS)
def test_the_glossary_explains_the_regions_own_services(region):
    content = load_content(region=region)
    terms = tuple(term for term, _meaning, _url in help_words(content))
    assert terms == EXPECTED[region]
    entries = {e.id: e for e in content.glossary.values() if e.group == "help"}
    values = content.regions[region].values
    for entry_id, entry in entries.items():
        assert "{" not in entry.term + entry.meaning  # filled in for the region
        # The word is the one the learner reads in that region's advice, so the glossary links it there.
        assert entry.words[0].lower() in values[entry_id].lower()
        found = mark_terms(escape(f"Then: {values[entry_id]}."), content.glossary, "t")[1]
        assert entry_id in found, (region, entry_id, values[entry_id])
    # Every one is used somewhere in the region's content (validate's note stays quiet).
    assert not set(unused_terms(content)) & set(entries)


def test_the_uk_words_the_review_asked_for_and_the_us_equivalents():
    uk = {e.id: e for e in load_content(region="uk").glossary.values()}
    us = {e.id: e for e in load_content(region="us").glossary.values()}
    assert uk["doctor"].term.startswith("GP") and uk["emergency_department"].term.startswith("A&E")
    assert uk["health_line"].term == "NHS 111" and uk["emergency_number"].term == "999"
    assert us["doctor"].term == "Primary care doctor" and us["emergency_department"].term == "Emergency room (ER)"
    assert us["emergency_number"].term == "911" and "911" in us["emergency_department"].meaning
    assert "999" in uk["emergency_department"].meaning and "999" not in us["emergency_department"].meaning


def test_a_service_term_is_made_from_the_value_when_a_region_gives_none():
    assert service_term("your family doctor") == "Family doctor"
    assert service_term("NHS 111 (in Northern Ireland, your GP out-of-hours service)") == "NHS 111"
    assert service_term("an urgent care center") == "Urgent care center"
    assert service_term("A&E") == "A&E"
    assert set(TERMS.values()) == {"doctor", "emergency_department", "health_line", "urgent_service", "physio"}


@pytest.mark.parametrize("region", ("uk", "us"))
def test_the_packs_glossary_page_lists_the_regions_services(region):
    teaching = load_teaching(load_content(region=region))
    html = "".join(glossary_document(teaching).sheets)
    name = load_content(region=region).regions[region].name
    assert f"Getting help: who to call and where to go in {name}" in unescape(html)
    for term in EXPECTED[region]:
        assert f"<strong>{term}</strong>" in unescape(html), term
    other = "us" if region == "uk" else "uk"
    assert f"<strong>{EXPECTED[other][1]}</strong>" not in unescape(html)


def _us_problems(folder: Path, old: str, new: str) -> list[str]:
    """The problems loading ``folder`` after the US region's ``old`` lines read ``new``."""
    edit_file(folder, "regions.yaml", old, new)
    with pytest.raises(ContentError) as caught:
        load_content(folder, cache=False)
    return [str(p) for p in caught.value.problems]


def test_a_region_term_not_in_its_service_is_refused(data_copy):
    problems = _us_problems(data_copy, "  emergency_department_term: Emergency room (ER)\n",
                            "  emergency_department_term: ER department\n")
    assert any("regions.yaml, line" in p and "emergency_department_term" in p
               and "'ER department' is not in emergency_department" in p for p in problems), problems


def test_a_region_term_that_another_glossary_word_already_looks_for_is_refused(data_copy):
    problems = _us_problems(data_copy, "  urgent_service: an urgent care center\n",
                            "  urgent_service: an urgent care center or a massage clinic\n"
                            "  urgent_service_term: Massage\n")
    assert problems == [p for p in problems if "glossary.yaml" in p], problems  # the term is in the value
    assert any("glossary.yaml, line" in p and "in region 'us' it reads 'Massage'" in p
               and "'massage' already looks for" in p for p in problems), problems


def test_glossary_yaml_writes_no_service_name():
    text = (ROOT / "data" / "glossary.yaml").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"(?<![\w&])(999|911|A&E|GP|NHS 111)(?![\w&])", body)
    assert '"{doctor_term}"' in body and '"{emergency_department_term}"' in body


# ----------------------------------------------------------------------------- helplines for learners


@pytest.mark.parametrize("region", REGIONS)
def test_the_learners_box_names_the_regions_helplines_with_their_sources(region):
    content = load_content(region=region)
    lines = load_safeguarding(content).part.helplines
    assert lines and helplines(content) == lines
    html = getting_help_html(content)
    summary = re.search(r"<summary>(.*?)</summary>", html, re.S)
    assert summary and lines[0].number in unescape(summary.group(1))  # seen without opening the box
    assert content.regions[region].name in unescape(summary.group(1))
    for line in lines:
        assert line.number in unescape(html) and f'href="{line.url}"' in html
    for term in EXPECTED[region]:
        assert term in unescape(html)
    text = getting_help_text(content)
    assert all(line.url in text and line.number in text for line in lines)
    # Never another region's lines.
    others = {h.number for r in REGIONS if r != region
              for h in load_safeguarding(load_content(region=r)).part.helplines}
    assert not {n for n in others if n not in {h.number for h in lines}} & set(re.findall(r"[\d][\d -]*\d", text))


def test_the_uk_and_us_lines_the_issue_names():
    assert "Childline: 0800 1111" in getting_help_text(load_content(region="uk"))
    us = getting_help_text(load_content(region="us"))
    assert "988" in us and "0800 1111" not in us


def test_the_box_escapes_what_the_content_says(data_copy):
    edit_file(data_copy, "safeguarding.yaml", "      - name: Childline\n", "      - name: Child<b>line</b>\n")
    html = getting_help_html(load_content(data_copy, region="uk", cache=False))
    assert "<b>" not in html and "Child&lt;b&gt;line&lt;/b&gt;" in html


def test_without_a_safeguarding_file_the_box_still_names_the_services(data_copy):
    (data_copy / "safeguarding.yaml").unlink()
    content = load_content(data_copy, region="us", cache=False)
    assert helplines(content) == ()
    html = getting_help_html(content)
    assert "Helplines" not in html and "Emergency room (ER)" in html


def test_the_widget_follows_the_region_and_the_app_shows_it_under_every_view():
    from backlearn import GettingHelp
    from backlearn.widgets.page import app_page

    box = GettingHelp(load_content(region="uk"))
    assert "Childline: 0800 1111" in box.text and box.region == "uk"
    box.region = "us"
    assert "988" in box.value and "Childline" not in box.value and "Emergency room (ER)" in box.text
    page = app_page(load_content(region="uk"))
    assert page.children[-1] is page.getting_help
    page.region.value = "au"
    assert "Kids Helpline: 1800 55 1800" in page.getting_help.text


#: The learners' notebooks where a worry may come up: warning signs, made-up people's illnesses, one's own pain.
WORRY_NOTEBOOKS = ("08_symptom_explorer.ipynb", "09_case_studies.ipynb", "10_pain_diary.ipynb")


@pytest.mark.parametrize("name", WORRY_NOTEBOOKS)
def test_the_notebooks_where_a_worry_may_come_up_show_the_box_to_learners(name):
    notebook = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    shown = [c for c in notebook["cells"] if c["cell_type"] == "code" and "GettingHelp(" in "".join(c["source"])]
    assert len(shown) == 1
    tags = shown[0].get("metadata", {}).get("tags", [])
    assert "teacher" not in tags  # the learners' edition keeps it
    # Executed in the default region (uk), with the widget's state stored so JupyterLab draws it on opening.
    [view] = [o["data"]["application/vnd.jupyter.widget-view+json"] for o in shown[0]["outputs"]
              if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    state = notebook["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    value = state[view["model_id"]]["state"]["value"]
    assert "Childline: 0800 1111" in value and "Worried about something?" in value
