"""backlearn as a web app with no code: Voilà serves a shipped notebook with the code hidden.

The page offers every activity a class uses: the symptom explorer, the seven questions with
their quizzes, the case studies and the pain diary.

``backlearn app`` calls :func:`serve`, which runs in the foreground until Ctrl+C.
:func:`start` runs the same server in the background and returns an :class:`AppServer`
with ``.url`` and ``.stop()``, for the browser tests and scripts.

The server listens on 127.0.0.1 only. Every page load starts a fresh kernel that runs the
notebook, so each visitor gets their own ticks. :class:`CappedKernelManager` caps the kernels (open
pages) in total and per client; a page over the cap reads "Too many open pages: close some tabs".
Voilà, ipykernel and ipywidgets come with the ``app`` extra (``pip install 'backlearn[app]'``);
they are imported only when needed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
import webbrowser
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from backlearn import places

__all__ = [
    "MAX_PAGES",
    "MAX_PAGES_PER_CLIENT",
    "AppServer",
    "AppStartError",
    "OpenPage",
    "client_of",
    "content_problem_page",
    "missing_packages",
    "notebook_path",
    "page_refusal",
    "page_to_free",
    "serve",
    "start",
    "voila_command",
]

EXIT_OK, EXIT_NOT_INSTALLED, EXIT_FAILED = 0, 2, 1

#: The packages the app needs at run time (import names), all in the ``app`` extra.
REQUIRED = ("voila", "ipykernel", "ipywidgets")

HOST = "127.0.0.1"


def notebook_path(name: str = "explorer") -> Path:
    """The app notebook shipped inside the package."""
    return places.app_notebook(name)


def missing_packages() -> list[str]:
    """The packages the app needs that are not installed."""
    return [name for name in REQUIRED if importlib.util.find_spec(name) is None]


#: Seconds a kernel may sit with no page connected before Voilà stops it (a closed or reloaded tab),
#: and how often Voilà looks. A page still open keeps its kernel however long the learner reads.
CULL_IDLE_TIMEOUT = 300
CULL_INTERVAL = 60


#: At most this many kernels (open pages, about 60 MB each: 2.4 GB) live at once, and at most
#: MAX_PAGES_PER_CLIENT of them for one client, so one browser reloading in a loop cannot take them all.
#: ``$BACKLEARN_APP_MAX_PAGES`` and ``$BACKLEARN_APP_MAX_PAGES_PER_CLIENT`` change them (0: no cap).
MAX_PAGES = 40
MAX_PAGES_PER_CLIENT = 10
MAX_PAGES_ENV, MAX_PAGES_PER_CLIENT_ENV = places.APP_MAX_PAGES_ENV, places.APP_MAX_PAGES_PER_CLIENT_ENV

#: What a learner reads when a page would go over a cap: the title, then the reason.
TOO_MANY_PAGES = "Too many open pages: close some tabs"

#: The request headers a reverse proxy (nginx, Caddy) uses to name the browser it passes on: Voilà
#: copies them into the kernel's environment, where the kernel manager reads the client from them.
CLIENT_HEADERS = ("X-Forwarded-For", "X-Real-IP")
THIS_COMPUTER = "this computer"


def client_of(env: Mapping[str, str]) -> str:
    """Who opened a page, from its kernel's environment: the address the nearest reverse proxy saw
    (the last X-Forwarded-For entry, which a browser cannot forge), else X-Real-IP; else "this
    computer", since the app listens on 127.0.0.1 only."""
    forwarded = [part.strip() for part in env.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if forwarded:
        return forwarded[-1]
    return env.get("HTTP_X_REAL_IP", "").strip() or THIS_COMPUTER


def page_refusal(open_pages: Sequence[str], client: str, max_pages: int, max_per_client: int) -> str | None:
    """Why a new page must not start a kernel, in words for the learner, or None when it may.

    ``open_pages`` holds the client of every live (or starting) kernel; a cap of 0 means none."""
    if max_pages > 0 and len(open_pages) >= max_pages:
        return (f"This app already has {len(open_pages)} pages open, as many as it can serve at once. "
                "Close the tabs you are not using, or wait a few minutes, then reload this page.")
    mine = sum(1 for page in open_pages if page == client)
    if max_per_client > 0 and mine >= max_per_client:
        return (f"You already have {mine} pages of this app open. "
                "Close the tabs you are not using, then reload this page.")
    return None


#: A kernel with no page connected for this long belongs to a closed or reloaded page (a page being
#: loaded connects within seconds): at a cap, the oldest such kernel is stopped to make room.
UNCONNECTED_GRACE = 30.0


@dataclass(frozen=True, slots=True)
class OpenPage:
    """One live kernel: whose page it is, how many page connections it has, and its seconds idle."""

    kernel_id: str
    client: str
    connections: int
    idle: float


def page_to_free(pages: Sequence[OpenPage], client: str, max_pages: int, max_per_client: int,
                 grace: float = UNCONNECTED_GRACE) -> str | None:
    """The kernel to stop so that ``client`` gets a new page, or None: the longest-idle one with no page
    connected for ``grace`` seconds, the client's own when the client is at its cap, anyone's when the
    app is full. An open page (connected) is never stopped."""
    idle = [page for page in pages if page.connections <= 0 and page.idle >= grace]
    if max_per_client > 0 and sum(1 for page in pages if page.client == client) >= max_per_client:
        idle = [page for page in idle if page.client == client]  # one's own: that also makes room in a full app
    elif not (max_pages > 0 and len(pages) >= max_pages):
        return None
    return max(idle, key=lambda page: page.idle).kernel_id if idle else None


@cache
def _capped_kernel_manager() -> type:
    """Voilà's kernel manager with the page caps (made on first use: jupyter_server is in the app extra)."""
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from tornado import web
    from traitlets import Float, Integer

    class CappedKernelManager(AsyncMappingKernelManager):
        """Caps kernels at ``max_pages``, and at ``max_pages_per_client`` for one client (:func:`client_of`).
        At a cap it first stops the longest-idle kernel that has had no page connected for
        ``unconnected_grace`` seconds (a closed or reloaded page); failing that, the new page gets
        HTTP 503, "Too many open pages: close some tabs" (the template's 503.html)."""

        max_pages = Integer(MAX_PAGES, config=True, help="Most kernels (open pages) at once; 0: no cap.")
        max_pages_per_client = Integer(MAX_PAGES_PER_CLIENT, config=True,
                                       help="Most kernels for one client at once; 0: no cap.")
        unconnected_grace = Float(UNCONNECTED_GRACE, config=True,
                                  help="Seconds with no page connected before a kernel may make room at a cap.")

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)  # type: ignore[no-untyped-call]
            #: The client of each live kernel, and of each kernel still starting (keyed "starting-...").
            self.page_clients: dict[str, str] = {}

        def _pages(self) -> list[OpenPage]:
            now = dt.datetime.now(dt.UTC)
            pages = []
            for kernel_id, client in self.page_clients.items():
                kernel = self._kernels.get(kernel_id)
                last = getattr(kernel, "last_activity", None)
                idle = (now - last).total_seconds() if isinstance(last, dt.datetime) else 0.0
                connections = self._kernel_connections.get(kernel_id, 0) if kernel is not None else 1
                pages.append(OpenPage(kernel_id, client, connections, idle))  # starting: counted, never freed
            return pages

        async def start_kernel(  # type: ignore[override]  # jupyter_server's own start_kernel is async too
            self, *, kernel_id: str | None = None, path: Any = None, **kwargs: Any
        ) -> str:
            if kernel_id is not None and kernel_id in self:
                return str(await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs))
            client = client_of(kwargs.get("env") or {})
            while True:
                live = set(self.list_kernel_ids())  # forget kernels culled, shut down or dead since
                self.page_clients = {k: c for k, c in self.page_clients.items()
                                     if k in live or k.startswith("starting-")}
                refusal = page_refusal(list(self.page_clients.values()), client, self.max_pages,
                                       self.max_pages_per_client)
                if refusal is None:
                    break
                victim = page_to_free(self._pages(), client, self.max_pages, self.max_pages_per_client,
                                      self.unconnected_grace)
                if victim is None:
                    self.log.warning("backlearn app: page refused for %s (%d kernels open): %s",
                                     client, len(self.page_clients), refusal)
                    raise web.HTTPError(503, refusal, reason=TOO_MANY_PAGES)
                self.log.info("backlearn app: stopping kernel %s (no page connected) to make room for %s",
                              victim, client)
                self.page_clients.pop(victim, None)
                await self.shutdown_kernel(victim, now=True)  # type: ignore[no-untyped-call]
            ticket = f"starting-{uuid.uuid4().hex}"  # counted while it starts, so a burst cannot slip past
            self.page_clients[ticket] = client
            try:
                started = str(await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs))
            finally:
                del self.page_clients[ticket]
            self.page_clients[started] = client
            return started

    return CappedKernelManager


def __getattr__(name: str) -> Any:
    if name == "CappedKernelManager":  # ``backlearn.app.CappedKernelManager``, as Voilà's option names it
        return _capped_kernel_manager()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _cap_from_env(name: str, default: int) -> int:
    value = places.variable(name)
    try:
        return max(0, int(value)) if value else default
    except ValueError:
        print(f"backlearn app: ${name} should be a whole number of pages, not {value!r}; using {default}",
              file=sys.stderr)
        return default


def voila_command(
    port: int,
    notebook: Path | None = None,
    *,
    cull_idle_timeout: int = CULL_IDLE_TIMEOUT,
    cull_interval: int = CULL_INTERVAL,
    max_pages: int | None = None,
    max_pages_per_client: int | None = None,
) -> list[str]:
    """The command line that serves ``notebook`` with Voilà on 127.0.0.1:``port``, code hidden.

    Every page load starts a kernel (about 60 MB); without culling, closed tabs keep theirs until the
    server stops, so a loop of page loads could fill the memory. The kernels are capped in total and
    per client (default :data:`MAX_PAGES` and :data:`MAX_PAGES_PER_CLIENT`, or the environment's)."""
    if max_pages is None:
        max_pages = _cap_from_env(MAX_PAGES_ENV, MAX_PAGES)
    if max_pages_per_client is None:
        max_pages_per_client = _cap_from_env(MAX_PAGES_PER_CLIENT_ENV, MAX_PAGES_PER_CLIENT)
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook or notebook_path()),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--theme=light",
        f"--MappingKernelManager.cull_idle_timeout={int(cull_idle_timeout)}",
        f"--MappingKernelManager.cull_interval={int(cull_interval)}",
        "--MappingKernelManager.cull_connected=False",
        "--MappingKernelManager.cull_busy=False",
        "--VoilaConfiguration.multi_kernel_manager_class=backlearn.app.CappedKernelManager",
        f"--CappedKernelManager.max_pages={int(max_pages)}",
        f"--CappedKernelManager.max_pages_per_client={int(max_pages_per_client)}",
        *(f"--VoilaConfiguration.http_header_envs={header}" for header in CLIENT_HEADERS),
        f"--template={TEMPLATE}",
    ]


#: backlearn's Voilà template (lab without CDN links, cells inside <main>), found through JUPYTER_PATH.
TEMPLATE = "backlearn"


def _share_dir() -> Path:
    """The folder holding ``voila/templates/backlearn``, to put first on the server's JUPYTER_PATH."""
    return places.app_share()


def _with_template_path(env: dict[str, str]) -> dict[str, str]:
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(_share_dir()), env.get("JUPYTER_PATH", "")]))
    return env


class AppStartError(RuntimeError):
    """The server did not come up (it exited, or did not listen in time)."""


class AppServer:
    """A running Voilà server: ``url``, ``port``, ``process``; ``stop()`` ends it and its kernels."""

    def __init__(self, process: subprocess.Popen[Any], port: int, host: str = HOST) -> None:
        self.process = process
        self.port = port
        self.host = host
        self.url = f"http://{host}:{port}/"

    def alive(self) -> bool:
        """True while the server process runs."""
        return self.process.poll() is None

    def listening(self) -> bool:
        """True when a TCP connection to the port succeeds (this does not start a kernel, unlike GET /)."""
        with contextlib.suppress(OSError), socket.create_connection((self.host, self.port), timeout=1):
            return True
        return False

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until the port accepts connections; raise AppStartError if the server exits or times out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise AppStartError(f"the app server exited with code {self.process.returncode} before it listened")
            if self.listening():
                return
            time.sleep(0.2)
        raise AppStartError(f"the app server did not listen on {self.url} within {timeout:.0f} s")

    def stop(self, timeout: float = 10.0) -> None:
        """End the server: SIGTERM to its process group (Voilà then shuts its kernels down), SIGKILL if it hangs."""
        if self.process.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._signal(getattr(signal, "SIGKILL", signal.SIGTERM))
            self.process.wait(timeout)

    def _signal(self, sig: signal.Signals) -> None:
        try:
            if hasattr(os, "killpg"):
                os.killpg(self.process.pid, sig)  # start() made the server a process-group leader
            else:  # pragma: no cover - Windows
                self.process.send_signal(sig)
        except ProcessLookupError:
            pass

    def __enter__(self) -> AppServer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start(
    port: int | None = None,
    *,
    notebook: Path | None = None,
    plans_dir: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    log: IO[Any] | int | None = None,
    timeout: float = 60.0,
    cull_idle_timeout: int = CULL_IDLE_TIMEOUT,
    cull_interval: int = CULL_INTERVAL,
    max_pages: int | None = None,
    max_pages_per_client: int | None = None,
) -> AppServer:
    """Start the app in the background and wait until it listens; return the running server.

    ``plans_dir`` is where "Save my plan" writes (passed to the kernels as ``$BACKLEARN_PLANS``);
    ``log`` receives Voilà's output (default: this process's stdout and stderr); ``cull_idle_timeout``
    and ``cull_interval`` (seconds) say when a kernel no page is connected to is stopped; ``max_pages``
    and ``max_pages_per_client`` cap the live kernels (default: :data:`MAX_PAGES`, :data:`MAX_PAGES_PER_CLIENT`).
    The caller must call ``stop()`` (or use the server as a context manager).
    """
    chosen = port if port is not None else places.free_port(HOST)
    child_env = _with_template_path(places.environment() if env is None else dict(env))
    if plans_dir is not None:
        child_env[places.PLANS_ENV] = str(Path(plans_dir).expanduser().resolve())
    process = subprocess.Popen(
        voila_command(chosen, notebook, cull_idle_timeout=cull_idle_timeout, cull_interval=cull_interval,
                      max_pages=max_pages, max_pages_per_client=max_pages_per_client),
        env=child_env,
        stdout=log,
        stderr=subprocess.STDOUT if log is not None else None,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: Ctrl+C in the terminal reaches only serve()
    )
    server = AppServer(process, chosen)
    try:
        server.wait_ready(timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _content_problem() -> str | None:
    """Why the content the app's kernels will load is invalid, or None: checked before serving anyone.
    It checks what ``backlearn validate`` checks: every content file, short_mode.yaml and the teacher's
    lessons.yaml and pack.yaml included (each read through the same guarded reader)."""
    from backlearn.content import ContentError
    from backlearn.content.teaching import TEACHING_FILES, load_teaching
    from backlearn.engine.promises import load_content

    try:
        content = load_content()  # short_mode.yaml included
        if any(os.path.lexists(content.path / name) for name in TEACHING_FILES):  # a learner-only copy may lack them
            load_teaching(content)
    except ContentError as error:
        return str(error)
    return None


# ----------------------------------------------------------------------------- the content-error page

def content_problem_page() -> Any:
    """None when the content the app page uses loads (every content file and short_mode.yaml); else a
    plain page for the learner, with the error written to the server's log (the kernel's own stderr,
    not the page). The app notebook shows it instead of the page, so a teacher's edit made while the
    app runs never gives learners Voila's developer error."""
    from backlearn.content import ContentError
    from backlearn.engine.promises import load_content

    try:
        load_content()  # short_mode.yaml included
    except ContentError as error:
        log = getattr(sys.stderr, "echo", None) or sys.__stderr__  # ipykernel: echo is the server's stderr
        if log is not None:
            print(f"backlearn app: the content has a problem, so learners see 'tell your teacher':\n{error}",
                  file=log, flush=True)
        import ipywidgets as widgets

        from backlearn.widgets.page import CONTENT_PROBLEM_HTML

        page = widgets.HTML(value=CONTENT_PROBLEM_HTML)
        page.add_class("bl-app")
        return page
    return None


def _has_display() -> bool:
    """False on a Linux machine without a desktop, where webbrowser would start a text browser in the terminal."""
    if sys.platform.startswith("linux"):
        return bool(places.variable("DISPLAY") or places.variable("WAYLAND_DISPLAY"))
    return True


def _stop_on_signals() -> None:
    """Treat SIGTERM and SIGHUP (terminal closed) like Ctrl+C, so the server is always stopped."""
    if threading.current_thread() is not threading.main_thread():
        return

    def _interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)


def serve(
    port: int | None = None,
    open_browser: bool = False,
    *,
    plans_dir: str | os.PathLike[str] | None = None,
    timeout: float = 60.0,
    region: str | None = None,
) -> int:
    """Serve the symptom explorer until Ctrl+C; return the exit code (2 when the app extra is missing).
    ``region`` (a region id) is the class setting for the app's pages, as ``$BACKLEARN_REGION`` is."""
    missing = missing_packages()
    if missing:
        print(
            f"backlearn app: the web app needs {', '.join(missing)}, not installed here.\n"
            "Install it with:  pip install 'backlearn[app]'",
            file=sys.stderr,
        )
        return EXIT_NOT_INSTALLED
    problem = _content_problem()
    if problem:
        print(f"backlearn app: the content is invalid, so the app was not started:\n{problem}", file=sys.stderr)
        return EXIT_FAILED
    _stop_on_signals()
    # The server's own messages (Voilà's and the kernels' start-up warnings about trust and
    # unencrypted local connections, which alarm a learner and need no action) go to a log file;
    # the terminal shows only what to do, and the end of the log when something went wrong.
    log_path = _server_log_path()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        try:
            env = {**places.environment(), places.REGION_ENV: region} if region else None
            server = start(port, plans_dir=plans_dir, timeout=timeout, log=log, env=env)
        except AppStartError as error:
            print(f"backlearn app: {error}\n{_log_tail(log_path)}", file=sys.stderr)
            return EXIT_FAILED
        except KeyboardInterrupt:
            return EXIT_OK
        try:
            print(f"backlearn app: open {server.url} in your browser. Press Ctrl+C to stop.\n"
                  f"(The server's own messages go to {log_path}.)", flush=True)
            if open_browser and _has_display():
                webbrowser.open(server.url)
            if server.process.wait() == 0:
                return EXIT_OK
            print(f"backlearn app: the server stopped.\n{_log_tail(log_path)}", file=sys.stderr)
            return EXIT_FAILED
        except KeyboardInterrupt:
            print("backlearn app: stopping.", file=sys.stderr)
            return EXIT_OK
        finally:
            server.stop()


def _server_log_path() -> Path:
    """Where ``serve`` writes the server's messages: backlearn's folder in the user's log directory."""
    return places.log_dir() / "app-server.log"


def _log_tail(path: Path, lines: int = 20) -> str:
    """The last lines of the server log, with its location, for an error message."""
    try:
        tail = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    except OSError:
        tail = []
    return "\n".join([f"The server's messages are in {path}; the last lines:", *tail])
