"""Helpers for the diary's test modules (the store, the summaries, the form)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from backlearn.diary import COLUMNS, DiaryEntry

__all__ = ["HEADER", "entry", "files_in"]

#: The diary's first line, as a test writes it into a file.
HEADER = ",".join(COLUMNS) + "\n"


def entry(day: dt.date, pain: int, minutes: int = 0, stretches: bool = False, treatments: str = "",
          where: str = "between shoulder blades", notes: str = "") -> DiaryEntry:
    """An entry with the arguments the tests vary most first (``where`` set, as a learner would)."""
    return DiaryEntry(day, pain, where, minutes, stretches, treatments, notes)


def files_in(folder: Path) -> list[str]:
    """The file names in ``folder``, without the save lock."""
    # The save lock (.diary.csv.lock) is the diary's own sidecar and stays; it holds no data.
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))
