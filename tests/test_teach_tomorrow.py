"""Issue 26, "Teach it tomorrow": what a class, a parent or a school's safeguarding lead would see in
the teacher pack. The projector demo shows the level the plan says; the poster has all four levels,
a line for young people and a helpline, and an A3 version; the case key never says "No warning sign"
beside a case that needs help; the safeguarding note has its per-region part (who, how fast, the
law, helplines, each sourced); every plan has success criteria, support, stretch, a baseline and a
mark scheme; name lines; per-lesson card sets numbered as in the app; large print; the back
diagram; slides for each plan."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from backlearn import ContentError, assess, load_content
from backlearn.cli import main
from backlearn.content import LEVELS
from backlearn.content.teaching import load_teaching
from backlearn.pack import (
    LARGE_PRINT,
    build,
    build_extras,
    case_key_document,
    documents,
    lesson_cards_document,
    wall_poster_document,
)
from backlearn.pack.slides import build_slides, slide_names
from backlearn.safeguarding import load_safeguarding

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def teaching():
    return load_teaching(load_content(region="uk"))


@pytest.fixture(scope="module")
def us():
    return load_teaching(load_content(region="us"))


@pytest.fixture(scope="module")
def pages(teaching):
    return build(teaching) | build_extras(teaching)


def _words(html: str) -> str:
    """The page's text, tags removed and spaces collapsed."""
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# ----------------------------------------------------------------------------- the projector demo


def test_every_plans_demo_gives_the_level_the_plan_says(teaching):
    demos = {lesson.id: lesson.demo for lesson in teaching.lessons.values() if lesson.demo}
    assert {"when_to_get_help", "adult_college"} <= set(demos)
    for lesson_id, steps in demos.items():
        for step in steps:
            assert assess(step.ticks, teaching.content).triage == step.level, (lesson_id, step.ticks)
    # The review's finding: the knot demo must start at self-care and a warning sign must win.
    first, second = demos["when_to_get_help"]
    assert (first.level, second.level) == ("self_care", "emergency")
    assert set(first.ticks) < set(second.ticks)


def test_every_plan_that_ticks_on_the_projector_names_its_demo(teaching):
    for lesson in teaching.lessons.values():
        ticks_live = any("tick" in step.details.lower() and ("projector" in step.details.lower()
                         or "explorer" in step.details.lower()) for step in lesson.timings)
        assert not ticks_live or lesson.demo, f"{lesson.id} ticks on the projector but has no demo"


def test_the_plan_prints_the_demo_with_its_level(teaching, pages):
    plan = _words(pages["lesson-when-to-get-help.html"])
    assert "The explorer shows: Self-care." in plan and "The explorer shows: Emergency." in plan
    assert 'A tight, tender spot (a "knot")' in plan or "A tight, tender spot (a &quot;knot&quot;)" in plan


def test_an_unknown_demo_level_or_symptom_is_named(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    text = (folder / "lessons.yaml").read_text(encoding="utf-8")
    text = text.replace("      level: self_care", "      level: selfcare", 1).replace(
        "    - ticks: [between_shoulder_blades, knot,", "    - ticks: [between_shoulder_blade, knot,", 1)
    (folder / "lessons.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_teaching(load_content(folder))
    problems = " | ".join(str(p) for p in caught.value.problems)
    assert "unknown level 'selfcare'" in problems and "did you mean 'self_care'" in problems
    assert "unknown symptom 'between_shoulder_blade'" in problems


# ----------------------------------------------------------------------------- the poster


def test_the_poster_shows_all_four_levels_a_youth_line_and_a_helpline(pages):
    poster = pages["red-flag-poster.html"]
    for level in LEVELS:
        assert f'class="box level-{level}"' in poster, level
    words = _words(poster)
    assert "ticked here" not in words and "Say what you ticked" not in words
    assert "Under 18? Back pain that wakes you at night" in words
    assert "Young people: see a doctor if back pain lasts more than about 4 weeks" in words
    assert "Childline: 0800 1111" in words and "Call 999 now" in words
    assert "<svg" in poster and "role='img'" in poster and ' id="' not in poster


def test_the_us_poster_has_us_numbers_and_helplines_only(us):
    words = _words(build(us)["red-flag-poster.html"])
    assert "Call 911 now" in words and "988" in words
    assert "999" not in words and "Childline" not in words and "A&amp;E" not in words


def test_the_wall_poster_is_a3_with_the_same_boxes(teaching, pages):
    wall = pages["red-flag-poster-a3.html"]
    assert '<html lang="en" class="wall">' in wall and "@page { size: A3; }" in wall
    assert all(f'class="box level-{level}"' in wall for level in LEVELS)
    table = next(d for d in documents(teaching) if d.name == "red-flag-poster")
    assert wall_poster_document(teaching, load_safeguarding(teaching.content)).sheets == table.sheets


# ----------------------------------------------------------------------------- the case key


def test_the_case_key_never_says_no_warning_sign_beside_a_case_that_needs_help(teaching):
    key = "".join(case_key_document(teaching.content).sheets)
    for row in re.findall(r"<tr>(.*?)</tr>", key)[1:]:
        if "No warning sign" in row:
            assert "level-self_care" in row, _words(row)
    helen = next(c for c in teaching.content.cases.values() if c.name.startswith("Helen"))
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", key) if helen.title in r)
    assert "Pain between the shoulder blades with no clear cause" in row


# ----------------------------------------------------------------------------- safeguarding


def test_the_uk_note_sends_to_the_nurse_and_the_dsl_immediately(pages):
    note = _words(pages["safeguarding.html"])
    assert "in private" not in note and "the same day" not in note.split("In the United Kingdom")[1][:400]
    assert "Take them to the school nurse or first aider" in note
    assert "designated safeguarding lead (DSL)" in note and "Immediately" in note
    assert "Self-harm" in note and "Exit tickets carry names" in note and "harm at home" in note
    assert "cancer" in note and "eating difficulties" in note
    assert "Childline: 0800 1111" in note and "https://www.childline.org.uk/" in note
    assert "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2" in note
    assert "CHECK BEFORE THE LESSON" in note and "CHECK against your school's policy" in note


def test_the_us_note_has_mandated_reporting_and_988(us):
    note = _words(build(us)["safeguarding.html"])
    assert "mandated reporters" in note and "child protective services (CPS)" in note
    assert "988 Suicide and Crisis Lifeline" in note and "https://988lifeline.org/" in note
    assert "designated safeguarding lead (DSL)" not in note and "Childline" not in note
    assert "call 911" in note
    # The shared part never hands a concern to a UK-style lead: a US teacher's report is their own.
    assert not re.search(r"(to|tell|Go to|The) (your |the )?safeguarding lead[ ,.]", note)
    assert "surgery" not in note  # British for a doctor's office


def test_every_region_has_its_part_with_sourced_helplines():
    content = load_content()
    for region in content.regions:
        parts = load_safeguarding(load_content(region=region))
        assert parts.part.region == region and parts.part.go_to and parts.part.how_fast and parts.part.duty
        assert parts.part.duty_url.startswith("https://") and parts.part.helplines
        assert all(h.url.startswith("https://") and h.number for h in parts.part.helplines)
        assert "{" not in parts.part.how_fast, region  # placeholders filled in


def test_a_region_without_a_part_is_named(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    text = (folder / "safeguarding.yaml").read_text(encoding="utf-8")
    (folder / "safeguarding.yaml").write_text(text.replace("  - id: nz\n", "  - id: zz\n"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_safeguarding(load_content(folder))
    assert any("no entry for region 'nz'" in str(p) for p in caught.value.problems)


# ----------------------------------------------------------------------------- the lesson around it


def test_every_plan_has_criteria_support_stretch_baseline_and_a_mark_scheme(teaching, pages):
    for lesson in teaching.lessons.values():
        assert lesson.success_criteria and lesson.support and lesson.stretch and lesson.baseline, lesson.id
        assert all(p.accept and p.reject for p in lesson.exit_ticket), lesson.id
        plan = _words(pages[f"lesson-{lesson.id.replace('_', '-')}.html"])
        for heading in ("Success criteria", "Support", "Stretch", "Baseline and end point", "Exit ticket mark scheme"):
            assert heading in plan, (lesson.id, heading)


def test_learners_sheets_have_name_lines(pages):
    for name in ("quiz-sheets.html", "case-cards.html", "claim-cards.html", "exit-tickets.html"):
        assert "Name: ____" in pages[name], name


def test_each_lesson_has_its_own_card_set_numbered_as_in_the_app(teaching, pages):
    content = teaching.content
    number = {case_id: n for n, case_id in enumerate(content.cases, start=1)}
    for lesson in teaching.lessons.values():
        if not lesson.cases:
            continue
        cards = _words("".join(lesson_cards_document(lesson, content).sheets))
        titles = re.findall(r"Case (\d+): ", cards)
        assert [int(n) for n in titles] == [number[c] for c in lesson.cases], lesson.id
        assert f"cards-{lesson.id.replace('_', '-')}.html" in pages


def test_large_print_versions_of_the_learners_printables(pages):
    for name in LARGE_PRINT:
        page = pages[f"large-print-{name}.html"]
        assert '<html lang="en" class="large">' in page and "html.large { font-size: 14pt" in page, name


def test_the_glossary_has_the_back_diagram(pages):
    glossary = pages["glossary.html"]
    assert "The body: the back, seen from behind" in glossary and "Between the shoulder blades" in glossary


def test_every_plan_has_slides_with_starter_levels_signposting_and_plenary(teaching):
    decks = build_slides(teaching)
    assert len(decks) == len(teaching.lessons)
    for lesson in teaching.lessons.values():
        deck = decks[f"slides-{lesson.id.replace('_', '-')}.html"]
        names = re.findall(r'<section class="slide[^"]*" data-slide="([^"]+)"', deck)
        assert names == slide_names(lesson)
        assert {"starter", "four levels", "signposting", "plenary"} <= set(names)
        words = _words(deck)
        assert all(_words(p.question.replace('"', "&quot;")) in words for p in lesson.exit_ticket), lesson.id
        assert "Childline: 0800 1111" in words and "call 999 now" in words
        assert not re.search(r"<script|<link|<img|<iframe|@import|url\(", deck, re.I), lesson.id
        assert not re.search(r"(src|href)\s*=", deck, re.I), lesson.id


def test_pack_for_the_us_writes_slides_and_the_us_note(tmp_path, capsys):
    assert main(["pack", "--region", "us", "--no-pdf", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "slides-when-to-get-help.html").is_file()
    note = _words((tmp_path / "safeguarding.html").read_text(encoding="utf-8"))
    assert "mandated reporters" in note and "988" in note
    poster = (tmp_path / "red-flag-poster-a3.html").read_text(encoding="utf-8")
    assert "Call 911 now" in _words(poster) and "Call 999" not in _words(poster)
