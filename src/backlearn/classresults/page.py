"""The teacher's results page as HTML (pure): per case and per question, how many learners chose what.

Counts only, never names. Under-triage (a less urgent level than the right one) is marked in
words and colour, for the closing discussion; the right answer is marked too.
"""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Sequence
from html import escape

from backlearn.classresults.tally import ChoiceCount, ItemTally

__all__ = ["CSV_COLUMNS", "results_csv", "results_page"]

#: The CSV export's columns, one row per answer choice of every case and question.
CSV_COLUMNS = ("kind", "item", "title", "answer", "learners", "right_answer", "under_triage")

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 1rem; line-height: 1.5; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { border: 1px solid #888; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
td.count { text-align: right; width: 5rem; }
tr.bl-under-triage { background: #fde0dc; }
tr.bl-right { background: #e3f2e1; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.bl-bar { display: inline-block; height: 0.8rem; background: #1a4fa0; }
"""


def _row(choice: ChoiceCount, total: int) -> str:
    notes = []
    css = ""
    if choice.right:
        notes.append("right answer")
        css = "bl-right"
    if choice.under_triage and choice.count:
        notes.append("UNDER-TRIAGE: less urgent than it should be")
        css = "bl-under-triage"
    width = round(10 * choice.count / total, 1) if total else 0
    return (
        f'<tr class="{css}"><td>{escape(choice.label)}</td><td class="count">{choice.count}</td>'
        f'<td><span class="bl-bar" style="width:{width}rem" aria-hidden="true"></span> '
        f"{escape('; '.join(notes))}</td></tr>"
    )


def _table(item: ItemTally) -> str:
    summary = f"{item.total} answered, {item.right_count} right"
    if item.kind == "case":
        summary += f", {item.under_triage_count} under-triaged"
    rows = "".join(_row(choice, item.total) for choice in item.choices)
    return (
        f"<h3>{escape(item.title)}</h3><p>{escape(summary)}.</p>"
        f'<table class="bl-results-{escape(item.kind)}" data-item="{escape(item.item)}">'
        f'<caption class="visually-hidden">{escape(item.title)}</caption>'
        f'<thead><tr><th scope="col">Answer</th><th scope="col">Learners</th><th scope="col">Note</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def results_csv(tallies: Sequence[ItemTally]) -> str:
    """The counts as CSV for a spreadsheet or mark book: counts only, never names, as on the page."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in tallies:
        for choice in item.choices:
            writer.writerow((item.kind, item.item, item.title, choice.label, choice.count,
                             "yes" if choice.right else "no",
                             "yes" if choice.under_triage and choice.count else "no"))
    return out.getvalue()


def _csv_link(tallies: Sequence[ItemTally]) -> str:
    """A link that downloads the counts as they are now; the file travels inside the link (a data:
    address), so the service needs no extra route."""
    encoded = base64.b64encode(results_csv(tallies).encode("utf-8")).decode("ascii")
    return (
        '<p><a class="bl-download-csv" download="class-results.csv" '
        f'href="data:text/csv;charset=utf-8;base64,{encoded}">Download these results (CSV, counts only)</a></p>'
    )


def results_page(tallies: Sequence[ItemTally], learners: int) -> str:
    """The whole page: a heading, a note on privacy, a CSV download, then the cases and the quiz questions."""
    cases = [t for t in tallies if t.kind == "case"]
    quizzes = [t for t in tallies if t.kind == "quiz"]
    body = [
        "<h1>Class results</h1>",
        f"<p>{learners} learner{'s' if learners != 1 else ''} sent answers. Each learner counts once per case "
        "or question, with their first answer. No names are shown. Reload the page for new answers.</p>",
        _csv_link(tallies),
        "<h2>Case studies</h2>",
        "".join(_table(t) for t in cases) or "<p>No case answers yet.</p>",
        "<h2>Quiz questions</h2>",
        "".join(_table(t) for t in quizzes) or "<p>No quiz answers yet.</p>",
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>backlearn: class results</title><style>{_STYLE}</style></head>"
        f'<body><main>{"".join(body)}</main></body></html>'
    )
