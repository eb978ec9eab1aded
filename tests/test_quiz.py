"""Quizzes: validation of quizzes.yaml, checking and scoring, and the widget driven without a browser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from backlearn import QuizWidget, load_content
from backlearn.lesson_html import feedback_html
from backlearn.quiz import Feedback, check, choice_index, questions_for, score

TOPICS = (
    "massage_upper_back",
    "massage_while_in_pain",
    "best_massage",
    "knot_upper_back",
    "what_not_to_do",
    "massage_frequency",
    "walking",
)

QUIZ = """\
- id: massage_rest
  topic: massage
  kind: true_false
  question: Staying in bed is the best way to get over back pain.
  answer: false
  explanation: Keep moving gently. Long rest makes back pain last longer.
  sources: [review]
- id: massage_how_long
  topic: massage
  kind: multiple_choice
  question: How long does massage help for?
  choices:
    - A short time
    - For ever
    - It never helps
  answer: A short time
  explanation: Massage helps some people for a short while.
  sources: [review, guide]
- id: massage_script
  topic: massage
  kind: multiple_choice
  question: Which is <b>bold</b>?
  choices: ["<script>alert(1)</script>", "Plain"]
  answer: Plain
  explanation: Tags like <script> are shown as text & never run.
  sources: [guide]
"""


@pytest.fixture
def quiz_content(minimal_copy: Path):
    (minimal_copy / "quizzes.yaml").write_text(QUIZ, encoding="utf-8")
    return load_content(minimal_copy)


# ----------------------------------------------------------------------------- content


def test_quizzes_are_parsed(quiz_content):
    rest, how_long, _ = questions_for("massage", quiz_content)
    assert rest.choices == ("True", "False") and rest.right_answer == "False"
    assert how_long.answer == 0 and how_long.sources == ("review", "guide")


def test_quiz_file_is_optional(minimal_copy):
    assert load_content(minimal_copy).quizzes == {}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("topic: massage\n  kind: true_false", "topic: masage\n  kind: true_false",
         "field 'topic': unknown topic 'masage'; did you mean 'massage'?"),
        ("answer: A short time", "answer: A shrt time",
         "field 'answer': 'A shrt time' is not one of the choices; expected the right choice's text, copied exactly; "
         "did you mean 'A short time'?"),
        ("answer: false", "answer: nope", "field 'answer': expected true or false, got 'nope'"),
        ("kind: true_false", "kind: yes_no", "field 'kind': expected one of multiple_choice, true_false"),
        ("sources: [review]", "sources: [reveiw]", "field 'sources': unknown source 'reveiw'; did you mean 'review'?"),
        ("    - For ever\n", "", None),  # still two choices: valid
        ("    - For ever\n    - It never helps\n", "", "field 'choices': expected a list of 2 to 6 choices"),
        ("  answer: false\n", "  answer: false\n  choices: [Yes, No]\n", "a true_false question takes no choices"),
        ("  explanation: Massage helps", "  explain: Massage helps", "field 'explain': unknown field"),
    ],
)
def test_bad_quizzes_are_named_with_file_line_and_field(minimal_copy, old, new, expected, problems):
    assert old in QUIZ
    (minimal_copy / "quizzes.yaml").write_text(QUIZ.replace(old, new, 1), encoding="utf-8")
    if expected is None:
        load_content(minimal_copy)
        return
    found = problems(minimal_copy)
    assert any(p.startswith("quizzes.yaml, line ") and expected in p for p in found), found


# ----------------------------------------------------------------------------- check and score


def test_check_right_and_wrong(quiz_content):
    rest, how_long, _ = questions_for("massage", quiz_content)
    wrong = check(rest, True, quiz_content)
    assert not wrong.correct and wrong.chosen == "True" and wrong.right_answer == "False"
    assert wrong.explanation.startswith("Keep moving gently")
    assert [s.id for s in wrong.sources] == ["review"]
    assert "Not quite." in wrong.text and "The right answer is: False." in wrong.text and "Someone et al" in wrong.text
    right = check(how_long, "a short time", quiz_content)  # text, any case
    assert right.correct and right.verdict == "Right!"
    assert check(how_long, 0, quiz_content) == right


def test_choices_may_be_given_by_index_text_or_bool(quiz_content):
    rest, how_long, _ = questions_for("massage", quiz_content)
    assert choice_index(rest, False) == 1 and choice_index(rest, "true") == 0 and choice_index(rest, 1) == 1
    assert choice_index(how_long, "It never helps") == 2
    with pytest.raises(ValueError, match="choose one of"):
        choice_index(how_long, "Maybe")
    with pytest.raises(ValueError, match="out of range"):
        choice_index(how_long, 3)
    with pytest.raises(ValueError, match="not true/false"):
        choice_index(how_long, True)


def test_score_counts_the_first_answer_to_each_question(quiz_content):
    rest, how_long, third = questions_for("massage", quiz_content)
    results = [check(rest, True, quiz_content), check(rest, False, quiz_content), check(how_long, 0, quiz_content)]
    result = score(results, total=3)
    assert (result.right, result.answered, result.total) == (1, 2, 3)
    assert result.text == "You got 1 of 3 right. 1 question to go."
    assert score([*results, check(third, "Plain", quiz_content)], total=3).text == "You got 2 of 3 right."
    assert score([]).text == "You got 0 of 0 right."


def test_feedback_html_escapes_content(quiz_content):
    *_, third = questions_for("massage", quiz_content)
    html = feedback_html(check(third, 0, quiz_content))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp; never run" in html and 'role="status"' in html


def test_unknown_topic_is_named(quiz_content):
    with pytest.raises(KeyError, match="did you mean 'massage'"):
        questions_for("masage", quiz_content)


# ----------------------------------------------------------------------------- widget


def test_widget_answers_and_scores(quiz_content):
    quiz = QuizWidget("massage", quiz_content)
    assert len(quiz.choices) == 3 and all(r.index is None for r in quiz.choices)
    assert all(r.description for r in quiz.choices)  # a name for screen readers
    assert quiz.score.value.count("You got 0 of 3 right.") == 1
    feedback = quiz.answer(1, False)
    assert isinstance(feedback, Feedback) and feedback.correct
    assert quiz.choices[0].value == "False"
    assert "Right!" in quiz.feedback[0].value
    quiz.answer("massage_how_long", "For ever")
    assert "Not quite." in quiz.feedback[1].value and "A short time" in quiz.feedback[1].value
    assert "You got 1 of 3 right. 1 question to go." in quiz.score.value
    text = quiz.text
    assert text.startswith("Question 1. Staying in bed")
    assert "Question 3" not in text  # only answered questions
    assert text.endswith("You got 1 of 3 right. 1 question to go.")


def test_widget_check_button_uses_the_picked_choice(quiz_content):
    quiz = QuizWidget("massage", quiz_content)
    quiz.buttons[1].click()
    assert "Pick an answer first." in quiz.feedback[1].value
    quiz.choices[1].value = "A short time"
    quiz.buttons[1].click()
    assert "Right!" in quiz.feedback[1].value
    assert "You got 1 of 3 right." in quiz.score.value


def test_widget_escapes_content(quiz_content):
    quiz = QuizWidget("massage", quiz_content)
    quiz.answer(3, 0)
    import ipywidgets as widgets

    # HTML widgets carry markup, so content in them must be escaped (radio options are shown as text).
    values = [child.value for box in quiz.children[1:-1] for child in box.children if isinstance(child, widgets.HTML)]
    assert not any("<script>" in v or "<b>bold" in v for v in values)
    assert quiz.choices[2].options[0] == "<script>alert(1)</script>"
    assert "&lt;b&gt;bold&lt;/b&gt;" in quiz.children[3].children[0].value


def test_widget_rejects_unknown_questions(quiz_content):
    quiz = QuizWidget("massage", quiz_content)
    with pytest.raises(ValueError, match="expected 1 to 3"):
        quiz.answer(4, 0)
    with pytest.raises(ValueError, match="no question 'nope'"):
        quiz.answer("nope", 0)


def test_quiz_module_does_not_import_ipywidgets():
    code = "import sys, backlearn.quiz, backlearn.cli; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ----------------------------------------------------------------------------- shipped quizzes


def _shipped_quizzes(content):
    if not content.quizzes:
        pytest.skip("data/quizzes.yaml not written yet")
    return content.quizzes


def test_every_topic_has_three_questions_of_both_kinds(content):
    quizzes = _shipped_quizzes(content)
    assert set(TOPICS) <= set(content.topics)
    for topic in TOPICS:
        questions = questions_for(topic, content)
        assert len(questions) >= 3, topic
    kinds = {q.kind for q in quizzes.values()}
    assert kinds == {"multiple_choice", "true_false"}


def test_shipped_quiz_explanations_are_plain_words(content):
    import textstat

    quizzes = _shipped_quizzes(content)
    grades = {q.id: textstat.flesch_kincaid_grade(q.explanation) for q in quizzes.values()}
    assert sum(grades.values()) / len(grades) <= 6.0, grades
    assert not {k: g for k, g in grades.items() if g > 9.0}


def test_every_shipped_quiz_widget_builds_and_scores(content):
    _shipped_quizzes(content)
    for topic in TOPICS:
        quiz = QuizWidget(topic, content)
        for number, question in enumerate(quiz.questions, start=1):
            assert quiz.answer(number, question.answer).correct
        assert quiz.summary == f"You got {len(quiz.questions)} of {len(quiz.questions)} right."
