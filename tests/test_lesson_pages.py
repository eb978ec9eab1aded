"""Issue 25, items 1-3: short lessons, the evidence as a picture, and an activity of its own per lesson.

Each lesson's words, chart numbers and activity come from the content (data/lesson_pages.yaml,
data/evidence.yaml), checked on load; the charts and activities are pure functions and widget
values, read here without a browser; the executed lessons are measured as a learner reads them.
"""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path
from statistics import mean

import pytest
import textstat

from backlearn import LessonActivity, evidence_chart, evidence_html, evidence_notes_markdown, load_content
from backlearn.activities import choose_result, plan_result, sort_result
from backlearn.charts import evidence_frame, evidence_notes_html, evidence_svg

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"

#: Words a learner reads after Run All (issue 25 item 1; STYLE.md: "a learner reads about 800 words").
LESSON_WORDS, EXPLORER_WORDS = 800, 1200


# ----------------------------------------------------------------------------- the content


def test_every_topic_has_a_lesson_page_and_an_evidence_chart(content):
    assert set(content.lesson_pages) == set(content.topics)
    assert set(content.evidence) == set(content.topics)


def test_every_number_comes_from_a_source_its_topic_cites(content):
    for chart in content.evidence.values():
        topic = content.topics[chart.id]
        for number in chart.numbers:
            assert number.source in topic.sources, (chart.id, number.label)
            assert number.how_sure, (chart.id, number.label)
        assert set(chart.sources) <= set(topic.sources), chart.id
        if chart.kind == "words":
            assert not chart.numbers and "no numbers" in chart.note.lower(), chart.id


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_number_from_a_source_the_topic_does_not_cite_is_refused(data_copy, problems):
    _replace(data_copy / "evidence.yaml", "source: pocovi_2024", "source: furlan_2015")
    found = problems(data_copy)
    expected = "'furlan_2015' is not among topic 'walking''s sources"
    assert any("evidence.yaml" in p and expected in p for p in found), found


def test_a_range_that_does_not_hold_its_value_is_refused(data_copy, problems):
    _replace(data_copy / "evidence.yaml", "value: 208", "value: 300")
    assert any("expected a value from low (149) to high (295), got 300" in p for p in problems(data_copy))


def test_a_sort_answer_must_be_one_of_its_bins(data_copy, problems):
    _replace(data_copy / "lesson_pages.yaml", "answer: Fact", "answer: Fakt")
    assert any("lesson_pages.yaml" in p and "'Fakt' is not a bin; expected one of Myth, Fact" in p
               for p in problems(data_copy))


def test_a_choice_needs_a_best_answer_and_ticks_must_be_symptoms(data_copy, problems):
    _replace(data_copy / "lesson_pages.yaml", "        best: true\n        why: The kinds", "        why: The kinds")
    _replace(data_copy / "lesson_pages.yaml", "ticks: [low_back, stiffness,", "ticks: [low_bak, stiffness,")
    found = problems(data_copy)
    assert any("no item has best: true" in p for p in found), found
    assert any("unknown symptom 'low_bak'" in p and "did you mean 'low_back'" in p for p in found), found


def test_every_topic_needs_its_page_when_the_file_is_there(data_copy, problems):
    text = (data_copy / "lesson_pages.yaml").read_text(encoding="utf-8")
    (data_copy / "lesson_pages.yaml").write_text(text[: text.index("- id: walking")], encoding="utf-8")
    assert any("lesson_pages.yaml" in p and "no record for topic(s) walking" in p for p in problems(data_copy))


def test_content_without_the_lesson_files_still_loads(minimal_copy):
    content = load_content(minimal_copy)
    assert content.evidence == {} and content.lesson_pages == {}


def _lesson_texts(content) -> list[tuple[str, str]]:
    texts = []
    for page in content.lesson_pages.values():
        activity = page.activity
        texts += [(page.id, page.intro), (page.id, page.story), (page.id, page.warning_story.replace("**", "")),
                  (page.id, page.in_class), (page.id, page.at_home),
                  (page.id, activity.prompt), (page.id, activity.why)]
        texts += [(page.id, f"{item.text} {item.why}") for item in activity.items]
    for chart in content.evidence.values():
        texts += [(chart.id, chart.note)] + [(chart.id, number.how_sure) for number in chart.numbers]
    return [(key, text) for key, text in texts if text]


def test_lesson_words_are_plain(content):
    """The same bar as tests/test_readability.py: mean US grade 6, none above grade 9."""
    grades = {f"{key}: {text[:40]}": textstat.flesch_kincaid_grade(text) for key, text in _lesson_texts(content)}
    assert mean(grades.values()) <= 6.0, f"mean grade {mean(grades.values()):.1f}"
    assert not {key: g for key, g in grades.items() if g > 9.0}


# ----------------------------------------------------------------------------- the charts


@pytest.mark.parametrize("topic_id", ["massage_upper_back", "massage_while_in_pain", "best_massage",
                                      "knot_upper_back", "what_not_to_do", "massage_frequency", "walking"])
def test_each_chart_is_a_png_with_alt_text_naming_every_number(content, topic_id):
    png, alt = evidence_chart(topic_id, content)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 2000
    chart = content.evidence[topic_id]
    assert chart.title.rstrip("?.") in alt and chart.note in alt
    for number in chart.numbers:
        assert f"{number.value:g}" in alt, number.label
        if number.low is not None:
            assert f"likely between {number.low:g} and {number.high:g}" in alt
    assert evidence_chart(topic_id, content)[0] == png, "the same content draws the same bytes"


def test_the_html_figure_carries_the_alt_text_escaped(content):
    html = evidence_html("best_massage", content)
    assert html.count("<img ") == 1 and 'src="data:image/png;base64,' in html
    alt = re.search(r'alt="([^"]*)"', html)
    assert alt and "Relaxing massage: 2.9 out of 24" in alt.group(1)
    assert "<script" not in html


def test_the_print_svg_fetches_nothing_and_is_labelled(content):
    for topic_id in content.evidence:
        svg = evidence_svg(topic_id, content)
        assert svg.startswith('<svg role="img" aria-label="') and "<title>" in svg
        assert not re.search(r"<script|<img|<link|@import|url\(", svg, re.IGNORECASE), topic_id


def test_a_scale_of_its_own_is_shown_as_a_share_of_100(content):
    frame = evidence_frame("knot_upper_back", content)
    heat = frame.set_index("label").loc["Warm pack (after 5 days)"]
    assert heat["value"] == 1.06 and round(heat["shown"], 1) == 21.2 and heat["source"] == "french_2006"
    same = evidence_frame("best_massage", content)
    assert list(same["shown"]) == list(same["value"]) == [2.9, 2.5]


def test_the_notes_say_how_sure_we_are_with_each_source(content):
    text = evidence_notes_markdown("walking", content)
    assert "How sure are we?" in text and "(Pocovi 2024)" in text
    words = evidence_notes_markdown("massage_frequency", content)
    assert "no numbers to draw" in words and "How sure" not in words
    assert 'href="https://doi.org/' in evidence_notes_html("walking", content)


def test_an_unknown_topic_names_the_known_ones(content):
    with pytest.raises(KeyError, match="known: best_massage"):
        evidence_chart("massage_best", content)


# ----------------------------------------------------------------------------- the activities


def test_sort_marks_every_line_once_all_are_placed(content):
    activity = content.lesson_pages["massage_upper_back"].activity
    waiting = sort_result(activity, ("Fact",))
    assert not waiting.done and "3 still to go" in waiting.headline
    right = [item.answer for item in activity.items]
    assert sort_result(activity, right).right == len(right)
    wrong = ["Myth" if answer == "Fact" else "Fact" for answer in right]
    result = sort_result(activity, wrong)
    assert result.right == 0 and all(line.startswith("Not quite") for line in result.lines)


def test_choose_says_why_for_every_choice(content):
    activity = content.lesson_pages["knot_upper_back"].activity
    assert not choose_result(activity, None).done
    for index, item in enumerate(activity.items):
        result = choose_result(activity, index)
        assert item.why in result.headline and result.right == int(item.best)


def test_plan_compares_a_week_with_the_trials_goal(content):
    activity = content.lesson_pages["walking"].activity
    assert not plan_result(activity, 0, 30).done
    assert plan_result(activity, 5, 30).right == 1
    small = plan_result(activity, 2, 10)
    assert small.right == 0 and "Your plan: 2 walks a week, of 10 minutes each." in small.lines


@pytest.mark.parametrize("topic_id", ["massage_upper_back", "massage_while_in_pain", "best_massage",
                                      "knot_upper_back", "what_not_to_do", "massage_frequency", "walking"])
def test_each_lessons_activity_widget_keeps_its_state_in_widget_values(content, topic_id):
    activity = LessonActivity(topic_id, content)
    kind = content.lesson_pages[topic_id].activity.kind
    assert activity.kind == kind
    if kind == "sort":
        assert activity.text == "" and set(activity.value) == {""}
        activity.value = tuple(item.answer for item in activity.activity.items)
        assert activity.text == "", "a sort is marked when Check is pressed"
        assert activity.check().right == len(activity.activity.items)
        activity.value = ("",) * len(activity.activity.items)
        assert activity.text == "", "moving a line clears the old marks"
    elif kind == "choose":
        assert activity.value is None and "Choose one" in activity.text
        activity.value = 0
        assert activity.activity.items[0].why in activity.text
    else:
        activity.value = (3, 20)
        assert "Your plan: 3 walks a week, of 20 minutes each." in activity.text
        assert "60 minutes a week" in activity._week.value
    fresh = LessonActivity(topic_id, content)
    assert fresh.solve().right == fresh.solve().out_of
    assert "Where this comes from:" in fresh._result.value and 'href="https://' in fresh._result.value


def test_activity_text_is_escaped_in_the_widget(content, data_copy):
    _replace(data_copy / "lesson_pages.yaml", "title: Myth or fact?", "title: Myth <b>or</b> fact?")
    activity = LessonActivity("massage_upper_back", load_content(data_copy))
    assert "Myth &lt;b&gt;or&lt;/b&gt; fact?" in activity.children[1].value


# ----------------------------------------------------------------------------- the executed lessons


def _learner_words(path: Path, mode: str) -> int:
    """The words a learner reads after Run All in the learners' edition in ``mode`` (class or self):
    the cells tagged teacher and those of the other mode left out (as ``make learner-notebooks
    MODE=...`` does), Markdown cells and every printed or shown text output counted, widgets (and
    the chart's image) not."""
    left_out = {"teacher", "self-mode" if mode == "class" else "class-mode"}
    total = 0
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if left_out & set(cell.get("metadata", {}).get("tags", [])):
            continue
        texts = ["".join(cell["source"])] if cell["cell_type"] == "markdown" else []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if output["output_type"] == "stream":
                texts.append("".join(output["text"]))
            elif "application/vnd.jupyter.widget-view+json" in data:
                continue
            elif "text/markdown" in data:
                texts.append("".join(data["text/markdown"]))
            elif "text/plain" in data and not "".join(data["text/plain"]).startswith("<IPython."):
                texts.append("".join(data["text/plain"]))
        total += sum(len(re.sub(r"<[^>]+>", " ", text).split()) for text in texts)
    return total


LESSONS = sorted(NOTEBOOKS.glob("0[1-7]_*.ipynb"))


@pytest.mark.parametrize("mode", ["class", "self"])
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_each_lesson_is_short_for_a_learner(path, mode):
    words = _learner_words(path, mode)
    assert 300 < words <= LESSON_WORDS, f"{path.name} ({mode}): {words} words after Run All (at most {LESSON_WORDS})"


@pytest.mark.parametrize("mode", ["class", "self"])
def test_the_symptom_explorer_notebook_is_short_for_a_learner(mode):
    words = _learner_words(NOTEBOOKS / "08_symptom_explorer.ipynb", mode)
    assert 300 < words <= EXPLORER_WORDS, f"08 ({mode}): {words} words after Run All (at most {EXPLORER_WORDS})"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_each_executed_lesson_shows_its_chart_with_alt_text_and_its_activity(path, content):
    cells = {cell["id"]: cell for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]}
    (topic_id,) = [t.id for t in content.topics.values() if t.notebook == path.name]
    html = "".join("".join(o.get("data", {}).get("text/html", "")) for o in cells["evidence"]["outputs"])
    alt = re.search(r'<img [^>]*alt="([^"]+)"', html)
    assert alt and content.evidence[topic_id].note in unescape(alt.group(1)), path.name
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in cells["activity"]["outputs"])
    assert not {"evidence", "evidence-notes", "activity"} & {
        cid for cid, cell in cells.items() if "teacher" in cell.get("metadata", {}).get("tags", [])}


# ----------------------------------------------------------------------------- the app and the pack


def test_the_apps_lessons_view_shows_each_topics_chart(content):
    from backlearn import LessonBrowser

    browser = LessonBrowser(content)
    for topic_id in ("walking", "massage_frequency"):
        browser.picker.value = topic_id
        assert 'alt="' in browser.chart.value and content.evidence[topic_id].title in unescape(browser.chart.value)
        assert browser.chart in browser.children


def test_the_pack_has_every_chart_on_paper(content):
    from backlearn.content.teaching import load_teaching
    from backlearn.pack import documents, evidence_document

    document = evidence_document(content)
    assert len(document.sheets) == len(content.topics)
    for sheet in document.sheets:
        assert '<svg role="img"' in sheet and ("How sure" in sheet or "no numbers" in sheet)
    assert "evidence-charts" in [d.name for d in documents(load_teaching(content))]


def test_without_matplotlib_the_chart_says_in_words_what_it_shows(monkeypatch):
    """The course's web version with no internet cannot load matplotlib: the lesson still reads."""
    import builtins

    from backlearn.charts import evidence_html

    content = load_content()
    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError("no matplotlib here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    for topic_id in content.topics:
        html = evidence_html(topic_id, content)
        assert "<img" not in html and "needs the internet" in html and len(html) > 200


#: The most a learner's demo cell may print: the short answer or one section (a whole answer is 2,000+ words).
DEMO_WORDS = 300


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_demos_print_the_short_answer_or_one_section_never_a_whole_answer(path):
    """The whole answer lives in the widget, folded by section; a learner's cell prints little, and a
    whole answer (render_text, a plan) is printed only in cells tagged teacher."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code" or "teacher" in cell.get("metadata", {}).get("tags", []):
            continue
        source = "".join(cell["source"])
        assert not re.search(r"\b(render_text|render_markdown|plan)\(", source), f"{path.name}: {source}"
        printed = sum(len("".join(o.get("text", "")).split()) for o in cell.get("outputs", [])
                      if o["output_type"] == "stream")
        assert printed <= DEMO_WORDS, f"{path.name}: a learner's cell prints {printed} words:\n{source}"
