"""The pain diary's store: reading, atomic saving, clear errors, the example diary and practice copies."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from diary_helpers import HEADER, entry, files_in

from backlearn import places
from backlearn.diary import (
    COLUMNS,
    DiaryEntry,
    DiaryError,
    add_entry,
    default_diary_path,
    example_diary_path,
    practice_diary,
    read_diary,
)

D = dt.date


# ----------------------------------------------------------------------------- reading and writing


def test_round_trip(tmp_path):
    path = tmp_path / "diary.csv"
    first = DiaryEntry(D(2024, 3, 4), 6, "between shoulder blades", 10, False, "", "Sore after the desk.")
    assert add_entry(first, path) == path
    assert read_diary(path) == [first]
    tricky = DiaryEntry(D(2024, 3, 5), 0, 'left side, "sharp"', 1440, True, "massage; heat",
                        "Two lines,\nwith a comma and ünïcode")
    add_entry(tricky, path)
    assert read_diary(path) == [first, tricky]
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)


def test_several_entries_kept_in_date_order(tmp_path):
    path = tmp_path / "diary.csv"
    morning = entry(D(2024, 3, 5), 5, notes="morning")
    evening = entry(D(2024, 3, 5), 3, notes="evening")
    earlier = entry(D(2024, 3, 1), 7)
    for item in (morning, evening, earlier):
        add_entry(item, path)
    assert read_diary(path) == [earlier, morning, evening]


def test_missing_and_empty_files(tmp_path):
    assert read_diary(tmp_path / "nothing-here.csv") == []
    header_only = tmp_path / "header.csv"
    header_only.write_text(HEADER, encoding="utf-8")
    assert read_diary(header_only) == []
    blank = tmp_path / "blank.csv"
    blank.write_text("", encoding="utf-8")
    assert read_diary(blank) == []


def test_spreadsheet_quirks_are_read(tmp_path):
    """A byte-order mark, Windows line ends, padded numbers, True/False and a trailing blank line."""
    path = tmp_path / "diary.csv"
    path.write_bytes(("\ufeff" + HEADER + "2024-03-04, 6 ,upper back, 15 ,TRUE,,\r\n\r\n").encode("utf-8"))
    assert read_diary(path) == [DiaryEntry(D(2024, 3, 4), 6, "upper back", 15, True, "", "")]


def test_folder_argument_and_environment(tmp_path, monkeypatch):
    written = add_entry(entry(D(2024, 3, 4), 2), tmp_path)
    assert written == tmp_path / "diary.csv"
    chosen = tmp_path / "mine" / "pain.csv"
    monkeypatch.setenv(places.DIARY_ENV, str(chosen))
    assert default_diary_path() == chosen
    add_entry(entry(D(2024, 3, 4), 3))
    assert [e.pain for e in read_diary()] == [3]
    monkeypatch.delenv(places.DIARY_ENV)
    default = default_diary_path()
    assert default.name == "diary.csv" and "backlearn" in str(default)


def test_entry_checks_its_values():
    with pytest.raises(DiaryError, match="field 'pain': expected a whole number from 0 to 10, got 11"):
        entry(D(2024, 3, 4), 11)
    with pytest.raises(DiaryError, match="minutes_walked"):
        entry(D(2024, 3, 4), 1, minutes=-5)
    with pytest.raises(DiaryError, match="'date'"):
        DiaryEntry("2024-03-04", 1)  # type: ignore[arg-type]
    with pytest.raises(DiaryError, match="'pain'"):
        DiaryEntry(D(2024, 3, 4), True)
    assert entry(D(2024, 3, 4), 1, treatments="Massage").massage


@pytest.mark.parametrize(
    ("field", "cell", "value", "words"),
    [
        ("pain", "11", 11, "a whole number from 0 to 10, got "),
        ("minutes_walked", "1441", 1441, "a whole number of minutes from 0 to 1440, got "),
        ("notes", "x" * 10_001, "x" * 10_001, "at most 10,000 characters, got 10,001"),
    ],
)
def test_an_entry_and_a_line_of_the_file_are_held_to_the_same_rules(tmp_path, field, cell, value, words):
    """One set of field rules: what DiaryEntry refuses, the reader refuses, in the same words (the
    reader adds the file and the line)."""
    cells = {"date": "2024-03-04", "pain": "3", "where": "", "minutes_walked": "0", "stretches": "no",
             "treatments": "", "notes": ""}
    cells[field] = cell
    path = tmp_path / "diary.csv"
    path.write_text(HEADER + ",".join(cells[name] for name in COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(DiaryError) as from_file:
        read_diary(path)
    with pytest.raises(DiaryError) as from_code:
        DiaryEntry(**{"date": D(2024, 3, 4), "pain": 3, field: value})
    assert (from_file.value.path, from_file.value.line, from_file.value.field) == (path, 2, field)
    assert (from_code.value.path, from_code.value.line, from_code.value.field) == (None, None, field)
    assert words in from_file.value.reason and words in from_code.value.reason


# ----------------------------------------------------------------------------- atomic saving


def test_failed_rename_leaves_old_file_and_no_temp_files(tmp_path, monkeypatch):
    path = tmp_path / "diary.csv"
    add_entry(entry(D(2024, 3, 4), 6), path)
    add_entry(entry(D(2024, 3, 5), 5), path)
    before = path.read_bytes()

    def crash(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="No space left"):
        add_entry(entry(D(2024, 3, 6), 4), path)
    assert path.read_bytes() == before
    assert files_in(tmp_path) == ["diary.csv"]


def test_crash_while_writing_leaves_old_file(tmp_path, monkeypatch):
    path = tmp_path / "diary.csv"
    add_entry(entry(D(2024, 3, 4), 6), path)
    before = path.read_bytes()

    def crash(_fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        add_entry(entry(D(2024, 3, 5), 5), path)
    assert path.read_bytes() == before
    assert files_in(tmp_path) == ["diary.csv"]


# ----------------------------------------------------------------------------- clear errors

GOOD = "2024-03-04,6,upper back,10,no,,\n"

BROKEN = [
    # (file text, line, field, words the message must contain)
    (HEADER.replace("pain", "pian") + GOOD, 1, "pain", ["column 2", "'pian'", ",".join(COLUMNS)]),
    ("date,pain\n" + GOOD, 1, "where", ["got nothing", ",".join(COLUMNS)]),
    (GOOD, 1, "date", ["column names", "'2024-03-04'"]),
    (HEADER + GOOD + "2024-03-05,11,upper back,10,no,,\n", 3, "pain", ["from 0 to 10", "'11'"]),
    (HEADER + GOOD + GOOD + "2024-03-06,eleven,upper back,10,no,,\n", 4, "pain", ["from 0 to 10", "'eleven'"]),
    (HEADER + "2024-03-05,5.5,upper back,10,no,,\n", 2, "pain", ["whole number", "'5.5'"]),
    (HEADER + "05/03/2024,5,upper back,10,no,,\n", 2, "date", ["YYYY-MM-DD", "'05/03/2024'"]),
    (HEADER + "2024-02-30,5,upper back,10,no,,\n", 2, "date", ["YYYY-MM-DD", "'2024-02-30'"]),
    (HEADER + "2024-03-05,5,upper back,10,no,\n", 2, "notes", ["7 values", "got 6"]),
    (HEADER + "2024-03-05,5,upper back,10,no,,,extra\n", 2, "after notes", ["7 values", "got 8", "quotes"]),
    (HEADER + "2024-03-05,5,upper back,lots,no,,\n", 2, "minutes_walked", ["whole number of minutes", "'lots'"]),
    (HEADER + "2024-03-05,5,upper back,10,maybe,,\n", 2, "stretches", ["yes or no", "'maybe'"]),
    # a note over two lines: the next record starts on line 4
    (HEADER + '2024-03-04,6,upper back,10,no,,"line one\nline two"\n2024-03-05,x,,0,no,,\n', 4, "pain", ["'x'"]),
    (HEADER + GOOD + '2024-03-05,5,upper back,10,no,,"never closed\n', 3, "text", ["quotes"]),
    # a note longer than a saved one may be (a spreadsheet can write one): the file and line are named too
    (HEADER + GOOD + "2024-03-05,5,upper back,10,no,," + "x" * 10_001 + "\n", 3, "notes", ["at most 10,000", "10,001"]),
]


@pytest.mark.parametrize(("text", "line", "field", "words"), BROKEN)
def test_broken_file_names_file_line_and_field_and_is_left_alone(tmp_path, text, line, field, words):
    path = tmp_path / "diary.csv"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(DiaryError) as caught:
        read_diary(path)
    message = str(caught.value)
    assert "diary.csv" in message
    assert f"line {line}," in message
    assert f"field '{field}'" in message
    assert "expected" in message
    for word in words:
        assert word in message
    assert (caught.value.line, caught.value.field) == (line, field)
    with pytest.raises(DiaryError):
        add_entry(entry(D(2024, 3, 7), 3), path)
    assert path.read_bytes() == text.encode("utf-8")
    assert files_in(tmp_path) == ["diary.csv"]


def test_non_utf8_file_names_the_line(tmp_path):
    path = tmp_path / "diary.csv"
    data = (HEADER + GOOD).encode("utf-8") + b"2024-03-05,5,\xe9paule,10,no,,\n"
    path.write_bytes(data)
    with pytest.raises(DiaryError, match=r"diary\.csv, line 3, field 'text': expected text saved as UTF-8"):
        read_diary(path)
    with pytest.raises(DiaryError):
        add_entry(entry(D(2024, 3, 7), 3), path)
    assert path.read_bytes() == data


# ----------------------------------------------------------------------------- summaries


def test_diary_module_is_light():
    code = "import sys, backlearn.diary; print(sorted({'pandas', 'matplotlib', 'ipywidgets'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ----------------------------------------------------------------------------- the example diary


def test_example_diary_loads_cleanly():
    path = example_diary_path()
    assert path.is_file() and path.name == "example_diary.csv"
    entries = read_diary(path)
    assert len(entries) == 42
    assert [e.date for e in entries] == [D(2024, 3, 4) + dt.timedelta(days=n) for n in range(42)]
    assert sum(e.massage for e in entries) >= 2
    assert all("shoulder blades" in e.where or "upper back" in e.where for e in entries)


def test_a_practice_diary_is_a_fresh_private_copy_of_the_example_each_time():
    first, second = practice_diary(), practice_diary()
    assert first != second and first.name == second.name == "diary.csv"
    assert first.read_bytes() == example_diary_path().read_bytes()
    add_entry(DiaryEntry(D(2024, 4, 15), 2, "upper back", 40, True), first)
    assert len(read_diary(first)) == 43 and len(read_diary(second)) == 42
    assert example_diary_path().read_bytes() == second.read_bytes()  # the example itself is untouched
    assert first.stat().st_mode & 0o077 == 0


def test_a_practice_diary_never_replaces_a_file(tmp_path):
    mine = tmp_path / "my-diary.csv"
    mine.write_text(HEADER + "2024-05-01,4,low back,10,no,,mine\n", encoding="utf-8")
    (tmp_path / "diary.csv").write_text("my own notes", encoding="utf-8")
    for given in (mine, tmp_path):  # a file, and a folder that already holds diary.csv
        before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
        with pytest.raises(FileExistsError, match=r"already exists.*never replaces"):
            practice_diary(given)
        assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    made = practice_diary(tmp_path / "new" / "practice.csv")
    assert made == tmp_path / "new" / "practice.csv" and len(read_diary(made)) == 42
    folder = tmp_path / "empty"
    folder.mkdir()
    assert practice_diary(folder) == folder / "diary.csv"


# ----------------------------------------------------------------------------- the form


# ----------------------------------------------------------------------------- any text survives


def test_any_text_round_trips(tmp_path_factory):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    folder = tmp_path_factory.mktemp("roundtrip")
    text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)

    @settings(max_examples=300, deadline=None)
    @given(
        st.dates(min_value=D(1900, 1, 1), max_value=D(2999, 12, 31)),
        st.integers(0, 10),
        text,
        st.integers(0, 1440),
        st.booleans(),
        text,
        text,
    )
    def check(day, pain, where, minutes, stretches, treatments, notes):
        path = folder / "diary.csv"
        path.unlink(missing_ok=True)
        item = DiaryEntry(day, pain, where, minutes, stretches, treatments, notes)
        add_entry(item, path)
        assert read_diary(path) == [item]

    check()


# -- two writers, limits, read-only files, stray temporaries, spreadsheet formulas -----------------

_WRITER = """
import datetime as dt, sys
from backlearn.diary import DiaryEntry, add_entry
for n in range(int(sys.argv[2])):
    add_entry(DiaryEntry(dt.date(2024, 1, 1) + dt.timedelta(days=n % 300), pain=n % 11, notes=f"{sys.argv[3]}-{n}"),
              sys.argv[1])
"""


def test_two_processes_saving_at_once_keep_every_entry(tmp_path):
    import subprocess
    import sys

    diary = tmp_path / "diary.csv"
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(diary), "500", name]) for name in ("a", "b")
    ]
    assert [w.wait(timeout=600) for w in writers] == [0, 0]
    notes = {entry.notes for entry in read_diary(diary)}
    assert len(notes) == 1000
    assert notes == {f"{name}-{n}" for name in "ab" for n in range(500)}


def test_a_note_too_long_to_read_back_is_refused_before_saving(tmp_path):
    diary = tmp_path / "diary.csv"
    add_entry(DiaryEntry(dt.date(2024, 3, 1), 3, notes="ok"), diary)
    before = diary.read_bytes()
    with pytest.raises(DiaryError, match="at most 10,000 characters") as caught:
        add_entry(DiaryEntry(dt.date(2024, 3, 2), 3, notes="x" * 200_000), diary)
    assert caught.value.field == "notes"
    assert diary.read_bytes() == before
    assert len(read_diary(diary)) == 1


def test_a_read_only_diary_is_never_overwritten(tmp_path):
    diary = tmp_path / "diary.csv"
    add_entry(DiaryEntry(dt.date(2024, 3, 1), 3), diary)
    diary.chmod(0o444)
    before = diary.read_bytes()
    with pytest.raises(DiaryError, match="read-only"):
        add_entry(DiaryEntry(dt.date(2024, 3, 2), 4), diary)
    assert diary.read_bytes() == before and diary.stat().st_mode & 0o777 == 0o444


def test_temporary_files_of_a_killed_writer_are_cleaned_on_the_next_save(tmp_path):
    diary = tmp_path / "diary.csv"
    stray = tmp_path / ".diary.csv.abc123.tmp"
    stray.write_text("half a diary", encoding="utf-8")
    add_entry(DiaryEntry(dt.date(2024, 3, 1), 3), diary)
    assert not stray.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []


def test_text_a_spreadsheet_would_run_is_stored_as_text_and_read_back_unchanged(tmp_path):
    diary = tmp_path / "diary.csv"
    tricky = ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "'=quoted", "'twas fine", "\tTab"]
    for text in tricky:
        add_entry(DiaryEntry(dt.date(2024, 3, 1), 3, where=text, treatments=text, notes=text), diary)
    import csv

    rows = list(csv.reader(diary.read_text(encoding="utf-8").splitlines()))[1:]
    for row in rows:
        for cell in (row[2], row[5], row[6]):
            assert not cell.startswith(("=", "+", "-", "@", "\t")), cell
    assert [e.notes for e in read_diary(diary)] == tricky
    assert [e.where for e in read_diary(diary)] == tricky


def test_a_huge_number_is_a_diary_error_not_a_crash(tmp_path):
    diary = tmp_path / "diary.csv"
    for column, value in (("pain", "9" * 5000), ("minutes_walked", "9" * 5000)):
        row = {"date": "2024-03-01", "pain": "3", "where": "", "minutes_walked": "0", "stretches": "no",
               "treatments": "", "notes": ""}
        row[column] = value
        diary.write_text(",".join(row) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
        with pytest.raises(DiaryError) as caught:
            read_diary(diary)
        assert caught.value.field == column


# ----------------------------------------------------------------------------- a diary that keeps its shape


