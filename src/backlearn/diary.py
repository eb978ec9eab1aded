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

The field rules (``_RULES``) are written once and used both by ``DiaryEntry``, which refuses a value
that is not one, and by the reader, which also knows how each field is written in the file.
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
from collections.abc import Callable, Iterable, Sequence
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


# ----------------------------------------------------------------------------- field rules


@dataclass(frozen=True, slots=True)
class _Rule:
    """What one field holds, how the CSV file writes it, and what an error says was expected."""

    #: What was expected, said of a Python value ("a whole number from 0 to 10").
    expected: str
    #: Whether a value is one the field holds.
    holds: Callable[[object], bool]
    #: The value a CSV cell's text stands for; None (which no rule holds) when it is not written that way.
    read: Callable[[str], object]
    #: What was expected, said of the file's text, when that differs from ``expected``.
    written: str = ""


def _whole_number(low: int, high: int) -> Callable[[object], bool]:
    """A test for a whole number (not True or False) from ``low`` to ``high``."""
    return lambda value: isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _read_whole(digits: int) -> Callable[[str], int | None]:
    """A reader of at most ``digits`` digits (no sign, no decimal point), so a huge number is no crash."""

    def read(raw: str) -> int | None:
        text = raw.strip()
        return int(text) if _WHOLE.match(text) and len(text) <= digits else None

    return read


def _read_date(raw: str) -> dt.date | None:
    text = raw.strip()
    if not _ISO_DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # such as 2024-02-30
        return None


def _read_yes_no(raw: str) -> bool | None:
    text = raw.strip().lower()
    return True if text in _YES else False if text in _NO else None


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


def _is_text(value: object) -> bool:
    return isinstance(value, str)


#: Text (where it hurts, treatments, notes) must also encode as UTF-8 and fit in ``MAX_TEXT`` characters.
_TEXT = _Rule("text", _is_text, _uncell)
#: Every field's rule, in the order a new entry is checked (the first problem is the one reported).
_RULES: dict[str, _Rule] = {
    "date": _Rule("a date", lambda value: isinstance(value, dt.date), _read_date,
                  written="a date written YYYY-MM-DD, such as 2024-03-04"),
    "pain": _Rule("a whole number from 0 to 10", _whole_number(0, 10), _read_whole(2)),
    "minutes_walked": _Rule(f"a whole number of minutes from 0 to {MAX_MINUTES}", _whole_number(0, MAX_MINUTES),
                            _read_whole(4)),
    "stretches": _Rule("True or False", lambda value: isinstance(value, bool), _read_yes_no, written="yes or no"),
    "where": _TEXT,
    "treatments": _TEXT,
    "notes": _TEXT,
}


def _checked(name: str, value: object, *, raw: str | None = None) -> object:
    """``value`` when the field ``name`` can hold it, else DiaryError naming the field and what was expected.

    ``raw`` is the file's text the value was read from: the error then quotes it and says how the
    file writes the field."""
    rule = _RULES[name]
    if not rule.holds(value):
        if raw is None:
            raise DiaryError(f"expected {rule.expected}, got {value!r}", field=name)
        raise DiaryError(f"expected {rule.written or rule.expected}, got {raw!r}", field=name)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise DiaryError(
                f"has a character that cannot be saved (at position {error.start + 1}; a broken emoji or "
                "a pasted symbol?); delete it or type it again", field=name,
            ) from None
        if len(value) > MAX_TEXT:
            raise DiaryError(
                f"expected at most {MAX_TEXT:,} characters, got {len(value):,}; "
                "keep the main points and save the rest elsewhere",
                field=name,
            )
    return value


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
        for name in _RULES:
            _checked(name, getattr(self, name))

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
    """One CSV field as its typed value, or DiaryError naming the file, the line, the field and what was expected."""
    try:
        return _checked(name, _RULES[name].read(raw), raw=raw)
    except DiaryError as error:
        raise DiaryError(error.reason, path=where, line=line, field=name) from None


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
    if not _RULES["pain"].holds(pain):
        raise DiaryError(f"pain is a number from 0 (no pain) to 10 (the worst pain), not {pain!r}", field="pain")
    if not _RULES["minutes_walked"].holds(minutes_walked):
        if isinstance(minutes_walked, int) and minutes_walked > MAX_MINUTES:
            raise DiaryError(f"minutes walked cannot be more than a whole day ({MAX_MINUTES}), and you typed "
                             f"{minutes_walked}", field="minutes_walked")
        raise DiaryError(f"minutes walked cannot be below 0, and you typed {minutes_walked!r}; "
                         "type 0 if you did not walk", field="minutes_walked")


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
