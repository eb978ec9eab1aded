"""An answer never contradicts itself, in any output (issue 10 §1, issue 13 "one renderer").

Hypothesis draws symptom sets of any size from the whole list, and each test adds what makes
its property apply (an emergency sign, an urgent sign, a screening question's trigger), so
every example is checked: no property holds only in a rare branch.

Outputs: plain text, Markdown, HTML, JSON, the printable plan (HTML and Markdown) and the
explorer's widgets.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html import unescape

import ipywidgets as widgets
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from shipped import drawn_from, shipped, symptom_sets

from backlearn import LEVELS, Content, assess, symptom_levels
from backlearn.engine.questions import with_their_questions
from backlearn.engine.safety_wording import COME_BACK
from backlearn.export import plan_html, plan_markdown
from backlearn.render import render_html, render_json, render_markdown, render_section_html, render_text
from backlearn.sections import sections
from backlearn.widgets.explorer import SymptomExplorer


def emergency_signs(content: Content) -> list[str]:
    """The signs that on their own mean an emergency."""
    return sorted(s for s, level in symptom_levels(content).items() if level == "emergency")


def _urgent_signs(content: Content) -> list[str]:
    return sorted(s for s, level in symptom_levels(content).items() if level == "urgent")


def _help_signs(content: Content) -> list[str]:
    """Warning signs that need help today or now whatever else is ticked (no reassuring pattern lowers them)."""
    return sorted(set(emergency_signs(content) + _urgent_signs(content)) & content.warning_ids())


def _holdable(content: Content) -> list[str]:
    """Guidance that something can hold back."""
    return sorted(g.id for g in content.guidance.values() if g.applies_to)


@cache
def _explorer() -> SymptomExplorer:
    """One explorer for every draw, built on the first (not at collection)."""
    return SymptomExplorer(shipped())


any_symptoms = symptom_sets()
checked = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.filter_too_much])


def rank(level: str) -> int:
    return LEVELS.index(level)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _html_text(html: str) -> str:
    return _flat(unescape(re.sub(r"<[^>]+>", " ", html)))


def _md_text(md: str) -> str:
    return _flat(unescape(re.sub(r"\\(.)", r"\1", md)).replace("**", "").replace("*", ""))


def widget_html(ticked: frozenset[str] | set[str]) -> str:
    """The explorer's views for these ticks, top to bottom, as one piece of HTML."""
    explorer = _explorer()
    explorer.value = tuple(ticked)
    parts: list[str] = []
    for child in explorer.children:
        if child is explorer.checklists:
            for item in child.children:
                parts.append(item.value if isinstance(item, widgets.HTML) else f"<p>{item.description}</p>")
        elif isinstance(child, widgets.HTML):
            parts.append(child.value)
    return "".join(parts)


def _strings(value: object) -> list[str]:
    """Every string in decoded JSON, so phrases are looked for unescaped."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def outputs(ticked: frozenset[str] | set[str]) -> dict[str, str]:
    """Every output for these ticks, as plain words (markup removed) so phrases can be looked for."""
    result = assess(ticked, shipped())
    data = json.loads(render_json(result))
    return {
        "text": _flat(render_text(result)),
        "markdown": _md_text(render_markdown(result)),
        "html": _html_text(render_html(result)),
        "json": _flat(" ".join(_strings(data["sections"]))),
        "plan_html": _html_text(plan_html(result)),
        "plan_md": _md_text(plan_markdown(result)),
        "widgets": _html_text(widget_html(ticked)),
    }


@checked
@given(any_symptoms, drawn_from(emergency_signs))
def test_an_emergency_shows_no_guidance_checklist_or_reassurance_in_any_output(ticked, sign):
    ticked = ticked | with_their_questions({sign}, shipped())
    result = assess(ticked, shipped())
    assert result.triage == "emergency"
    assert not (result.guidance or result.checklists or result.withheld or result.reassurances)
    for name, shown in outputs(ticked).items():
        assert _flat(COME_BACK) in shown, name
        assert "Only after you have got help" not in shown and "While you get help" not in shown, name
        assert "Not for you now" not in shown, name
        assert "It is not, because you ticked" not in shown, name
        for item in shipped().guidance.values():
            assert _flat(item.text) not in shown, (name, item.id)
        for checklist in shipped().checklists.values():
            assert f"Checklist: {checklist.title}" not in shown, (name, checklist.id)
            assert not (checklist.intro and _flat(checklist.intro) in shown), (name, checklist.id)


@checked
@given(any_symptoms, drawn_from(_urgent_signs), drawn_from(_holdable), st.data())
def test_urgent_shows_only_what_is_declared_safe_with_every_warning(ticked, sign, item_id, data):
    item = shipped().guidance[item_id]
    trigger = data.draw(st.sampled_from(item.applies_to))
    ticked = (ticked - set(emergency_signs(shipped()))) | with_their_questions({sign, trigger}, shipped())
    if item.avoid_if:
        ticked |= {data.draw(st.sampled_from(item.avoid_if))}
    result = assess(ticked, shipped())
    assume(result.triage == "urgent")
    warnings = {m.flag.kind for m in result.red_flags} | {m.question.kind for m in result.answered_yes}
    flags = {m.flag.id for m in result.red_flags}

    def allowed(safe_with: tuple[str, ...]) -> bool:
        return all(w in safe_with for w in {m.flag.kind for m in result.red_flags if m.flag.id not in safe_with}
                   | {m.question.kind for m in result.answered_yes})

    held = set(item.avoid_if) & ticked or not allowed(item.safe_with)
    shown_ids = [m.item.id for m in result.guidance]
    if held:
        assert item_id not in shown_ids and item_id in [w.item.id for w in result.withheld]
        for name, shown in outputs(ticked).items():
            assert _flat(item.text) not in shown, name
    else:
        assert item_id in shown_ids
    # Whatever was drawn: everything shown is declared safe with every warning, and nothing ticked
    # holds it back, in any checklist either.
    assert warnings and flags
    for match in result.guidance:
        assert not set(match.item.avoid_if) & ticked and allowed(match.item.safe_with)
    for cm in result.checklists:
        assert not set(cm.checklist.avoid_if) & ticked and allowed(cm.checklist.safe_with)
        for unit in cm.items:
            assert not set(unit.avoid_if) & ticked
            assert allowed(cm.checklist.safe_with if unit.safe_with is None else unit.safe_with)


@checked
@given(any_symptoms, drawn_from(_help_signs))
def test_no_reassurance_when_help_is_needed(ticked, sign):
    # The reassuring pattern of pain between the shoulder blades, plus a sign that needs help.
    ticked = ticked | with_their_questions({"between_shoulder_blades", "after_sleeping", sign}, shipped())
    result = assess(ticked, shipped())
    assert rank(result.triage) >= rank("urgent")
    assert not result.reassurances
    for name, shown in outputs(ticked).items():
        assert "It is not, because you ticked" not in shown, name
        for flag in shipped().red_flags.values():
            assert not (flag.reassured_by and _flat(flag.reassured_by) in shown), (name, flag.id)


@checked
@given(any_symptoms, drawn_from(lambda c: sorted(c.screening)), st.data())
def test_screening_answers_and_the_banner_agree(ticked, question_id, data):
    question = shipped().screening[question_id]
    yes = data.draw(st.sampled_from(question.asks_about))
    ticked = ticked | with_their_questions({data.draw(st.sampled_from(question.applies_to)), yes}, shipped())
    result = assess(ticked, shipped())
    answered = {m.question.id: m for m in result.answered_yes}
    assert question_id in answered
    for match in result.answered_yes:
        assert rank(result.triage) >= rank(match.question.level), match.question.id
    banner = sections(result)[0].heading
    assert banner.startswith(result.level.label.upper()) and result.triage != "self_care"
    for name, shown in outputs(ticked).items():
        assert "No warning signs ticked" not in shown, name
        ask_first = shown.split("Check these first", 1)[1].split("Warning signs", 1)[0] if (
            "Check these first" in shown) else ""
        assert _flat(question.question) not in ask_first, (name, "a question already answered yes is asked again")


@checked
@given(any_symptoms, drawn_from(lambda c: sorted(c.warning_ids())))
def test_no_output_says_no_warning_signs_were_ticked_when_one_was(ticked, sign):
    """Reliability review M7: `thin_bones_steroids` or `cough_phlegm` alone showed "No warning
    signs ticked" under SELF-CARE."""
    ticked = ticked | with_their_questions({sign}, shipped())
    for name, shown in outputs(ticked).items():
        assert "No warning signs ticked" not in shown, name
    assert "No warning signs ticked" not in json.loads(render_json(assess(ticked, shipped())))["headline"]


def _margin_lines(text: str) -> list[str]:
    """Plain text: a heading's first line is the only kind of line that starts at the margin."""
    return [line for line in text.splitlines() if line and not line.startswith(" ")]


def _expected_headings(ticked: frozenset[str] | set[str]) -> list[tuple[str, str]]:
    return [(s.kind, s.heading) for s in sections(assess(ticked, shipped()))]


@checked
@given(any_symptoms)
def test_every_output_shows_the_same_sections_in_the_same_order(ticked):
    result = assess(ticked, shipped())
    expected = _expected_headings(ticked)
    kinds = [kind for kind, _ in expected]
    assert kinds[0] == "banner" and kinds[-1] == "disclaimer" and kinds.count("disclaimer") == 1
    # HTML, the plan, the widgets: each section is marked with its kind.
    for name, html in (("html", render_html(result)), ("plan_html", plan_html(result)),
                       ("widgets", widget_html(ticked))):
        assert re.findall(r'data-section="(\w+)"', html) == kinds, name
    # JSON: the same list.
    assert [(s["kind"], s["heading"]) for s in json.loads(render_json(result))["sections"]] == expected
    # Markdown (and the Markdown plan): every heading line, then the closing note.
    for name, md in (("markdown", render_markdown(result)), ("plan_md", plan_markdown(result))):
        lines = [line for line in md.splitlines() if line.startswith("#")]
        headings = [_md_text(re.sub(r"^#+ ", "", line)) for line in lines]
        headings.append(_md_text(md.strip().splitlines()[-1]))
        assert len(headings) == len(expected), name
        for (kind, heading), got in zip(expected, headings, strict=True):
            assert got.startswith(_flat(heading)), (name, kind, got)
    # Plain text: the lines at the margin are the headings, in order.
    margin = _margin_lines(render_text(result))
    assert len(margin) == len(expected)
    for (kind, heading), got in zip(expected, margin, strict=True):
        # A long heading wraps (got is its start); the note and cited sources follow on its line.
        assert _flat(heading).startswith(_flat(got)) or _flat(got).startswith(_flat(heading)), (kind, got)


def test_every_output_ends_with_the_same_note_naming_the_regions_emergency_number():
    """The widget's closing note is the last section every other output shows, word for word: none
    of them leaves out where to call in an emergency."""
    result = assess(("knot",), shipped())
    note = sections(result)[-1]
    assert note.kind == "disclaimer" and note.intro.endswith("In an emergency in the United Kingdom, call 999.")
    explorer = SymptomExplorer(shipped())
    explorer.value = ("knot",)
    assert explorer.note.value == render_section_html(note)
    assert json.loads(render_json(result))["sections"][-1]["intro"] == note.intro
    for name, out in (("text", render_text(result)), ("markdown", render_markdown(result)),
                      ("html", render_html(result)), ("plan_html", plan_html(result)),
                      ("plan_md", plan_markdown(result))):
        assert "In an emergency in the United Kingdom, call 999." in " ".join(out.split()), name


# ----------------------------------------------------------------------------- the review's examples


def test_a_cough_with_mid_back_pain_answers_the_breathing_question_and_the_banner_follows():
    """Reliability review M7: `mid_back` + `cough_phlegm` hid a breathing question answered yes
    under a SELF-CARE banner. The question's level (urgent) now applies."""
    result = assess({"mid_back", "cough_phlegm"}, shipped())
    assert [m.question.id for m in result.answered_yes] == ["breathing"]
    assert result.triage == "urgent"
    text = _flat(render_text(result))
    assert text.startswith("URGENT") and "No warning signs ticked" not in text
    assert "you already answered yes" in text


def test_cauda_equina_signs_never_say_no_scan_or_moving_will_not_break_it():
    """Clinical review G1, G2 (NICE NG59 imaging only without red flags; NHS cauda equina)."""
    result = assess({"low_back", "numb_saddle", "duration_2_to_6_weeks", "worse_moving"}, shipped())
    assert result.triage == "emergency"
    for shown in outputs({"low_back", "numb_saddle", "duration_2_to_6_weeks", "worse_moving"}).values():
        assert "you do not need a scan" not in shown and "Do not ask for an X-ray" not in shown
        assert "will not damage your back" not in shown and "Think of massage" not in shown


def test_thin_bones_after_a_fall_holds_back_moving_will_not_damage_it():
    """Clinical review G2 (fragility fracture red flag, Finucane 2020)."""
    result = assess({"low_back", "thin_bones_steroids", "after_minor_fall", "sharp_pain"}, shipped())
    assert result.triage == "urgent"
    held = {w.item.id for w in result.withheld}
    assert {"hurt_is_not_harm", "keep_moving", "walk_a_little_more_each_day"} <= held
    assert "hurt_is_not_harm" not in {m.item.id for m in result.guidance}


def test_past_cancer_with_night_pain_holds_back_the_no_scan_advice():
    """Clinical review G1: George (past cancer, night pain) was told he needs no scan (NICE NG234)."""
    result = assess({"low_back", "past_cancer", "night_pain", "duration_2_to_6_weeks"}, shipped())
    assert result.triage == "urgent"
    assert "no_scan_without_warning_signs" in {w.item.id for w in result.withheld}
    assert "low_back_first_weeks" in {w.item.id for w in result.withheld}


def test_the_massage_checklist_and_advice_are_held_back_at_urgent():
    """Clinical review G4: massage items and `before_your_massage` with any urgent sign."""
    result = assess({"knot", "stiffness", "night_pain"}, shipped())
    assert result.triage == "urgent"
    held = {w.item.id for w in result.withheld}
    assert {"massage_as_an_extra", "any_massage_style", "before_your_massage"} <= held


def test_the_walking_checklist_is_held_back_with_heavy_legs_on_walking():
    """Clinical review G5: `safe_return_to_walking` matches the walking guidance's avoid_if."""
    result = assess({"low_back", "better_moving", "legs_heavy_walking"}, shipped())
    assert "safe_return_to_walking" not in {m.checklist.id for m in result.checklists}
    assert "walk_a_little_more_each_day" in {w.item.id for w in result.withheld}


def test_checklist_items_follow_the_advice_they_repeat():
    """Clinical review G6: no "I used a warm pack" when the warm pack is held back."""
    result = assess({"low_back", "pregnant_warning", "sharp_pain"}, shipped())
    items = [item.text for m in result.checklists for item in m.items]
    assert not any("pharmacist" in text for text in items)
    soon = assess({"low_back", "legs_heavy_walking", "stiffness"}, shipped())
    assert soon.triage == "soon"
    texts = [item.text for m in soon.checklists for item in m.items]
    assert "I went for a walk today." not in texts
