"""The seven questions without code (the app's second view): answer, verdict, sources, quiz."""

from __future__ import annotations

from backlearn import LessonBrowser, load_content, render_topic_html


def test_it_starts_with_the_first_question_and_its_quiz(content):
    lessons = LessonBrowser(content)
    first = min(content.topics.values(), key=lambda t: t.number)
    assert lessons.topic_id == first.id
    assert first.question in lessons.text and "Verdict:" in lessons.text
    assert lessons.quiz_area.children and lessons.quiz_area.children[0] is lessons.quizzes[first.id]


def test_picking_a_question_shows_its_verdict_and_keeps_earlier_answers(content):
    lessons = LessonBrowser(content)
    first = lessons.topic_id
    lessons.quizzes[first].answer(1, 0)
    lessons.picker.value = "massage_frequency"
    assert "Not supported by the evidence" in lessons.text
    assert "How often should you get a massage" in lessons.answer.value
    lessons.picker.value = first
    assert lessons.quizzes[first].results[0] is not None, "an answer survives moving between questions"
    assert "Question 1." in lessons.text


def test_every_topic_lists_its_sources_as_links(content):
    for topic in content.topics.values():
        html = render_topic_html(topic, content)
        assert html.count("<li><a href=") == len(topic.sources)


def test_topic_text_is_escaped(minimal_copy):
    topics = minimal_copy / "topics.yaml"
    text = topics.read_text(encoding="utf-8")
    topics.write_text(text.replace("answer: ", "answer: <script>alert(1)</script> ", 1), encoding="utf-8")
    content = load_content(minimal_copy)
    html = render_topic_html(next(iter(content.topics.values())), content)
    assert "<script>" not in html and "&lt;script&gt;" in html
