"""backlearn as a web app with no code: Voilà serves a shipped notebook with the code hidden.

The page offers every activity a class uses: the symptom explorer, the seven questions with
their quizzes, the case studies and the pain diary.

``backlearn app`` calls :func:`serve`, which runs in the foreground until Ctrl+C.
:func:`start` runs the same server in the background and returns an :class:`AppServer`
with ``.url`` and ``.stop()``, for the browser tests and scripts.

The server listens on 127.0.0.1 only. Every page load starts a fresh kernel that runs the
notebook, so each visitor gets their own ticks. Voilà, ipykernel and ipywidgets come with
the ``app`` extra (``pip install 'backlearn[app]'``); they are imported only when needed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from backlearn import places

__all__ = [
    "AppServer",
    "AppStartError",
    "free_port",
    "missing_packages",
    "notebook_path",
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


def free_port(host: str = HOST) -> int:
    """A TCP port on ``host`` that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


#: Seconds a kernel may sit with no page connected before Voilà stops it (a closed or reloaded tab),
#: and how often Voilà looks. A page still open keeps its kernel however long the learner reads.
CULL_IDLE_TIMEOUT = 300
CULL_INTERVAL = 60


def voila_command(
    port: int,
    notebook: Path | None = None,
    *,
    cull_idle_timeout: int = CULL_IDLE_TIMEOUT,
    cull_interval: int = CULL_INTERVAL,
) -> list[str]:
    """The command line that serves ``notebook`` with Voilà on 127.0.0.1:``port``, code hidden.

    Every page load starts a kernel (about 60 MB); without culling, closed tabs keep theirs until the
    server stops, so a loop of page loads could fill the memory."""
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
) -> AppServer:
    """Start the app in the background and wait until it listens; return the running server.

    ``plans_dir`` is where "Save my plan" writes (passed to the kernels as ``$BACKLEARN_PLANS``);
    ``log`` receives Voilà's output (default: this process's stdout and stderr); ``cull_idle_timeout``
    and ``cull_interval`` (seconds) say when a kernel no page is connected to is stopped.
    The caller must call ``stop()`` (or use the server as a context manager).
    """
    chosen = port if port is not None else free_port()
    child_env = _with_template_path(dict(os.environ if env is None else env))
    if plans_dir is not None:
        child_env[places.PLANS_ENV] = str(Path(plans_dir).expanduser().resolve())
    process = subprocess.Popen(
        voila_command(chosen, notebook, cull_idle_timeout=cull_idle_timeout, cull_interval=cull_interval),
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
    """Why the content the app's kernels will load is invalid, or None: checked before serving anyone."""
    from backlearn.content import ContentError
    from backlearn.engine.promises import load_content

    try:
        load_content()
    except ContentError as error:
        return str(error)
    return None


def _has_display() -> bool:
    """False on a Linux machine without a desktop, where webbrowser would start a text browser in the terminal."""
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _stop_on_signals() -> None:
    """Treat SIGTERM and SIGHUP (terminal closed) like Ctrl+C, so the server is always stopped."""
    import threading

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
) -> int:
    """Serve the symptom explorer until Ctrl+C; return the exit code (2 when the app extra is missing)."""
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
            server = start(port, plans_dir=plans_dir, timeout=timeout, log=log)
        except AppStartError as error:
            print(f"backlearn app: {error}\n{_log_tail(log_path)}", file=sys.stderr)
            return EXIT_FAILED
        except KeyboardInterrupt:
            return EXIT_OK
        try:
            print(f"backlearn app: open {server.url} in your browser. Press Ctrl+C to stop.\n"
                  f"(The server's own messages go to {log_path}.)", flush=True)
            if open_browser and _has_display():
                import webbrowser

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
