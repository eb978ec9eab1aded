"""The teacher's results page offers the counts as a CSV file (a data: link): counts only, no names,
the same numbers as the tables, and a file a spreadsheet opens."""

from __future__ import annotations

import base64
import csv
import io
import re

from shipped import shipped

from backlearn.classresults.answers import Answer
from backlearn.classresults.page import CSV_COLUMNS, results_csv, results_page
from backlearn.classresults.tally import ChoiceCount, ItemTally, tally


def _answers() -> list[tuple[str, Answer]]:
    case = next(c for c in shipped().cases.values() if c.expected_triage == "urgent")
    question = next(iter(shipped().quizzes.values()))
    return [
        ("ada-secret-name", Answer("case", case.id, "self_care")),
        ("ben", Answer("case", case.id, "urgent")),
        ("ben", Answer("quiz", question.id, str(question.answer))),
    ]


def _downloaded(html: str) -> str:
    match = re.search(r'<a class="bl-download-csv" download="class-results.csv" '
                      r'href="data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]*)">', html)
    assert match, "no CSV download link on the page"
    return base64.b64decode(match.group(1)).decode("utf-8")


def test_the_page_links_a_csv_with_the_same_counts_and_no_names() -> None:
    tallies = tally(_answers(), shipped())
    html = results_page(tallies, learners=2)
    text = _downloaded(html)
    assert text == results_csv(tallies)
    assert "ada-secret-name" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    for item in tallies:
        mine = [r for r in rows if r["item"] == item.item]
        assert [int(r["learners"]) for r in mine] == [c.count for c in item.choices]
        assert sum(int(r["learners"]) for r in mine) == item.total
    under = [r for r in rows if r["under_triage"] == "yes"]
    assert len(under) == 1 and under[0]["kind"] == "case" and under[0]["learners"] == "1"
    assert any(r["right_answer"] == "yes" and r["kind"] == "quiz" for r in rows)


def test_csv_quotes_commas_and_quotes_in_titles_and_an_empty_class_has_only_the_header() -> None:
    item = ItemTally("quiz", "q", 'Is "rest", or moving, better?', (ChoiceCount("0", "Rest, mostly", 2, False),))
    rows = list(csv.reader(io.StringIO(results_csv([item]))))
    assert rows[1][:5] == ["quiz", "q", 'Is "rest", or moving, better?', "Rest, mostly", "2"]
    assert results_csv([]) == ",".join(CSV_COLUMNS) + "\r\n"
    assert "bl-download-csv" in results_page([], learners=0)
