"""Review finding M3: the hub killed as the out-of-memory killer does (SIGKILL to the ``jupyterhub``
process), and a second hub on the same state.

Before: the proxy, the results service and the learners' servers kept running as orphans, the hub
came back on another port, learners got HTTP 500, and a second ``make hub`` shared the first one's
database. Now: a second hub on the same runtime folder is refused; after the kill nothing the dead
hub started is left running, and ``restart`` (what ``make hub`` does when its hub dies) brings the
hub back on the same address, where the learner's server starts cleanly and answers again.

Run with ``make hub-test``. Skips with the reason when JupyterHub or the proxy is missing.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = [pytest.mark.hub, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[1]
ADA = f"ada_r{secrets.token_hex(2)}"


def _load_run_hub() -> ModuleType:
    sys.path.insert(0, str(ROOT / "deploy" / "local-hub"))
    module = importlib.import_module("run_hub")
    try:
        module.jupyterhub_command()
        module.ensure_proxy(install=True)
    except module.HubUnavailable as exc:
        pytest.skip(str(exc))
    return module


async def _server_answers(hub: Any, run_hub: ModuleType) -> tuple[int, list[int]]:
    """Start ada's server and ask it for its status through the proxy (the review saw HTTP 500 here
    after a crash): the HTTP status, and the pids of her server's processes."""
    client = run_hub.HubClient(hub.url, hub.token)
    try:
        await client.create_users([ADA])
        await client.start_server(ADA, timeout=120)
        status, _ = await client.request("GET", f"/user/{ADA}/api/status", timeout=60)
        pids = [proc.pid for proc in run_hub.server_trees(hub).get(ADA, [])]
        return status, pids
    finally:
        client.close()


def _alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def test_a_killed_hub_leaves_nothing_behind_and_comes_back_on_the_same_address(tmp_path: Path) -> None:
    run_hub = _load_run_hub()
    runtime = tmp_path / "hub"
    hub = run_hub.LocalHub(runtime=runtime, learners=[ADA])
    hub.start()
    try:
        port = hub.port
        status, server = asyncio.run(_server_answers(hub, run_hub))
        assert status == 200 and server, "ada's server runs"
        hub.record_processes()
        under_hub = [proc.pid for proc in hub.processes()[1:]]  # proxy, results service, ada's server, kernel
        assert set(server) <= set(under_hub)

        # A second hub on the same state is refused, and the first keeps serving.
        second = run_hub.LocalHub(runtime=runtime, learners=[])
        with pytest.raises(run_hub.HubBusy, match="already running"):
            second.start()
        assert hub.api("GET", "/")[0] == 200

        # The out-of-memory killer takes the hub process alone.
        assert hub.proc is not None
        os.kill(hub.proc.pid, signal.SIGKILL)
        hub.proc.wait(10)
        orphans = [pid for pid in under_hub if _alive(pid)]
        assert orphans, "the finding reproduces: the hub's children outlive it"

        hub.restart()  # what `make hub` does when its hub dies
        assert hub.port == port
        assert not [pid for pid in under_hub if _alive(pid)], "orphans of the dead hub are still running"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/hub/api", timeout=10) as answer:
            assert answer.status == 200, "the hub is back on the same address"
        status, server_again = asyncio.run(_server_answers(hub, run_hub))
        assert status == 200, "ada's server starts cleanly after the crash and answers"
        assert not set(server_again) & set(server)
        hub.record_processes()
        last = [proc.pid for proc in hub.processes()]
    finally:
        hub.stop()
    assert not [pid for pid in last if _alive(pid)], "stopping the hub ends everything under it"
    assert not (runtime / "processes.json").exists()
    # The lock went with the hub: the folder can be used again.
    again = run_hub.LocalHub(runtime=runtime, learners=[])
    again.claim()
    again.stop()


def _wait_for(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.3)


def test_make_hub_restarts_a_killed_hub_on_its_address_and_refuses_a_second_one(tmp_path: Path) -> None:
    """What `make hub` runs (run_hub.py): its hub killed, it comes back on the same port by itself;
    a second `make hub` on the same folder stops with an error; Ctrl-C (SIGTERM) leaves nothing."""
    import psutil

    run_hub = _load_run_hub()
    runtime, port = tmp_path / "hub", run_hub.free_port()
    out = (tmp_path / "make-hub.out").open("w+")
    env = {**os.environ, "PATH": f"{run_hub.PROXY_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [sys.executable, str(ROOT / "deploy" / "local-hub" / "run_hub.py"), "--runtime", str(runtime),
               "--port", str(port), "--count", "1"]
    make_hub = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    everything: set[int] = set()
    try:
        def running() -> bool:
            assert make_hub.poll() is None, (tmp_path / "make-hub.out").read_text()
            return "class hub is running" in (tmp_path / "make-hub.out").read_text()

        _wait_for(running, 120, "make hub to start")

        def hub_process() -> Any:
            children = psutil.Process(make_hub.pid).children()
            return next((p for p in children if "jupyterhub" in " ".join(p.cmdline())), None)

        first = hub_process()
        everything |= {p.pid for p in [first, *first.children(recursive=True)]}

        second = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env, check=False)
        assert second.returncode == 2 and "a hub is already running" in second.stderr, second.stderr

        os.kill(first.pid, signal.SIGKILL)
        _wait_for(lambda: "running again" in (tmp_path / "make-hub.out").read_text(), 120, "the hub to restart")
        again = hub_process()
        assert again is not None and again.pid != first.pid
        everything |= {p.pid for p in [again, *again.children(recursive=True)]}
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/hub/api", timeout=10) as answer:
            assert answer.status == 200, "the hub is back on the same address"
    finally:
        if make_hub.poll() is None:
            os.kill(make_hub.pid, signal.SIGTERM)
        code = make_hub.wait(90)
        out.close()
    assert code == 0, (tmp_path / "make-hub.out").read_text()
    assert not [pid for pid in everything if _alive(pid)], "make hub left processes running"
