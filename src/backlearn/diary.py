"""The pain diary: one line a day of pain, where it hurts, walking, stretches, treatments and notes.

Education, not diagnosis: the diary helps a learner notice patterns and talk with a doctor or
physiotherapist; it does not explain the pain.

The diary is a CSV file the learner can open in a spreadsheet. Reading checks every line and
raises ``DiaryError`` naming the file, the line, the field and what was expected. Saving reads
the whole file first (a file that cannot be read is never rewritten), then writes a temporary file
in the same folder, flushes it to disk and renames it over the old one, so a crash leaves either
the old diary or the new one, never half of one. Saving holds a lock (``.diary.csv.lock`` beside
the diary) from the read to the rename, so two notebooks saving at once both keep their entry.
Text that a spreadsheet would run as a formula (starting with = + - @) is stored with a leading
apostrophe, which spreadsheets show as text; reading removes it again.

The per-day statistics, the sentences and the chart are in ``backlearn.diary_summary``.

This module imports only the standard library, and filelock when saving.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from backlearn import places
from backlearn._files import stray_temporaries, write_atomically

__all__ = [
    "COLUMNS",
    "DiaryEntry",
    "DiaryError",
    "add_entry",
    "check_entry",
    "default_diary_path",
    "diary_path",
    "example_diary_path",
    "practice_diary",
    "read_diary",
]

#: The CSV header, in this order.
COLUMNS: tuple[str, ...] = ("date", "pain", "where", "minutes_walked", "stretches", "treatments", "notes")
#: The most minutes anyone can walk in a day.
MAX_MINUTES = 24 * 60
#: The longest text a field may hold. Python's CSV reader refuses fields over 131,072 characters, so a
#: longer note could be saved but never read back; this limit keeps every saved diary readable.
MAX_TEXT = 10_000
#: Characters that make a spreadsheet treat a cell as a formula (CSV injection), plus the escape itself.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_FIELDS = ("where", "treatments", "notes")

_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0", ""})
_WHOLE = re.compile(r"^[0-9]+$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


# ----------------------------------------------------------------------------- records


class DiaryError(ValueError):
    """A diary file that cannot be read (or an entry that cannot be saved), and where.

    ``path``, ``line`` and ``field`` say where the problem is when it is in a file.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.reason = message
        where = []
        if path is not None:
            where.append(str(path))
        if line is not None:
            where.append(f"line {line}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


@dataclass(frozen=True, slots=True)
class DiaryEntry:
    """One diary entry. Several entries may share a date (say, morning and evening)."""

    date: dt.date
    pain: int
    where: str = ""
    minutes_walked: int = 0
    stretches: bool = False
    treatments: str = ""
    notes: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.date, dt.datetime):
            object.__setattr__(self, "date", self.date.date())
        if not isinstance(self.date, dt.date):
            raise DiaryError(f"expected a date, got {self.date!r}", field="date")
        if isinstance(self.pain, bool) or not isinstance(self.pain, int) or not 0 <= self.pain <= 10:
            raise DiaryError(f"expected a whole number from 0 to 10, got {self.pain!r}", field="pain")
        minutes = self.minutes_walked
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= MAX_MINUTES:
            raise DiaryError(
                f"expected a whole number of minutes from 0 to {MAX_MINUTES}, got {minutes!r}", field="minutes_walked"
            )
        if not isinstance(self.stretches, bool):
            raise DiaryError(f"expected True or False, got {self.stretches!r}", field="stretches")
        for name in _TEXT_FIELDS:
            if not isinstance(getattr(self, name), str):
                raise DiaryError(f"expected text, got {getattr(self, name)!r}", field=name)
            try:
                getattr(self, name).encode("utf-8")
            except UnicodeEncodeError as error:
                raise DiaryError(
                    f"has a character that cannot be saved (at position {error.start + 1}; a broken emoji or "
                    "a pasted symbol?); delete it or type it again", field=name,
                ) from None
            if len(getattr(self, name)) > MAX_TEXT:
                raise DiaryError(
                    f"expected at most {MAX_TEXT:,} characters, got {len(getattr(self, name)):,}; "
                    "keep the main points and save the rest elsewhere",
                    field=name,
                )

    @property
    def massage(self) -> bool:
        """Whether the treatments mention a massage."""
        return "massage" in self.treatments.lower()

    def as_row(self) -> list[str]:
        """The entry as CSV fields, in ``COLUMNS`` order."""
        return [
            self.date.isoformat(),
            str(self.pain),
            _cell(self.where),
            str(self.minutes_walked),
            "yes" if self.stretches else "no",
            _cell(self.treatments),
            _cell(self.notes),
        ]


def _cell(text: str) -> str:
    """Text as a spreadsheet shows it, never runs it: a leading apostrophe before = + - @ (and before an
    apostrophe that such a prefix would be confused with), which :func:`_uncell` removes on reading."""
    if text.startswith(_FORMULA_START) or (text.startswith("'") and text[1:2] in ("'", *_FORMULA_START)):
        return "'" + text
    return text


def _uncell(text: str) -> str:
    if text.startswith("'") and text[1:2] in ("'", *_FORMULA_START):
        return text[1:]
    return text


# ----------------------------------------------------------------------------- places


def default_diary_path() -> Path:
    """Where the diary lives: ``$BACKLEARN_DIARY``, else ``diary.csv`` in backlearn's user data folder."""
    return places.diary_file()


def example_diary_path() -> Path:
    """The example diary shipped with backlearn (six made-up weeks of upper back pain)."""
    return places.example_diary()


def practice_diary(path: str | os.PathLike[str] | None = None) -> Path:
    """A new copy of the example diary for a learner to practise on (add entries, plot it), and its path.

    With no path, the copy is ``diary.csv`` in a new temporary folder, so each run starts again from
    the example; with one (a file, or a folder to hold ``diary.csv``), it is made there. It never
    replaces a file: when the path exists already, FileExistsError names it and nothing is written.
    The example is read through importlib.resources, so this works from a zipped install too.
    """
    if path is None:
        target = Path(tempfile.mkdtemp(prefix="backlearn-practice-")) / places.DIARY_FILE
    else:
        target = _as_file(Path(path).expanduser())
    data = places.shipped_file("example_diary.csv").read_bytes()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL: fails, changing nothing, when the file exists; private to its owner, as a saved diary
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise FileExistsError(
            f"{target} already exists, and a practice diary never replaces a file; give another name, "
            "or read that file with read_diary"
        ) from None
    try:
        with open(handle, "wb") as copy:
            copy.write(data)
    except BaseException:
        target.unlink(missing_ok=True)  # only the file this call created: never a half copy
        raise
    return target


def _as_file(path: Path) -> Path:
    return path / places.DIARY_FILE if path.is_dir() else path


def diary_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The diary file ``path`` names: with none, :func:`default_diary_path`; a folder means its ``diary.csv``."""
    return default_diary_path() if path is None else _as_file(Path(path).expanduser())


# ----------------------------------------------------------------------------- reading


def _parse_field(name: str, raw: str, where: Path, line: int) -> object:
    """One CSV field as its typed value, or DiaryError saying what was expected."""
    text = raw.strip()
    if name == "date":
        if _ISO_DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
        raise DiaryError(f"expected a date written YYYY-MM-DD, such as 2024-03-04, got {raw!r}",
                         path=where, line=line, field=name)
    if name == "pain":
        if _WHOLE.match(text) and len(text) <= 2 and 0 <= int(text) <= 10:
            return int(text)
        raise DiaryError(f"expected a whole number from 0 to 10, got {raw!r}", path=where, line=line, field=name)
    if name == "minutes_walked":
        if _WHOLE.match(text) and len(text) <= 4 and int(text) <= MAX_MINUTES:
            return int(text)
        raise DiaryError(f"expected a whole number of minutes from 0 to {MAX_MINUTES}, got {raw!r}",
                         path=where, line=line, field=name)
    if name == "stretches":
        if text.lower() in _YES:
            return True
        if text.lower() in _NO:
            return False
        raise DiaryError(f"expected yes or no, got {raw!r}", path=where, line=line, field=name)
    return _uncell(raw)


def _parse(text: str, where: Path) -> list[DiaryEntry]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    entries: list[DiaryEntry] = []
    header_seen = False
    last_line = 0
    try:
        for row in reader:
            line = last_line + 1  # a quoted note may span lines: report where the record starts
            last_line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank line
            if not header_seen:
                _check_header(row, where, line)
                header_seen = True
                continue
            if len(row) != len(COLUMNS):
                _wrong_count(row, where, line)
            values = {name: _parse_field(name, raw, where, line) for name, raw in zip(COLUMNS, row, strict=True)}
            entries.append(DiaryEntry(**values))  # type: ignore[arg-type]
    except csv.Error as error:
        raise DiaryError(f"expected comma-separated values with matching quotes, but {error}",
                         path=where, line=last_line + 1, field="text") from None
    return entries


def _check_header(row: Sequence[str], where: Path, line: int) -> None:
    names = [cell.strip().lstrip("\ufeff") for cell in row]
    if tuple(names) == COLUMNS:
        return
    expected = ",".join(COLUMNS)
    for position, name in enumerate(COLUMNS):
        got = names[position] if position < len(names) else None
        if got != name:
            got_text = f"{got!r}" if got is not None else "nothing"
            raise DiaryError(
                f"expected the first line to be the column names {expected}; column {position + 1} should be "
                f"{name!r}, got {got_text}", path=where, line=line, field=name,
            )
    raise DiaryError(f"expected the first line to be the column names {expected}; got an extra column "
                     f"{names[len(COLUMNS)]!r}", path=where, line=line, field=names[len(COLUMNS)])


def _wrong_count(row: Sequence[str], where: Path, line: int) -> None:
    expected = f"{len(COLUMNS)} values separated by commas ({', '.join(COLUMNS)})"
    if len(row) < len(COLUMNS):
        missing = COLUMNS[len(row)]
        raise DiaryError(f"expected {expected}, got {len(row)}: '{missing}' and after are missing",
                         path=where, line=line, field=missing)
    raise DiaryError(f"expected {expected}, got {len(row)}: a value such as a note with a comma may need quotes",
                     path=where, line=line, field=f"after {COLUMNS[-1]}")


def read_diary(path: str | os.PathLike[str] | None = None) -> list[DiaryEntry]:
    """The diary's entries in file order; [] for a missing file or one with only the header.

    With no path, ``default_diary_path()`` is read. A folder means its ``diary.csv``.
    Raises DiaryError naming the file, the line and the field of the first problem.
    """
    where = diary_path(path)
    try:
        data = _read_bytes(where)
    except FileNotFoundError:
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DiaryError("expected text saved as UTF-8 (try 'CSV UTF-8' when saving from a spreadsheet)",
                         path=where, line=line, field="text") from None
    return _parse(text, where)


def _read_bytes(where: Path) -> bytes:
    """The diary file's bytes. A pipe, device or folder is refused without waiting on it (opened
    non-blocking, then checked), so a FIFO at the diary's place never hangs the notebook."""
    try:
        handle = os.open(where, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if where.is_symlink():
            raise DiaryError(f"is a link to {os.readlink(where)}, which does not exist; nothing was read or saved",
                             path=where) from None
        raise
    except IsADirectoryError:
        raise DiaryError("is a folder; expected the diary's CSV file", path=where) from None
    except OSError as error:  # a link loop, no permission
        raise DiaryError(f"cannot be opened ({error.strerror or error})", path=where) from None
    with open(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise DiaryError("is not a regular file (a pipe or device?); expected the diary's CSV file", path=where)
        return file.read()


# ----------------------------------------------------------------------------- writing


def _csv_text(entries: Iterable[DiaryEntry]) -> str:
    buffer = io.StringIO(newline="")
    # CRLF, as RFC 4180 and spreadsheets expect; it also makes the writer quote any field holding a lone \r.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(entry.as_row() for entry in entries)
    return buffer.getvalue()


def check_entry(day: object, pain: object, minutes_walked: object, *, today: dt.date | None = None) -> None:
    """Refuse, in plain words, an entry that cannot be true: no date, a date after ``today``, pain
    outside 0 to 10, minutes walked below 0 or over a day. DiaryError names the field; nothing is saved."""
    today = today or dt.date.today()
    if isinstance(day, dt.datetime):
        day = day.date()
    if not isinstance(day, dt.date):
        raise DiaryError("expected a date: pick one in the Date box", field="date")
    if day > today:
        raise DiaryError(f"{day.isoformat()} is in the future; a diary is about days that have happened, "
                         f"so pick today ({today.isoformat()}) or an earlier day", field="date")
    if isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10:
        raise DiaryError(f"pain is a number from 0 (no pain) to 10 (the worst pain), not {pain!r}", field="pain")
    if isinstance(minutes_walked, bool) or not isinstance(minutes_walked, int) or minutes_walked < 0:
        raise DiaryError(f"minutes walked cannot be below 0, and you typed {minutes_walked!r}; "
                         "type 0 if you did not walk", field="minutes_walked")
    if minutes_walked > MAX_MINUTES:
        raise DiaryError(f"minutes walked cannot be more than a whole day ({MAX_MINUTES}), and you typed "
                         f"{minutes_walked}", field="minutes_walked")


def add_entry(entry: DiaryEntry, path: str | os.PathLike[str] | None = None, *, replace: bool = False) -> Path:
    """Add one entry to the diary (creating it if needed) and return the file written.

    The existing diary is read first: if it cannot be read, DiaryError is raised and the file is
    left exactly as it was. Entries are kept in date order; a new entry goes after others of its date.
    With ``replace=True`` the entry takes the place of every entry already saved for its date.
    """
    if not isinstance(entry, DiaryEntry):
        raise TypeError(f"expected a DiaryEntry, got {type(entry).__name__}")
    given = diary_path(path)
    given.parent.mkdir(parents=True, exist_ok=True)
    # A diary that is a link (say, into a synced folder) is saved through it: the linked file gets the
    # entry and the link stays. The lock sits beside the real file, so writers through either name share it.
    where = Path(os.path.realpath(given)) if given.is_symlink() else given
    if given.is_symlink() and not where.exists():
        read_diary(given)  # a link that leads nowhere or in a loop: DiaryError, nothing saved
    import filelock

    with filelock.FileLock(where.with_name(f".{where.name}.lock")):
        entries = read_diary(where)  # read under the lock: another writer's entry is already in
        _check_writable(where)
        for stray in stray_temporaries(where):  # left by a writer killed mid-save; nobody else holds the lock
            stray.unlink(missing_ok=True)
        if replace:
            entries = [e for e in entries if e.date != entry.date]
        entries.append(entry)
        entries.sort(key=lambda e: e.date)  # stable: same-date entries keep their order
        write_atomically(where, _csv_text(entries), newline="")
    return given


def _check_writable(where: Path) -> None:
    """A diary the learner made read-only stays as it is (the rename would replace it regardless)."""
    try:
        mode = where.stat().st_mode
    except FileNotFoundError:
        return
    if not mode & 0o222 or not os.access(where, os.W_OK):
        raise DiaryError("the diary is read-only, so nothing was saved; make it writable to add entries",
                         path=where)
