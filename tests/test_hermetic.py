"""The suite does not depend on the machine it runs on (review 2026-12 §4.3): run in a hostile
environment (another class region, short mode on, a learner's own settings, a home folder full of
backlearn's files, relative and odd XDG folders, a content folder that does not exist), collection
and a subset of the fast tests still pass, and nothing is written to the home folder or the working
folder. tests/conftest.py makes it so (``pytest_configure``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backlearn import places

ROOT = Path(__file__).resolve().parents[1]
#: The modules that read the region, short mode, the settings file, the cache or the user's folders.
SUBSET = ("test_clinical_rules.py", "test_regions.py", "test_short_mode.py", "test_diagram.py",
          "test_class_results.py")


def _hostile(tmp_path: Path) -> tuple[dict[str, str], Path, Path]:
    """An environment to run pytest in, its home folder and its working folder."""
    home, work = tmp_path / "home", tmp_path / "work"
    data = home / ".local" / "share" / "backlearn"
    data.mkdir(parents=True)
    (data / "settings.json").write_text(json.dumps({"region": "ca"}), encoding="utf-8")
    (data / "diary.csv").write_text("not,a,diary\n", encoding="utf-8")
    (home / ".cache" / "backlearn").mkdir(parents=True)
    (home / ".cache" / "backlearn" / "content-0-0.json").write_text("{broken", encoding="utf-8")
    (home / "settings.json").write_text(json.dumps({"region": "ie"}), encoding="utf-8")
    work.mkdir()
    env = {name: value for name, value in os.environ.items() if not name.startswith(("XDG_", "BACKLEARN_"))}
    env.update({
        "HOME": str(home),
        "PWD": str(work),
        places.REGION_ENV: "us",
        places.SHORT_MODE_ENV: "1",
        places.CONTENT_ENV: str(tmp_path / "no-such-content"),
        places.CACHE_ENV: "relative-cache",
        places.SETTINGS_ENV: str(home / "settings.json"),
        places.DIARY_ENV: str(data / "diary.csv"),
        places.PLANS_ENV: "relative-plans",
        places.CLASS_RESULTS_URL_ENV: "http://127.0.0.1:9/services/class-results/",
        "JUPYTERHUB_API_TOKEN": "not-a-hub",
        "XDG_CACHE_HOME": "relative/cache",
        "XDG_DATA_HOME": "",
        "XDG_CONFIG_HOME": "./config",
        "XDG_STATE_HOME": str(home),
    })
    if places.CHROMIUM_ENV in os.environ:
        env[places.CHROMIUM_ENV] = os.environ[places.CHROMIUM_ENV]
    return env, home, work


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``folder``, with its size and modification time."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def _pytest(env: dict[str, str], work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT),
               "-p", "no:cacheprovider", "-p", "no:randomly", "-q", *args]
    return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[dict[str, str], Path, Path]:
    env, home, work = _hostile(tmp_path)
    before = _snapshot(home)
    home.chmod(0o555)  # read-only (for anyone but root, who the snapshot checks instead)
    yield env, home, work
    home.chmod(0o755)
    assert _snapshot(home) == before, "the run wrote to the home folder"
    # Hypothesis keeps its examples in the working folder by design; nothing else may appear there (the
    # relative XDG, cache and plans folders above would).
    written = sorted(p.name for p in work.iterdir() if p.name != ".hypothesis")
    assert not written, f"the run wrote to the working folder: {written}"


def test_collecting_the_whole_fast_suite_loads_and_writes_nothing(hostile):
    env, _, work = hostile
    done = _pytest(env, work, "--collect-only", "-m", "not e2e and not hub", str(ROOT / "tests"))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert " tests collected" in done.stdout or "tests collected" in done.stdout


def test_the_environment_sensitive_tests_pass_in_a_hostile_environment(hostile):
    """``BACKLEARN_REGION=us pytest tests/test_clinical_rules.py`` failed one test before (review 2026-12)."""
    env, _, work = hostile
    done = _pytest(env, work, "-x", "-m", "not e2e and not hub", *(str(ROOT / "tests" / name) for name in SUBSET))
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-3000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
