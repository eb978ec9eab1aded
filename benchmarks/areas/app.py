"""Area 5 of `make robustness`: the app and the hub. The kernels of closed pages are freed, the app's API
paths are shut, and (with the hub) learners are kept apart, by tests/test_hub.py."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from robustness_harness import ROOT, Area


def run(work: Path, hub: bool) -> Area:
    from backlearn import app

    area = Area("5. App / hub")
    if app.missing_packages():
        area.notes.append("app extra missing: app not tried")
    else:
        import psutil

        def kernels(server: app.AppServer) -> int:
            count = 0
            for child in psutil.Process(server.process.pid).children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    if child.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(child.cmdline()):
                        count += 1
            return count

        with (work / "voila.log").open("wb") as log, app.start(log=log, cull_idle_timeout=3, cull_interval=1) as srv:
            for _ in range(10):
                with urllib.request.urlopen(srv.url, timeout=120) as page:
                    page.read()
            deadline = time.monotonic() + 120
            while kernels(srv) and time.monotonic() < deadline:
                time.sleep(0.5)
            area.count("clear" if kernels(srv) == 0 else "wrong", "kernels of 10 closed pages were not freed")
            for path in ("api/kernels", "api/contents", "api/terminals", "tree", "lab", "files/etc/passwd"):
                try:
                    with urllib.request.urlopen(srv.url + path, timeout=30) as response:
                        area.count("wrong", f"GET /{path} answered {response.status}")
                except urllib.error.HTTPError as error:
                    area.count("clear" if error.code in (403, 404) else "wrong", f"GET /{path} -> {error.code}")
    if not hub:
        area.notes.append("hub: not tried (--no-hub); tests/test_hub.py is its own test target")
    if hub:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", str(ROOT / "tests" / "test_hub.py"), "-m", "hub", "-q", "-rs",
             "-p", "no:randomly", "-p", "no:cacheprovider"],
            capture_output=True, text=True, check=False, cwd=ROOT,
            env={**os.environ, "PATH": f"{ROOT / 'deploy' / 'local-hub' / 'node_modules' / '.bin'}:{os.environ['PATH']}"
                 },
        )
        passed = int(m.group(1)) if (m := re.search(r"(\d+) passed", done.stdout)) else 0
        failed = int(m.group(1)) if (m := re.search(r"(\d+) failed", done.stdout)) else 0
        skipped = int(m.group(1)) if (m := re.search(r"(\d+) skipped", done.stdout)) else 0
        # Each hub test stands for a group of probes (tests/test_hub.py): 13 reach attempts, terminals,
        # the token in the learner's environment, 5 sign-ins, and each learner's own explorer.
        area.tried += passed + failed
        area.clear += passed
        area.wrong += failed
        if failed:
            area.notes.append(f"hub: {failed} test(s) failed:\n{done.stdout[-800:]}")
        if skipped:
            area.notes.append(f"hub: {skipped} test(s) skipped ({done.stdout.strip().splitlines()[-1]})")
    return area

