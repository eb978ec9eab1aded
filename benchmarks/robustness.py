"""``make robustness``: the reliability review's figures table, re-run (issue 12).

Throws bad input at every surface a learner or teacher reaches and counts, per area: what was
tried, what got a clear error (or the correct result), what crashed (a traceback, a hang, a wrong
exit code), what was wrongly accepted, and how many saved diary entries were lost. Crash, wrongly
accepted and lost must all be 0; the script exits 1 otherwise. Writes its own section of
benchmarks/results.md and keeps the others.

    python benchmarks/robustness.py             # every area (about 2-3 minutes, the hub included)
    python benchmarks/robustness.py --no-hub    # without the local hub (needs no Node.js); `make test` runs
                                                # this with --no-write (tests/test_hub.py runs in hub-test)

Only a run that tries every area, the hub's included, and finds no crash, nothing wrongly accepted
and nothing lost writes the table; any other run prints it and leaves benchmarks/results.md as it is.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stats import write_section

from backlearn.cli import main as cli_main
from backlearn.places import content_dir as default_content_dir

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
START, END = "<!-- robustness:start -->", "<!-- robustness:end -->"
DROP_DAC = ["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"]


@dataclass
class Area:
    """One row of the table."""

    name: str
    tried: int = 0
    clear: int = 0
    crash: int = 0
    wrong: int = 0
    lost: int = 0
    notes: list[str] = field(default_factory=list)

    def count(self, outcome: str, what: str) -> None:
        self.tried += 1
        if outcome == "clear":
            self.clear += 1
        elif outcome == "crash":
            self.crash += 1
            self.notes.append(f"crash: {what}")
        else:
            self.wrong += 1
            self.notes.append(f"wrongly accepted: {what}")


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise TimeoutError after ``seconds`` (a hang counts as a crash)."""

    def _alarm(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run_cli(args: list[str]) -> tuple[int | None, str]:
    """The CLI in this process: (exit code, stderr), or (None, the error) when it crashed or hung."""
    err = io.StringIO()
    try:
        with time_limit(10), contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                code = cli_main(args)
            except SystemExit as exit_:
                code = int(exit_.code or 0)
    except BaseException as error:
        return None, f"{type(error).__name__}: {error}"
    return code, err.getvalue()


# -- 1. command line ------------------------------------------------------------------------------


def cli_area(work: Path) -> Area:
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


# -- 2. content validation --------------------------------------------------------------------------


#: Files whose ``kind`` is a free word naming a family of warnings (what ``safe_with`` names), not a choice
#: from a list: renaming one is valid content (a flag is also declared safe by its id, and an emergency's kind
#: shows nothing), and renaming one that is named elsewhere is reported where it is named. So a "_typo" there
#: is no certain mistake; the allow-list's own tests (tests/test_allow_list.py) check kinds.
_FREE_KINDS = ("red_flags.yaml", "screening.yaml")


def _lines_mutants(data: Path) -> Iterator[tuple[str, str, str]]:
    """(file, description, new text): one certain mistake each, for every record of every file."""
    for file in sorted(data.glob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        for number, line in enumerate(lines):
            body = line.rstrip("\n")
            stripped = body.lstrip(" -")
            changed = None
            if re.match(r"^\s*-? ?id: [a-z]", body):
                changed = body.replace("id: ", "id: Bad Id ", 1)
            elif re.match(r"^\s+level: (emergency|urgent|soon)$", body):
                changed = body + "x"
            elif re.match(r"^\s+sources: \[", body):
                changed = body.replace("[", "[no_such_source, ", 1)
            elif re.match(r"^\s+(kind|strength|verdict|expected_triage|region): \w+$", body) and not (
                    file.name in _FREE_KINDS and body.lstrip().startswith("kind:")):
                changed = body + "_typo"
            elif re.match(r"^\s+(year|number|age): \d+$", body):
                changed = re.sub(r"\d+$", "-5", body)
            elif re.match(r"^\s+when: [a-z_]+$", body):
                changed = body + "_typo"
            if changed is not None:
                new = "".join(lines[:number]) + changed + "\n" + "".join(lines[number + 1:])
                yield file.name, f"{file.name}:{number + 1} {stripped[:40]!r}", new


def _safety_mutants(data: Path) -> Iterator[tuple[str, str, str]]:
    """The review's wrongly valid mutants (M2) and the pick-one gap, each a file and its new text."""
    flags = (data / "red_flags.yaml").read_text(encoding="utf-8")
    symptoms = (data / "symptoms.yaml").read_text(encoding="utf-8")
    cases = (data / "cases.yaml").read_text(encoding="utf-8")
    yield "symptoms.yaml", "a warning sign no red flag names", symptoms.replace(
        "\n- id: warning_chest", "\n- id: warning_extra\n  label: More warning signs\n  choose: many\n  warning: true\n"
        "  symptoms:\n    - id: coughing_blood\n      label: Coughing up blood\n\n- id: warning_chest", 1)
    block = re.search(r"- id: cauda_equina\n(?:  .*\n|    .*\n)+", flags)
    if block:
        yield "red_flags.yaml", "cauda_equina downgraded to soon", flags.replace(
            block.group(0), block.group(0).replace("level: emergency", "level: soon"), 1)
        yield "red_flags.yaml", "cauda_equina deleted", flags.replace(block.group(0), "", 1)
    first_emergency = re.search(r"  level: emergency\n  when: ([a-z_]+)\n", flags)
    if first_emergency:
        sign = first_emergency.group(1)
        yield "red_flags.yaml", "a 'none' list qualifying an emergency sign", flags.replace(
            first_emergency.group(0),
            f"  level: emergency\n  reassured_by: It is a knot.\n  when:\n    all: [{sign}, {{none: [knot]}}]\n", 1)
    triage = re.search(r"expected_triage: (\w+)", cases)
    if triage:
        other = "self_care" if triage.group(1) != "self_care" else "emergency"
        yield "cases.yaml", "a case whose expected level the engine disagrees with", cases.replace(
            triage.group(0), f"expected_triage: {other}", 1)
    yield "symptoms.yaml", "a pick-one group not marked as such", symptoms.replace("choose: one", "", 1)
    topics = (data / "topics.yaml").read_text(encoding="utf-8")
    numbers = re.findall(r"number: (\d+)", topics)
    if len(numbers) > 1:
        yield "topics.yaml", "two topics numbered alike", topics.replace(
            f"number: {numbers[1]}", f"number: {numbers[0]}", 1)


def _file_kind_mutants(folder: Path, name: str) -> Iterator[tuple[str, Callable[[Path], None]]]:
    def folder_(p: Path) -> None:
        p.unlink()
        p.mkdir()

    def loop(p: Path) -> None:
        p.unlink()
        p.symlink_to(p)

    def dangling(p: Path) -> None:
        p.unlink()
        p.symlink_to(p.with_name("gone.yaml"))

    def fifo(p: Path) -> None:
        p.unlink()
        os.mkfifo(p)

    def syntax(p: Path) -> None:
        p.write_text(p.read_text(encoding="utf-8").replace("\n", "\n  broken: [oops\n", 1), encoding="utf-8")

    def nul(p: Path) -> None:
        p.write_text(p.read_text(encoding="utf-8").replace(": ", ": \x00", 1), encoding="utf-8")

    def latin1(p: Path) -> None:
        p.write_bytes(p.read_text(encoding="utf-8").replace(": ", ": caf\xe9 ", 1).encode("latin-1", "replace"))

    def empty(p: Path) -> None:
        p.write_text("", encoding="utf-8")

    yield from (("a folder", folder_), ("a symlink loop", loop), ("a dangling symlink", dangling),
                ("a FIFO", fifo), ("a syntax error", syntax), ("a NUL byte", nul), ("not UTF-8", latin1),
                ("empty", empty))


def _deep_and_bomb(data: Path) -> Iterator[tuple[str, str, str]]:
    flags = (data / "red_flags.yaml").read_text(encoding="utf-8")
    found = re.search(r"  when: ([a-z_]+)\n", flags)
    if not found:
        return
    deep = found.group(1)
    for _ in range(450):
        deep = f"{{any: [{deep}]}}"
    yield "red_flags.yaml", "a rule nested 450 deep", flags.replace(found.group(0), f"  when: {deep}\n", 1)
    anchors = [f"a0: &a0 [{', '.join([found.group(1)] * 10)}]"]
    anchors += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    yield "red_flags.yaml", "a YAML alias bomb in when", flags.replace(
        found.group(0), "  x_anchors: {" + ", ".join(anchors) + "}\n  when: {any: [" + ", ".join(["*a8"] * 10)
        + "]}\n", 1)


def content_area(work: Path) -> Area:
    area = Area("2. Content validation (`validate PATH`)")
    data = default_content_dir()
    folder = work / "content"

    def fresh() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(data, folder)

    def judge(description: str, file: str | None) -> None:
        started = time.monotonic()
        code, err = run_cli(["validate", str(folder)])
        took = time.monotonic() - started
        if code is None or "Traceback" in err or code not in (0, 1) or took > 5:
            area.count("crash", f"{description}: {code} in {took:.1f} s {err[-160:]}")
        elif code == 0:
            area.count("wrong", description)
        elif re.search(rf"- {re.escape(file) if file else '[a-z_]+[.]yaml'}, line \d+", err):
            area.count("clear", "")
        else:
            area.count("crash", f"{description}: the error does not name {file or 'a file'}: {err[-160:]}")

    # A safety problem may rightly be reported where it shows (a case, a symptom), not in the edited file.
    for mutants, named in ((_lines_mutants(data), True), (_safety_mutants(data), False), (_deep_and_bomb(data), True)):
        for file, description, text in mutants:
            fresh()
            (folder / file).write_text(text, encoding="utf-8")
            judge(description, file if named else None)
    for name in sorted(p.name for p in data.glob("*.yaml")):
        for description, make in _file_kind_mutants(folder, name):
            fresh()
            make(folder / name)
            judge(f"{name} is {description}", name)
    fresh()
    victim = folder / "guidance.yaml"
    victim.chmod(0)
    done = subprocess.run(
        [*(DROP_DAC if os.geteuid() == 0 else []), sys.executable, "-m", "backlearn.cli", "validate", str(folder)],
        capture_output=True, text=True, check=False, env={**os.environ, "BACKLEARN_CACHE": "off"}, timeout=60,
    )
    victim.chmod(0o644)
    area.count("clear" if done.returncode == 1 and "guidance.yaml" in done.stderr and "Traceback" not in done.stderr
               else "crash", f"an unreadable file -> {done.returncode} {done.stderr[-120:]}")
    # The stale-cache case (M1): a same-size edit that keeps the time must be seen.
    fresh()
    run_cli(["--content", str(folder), "symptoms"])  # warms the cache
    flags = folder / "red_flags.yaml"
    info = flags.stat()
    flags.write_text(flags.read_text(encoding="utf-8").replace("level: emergency", "level: emergencx", 1),
                     encoding="utf-8")
    os.utime(flags, ns=(info.st_atime_ns, info.st_mtime_ns))
    for args in (["validate", str(folder)], ["--content", str(folder), "assess", "knot"]):
        code, _err = run_cli(args)
        area.count("clear" if code == 1 else ("crash" if code is None else "wrong"),
                   f"stale cache after a same-size edit: backlearn {' '.join(args)} -> {code}")
    return area


# -- 4. diary -----------------------------------------------------------------------------------------

_WRITER = """
import datetime as dt, sys
from backlearn.diary import DiaryEntry, add_entry
for n in range(int(sys.argv[2])):
    add_entry(DiaryEntry(dt.date(2024, 1, 1) + dt.timedelta(days=n % 300), pain=n % 11, notes=f"{sys.argv[3]}-{n}"),
              sys.argv[1])
"""


def diary_area(work: Path) -> Area:
    from backlearn.diary import DiaryEntry, DiaryError, add_entry, read_diary

    area = Area("4. Diary")
    header = "date,pain,where,minutes_walked,stretches,treatments,notes\n"
    good = "2024-03-01,3,upper,20,yes,,fine\n"
    corrupt = {
        "no header": good, "wrong header": "day,pain\n" + good, "bad date": header + "2024-13-01,3,,0,no,,\n",
        "pain 11": header + "2024-03-01,11,,0,no,,\n",
        "pain 5000 digits": header + f"2024-03-01,{'9' * 5000},,0,no,,\n",
        "minutes 5000 digits": header + f"2024-03-01,3,,{'9' * 5000},no,,\n", "stretches maybe": header
        + "2024-03-01,3,,0,maybe,,\n", "too few values": header + "2024-03-01,3\n", "too many values": header
        + good.strip() + ",extra\n", "open quote": header + '2024-03-01,3,"upper,0,no,,\n',
        "field over the CSV limit": header + "2024-03-01,3,,0,no,," + "x" * 200_000 + "\n",
    }
    for what, text in corrupt.items():
        path = work / f"corrupt-{len(area.notes)}-{area.tried}.csv"
        path.write_text(text, encoding="utf-8")
        before = path.read_bytes()
        try:
            read_diary(path)
            area.count("wrong", f"corrupt diary read: {what}")
            continue
        except DiaryError:
            pass
        except Exception as error:
            area.count("crash", f"{what}: {type(error).__name__}")
            continue
        try:
            add_entry(DiaryEntry(dt.date(2024, 3, 2), 4), path)
            area.count("wrong", f"saved over a corrupt diary: {what}")
        except DiaryError:
            area.count("clear" if path.read_bytes() == before else "wrong", f"{what}: file changed")
        except Exception as error:
            area.count("crash", f"{what} (save): {type(error).__name__}")
    bad_entries = {"pain -1": {"pain": -1}, "pain True": {"pain": True}, "minutes 2000": {"minutes_walked": 2000},
                   "a 200 kB note": {"notes": "x" * 200_000}, "notes not text": {"notes": 5}}
    for what, changes in bad_entries.items():
        try:
            DiaryEntry(**{"date": dt.date(2024, 3, 1), "pain": 3, **changes})  # type: ignore[arg-type]
            area.count("wrong", f"entry accepted: {what}")
        except DiaryError:
            area.count("clear", "")
        except Exception as error:
            area.count("crash", f"{what}: {type(error).__name__}")
    readonly = work / "readonly.csv"
    add_entry(DiaryEntry(dt.date(2024, 3, 1), 3), readonly)
    readonly.chmod(0o444)
    before = readonly.read_bytes()
    try:
        add_entry(DiaryEntry(dt.date(2024, 3, 2), 3), readonly)
        area.count("wrong", "a read-only diary was overwritten")
    except DiaryError:
        area.count("clear" if readonly.read_bytes() == before else "wrong", "read-only diary changed")
    formula = work / "formula.csv"
    tricky = ["=1+1", "+1", "-1", "@SUM(A1)", "'=x"]
    for text in tricky:
        add_entry(DiaryEntry(dt.date(2024, 3, 1), 3, notes=text), formula)
    cells = [line.rsplit(",", 1)[-1] for line in formula.read_text(encoding="utf-8").splitlines()[1:]]
    safe = not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    back = [entry.notes for entry in read_diary(formula)] == tricky
    area.count("clear" if safe and back else "wrong", "formula cells exported as formulas or not read back")
    stray = work / ".strays.csv.x1.tmp"
    stray.write_text("half", encoding="utf-8")
    add_entry(DiaryEntry(dt.date(2024, 3, 1), 3), work / "strays.csv")
    area.count("clear" if not stray.exists() else "wrong", "a killed writer's temporary file was left")
    # The December review's diary edge cases: a linked diary, a FIFO, a lone surrogate in a note.
    synced = work / "synced.csv"
    add_entry(DiaryEntry(dt.date(2024, 3, 1), 3, notes="first"), synced)
    linked = work / "linked.csv"
    linked.symlink_to(synced)
    try:
        add_entry(DiaryEntry(dt.date(2024, 3, 2), 3, notes="second"), linked)
        kept = linked.is_symlink() and [e.notes for e in read_diary(synced)] == ["first", "second"]
        area.count("clear" if kept else "wrong", "a linked diary was replaced, or its target missed the entry")
    except Exception as error:
        area.count("crash", f"a linked diary: {type(error).__name__}")
    fifo = work / "fifo.csv"
    os.mkfifo(fifo)
    calls: dict[str, Callable[[], object]] = {
        "read": lambda: read_diary(fifo), "save": lambda: add_entry(DiaryEntry(dt.date(2024, 3, 1), 3), fifo),
    }
    for what, call in calls.items():
        try:
            with time_limit(10):
                call()
            area.count("wrong", f"a FIFO as the diary: {what} accepted")
        except DiaryError:
            area.count("clear", "")
        except BaseException as error:
            area.count("crash", f"a FIFO as the diary ({what}): {type(error).__name__}")
    before = synced.read_bytes()
    try:
        add_entry(DiaryEntry(dt.date(2024, 3, 3), 3, notes="sore \ud83d back"), synced)
        area.count("wrong", "a note with a lone surrogate was saved")
    except DiaryError:
        area.count("clear" if synced.read_bytes() == before else "wrong", "a lone surrogate changed the diary")
    except Exception as error:
        area.count("crash", f"a lone surrogate in a note: {type(error).__name__}")
    shared = work / "shared.csv"
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(shared), "500", name]) for name in "ab"]
    codes = [writer.wait(timeout=900) for writer in writers]
    saved = {entry.notes for entry in read_diary(shared)}
    area.tried += 1000
    area.lost += 1000 - len(saved & {f"{name}-{n}" for name in "ab" for n in range(500)})
    area.clear += len(saved)
    if codes != [0, 0]:
        area.count("crash", f"concurrent writers exited {codes}")
    return area


# -- 5. app and hub -------------------------------------------------------------------------------------


def app_area(work: Path, hub: bool) -> Area:
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


# -- 7. class-results service -----------------------------------------------------------------------------


def results_service_area(work: Path) -> Area:
    """The class-results service (review finding M4): hostile bodies, a flood of answers, and answers
    sent while the service restarts. The service runs in a thread on a SQLite store, with its real limits
    (``service.listen``); only the hub's sign-in is faked (the token is the learner's name)."""
    import asyncio
    import json
    import logging
    import socket
    import threading
    import urllib.error

    from tornado.ioloop import IOLoop

    from backlearn import load_content
    from backlearn.classresults import service
    from backlearn.classresults.client import AnswerSender, Delivery
    from backlearn.classresults.store import AnswerStore
    from backlearn.places import free_port

    area = Area("7. Class-results service")
    content = load_content()
    case = next(iter(content.cases.values()))
    question = next(iter(content.quizzes.values()))
    prefix = "/services/class-results/"

    @contextlib.contextmanager
    def serving(store: AnswerStore, port: int) -> Iterator[None]:
        ready, held = threading.Event(), {}

        def run() -> None:
            asyncio.set_event_loop(asyncio.new_event_loop())
            held["loop"], held["server"] = IOLoop.current(), service.listen(
                service.make_app(store, content, prefix), port)
            ready.set()
            held["loop"].start()
            held["loop"].close(all_fds=True)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        ready.wait(30)
        try:
            yield
        finally:
            held["loop"].add_callback(held["server"].stop)
            held["loop"].add_callback(held["loop"].stop)
            thread.join(30)

    def call(port: int, learner: str, body: bytes | None = None, path: str = "api/answers") -> tuple[int, bytes]:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{prefix}{path}", data=body,
                                         headers={"Authorization": f"token {learner}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status), response.read()
        except urllib.error.HTTPError as error:
            with error:
                return int(error.code), error.read()
        except OSError as error:
            return 0, str(error).encode()

    def raw(port: int, data: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
            sock.sendall(data)
            reply = b""
            with contextlib.suppress(OSError):
                while chunk := sock.recv(65536):
                    reply += chunk
            return reply

    def refused(what: str, status: int, reply: bytes, expected: tuple[int, ...]) -> None:
        if status in expected and b"a" * 100 not in reply and len(reply) < 2000:
            area.count("clear", what)
        elif status >= 500 or status == 0:
            area.count("crash", f"{what}: HTTP {status}")
        else:
            area.count("wrong", f"{what}: HTTP {status}, {len(reply)} bytes back")

    def current_user(handler: Any) -> dict[str, str] | None:
        name = handler.request.headers.get("Authorization", "").removeprefix("token ")
        return {"kind": "user", "name": name} if name else None

    async def is_teacher(handler: Any) -> bool:
        return str(handler.current_user["name"]).startswith("teacher")

    saved = service._Base.get_current_user, service._Base.is_teacher
    service._Base.get_current_user, service._Base.is_teacher = current_user, is_teacher  # the hub's part
    quiet = [logging.getLogger(name) for name in ("tornado.access", "tornado.general", "tornado.application")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:  # every refused probe is a logged 4xx: the table says what matters
        logger.setLevel(logging.CRITICAL)
    store = AnswerStore(f"sqlite:///{work / 'results.sqlite'}")
    try:
        port = free_port()
        with serving(store, port):
            for size in (90, 120):
                head = (f"POST {prefix}api/answers HTTP/1.1\r\nHost: x\r\nAuthorization: token eve\r\n"
                        f"Content-Length: {size * 1024 * 1024}\r\n\r\n").encode()
                reply = raw(port, head + b"a" * 100_000)
                status = int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/") else 0
                refused(f"a {size} MB post", status, reply, (413,))
            chunk = b"a" * 4096
            chunked = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(40)) + b"0\r\n\r\n"
            reply = raw(port, (f"POST {prefix}api/answers HTTP/1.1\r\nHost: x\r\nAuthorization: token eve\r\n"
                               "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode() + chunked)
            refused("a 160 kB chunked post", int(reply.split(b" ", 2)[1]) if reply else 0, reply, (400, 413))
            qid = question.id.encode()
            bodies = {
                "100,000-deep list": b"[" * 100_000, "16,000-deep list": b"[" * 8_000 + b"]" * 8_000,
                "5,000-deep object": b'{"a":' * 5000 + b"1" + b"}" * 5000, "not JSON": b"kind=case",
                "empty": b"", "null": b"null", "a list": b'["case"]', "not UTF-8": b'{"kind": "\xff"}',
                "5,000-digit number": b'{"kind": "quiz", "item": "' + qid + b'", "choice": ' + b"9" * 5000 + b"}",
                "1e999999": b'{"kind": "quiz", "item": "' + qid + b'", "choice": 1e999999}',
                "NaN": b'{"kind": "quiz", "item": "' + qid + b'", "choice": NaN}',
                "negative index": b'{"kind": "quiz", "item": "' + qid + b'", "choice": -1}',
                "SQL in item": b'{"kind": "case", "item": "x\'; DROP TABLE backlearn_answers; --", "choice": "soon"}',
                "a 15 kB id": b'{"kind": "case", "item": "' + b"a" * 15_000 + b'", "choice": "soon"}',
                "HTML as a level": b'{"kind": "case", "item": "' + case.id.encode() + b'", "choice": "<b>"}',
            }
            for name, body in bodies.items():
                status, reply = call(port, "eve", body)
                refused(name, status, reply, (400, 413) if len(body) > service.MAX_BODY else (400,))
            status, _ = call(port, "eve", json.dumps({"kind": "case", "item": case.id, "choice": "soon",
                                                      "learner": "bob"}).encode())
            area.count("clear" if status == 201 and store.of("bob") == [] else "wrong", "an answer filed as bob")
            statuses = {call(port, "eve", json.dumps({"kind": "quiz", "item": question.id,
                                                      "choice": n % len(question.choices)}).encode())[0]
                        for n in range(2000)}
            rows = store.count()
            area.count("clear" if statuses <= {200, 201} and rows == 2 else "wrong",
                       f"2,000 answers from one learner: {rows} rows kept, replies {sorted(statuses)}")
            status, body = call(port, "teacher", None, "api/results")
            area.count("clear" if status == 200 and json.loads(body)["learners"] == 1 else "crash",
                       f"the teacher's results after the flood: HTTP {status}")
        # 20 learners answer while the service is down (a restart); it comes back during their retries.
        reports: dict[str, list[Delivery]] = {}
        senders = []
        for n in range(20):
            name = f"learner{n:02d}"
            env = {"BACKLEARN_CLASS_RESULTS_URL": f"http://127.0.0.1:{port}{prefix}", "JUPYTERHUB_API_TOKEN": name}
            sender = AnswerSender(button="Check", env=env, delays=(0.5, 1.0, 2.0, 4.0, 8.0))
            reports[name] = []
            sender.send("case", case.id, "urgent", reports[name].append)
            senders.append(sender)
        time.sleep(1.0)
        with serving(store, port):
            for sender in senders:
                sender.wait(60)
        for name, seen in reports.items():
            kept = [answer.choice for answer in store.of(name)] == ["urgent"]
            said = seen[-1].saved if seen else False
            area.tried += 1
            if kept and said:
                area.clear += 1
            elif not kept and said:
                area.lost += 1
                area.notes.append(f"lost: {name}'s answer was reported sent but not stored")
            elif not kept and seen and seen[-1].final:
                area.clear += 1  # not stored, and the learner was told so plainly
            else:
                area.wrong += 1
                area.notes.append(f"wrongly accepted: {name}: stored={kept}, told {seen[-1:]}")
    finally:
        service._Base.get_current_user, service._Base.is_teacher = saved
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)
        store.close()
    return area


# -- the report --------------------------------------------------------------------------------------------


def report(areas: list[Area], took: float) -> str:
    lines = [
        START,
        "## Robustness: the reliability review's figures, re-run",
        "",
        f"`python benchmarks/robustness.py` on {dt.date.today().isoformat()} ({took:.0f} s). Each area throws bad "
        "input at one surface: the CLI (bad ids, ports, `-o` to folders, links, devices, missing or unwritable "
        "folders), "
        "content validation (a certain mistake in every record of every shipped file, the review's unsafe "
        "mutants, folders, links, pipes, unreadable, non-UTF-8, deeply nested and alias-bomb files, a stale "
        "cache), the diary (corrupt files, bad entries, a read-only file, formulas, a linked diary, a FIFO, a lone "
        "surrogate in a note, two writers x 500 saves), "
        "and the app and hub (kernels of closed pages, the app's API paths, learners kept apart on the hub). "
        "The review's areas 3 (escaping: 408/408 held) and 6 (engine properties: tests/test_properties.py) "
        "are not re-run here.",
        "",
        "| Area | Tried | Clear error / correct | Crash (traceback, hang) | Wrongly accepted | Entries lost |",
        "|---|---|---|---|---|---|",
    ]
    for area in areas:
        lines.append(f"| {area.name} | {area.tried} | {area.clear} | {area.crash} | {area.wrong} | {area.lost} |")
    notes = [note for area in areas for note in area.notes]
    if notes:
        lines += ["", "Notes:", *(f"- {note}" for note in notes[:30])]
    lines += ["", END]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-hub", action="store_true", help="skip the local hub (needs Node.js and root)")
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    parser.add_argument("--no-write", action="store_true", help="print only (a failing or --no-hub run never writes)")
    args = parser.parse_args(argv)
    os.environ["BACKLEARN_CACHE"] = tempfile.mkdtemp(prefix="backlearn-robustness-cache-")
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="backlearn-robustness-") as tmp:
        work = Path(tmp)
        areas = []
        for name, build in (("cli", cli_area), ("content", content_area), ("diary", diary_area)):
            (work / name).mkdir()
            areas.append(build(work / name))
            print(f"{areas[-1].name}: done", flush=True)
        (work / "app").mkdir()
        areas.append(app_area(work / "app", hub=not args.no_hub))
        (work / "results").mkdir()
        areas.append(results_service_area(work / "results"))
        with contextlib.suppress(OSError):
            (work / "cli" / "locked").chmod(0o700)
    shutil.rmtree(os.environ["BACKLEARN_CACHE"], ignore_errors=True)
    block = report(areas, time.monotonic() - began)
    print(block)
    passed = not any(area.crash or area.wrong or area.lost for area in areas)
    # The published table is earned: only a passing run of every area (the hub's included) writes it.
    where = os.path.relpath(args.output)
    if not args.no_write and passed and not args.no_hub:
        write_section(args.output, START, END, block)
        print(f"\nwritten to {where}")
    elif not args.no_write:
        why = "the hub was not tried (--no-hub)" if passed else "something crashed, was wrongly accepted or lost"
        print(f"\nnot written to {where}: {why}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
