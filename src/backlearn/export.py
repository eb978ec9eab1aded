"""Printable care plans: one standalone page (HTML with a print stylesheet, or Markdown).

The triage line always comes first. The HTML needs no network: styles are inline and
nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from html import escape
from pathlib import Path

from backlearn.assessment import Assessment
from backlearn.render import render_banner_html, render_details_html, render_markdown

FORMATS: tuple[str, ...] = ("html", "md")

_PAGE_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; font-size: 16px;
       max-width: 46em; margin: 1.5em auto; padding: 0 1em; color: #1a1a1a; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h3 { margin: 1.1em 0 0.3em; }
.bl-date { color: #444; margin-top: 0; }
.bl-checklist li { margin: 0.25em 0; }
.bl-checklist input { width: 1.1em; height: 1.1em; }
a { color: #0b4f9c; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .bl-banner { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  h3 { break-after: avoid; }
  li { break-inside: avoid; }
}
"""


def plan_html(assessment: Assessment, on: dt.date | None = None, title: str = "My back pain plan") -> str:
    """A complete, standalone HTML page: title, date, triage banner, then the details."""
    day = (on or dt.date.today()).isoformat()
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} ({day})</title><style>{_PAGE_CSS}</style></head>\n<body>\n"
        f"<h1>{escape(title)}</h1>"
        f'<p class="bl-date">Made with backlearn on {day}.</p>\n'
        + render_banner_html(assessment)
        + "\n"
        + render_details_html(assessment, tickable=True)
        + "\n</body></html>\n"
    )


def plan_markdown(assessment: Assessment, on: dt.date | None = None, title: str = "My back pain plan") -> str:
    """The same plan as Markdown, triage line first."""
    day = (on or dt.date.today()).isoformat()
    return f"# {title}\n\nMade with backlearn on {day}.\n\n" + render_markdown(assessment)


def plan(assessment: Assessment, fmt: str = "html", on: dt.date | None = None) -> str:
    """The plan in ``fmt`` ('html' or 'md')."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return plan_html(assessment, on) if fmt == "html" else plan_markdown(assessment, on)


def write_atomically(path: Path, text: str) -> Path:
    """Write text to path via a temporary file and a rename, so a failure leaves the old file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed after
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return path


def save_plan(assessment: Assessment, path: str | os.PathLike[str], fmt: str | None = None,
              on: dt.date | None = None) -> Path:
    """Write the plan to ``path``; the format follows the file's suffix unless given."""
    target = Path(path)
    chosen = fmt or ("md" if target.suffix.lower() in (".md", ".markdown") else "html")
    return write_atomically(target, plan(assessment, chosen, on))
