"""Printable care plans: one standalone page (HTML with a print stylesheet, or Markdown).

Layout, top to bottom: the triage line (what to do, and any warning sign), then the title and
the date, then the answer's other sections in the one order every output uses
(backlearn.sections): why, the checks to make first, warning signs, guidance, what was held
back, the checklists with tick boxes, the sources and the note. The HTML needs no network:
the styles are inline (from ``assets/plan.css``), no script runs and nothing is fetched (links to
sources are plain links a reader may follow). Content is escaped by the renderers.

The page stays a few lines of Python, not a Jinja2 template like the teacher's pages
(``backlearn.pages``): ``backlearn plan`` is part of the core and the explorer saves plans in the
browser site, and both stay pure Python.
"""

from __future__ import annotations

import datetime as dt
import os
from html import escape
from pathlib import Path

from backlearn import places
from backlearn._files import write_atomically
from backlearn.engine.assessment import Assessment
from backlearn.render import render_banner_html, render_details_html, render_markdown

__all__ = [
    "FORMATS",
    "TITLE",
    "format_for",
    "plan",
    "plan_html",
    "plan_markdown",
    "save_plan",
]

FORMATS: tuple[str, ...] = ("html", "md")
TITLE = "My back pain plan"

#: The page's style sheet, ``assets/plan.css``: compact on paper (a usual plan prints on up to four
#: A4 pages, checked in tests/e2e); colours print because the banner's words repeat what its colour says.
_STYLESHEET = "plan.css"


def _day(on: dt.date | None) -> str:
    return (on or dt.date.today()).isoformat()


def plan_html(assessment: Assessment, on: dt.date | None = None, title: str = TITLE) -> str:
    """A complete, standalone HTML page: the triage banner first, then title, date and details, with
    the glossary's words linked to their meanings in a "Words we use" list (the plan leaves the lesson
    where the words were explained; not under an emergency or urgent banner)."""
    day = _day(on)
    level = assessment.level
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}: {escape(level.label)} ({day})</title>"
        f"<style>\n{places.asset_text(_STYLESHEET)}</style></head>\n<body><main>\n"
        + render_banner_html(assessment)
        + f"\n<h1>{escape(title)}</h1>"
        f'<p class="bl-date">Made with backlearn on {day}{escape(_for_region(assessment))}.</p>\n'
        + _top_level_headings(render_details_html(assessment, tickable=True, words="bl-words"))
        + "\n</main></body></html>\n"
    )


def _top_level_headings(details: str) -> str:
    """On the plan's own page the sections come straight under its h1, so they are h2, not the h3
    they are inside a notebook or the app (headings that skip a level confuse screen readers)."""
    return details.replace("<h3>", "<h2>").replace("<h3 ", "<h2 ").replace("</h3>", "</h2>")


def plan_markdown(assessment: Assessment, on: dt.date | None = None, title: str = TITLE) -> str:
    """The same plan as Markdown: the triage line is the first line, then title and date."""
    day = _day(on)
    triage_line, rest = render_markdown(assessment).split("\n", 1)
    heading = "# " + triage_line.removeprefix("## ")
    return f"{heading}\n\n*{title}, made with backlearn on {day}{_for_region(assessment)}.*\n{rest}"


def _for_region(assessment: Assessment) -> str:
    """', for the United Kingdom': a printed plan leaves the screen, so it says whose numbers it gives."""
    region = assessment.content.region
    return f", with the numbers and services for {region.name}" if region else ""


def plan(assessment: Assessment, fmt: str = "html", on: dt.date | None = None, title: str = TITLE) -> str:
    """The plan in ``fmt`` ('html' or 'md')."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return plan_html(assessment, on, title) if fmt == "html" else plan_markdown(assessment, on, title)


def save_plan(assessment: Assessment, path: str | os.PathLike[str], fmt: str | None = None,
              on: dt.date | None = None, title: str = TITLE) -> Path:
    """Write the plan to ``path`` atomically and return the path written.

    The format follows the file's suffix (.md or .markdown for Markdown, else HTML) unless given.
    """
    target = Path(path)
    chosen = fmt or ("md" if target.suffix.lower() in (".md", ".markdown") else "html")
    return write_atomically(target, plan(assessment, chosen, on, title))


def format_for(path: str | os.PathLike[str] | None) -> str:
    """The plan format a file name asks for: ``html`` for ``.html`` or ``.htm``, else ``md`` (also with no
    file), so ``-o plan.html`` never holds Markdown."""
    if path is None:
        return "md"
    return "html" if os.fspath(path).lower().endswith((".html", ".htm")) else "md"
