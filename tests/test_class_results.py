"""Class results without a hub: answers checked against the content, the tally, the store, the page,
the client's "send nothing outside a hub", and the service's rules (tornado, with the hub's auth faked)."""

from __future__ import annotations

import pytest
from shipped import shipped

from backlearn import Content
from backlearn.classresults.answers import Answer, AnswerError, parse_answer
from backlearn.classresults.client import enabled, post_answer
from backlearn.classresults.page import results_page
from backlearn.classresults.tally import first_answers, is_under_triage, tally

#: Stand-ins in test parameters (lists made at collection, before any content is loaded).
A_CASE, A_QUESTION = "<the first case>", "<the first question>"

def _case(level: str) -> Answer:
    case = next(c for c in shipped().cases.values() if c.expected_triage == "urgent")
    return Answer("case", case.id, level)


def test_parse_answer_accepts_a_case_level_and_a_quiz_choice(content: Content) -> None:
    case_id = next(iter(content.cases))
    question = next(iter(content.quizzes.values()))
    assert parse_answer({"kind": "case", "item": case_id, "choice": "soon"}, content) == Answer("case", case_id, "soon")
    assert parse_answer({"kind": "quiz", "item": question.id, "choice": 1}, content) == Answer("quiz", question.id, "1")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "symptoms", "item": "x", "choice": "y"}, "kind"),
        ({"kind": "case", "item": "nobody", "choice": "soon"}, "item"),
        ({"kind": "case", "item": A_CASE, "choice": "tomorrow"}, "choice"),
        ({"kind": "quiz", "item": A_QUESTION, "choice": 99}, "choice"),
        ({"kind": "quiz", "item": A_QUESTION, "choice": "two"}, "choice"),
        (["case"], "JSON object"),
    ],
)
def test_parse_answer_names_the_wrong_field(data: object, field: str, content: Content) -> None:
    if isinstance(data, dict):  # the first case and question of the content, named when the test runs
        data = {**data, "item": {A_CASE: next(iter(content.cases)), A_QUESTION: next(iter(content.quizzes))}.get(
            data["item"], data["item"])}
    with pytest.raises(AnswerError, match=field):
        parse_answer(data, content)


def test_under_triage_means_a_less_urgent_level() -> None:
    assert is_under_triage("self_care", "urgent")
    assert is_under_triage("soon", "emergency")
    assert not is_under_triage("urgent", "urgent")
    assert not is_under_triage("emergency", "soon")


def test_each_learner_counts_once_with_their_first_answer() -> None:
    answers = [("ada", _case("self_care")), ("ben", _case("urgent")), ("ada", _case("urgent"))]
    assert first_answers(answers) == {("case", _case("x").item): {"ada": "self_care", "ben": "urgent"}}
    (item,) = tally(answers, shipped())
    counts = {c.choice: c.count for c in item.choices}
    assert counts == {"self_care": 1, "soon": 0, "urgent": 1, "emergency": 0}
    assert (item.total, item.right_count, item.under_triage_count) == (2, 1, 1)
    assert [c.choice for c in item.choices if c.under_triage] == ["self_care", "soon"]


def test_quiz_tally_marks_the_right_choice_and_skips_unanswered_items() -> None:
    question = next(iter(shipped().quizzes.values()))
    wrong = next(i for i in range(len(question.choices)) if i != question.answer)
    answers = [
        ("ada", Answer("quiz", question.id, str(question.answer))),
        ("ben", Answer("quiz", question.id, str(wrong))),
    ]
    (item,) = tally(answers, shipped())
    assert item.kind == "quiz" and item.title == question.question
    assert item.right_count == 1 and item.total == 2 and item.under_triage_count == 0
    assert tally([], shipped()) == []


def test_page_shows_counts_and_under_triage_but_no_names() -> None:
    answers = [("ada-secret-name", _case("self_care")), ("ben", _case("urgent"))]
    html = results_page(tally(answers, shipped()), learners=2)
    assert "UNDER-TRIAGE" in html and 'class="bl-under-triage"' in html
    assert "2 learners sent answers" in html and "1 under-triaged" in html
    assert "ada-secret-name" not in html
    case = shipped().cases[_case("x").item]
    assert case.title in html


def test_page_escapes_content() -> None:
    from backlearn.classresults.tally import ChoiceCount, ItemTally

    item = ItemTally("quiz", "q", "<script>x</script>", (ChoiceCount("0", "<b>", 1, True),))
    html = results_page([item], learners=1)
    assert "<script>x" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html


def test_client_sends_nothing_outside_a_hub() -> None:
    assert not enabled({})
    assert not enabled({"JUPYTERHUB_API_TOKEN": "t"})  # a hub without the service
    assert not enabled({"BACKLEARN_CLASS_RESULTS_URL": "http://127.0.0.1:9/"})  # no token: not a hub
    assert post_answer("quiz", "q", 1, env={}) is False


def test_client_never_raises_when_the_service_is_down() -> None:
    env = {"BACKLEARN_CLASS_RESULTS_URL": "http://127.0.0.1:9/services/class-results/", "JUPYTERHUB_API_TOKEN": "t"}
    assert enabled(env)
    assert post_answer("quiz", "q", 1, env=env) is False


def test_widgets_send_nothing_outside_a_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    from backlearn import CaseStudy, QuizWidget

    monkeypatch.delenv("BACKLEARN_CLASS_RESULTS_URL", raising=False)
    sent: list[tuple[object, ...]] = []
    monkeypatch.setattr("urllib.request.urlopen", lambda *a, **k: sent.append(a))
    study = CaseStudy(shipped())
    study.attempt(study.case.id, "soon", study.case.symptoms)
    study.compare_button.click()
    quiz = QuizWidget(next(iter(shipped().topics)), shipped())
    quiz.answer(1, 0)
    quiz.buttons[0].click()
    assert sent == [] and study.sent is False
    assert "bl-class-note" not in str([c.value for c in study.children if hasattr(c, "value")])


def test_under_a_hub_the_case_sends_its_level_only_and_the_quiz_its_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from backlearn import CaseStudy, QuizWidget

    monkeypatch.setenv("BACKLEARN_CLASS_RESULTS_URL", "http://127.0.0.1:9/services/class-results/")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "learner-token")
    sent: list[dict[str, object]] = []

    class _Reply:
        status = 201

        def __enter__(self) -> _Reply:
            return self

        def read(self, size: int = -1) -> bytes:
            return b"{}"

        def __exit__(self, *exc: object) -> None:
            return None

    def _urlopen(request: object, timeout: float = 0) -> _Reply:
        sent.append({"url": request.full_url, "auth": request.headers["Authorization"],  # type: ignore[attr-defined]
                     "body": json.loads(request.data)})  # type: ignore[attr-defined]
        return _Reply()

    monkeypatch.setattr("urllib.request.urlopen", _urlopen)
    study = CaseStudy(shipped())
    study.attempt(study.case.id, "soon", study.case.symptoms)
    quiz = QuizWidget(next(iter(shipped().topics)), shipped())
    quiz.answer(1, 0)
    assert sent == [] and study.sent is False, "answers given from code (a worked example) are never sent"
    study.compare_button.click()
    quiz.buttons[0].click()
    assert study.sent is True
    assert "Sent to your teacher" in study.delivery.value and "Sent to your teacher" in quiz.delivery[0].value
    assert [s["body"] for s in sent] == [
        {"kind": "case", "item": study.case.id, "choice": "soon"},
        {"kind": "quiz", "item": quiz.questions[0].id, "choice": "0"},
    ]
    assert all(s["url"].endswith("/services/class-results/api/answers") for s in sent)  # type: ignore[union-attr]
    assert all(s["auth"] == "token learner-token" for s in sent)
    assert any("bl-class-note" in getattr(c, "value", "") for c in study.children)


def test_hub_config_adds_the_service_roles_group_and_learner_environment() -> None:
    from traitlets.config import Config

    from backlearn.classresults.hubconfig import add_class_results

    c = Config()
    c.JupyterHub.services = [{"name": "backlearn-load", "api_token": "x"}]
    c.Spawner.environment = {"PATH": "/bin"}
    c.KubeSpawner.environment = {"BACKLEARN_REPO": "r"}
    url = add_class_results(c, db_url="sqlite:///r.sqlite", port=10101, host="hub", bind="0.0.0.0",
                            teachers=["tess"])
    assert url == "http://hub:10101/services/class-results/"
    names = [s["name"] for s in c.JupyterHub.services]
    assert names == ["backlearn-load", "class-results"]
    service = c.JupyterHub.services[1]
    assert service["url"] == "http://hub:10101" and service["environment"]["BACKLEARN_RESULTS_BIND"] == "0.0.0.0"
    assert "api_token" not in service, "the hub gives a managed service its own token"
    roles = {r["name"]: r["scopes"] for r in c.JupyterHub.load_roles.get_value([])}
    assert roles["user"] == ["self", "access:services!service=class-results"]
    assert roles["server"] == ["users:activity!user", "access:servers!server", "access:services!service=class-results"]
    assert c.JupyterHub.load_groups.get_value({}) == {"teachers": {"users": ["tess"]}}
    assert c.Spawner.environment == {"PATH": "/bin", "BACKLEARN_CLASS_RESULTS_URL": url}
    assert c.KubeSpawner.environment["BACKLEARN_CLASS_RESULTS_URL"] == url


def _flaky_service(monkeypatch: pytest.MonkeyPatch, failures: int) -> list[int]:
    """Under a hub whose service refuses the first ``failures`` posts (503, as while it restarts)."""
    import io
    import urllib.error

    monkeypatch.setenv("BACKLEARN_CLASS_RESULTS_URL", "http://127.0.0.1:9/services/class-results/")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "learner-token")
    tries: list[int] = []

    class _Reply(io.BytesIO):
        status = 201

    def _urlopen(request: object, timeout: float = 0) -> _Reply:
        tries.append(1)
        if len(tries) <= failures:
            raise urllib.error.HTTPError("u", 503, "Service Unavailable", {},  # type: ignore[arg-type]
                                         io.BytesIO(b'{"status": 503, "message": "Service Unavailable"}'))
        return _Reply(b'{"stored": {}}')

    monkeypatch.setattr("urllib.request.urlopen", _urlopen)
    return tries


def test_the_quiz_tries_again_and_says_when_the_answer_reached_the_teacher(monkeypatch: pytest.MonkeyPatch) -> None:
    from backlearn import QuizWidget

    tries = _flaky_service(monkeypatch, failures=2)
    quiz = QuizWidget(next(iter(shipped().topics)), shipped())
    waits: list[float] = []
    quiz.sender.sleep = waits.append
    quiz.choices[0].index = 0
    quiz.buttons[0].click()
    quiz.sender.wait(30)
    assert len(tries) == 3 and waits == [1.0, 2.0]
    assert "Sent to your teacher's class results" in quiz.delivery[0].value
    assert quiz.delivery[1].value == "", "only the question answered says anything"


def test_an_answer_that_could_not_be_saved_is_said_plainly_in_the_widget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Review M4: answers refused while the service restarted were dropped and the learner still read
    "Your answers here go to your teacher's class results"."""
    from backlearn import CaseStudy, QuizWidget

    tries = _flaky_service(monkeypatch, failures=100)
    study = CaseStudy(shipped())
    study.sender.sleep = lambda seconds: None
    study.triage.value = "soon"
    study.compare_button.click()
    quiz = QuizWidget(next(iter(shipped().topics)), shipped())
    quiz.sender.delays = (0.0,)
    quiz.choices[0].index = 0
    quiz.buttons[0].click()
    study.sender.wait(30)
    quiz.sender.wait(30)
    assert len(tries) == 6 + 2
    assert study.sent is False
    assert "Not saved in your teacher's class results" in study.delivery.value
    assert "HTTP 503" in study.delivery.value and "Press Compare again" in study.delivery.value
    assert "after 6 tries" in study.delivery.value and "<strong>" in study.delivery.value
    assert "Not saved" in quiz.delivery[0].value and "Press Check again" in quiz.delivery[0].value
    assert 'role="status"' in quiz.delivery[0].value
    study.select(next(c for c in shipped().cases if c != study.case.id))
    assert study.delivery.value == "", "another case starts with nothing said"
