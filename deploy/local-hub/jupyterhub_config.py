"""A JupyterHub for one classroom machine: ``sudo make hub`` (or ``jupyterhub -f jupyterhub_config.py`` here).

Every learner signs in with their name and the password the teacher printed from the class list,
and gets their own JupyterLab opened at the start notebook. Run as root (``sudo make hub``), it
keeps learners apart the way The Littlest JupyterHub does: each learner is the system user
``jupyter-<name>`` with a private home, their own copy of the notebooks, terminals off, and a
read-only installed copy of backlearn. learners.py does that work; docs/deploy.md says what this
protects and what it does not.

Settings from the environment (all optional):

- ``BACKLEARN_HUB_PORT``: the port to listen on (default 8000), on 127.0.0.1 unless
  ``BACKLEARN_HUB_IP`` says otherwise (e.g. ``0.0.0.0`` for a classroom's laptops; only allowed
  when learners are separate users, and run_hub.py then closes every other unprivileged port to
  the network with firewall.py).
- ``BACKLEARN_HUB_LOGIN_FAILURES`` (default 5), ``BACKLEARN_HUB_LOGIN_LOCKOUT`` (seconds, default
  60): wrong passwords for one name before that name is refused for a while, and for how long.
- ``BACKLEARN_TEACHERS``: the teachers (comma-separated), who see the class results; the teacher
  group holds exactly these names each time the hub starts.
- ``BACKLEARN_HUB_RUNTIME``: the hub's private folder (0700) for the database, cookie secret,
  proxy pid file and the class list ``class.json`` (default ``deploy/local-hub/.runtime``, git-ignored).
- ``BACKLEARN_HUB_API_TOKEN_FILE``: a private file holding a token for a service ``backlearn-load``
  that may create users, start and stop their servers and reach them (the tests and the load test
  use it; ``make hub`` does not). A file, not the environment, so no learner can read it from /proc.
- ``BACKLEARN_HUB_PROXY_API_PORT``, ``BACKLEARN_HUB_HUB_PORT``: internal ports (defaults 8001, 8081).
- ``BACKLEARN_HUB_ENGINE_DIR``: where the learners' read-only backlearn goes (default /opt/backlearn-hub).
- ``BACKLEARN_REGION``: the class's country or region (``uk``, ``us``, ``ca``, ``ie``, ``au``, ``nz``,
  ``eu`` or one added to regions.yaml), passed to every learner's server: the emergency number and
  services every notebook names. Unset, each learner picks theirs in the start notebook (default uk).

More can be added below (a teacher's results service, say) in the same way as the load test's
service: its own token from a private file and only the scopes it needs.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from jupyterhub.auth import Authenticator
from jupyterhub.spawner import LocalProcessSpawner, SimpleLocalProcessSpawner

c = get_config()  # type: ignore[name-defined]  # noqa: F821  (provided by JupyterHub)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import learners  # noqa: E402  (deploy/local-hub/learners.py, next to this file)

os.umask(0o077)  # everything the hub writes (database, secrets, pid files) is for the hub alone
RUNTIME = Path(os.environ.get("BACKLEARN_HUB_RUNTIME") or HERE / ".runtime").resolve()
RUNTIME.mkdir(parents=True, exist_ok=True)
RUNTIME.chmod(0o700)
CLASS_FILE = RUNTIME / "class.json"
PORT = int(os.environ.get("BACKLEARN_HUB_PORT") or 8000)
IP = os.environ.get("BACKLEARN_HUB_IP") or "127.0.0.1"
START_NOTEBOOK = "00_start_here.ipynb"
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
SEPARATE = learners.separate_users_possible()
TAG = learners.hub_tag(RUNTIME)  # marks the system users this hub made
learners.check_safe(IP, separate=SEPARATE, root=ROOT_USER)

# -- network: loopback only by default -------------------------------------------------------
c.JupyterHub.ip = IP
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("BACKLEARN_HUB_HUB_PORT") or 8081)
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(os.environ.get('BACKLEARN_HUB_PROXY_API_PORT') or 8001)}"
proxy = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
if proxy.exists():
    c.ConfigurableHTTPProxy.command = [str(proxy)]
c.ConfigurableHTTPProxy.pid_file = str(RUNTIME / "proxy.pid")

# -- state: everything in the hub's private runtime folder --------------------------------------
c.JupyterHub.db_url = f"sqlite:///{RUNTIME / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(RUNTIME / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(RUNTIME / "jupyterhub.pid")


# -- sign in: a name from the class list and that learner's own password -----------------------
THROTTLE = learners.SignInThrottle(
    failures=int(os.environ.get("BACKLEARN_HUB_LOGIN_FAILURES") or 5),
    lockout=float(os.environ.get("BACKLEARN_HUB_LOGIN_LOCKOUT") or 60),
)


class ClassListAuthenticator(Authenticator):
    """Only learners on the teacher's class list, each with the password printed for them; repeated
    wrong passwords for one name refuse that name for a while (learners.SignInThrottle)."""

    async def authenticate(self, handler, data):  # type: ignore[no-untyped-def]
        name = self.normalize_username(str(data.get("username", "")))
        wait = THROTTLE.refused(name)
        if wait:
            self.log.warning("sign-in as %r refused for %.0f s more after repeated wrong passwords", name, wait)
            return None
        ok = learners.password_matches(learners.read_class(CLASS_FILE), name, str(data.get("password", "")))
        THROTTLE.record(name, ok)
        return name if ok else None


c.JupyterHub.authenticator_class = ClassListAuthenticator
c.Authenticator.allow_all = True  # the class list itself decides who gets in


# -- one JupyterLab per learner: a separate system user when root can create one ---------------
class LearnerSpawner(LocalProcessSpawner):
    """Each learner's server as ``jupyter-<name>``: created on first start, private home, own notebooks."""

    def system_user(self) -> str:
        return learners.system_user(self.user.name)

    def make_preexec_fn(self, name):  # type: ignore[no-untyped-def]
        return super().make_preexec_fn(self.system_user())

    def user_env(self, env):  # type: ignore[no-untyped-def]
        import pwd

        entry = pwd.getpwnam(self.system_user())
        env.update(USER=entry.pw_name, LOGNAME=entry.pw_name, HOME=entry.pw_dir, SHELL=entry.pw_shell)
        return env

    async def start(self):  # type: ignore[no-untyped-def]
        import asyncio

        entry = await asyncio.to_thread(learners.ensure_learner, self.user.name, TAG)
        self.notebook_dir = str(Path(entry.pw_dir) / "backlearn")
        return await super().start()


class SharedUserSpawner(SimpleLocalProcessSpawner):
    """Not root: every learner's server as the user who started the hub (one person trying it out)."""

    async def start(self):  # type: ignore[no-untyped-def]
        home = Path(self.home_dir)
        home.mkdir(parents=True, exist_ok=True)
        learners.copy_notebooks(home / "backlearn")
        self.notebook_dir = str(home / "backlearn")
        return await super().start()


if SEPARATE:
    c.JupyterHub.spawner_class = LearnerSpawner
    # Learners run a root-owned environment with backlearn installed in it, not the editable checkout.
    learner_env = learners.learner_env()
    environment = learners.learner_environment(learner_env)
    c.Spawner.cmd = [str(learner_env / "bin" / "python"), "-m", "jupyterhub.singleuser"]
else:
    c.JupyterHub.spawner_class = SharedUserSpawner
    (RUNTIME / "home").mkdir(exist_ok=True)
    c.SimpleLocalProcessSpawner.home_dir_template = str(RUNTIME / "home" / "{username}")
    environment = {"PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = f"/lab/tree/{START_NOTEBOOK}"
c.Spawner.args = ["--ServerApp.terminals_enabled=False"]  # never --allow-root: no learner runs as root
c.Spawner.environment = environment
if os.environ.get("BACKLEARN_REGION"):  # the class's country or region, for every learner
    c.Spawner.environment["BACKLEARN_REGION"] = os.environ["BACKLEARN_REGION"]
c.Spawner.start_timeout = 180  # a burst of logins on 2 cores
c.Spawner.http_timeout = 120
c.JupyterHub.concurrent_spawn_limit = 50
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every learner's server

# -- the tests' and load test's service account (never in `make hub`) --------------------------
token_file = os.environ.get("BACKLEARN_HUB_API_TOKEN_FILE")
if token_file:
    # An API-only service: a token, no oauth_redirect_uri, so no oauth options either.
    c.JupyterHub.services = [{"name": "backlearn-load", "api_token": Path(token_file).read_text().strip()}]
    c.JupyterHub.load_roles = [
        {
            "name": "backlearn-load",
            "description": "create learners, start and stop their servers, run kernels in them",
            "scopes": ["admin:users", "admin:servers", "access:servers"],
            "services": ["backlearn-load"],
        }
    ]

if not shutil.which("configurable-http-proxy") and not proxy.exists():
    print(
        "backlearn hub: configurable-http-proxy not found; run `npm install --prefix deploy/local-hub`",
        file=sys.stderr,
    )

# -- class results: a hub service gathering case levels and quiz answers (docs/class-results.md) --
# Learners reach it with their own hub identity; the teacher is a hub admin or in the group
# `teachers` (BACKLEARN_TEACHERS: comma-separated user names). BACKLEARN_RESULTS_DB: an
# SQLAlchemy URL (default: a SQLite file in the runtime folder; PostgreSQL for a big hub).
from backlearn.classresults.hubconfig import add_class_results  # noqa: E402

add_class_results(
    c,
    db_url=os.environ.get("BACKLEARN_RESULTS_DB") or f"sqlite:///{RUNTIME / 'class-results.sqlite'}",
    teachers=[name.strip().lower() for name in os.environ.get("BACKLEARN_TEACHERS", "").split(",") if name.strip()],
    hub_db_url=c.JupyterHub.db_url,  # so a teacher taken off BACKLEARN_TEACHERS leaves the group
)
