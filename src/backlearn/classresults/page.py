"""The teacher's results page as HTML (pure): per case and per question, how many learners chose what.

Counts only, never names. Under-triage (a less urgent level than the right one) is marked in
words and colour, for the closing discussion; the right answer is marked too.
"""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Sequence

from backlearn.classresults.tally import ItemTally
from backlearn.pages import render_page

__all__ = ["CSV_COLUMNS", "results_csv", "results_page"]

#: The CSV export's columns, one row per answer choice of every case and question.
CSV_COLUMNS = ("kind", "item", "title", "answer", "learners", "right_answer", "under_triage")


def _bar_width(count: int, total: int) -> float:
    """The bar's length in rem: 10 for every learner, in proportion."""
    return round(10 * count / total, 1) if total else 0


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


def results_page(tallies: Sequence[ItemTally], learners: int) -> str:
    """The whole page (``templates/class_results.html.j2``): a heading, a note on privacy, a CSV download
    (the file travels inside the link, a data: address, so the service needs no extra route), then the
    cases and the quiz questions."""
    return render_page(
        "class_results.html.j2",
        learners=learners,
        csv_base64=base64.b64encode(results_csv(tallies).encode("utf-8")).decode("ascii"),
        cases=[t for t in tallies if t.kind == "case"],
        quizzes=[t for t in tallies if t.kind == "quiz"],
        bar_width=_bar_width,
    )
