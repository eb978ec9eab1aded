"""The class-results service on the local JupyterHub (deploy/local-hub): two learners answer from
their own kernels, the teacher sees both counts, a learner sees only their own answers and never
the results, and a restart of the hub (and so of the service) loses nothing.

Run with ``make hub-test``. Skips with the reason when JupyterHub or the proxy is missing.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from shipped import shipped

from backlearn.content import Case

pytestmark = [pytest.mark.hub, pytest.mark.timeout(420)]

ROOT = Path(__file__).resolve().parents[1]
_RUN = secrets.token_hex(2)  # each run its own learners (system users on a hub run as root)
# Names found nowhere in the content, so "no names on the results page" cannot pass or fail by chance.
LEVEL = {f"ada_q{_RUN}": "self_care", f"ben_q{_RUN}": "urgent"}
TEACHER = f"tess_q{_RUN}"

HTTP = """\
import json, os, urllib.error, urllib.request
def _call(url, method="GET", body=None):
    request = urllib.request.Request(url, method=method, data=body,
                                     headers={"Authorization": "token " + os.environ["JUPYTERHUB_API_TOKEN"]})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
SERVICE = os.environ.get("BACKLEARN_CLASS_RESULTS_URL", "")
"""

ANSWER = """\
from backlearn import CaseStudy
from backlearn import QuizWidget
from backlearn.widgets.explorer import Explorer
explorer = Explorer()
explorer.value = ("chest_pain", "between_shoulder_blades")  # health ticks: must never be sent
CaseStudy().attempt({case!r}, "emergency", ())  # a worked example run from code: never sent
study = CaseStudy()
study.select({case!r})
study.triage.value = {level!r}
study.compare_button.click()  # as the learner presses Compare (code calling compare() sends nothing)
quiz = QuizWidget({topic!r})
quiz.choices[0].index = {choice}
quiz.buttons[0].click()
mine = _call(SERVICE + "api/answers")
print(json.dumps({{"sent": study.sent, "user": os.environ.get("JUPYTERHUB_USER"), "mine": mine,
                  "said": [study.delivery.value, quiz.delivery[0].value],
                  "others": _call(SERVICE + "api/answers?learner={other}"),
                  "results": _call(SERVICE + "api/results")[0], "page": _call(SERVICE)[0],
                  "bad": _call(SERVICE + "api/answers", "POST", json.dumps({{"kind": "symptoms"}}).encode())}}))
"""

TEACHER_VIEW = """\
print(json.dumps({{"results": _call({public!r} + "/services/class-results/api/results"),
                  "page": _call({public!r} + "/services/class-results/")}}))
"""



def _case() -> Case:
    """A case whose right level is "urgent": ada under-triages it (self-care), ben gets it right."""
    return next(c for c in shipped().cases.values() if c.expected_triage == "urgent")


def _topic() -> str:
    return next(iter(shipped().topics))

def _load_run_hub() -> ModuleType:
    sys.path.insert(0, str(ROOT / "deploy" / "local-hub"))
    return importlib.import_module("run_hub")


@pytest.fixture(scope="module")
def run_hub() -> Iterator[ModuleType]:
    module = _load_run_hub()
    try:
        module.jupyterhub_command()
        module.ensure_proxy(install=True)
    except module.HubUnavailable as exc:
        pytest.skip(str(exc))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BACKLEARN_TEACHERS", TEACHER)  # read by the hub config: the teacher group
        patch.delenv("BACKLEARN_RESULTS_DB", raising=False)
        yield module


async def _in_kernels(hub: Any, run_hub: ModuleType, codes: dict[str, str]) -> dict[str, Any]:
    """Start each user's server and a kernel, run HTTP then their code (in the order given), stop them."""
    client = run_hub.HubClient(hub.url, hub.token)
    kernels: dict[str, Any] = {}
    try:
        await client.create_users(list(codes))
        await asyncio.gather(*(client.start_server(name, timeout=180) for name in codes))
        out = {}
        for name, code in codes.items():
            kernels[name] = await client.start_kernel(name, timeout=120)
            await kernels[name].execute(HTTP)
            out[name] = json.loads(await kernels[name].execute(code, timeout=90))
        return out
    finally:
        for kernel in kernels.values():
            kernel.close()
        await asyncio.gather(*(client.stop_server(name) for name in codes), return_exceptions=True)
        client.close()


def _case_counts(results: dict[str, Any]) -> dict[str, int]:
    item = next(i for i in results["items"] if i["kind"] == "case" and i["item"] == _case().id)
    return {choice["choice"]: choice["count"] for choice in item["choices"]}


def test_learners_answer_the_teacher_sees_the_spread_and_a_restart_loses_nothing(
    run_hub: ModuleType, tmp_path: Path
) -> None:
    runtime = tmp_path / "hub"
    hub = run_hub.LocalHub(runtime=runtime, learners=[*LEVEL, TEACHER])
    hub.start()
    try:
        other = {name: next(n for n in LEVEL if n != name) for name in LEVEL}
        codes = {
            name: ANSWER.format(case=_case().id, level=level, topic=_topic(), choice=0, other=other[name])
            for name, level in LEVEL.items()
        }
        codes[TEACHER] = TEACHER_VIEW.format(public=hub.url)
        out = asyncio.run(_in_kernels(hub, run_hub, codes))
    finally:
        hub.stop()

    question = next(q for q in shipped().quizzes.values() if q.topic == _topic())
    for name, level in LEVEL.items():
        seen = out[name]
        assert seen["user"] == name
        assert seen["sent"] is True, f"{name}'s case answer did not reach the service"
        assert all("Sent to your teacher's class results" in said for said in seen["said"]), seen["said"]
        status, body = seen["mine"]
        assert status == 200
        mine = json.loads(body)
        assert mine["learner"] == name
        assert mine["answers"] == [
            {"kind": "case", "item": _case().id, "choice": level},
            {"kind": "quiz", "item": question.id, "choice": "0"},
        ], "a learner sees exactly their own answers, and nothing from the explorer was sent"
        others = json.loads(seen["others"][1])
        assert others["learner"] == name, "asking for another learner's answers still gives one's own"
        assert seen["results"] == 403 and seen["page"] == 403, "a learner must not read the class results"
        assert seen["bad"][0] == 400 and "field 'kind'" in seen["bad"][1], "only case and quiz answers are kept"

    status, body = out[TEACHER]["results"]
    assert status == 200, body
    results = json.loads(body)
    assert results["learners"] == 2
    assert _case_counts(results) == {"self_care": 1, "soon": 0, "urgent": 1, "emergency": 0}
    case_item = next(i for i in results["items"] if i["item"] == _case().id)
    assert case_item["under_triage"] == 1 and case_item["right"] == 1
    quiz_item = next(i for i in results["items"] if i["item"] == question.id)
    assert quiz_item["total"] == 2
    page_status, page = out[TEACHER]["page"]
    assert page_status == 200 and "UNDER-TRIAGE" in page
    assert not any(name in page for name in LEVEL), "the results page shows no names"

    # The hub (and with it the service) restarts on the same runtime folder: nothing is lost.
    again = run_hub.LocalHub(runtime=runtime, learners=[TEACHER])
    again.start()
    try:
        after = asyncio.run(_in_kernels(again, run_hub, {TEACHER: TEACHER_VIEW.format(public=again.url)}))
    finally:
        again.stop()
    status, body = after[TEACHER]["results"]
    assert status == 200, body
    assert json.loads(body) == results

