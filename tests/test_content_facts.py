"""Facts the content owns are read from data/, not copied into code: the levels' names, the back
diagram's symptoms, and one wording of the verdict on a claim wherever a verdict is shown."""

from __future__ import annotations

from html import escape

from content_edits import edit_file

from backlearn import load_content
from backlearn.backmap import areas_for
from backlearn.cli import main
from backlearn.content import DIAGRAM_AREAS, VERDICTS
from backlearn.content.teaching import load_teaching
from backlearn.pack import build, claim_cards_document, page_html, quiz_key_document
from backlearn.render import VERDICT_WORDS
from backlearn.topic_pages import render_topic_html, render_topic_markdown

# ----------------------------------------------------------------------------- the levels' names


def test_a_level_renamed_in_levels_yaml_is_the_name_in_the_pack(data_copy):
    edit_file(data_copy, "levels.yaml", "  label: See someone soon\n", "  label: Book a visit this week\n")
    pages = build(load_teaching(load_content(data_copy)))
    for name in ("case-cards.html", "case-key.html"):
        assert "Book a visit this week" in pages[name], name
        assert "See someone soon" not in pages[name], name


def test_the_pack_names_every_level_as_levels_yaml_does(content):
    pages = build(load_teaching(content))
    for level in content.levels.values():
        assert f"&#9744; {escape(level.label)}</span>" in pages["case-cards.html"], level.id


# ----------------------------------------------------------------------------- the back diagram


def test_each_diagram_area_ticks_the_symptom_that_names_it(content):
    named = {s.diagram_area: s.id for s in content.symptoms.values() if s.diagram_area}
    assert sorted(named) == sorted(DIAGRAM_AREAS), "the shipped content puts a box on every area"
    assert {a.id: a.symptom for a in areas_for(content)} == named


def test_an_area_moved_in_symptoms_yaml_moves_on_the_diagram(data_copy):
    edit_file(data_copy, "symptoms.yaml", "      diagram_area: buttock\n", "")
    edit_file(data_copy, "symptoms.yaml", "    - id: hip_front\n      label: The front of the pelvis or hip\n",
              "    - id: hip_front\n      label: The front of the pelvis or hip\n      diagram_area: buttock\n")
    areas = {a.id: a for a in areas_for(load_content(data_copy))}
    assert areas["buttock"].symptom == "hip_front" and areas["buttock"].available


def test_an_area_no_symptom_names_is_greyed_out(data_copy):
    edit_file(data_copy, "symptoms.yaml", "      diagram_area: mid_back\n", "")
    areas = {a.id: a for a in areas_for(load_content(data_copy))}
    assert not areas["mid_back"].available and areas["mid_back"].symptom == ""
    assert areas["low_back"].available


def test_an_unknown_area_is_refused_with_file_line_and_field(data_copy, problems):
    edit_file(data_copy, "symptoms.yaml", "      diagram_area: buttock\n", "      diagram_area: butock\n")
    lines = (data_copy / "symptoms.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("      diagram_area: butock") + 1
    assert (f"symptoms.yaml, line {line}, field 'diagram_area': expected one of {', '.join(DIAGRAM_AREAS)}; "
            "got 'butock'; did you mean 'buttock'?") in problems(data_copy)


def test_two_boxes_on_one_area_are_refused(data_copy, problems):
    edit_file(data_copy, "symptoms.yaml", "      diagram_area: mid_back\n", "      diagram_area: low_back\n")
    found = problems(data_copy)
    assert any("field 'diagram_area': the area 'low_back' already ticks 'mid_back'" in p for p in found), found


# ----------------------------------------------------------------------------- the verdict's words


def test_one_wording_of_each_verdict_everywhere(content, capsys):
    assert tuple(VERDICT_WORDS) == VERDICTS
    assert main(["topics"]) == 0
    listed = " ".join(capsys.readouterr().out.split())
    teaching = load_teaching(content)
    cards = page_html(claim_cards_document(teaching), teaching)
    key = page_html(quiz_key_document(content), teaching)
    for words in VERDICT_WORDS.values():
        assert escape(words) in cards, "the claim cards offer every verdict in its words"
    for topic in content.topics.values():
        words = VERDICT_WORDS[topic.verdict]
        assert f"Verdict: {words}." in render_topic_markdown(topic, content), topic.id
        assert f"Verdict: {escape(words)}." in render_topic_html(topic, content), topic.id
        assert f"Verdict on the page's claim: {words}." in listed, topic.id
        assert f"<strong>{escape(words)}</strong>" in key, topic.id
