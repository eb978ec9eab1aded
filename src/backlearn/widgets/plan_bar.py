""""Save my plan": the bar that writes the printable plan of an answer and offers it as a download."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from backlearn import places
from backlearn._files import write_atomically
from backlearn.downloads import download_button_html
from backlearn.engine.assessment import Assessment
from backlearn.export import plan
from backlearn.widgets.layout import with_classes
from backlearn.widgets.plain_text import plain_text

__all__ = ["ExportBar"]


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    """A file name in folder that is not taken yet, so an earlier plan is never overwritten."""
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


class ExportBar(widgets.VBox):  # type: ignore[misc]
    """"Save my plan": writes the printable plan of the answer ``current()`` gives and offers it.

    ``current`` is asked at each save (an explorer hands its ``assessment`` this way), so the bar
    needs no explorer and saves whatever the answer is then. Plans go to ``save_dir``, else to
    ``places.plans_dir()`` (``$BACKLEARN_PLANS`` or backlearn's folder in the user's data directory).

    The status carries a download button (a link with the plan inside, a data: address), so the plan
    reaches the learner's own computer when the explorer runs on a server, as in the web app. The
    server's copy (``path``) is not named: a learner cannot open it.
    """

    def __init__(self, current: Callable[[], Assessment], save_dir: str | os.PathLike[str] | None = None,
                 **kwargs: Any) -> None:
        self.current = current
        self.save_dir = Path(save_dir) if save_dir is not None else None
        self.format = widgets.ToggleButtons(
            options=[("Web page (HTML)", "html"), ("Text (Markdown)", "md")],
            value="html",
            description="Plan format",
            tooltips=["A page you can print", "Plain text you can edit"],
            style={"description_width": "initial"},
        )
        self.button = widgets.Button(
            description="Save my plan",
            tooltip="Save a printable plan for what you ticked",
            icon="download",
            button_style="success",
            _dom_classes=("bl-export-button",),
        )
        self.status = widgets.HTML(value="", _dom_classes=("bl-export-status",))
        self.button.on_click(self._clicked)
        super().__init__([widgets.HTML(value="<h3>Your plan</h3>"), self.format, self.button, self.status],
                         **with_classes(kwargs, "bl-export"))
        #: The last file written, if any.
        self.path: Path | None = None

    def _clicked(self, _button: widgets.Button) -> None:
        # A failed save is reported in the status; a traceback would only reach the browser's console.
        with contextlib.suppress(OSError):
            self.save()

    def save(self, on: dt.date | None = None) -> Path:
        """Write the plan now; return the file written. The status offers it as a download button."""
        fmt = str(self.format.value)
        day = (on or dt.date.today()).isoformat()
        folder = self.save_dir or places.plans_dir()
        suffix = ".html" if fmt == "html" else ".md"
        text = plan(self.current(), fmt, on)
        name = f"backlearn-plan-{day}{suffix}"
        # The plan travels inside the button (a data: address), so it reaches the learner's own computer
        # from JupyterLab, Voila and the site alike; where the server keeps its copy is not theirs to open.
        button = download_button_html(name, text, mime="text/html" if fmt == "html" else "text/markdown",
                                      label="Download my plan")
        try:
            path = write_atomically(_free_name(folder, f"backlearn-plan-{day}", suffix), text)
        except OSError as error:
            self.status.value = (
                f'<p role="alert">Could not save a copy of the plan here ({escape(error.strerror or str(error))}). '
                "Nothing was lost: your ticks are still here, and the button below still gives you the plan. "
                "Or try again, or ask your teacher.</p>" + button
            )
            raise
        self.path = path
        kind = "a web page you can print" if fmt == "html" else "text you can edit"
        self.status.value = (
            f'<p role="status" aria-live="polite">Your plan is ready: {kind}. Press the button to keep it on '
            "your computer.</p>" + button
        )
        return path

    @property
    def text(self) -> str:
        """The status as plain text."""
        return plain_text(self.status.value)
