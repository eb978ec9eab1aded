"""The teacher's content and the teacher pack, without a browser: the lessons are valid and
complete, every quiz and case has a key, cards give nothing away, the HTML is escaped and
fetches nothing. tests/e2e/test_pack_in_browser.py measures the pages in Chromium."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from content_edits import edit_file as _edit
from markupsafe import escape

from backlearn import ContentError, load_content
from backlearn.cli import main
from backlearn.content.teaching import load_teaching
from backlearn.pack import build, case_cards_document, documents, exit_tickets_document, page_html

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def teaching():
    return load_teaching(load_content())


@pytest.fixture(scope="module")
def pages(teaching):
    return build(teaching)



def _problems(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_teaching(load_content(folder))
    return [str(p) for p in caught.value.problems]


# ----------------------------------------------------------------------------- the shipped lessons


def test_the_three_50_minute_lessons_and_the_90_minute_plan_exist(teaching):
    minutes = {lesson.id: lesson.minutes for lesson in teaching.lessons.values()}
    assert minutes["case_study"] == minutes["myth_busting"] == minutes["when_to_get_help"] == 50
    assert minutes["staying_active"] == 50 and minutes["adult_college"] == 90
    for lesson in teaching.lessons.values():
        assert sum(step.minutes for step in lesson.timings) == lesson.minutes
        assert lesson.objectives and lesson.key_points and lesson.misconceptions and lesson.prompts
        assert lesson.exit_ticket and all(p.model_answer for p in lesson.prompts + lesson.exit_ticket)


def test_myth_busting_covers_the_seven_claims(teaching):
    assert set(teaching.lessons["myth_busting"].topics) == set(teaching.content.topics)


def test_every_quiz_question_has_its_answer_in_the_key(teaching, pages):
    key = pages["quiz-key.html"]
    sheet = pages["quiz-sheets.html"]
    for question in teaching.content.quizzes.values():
        right = f'<li class="right">&#9745; {escape(question.right_answer)}</li>'
        assert right in key, question.id
        assert escape(question.explanation) in key, question.id
        assert escape(question.question) in sheet, question.id
    assert 'class="right"' not in sheet and "&#9745;" not in sheet


def test_every_claim_has_its_verdict_in_the_key(teaching, pages):
    key = pages["quiz-key.html"]
    for topic in teaching.content.topics.values():
        assert escape(topic.verdict_reason) in key, topic.id
        assert escape(topic.page_claim) in pages["claim-cards.html"], topic.id


def test_every_case_has_a_card_and_a_key_and_the_card_gives_nothing_away(teaching, pages):
    cards, key = pages["case-cards.html"], pages["case-key.html"]
    for case in teaching.content.cases.values():
        assert escape(case.story) in cards, case.id
        assert escape(case.teaching_point) in key, case.id
        row = key[key.index(escape(case.title)):]
        assert row.index(f"level-{case.expected_triage}") < row.index("</tr>"), case.id
        assert escape(case.teaching_point) not in cards, case.id
    assert '<td class="level' not in cards
    assert len(case_cards_document(teaching.content).sheets) == (len(teaching.content.cases) + 1) // 2
    plan = pages["lesson-case-study.html"]
    leo = list(teaching.content.cases).index("fall_at_football")
    assert f"case {leo + 1}: Leo (A fall on the football pitch)" in plan


def test_every_exit_ticket_has_model_answers_in_its_lesson(teaching, pages):
    tickets = exit_tickets_document(teaching)
    assert len(tickets.sheets) == len(teaching.lessons)
    for lesson in teaching.lessons.values():
        plan = pages[f"lesson-{lesson.id.replace('_', '-')}.html"]
        for prompt in lesson.exit_ticket + lesson.prompts:
            assert escape(prompt.model_answer) in plan, lesson.id
        for prompt in lesson.exit_ticket:
            assert escape(prompt.question) in pages["exit-tickets.html"]
            assert escape(prompt.model_answer) not in pages["exit-tickets.html"]


def test_poster_glossary_letter_and_safeguarding(teaching, pages):
    poster = pages["red-flag-poster.html"]
    for sign in teaching.poster.signs:
        assert escape(teaching.content.symptoms[sign].label) in poster
    assert "level-emergency" in poster and "level-urgent" in poster
    for entry in teaching.glossary.values():
        assert escape(entry.meaning) in pages["glossary.html"]
    for word in ("systematic_review", "guideline", "evidence_strength"):
        assert word in teaching.glossary
    safeguarding = pages["safeguarding.html"]
    assert "made-up people" in safeguarding and "school nurse" in safeguarding
    assert "Dear parent or carer" in pages["parent-letter.html"]


def test_the_pack_states_its_licence_and_quotes_with_attribution(pages):
    assert "CC BY 4.0" in pages["index.html"] and "MIT" in pages["index.html"]
    for name, page in pages.items():
        assert "Content: CC BY 4.0" in page, name
    assert "Claims quoted, for review" in pages["claim-cards.html"]
    assert "Creative Commons Attribution 4.0" in (DATA / "LICENSE").read_text(encoding="utf-8")


def test_the_pack_wording_comes_from_pack_yaml(data_copy):
    """A teacher changes the licence line, the claims' credit and a glossary heading without Python."""
    _edit(data_copy, "pack.yaml", "  licence_line: \"backlearn teacher pack.", "  licence_line: \"Our school's pack.")
    _edit(data_copy, "pack.yaml", "    Claims quoted, for review,", "    Claims copied for class review,")
    _edit(data_copy, "pack.yaml", "    care: Care and treatment", "    care: Getting better")
    built = build(load_teaching(load_content(data_copy)))
    assert all("Our school&#39;s pack. Content: CC BY 4.0" in page for page in built.values())
    for name in ("claim-cards.html", "index.html"):
        assert "Claims copied for class review," in built[name] and "Claims quoted" not in built[name], name
    assert "<h2>Getting better</h2>" in built["glossary.html"] and "Care and treatment" not in built["glossary.html"]


def test_the_claim_cards_count_the_claims(teaching, pages):
    count = len(teaching.content.topics)
    assert f"Claim cards (the {count} claims)" in pages["claim-cards.html"]
    assert f"Claim cards (the {count} claims)" in pages["index.html"]


def test_pages_fetch_nothing_and_run_nothing(pages):
    for name, page in pages.items():
        assert not re.search(r"<script|<link|<img|<iframe|@import|url\(", page, re.I), name
        assert not re.search(r"(src|href)\s*=\s*['\"]?(https?:)?//", page, re.I), name


def test_the_new_teacher_content_names_services_in_words():
    """Service names (999, A&E...) are filled in per region elsewhere; the teacher's files use words."""
    for name in ("lessons.yaml", "glossary.yaml", "pack.yaml"):
        text = (DATA / name).read_text(encoding="utf-8")
        for literal in ("999", "A&E", "NHS 111", " GP"):
            assert literal not in text, (name, literal)


def test_learner_facing_words_are_plain(teaching):
    import textstat

    texts = [e.meaning for e in teaching.glossary.values()]
    texts += [p.question for lesson in teaching.lessons.values() for p in lesson.exit_ticket]
    texts += [teaching.poster.intro, teaching.poster.footer]
    grades = [textstat.flesch_kincaid_grade(t) for t in texts]
    assert sum(grades) / len(grades) <= 6.0
    assert max(grades) <= 10.0


# ----------------------------------------------------------------------------- escaping and errors


def test_content_is_escaped(data_copy):
    _edit(data_copy, "lessons.yaml", "  summary: >-\n    Learners meet", "  summary: >-\n    <script>x</script> meet")
    _edit(data_copy, "cases.yaml", "title: A sore spot after a weekend of games", "title: A <b>sore</b> spot")
    teaching = load_teaching(load_content(data_copy))
    built = build(teaching)
    assert "&lt;script&gt;x&lt;/script&gt;" in built["lesson-when-to-get-help.html"]
    assert "A &lt;b&gt;sore&lt;/b&gt; spot" in built["case-cards.html"]
    assert all("<script" not in page and "<b>" not in page for page in built.values())


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("lessons.yaml", "    - minutes: 2\n      activity: Who to talk to",
         "    - minutes: 3\n      activity: Who to talk to",
         "lessons.yaml, line 47, field 'timings': the steps add up to 51 minutes; expected 50"),
        ("lessons.yaml", "cases: [gaming_marathon, fever_and_back_ache,",
         "cases: [gaming_marathn, fever_and_back_ache,",
         "field 'cases': unknown case 'gaming_marathn'; did you mean 'gaming_marathon'?"),
        ("lessons.yaml", "  key_points:\n    - Most back pain", "  keypoints:\n    - Most back pain",
         "field 'keypoints': unknown field; expected one of"),
        ("glossary.yaml", "group: evidence\n  meaning: What studies", "group: evidense\n  meaning: What studies",
         "glossary.yaml, line 17, field 'group': expected one of evidence, body, condition, care, help; "
         "got 'evidense'"),
        ("glossary.yaml", "term: Study\n", "term: Evidence\n", "field 'term': 'Evidence' is already explained"),
        ("pack.yaml", "    - chest_pain\n", "    - knot\n",
         "pack.yaml, line 93, field 'signs': 'knot' is not a warning sign"),
        ("pack.yaml", "  title: Back pain warning signs\n", "", "field 'title': missing; expected some text"),
        ("pack.yaml", "    care: Care and treatment\n", "", "field 'care': missing; expected some text"),
        ("pack.yaml", "    care: Care and treatment\n", "    cure: Care and treatment\n",
         "field 'cure': unknown field; expected one of"),
    ],
)
def test_bad_teacher_content_is_named_with_file_line_and_field(data_copy, name, old, new, expected):
    _edit(data_copy, name, old, new)
    problems = _problems(data_copy)
    assert any(expected in p for p in problems), problems


def test_a_missing_teacher_file_is_named(data_copy):
    (data_copy / "glossary.yaml").unlink()
    assert _problems(data_copy) == ["glossary.yaml, line 0: file missing; the teacher pack needs it"]


def test_the_learner_content_still_loads_without_the_teacher_files(data_copy):
    for name in ("lessons.yaml", "glossary.yaml", "pack.yaml"):
        (data_copy / name).unlink()
    assert load_content(data_copy).cases


# ----------------------------------------------------------------------------- the command


def test_cli_writes_the_html_pack(tmp_path, capsys):
    out = tmp_path / "pack"
    assert main(["pack", "--no-pdf", "-o", str(out)]) == 0
    names = {p.name for p in out.iterdir()}
    assert {"index.html", "case-cards.html", "safeguarding.html", "LICENSE.txt"} <= names
    assert not (out / "pdf").exists()
    assert "Open " in capsys.readouterr().err


def test_cli_says_how_to_get_pdfs_without_chromium(tmp_path, capsys):
    assert main(["pack", "-o", str(tmp_path / "p"), "--chromium", str(tmp_path / "no-chromium")]) == 2
    err = capsys.readouterr().err
    assert "Chromium" in err and "--no-pdf" in err


def test_cli_prints_with_the_chromium_the_setting_names(tmp_path, capsys, monkeypatch):
    """Review 2026-12: `backlearn pack` hard-coded /usr/bin/chromium, which the tests and benchmarks
    let $BACKLEARN_CHROMIUM change; now all of them ask places.chromium()."""
    monkeypatch.setenv("BACKLEARN_CHROMIUM", str(tmp_path / "my-chromium"))
    assert main(["pack", "-o", str(tmp_path / "p")]) == 2
    assert f"Chromium at {tmp_path / 'my-chromium'}" in capsys.readouterr().err


def test_every_document_is_a_whole_page(teaching):
    for document in documents(teaching):
        page = page_html(document, teaching)
        assert page.startswith("<!DOCTYPE html>") and page.count('class="sheet"') == len(document.sheets)


def test_validate_checks_the_teacher_files_too(data_copy, capsys):
    assert main(["validate", str(data_copy)]) == 0
    assert "5 lesson plans" in capsys.readouterr().out
    _edit(data_copy, "glossary.yaml", "group: evidence\n  meaning: What", "group: evidense\n  meaning: What")
    assert main(["validate", str(data_copy)]) == 1
    assert "glossary.yaml, line 17, field 'group'" in capsys.readouterr().err


def test_the_lesson_outlines_in_the_teaching_guide_match_the_plans(teaching):
    guide = (DATA.parent / "docs" / "teaching.md").read_text(encoding="utf-8")
    shown = dict(re.findall(r"<!-- outline: (\w+) -->\n(.+)\n", guide))
    assert set(shown) == {"when_to_get_help", "case_study", "myth_busting"}
    for lesson_id, line in shown.items():
        assert line == teaching.lessons[lesson_id].outline, lesson_id


def test_the_style_sheet_prints_on_the_papers_and_margin_the_pdfs_use():
    """assets/pack.css sizes the sheets; PAPERS and MARGIN size the PDFs: they must agree."""
    from backlearn import places
    from backlearn.pack import MARGIN, PAPERS

    css = places.asset_text("pack.css")
    assert f"@page {{ margin: {MARGIN}; }}" in css
    for name, (_, width, height) in PAPERS.items():
        assert f"html[data-paper={name}] .sheet {{ width: {width}; height: {height}; }}" in css


def test_cli_pack_without_jinja2_says_which_extra_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "jinja2", None)  # as if Jinja2 were not installed
    assert main(["pack", "--no-pdf", "-o", str(tmp_path / "p")]) == 2
    assert "pip install 'backlearn[pages]'" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()
