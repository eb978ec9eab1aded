"""What a pain diary shows: the days' statistics, a few plain sentences, the chart and its words.

Education, not diagnosis: the sentences say what happened at the same time, never what caused it.
Every summary counts days the same way, from one per-day aggregation (``_day_totals``: several
entries on a day are one day, their pain averaged and their minutes added); the pandas table and the
plot build their frame from it. Reading and saving the diary is ``backlearn.diary``'s job.

pandas and matplotlib are imported inside the functions that draw tables and charts, so the
sentences and ``walking_and_pain`` need only the standard library.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backlearn.diary import COLUMNS, DiaryEntry

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "WALK_MINUTES",
    "WalkingAndPain",
    "chart_description",
    "chart_png",
    "entries_frame",
    "plot_diary",
    "summary_text",
    "walking_and_pain",
    "weekly_summary",
]

#: Days with at least this many minutes walked count as "walked enough" in ``walking_and_pain``.
WALK_MINUTES = 30
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


# ----------------------------------------------------------------------------- statistics


@dataclass(frozen=True, slots=True)
class WalkingAndPain:
    """Pain on days with more walking and days with less, counted per day.

    ``mean_pain_walked``/``mean_pain_less`` are None when there are no such days; ``correlation``
    (Pearson, between a day's minutes walked and its pain) is None with fewer than three days or
    when minutes or pain never change.
    """

    days: int
    threshold: int
    days_walked: int
    mean_pain_walked: float | None
    days_less: int
    mean_pain_less: float | None
    correlation: float | None


def entries_frame(entries: Iterable[DiaryEntry]) -> pd.DataFrame:
    """One row per entry: the diary's columns plus ``massage``; ``date`` as a pandas datetime."""
    import pandas as pd

    rows = [
        {
            "date": e.date,
            "pain": e.pain,
            "where": e.where,
            "minutes_walked": e.minutes_walked,
            "stretches": e.stretches,
            "treatments": e.treatments,
            "notes": e.notes,
            "massage": e.massage,
        }
        for e in entries
    ]
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "massage"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.astype({"pain": "int64", "minutes_walked": "int64", "stretches": "bool", "massage": "bool"})


def _daily(entries: Iterable[DiaryEntry]) -> pd.DataFrame:
    """One row per day, indexed by date: mean pain, total minutes walked, any stretches, any massage.
    The days are ``_day_totals``'s (the one per-day aggregation), as a frame for the table and the plot."""
    import pandas as pd

    frame = pd.DataFrame(_day_totals(entries), columns=["date", "pain", "minutes_walked", "stretches", "massage"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.set_index("date").astype(
        {"pain": "float64", "minutes_walked": "int64", "stretches": "bool", "massage": "bool"}
    )


def weekly_summary(entries: Iterable[DiaryEntry]) -> pd.DataFrame:
    """One row per week (weeks start on Monday) that has entries, in plain-English columns.

    Several entries on one day count as one day: their pain is averaged and their minutes added.
    Average pain is the mean over the week's days, rounded to one decimal place.
    """
    import pandas as pd

    columns = ["Days recorded", "Average pain (0-10)", "Minutes walked", "Days with stretches", "Days with massage"]
    daily = _daily(entries)
    if daily.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="Week starting"))
    week = (daily.index - pd.to_timedelta(daily.index.day_of_week, unit="D")).date
    grouped = daily.groupby(week)
    table = pd.DataFrame(
        {
            "Days recorded": grouped["pain"].size(),
            "Average pain (0-10)": grouped["pain"].mean().round(1),
            "Minutes walked": grouped["minutes_walked"].sum(),
            "Days with stretches": grouped["stretches"].sum(),
            "Days with massage": grouped["massage"].sum(),
        }
    )
    table.index.name = "Week starting"
    return table.astype({c: "int64" for c in columns if c != "Average pain (0-10)"})


def _day_totals(entries: Iterable[DiaryEntry]) -> list[tuple[dt.date, float, int, bool, bool]]:
    """Per day, without pandas: (date, mean pain, minutes walked, stretched, massage)."""
    days: dict[dt.date, list[DiaryEntry]] = {}
    for entry in entries:
        days.setdefault(entry.date, []).append(entry)
    return [
        (
            day,
            statistics.fmean(e.pain for e in group),
            sum(e.minutes_walked for e in group),
            any(e.stretches for e in group),
            any(e.massage for e in group),
        )
        for day, group in sorted(days.items())
    ]


def walking_and_pain(entries: Iterable[DiaryEntry], threshold: int = WALK_MINUTES) -> WalkingAndPain:
    """Mean pain on days walked at least ``threshold`` minutes versus fewer, and their correlation."""
    days = _day_totals(entries)
    walked = [pain for _, pain, minutes, _, _ in days if minutes >= threshold]
    less = [pain for _, pain, minutes, _, _ in days if minutes < threshold]
    correlation: float | None = None
    if len(days) >= 3:
        minutes_list = [float(d[2]) for d in days]
        pains = [d[1] for d in days]
        if len(set(minutes_list)) > 1 and len(set(pains)) > 1:
            correlation = statistics.correlation(minutes_list, pains)
    return WalkingAndPain(
        days=len(days),
        threshold=threshold,
        days_walked=len(walked),
        mean_pain_walked=statistics.fmean(walked) if walked else None,
        days_less=len(less),
        mean_pain_less=statistics.fmean(less) if less else None,
        correlation=correlation,
    )


def _day_words(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _num(value: float) -> str:
    return f"{value:.1f}"


def summary_text(entries: Iterable[DiaryEntry]) -> str:
    """A few plain sentences about the diary, one per line, for a learner to read."""
    entries = list(entries)
    days = _day_totals(entries)
    if not days:
        return "Your diary has no entries yet. Add one to see your summary here."
    first, last = days[0][0], days[-1][0]
    span = (last - first).days + 1
    count = len(days)
    lines = [
        f"You wrote about {count} day{'s' if count != 1 else ''}, from {_day_words(first)} to {_day_words(last)}."
    ]
    week_starts = [day - dt.timedelta(days=day.weekday()) for day, *_ in days]
    first_week = [d for d, w in zip(days, week_starts, strict=True) if w == week_starts[0]]
    last_week = [d for d, w in zip(days, week_starts, strict=True) if w == week_starts[-1]]
    if len(set(week_starts)) >= 2:
        start_pain = statistics.fmean(d[1] for d in first_week)
        end_pain = statistics.fmean(d[1] for d in last_week)
        weeks = round(span / 7)
        period = f"Over {weeks} weeks" if weeks >= 2 else f"Over {span} days"
        change = end_pain - start_pain
        if abs(change) < 0.5:
            trend = "It stayed about the same."
        elif change < 0:
            trend = f"That is {_num(-change)} points lower."
        else:
            trend = f"That is {_num(change)} points higher."
        lines.append(
            f"{period}, your average pain went from {_num(start_pain)} in the first week "
            f"to {_num(end_pain)} in the last week. {trend}"
        )
        start_walk = statistics.fmean(d[2] for d in first_week)
        end_walk = statistics.fmean(d[2] for d in last_week)
        lines.append(
            f"You walked about {round(start_walk)} minutes a day in the first week "
            f"and about {round(end_walk)} minutes a day in the last week."
        )
    else:
        lines.append(f"Your average pain was {_num(statistics.fmean(d[1] for d in days))} out of 10.")
        lines.append(f"You walked about {round(statistics.fmean(d[2] for d in days))} minutes a day.")
    link = walking_and_pain(entries)
    if link.mean_pain_walked is not None and link.mean_pain_less is not None:
        lines.append(
            f"On days you walked {link.threshold} minutes or more, your pain was {_num(link.mean_pain_walked)} "
            f"on average. On other days, it was {_num(link.mean_pain_less)}."
        )
    stretched = sum(d[3] for d in days)
    massaged = sum(d[4] for d in days)
    lines.append(f"You did your stretches on {stretched} of {count} days.")
    if massaged:
        lines.append(f"You had a massage on {massaged} day{'s' if massaged != 1 else ''}.")
    if count >= 3:
        lines.append("A diary shows what happened at the same time. It cannot prove that one thing caused another.")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- plots


def plot_diary(entries: Iterable[DiaryEntry]) -> Figure:
    """Pain over time with its 7-day rolling mean, and minutes walked as bars below.

    Built on ``matplotlib.figure.Figure`` (no pyplot), so no window opens and no global state changes.
    """
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    daily = _daily(entries)
    figure = Figure(figsize=(9, 6), layout="constrained")
    pain_axes, walk_axes = figure.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    figure.suptitle("My pain diary: pain and walking")
    if daily.empty:
        pain_axes.text(0.5, 0.5, "No entries yet", ha="center", va="center", transform=pain_axes.transAxes)
    else:
        rolling = daily["pain"].rolling("7D", min_periods=1).mean()
        pain_axes.plot(daily.index, daily["pain"], "o", color="#7a9cc6", markersize=4, label="Pain that day")
        pain_axes.plot(*_broken_at_gaps(rolling), "-", color="#0b4f9c", linewidth=2.5, label="7-day average")
        massage = daily[daily["massage"]]
        if not massage.empty:
            pain_axes.plot(massage.index, massage["pain"], "D", color="#c05a00", markersize=7,
                           fillstyle="none", label="Massage day")
        walk_axes.bar(daily.index, daily["minutes_walked"], width=0.8, color="#4c9a5a", label="Minutes walked")
        walk_axes.axhline(WALK_MINUTES, color="#555555", linestyle="--", linewidth=1,
                          label=f"{WALK_MINUTES} minutes")
        pain_axes.legend(loc="upper right")
        walk_axes.legend(loc="upper left")
        walk_axes.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=10))  # type: ignore[no-untyped-call]
        axis_format = mdates.DateFormatter(_date_format(daily.index[0], daily.index[-1]))  # type: ignore[no-untyped-call]
        walk_axes.xaxis.set_major_formatter(axis_format)
    pain_axes.set_ylim(0, 10.5)
    pain_axes.set_ylabel("Pain (0 = none, 10 = worst)")
    pain_axes.grid(True, alpha=0.3)
    walk_axes.set_ylabel("Minutes walked")
    walk_axes.set_xlabel("Date")
    walk_axes.set_ylim(bottom=0)
    walk_axes.grid(True, axis="y", alpha=0.3)
    return figure


@functools.lru_cache(maxsize=4)
def chart_png(entries: tuple[DiaryEntry, ...]) -> bytes:
    """:func:`plot_diary`'s chart as PNG bytes at 80 dots an inch, the size a notebook shows it.

    Drawing takes about a fifth of a second, so the same entries (a lesson's second form on the same
    example diary, a refresh with nothing new) are drawn once: hence a tuple, which can be cached.
    """
    buffer = io.BytesIO()
    plot_diary(entries).savefig(buffer, format="png", dpi=80)
    return buffer.getvalue()


def chart_description(entries: Iterable[DiaryEntry]) -> str:
    """What :func:`plot_diary`'s chart shows, in words: the chart's alt text for a learner who cannot see it.

    The same numbers the chart draws (one point a day, its 7-day average, massage days, minutes walked
    against the 30-minute line), in a few short sentences.
    """
    daily = _daily(entries)
    if daily.empty:
        return "Chart of pain and walking. There are no entries yet, so it shows nothing."
    days = len(daily)
    first, last = daily.index[0].date(), daily.index[-1].date()
    span = (f"on {_day_words(first)}" if days == 1
            else f"for {days} days, from {_day_words(first)} to {_day_words(last)}")
    sentences = [f"Chart of pain and walking {span}."]
    pain = daily["pain"]
    if days == 1:
        sentences.append(f"Top part: pain was {_num(float(pain.iloc[0]))} out of 10.")
    else:
        rolling = pain.rolling("7D", min_periods=1).mean()
        high, low = pain.idxmax().date(), pain.idxmin().date()
        sentences.append(
            f"Top part: pain each day, from 0 to 10, and its 7-day average, "
            f"which went from {_num(float(rolling.iloc[0]))} to {_num(float(rolling.iloc[-1]))}.")
        sentences.append(f"Pain was highest on {_day_words(high)} ({_num(float(pain.max()))}) "
                         f"and lowest on {_day_words(low)} ({_num(float(pain.min()))}).")
    massaged = int(daily["massage"].sum())
    if massaged:
        sentences.append(f"Massage days are marked: {massaged} day{'s' if massaged != 1 else ''}.")
    walked = daily["minutes_walked"]
    reached = int((walked >= WALK_MINUTES).sum())
    if days == 1:
        sentences.append(f"Bottom part: {int(walked.iloc[0])} minutes walked, "
                         f"against a line at {WALK_MINUTES} minutes.")
    else:
        sentences.append(
            f"Bottom part: bars of minutes walked each day, from {int(walked.min())} to {int(walked.max())}, "
            f"and a line at {WALK_MINUTES} minutes, reached on {reached} of {days} days.")
    return " ".join(sentences)


def _date_format(first: dt.date, last: dt.date) -> str:
    """The axis labels' date format: with the year when the diary spans more than one."""
    return "%d %b %Y" if first.year != last.year else "%d %b"


def _broken_at_gaps(series: pd.Series, days: int = 7) -> tuple[list[object], list[float]]:
    """The points of a line that is not drawn across a gap of more than ``days`` without entries
    (a line straight across months would suggest a trend nobody wrote down)."""
    xs: list[object] = []
    ys: list[float] = []
    previous = None
    for when, value in series.items():
        if previous is not None and (when - previous).days > days:
            xs.append(previous + dt.timedelta(days=1))
            ys.append(float("nan"))
        xs.append(when)
        ys.append(float(value))
        previous = when
    return xs, ys
