"""The pain diary form: saving, refusing, asking before replacing a day, the summary and chart it shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from diary_helpers import HEADER, files_in

from backlearn import places
from backlearn.diary import MAX_MINUTES, DiaryEntry, DiaryError, example_diary_path, practice_diary, read_diary
from backlearn.diary_summary import chart_description

D = dt.date


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
    monkeypatch.setenv(places.DIARY_ENV, str(target))
    form = DiaryForm(today=D(2024, 3, 5))
    assert form.path == target
    form.pain.value = 4
    assert form.save() == target
    assert [e.pain for e in read_diary(target)] == [4]


def test_hiding_the_empty_plot_hides_no_input(tmp_path):
    from backlearn.widgets.diary_form import DiaryForm

    form = DiaryForm(tmp_path)
    assert form.plot.layout.display == "none", "an empty diary has no plot"
    for box in (form.pain, form.where, form.treatments, form.notes):
        assert box.layout.display != "none", "an input shares the plot's layout and is hidden with it"


def test_two_forms_on_the_same_entries_draw_the_chart_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lesson 10 opens two forms on copies of the example diary: the chart is drawn once, and a
    new entry draws it again."""
    import shutil

    from backlearn import diary_summary
    from backlearn.widgets.diary_form import DiaryForm

    drawn = []
    real = diary_summary.plot_diary
    monkeypatch.setattr(diary_summary, "plot_diary", lambda entries: drawn.append(1) or real(entries))
    diary_summary.chart_png.cache_clear()
    copies = [tmp_path / name for name in ("a.csv", "b.csv")]
    for copy in copies:
        shutil.copyfile(example_diary_path(), copy)
    first, second = (DiaryForm(copy, show_location=False) for copy in copies)
    assert len(drawn) == 1 and first.png == second.png and first.plot.value == second.plot.value
    second.pain.value = 3
    second.save()
    assert len(drawn) == 2 and second.png != first.png


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
