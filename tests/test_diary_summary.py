"""What a pain diary shows: the weekly table, walking and pain, the sentences, the chart and its words."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest
from diary_helpers import entry

from backlearn.diary import COLUMNS, DiaryEntry, example_diary_path, read_diary
from backlearn.diary_summary import (
    chart_description,
    chart_png,
    entries_frame,
    plot_diary,
    summary_text,
    walking_and_pain,
    weekly_summary,
)

D = dt.date

#: Two weeks, hand-checked below. Monday 1 January 2024 starts the first week.
KNOWN = [
    entry(D(2024, 1, 1), 6, 10),
    entry(D(2024, 1, 2), 4, 20, True, "massage"),
    entry(D(2024, 1, 3), 5, 0),
    entry(D(2024, 1, 8), 2, 40, True, "Massage; heat"),
    entry(D(2024, 1, 8), 4, 10),  # a second entry that day: the day's pain is 3, its minutes 50
    entry(D(2024, 1, 14), 1, 30, True),  # Sunday: still the second week
]


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


def test_the_chart_as_png_is_drawn_once_for_the_same_entries():
    png = chart_png(tuple(KNOWN))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert chart_png(tuple(KNOWN)) is png, "the same entries are not drawn again"
    assert chart_png(tuple(KNOWN[:-1])) != png
    assert chart_png(()).startswith(b"\x89PNG"), "an empty diary is a chart that says so"


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


def test_the_charts_axis_shows_years_when_the_diary_spans_them():
    from backlearn.diary_summary import _broken_at_gaps, _date_format

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

    from backlearn.diary_summary import _daily, _day_totals

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



def test_the_example_diary_shows_less_pain_as_walking_grows():
    entries = read_diary(example_diary_path())
    table = weekly_summary(entries)
    assert len(table) == 6
    pains = table["Average pain (0-10)"].tolist()
    assert pains[0] >= 5.5 and pains[-1] <= 2.5
    walked = table["Minutes walked"].tolist()
    assert walked[0] < walked[-1]
    link = walking_and_pain(entries)
    assert link.correlation is not None and link.correlation < 0


def test_the_summary_module_is_light():
    """The sentences need no pandas: it and matplotlib load only when a table or chart is drawn."""
    code = ("import sys, backlearn.diary_summary; "
            "print(sorted({'pandas', 'matplotlib', 'ipywidgets'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
