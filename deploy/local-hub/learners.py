"""Learners on the local class hub kept apart, as The Littlest JupyterHub does it.

Used by jupyterhub_config.py (inside the hub), by run_hub.py (``make hub``) and by the tests.

- **Accounts.** The teacher's class list (``class.json`` in the hub's private runtime folder) gives
  every learner a name and a generated password that the teacher prints and hands out. Only those
  names can sign in, each with its own password, so nobody can take a classmate's account by
  typing their name, and nobody can create accounts.
- **Separate system users.** When the hub runs as root and ``useradd`` exists, each learner's
  server runs as the system user ``jupyter-<name>`` (created on first start), never as root, with
  a private home (0700) holding their own copy of the notebooks and their own pain diary.
- **A read-only engine.** Learners import backlearn (engine and content) from a root-owned copy
  installed like a wheel into its own folder, not from the teacher's editable checkout; the other
  packages and JupyterLab's files are copied (hard-linked) in too, so nothing learners run refers
  into the checkout, which can be private (0700).
- Where the machine cannot do this (not root, no ``useradd``), the hub runs every learner as the
  user who started it: loopback only, with a banner that says it is not safe for a class.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
#: The learner edition (`make learner-notebooks`): the teacher's worked answers taken out.
NOTEBOOKS = ROOT / "build" / "learner-notebooks"
#: Where learners' read-only copies of the engine go when the hub runs as root (one folder per version).
ENGINE_BASE = Path(os.environ.get("BACKLEARN_HUB_ENGINE_DIR") or "/opt/backlearn-hub")
PREFIX = "jupyter-"
#: Hub names a learner may have: they become part of a system user name (at most 32 characters).
NAME = re.compile(r"^[a-z][a-z0-9_-]{0,22}$")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed from paper
_USERADD = threading.Lock()  # the hub starts servers in threads; useradd refuses while /etc/passwd is locked


class HubSafetyError(RuntimeError):
    """The hub would run unsafely here (for example as root without separate learners)."""


# -- what this machine allows -------------------------------------------------------------------


def separate_users_possible() -> bool:
    """True when learners can be separate system users: running as root with ``useradd``."""
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("useradd") is not None


def check_safe(ip: str, *, separate: bool, root: bool) -> None:
    """Refuse the two unsafe set-ups: learners' servers as root, and a shared-user hub open to the room."""
    if root and not separate:
        raise HubSafetyError(
            "the hub runs as root but cannot create a system user per learner (useradd is missing), "
            "so every learner would run as root; install useradd (package 'passwd') or run `make hub` "
            "as an ordinary user (then it is for one person on this machine only)"
        )
    if not separate and ip not in LOOPBACK:
        raise HubSafetyError(
            f"BACKLEARN_HUB_IP={ip} would open the hub to the network, but learners cannot be kept apart "
            "here (not root): they could read each other's diaries. Run `sudo make hub` for a class."
        )


def hub_tag(runtime: Path) -> str:
    """A stable mark for the system users one hub (one runtime folder) created, so tests remove only theirs."""
    return hashlib.sha256(str(Path(runtime).resolve()).encode("utf-8")).hexdigest()[:12]


def system_user(name: str) -> str:
    """The system user of hub user ``name`` (TLJH's naming)."""
    if not NAME.match(name):
        raise ValueError(f"learner name {name!r}: expected lower-case letters, digits, - or _ (at most 23)")
    return PREFIX + name


# -- the class list: one generated password per learner -----------------------------------------


def new_password() -> str:
    """Eight unambiguous characters in two groups, e.g. ``k7mq-x3pt`` (about 40 bits)."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def read_class(path: Path) -> dict[str, str]:
    """The class list: learner name -> password ({} when there is none yet)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise HubSafetyError(f"{path}: expected a JSON object of learner name -> password")
    return data


def add_learners(path: Path, names: list[str]) -> dict[str, str]:
    """Give each new name a password (existing learners keep theirs); the file is private (0600)."""
    learners = read_class(path)
    for raw in names:
        name = raw.strip().lower()
        if not name or name.startswith("#"):
            continue
        system_user(name)  # checks the name
        learners.setdefault(name, new_password())
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(learners, handle, indent=1, sort_keys=True)
    os.replace(temporary, path)
    return learners


def password_sheet(learners: dict[str, str]) -> str:
    """The list the teacher prints and cuts into slips."""
    width = max((len(name) for name in learners), default=4)
    lines = [f"{'Name':<{width}}  Password", f"{'-' * width}  ---------"]
    lines += [f"{name:<{width}}  {password}" for name, password in sorted(learners.items())]
    return "\n".join(lines)


def password_matches(learners: dict[str, str], name: str, password: str) -> bool:
    expected = learners.get(name)
    return expected is not None and hmac.compare_digest(expected.encode("utf-8"), password.encode("utf-8"))


class SignInThrottle:
    """Slows down guessing one name's password (review Low 7): after ``failures`` wrong passwords for a
    name, every sign-in as that name is refused for ``lockout`` seconds, the right password included,
    and the wait doubles with each further failure (at most 16 times). Names not on the class list are
    counted the same way, so the answer never tells whether a name exists. A right password resets
    the count. The cost: a classmate typing wrong passwords for your name keeps you out for a minute
    or two at a time, which the teacher can see in the hub's log."""

    def __init__(self, failures: int = 5, lockout: float = 60.0, clock: Any = time.monotonic) -> None:
        self.failures = max(1, failures)
        self.lockout = lockout
        self.clock = clock
        self._state: dict[str, tuple[int, float]] = {}  # name -> (failures in a row, refused until)
        self._lock = threading.Lock()

    def refused(self, name: str) -> float:
        """Seconds this name must still wait (0 when it may try now)."""
        with self._lock:
            _, until = self._state.get(name, (0, 0.0))
            return max(0.0, until - self.clock())

    def record(self, name: str, ok: bool) -> None:
        with self._lock:
            if ok:
                self._state.pop(name, None)
                return
            count, until = self._state.get(name, (0, 0.0))
            count += 1
            if count >= self.failures:
                until = self.clock() + self.lockout * 2 ** min(count - self.failures, 4)
            self._state[name] = (count, until)
            if len(self._state) > 10_000:  # a flood of made-up names cannot grow this without end
                self._state.pop(next(iter(self._state)))


# -- system users: created on first start, removed only by the tests ------------------------------


def ensure_learner(name: str, tag: str) -> pwd.struct_passwd:
    """Create ``jupyter-<name>`` (if missing) with a private home and their own copy of the notebooks."""
    user = system_user(name)
    with _USERADD:
        try:
            entry = pwd.getpwnam(user)
        except KeyError:
            subprocess.run(
                ["useradd", "--create-home", "--user-group", "--shell", "/usr/sbin/nologin",
                 "--comment", f"backlearn learner {tag}", user],
                check=True, capture_output=True, text=True,
            )
            entry = pwd.getpwnam(user)
    home = Path(entry.pw_dir)
    home.mkdir(mode=0o700, exist_ok=True)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    home.chmod(0o700)
    copy_notebooks(home / "backlearn", entry.pw_uid, entry.pw_gid)
    return entry


def copy_notebooks(folder: Path, uid: int | None = None, gid: int | None = None) -> None:
    """The learner's own notebooks: copied once; a notebook they changed is never overwritten."""
    notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no learner notebooks in {NOTEBOOKS}; run 'make learner-notebooks' first")
    folder.mkdir(mode=0o700, exist_ok=True)
    owned = [folder]
    for notebook in notebooks:
        target = folder / notebook.name
        if not target.exists():
            shutil.copyfile(notebook, target)
            owned.append(target)
    if uid is not None and gid is not None:
        for path in owned:
            os.chown(path, uid, gid)


def remove_learners(tag: str) -> list[str]:
    """Delete the system users (and homes) that a hub with this tag created; returns their names."""
    removed = []
    for entry in pwd.getpwall():
        if entry.pw_name.startswith(PREFIX) and entry.pw_gecos == f"backlearn learner {tag}":
            subprocess.run(["userdel", "--remove", entry.pw_name], check=False, capture_output=True)
            removed.append(entry.pw_name)
    return removed


# -- the Python learners run: backlearn installed, root-owned, read-only ---------------------------


def _source_hash() -> str:
    import sysconfig

    digest = hashlib.sha256(sys.prefix.encode("utf-8"))
    for top in (ROOT / "src" / "backlearn", ROOT / "data"):
        for path in sorted(top.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode("utf-8"))
                digest.update(path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    # The packages learners get a copy of: a new version of any of them means a new environment.
    for entry in sorted(Path(sysconfig.get_paths()["purelib"]).glob("*.dist-info")):
        digest.update(entry.name.encode("utf-8"))
    return digest.hexdigest()[:16]


def _is_backlearn_install(name: str) -> bool:
    """backlearn's own editable install in the teacher's environment (learners get the installed copy)."""
    lowered = name.lower()
    return lowered.startswith(("backlearn", "_editable_impl_backlearn", "__editable__.backlearn",
                               "__editable___backlearn"))


def _link_or_copy(source: str, target: str) -> None:
    """A hard link when the two folders share a file system (no second copy on disk), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _open_to_all(path: Path, mode: int) -> bool:
    """True when every user may reach ``path`` (each folder above it o+x) and use it (``mode`` bits)."""
    path = path.resolve()
    try:
        if path.stat().st_mode & mode != mode:
            return False
        return all(parent.stat().st_mode & 0o001 for parent in path.parents)
    except OSError:
        return False


def learner_python() -> Path:
    """A Python of this version that every user can run (a pyenv Python under /root is not one)."""
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    base = Path(getattr(sys, "_base_executable", sys.executable))
    for candidate in (base, Path("/usr/bin") / version, Path("/usr/local/bin") / version):
        if candidate.exists() and _open_to_all(candidate, 0o005):
            return candidate.resolve()
    raise HubSafetyError(
        f"no {version} that learners' accounts can run (this one is {base.resolve()}); install the "
        f"system's {version} (apt-get install {version}) so learners do not need to reach the teacher's files"
    )


def learner_env(base: Path = ENGINE_BASE) -> Path:
    """The environment learners' servers and kernels run in: a venv of a Python every user can run,
    with backlearn and its content installed into it as pip installs the wheel (not the editable
    checkout), every file read-only to learners. The other packages (JupyterLab, ipywidgets, ...)
    and JupyterLab's files are copied in from this environment (hard links where the file system
    allows), so nothing in it refers to the teacher's checkout and the checkout can be private
    (0700). Reused while backlearn's sources and the packages stay the same."""
    target = base / f"env-{_source_hash()}"
    if (target / ".complete").exists():
        return target
    import sysconfig

    ours = Path(sysconfig.get_paths()["purelib"])
    python = learner_python()
    base.mkdir(parents=True, exist_ok=True)
    base.chmod(0o755)
    building = base / f".building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    site_packages = building / "lib" / version / "site-packages"
    steps = [
        [str(python), "-m", "venv", "--without-pip", str(building)],
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(site_packages), str(ROOT)],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            shutil.rmtree(building, ignore_errors=True)
            raise HubSafetyError(f"could not build the learners' environment: {done.stderr.strip()[-400:]}")
    try:
        for entry in sorted(ours.iterdir()):
            skip = _is_backlearn_install(entry.name) or entry.name == "__pycache__"
            if skip or (site_packages / entry.name).exists():
                continue
            if entry.is_dir():
                shutil.copytree(entry, site_packages / entry.name, copy_function=_link_or_copy,
                                ignore=shutil.ignore_patterns("__pycache__"))
            elif entry.suffix == ".pth" and str(ROOT) in entry.read_text(encoding="utf-8", errors="replace"):
                continue  # an editable install pointing into the checkout: not for learners
            else:
                _link_or_copy(str(entry), str(site_packages / entry.name))
        share = Path(sys.prefix) / "share" / "jupyter"
        if share.is_dir():
            shutil.copytree(share, building / "share" / "jupyter", copy_function=_link_or_copy, symlinks=True)
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        raise HubSafetyError(f"could not copy packages into the learners' environment: {exc}") from exc
    for folder, _dirs, files in os.walk(building):
        os.chmod(folder, 0o755)
        for file in files:
            path = os.path.join(folder, file)
            if os.path.islink(path):
                continue
            if folder.endswith("bin"):
                os.chmod(path, 0o755)
            else:  # readable by all, writable by no learner (a hard link shares this with the original)
                mode = os.stat(path).st_mode & 0o777
                if mode != (mode | 0o444) & ~0o022:
                    os.chmod(path, (mode | 0o444) & ~0o022)
    (building / ".complete").write_text("", encoding="utf-8")
    try:
        os.rename(building, target)
    except OSError:  # another hub built the same version meanwhile
        shutil.rmtree(building, ignore_errors=True)
    return target


def learner_environment(env: Path) -> dict[str, str]:
    """Environment variables for learners' servers: their Python first, and JupyterLab's files
    (the app and the widgets' extension) from the learners' environment's own copy."""
    share = env / "share" / "jupyter"
    return {
        "PATH": os.pathsep.join([str(env / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
        "JUPYTER_PATH": str(share),
        "JUPYTERLAB_DIR": str(share / "lab"),
    }
