"""Widgets in plain pytest: set values as a learner would and read the HTML, no browser."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from html import unescape

import ipywidgets as widgets
import pytest

from backlearn import SymptomChooser, SymptomExplorer, TopicExplorer, load_content
from backlearn.engine.assessment import UnknownSymptomError
from backlearn.engine.triage import screening_symptoms
from backlearn.render import render_text
from backlearn.widgets.fold_button import FoldButton

KNOT = ("between_shoulder_blades", "knot", "after_sleeping", "worse_moving")


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def explorer(content, tmp_path):
    return SymptomExplorer(content, save_dir=tmp_path / "plans")


def test_nothing_ticked_is_neutral_not_self_care(explorer):
    assert "NOTHING TICKED YET" in explorer.banner.value
    assert "Self-care" not in _text(explorer.banner.value)
    assert explorer.guidance.value.strip() == "" or "What you can do" not in explorer.guidance.value


def test_ticking_boxes_sets_the_value_and_the_views(explorer):
    for sid in KNOT:
        explorer.chooser.boxes[sid].value = True
    assert set(explorer.value) == set(KNOT)
    assert "bl-self_care" in explorer.banner.value
    assert "Use a warm pack" in _text(explorer.guidance.value)
    assert "Because you ticked" in _text(explorer.guidance.value) or "because you ticked" in _text(
        explorer.guidance.value
    )
    titles = [c.value for c in explorer.checklists.children if isinstance(c, widgets.HTML)]
    assert any("Easing a knot" in t for t in titles)


def test_red_flag_with_a_knot_shows_the_warning_first(explorer):
    explorer.value = (*KNOT, "chest_pain")
    banner = _text(explorer.banner.value)
    assert "EMERGENCY" in banner.upper() and "999" in banner
    # Announced assertively by the live region that stays in the page, not by the replaced banner.
    assert explorer.announcer.assertive.startswith("EMERGENCY: Call 999 now") and not explorer.announcer.polite
    assert 'role="alert"' not in explorer.banner.value
    details = _text(explorer.guidance.value)
    assert "heart attack" in details
    # At an emergency no self-care is shown at all, only when to come back for it.
    assert "Use a warm pack" not in details and "Only after you have got help" not in details
    assert "come back for advice on easing pain" in details
    assert not explorer.checklists.children
    # The banner widget sits above the guidance in the explorer.
    assert explorer.children.index(explorer.banner) < explorer.children.index(explorer.guidance)


def test_unticking_a_red_flag_restores_the_previous_view(explorer):
    explorer.value = KNOT
    before = (explorer.banner.value, explorer.guidance.value, explorer.checklists.text)
    explorer.chooser.boxes["chest_pain"].value = True
    assert "bl-emergency" in explorer.banner.value
    explorer.chooser.boxes["chest_pain"].value = False
    assert (explorer.banner.value, explorer.guidance.value, explorer.checklists.text) == before


def test_checklist_ticks_survive_a_change_of_symptoms(explorer):
    explorer.value = KNOT
    key, box = next(iter(explorer.checklists.boxes.items()))
    box.value = True
    explorer.value = (*KNOT, "stiffness")
    assert explorer.checklists.boxes[key].value is True
    assert "[x]" in explorer.checklists.text


def test_the_explorers_text_is_the_answer_shown_and_the_ticks_are_in_the_checklists_text(explorer):
    explorer.value = KNOT
    next(iter(explorer.checklists.boxes.values())).value = True
    assert explorer.text == render_text(explorer.shown)
    assert "[x]" in explorer.checklists.text and "[x]" not in explorer.text


def test_a_tick_from_the_page_sends_the_answer_and_no_echo(explorer, monkeypatch):
    # What the kernel sends after a learner ticks "knot" in the page: the new answer, first the
    # banner, and no echo of the tick back to the page that made it (one message less to wait for).
    box = explorer.chooser.boxes["knot"]  # made (with its group's boxes) before listening
    sent: list[tuple[widgets.Widget, dict]] = []
    monkeypatch.setattr(widgets.Widget, "_send", lambda self, msg, buffers=None: sent.append((self, msg)))
    tick = {"method": "update", "state": {"value": True}, "buffer_paths": []}
    box._handle_msg({"content": {"data": tick}, "buffers": []})
    assert explorer.value == ("knot",) and box.value is True
    assert not [msg for _widget, msg in sent if msg["method"] == "echo_update"]
    updated = [widget for widget, msg in sent if msg["method"] == "update"]
    assert updated[:3] == [explorer.banner, explorer.announcer, explorer.guidance] and explorer.checklists in updated
    assert box not in updated


def test_each_explorers_source_numbers_lead_to_its_own_sources(content, tmp_path):
    """Two explorers on one page (the app's explorer and its lessons, two cells): each [1] must
    lead to the numbered source in the same explorer, never to the other's list."""
    first, second = (SymptomExplorer(content, save_dir=tmp_path / "plans") for _ in range(2))
    first.value = KNOT
    second.value = ("numb_saddle", *KNOT)  # an emergency: its banner cites too
    prefixes = set()
    for explorer in (first, second):
        cited = "".join([explorer.banner.value, explorer.guidance.value,
                         *(child.value for child in explorer.checklists.children
                           if isinstance(child, widgets.HTML))])
        targets = set(re.findall(r'href="#([^"]+)"', cited))
        sources = set(re.findall(r'<li id="([^"]+)"', explorer.sources.value))
        numbered = {t for t in targets if re.fullmatch(r"bl-src-\w+-\d+", t)}
        assert numbered and numbered <= sources, (numbered, sources)
        prefixes |= {t.rsplit("-", 1)[0] for t in sources}
    assert len(prefixes) == 2


def test_tick_boxes_share_one_style(explorer):
    # A style widget per box would be a hundred more widgets for the page to build.
    explorer.value = KNOT
    assert len({id(box.style) for box in explorer.chooser.boxes.values()}) == 1
    assert len({id(box.style) for box in explorer.checklists.boxes.values()}) == 1


def test_pick_one_groups_keep_one_tick(content):
    chooser = SymptomChooser(content)
    chooser.boxes["age_20_to_49"].value = True
    chooser.boxes["age_65_plus"].value = True
    assert "age_65_plus" in chooser.value and "age_20_to_49" not in chooser.value
    assert chooser.boxes["age_20_to_49"].value is False


def test_setting_an_unknown_symptom_suggests_the_right_id(content):
    chooser = SymptomChooser(content)
    with pytest.raises(UnknownSymptomError, match="did you mean 'knot'"):
        chooser.value = ("knott",)
    assert chooser.value == ()


def test_every_control_can_be_announced(explorer):
    explorer.value = KNOT
    boxes = list(explorer.chooser.boxes.values()) + list(explorer.checklists.boxes.values())
    for box in boxes:
        assert box.description.strip(), "a tick box without a label cannot be announced"
        assert box.description_allow_html is False
    assert all(t.strip() for t in explorer.chooser.titles)
    assert all(isinstance(t, FoldButton) and t.tooltip for t in explorer.chooser.toggles.values())
    assert explorer.export.button.description and explorer.export.button.tooltip
    assert explorer.announcer.polite.startswith("Self-care:")


def test_symptom_labels_and_content_are_escaped(minimal_copy):
    symptoms = minimal_copy / "symptoms.yaml"
    text = symptoms.read_text(encoding="utf-8")
    first_label = re.search(r"label: (.+)", text.split("symptoms:", 1)[1]).group(1)
    symptoms.write_text(text.replace(first_label, '"<img src=x onerror=alert(1)>"', 1), encoding="utf-8")
    content = load_content(minimal_copy)
    explorer = SymptomExplorer(content)
    explorer.value = tuple(content.symptoms)
    assert "<img" not in explorer.banner.value + explorer.guidance.value
    assert all(box.description_allow_html is False for box in explorer.chooser.boxes.values())


@pytest.mark.parametrize("topic_id", ["knot_upper_back", "walking", "massage_frequency"])
def test_topic_explorer_offers_every_warning_sign_in_folded_groups(content, topic_id):
    """Clinical review §0 and issue 10 §5: a lesson's explorer says "no warning signs ticked"
    only when every warning sign could have been ticked."""
    explorer = TopicExplorer(topic_id, content)
    offered = set(explorer.chooser.boxes)
    assert set(content.topics[topic_id].symptoms) <= offered
    assert content.warning_ids() <= offered
    assert set(screening_symptoms(content)) <= offered
    for group in content.groups.values():
        if group.warning:
            assert explorer.chooser.toggles[group.id].value is False, f"{group.id} starts folded"
    topic_groups = {content.symptoms[s].group for s in content.topics[topic_id].symptoms}
    assert any(explorer.chooser.toggles[g].value for g in topic_groups if not content.groups[g].warning)


def test_unknown_topic_names_the_closest(content):
    with pytest.raises(KeyError, match="knot_upper_back"):
        TopicExplorer("knot_upperback", content)


def test_save_my_plan_writes_a_file_and_says_where(explorer, tmp_path):
    explorer.value = KNOT
    path = explorer.export.save(on=dt.date(2026, 1, 15))
    assert path.parent == tmp_path / "plans" and path.name == "backlearn-plan-2026-01-15.html"
    html = path.read_text(encoding="utf-8")
    assert html.index("bl-banner") < html.index("Use a warm pack")
    # No server path (a learner cannot open it): a download button with the plan inside.
    assert str(path) not in explorer.export.text and str(tmp_path) not in explorer.export.status.value
    assert "Your plan is ready" in explorer.export.text and "Download my plan" in explorer.export.text
    assert 'class="bl-download bl-download-button"' in explorer.export.status.value
    assert 'download="backlearn-plan-2026-01-15.html"' in explorer.export.status.value
    assert "data:text/html;charset=utf-8;base64," in explorer.export.status.value
    second = explorer.export.save(on=dt.date(2026, 1, 15))
    assert second != path and path.read_text(encoding="utf-8") == html, "an earlier plan is never overwritten"


def test_save_as_markdown(explorer):
    explorer.value = KNOT
    explorer.export.format.value = "md"
    path = explorer.export.save(on=dt.date(2026, 1, 15))
    assert path.suffix == ".md" and path.read_text(encoding="utf-8").startswith("# ")


def test_a_failed_save_says_why_and_keeps_the_ticks(content, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    explorer = SymptomExplorer(content, save_dir=blocker)
    explorer.value = KNOT
    with pytest.raises(OSError):
        explorer.export.save()
    assert "Could not save" in explorer.export.text and str(blocker) not in explorer.export.text
    assert "Download my plan" in explorer.export.text, "the plan can still be downloaded"
    assert set(explorer.value) == set(KNOT)
    explorer.export.button.click()  # the button reports instead of raising
    assert "Could not save" in explorer.export.text


def test_groups_fold_open_with_a_button_a_keyboard_reaches(content):
    """Group headings are buttons (Tab, then Space), not Accordion headings the keyboard cannot reach."""
    chooser = SymptomChooser(content)
    sections = chooser.groups.children
    assert len(sections) == len(chooser.toggles) == len(content.groups)
    assert all(section.children[1].layout.display == "none" for section in sections)
    chooser.toggles["feels_like"].value = True
    body = sections[list(chooser.toggles).index("feels_like")].children[1]
    assert body.layout.display != "none" and chooser.toggles["feels_like"].icon == "caret-down"
    chooser.boxes["knot"].value = True
    assert chooser.value == ("knot",)
    warning = [t for gid, t in chooser.toggles.items() if content.groups[gid].warning]
    assert warning and all("bl-warning-toggle" in t._dom_classes for t in warning)
    chooser.open_group("feels_like", False)
    assert body.layout.display == "none"


def test_a_folded_group_makes_its_boxes_when_opened_or_ticked(content):
    """A folded group shows nothing, so its tick boxes are made the first time it opens or one of its
    symptoms is ticked; a box made late shows every tick given before, and ``boxes`` has them all."""
    chooser = SymptomChooser(content, open_groups=["where"])
    bodies = {gid: section.children[1] for gid, section in zip(chooser.toggles, chooser.groups.children, strict=True)}
    assert bodies["where"].children and not bodies["feels_like"].children and not bodies["warning_chest"].children
    chooser.value = ("knot", "chest_pain")
    assert [b.description for b in bodies["warning_chest"].children if b.value], "the ticked box exists, ticked"
    assert bodies["warning_chest"].layout.display == "none", "ticking from code does not open the group"
    assert chooser.value == ("knot", "chest_pain")
    chooser.open_group("feels_like")
    knot = next(b for b in bodies["feels_like"].children if "bl-symptom-knot" in b._dom_classes)
    assert knot.value and knot is chooser.boxes["knot"]
    knot.value = False
    assert chooser.value == ("chest_pain",)
    assert list(chooser.boxes) == list(chooser.offered) == [
        s for g in content.groups.values() for s in g.symptoms
    ]
    assert all(body.children for body in bodies.values())


def test_open_groups_opens_all_or_the_named_ones(content):
    assert all(t.value for t in SymptomChooser(content, open_groups=True).toggles.values())
    named = SymptomChooser(content, open_groups=["where"])
    assert [gid for gid, t in named.toggles.items() if t.value] == ["where"]


def test_the_brief_counts_the_questions_the_full_view_lists():
    import re

    explorer = SymptomExplorer(load_content())
    explorer.value = ("between_shoulder_blades", "knot", "after_sleeping", "chest_pain")
    listed = re.search(r'<ul class="bl-screening"[^>]*>(.*?)</ul>', explorer.guidance.value, re.S)
    said = re.search(r"Questions to check first: (\d+)", explorer.brief)
    assert listed and said, explorer.brief
    assert int(said.group(1)) == listed.group(1).count("<li"), explorer.brief


# ---------------------------------------------------------------------- never alive when not running


def _styles(widget) -> str:
    """Every <style> a view carries, however deep."""
    found, stack = [], [widget]
    while stack:
        node = stack.pop()
        value = getattr(node, "value", None)
        if isinstance(value, str) and "<style>" in value:
            found.append(value)
        stack.extend(getattr(node, "children", ()))
    return "\n".join(found)


def _views(content, tmp_path):
    from backlearn import CaseStudy, DiaryForm, LessonActivity, LessonBrowser, QuizWidget, RegionPicker, TopicExplorer

    return {
        "bl-explorer": SymptomExplorer(content, save_dir=tmp_path),
        "bl-case-study": CaseStudy(content),
        "bl-quiz": QuizWidget("massage_upper_back", content),
        "bl-diary": DiaryForm(tmp_path / "diary.csv"),
        "bl-region-picker": RegionPicker(content),
        "bl-lessons": LessonBrowser(content),
        "bl-activity": LessonActivity("walking", content),
        "bl-explorer ": TopicExplorer("walking", content),  # a lesson's explorer (the key differs from the app's)
    }


def test_a_saved_view_with_no_kernel_says_how_to_start_it(content, tmp_path, monkeypatch):
    from backlearn.widgets.style import NOT_STARTED

    monkeypatch.setenv("BACKLEARN_SETTINGS", str(tmp_path / "settings.json"))
    assert "Run All" in NOT_STARTED
    for key, view in _views(content, tmp_path).items():
        css_class = key.strip()
        assert css_class in view._dom_classes
        css = _styles(view)
        # ipywidgets marks a view drawn from saved state, with no kernel behind it, "disconnected":
        # the view then shows the message and takes no clicks.
        rule = re.search(rf"\.{css_class}[^{{}}]*\)\.jupyter-widgets-disconnected::before \{{([^}}]*)\}}", css)
        assert rule, f"{css_class} carries no 'not started' style"
        assert "Run All to start this" in rule.group(1) and "display: block" in rule.group(1)
        assert re.search(r"\.jupyter-widgets-disconnected > \* \{[^}]*pointer-events: none", css)


def test_viewers_that_cannot_draw_a_widget_get_a_friendly_line(content, tmp_path, monkeypatch):
    monkeypatch.setenv("BACKLEARN_SETTINGS", str(tmp_path / "settings.json"))
    for view in _views(content, tmp_path).values():
        bundle = view._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle  # Lab and Voila still draw the widget
        plain, html = bundle["text/plain"], bundle["text/html"]
        assert "Run All to start this" in plain and "(children=" not in plain and "<" not in plain
        assert "Run All to start this" in html and "<style>" not in html


def test_focus_rings_on_backlearns_buttons_are_3px_dark_blue_even_in_jupyterlab():
    from backlearn.widgets.style import CONTROLS_CSS, WIDGET_CSS

    assert CONTROLS_CSS in WIDGET_CSS
    rule = re.search(r":is\(button, \.jupyter-button[^{]*:focus-visible[^{]*\{([^}]*)\}", CONTROLS_CSS)
    assert rule and "outline: 3px solid #1a4fa0 !important" in rule.group(1)


# ---------------------------------------------------------------------- announcements


def test_each_tick_changes_the_one_live_region_short_and_assertive_only_at_an_emergency(explorer):
    from backlearn.widgets.announcer import Announcer

    announcer = explorer.announcer
    assert isinstance(announcer, Announcer) and announcer in explorer.children
    assert explorer.children.index(announcer) + 1 == explorer.children.index(explorer.banner)
    assert announcer.polite == "Nothing ticked yet." and announcer.assertive == ""
    said = []
    for ids in [("knot",), KNOT[:2], KNOT, (*KNOT, "chest_pain"), KNOT, ()]:
        explorer.value = ids
        assert explorer.announcer is announcer, "the same live region, never a new one"
        said.append((announcer.polite, announcer.assertive))
        assert len(announcer.text.split()) <= 16, f"too long to hear at once: {announcer.text!r}"
        assert "role=" not in explorer.banner.value.split(">", 1)[0], "the replaced banner is not a live region"
    assert all(now != before for before, now in itertools.pairwise(said)), "every tick says something new"
    emergency = said[3]
    assert emergency[0] == "" and emergency[1].startswith("EMERGENCY: Call 999 now, or go to A&E.")
    assert all(assertive == "" for _polite, assertive in said[:3] + said[4:])
    assert said[2][0].startswith("Self-care:") and said[2][0].endswith("4 boxes ticked.")
    assert said[-1] == ("Nothing ticked yet.", "")


def test_announcer_says_politely_or_assertively_and_nothing_else():
    from backlearn.widgets.announcer import Announcer

    announcer = Announcer()
    announcer.say("assertive", "EMERGENCY: Call 999 now.")
    assert (announcer.polite, announcer.assertive) == ("", "EMERGENCY: Call 999 now.")
    announcer.say("polite", "Urgent: Get help today.")
    assert (announcer.polite, announcer.assertive) == ("Urgent: Get help today.", "")
    with pytest.raises(ValueError, match="polite"):
        announcer.say("loud", "x")
    assert 'role", "status"' in announcer._esm and 'role", "alert"' in announcer._esm


def test_quiz_case_study_and_diary_speak_through_a_live_region_that_stays(content, tmp_path):
    from backlearn import CaseStudy, DiaryForm, QuizWidget

    quiz = QuizWidget("massage_upper_back", content)
    announcer = quiz.announcer
    quiz.buttons[0].click()  # nothing picked yet
    assert announcer.polite == "Question 1: pick an answer first."
    quiz.answer(1, 0)
    assert quiz.announcer is announcer and announcer.polite.startswith("Question 1: ")
    assert "You got" in announcer.polite and "role=" not in quiz.feedback[0].value

    study = CaseStudy(content)
    case = next(iter(content.cases.values()))
    study.attempt(case.id, case.expected_triage, case.symptoms)
    assert study.announcer.polite.startswith("You picked") and "role=" not in study.result.value.split(">", 1)[0]

    form = DiaryForm(tmp_path / "diary.csv", today=dt.date(2024, 3, 4))
    form.minutes_walked.value = -1
    with pytest.raises(ValueError, match="below 0"):
        form.save()
    assert "below 0" in form.announcer.assertive and form.announcer.polite == ""
    form.minutes_walked.value = 10
    form.save()
    assert form.announcer.polite.startswith("Saved your entry") and form.announcer.assertive == ""


def test_the_search_count_and_an_activitys_marks_speak_through_a_live_region_that_stays(content):
    from backlearn import LessonActivity
    from backlearn.widgets.explorer import SymptomExplorer

    explorer = SymptomExplorer(content)
    said = explorer.chooser.search_announcer
    explorer.chooser.search.value = "tingling"
    assert said.polite.endswith("fit what you typed. They are shown below. Clear the search to see every box again.")
    assert said.polite.split()[0] == str(len(explorer.chooser.found))
    assert "role=" not in explorer.chooser.search_status.value
    explorer.chooser.search.value = "zzzz qqqq"
    assert said.polite.startswith("No box fits those words.")
    explorer.chooser.search.value = ""
    assert said.text == "" and explorer.chooser.search_announcer is said

    plan = LessonActivity("walking", content)
    plan.value = (3, 20)
    assert plan.announcer.polite == plan.result.headline and "role=" not in plan._result.value
    sort = LessonActivity("massage_upper_back", content)
    sort.value = tuple(item.answer for item in sort.activity.items)
    sort.check()
    assert sort.announcer.polite.endswith("Well done!")
    sort.value = ("",) * len(sort.activity.items)
    assert sort.announcer.text == "", "moving a line takes the old marks back"
    # Each line names its own drop-down list (its label), so a screen reader says which line it sorts.
    assert [picker.description for picker in sort._pickers] == [item.text for item in sort.activity.items]


def test_a_topic_explorer_gives_the_full_explorers_level_for_age_and_risk_factors():
    """Clinical review N13: a 60-year-old smoker with a knot after sleeping gets the same level in a
    lesson's explorer as in notebook 08 (ages and risk factors are offered, folded)."""
    from backlearn import assess
    from backlearn.widgets.explorer import SymptomExplorer, TopicExplorer

    content = load_content()
    ticks = ("between_shoulder_blades", "knot", "after_sleeping", "better_moving", "age_50_to_64", "smoker")
    for topic_id in content.topics:
        lesson = TopicExplorer(topic_id, content)
        for sid in ("age_50_to_64", "age_65_plus", "age_under_20", "smoker", "pregnant", "pill_or_hrt"):
            assert sid in lesson.chooser.offered, (topic_id, sid)
        wanted = tuple(s for s in ticks if s in lesson.chooser.offered)
        lesson.value = wanted
        full = SymptomExplorer(content)
        full.value = wanted
        assert assess(lesson.value, content).triage == assess(full.value, content).triage
