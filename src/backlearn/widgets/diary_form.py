"""The pain diary form: fill in today's pain, walking, stretches and notes, press Save, see the summary.

A thin view over ``backlearn.diary`` and ``backlearn.diary_summary``. No Output widget: the status,
summary and chart are HTML widget values (the chart a PNG in an <img> with alt text), so tests and
nbval read them without a browser.
Nothing the learner typed is lost: if saving fails, the inputs keep their values and the status
says why.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import os
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from backlearn.diary import DiaryEntry, DiaryError, add_entry, check_entry, diary_path, read_diary
from backlearn.diary_summary import chart_description, chart_png, summary_text, weekly_summary
from backlearn.widgets.announcer import Announcer
from backlearn.widgets.layout import SHOWN, WIDE
from backlearn.widgets.panels import disclaimer
from backlearn.widgets.style import NotStartedHint, inactive_style, quiet_tooltips

__all__ = ["DiaryForm"]

_STYLE = {"description_width": "initial"}
#: The pain score's choices, 0 to 10, the ends said in words.
PAIN_CHOICES = [("0 (no pain)", 0), *((str(n), n) for n in range(1, 10)), ("10 (worst pain)", 10)]


def _chart_html(png: bytes, description: str) -> str:
    """The chart as an <img> whose alt text is ``description`` (escaped), sized to fit its column."""
    data = base64.b64encode(png).decode("ascii")
    return (f'<img class="bl-diary-chart" src="data:image/png;base64,{data}" alt="{escape(description)}" '
            'style="max-width:100%;height:auto">')


def _why(error: BaseException) -> str:
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return f"{reason} ({error.filename})" if error.filename else reason
    return str(error)


class DiaryForm(NotStartedHint, widgets.VBox):  # type: ignore[misc]
    """Inputs for one diary entry, a Save button, a status line, the weekly summary and the plot.

    ``path`` is the diary's CSV file (or a folder for its ``diary.csv``); by default ``$BACKLEARN_DIARY``
    or backlearn's user data folder. ``today`` is the date the form starts on. ``show_location=False``
    hides the line naming the file (for a lesson's temporary practice copy). ``practice=True`` is for
    practising on a copy of the example diary: the form starts on the day after its last entry and
    refuses days far from it, so a learner's own today never stretches the example's chart over years
    (their own diary is ``DiaryForm()``, whose first entry starts a chart of its own).

    Drive it as a learner would: set ``date.value``, ``pain.value``, ``where.value``,
    ``minutes_walked.value``, ``stretches.value``, ``treatments.value`` and ``notes.value``,
    then call ``save()``. ``text`` is the status and summary as plain text. An impossible value (a day
    in the future, minutes below 0) is refused with a message and nothing is saved. When the diary has
    an entry for that day already, ``save()`` asks first: ``replace()`` or ``keep_both()`` answers.
    """

    #: How far (in days) from the example's entries a practice entry may be.
    PRACTICE_REACH = 28

    hint_name = "The pain diary form"

    def __init__(self, path: str | os.PathLike[str] | None = None, *, today: dt.date | None = None,
                 show_location: bool = True, practice: bool = False, **kwargs: Any) -> None:
        self.path = diary_path(path)
        #: True when this form practises on a copy of the example diary (see the class's note).
        self.practice = practice
        self._span: tuple[dt.date, dt.date] | None = None
        if practice:
            with contextlib.suppress(DiaryError, OSError):
                days = [e.date for e in read_diary(self.path)]
                if days:
                    self._span = (min(days), max(days))
                    today = today or max(days) + dt.timedelta(days=1)
        self.date = widgets.DatePicker(value=today or dt.date.today(), description="Date", style=_STYLE)
        # A drop-down list, not a slider: its label is tied to it, so a screen reader names it ("Pain today,
        # 0 = no pain, 10 = worst pain"), and the arrow keys and typing a number choose from 0 to 10.
        self.pain = widgets.Dropdown(
            options=PAIN_CHOICES,
            value=0,
            description="Pain today (0 = no pain, 10 = worst pain)",
            style=_STYLE,
        )
        self.pain.add_class("bl-diary-pain")
        self.where = widgets.Text(
            description="Where it hurts", placeholder="for example: between my shoulder blades", style=_STYLE,
            layout=WIDE,
        )
        # Not bounded: a bounded box would turn -5 into 0 without a word; entry() says what is wrong instead.
        self.minutes_walked = widgets.IntText(value=0, step=5, description="Minutes walked", style=_STYLE)
        self.stretches = widgets.Checkbox(value=False, description="I did my stretches", indent=False)
        self.treatments = widgets.Text(
            description="Treatments", placeholder="for example: massage; heat", style=_STYLE, layout=WIDE
        )
        self.notes = widgets.Textarea(
            description="Notes", placeholder="Anything else about today", style=_STYLE, layout=WIDE
        )
        self.save_button = widgets.Button(
            description="Save", tooltip="Add this entry to your diary", icon="save", button_style="success"
        )
        self.save_button.add_class("bl-diary-save")
        self.save_button.on_click(self._clicked)
        # Shown only when the day already has an entry: the learner chooses, nothing is guessed.
        self.replace_button = widgets.Button(description="Replace that day's entry", icon="exchange",
                                             tooltip="Save this entry instead of the one already saved for that day")
        self.keep_both_button = widgets.Button(description="Keep both", icon="plus",
                                               tooltip="Save this entry as well as the one already saved for that day")
        self.replace_button.on_click(lambda _button: self._answer(replace=True))
        self.keep_both_button.on_click(lambda _button: self._answer(replace=False))
        self.choice = widgets.HBox([self.replace_button, self.keep_both_button],
                                   layout=widgets.Layout(display="none"), _dom_classes=("bl-diary-choice",))
        #: The entry waiting for "replace" or "keep both" (None when nothing waits).
        self.pending: DiaryEntry | None = None
        # Where the file is, so the learner can find it (a lesson's throwaway copy may hide it).
        self.location = widgets.HTML(
            value=f'<p class="bl-diary-location">Your diary file: <code>{escape(str(self.path))}</code></p>'
            if show_location
            else ""
        )
        self.status = widgets.HTML(value="")
        self.status.add_class("bl-diary-status")
        #: Says each saved or refused message to a screen reader (the status's element is replaced each time).
        self.announcer = Announcer(_dom_classes=("bl-announcer",))
        self.summary = widgets.HTML(value="")
        self.summary.add_class("bl-diary-summary")
        # The chart as an <img> with alt text saying what it shows (chart_description), in an HTML widget:
        # ipywidgets' Image has no alt text. Its own Layout: hiding the plot must not hide the inputs.
        self.plot = widgets.HTML(value="", layout=widgets.Layout(width="auto"))
        self.plot.add_class("bl-diary-plot")
        #: The chart's PNG bytes (empty when there is no chart).
        self.png = b""
        #: The diary as last read or saved (empty when it could not be read).
        self.entries: list[DiaryEntry] = []
        #: The last file written, if any.
        self.saved_path: Path | None = None
        self._last_saved: DiaryEntry | None = None
        self._status_text = ""
        super().__init__(
            [
                inactive_style(),
                widgets.HTML(value="<h3>Practise: add to Sam's diary (a copy)</h3>" if practice
                             else "<h3>Add to my pain diary</h3>"),
                self.location,
                self.date,
                self.pain,
                self.where,
                self.minutes_walked,
                self.stretches,
                self.treatments,
                self.notes,
                self.save_button,
                self.status,
                self.announcer,
                self.choice,
                self.summary,
                self.plot,
                disclaimer(),
            ],
            **kwargs,
        )
        self.add_class("bl-diary")
        self.refresh()
        quiet_tooltips(self)

    def __repr__(self) -> str:
        # A short, stable text form for notebooks (the default lists every child's value and the plot's bytes).
        return f"DiaryForm(diary file {self.path.name!r})"

    # ------------------------------------------------------------------ actions

    def entry(self) -> DiaryEntry:
        """The entry the inputs describe; DiaryError if an input is not valid (such as no date)."""
        day = self.date.value
        check_entry(day, self.pain.value, self.minutes_walked.value)
        if self.practice and self._span is not None:
            first, last = self._span
            reach = dt.timedelta(days=self.PRACTICE_REACH)
            if not first - reach <= day <= last + reach:
                raise DiaryError(
                    f"this form practises on a copy of Sam's diary ({first.isoformat()} to {last.isoformat()}); "
                    "pick a day near those, and keep your own days in your own diary, DiaryForm()",
                    field="date",
                )
        return DiaryEntry(
            date=day,
            pain=int(self.pain.value),
            where=str(self.where.value).strip(),
            minutes_walked=int(self.minutes_walked.value),
            stretches=bool(self.stretches.value),
            treatments=str(self.treatments.value).strip(),
            notes=str(self.notes.value).strip(),
        )

    def save(self) -> Path | None:
        """Add the entry to the diary and return the file; refresh the summary and plot.

        On a problem (DiaryError, OSError) the status says what went wrong, nothing is saved, every
        input keeps its value and the error is raised again. Saving the same entry twice in a row
        writes it once. When the diary already has an entry for that day, nothing is saved yet: the
        status asks, ``pending`` holds the entry and None is returned until ``replace()`` or ``keep_both()``.
        """
        self._hide_choice()
        try:
            entry = self.entry()
        except DiaryError as error:
            self._refuse(error)
            raise
        if entry == self._last_saved and self.saved_path == self.path:
            self._set_status(f"This entry for {entry.date.isoformat()} is already saved in {self.path.name}.")
            return self.path
        same_day = [e for e in self.entries if e.date == entry.date]
        if same_day:
            self.pending = entry
            self.choice.layout.display = SHOWN
            pains = " and ".join(str(e.pain) for e in same_day)
            self._set_status(
                f"Your diary already has {'an entry' if len(same_day) == 1 else f'{len(same_day)} entries'} for "
                f"{entry.date.isoformat()} (pain {pains}). Nothing is saved yet: press \"Replace that day's entry\" "
                "or \"Keep both\"."
            )
            return None
        return self._write(entry, replace=False)

    def replace(self) -> Path | None:
        """Save the waiting entry in place of that day's entries (after ``save()`` asked)."""
        return self._answer(replace=True)

    def keep_both(self) -> Path | None:
        """Save the waiting entry beside that day's entries (after ``save()`` asked)."""
        return self._answer(replace=False)

    def _answer(self, *, replace: bool) -> Path | None:
        entry, self.pending = self.pending, None
        self._hide_choice()
        if entry is None:
            return None
        with contextlib.suppress(DiaryError, OSError):  # shown in the status
            return self._write(entry, replace=replace)
        return None

    def _hide_choice(self) -> None:
        self.pending = None
        self.choice.layout.display = "none"

    def _refuse(self, error: BaseException) -> None:
        self._set_status(
            f"Could not save your entry: {_why(error)}. Nothing was saved. Nothing was lost: what you typed "
            "is still here. Fix the problem and press Save again, or ask your teacher.",
            alert=True,
        )

    def _write(self, entry: DiaryEntry, *, replace: bool) -> Path:
        try:
            path = add_entry(entry, self.path, replace=replace)
        except (DiaryError, OSError) as error:
            self._refuse(error)
            raise
        self.saved_path = path
        self._last_saved = entry
        self.refresh(announce=False)
        count = len(self.entries)
        self._set_status(
            f"Saved your entry for {entry.date.isoformat()} (pain {entry.pain} out of 10) to {path.name}. "
            f"Your diary has {count} entr{'ies' if count != 1 else 'y'}."
        )
        return path

    def refresh(self, announce: bool = True) -> None:
        """Read the diary again and redraw the summary and plot. A diary that cannot be read is left alone."""
        try:
            self.entries = read_diary(self.path)
        except (DiaryError, OSError) as error:
            self.entries = []
            self.summary.value = ""
            self._show_chart(b"")
            self._set_status(
                f"Could not read your diary: {_why(error)}. The file was not changed. "
                "Fix that line (or choose another file) before saving.",
                alert=True,
            )
            return
        table = weekly_summary(self.entries)
        sentences = "".join(f"<p>{escape(line)}</p>" for line in summary_text(self.entries).splitlines())
        html = f'<div class="bl-diary-summary-text">{sentences}</div>'
        if not table.empty:
            # The week as a column of its own: no empty header cells for a screen reader to announce.
            html += "<h4>Week by week</h4>" + table.reset_index().to_html(
                escape=True, border=0, index=False, classes="bl-diary-table")
            self._show_chart(chart_png(tuple(self.entries)))
        else:
            self._show_chart(b"")
        self.summary.value = html
        if announce:
            self._set_status("")

    def _show_chart(self, png: bytes) -> None:
        """Show the chart (PNG bytes) with its description as alt text, or hide it when there is none."""
        self.png = png
        if not png:
            self.plot.value = ""
            self.plot.layout.display = "none"
            return
        self.plot.value = _chart_html(png, chart_description(self.entries))
        self.plot.layout.display = SHOWN

    def _clicked(self, _button: widgets.Button) -> None:
        with contextlib.suppress(DiaryError, OSError):  # shown in the status; the inputs keep their values
            self.save()

    def _set_status(self, message: str, *, alert: bool = False) -> None:
        self._status_text = message
        self.announcer.say("assertive" if alert else "polite", message)
        if not message:
            self.status.value = ""
        elif alert:
            self.status.value = f'<p class="bl-refused" style="color:#a00000"><strong>{escape(message)}</strong></p>'
        else:
            self.status.value = f"<p>{escape(message)}</p>"

    # ------------------------------------------------------------------ reading back

    @property
    def text(self) -> str:
        """The status, the summary sentences and the weekly table, as plain text."""
        parts = [self._status_text] if self._status_text else []
        if self.summary.value:
            parts.append(summary_text(self.entries))
            table = weekly_summary(self.entries)
            if not table.empty:
                parts.append("Week by week:\n" + table.to_string())
        return "\n\n".join(parts)
