"""Start, use and stop the local JupyterHub of deploy/local-hub: shared by ``make hub``, the hub tests
and the load test (benchmarks/hub_load.py).

    python deploy/local-hub/run_hub.py            # what `make hub` runs: serve until Ctrl-C
    python deploy/local-hub/run_hub.py --port 0   # any free port

``LocalHub`` starts ``jupyterhub -f jupyterhub_config.py`` as a subprocess in its own session on
free loopback ports, waits until ``/hub/api`` answers, and stops it: every learner's server
through the REST API first, then the hub's process group (terminate, kill after a timeout),
then anything it left behind. It holds a lock on the runtime folder (one hub per folder),
records every process under the hub so none is orphaned when the hub dies, and, when the hub
listens beyond loopback, keeps learners' own ports closed to the network (firewall.py). ``make
hub`` starts a hub that died on its own again on the same address. ``HubClient`` drives it like a
class of learners would: create users, start their servers, start kernels and run code in them
over the kernel websocket.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import fcntl
import json
import os
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backlearn.places import free_port

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CONFIG = HERE / "jupyterhub_config.py"
PROXY_BIN = HERE / "node_modules" / ".bin"
sys.path.insert(0, str(HERE))
import firewall  # noqa: E402  (deploy/local-hub/firewall.py)
import learners  # noqa: E402  (deploy/local-hub/learners.py)

learners_module = learners


class HubUnavailable(RuntimeError):
    """JupyterHub or its proxy is missing and cannot be installed here."""


class HubBusy(learners.HubSafetyError):
    """Another hub already runs on this runtime folder (it holds the folder's lock)."""


# -- prerequisites ------------------------------------------------------------------------------


def jupyterhub_command() -> list[str]:
    """The ``jupyterhub`` of this Python environment; HubUnavailable when it is not installed."""
    try:
        import jupyterhub  # noqa: F401
    except ImportError as exc:
        raise HubUnavailable("jupyterhub is not installed: pip install -e '.[hub]' (make setup does)") from exc
    script = Path(sys.executable).with_name("jupyterhub")
    return [str(script)] if script.exists() else [sys.executable, "-m", "jupyterhub"]


def ensure_proxy(install: bool = True) -> Path:
    """The configurable-http-proxy executable, installed with npm into deploy/local-hub when missing."""
    local = PROXY_BIN / "configurable-http-proxy"
    if local.exists():
        return local
    if install and shutil.which("npm"):
        result = subprocess.run(
            ["npm", "install", "--prefix", str(HERE), "--no-package-lock", "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode == 0 and local.exists():
            return local
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
        raise HubUnavailable(f"npm install --prefix deploy/local-hub failed: {detail[0]}")
    found = shutil.which("configurable-http-proxy")
    if found:
        return Path(found)
    raise HubUnavailable("configurable-http-proxy is missing and npm is not installed (needs Node.js 18+)")


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the proxy binds: TIME_WAIT is free
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


# -- the hub process ----------------------------------------------------------------------------


class LocalHub:
    """The local hub as a subprocess. Use as a context manager, or call ``start`` and ``stop``.

    While it runs, this object holds an exclusive lock on the runtime folder (``hub.lock``): a
    second hub on the same folder (the same database) is refused. It records every process under
    the hub (proxy, results service, learners' servers, kernels) in ``processes.json``, so that
    when the hub dies unexpectedly (the out-of-memory killer) ``stop`` and the next ``start`` end
    them instead of leaving them orphaned. Open to the room (``ip`` beyond loopback), it writes a
    firewall that admits only the hub's port from the network (firewall.py) and removes it on stop.
    """

    def __init__(
        self,
        port: int = 0,
        runtime: Path | None = None,
        token: str | None = None,
        learners: list[str] | None = None,
        log: Path | bool | None = None,
        service: bool = True,
        remove_learners: bool = True,
        ip: str | None = None,
    ) -> None:
        self.port = port or free_port()
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if runtime is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="backlearn-hub-")
            runtime = Path(self._tmp.name)
        self.runtime = Path(runtime).resolve()
        # The service token (tests, load test) goes to the hub in a private file, never the environment.
        self.token = (token or secrets.token_hex(32)) if service else ""
        self.new_learners = list(learners or [])
        self.passwords: dict[str, str] = {}
        # Tests remove the system users (jupyter-NAME) this hub created; `make hub` keeps learners' homes.
        self.remove_learners = remove_learners
        self.ip = ip or os.environ.get("BACKLEARN_HUB_IP") or "127.0.0.1"
        self.separate_users = learners_module.separate_users_possible()
        # log: a file (default runtime/hub.log), or False to let the hub write to this terminal.
        self.log_path: Path | None = None if log is False else Path(log) if log else self.runtime / "hub.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self._log_file: Any = None
        self._lock_fd: int | None = None
        self.firewall = False  # True while this hub's nftables table is in place
        self._seen: dict[int, float] = {}  # pid -> create time of every process seen under the hub
        self._watching = threading.Event()
        self._recording = threading.Lock()
        self._watcher: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Where this machine reaches the hub: loopback, unless it listens on one other address only."""
        host = "127.0.0.1" if self.ip in ("0.0.0.0", "::", *learners_module.LOOPBACK) else self.ip
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}"

    @property
    def open_to_room(self) -> bool:
        return self.ip not in learners_module.LOOPBACK

    # -- one hub per runtime folder, and nothing left behind ----------------------------------

    def claim(self) -> LocalHub:
        """Lock the runtime folder for this hub's life (HubBusy when another hub holds it), then end
        whatever a hub on this folder left running when it died. Safe to call again."""
        if self._lock_fd is not None:
            return self
        self.runtime.mkdir(parents=True, exist_ok=True)
        self.runtime.chmod(0o700)
        fd = os.open(self.runtime / "hub.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 400).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise HubBusy(f"a hub is already running on {self.runtime} ({holder}); stop it first") from None
        self._lock_fd = fd
        self._write_lock_note()
        _kill_recorded(self.runtime / "processes.json")
        return self

    def _write_lock_note(self) -> None:
        if self._lock_fd is None:
            return
        os.ftruncate(self._lock_fd, 0)
        os.pwrite(self._lock_fd, f"pid {os.getpid()}, {self.url}\n".encode(), 0)

    def _release(self) -> None:
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def _watch(self) -> None:
        """Record the hub and every process under it, so they can be ended after the hub dies."""
        record = self.runtime / "processes.json"
        while not self._watching.wait(1.0):
            with contextlib.suppress(Exception):  # a failed look this second: the next one catches up
                self.record_processes(record)

    def record_processes(self, record: Path | None = None) -> None:
        record = record or self.runtime / "processes.json"
        with self._recording:
            changed = False
            for proc in self.processes():
                with contextlib.suppress(Exception):
                    if proc.pid not in self._seen:
                        self._seen[proc.pid] = proc.create_time()
                        changed = True
            if changed:
                _write_private(record, json.dumps([[pid, t] for pid, t in self._seen.items()]))

    # -- start ---------------------------------------------------------------------------------

    def start(self, timeout: float = 90) -> LocalHub:
        command = jupyterhub_command()
        proxy = ensure_proxy()
        learners_module.check_safe(
            self.ip, separate=self.separate_users, root=hasattr(os, "geteuid") and os.geteuid() == 0
        )
        self.claim()
        try:
            self._start(command, proxy, timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self, command: list[str], proxy: Path, timeout: float) -> None:
        self._write_lock_note()
        if self.open_to_room and not self.firewall:
            try:
                firewall.install(learners_module.hub_tag(self.runtime), self.port, self.ip)
            except firewall.FirewallError as exc:
                raise learners_module.HubSafetyError(
                    f"BACKLEARN_HUB_IP={self.ip} opens the hub to the room, which is safe only when learners' "
                    f"own ports are closed to the network, and that firewall could not be written: {exc}"
                ) from exc
            self.firewall = True
        # Teachers (BACKLEARN_TEACHERS) get a password too: they need not also be on the class list.
        self.passwords = learners_module.add_learners(
            self.runtime / "class.json", [*self.new_learners, *class_teachers()]
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("BACKLEARN_HUB_")}
        env["PATH"] = os.pathsep.join([str(proxy.parent), str(Path(sys.executable).parent), env.get("PATH", "")])
        env.update(
            BACKLEARN_HUB_PORT=str(self.port),
            BACKLEARN_HUB_HUB_PORT=str(free_port()),
            BACKLEARN_HUB_PROXY_API_PORT=str(free_port()),
            BACKLEARN_HUB_RUNTIME=str(self.runtime),
            BACKLEARN_HUB_IP=self.ip,
        )
        if self.token:
            token_file = self.runtime / "service-token"
            _write_private(token_file, self.token)
            env["BACKLEARN_HUB_API_TOKEN_FILE"] = str(token_file)
        for name in ("BACKLEARN_HUB_ENGINE_DIR", "BACKLEARN_HUB_LOGIN_FAILURES", "BACKLEARN_HUB_LOGIN_LOCKOUT"):
            if os.environ.get(name):
                env[name] = os.environ[name]
        if self.log_path is not None and self._log_file is None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            # The hub's log names learners and may hold what they typed: for root alone.
            fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            os.fchmod(fd, 0o600)
            self._log_file = os.fdopen(fd, "ab")
        self.proc = subprocess.Popen(
            [*command, "-f", str(CONFIG)],
            cwd=self.runtime,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT if self._log_file else None,
            start_new_session=True,
        )
        self._seen = {}
        self.record_processes()
        self._watching.clear()
        self._watcher = threading.Thread(target=self._watch, name="hub-processes", daemon=True)
        self._watcher.start()
        self._wait_ready(timeout)

    def restart(self, timeout: float = 90) -> LocalHub:
        """After the hub died: end what it left running and start it again on the same address
        (the lock and the firewall stay in place throughout)."""
        self._stop_processes(self.proc, 20)
        self._start(jupyterhub_command(), ensure_proxy(), timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with code {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api", timeout=2) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"jupyterhub did not answer within {timeout:.0f} s:\n{self.log_tail()}")
            time.sleep(0.3)

    def log_tail(self, lines: int = 40) -> str:
        if self.log_path is None or not self.log_path.exists():
            return "(no log file)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def api(self, method: str, path: str, body: Any = None, timeout: float = 30) -> tuple[int, Any]:
        """Call the hub's REST API with the service token: (status, parsed JSON or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as err:
            raw = err.read()
            with contextlib.suppress(ValueError):
                return err.code, json.loads(raw) if raw else None
            return err.code, raw.decode(errors="replace")

    def processes(self) -> list[Any]:
        """The hub and every process under it (proxy, learners' servers, kernels); needs psutil."""
        try:
            import psutil
        except ImportError:
            return []
        if self.proc is None:
            return []
        try:
            hub = psutil.Process(self.proc.pid)
            return [hub, *hub.children(recursive=True)]
        except psutil.Error:
            return []

    def stop_servers(self, timeout: float = 60) -> None:
        """Stop every learner's server through the API and wait until they are gone."""
        status, users = self.api("GET", "/users?state=active", timeout=10)
        if status != 200 or not isinstance(users, list):
            return
        pending = []
        for user in users:
            for server_name in user.get("servers") or {}:
                suffix = f"/servers/{server_name}" if server_name else "/server"
                self.api("DELETE", f"/users/{user['name']}{suffix}", timeout=30)
                pending.append(user["name"])
        deadline = time.monotonic() + timeout
        while pending and time.monotonic() < deadline:
            pending = [
                name for name in pending if (self.api("GET", f"/users/{name}", timeout=10)[1] or {}).get("servers")
            ]
            if pending:
                time.sleep(0.5)

    def stop(self, timeout: float = 20) -> None:
        """Stop the learners' servers, then the hub's process group, then anything left over (also
        after the hub died), remove the firewall, release the runtime folder (and, for a test hub,
        remove the system users it created)."""
        proc = self.proc
        try:
            self._stop_processes(proc, timeout)
        finally:
            try:
                if self.remove_learners and self.separate_users:
                    learners_module.remove_learners(learners_module.hub_tag(self.runtime))
                if self.firewall:
                    firewall.remove(learners_module.hub_tag(self.runtime))
                    self.firewall = False
            finally:
                self._release()
                self.proc = None
                if self._log_file is not None:
                    self._log_file.close()
                    self._log_file = None
                if self._tmp is not None:
                    with contextlib.suppress(OSError):
                        self._tmp.cleanup()
                    self._tmp = None

    def _stop_processes(self, proc: subprocess.Popen[bytes] | None, timeout: float) -> None:
        if proc is not None and proc.poll() is None:
            self.record_processes()
            leftovers = self.processes()[1:]  # before the API stops servers, whose kernels then reparent
            with contextlib.suppress(Exception):
                self.stop_servers()
            leftovers += [p for p in self.processes()[1:] if p not in leftovers]
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
            _kill_all(leftovers)
        self._watching.set()
        if self._watcher is not None:
            self._watcher.join(5)
            self._watcher = None
        # The hub may have died on its own (SIGKILL, out of memory): its proxy, the results service
        # and the learners' servers were orphaned. End every process recorded under it.
        _kill_recorded(self.runtime / "processes.json", self._seen)
        self._seen = {}

    def __enter__(self) -> LocalHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (0600), replacing it whole."""
    temporary = path.with_name(f".{path.name}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(temporary, path)


def _kill_recorded(record: Path, seen: dict[int, float] | None = None) -> None:
    """End the processes a hub recorded (those still alive with the same start time), then forget them."""
    entries = dict(seen or {})
    with contextlib.suppress(OSError, ValueError, TypeError):
        entries.update({int(pid): float(t) for pid, t in json.loads(record.read_text())})
    if entries:
        import psutil

        alive = []
        for pid, created in entries.items():
            with contextlib.suppress(psutil.Error):
                proc = psutil.Process(pid)
                if abs(proc.create_time() - created) < 0.01 and pid != os.getpid():
                    alive.append(proc)
        _kill_all(alive)
    with contextlib.suppress(FileNotFoundError):
        record.unlink()


def _kill_all(processes: list[Any], timeout: float = 10) -> None:
    """Terminate processes (psutil) that outlived the hub, killing those that do not go."""
    if not processes:
        return
    import psutil

    alive = []
    for proc in processes:
        with contextlib.suppress(psutil.Error):
            if proc.is_running():
                proc.terminate()
                alive.append(proc)
    _, alive = psutil.wait_procs(alive, timeout=timeout)
    for proc in alive:
        with contextlib.suppress(psutil.Error):
            proc.kill()


# -- memory of each learner's server ------------------------------------------------------------


def server_trees(hub: LocalHub) -> dict[str, list[Any]]:
    """For each learner, their single-user server and its kernels (psutil processes)."""
    import psutil

    trees: dict[str, list[Any]] = {}
    if hub.proc is None:
        return trees
    try:
        children = psutil.Process(hub.proc.pid).children()
    except psutil.Error:
        return trees
    for child in children:
        try:
            user = child.environ().get("JUPYTERHUB_USER")
            if user:
                trees[user] = [child, *child.children(recursive=True)]
        except psutil.Error:
            continue
    return trees


def tree_rss(processes: list[Any]) -> int:
    """Resident memory of these processes together, in bytes."""
    total = 0
    for proc in processes:
        with contextlib.suppress(Exception):
            total += int(proc.memory_info().rss)
    return total


# -- a learner's view: REST and kernel websocket (tornado, installed with jupyter_server) ---------


class KernelError(RuntimeError):
    """Code run in a learner's kernel raised, or the kernel did not answer."""


@dataclass
class Kernel:
    """A kernel in a learner's server and its websocket; ``execute`` returns what it printed."""

    user: str
    kernel_id: str
    ws: Any
    session: str = field(default_factory=lambda: uuid.uuid4().hex)

    async def execute(self, code: str, timeout: float = 60) -> str:
        msg_id = uuid.uuid4().hex
        message = {
            "header": {
                "msg_id": msg_id,
                "msg_type": "execute_request",
                "username": self.user,
                "session": self.session,
                "date": dt.datetime.now(dt.UTC).isoformat(),
                "version": "5.3",
            },
            "parent_header": {},
            "metadata": {},
            "content": {
                "code": code,
                "silent": False,
                "store_history": False,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
            "channel": "shell",
            "buffers": [],
        }
        await self.ws.write_message(json.dumps(message))
        out: list[str] = []
        error: str | None = None
        replied = idle = False
        async with asyncio.timeout(timeout):
            while not (replied and idle):
                raw = await self.ws.read_message()
                if raw is None:
                    raise KernelError(f"{self.user}: kernel websocket closed")
                if isinstance(raw, bytes):  # binary frames carry widget buffers: not ours
                    continue
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if kind == "stream":
                    out.append(msg["content"]["text"])
                elif kind == "error":
                    error = f"{msg['content']['ename']}: {msg['content']['evalue']}"
                elif kind == "execute_reply":
                    replied = True
                    if msg["content"].get("status") == "error" and error is None:
                        error = f"{msg['content'].get('ename')}: {msg['content'].get('evalue')}"
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
        if error:
            raise KernelError(f"{self.user}: {error}")
        return "".join(out)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()


class HubClient:
    """Async REST + websocket client for one hub, with the service token."""

    def __init__(self, hub_url: str, token: str) -> None:
        from tornado.httpclient import AsyncHTTPClient

        AsyncHTTPClient.configure(None, max_clients=64)
        self.hub_url = hub_url
        self.token = token
        self.http = AsyncHTTPClient()

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}", "Content-Type": "application/json"}

    async def request(self, method: str, path: str, body: Any = None, timeout: float = 60) -> tuple[int, Any]:
        from tornado.httpclient import HTTPRequest

        request = HTTPRequest(
            f"{self.hub_url}{path}",
            method=method,
            headers=self.headers,
            body=None if body is None and method in ("GET", "DELETE") else json.dumps(body or {}),
            request_timeout=timeout,
            follow_redirects=False,
        )
        response = await self.http.fetch(request, raise_error=False)
        raw = response.body or b""
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = raw.decode(errors="replace")
        return response.code, data

    async def create_users(self, names: list[str]) -> None:
        status, data = await self.request("POST", "/hub/api/users", {"usernames": names})
        if status not in (201, 409):
            raise RuntimeError(f"creating users failed: {status} {data}")

    async def start_server(self, name: str, timeout: float = 180) -> float:
        """Ask for a learner's server and wait until it is ready; returns the seconds it took."""
        started = time.monotonic()
        status, data = await self.request("POST", f"/hub/api/users/{name}/server", timeout=timeout)
        if status not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"{name}: starting the server failed: {status} {data}")
        deadline = started + timeout
        while time.monotonic() < deadline:
            status, user = await self.request("GET", f"/hub/api/users/{name}")
            server = (user or {}).get("servers", {}).get("") if status == 200 else None
            if server and server.get("ready"):
                return time.monotonic() - started
            if status == 200 and not server and time.monotonic() - started > 5:
                raise RuntimeError(f"{name}: the server stopped while starting")
            await asyncio.sleep(0.25)
        raise TimeoutError(f"{name}: server not ready within {timeout:.0f} s")

    async def stop_server(self, name: str) -> None:
        await self.request("DELETE", f"/hub/api/users/{name}/server")

    async def start_kernel(self, name: str, timeout: float = 120) -> Kernel:
        """Start a kernel through the learner's own server and open its websocket."""
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        status, data = await self.request("POST", f"/user/{name}/api/kernels", {"name": "python3"}, timeout=timeout)
        if status != 201 or not isinstance(data, dict):
            raise RuntimeError(f"{name}: starting a kernel failed: {status} {data}")
        kernel_id = data["id"]
        session = uuid.uuid4().hex
        ws_url = self.hub_url.replace("http", "ws", 1) + f"/user/{name}/api/kernels/{kernel_id}/channels"
        request = HTTPRequest(
            f"{ws_url}?session_id={session}",
            headers={"Authorization": f"token {self.token}"},
            request_timeout=timeout,
        )
        ws = await websocket_connect(request, max_message_size=64 * 1024 * 1024)
        kernel = Kernel(name, kernel_id, ws, session)
        # Wait until the kernel answers (the first execute after start can take a few seconds).
        await kernel.execute("pass", timeout=timeout)
        return kernel

    def close(self) -> None:
        self.http.close()


# -- `make hub` ---------------------------------------------------------------------------------


def class_names(learners_file: Path | None, count: int) -> list[str]:
    """The learners to add to the class list: one name a line from a file, else learner01..learnerNN."""
    if learners_file is not None:
        return [line.split("#")[0].strip() for line in learners_file.read_text(encoding="utf-8").splitlines()]
    return [f"learner{i:02d}" for i in range(1, count + 1)]


def class_teachers() -> list[str]:
    """The teachers named in BACKLEARN_TEACHERS (comma-separated): they get a password like a learner."""
    return [name.strip().lower() for name in os.environ.get("BACKLEARN_TEACHERS", "").split(",") if name.strip()]


def _banner(hub: LocalHub, teachers: list[str]) -> str:
    sheet = hub.runtime / "class.json"
    lines = ["", "backlearn class hub is running.", f"  Open:      http://{hub.ip}:{hub.port}/"]
    if hub.firewall:
        lines += [
            f"  Network:   only port {hub.port} takes connections from other computers while the hub runs",
            "             (learners' own ports are closed to the network; docs/deploy.md says why).",
        ]
    if hub.separate_users:
        lines += [
            "  Learners:  each signs in with their own name and password (below); each is a separate",
            "             system user jupyter-NAME with a private home, created on first sign-in.",
        ]
    else:
        lines += [
            "  ************************************************************************************",
            "  NOT SAFE FOR A CLASS: not run as root, so every learner's server runs as the user who",
            f"  started the hub ({os.environ.get('USER') or 'you'}) and learners could read each other's files.",
            "  Listening on this computer only (127.0.0.1). For a class: sudo make hub",
            "  ************************************************************************************",
        ]
    if teachers:
        lines += [f"  Teachers:  {', '.join(teachers)} (sign in with the password below; class results at"
                  " /services/class-results/)"]
    lines += [
        "",
        learners.password_sheet(hub.passwords),
        "",
        f"  Class list: {sheet} (private; print the table above and cut it into slips)",
        "  Add learners: stop, then  make hub LEARNERS=names.txt  (one name a line; old passwords stay)",
        "  Stop:      Ctrl-C (stops every learner's server too; their homes and diaries stay)",
        "",
    ]
    return "\n".join(lines)


def _private_output() -> None:
    """`make hub > hub.log` writes every password to that file: make it root's alone (0600)."""
    for fd in (1, 2):
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.fstat(fd).st_mode):
                os.fchmod(fd, 0o600)


#: How often `make hub` starts the hub again after it died on its own before giving up.
RESTARTS = 5


def _serve(port: int, runtime: Path, names: list[str]) -> int:
    teachers = class_teachers()
    hub = LocalHub(port=port, runtime=runtime, log=False, learners=names, service=False, remove_learners=False)
    stop = {"asked": False}

    def ask_stop(signum: int, frame: object) -> None:
        stop["asked"] = True

    signal.signal(signal.SIGTERM, ask_stop)
    signal.signal(signal.SIGHUP, ask_stop)
    signal.signal(signal.SIGINT, ask_stop)  # Ctrl-C, even where a shell started us with SIGINT ignored
    _private_output()
    hub.claim()  # refuses a second hub on this folder; ends what a dead one left running
    if port and not port_free(port):
        print(f"port {port} is taken; using a free one", file=sys.stderr)
        hub.port = free_port()
    restarts = 0
    try:
        hub.start()
        print(_banner(hub, teachers), flush=True)
        while not stop["asked"]:
            if hub.proc is not None and hub.proc.poll() is None:
                time.sleep(0.5)
                continue
            code = hub.proc.returncode if hub.proc is not None else None
            restarts += 1
            if restarts > RESTARTS:
                print(f"\nThe hub stopped on its own {RESTARTS} times; giving up.", file=sys.stderr, flush=True)
                return 1
            print(f"\nThe hub stopped on its own (exit code {code}); ending what it left running and starting it "
                  f"again at http://{hub.ip}:{hub.port}/ ...", file=sys.stderr, flush=True)
            hub.restart()
            print("The hub is running again at the same address; learners sign in again if asked.", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        print("\nStopping the hub and every learner's server ...", flush=True)
        hub.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("BACKLEARN_HUB_PORT") or 8000),
        help="port (default 8000, or a free one when 8000 is taken; 0 = any free port)",
    )
    parser.add_argument("--runtime", type=Path, default=HERE / ".runtime", help="database, secrets, class list")
    parser.add_argument("--learners", type=Path, help="file of learner names, one a line (added to the class list)")
    parser.add_argument("--count", type=int, default=30, help="without --learners: learner01..learnerNN (default 30)")
    args = parser.parse_args(argv)
    try:
        existing = learners.read_class(args.runtime.resolve() / "class.json")
        names = class_names(args.learners, args.count if not existing or args.learners else 0)
        return _serve(args.port, args.runtime, names)
    except (HubUnavailable, learners.HubSafetyError, ValueError, OSError) as exc:
        print(f"backlearn hub: error: {exc}", file=sys.stderr)
        return 2


@contextlib.contextmanager
def running_hub(**kwargs: Any) -> Iterator[LocalHub]:
    """``with running_hub() as hub:``; the hub and every server stop on the way out."""
    hub = LocalHub(**kwargs)
    try:
        yield hub.start()
    finally:
        hub.stop()


if __name__ == "__main__":
    sys.exit(main())
