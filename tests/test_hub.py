"""Two learners on the local JupyterHub (deploy/local-hub): each gets their own server and kernel,
runs the symptom explorer, and sees only their own state.

Run with ``make hub-test`` (or ``pytest tests/test_hub.py -m hub``). Skips with the reason when
JupyterHub or the proxy (Node.js) is missing and cannot be installed.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from backlearn import assess

pytestmark = [pytest.mark.hub, pytest.mark.timeout(240)]

ROOT = Path(__file__).resolve().parents[1]
USERS = {
    "ada": ("knot", "between_shoulder_blades", "after_sleeping", "worse_moving"),
    "ben": ("chest_pain", "between_shoulder_blades"),
}
EXPECTED = {"ada": "self_care", "ben": "emergency"}

SETUP = """\
import json, os
from backlearn.widgets import Explorer
explorer = Explorer()
explorer.value = {ids!r}
student_marker = {name!r}
secret_of_{name} = {name!r} * 3
print(json.dumps({{"triage": explorer.assessment.triage, "marker": student_marker,
                  "user": os.environ.get("JUPYTERHUB_USER"), "pid": os.getpid()}}))
"""

PROBE = """\
import json
print(json.dumps({{"triage": explorer.assessment.triage, "marker": student_marker,
                  "banner_has": "bl-" + explorer.assessment.triage in explorer.banner.value,
                  "others": [k for k in globals() if k.startswith("secret_of_") and k != "secret_of_{name}"]}}))
"""


def _load_run_hub() -> ModuleType:
    """deploy/local-hub/run_hub.py, the one place that starts and stops the local hub."""
    sys.path.insert(0, str(ROOT / "deploy" / "local-hub"))
    return importlib.import_module("run_hub")


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The local hub on a free loopback port, with its own database; stopped with every server."""
    run_hub = _load_run_hub()
    try:
        run_hub.jupyterhub_command()
        run_hub.ensure_proxy(install=True)
    except run_hub.HubUnavailable as exc:
        pytest.skip(str(exc))
    local = run_hub.LocalHub(runtime=tmp_path_factory.mktemp("hub"))
    local.start()
    try:
        yield local
    finally:
        local.stop()


async def _two_learners(hub: Any) -> dict[str, Any]:
    run_hub = _load_run_hub()
    client = run_hub.HubClient(hub.url, hub.token)
    kernels: dict[str, Any] = {}
    try:
        await client.create_users(list(USERS))
        ready = await asyncio.gather(*(client.start_server(name, timeout=120) for name in USERS))
        for name in USERS:
            kernels[name] = await client.start_kernel(name, timeout=90)
        first = {}
        for name, ids in USERS.items():  # one after the other: ben runs after ada has set her state
            first[name] = json.loads(await kernels[name].execute(SETUP.format(ids=ids, name=name)))
        again = {name: json.loads(await kernels[name].execute(PROBE.format(name=name))) for name in USERS}
        return {"ready": dict(zip(USERS, ready, strict=True)), "first": first, "again": again}
    finally:
        for kernel in kernels.values():
            kernel.close()
        await asyncio.gather(*(client.stop_server(name) for name in USERS), return_exceptions=True)
        client.close()


def test_each_learner_has_their_own_explorer(hub: Any) -> None:
    result = asyncio.run(_two_learners(hub))
    first, again = result["first"], result["again"]
    for name, ids in USERS.items():
        assert first[name]["user"] == name, "the kernel runs in the learner's own server"
        assert first[name]["triage"] == EXPECTED[name] == assess(ids).triage
        assert again[name]["triage"] == EXPECTED[name], f"{name}'s answer changed after the other learner's run"
        assert again[name]["marker"] == name
        assert again[name]["banner_has"], f"{name}'s banner does not show {EXPECTED[name]}"
        assert again[name]["others"] == [], f"{name}'s kernel sees another learner's variables"
    assert first["ada"]["pid"] != first["ben"]["pid"], "the two learners share one kernel process"


def test_the_service_token_manages_learners(hub: Any) -> None:
    status, _ = hub.api("POST", "/users/carol")
    assert status in (201, 409)
    status, users = hub.api("GET", "/users")
    assert status == 200
    assert "carol" in {user["name"] for user in users}
    status, info = hub.api("GET", "/")
    assert status == 200 and info["version"]
    assert hub.api("DELETE", "/users/carol")[0] == 204
