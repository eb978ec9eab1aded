"""The pain diary: reading, atomic saving, clear errors, summaries, the plot and the form."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from backlearn.diary import (
    COLUMNS,
    DIARY_ENV,
    MAX_MINUTES,
    DiaryEntry,
    DiaryError,
    add_entry,
    chart_description,
    default_diary_path,
    entries_frame,
    example_diary_path,
    plot_diary,
    practice_diary,
    read_diary,
    summary_text,
    walking_and_pain,
    weekly_summary,
)

HEADER = ",".join(COLUMNS) + "\n"
D = dt.date


def entry(day: dt.date, pain: int, minutes: int = 0, stretches: bool = False, treatments: str = "",
          where: str = "between shoulder blades", notes: str = "") -> DiaryEntry:
    return DiaryEntry(day, pain, where, minutes, stretches, treatments, notes)


#: Two weeks, hand-checked below. Monday 1 January 2024 starts the first week.
KNOWN = [
    entry(D(2024, 1, 1), 6, 10),
    entry(D(2024, 1, 2), 4, 20, True, "massage"),
    entry(D(2024, 1, 3), 5, 0),
    entry(D(2024, 1, 8), 2, 40, True, "Massage; heat"),
    entry(D(2024, 1, 8), 4, 10),  # a second entry that day: the day's pain is 3, its minutes 50
    entry(D(2024, 1, 14), 1, 30, True),  # Sunday: still the second week
]


def files_in(folder: Path) -> list[str]:
    # The save lock (.diary.csv.lock) is the diary's own sidecar and stays; it holds no data.
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))


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
    monkeypatch.setenv(DIARY_ENV, str(chosen))
    assert default_diary_path() == chosen
    add_entry(entry(D(2024, 3, 4), 3))
    assert [e.pain for e in read_diary()] == [3]
    monkeypatch.delenv(DIARY_ENV)
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


def test_weekly_summary_on_known_diary():
    table = weekly_summary(KNOWN)
    assert table.index.name == "Week starting"
    assert list(table.index) == [D(2024, 1, 1), D(2024, 1, 8)]
    assert list(table.columns) == [
        "Days recorded", "Average pain (0-10)", "Minutes walked", "Days with stretches", "Days with massage"
    ]
    # Week 1: pains 6, 4, 5 -> 5.0; minutes 10 + 20 + 0; one stretch day; one massage day.
    # Week 2: 8 Jan (pains 2 and 4 -> 3, minutes 50) and 14 Jan (pain 1, 30) -> 2.0 and 80.
    assert table.loc[D(2024, 1, 1)].tolist() == [3, 5.0, 30, 1, 1]
    assert table.loc[D(2024, 1, 8)].tolist() == [2, 2.0, 80, 2, 1]
    assert weekly_summary([]).empty


def test_entries_frame():
    frame = entries_frame(KNOWN)
    assert list(frame.columns) == [*COLUMNS, "massage"]
    assert len(frame) == 6
    assert frame["massage"].tolist() == [False, True, False, True, False, False]
    assert str(frame["date"].dtype).startswith("datetime64")
    assert entries_frame([]).empty


def test_walking_and_pain_on_known_diary():
    link = walking_and_pain(KNOWN)
    # Days: (minutes, pain) = (10, 6), (20, 4), (0, 5), (50, 3), (30, 1).
    assert (link.days, link.threshold) == (5, 30)
    assert (link.days_walked, link.mean_pain_walked) == (2, 2.0)
    assert (link.days_less, link.mean_pain_less) == (3, 5.0)
    # By hand: sum of products of deviations -98, sums of squares 1480 and 14.8; sqrt(1480 * 14.8) = 148.
    assert link.correlation == pytest.approx(-98 / 148)


def test_walking_and_pain_with_too_little_data():
    empty = walking_and_pain([])
    assert (empty.days, empty.mean_pain_walked, empty.mean_pain_less, empty.correlation) == (0, None, None, None)
    two = walking_and_pain([entry(D(2024, 1, 1), 5, 40), entry(D(2024, 1, 2), 3, 10)])
    assert two.correlation is None and two.mean_pain_walked == 5.0 and two.mean_pain_less == 3.0
    same_walk = walking_and_pain([entry(D(2024, 1, d), d, 10) for d in range(1, 6)])
    assert same_walk.correlation is None and same_walk.mean_pain_walked is None


def test_summary_text_in_plain_sentences():
    text = summary_text(KNOWN)
    assert text.splitlines() == [
        "You wrote about 5 days, from 1 January 2024 to 14 January 2024.",
        "Over 2 weeks, your average pain went from 5.0 in the first week to 2.0 in the last week. "
        "That is 3.0 points lower.",
        "You walked about 10 minutes a day in the first week and about 40 minutes a day in the last week.",
        "On days you walked 30 minutes or more, your pain was 2.0 on average. On other days, it was 5.0.",
        "You did your stretches on 3 of 5 days.",
        "You had a massage on 2 days.",
        "A diary shows what happened at the same time. It cannot prove that one thing caused another.",
    ]
    assert summary_text([]) == "Your diary has no entries yet. Add one to see your summary here."
    one = summary_text([entry(D(2024, 1, 1), 4, 20)])
    assert "Your average pain was 4.0 out of 10." in one and "massage" not in one


def test_plot_has_pain_and_walking_axes():
    from matplotlib.figure import Figure

    figure = plot_diary(KNOWN)
    assert isinstance(figure, Figure)
    pain_axes, walk_axes = figure.axes
    assert len(figure.axes) == 2
    assert "Pain" in pain_axes.get_ylabel() and walk_axes.get_ylabel() == "Minutes walked"
    labels = [text.get_text() for text in pain_axes.get_legend().get_texts()]
    assert labels == ["Pain that day", "7-day average", "Massage day"]
    assert len(walk_axes.patches) == 5  # one bar a day
    assert figure.get_suptitle()
    assert len(plot_diary([]).axes) == 2


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
    table = weekly_summary(entries)
    assert len(table) == 6
    pains = table["Average pain (0-10)"].tolist()
    assert pains[0] >= 5.5 and pains[-1] <= 2.5
    walked = table["Minutes walked"].tolist()
    assert walked[0] < walked[-1]
    assert sum(e.massage for e in entries) >= 2
    assert all("shoulder blades" in e.where or "upper back" in e.where for e in entries)
    link = walking_and_pain(entries)
    assert link.correlation is not None and link.correlation < 0


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


@pytest.fixture
def form_values():
    return {
        "pain": 3,
        "where": "between shoulder blades",
        "minutes_walked": 35,
        "stretches": True,
        "treatments": "massage",
        "notes": "Walked to the park. <b>Felt</b> good.",
    }


def fill(form, values):
    for name, value in values.items():
        getattr(form, name).value = value


def test_form_saves_and_shows_summary(tmp_path, form_values):
    from backlearn import DiaryForm

    path = tmp_path / "diary.csv"
    form = DiaryForm(path, today=D(2024, 3, 4))
    assert form.date.value == D(2024, 3, 4)
    assert "Pain" in form.pain.description and [value for _label, value in form.pain.options] == list(range(11))
    assert form.summary.value.count("no entries yet") == 1 and form.plot.value == "" and form.png == b""
    fill(form, form_values)
    assert form.save() == path
    saved = read_diary(path)
    assert saved == [DiaryEntry(D(2024, 3, 4), 3, "between shoulder blades", 35, True, "massage",
                                "Walked to the park. <b>Felt</b> good.")]
    assert form.announcer.polite.startswith("Saved your entry") and not form.announcer.assertive
    assert "Saved your entry for 2024-03-04 (pain 3 out of 10) to diary.csv." in form.text
    assert "Week by week" in form.summary.value and "<table" in form.summary.value
    assert "Average pain (0-10)" in form.text and "2024-03-04" in form.text
    assert form.png.startswith(b"\x89PNG")
    # The chart is an <img> whose alt text says what it shows (a screen reader reads it), escaped.
    assert form.plot.value.startswith('<img class="bl-diary-chart" src="data:image/png;base64,')
    assert f'alt="{chart_description(read_diary(path))}"' in form.plot.value
    # pressing Save again by mistake does not add the same entry twice
    form.save_button.click()
    assert len(read_diary(path)) == 1 and "already saved" in form.text
    # a second entry the next day
    form.date.value = D(2024, 3, 5)
    form.pain.value = 2
    form.save()
    assert [e.pain for e in read_diary(path)] == [3, 2]
    assert "Your diary has 2 entries." in form.text
    assert repr(form) == "DiaryForm(diary file 'diary.csv')"


def test_form_keeps_values_when_the_diary_is_broken(tmp_path, form_values):
    from backlearn import DiaryForm

    path = tmp_path / "diary.csv"
    broken = (HEADER + "2024-03-04,eleven,upper back,10,no,,\n").encode("utf-8")
    path.write_bytes(broken)
    form = DiaryForm(path, today=D(2024, 3, 5))
    assert "Could not read your diary" in form.text and "line 2" in form.text and "'pain'" in form.text
    assert form.announcer.assertive.startswith("Could not read your diary")
    fill(form, form_values)
    with pytest.raises(DiaryError):
        form.save()
    assert "Could not save your entry" in form.text and "Nothing was lost" in form.text
    assert "line 2, field 'pain'" in form.text
    for name, value in form_values.items():
        assert getattr(form, name).value == value
    assert form.date.value == D(2024, 3, 5)
    assert path.read_bytes() == broken
    form.save_button.click()  # the button shows the problem instead of raising
    assert path.read_bytes() == broken and files_in(tmp_path) == ["diary.csv"]


def test_form_reports_a_folder_it_cannot_write(tmp_path, form_values):
    from backlearn import DiaryForm

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    form = DiaryForm(blocker / "diary.csv", today=D(2024, 3, 5))
    fill(form, form_values)
    with pytest.raises(OSError):
        form.save()
    assert "Could not save your entry" in form.text
    assert form.notes.value == form_values["notes"]


def test_form_needs_a_date(tmp_path):
    from backlearn import DiaryForm

    form = DiaryForm(tmp_path, today=D(2024, 3, 5))
    form.date.value = None
    form.notes.value = "keep me"
    with pytest.raises(DiaryError, match="date"):
        form.save()
    assert "pick one in the Date box" in form.text and form.notes.value == "keep me"
    assert not (tmp_path / "diary.csv").exists()


def test_form_uses_the_environment_by_default(tmp_path, monkeypatch):
    from backlearn import DiaryForm

    target = tmp_path / "env-diary.csv"
    monkeypatch.setenv(DIARY_ENV, str(target))
    form = DiaryForm(today=D(2024, 3, 5))
    assert form.path == target
    form.pain.value = 4
    assert form.save() == target
    assert [e.pain for e in read_diary(target)] == [4]


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


def test_hiding_the_empty_plot_hides_no_input(tmp_path):
    from backlearn.widgets.diary_form import DiaryForm

    form = DiaryForm(tmp_path)
    assert form.plot.layout.display == "none", "an empty diary has no plot"
    for box in (form.pain, form.where, form.treatments, form.notes):
        assert box.layout.display != "none", "an input shares the plot's layout and is hidden with it"

def test_the_chart_is_described_in_words_for_its_alt_text():
    """What the chart draws, said in words: the days, the 7-day average's start and end, the highest and
    lowest pain, massage days and the days that reached the 30-minute line."""
    assert chart_description([]) == "Chart of pain and walking. There are no entries yet, so it shows nothing."
    one = [DiaryEntry(D(2024, 3, 4), 5, minutes_walked=20)]
    assert chart_description(one) == (
        "Chart of pain and walking on 4 March 2024. Top part: pain was 5.0 out of 10. "
        "Bottom part: 20 minutes walked, against a line at 30 minutes.")
    entries = [
        DiaryEntry(D(2024, 3, 4), 6, minutes_walked=10, treatments="massage"),
        DiaryEntry(D(2024, 3, 5), 4, minutes_walked=35),
        DiaryEntry(D(2024, 3, 6), 1, minutes_walked=15),
        DiaryEntry(D(2024, 3, 6), 3, minutes_walked=25),  # the same day: pain 2 on average, 40 minutes
    ]
    assert chart_description(entries) == (
        "Chart of pain and walking for 3 days, from 4 March 2024 to 6 March 2024. "
        "Top part: pain each day, from 0 to 10, and its 7-day average, which went from 6.0 to 4.0. "
        "Pain was highest on 4 March 2024 (6.0) and lowest on 6 March 2024 (2.0). "
        "Massage days are marked: 1 day. "
        "Bottom part: bars of minutes walked each day, from 10 to 40, and a line at 30 minutes, "
        "reached on 2 of 3 days.")
    # The example diary: every sentence names what the chart shows, and nothing is left as a raw number.
    example = read_diary(example_diary_path())
    words = chart_description(example)
    assert f"for {len({e.date for e in example})} days" in words and "nan" not in words


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


def test_two_forms_on_the_same_entries_draw_the_chart_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lesson 10 opens two forms on copies of the example diary: the chart is drawn once, and a
    new entry draws it again."""
    import shutil

    from backlearn.widgets import diary_form
    from backlearn.widgets.diary_form import DiaryForm

    drawn = []
    real = diary_form.plot_diary
    monkeypatch.setattr(diary_form, "plot_diary", lambda entries: drawn.append(1) or real(entries))
    diary_form._figure_png.cache_clear()
    copies = [tmp_path / name for name in ("a.csv", "b.csv")]
    for copy in copies:
        shutil.copyfile(example_diary_path(), copy)
    first, second = (DiaryForm(copy, show_location=False) for copy in copies)
    assert len(drawn) == 1 and first.png == second.png and first.plot.value == second.plot.value
    second.pain.value = 3
    second.save()
    assert len(drawn) == 2 and second.png != first.png


# ----------------------------------------------------------------------------- a diary that keeps its shape


def test_impossible_values_are_refused_with_a_message_and_nothing_saved(tmp_path, form_values):
    from backlearn import DiaryForm
    from backlearn.diary import check_entry

    path = tmp_path / "diary.csv"
    form = DiaryForm(path, today=D(2024, 3, 5))
    fill(form, form_values)
    form.minutes_walked.value = -5  # the box keeps what was typed: it is not turned into 0
    assert form.minutes_walked.value == -5
    form.save_button.click()
    assert not path.exists()
    assert "minutes walked cannot be below 0" in form.text and "Nothing was saved" in form.text
    # Said assertively by the live region that stays in the page (the status element is replaced).
    assert "minutes walked cannot be below 0" in form.announcer.assertive and 'role="alert"' not in form.status.value
    form.minutes_walked.value = 30
    form.date.value = dt.date.today() + dt.timedelta(days=3)
    with pytest.raises(DiaryError, match="in the future"):
        form.save()
    assert not path.exists() and form.minutes_walked.value == 30
    # pain above 10 cannot be chosen in the form's list; the same check refuses it from anywhere else
    with pytest.raises(DiaryError, match=r"from 0 .* to 10") as refused:
        check_entry(D(2024, 3, 4), 11, 0)
    assert refused.value.field == "pain"
    with pytest.raises(DiaryError, match="minutes walked"):
        check_entry(D(2024, 3, 4), 3, MAX_MINUTES + 1)
    check_entry(dt.date.today(), 0, 0)  # today, no pain, no walk: fine


def test_a_second_entry_for_the_same_day_asks_to_replace_or_keep_both(tmp_path, form_values):
    from backlearn import DiaryForm

    path = tmp_path / "diary.csv"
    form = DiaryForm(path, today=D(2024, 3, 4))
    fill(form, form_values)
    assert form.save() == path
    assert form.choice.layout.display == "none"
    form.pain.value = 6  # later that day
    assert form.save() is None
    assert [e.pain for e in read_diary(path)] == [3], "nothing is saved before the learner chooses"
    assert form.pending is not None and form.choice.layout.display != "none"
    assert "already has an entry for 2024-03-04 (pain 3)" in form.text and "Replace" in form.text
    form.replace_button.click()
    assert [e.pain for e in read_diary(path)] == [6] and form.pending is None
    assert form.choice.layout.display == "none"
    form.pain.value = 4
    form.save()
    assert form.keep_both() == path
    assert [e.pain for e in read_diary(path)] == [6, 4]


def test_practice_starts_after_the_example_and_own_diary_starts_its_own_chart(tmp_path, form_values):
    from backlearn import DiaryForm

    examples = read_diary(example_diary_path())
    last = max(e.date for e in examples)
    practice = DiaryForm(practice_diary(tmp_path / "practice.csv"), practice=True, show_location=False)
    assert practice.date.value == last + dt.timedelta(days=1)
    assert "Sam" in practice.children[1].value
    fill(practice, form_values)
    practice.save()
    assert len(read_diary(practice.path)) == len(examples) + 1
    practice.date.value = dt.date.today()  # a learner's own today belongs in their own diary
    with pytest.raises(DiaryError, match="your own diary"):
        practice.save()
    assert len(read_diary(practice.path)) == len(examples) + 1

    own = DiaryForm(tmp_path / "mine.csv", today=dt.date.today())
    fill(own, form_values)
    own.save()
    assert [e.date for e in own.entries] == [dt.date.today()], "the first entry starts a chart of its own"
    assert "Over 1" not in own.text or "week" in own.text


def test_the_charts_axis_shows_years_when_the_diary_spans_them():
    from backlearn.diary import _broken_at_gaps, _date_format

    assert _date_format(D(2024, 3, 4), D(2024, 4, 14)) == "%d %b"
    assert _date_format(D(2024, 12, 20), D(2025, 1, 10)) == "%d %b %Y"
    entries = [DiaryEntry(D(2024, 12, 20), 3), DiaryEntry(D(2025, 3, 10), 2)]
    figure = plot_diary(entries)
    figure.canvas.draw()
    labels = [t.get_text() for t in figure.axes[1].get_xticklabels() if t.get_text()]
    assert labels and all(re.search(r"20\d\d", label) for label in labels), labels
    import pandas as pd

    series = pd.Series([3.0, 2.0, 1.0], index=pd.to_datetime(["2024-03-01", "2024-03-02", "2024-06-01"]))
    xs, ys = _broken_at_gaps(series)
    assert len(xs) == 4 and ys[2] != ys[2], "the average line is not drawn across a gap of months"


def test_the_table_the_plot_and_the_walking_summary_count_the_same_days():
    """One per-day aggregation (review 2026-12 §2.4): the frame behind the weekly table and the plot is
    made from the same days the walking summary and the text count, several entries on a day as one."""
    import pandas as pd

    from backlearn.diary import _daily, _day_totals

    entries = [entry(D(2024, 3, 4), 6, 10), entry(D(2024, 3, 4), 3, 20, stretches=True),
               entry(D(2024, 3, 6), 5, 0, treatments="massage"), entry(D(2024, 3, 5), 2, 45)]
    days = _day_totals(entries)
    daily = _daily(entries)
    assert [(d.date(), *row) for d, row in zip(daily.index, daily.itertuples(index=False), strict=True)] == days
    assert days[0] == (D(2024, 3, 4), 4.5, 30, True, False)
    old = (entries_frame(entries).groupby("date")
           .agg(pain=("pain", "mean"), minutes_walked=("minutes_walked", "sum"),
                stretches=("stretches", "any"), massage=("massage", "any")).sort_index())
    pd.testing.assert_frame_equal(daily, old)
    empty = _daily([])
    assert empty.empty and list(empty.columns) == list(old.columns)
    assert str(empty.index.dtype).startswith("datetime64") and empty.index.name == "date"
