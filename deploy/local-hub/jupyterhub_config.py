"""A JupyterHub for one classroom machine: ``make hub`` (or ``jupyterhub -f deploy/local-hub/jupyterhub_config.py``).

Every learner logs in with any user name and the shared class password, and gets their own
JupyterLab (their own kernels, their own widget state) opened at the start notebook. It is a
local stand-in for The Littlest JupyterHub: all servers run as the user who started the hub
and share the repository's ``notebooks/`` folder, so it is for one lesson on a trusted
network, not for the internet. docs/deploy.md has the real deployments.

Settings from the environment (all optional):

- ``BACKLEARN_HUB_PASSWORD``: the class password (default ``backlearn-class``; at least 8 characters).
- ``BACKLEARN_HUB_PORT``: the port to listen on (default 8000), always on 127.0.0.1 unless
  ``BACKLEARN_HUB_IP`` says otherwise (e.g. ``0.0.0.0`` to let a classroom's laptops in).
- ``BACKLEARN_HUB_RUNTIME``: the folder for the database, cookie secret, proxy pid file and
  the learners' home folders (default ``deploy/local-hub/.runtime``, git-ignored).
- ``BACKLEARN_HUB_API_TOKEN``: when set, a service ``backlearn-load`` with this token may create
  users, start and stop their servers and reach them (the tests and the load test use it).
- ``BACKLEARN_HUB_PROXY_API_PORT``, ``BACKLEARN_HUB_HUB_PORT``: internal ports (defaults 8001, 8081).
- ``BACKLEARN_REGION``: the class's country or region (``uk``, ``us``, ``ca``, ``ie``, ``au``, ``nz``,
  ``eu`` or one added to regions.yaml), passed to every learner's server: the emergency number and
  services every notebook names. Unset, each learner picks theirs in the start notebook (default uk).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821  (provided by JupyterHub)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
NOTEBOOKS = ROOT / "notebooks"
RUNTIME = Path(os.environ.get("BACKLEARN_HUB_RUNTIME") or HERE / ".runtime").resolve()
RUNTIME.mkdir(parents=True, exist_ok=True)
(RUNTIME / "home").mkdir(exist_ok=True)

PASSWORD = os.environ.get("BACKLEARN_HUB_PASSWORD") or "backlearn-class"
PORT = int(os.environ.get("BACKLEARN_HUB_PORT") or 8000)
START_NOTEBOOK = "00_start_here.ipynb"

# -- network: loopback only by default -------------------------------------------------------
c.JupyterHub.ip = os.environ.get("BACKLEARN_HUB_IP") or "127.0.0.1"
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("BACKLEARN_HUB_HUB_PORT") or 8081)
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(os.environ.get('BACKLEARN_HUB_PROXY_API_PORT') or 8001)}"
proxy = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
if proxy.exists():
    c.ConfigurableHTTPProxy.command = [str(proxy)]
c.ConfigurableHTTPProxy.pid_file = str(RUNTIME / "proxy.pid")

# -- state: everything under the git-ignored runtime folder -----------------------------------
c.JupyterHub.db_url = f"sqlite:///{RUNTIME / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(RUNTIME / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(RUNTIME / "jupyterhub.pid")

# -- log in: any user name + the shared class password ----------------------------------------
try:  # JupyterHub >= 5.3: the supported shared-password authenticator
    from jupyterhub.authenticators.shared import SharedPasswordAuthenticator  # noqa: F401

    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = PASSWORD
except ImportError:  # older JupyterHub: DummyAuthenticator with a password does the same
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = PASSWORD
c.Authenticator.allow_all = True

# -- one JupyterLab per learner, as the user running the hub ----------------------------------
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(RUNTIME / "home" / "{username}")
singleuser = Path(sys.executable).with_name("jupyterhub-singleuser")
c.Spawner.cmd = [str(singleuser)] if singleuser.exists() else [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.notebook_dir = str(NOTEBOOKS)
c.Spawner.default_url = f"/lab/tree/{START_NOTEBOOK}"
c.Spawner.args = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
# The venv's bin first, so kernels and `!pip` in a notebook use backlearn's environment.
c.Spawner.environment = {"PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
if os.environ.get("BACKLEARN_REGION"):
    c.Spawner.environment["BACKLEARN_REGION"] = os.environ["BACKLEARN_REGION"]
c.Spawner.start_timeout = 180  # a burst of logins on 2 cores
c.Spawner.http_timeout = 120
c.JupyterHub.concurrent_spawn_limit = 50
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every learner's server

# -- the load test's service account --------------------------------------------------------
token = os.environ.get("BACKLEARN_HUB_API_TOKEN")
if token:
    # An API-only service: a token, no oauth_redirect_uri, so no oauth options either.
    c.JupyterHub.services = [{"name": "backlearn-load", "api_token": token}]
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
