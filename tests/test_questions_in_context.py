"""Say it the way people say it (issue 23): questions in context, everyday words and a search.

Boxes and groups shown only when they apply (``shown_if``), answers cleared when their question is
hidden again, and "Type what you feel" narrowing the boxes, all without a browser.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from backlearn import assess, load_content
from backlearn.cli import main
from backlearn.content import ContentError
from backlearn.engine.questions import answers_that_count, shown_symptoms
from backlearn.search import search_symptoms, words_of
from backlearn.widgets.chooser import SymptomChooser
from backlearn.widgets.explorer import SymptomExplorer

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def content():
    return load_content()


def _conditional(content):
    return [s for s in content.symptoms.values() if s.shown_if is not None]


def test_a_follow_up_appears_with_its_parent_and_goes_with_it(content):
    follow_ups = _conditional(content)
    assert follow_ups, "the content asks some questions only in context"
    for symptom in follow_ups:
        assert symptom.id not in shown_symptoms((), content) or content.groups[symptom.group].shown_if is None
    explorer = SymptomExplorer(content)
    chooser = explorer.chooser
    hidden_at_start = [s for s in follow_ups if s.id not in shown_symptoms((), content)]
    assert hidden_at_start
    for symptom in hidden_at_start:
        # The one tick that brings the follow-up into view (the content's own rule says which).
        opening = next(s for s in content.symptoms if symptom.id in shown_symptoms({s}, content))
        chooser.value = (opening,)
        assert symptom.id in chooser.shown
        chooser.value = (opening, symptom.id)
        assert symptom.id in chooser.value
        box = chooser.boxes[symptom.id]
        assert box.layout.display != "none"
        # Untick the parent: the follow-up is hidden and its answer cleared; the engine never sees it.
        chooser.value = (symptom.id,)
        assert symptom.id not in chooser.value and box.layout.display == "none"
        assert symptom.id not in assess({symptom.id}, content).symptoms
        chooser.value = ()


def test_a_follow_up_question_appears_with_its_parent_and_goes_with_it(content):
    """A whole group asked in context ("Where does it ache when you walk?"): hidden at the start,
    shown once its parent is ticked, and cleared, with the answer back as it was, once it is unticked."""
    follow_ups = [g for g in content.groups.values() if g.shown_if is not None]
    assert follow_ups, "the content asks some follow-up questions"
    chooser = SymptomExplorer(content).chooser
    for group in follow_ups:
        parent = next(s for s in content.symptoms if set(group.symptoms) <= shown_symptoms({s}, content))
        assert not set(group.symptoms) & set(chooser.shown) and not chooser.group_shown(group.id)
        before = assess({parent}, content).triage
        for answer in group.symptoms:
            chooser.value = (parent,)
            assert set(group.symptoms) <= set(chooser.shown) and chooser.group_shown(group.id)
            assert chooser.toggles[group.id].value, "a follow-up appears open, ready to answer"
            chooser.value = (parent, answer)
            assert answer in chooser.value
            with_answer = assess(chooser.value, content)
            chooser.value = (answer,)  # the parent unticked
            assert answer not in chooser.value and not chooser.group_shown(group.id)
            assert assess(chooser.value, content).triage == assess((), content).triage
            assert assess({answer}, content).triage == assess((), content).triage
            if content.symptoms[answer].min_level:
                assert with_answer.triage == content.symptoms[answer].min_level != before
        chooser.value = ()


def test_a_follow_up_appears_while_a_search_is_typed(content):
    chooser = SymptomChooser(content)
    chooser.search.value = "it hurts when I walk"
    assert "pain_on_walking" in chooser.found and not chooser.group_shown("walking_where")
    chooser.value = ("pain_on_walking",)
    assert chooser.group_shown("walking_where") and chooser.toggles["walking_where"].value
    assert not {"bl-nomatch"} & set(chooser.boxes["walk_ache_chest"]._dom_classes)
    assert "bl-nomatch" in chooser.boxes["chest_pain"]._dom_classes  # the rest stays narrowed
    chooser.value = ()
    assert not chooser.group_shown("walking_where")


def test_clearing_repeats_until_nothing_hidden_is_left(content):
    everything = set(content.symptoms)
    kept = answers_that_count(everything, content)
    assert kept <= shown_symptoms(kept, content)
    for symptom in _conditional(content):
        assert symptom.id not in answers_that_count({symptom.id}, content) or symptom.id in shown_symptoms(
            {symptom.id}, content)


def test_the_search_finds_boxes_by_their_everyday_words(content):
    assert words_of("My back hurts near my SHOULDER blade") == ("near", "shoulder", "blade")
    assert search_symptoms("", content) == ()
    assert "knot" in search_symptoms("a knot", content)
    with_phrases = [s for s in content.symptoms.values() if s.also_called]
    assert with_phrases, "boxes carry the words people use for them"
    for symptom in with_phrases:
        for phrase in symptom.also_called:
            if words_of(phrase):
                assert symptom.id in search_symptoms(phrase, content), (symptom.id, phrase)


def test_typing_narrows_opens_and_highlights_and_clearing_restores(content):
    chooser = SymptomChooser(content)
    chooser.search.value = "knot"
    assert chooser.found and chooser.found[0] == "knot"
    group = content.symptoms["knot"].group
    assert chooser.toggles[group].value  # its group opened
    assert "bl-match" in chooser.boxes["knot"]._dom_classes
    others = [s for s in chooser.offered if s not in chooser.found and content.groups[
        content.symptoms[s].group].shown_if is None]  # a follow-up's answers are never narrowed away
    assert all("bl-nomatch" in chooser.boxes[s]._dom_classes for s in others)
    assert "box" in chooser.search_status.value and "fit what you typed" in chooser.search_status.value
    chooser.search.value = "zzzz qqqq"
    assert not chooser.found and "No box fits" in chooser.search_status.value
    chooser.search.value = ""
    assert not any({"bl-match", "bl-nomatch"} & set(b._dom_classes) for b in chooser.boxes.values())
    assert chooser.search_status.value == ""


def test_no_box_is_reachable_only_by_search(content):
    chooser = SymptomChooser(content)
    in_groups = {s for g in content.groups.values() for s in g.symptoms}
    assert set(chooser.offered) <= in_groups


def test_symptoms_json_gives_shown_if_and_also_called(capsys, content):
    assert main(["symptoms", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_id = {r["id"]: r for r in rows}
    for symptom in content.symptoms.values():
        row = by_id[symptom.id]
        assert row["also_called"] == list(symptom.also_called)
        always = symptom.shown_if is None and content.groups[symptom.group].shown_if is None
        assert (row["shown_if"] is None) == always
    # A follow-up's answers carry their group's rule: where it aches is asked after walking pain.
    assert {by_id[s]["shown_if"] for s in content.groups["walking_where"].symptoms} == {"pain_on_walking"}
    assert by_id["walk_ache_chest"]["triage"] == "urgent" and by_id["walk_ache_legs"]["triage"] == "soon"
    assert by_id["pain_on_walking"]["shown_if"] is None and not by_id["pain_on_walking"]["warning"]


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(DATA, folder)
    return folder


def test_a_box_shown_only_after_itself_is_refused(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "symptoms.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("      label: A dull ache\n", "      label: A dull ache\n      shown_if: dull_ache\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(folder, cache=False)
    assert any(p.file == "symptoms.yaml" and p.field == "shown_if" for p in caught.value.problems)


def test_a_warning_sign_behind_a_hidden_answer_is_refused(tmp_path, content):
    follow_up = next((s for s in _conditional(content) if not s.warning), None)
    if follow_up is None:
        pytest.skip("no non-warning follow-up in this content")
    folder = _copy(tmp_path)
    path = folder / "symptoms.yaml"
    text = path.read_text(encoding="utf-8")
    chest = content.symptoms["chest_pain"]
    label = f"      label: {chest.label}\n"
    text = text.replace(label, f"{label}      shown_if: {follow_up.id}\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(folder, cache=False)
    assert any(p.field == "shown_if" and "warning sign" in p.message for p in caught.value.problems)


def test_an_unknown_id_in_shown_if_is_refused_with_a_suggestion(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "symptoms.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "      label: A dull ache\n", "      label: A dull ache\n      shown_if: stifness\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(folder, cache=False)
    assert any("stifness" in p.message and "did you mean 'stiffness'" in p.message for p in caught.value.problems)
