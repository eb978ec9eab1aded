"""Where backlearn's files are, what the environment says, and a free port: the one module that knows.

Shipped files are found through :mod:`importlib.resources`, so they are found in a wheel, an
editable install, a source checkout and a zipped package alike. Something that must be a real
file on disk (the content folder and the example diary are read by path; Voilà runs the app
notebook by path) is copied out of a zip into a private folder of the user's, named after the
package's location, the same each run. The user's own folders (data, cache, logs) come from
platformdirs. Each place that a user may move has one environment variable, read here and nowhere else.

Every other environment variable backlearn reads (a teacher's class settings such as the region or
short mode, the hub's settings for the class-results service, the app's page caps, the Chromium that
prints PDFs) is named here too, and read through :func:`variable` or :func:`environment`: no other
module of the package touches ``os.environ`` (a test checks it).
"""

from __future__ import annotations

import os
import stat
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "APP_MAX_PAGES_ENV",
    "APP_MAX_PAGES_PER_CLIENT_ENV",
    "CACHE_ENV",
    "CHROMIUM_ENV",
    "CLASS_RESULTS_URL_ENV",
    "CONTENT_ENV",
    "DEFAULT_CHROMIUM",
    "DIARY_ENV",
    "DIARY_FILE",
    "PLANS_ENV",
    "REGION_ENV",
    "RESULTS_BIND_ENV",
    "RESULTS_DB_ENV",
    "SETTINGS_ENV",
    "SETTINGS_FILE",
    "SHORT_MODE_ENV",
    "TEACHER_GROUP_ENV",
    "app_notebook",
    "app_share",
    "asset_text",
    "cache_dir",
    "chromium",
    "class_region",
    "content_dir",
    "diary_file",
    "environment",
    "example_diary",
    "free_port",
    "log_dir",
    "plans_dir",
    "settings_file",
    "shipped_content",
    "shipped_file",
    "template_text",
    "user_data_dir",
    "variable",
]

#: A content folder to use instead of the shipped one.
CONTENT_ENV = "BACKLEARN_CONTENT"
#: The folder for the content cache; ``off`` (or 0, no, false) turns the cache off.
CACHE_ENV = "BACKLEARN_CACHE"
#: The learner's pain diary: a CSV file, or a folder that holds ``diary.csv``.
DIARY_ENV = "BACKLEARN_DIARY"
#: The folder where "Save my plan" writes.
PLANS_ENV = "BACKLEARN_PLANS"
#: The learner's settings file (such as the region picked).
SETTINGS_ENV = "BACKLEARN_SETTINGS"


# A teacher's class settings (a hub's or Binder's environment; docs/deploy.md).
#: The class's region, which the learners cannot change (their own pick is in the settings file).
REGION_ENV = "BACKLEARN_REGION"
#: 1 (or true, yes, on) starts every explorer in short mode.
SHORT_MODE_ENV = "BACKLEARN_SHORT_MODE"
#: Where a learner's server sends case and quiz answers (the hub sets it when the service runs).
CLASS_RESULTS_URL_ENV = "BACKLEARN_CLASS_RESULTS_URL"

# The class-results service (the hub sets them; backlearn.classresults.hubconfig).
#: The answers' database (an SQLAlchemy URL).
RESULTS_DB_ENV = "BACKLEARN_RESULTS_DB"
#: The hub group whose members see the class's results.
TEACHER_GROUP_ENV = "BACKLEARN_TEACHER_GROUP"
#: The address the service listens on.
RESULTS_BIND_ENV = "BACKLEARN_RESULTS_BIND"

# The web app (``backlearn app``): how many pages may be open at once, in all and for one client.
APP_MAX_PAGES_ENV = "BACKLEARN_APP_MAX_PAGES"
APP_MAX_PAGES_PER_CLIENT_ENV = "BACKLEARN_APP_MAX_PAGES_PER_CLIENT"

#: The Chromium that prints the teacher pack's PDFs (and that the browser tests and benchmarks drive).
CHROMIUM_ENV = "BACKLEARN_CHROMIUM"
#: Debian's Chromium (``make browser`` installs it).
DEFAULT_CHROMIUM = "/usr/bin/chromium"

SETTINGS_FILE = "settings.json"
DIARY_FILE = "diary.csv"
_APP = "backlearn"


def _package() -> Traversable:
    """The package's folder: on disk (a wheel, an editable install, a checkout) it is the folder this
    module is in, which is what ``importlib.resources`` would give, without importing it (with
    tempfile, shutil, random and zipfile, a third of a CLI command's start-up); inside a zip, ask
    importlib.resources."""
    here = Path(__file__).parent
    if here.is_dir():
        return here
    from importlib import resources

    return resources.files("backlearn")


def _on_disk(source: Traversable, name: str) -> Path:
    """``source`` (a folder of shipped files) as a real folder: itself when it is on disk, else a copy.

    Python 3.11's ``resources.as_file`` cannot hand out a folder inside a zip, so its files are
    copied to a private folder of this user's (:func:`_private_folder`), named after the package's
    location: the same each run, and unchanged files keep their times (so the content cache still
    applies). Never a folder in the shared temporary folder, whose name another user could take first.
    """
    if isinstance(source, Path):
        return source
    from backlearn._files import write_bytes_atomically

    target = _private_folder(f"{name}-{zlib.crc32(str(source).encode()):08x}")
    for entry in source.iterdir():
        if entry.is_file():
            data, copy = entry.read_bytes(), target / entry.name
            if not copy.is_file() or copy.read_bytes() != data:
                write_bytes_atomically(copy, data)
    return target


def _user_cache_root() -> Path:
    """backlearn's folder in the user's cache directory (whatever ``$BACKLEARN_CACHE`` says)."""
    if os.name == "posix" and sys.platform != "darwin":
        return _xdg_folder("XDG_CACHE_HOME", ".cache") / _APP
    import platformdirs

    return Path(platformdirs.user_cache_dir(_APP, appauthor=False))


def _xdg_folder(name: str, default: str) -> Path:
    """An XDG base folder on Linux, as platformdirs gives it, without importing platformdirs on every
    command's start-up: ``$name`` when it is an absolute path, else ``~/default`` (the XDG spec says a
    relative one is to be ignored, so a cache never lands in whatever folder a command is run from)."""
    value = os.environ.get(name, "").strip()
    return Path(value) if os.path.isabs(value) else Path.home() / default


def _private_folder(name: str) -> Path:
    """A folder only this user can write, for files copied out of a zipped install: ``unzipped/NAME`` in
    backlearn's cache folder, each level made 0700 and checked to be a real folder this user owns that
    nobody else can write; else (no home, or a level that fails the check) a new folder from
    ``tempfile.mkdtemp`` (0700, an unpredictable name)."""
    root = _user_cache_root()
    try:
        for folder in (root, root / "unzipped", root / "unzipped" / name):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = os.lstat(folder)
            mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
            if not stat.S_ISDIR(info.st_mode) or not mine or info.st_mode & 0o022:
                raise PermissionError(f"{folder} is not a private folder of this user's")
        if os.name == "posix":
            os.chmod(folder, 0o700)
        return folder
    except OSError:
        import tempfile  # only on this fallback: it pulls in random and shutil, too slow for every start-up

        return Path(tempfile.mkdtemp(prefix=f"backlearn-{name}-"))


def _shipped_data() -> Traversable:
    """The shipped content folder as importlib.resources has it (inside a zip, not on disk)."""
    packaged = _package() / "data"
    if packaged.is_dir():
        return packaged
    package = _package()
    if isinstance(package, Path):  # an editable install or a source checkout: src/backlearn -> data/
        checkout = package.parent.parent / "data"
        if checkout.is_dir():
            return checkout
    return packaged


def shipped_content() -> Path:
    """The content shipped with backlearn: ``backlearn/data`` in a wheel, ``data/`` at the top of a checkout."""
    return _on_disk(_shipped_data(), "data")


def shipped_file(name: str) -> Traversable:
    """One file of the shipped content (such as ``example_diary.csv``), to read with ``read_bytes()``
    or ``read_text()``: from a zip too, without copying the folder out."""
    return _shipped_data() / name


def content_dir() -> Path:
    """The content folder used when none is given: ``$BACKLEARN_CONTENT``, else the shipped one."""
    env = os.environ.get(CONTENT_ENV)
    return Path(env).expanduser() if env else shipped_content()


def example_diary() -> Path:
    """The example diary shipped with backlearn (six made-up weeks of upper back pain)."""
    return shipped_content() / "example_diary.csv"


def app_notebook(name: str = "explorer") -> Path:
    """A notebook the Voilà app runs, shipped inside the package."""
    return _on_disk(_package() / "app_notebooks", "app-notebooks") / f"{name}.ipynb"


def app_share() -> Path:
    """The folder holding ``voila/templates/backlearn``, to put first on the app server's JUPYTER_PATH."""
    share = _package() / "app_share"
    if isinstance(share, Path):
        return share
    raise FileNotFoundError("the app's Voilà template must be on disk; install backlearn as a wheel, not a zip")


def asset_text(name: str) -> str:
    """A shipped asset (the back diagram's SVG, CSS or script, a page's style sheet) as text."""
    return (_package() / "assets" / name).read_text(encoding="utf-8")


def template_text(name: str) -> str:
    """A shipped page template (``backlearn/templates``) as text; read through importlib.resources, so
    it works from a zipped package too."""
    return (_package() / "templates" / name).read_text(encoding="utf-8")


def user_data_dir() -> Path:
    """backlearn's folder in the user's data directory (diary, saved plans, settings)."""
    if os.name == "posix" and sys.platform != "darwin":
        return _xdg_folder("XDG_DATA_HOME", ".local/share") / _APP
    import platformdirs

    return Path(platformdirs.user_data_dir(_APP, appauthor=False))


def diary_file() -> Path:
    """Where the diary lives: ``$BACKLEARN_DIARY`` (a file, or a folder holding diary.csv), else the
    user data folder."""
    env = os.environ.get(DIARY_ENV)
    path = Path(env).expanduser() if env else user_data_dir()
    return path / DIARY_FILE if path.is_dir() or not env else path


def plans_dir() -> Path:
    """Where saved plans go: ``$BACKLEARN_PLANS``, else ``plans`` in the user data folder."""
    env = os.environ.get(PLANS_ENV)
    return Path(env).expanduser() if env else user_data_dir() / "plans"


def settings_file() -> Path:
    """Where the learner's settings live: ``$BACKLEARN_SETTINGS``, else settings.json in the user data folder."""
    env = os.environ.get(SETTINGS_ENV)
    return Path(env).expanduser() if env else user_data_dir() / SETTINGS_FILE


def cache_dir() -> Path | None:
    """The content cache's folder, or None when ``$BACKLEARN_CACHE`` turns it off."""
    setting = os.environ.get(CACHE_ENV, "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting).expanduser()
    return _user_cache_root()


def log_dir() -> Path:
    """backlearn's folder in the user's log directory (the app server's messages)."""
    import platformdirs

    return Path(platformdirs.user_log_dir(_APP, appauthor=False))


def variable(name: str) -> str:
    """The environment variable ``name``, without surrounding spaces; '' when it is not set."""
    return os.environ.get(name, "").strip()


def environment() -> dict[str, str]:
    """A copy of this process's environment: to start a child process with, or for a reader that
    takes the variables as a mapping (so a test can hand it its own)."""
    return dict(os.environ)


def class_region() -> str | None:
    """The region the class setting (``$BACKLEARN_REGION``) fixes, if any."""
    return variable(REGION_ENV) or None


def chromium() -> Path:
    """The Chromium that prints PDFs: ``$BACKLEARN_CHROMIUM``, else Debian's."""
    return Path(variable(CHROMIUM_ENV) or DEFAULT_CHROMIUM).expanduser()


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that is free right now (for a server this process starts)."""
    import socket  # only for a server: about 2 ms that no command's start-up should pay

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])
