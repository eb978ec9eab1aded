"""The content ships inside the wheel: a non-editable install finds it via importlib.resources."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("backlearn-*.whl")
    return found


def test_wheel_carries_the_content_and_the_command(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for data_file in sorted(p.name for p in (ROOT / "data").glob("*.yaml")):
        assert f"backlearn/data/{data_file}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "backlearn = backlearn.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def _in_git_checkout() -> bool:
    """True in a git checkout of the repository; False in an unpacked sdist (which ships tests/)."""
    if shutil.which("git") is None:
        return False
    found = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=ROOT, capture_output=True, text=True)
    return found.returncode == 0 and Path(found.stdout.strip()).resolve() == ROOT


def _tracked(folder: str) -> set[str]:
    listed = subprocess.run(["git", "ls-files", folder], cwd=ROOT, check=True, capture_output=True, text=True)
    return set(listed.stdout.split())


@pytest.mark.skipif(not _in_git_checkout(), reason="needs git's list of tracked files: not a git checkout (an sdist)")
def test_wheel_holds_exactly_the_tracked_package_and_content(wheel: Path):
    """Only what git tracks ships: no editor backups (`*~`) or Jupyter checkpoints from data/."""
    names = {n for n in zipfile.ZipFile(wheel).namelist() if ".dist-info/" not in n}
    expected = {p.removeprefix("src/") for p in _tracked("src/backlearn")}
    expected |= {"backlearn/" + p for p in _tracked("data")}
    assert names == expected
    assert "backlearn/py.typed" in names


def test_installed_wheel_loads_its_own_content(wheel: Path, tmp_path: Path):
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    code = (
        "import backlearn, pathlib; c = backlearn.load_content(); "
        "print(pathlib.Path(c.path).relative_to(pathlib.Path(backlearn.__file__).parent)); "
        "print(backlearn.assess(['chest_pain'], c).triage)"
    )
    env = {"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["data", "emergency"]


def test_a_zipped_package_finds_its_content_through_importlib_resources(wheel: Path, tmp_path: Path):
    """Imported straight from the wheel (a zip), the content is reached with importlib.resources."""
    code = (
        "import backlearn; c = backlearn.load_content(); "
        "print('.whl' in backlearn.__file__, len(c.symptoms) > 40, backlearn.assess(['chest_pain'], c).triage)"
    )
    env = {"PYTHONPATH": str(wheel), "PATH": "/usr/bin:/bin", "BACKLEARN_CACHE": "off",
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "emergency"]


def test_a_zipped_package_finds_every_shipped_file(wheel: Path, tmp_path: Path):
    """places.py hands out the example diary, the app notebook and the assets from a zip too."""
    code = (
        "import json; from backlearn import places; "
        "print(places.example_diary().read_text().startswith('date'), "
        "json.loads(places.app_notebook().read_text())['nbformat'], "
        "'<svg' in places.asset_text('back.svg'))"
    )
    env = {"PYTHONPATH": str(wheel), "PATH": "/usr/bin:/bin", "BACKLEARN_CACHE": "off",
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "4", "True"]


def test_a_zipped_package_makes_a_practice_diary_without_copying_its_data_out(wheel: Path, tmp_path: Path):
    """The example diary is read through importlib.resources: only the copy is written."""
    code = "from backlearn import practice_diary, read_diary; print(len(read_diary(practice_diary())))"
    env = {"PYTHONPATH": str(wheel), "PATH": "/usr/bin:/bin", "BACKLEARN_CACHE": "off",
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["42"]
    assert [p.name.startswith("backlearn-practice-") for p in tmp_path.iterdir()] == [True]


def test_a_zipped_package_renders_its_template_pages_and_style_sheets(wheel: Path, tmp_path: Path):
    """The page templates and their style sheets ship in the wheel and are read from a zip too."""
    import jinja2
    import markupsafe

    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"backlearn/templates/base.html.j2", "backlearn/templates/class_results.html.j2",
            "backlearn/assets/class_results.css", "backlearn/assets/plan.css"} <= names
    code = (
        "from backlearn.classresults.page import results_page; page = results_page([], 0); "
        "print(page.startswith('<!DOCTYPE html>'), 'tr.bl-under-triage' in page, 'No case answers yet.' in page)"
    )
    libraries = {str(Path(module.__file__).parents[1]) for module in (jinja2, markupsafe)}
    env = {"PYTHONPATH": ":".join([str(wheel), *sorted(libraries)]), "PATH": "/usr/bin:/bin",
           "BACKLEARN_CACHE": "off", "XDG_CACHE_HOME": str(tmp_path / "cache"), "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True"]
