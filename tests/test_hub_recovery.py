"""Review finding M3: the hub killed as the out-of-memory killer does (SIGKILL to the ``jupyterhub``
process), and a second hub on the same state.

Before: the proxy, the results service and the learners' servers kept running as orphans, the hub
came back on another port, learners got HTTP 500, and a second ``make hub`` shared the first one's
database. Now: a second hub on the same runtime folder is refused; after the kill nothing the dead
hub started is left running, and ``restart`` (what ``make hub`` does when its hub dies) brings the
hub back on the same address, where the learner's server starts cleanly and runs code again.

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


async def _server_runs_code(hub: Any, run_hub: ModuleType) -> tuple[str, list[int]]:
    """Start ada's server and a kernel; what the kernel prints, and the pids of her server's processes."""
    client = run_hub.HubClient(hub.url, hub.token)
    kernel = None
    try:
        await client.create_users([ADA])
        await client.start_server(ADA, timeout=120)
        kernel = await client.start_kernel(ADA, timeout=90)
        out = await kernel.execute("print(6 * 7)")
        pids = [proc.pid for proc in run_hub.server_trees(hub).get(ADA, [])]
        return out.strip(), pids
    finally:
        if kernel is not None:
            kernel.close()
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
        out, server = asyncio.run(_server_runs_code(hub, run_hub))
        assert out == "42" and server, "ada's server and kernel run"
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
        out, server_again = asyncio.run(_server_runs_code(hub, run_hub))
        assert out == "42", "ada's server starts cleanly after the crash and runs code"
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


def test_make_hub_refuses_a_second_hub_on_the_same_state(tmp_path: Path) -> None:
    """`make hub` (run_hub.py) while another holds the runtime folder: an error, not a shared database."""
    run_hub = _load_run_hub()
    runtime = tmp_path / "hub"
    holder = run_hub.LocalHub(runtime=runtime, learners=[])
    holder.claim()
    try:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, str(ROOT / "deploy" / "local-hub" / "run_hub.py"), "--runtime", str(runtime),
             "--port", "0", "--count", "1"],
            capture_output=True, text=True, timeout=60, check=False,
        )
        assert done.returncode == 2, done.stdout + done.stderr
        assert "a hub is already running" in done.stderr
        assert time.monotonic() - started < 30
    finally:
        holder.stop()
