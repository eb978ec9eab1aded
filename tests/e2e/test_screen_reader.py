"""A screen reader hears the emergency: Debian's Orca, with Chromium under Xvfb, reads out the app's answer.

Orca runs on a throwaway X display (Xvfb) and D-Bus session with the accessibility bus, and writes
what it says to its debug file (tests/e2e/orca_log_only.py: no sound card here, so no speech server).
Chromium shows the app in a real window, with its accessibility tree sent to Orca. A tick of chest
pain must make Orca say the live region's words, "EMERGENCY: Call 999 now, ...": said because the
live region's text changed, as nothing else on the page says "boxes ticked".

Skips, saying why, without Orca and Xvfb (``make screen-reader`` installs them with apt-get).
What Orca said: test-artifacts/e2e/screen-reader-heard.txt.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

HERE = Path(__file__).resolve().parent
NEEDED = {
    "Orca": Path("/usr/bin/orca"),
    "Xvfb": Path("/usr/bin/Xvfb"),
    "dbus-daemon": Path("/usr/bin/dbus-daemon"),
    "the accessibility bus": Path("/usr/libexec/at-spi-bus-launcher"),
    "Debian's Python": Path("/usr/bin/python3"),
}
SAID = re.compile(r"SPEECH OUTPUT: '(.*?)'")


def _start(command: list[str], env: dict[str, str], log: Path, **options: Any) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(command, env=env, stdout=options.pop("stdout", out), stderr=out,
                                start_new_session=True, **options)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process started here and whatever it started (its own process group)."""
    if process.poll() is None:
        with __import__("contextlib").suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def _free_display() -> int:
    for number in range(90, 200):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    pytest.skip("no free X display number for Xvfb")


def heard(log: Path) -> list[str]:
    """What Orca has said so far, in order."""
    return SAID.findall(log.read_text(errors="replace")) if log.exists() else []


def wait_to_hear(log: Path, pattern: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in heard(log):
            if re.search(pattern, line):
                return line
        time.sleep(0.2)
    raise AssertionError(f"Orca never said /{pattern}/; it said: {heard(log)[-15:]}")


@pytest.fixture(scope="module")
def desktop(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, str], Path]]:
    """An X display, a D-Bus session with the accessibility bus, and Orca listening: (environment, Orca's log)."""
    missing = [what for what, path in NEEDED.items() if not path.exists()]
    if missing:
        pytest.skip(f"no {', '.join(missing)}: run 'make screen-reader' (apt-get install orca xvfb dbus-x11) "
                    "to hear the app with a screen reader")
    folder = tmp_path_factory.mktemp("orca")
    runtime = folder / "run"
    runtime.mkdir(mode=0o700)
    display = _free_display()
    env = {**os.environ, "HOME": str(folder), "XDG_RUNTIME_DIR": str(runtime),
           "XDG_CONFIG_HOME": str(folder / "config"), "XDG_CACHE_HOME": str(folder / "cache"),
           "DISPLAY": f":{display}", "GTK_MODULES": "gail:atk-bridge"}
    env.pop("NO_AT_BRIDGE", None)
    output = folder / "desktop.log"
    started: list[subprocess.Popen[bytes]] = []
    try:
        started.append(_start(["/usr/bin/Xvfb", f":{display}", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
                              env, output))
        for _wait in range(50):
            if Path(f"/tmp/.X11-unix/X{display}").exists():
                break
            time.sleep(0.1)
        bus = _start(["/usr/bin/dbus-daemon", "--session", "--nofork", "--print-address=1"], env, output,
                     stdout=subprocess.PIPE)
        started.append(bus)
        assert bus.stdout is not None
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().decode().strip()
        started.append(_start(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"], env, output))
        time.sleep(1)
        log = folder / "orca.log"
        started.append(_start(["/usr/bin/python3", str(HERE / "orca_log_only.py"), f"--debug-file={log}"],
                              env, output))
        try:
            wait_to_hear(log, r"^Screen reader on\.$", timeout=60)
        except AssertionError:
            pytest.skip(f"Orca did not start here: {output.read_text(errors='replace')[-500:]}")
        yield env, log
    finally:
        for process in reversed(started):
            _stop(process)
        shutil.rmtree(runtime, ignore_errors=True)


def test_orca_reads_out_the_emergency_when_chest_pain_is_ticked(desktop: tuple[dict[str, str], Path], browser: Any,
                                                               chromium: Path, app_url: str, artifacts: Path):
    from conftest import CHROMIUM_ARGS
    from playwright.sync_api import expect

    env, log = desktop
    # A real window (not headless) on the test's display, its accessibility tree sent to the screen reader;
    # launched from the session's Playwright (one Playwright a thread).
    window = browser.browser_type.launch(executable_path=str(chromium), headless=False, env=env,
                                         args=[*CHROMIUM_ARGS, "--force-renderer-accessibility"])
    try:
        page = window.new_page(viewport={"width": 1200, "height": 800})
        page.set_default_timeout(30_000)
        page.goto(app_url, timeout=60_000)
        page.locator(".bl-banner").wait_for(state="visible", timeout=60_000)
        wait_to_hear(log, r"Nothing ticked yet\.")
        heading = page.locator(".bl-group-toggle").filter(has_text="What it feels like")
        heading.click()
        page.locator(".bl-symptom-knot input[type=checkbox]").check()
        polite = wait_to_hear(log, r"^Self-care: .*1 box ticked\.$")
        page.locator(".bl-group-toggle").filter(has_text="Warning signs: chest, breathing and heart").click()
        page.locator(".bl-symptom-chest_pain input[type=checkbox]").check()
        expect(page.locator(".bl-banner-widget")).to_contain_text("Emergency", ignore_case=True)
        emergency = wait_to_hear(log, r"^EMERGENCY: Call 999 now, or go to A&E\. 2 boxes ticked\.$")
        assert polite and emergency
    finally:
        (artifacts / "screen-reader-heard.txt").write_text("\n".join(heard(log)) + "\n")
        window.close()
