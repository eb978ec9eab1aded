"""Area 4 of `make robustness`: the diary. Corrupt files, bad entries, a read-only file, formulas, a linked
diary, a FIFO, a lone surrogate in a note, and two writers saving at once: nothing crashes, nothing is lost."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from robustness_harness import Area, time_limit

_WRITER = """
import datetime as dt, sys
from backlearn.diary import DiaryEntry, add_entry
for n in range(int(sys.argv[2])):
    add_entry(DiaryEntry(dt.date(2024, 1, 1) + dt.timedelta(days=n % 300), pain=n % 11, notes=f"{sys.argv[3]}-{n}"),
              sys.argv[1])
"""


def run(work: Path) -> Area:
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
    bad_entries: dict[str, dict[str, object]] = {
        "pain -1": {"pain": -1}, "pain True": {"pain": True}, "minutes 2000": {"minutes_walked": 2000},
        "a 200 kB note": {"notes": "x" * 200_000}, "notes not text": {"notes": 5},
    }
    for what, changes in bad_entries.items():
        try:
            # The wrong types are the point: DiaryEntry must refuse them at run time.
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

