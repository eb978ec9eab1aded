"""A zipped install copies its content to a private folder of the user's (issue 24, review Low 6), never to
a predictable name in the shared temporary folder that another user could create first."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from backlearn import places

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def zipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package and its content as one zip (what a zipapp or an unextracted wheel gives)."""
    path = tmp_path_factory.mktemp("zipped") / "backlearn.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for file in (ROOT / "src" / "backlearn").rglob("*"):
            if file.is_file() and "__pycache__" not in file.parts:
                archive.write(file, str(file.relative_to(ROOT / "src")))
        for file in (ROOT / "data").iterdir():
            if file.is_file():
                archive.write(file, f"backlearn/data/{file.name}")
    return path


def _run(zipped: Path, tmp_path: Path, code: str) -> str:
    env = {"PYTHONPATH": str(zipped), "PATH": "/usr/bin:/bin", "BACKLEARN_CACHE": "off", "HOME": str(tmp_path / "home"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir(exist_ok=True)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                          check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_zipped_install_unpacks_into_the_users_private_cache_folder(zipped: Path, tmp_path: Path) -> None:
    code = "import backlearn; print(backlearn.load_content().path); print(len(backlearn.load_content().symptoms))"
    folder, count = _run(zipped, tmp_path, code).splitlines()
    assert int(count) > 40
    assert Path(folder).parent == tmp_path / "cache" / "backlearn" / "unzipped"
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert not list((tmp_path / "tmp").iterdir()), "nothing in the shared temporary folder"
    assert _run(zipped, tmp_path, "import backlearn; print(backlearn.load_content().path)") == folder, "same each run"


def test_a_folder_another_user_could_write_is_never_used(zipped: Path, tmp_path: Path) -> None:
    unzipped = tmp_path / "cache" / "backlearn" / "unzipped"
    unzipped.mkdir(parents=True)
    unzipped.chmod(0o777)  # as if another user made it first (or left it open)
    folder = Path(_run(zipped, tmp_path, "import backlearn; print(backlearn.load_content().path)"))
    assert unzipped not in folder.parents
    assert folder.parent == tmp_path / "tmp" and folder.name.startswith("backlearn-data-")
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700


def test_the_private_folder_is_checked_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    first = places._private_folder("data-x")
    assert first == tmp_path / "cache" / "backlearn" / "unzipped" / "data-x"
    assert places._private_folder("data-x") == first
    first.rmdir()
    first.symlink_to(tmp_path)  # a link planted at the name: not followed
    other = places._private_folder("data-x")
    assert other != first and other.parent != first.parent
