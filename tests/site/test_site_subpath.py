"""The site as a school web server holds it: the release zip (made by the workflow's own zip
command) unpacked into a sub-folder and served under ``/school/courses/backlearn/``. Lesson 00
runs there with nothing fetched from outside that folder and no missing file. One small test:
tests/site/test_site_in_browser.py checks the lessons in depth at the root."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_build.serve import run_all_cells, serve

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "/school/courses/backlearn/"
#: JupyterLite 0.8 sends its service worker's keep-alive to the root of the host, not under the
#: site's folder (upstream: jupyterlite/jupyterlite pull request 2025, open). It is answered 404
#: and the keep-alive stops; lessons still run (this test), so it is listed, not failed.
KNOWN_OUTSIDE = ("/api/service-worker-heartbeat",)


def _known(url: str) -> bool:
    return url.split("?")[0].endswith(KNOWN_OUTSIDE) and PREFIX not in url


@pytest.fixture(scope="module")
def subpath_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not (ROOT / "site" / "static" / "pyodide" / "pyodide-lock.json").exists():
        pytest.fail("the site is not built: run 'make site' (or 'make site-test', which builds it)")
    work = tmp_path_factory.mktemp("school")
    # The workflow's zip step, run from the repository as on CI (tests/test_site_workflow.py checks it is this).
    archive = work / "backlearn-site.zip"
    subprocess.run([sys.executable, "-m", "zipfile", "-c", str(archive), "site/"], cwd=ROOT, check=True)
    www = work / "www"
    with zipfile.ZipFile(archive) as unpacking:
        unpacking.extractall(www / "school" / "courses")
    shutil.move(www / "school" / "courses" / "site", www / PREFIX.strip("/"))
    with serve(www) as url:
        yield url + PREFIX


def test_lesson_00_runs_from_the_unpacked_zip_under_a_sub_path(
    context: Any, subpath_url: str, attempted: list[str], artifacts: Path
) -> None:
    outside: list[str] = []
    missing: list[str] = []
    page = context.new_page()
    page.on("request", lambda r: outside.append(r.url)
            if r.url.startswith("http://127.0.0.1") and PREFIX not in r.url and not _known(r.url) else None)
    page.on("response", lambda r: missing.append(f"{r.status} {r.url}")
            if r.status >= 400 and not _known(r.url) else None)
    try:
        run_all_cells(page, f"{subpath_url}lab/index.html?path=00_start_here.ipynb")
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, errors.first.inner_text()
        assert page.locator(".jp-OutputArea-output").count() > 0
        page.screenshot(path=str(artifacts / "subpath-00.png"))
    finally:
        page.close()
    assert outside == [], f"requests outside {PREFIX}: {outside[:5]}"
    # JupyterLite probes a few optional files (api/all.json); a 404 is wrong only for a file the site has.
    lost = [m for m in missing if PREFIX in m and (ROOT / "site" / m.split(PREFIX, 1)[1].split("?")[0]).exists()]
    assert lost == [], f"files the site has but the sub-path did not serve: {lost[:5]}"
    assert all(PREFIX in m for m in missing), f"missing files outside {PREFIX}: {missing[:5]}"
    assert attempted == [], f"requests tried to leave this machine: {attempted}"
