"""Area 1 of `make robustness`: bad input at the command line (ids, formats, ports, `-o` into folders,
links, devices, unwritable or missing folders); no traceback, the right exit code, nothing overwritten."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from robustness_harness import DROP_DAC, Area, run_cli


def run(work: Path) -> Area:
    area = Area("1. CLI bad input")
    existing = work / "existing.md"
    existing.write_text("keep", encoding="utf-8")
    link = work / "link.md"
    link.symlink_to(existing)
    usage = [
        ["assess", "knott"], ["assess", ""], ["assess", " "], ["assess", ","], ["checklist", ""],
        ["assess", "duration_days", "duration_over_12_weeks"], ["assess", "knot", "--format", "pdf"],
        ["symptoms", "--jsn"], ["nope"], [], ["app", "--port", "0"], ["app", "--port", "-1"],
        ["app", "--port", "65536"], ["app", "--port", "99999"], ["app", "--port", "http"],
        ["checklist", "knot", "-o", str(work)], ["checklist", "knot", "-o", str(work / "no" / "plan.md")],
        ["checklist", "knot", "-o", str(existing / "child.md")], ["checklist", "knot", "-o", str(link)],
        ["checklist", "knot", "-o", "/dev/null"], ["checklist", "knot", "-o", "/dev/full"],
        ["checklist", "knot", "-o", str(existing)], ["checklist", "knot", "-o", ""],
        ["checklist", "knot", "-o", str(work / ("x" * 300))], ["checklist", "knot", "-o", "/proc/x"],
        ["--content", str(work / "missing"), "assess", "knot"], ["validate", str(work / "missing")],
    ]
    for args in usage:
        code, err = run_cli(args)
        expected = 1 if args[:1] == ["validate"] or args[:1] == ["--content"] else 2
        if code is None or "Traceback" in err or (code not in (0, expected)):
            area.count("crash", f"backlearn {' '.join(args)} -> {code} {err[-120:]}")
        elif code == 0:
            area.count("wrong", f"backlearn {' '.join(args)}")
        else:
            area.count("clear", "")
    if not link.is_symlink() or existing.read_text(encoding="utf-8") != "keep":
        area.count("wrong", "a symlink or an existing file was replaced")
    for device in ("/dev/null", "/dev/full"):
        if os.path.exists(device) and not stat.S_ISCHR(os.stat(device).st_mode):
            area.lost += 1
            area.notes.append(f"{device} was replaced")
    locked = work / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    done = subprocess.run(
        [*(DROP_DAC if os.geteuid() == 0 else []), sys.executable, "-m", "backlearn.cli", "checklist", "knot",
         "-o", str(locked / "plan.md")], capture_output=True, text=True, check=False,
    )
    area.count("clear" if done.returncode == 2 and "Traceback" not in done.stderr else "crash",
               f"-o into an unwritable folder -> {done.returncode}")
    for args in (["assess", "knot", "--json"], ["checklist", "knot", "-o", str(work / "fine.md")],
                 ["checklist", "knot", "-o", str(existing), "--force"], ["validate"]):
        code, err = run_cli(args)
        area.count("clear" if code == 0 else "crash", f"valid: backlearn {' '.join(args)} -> {code} {err[-80:]}")
    return area

