"""The teacher pack's documents: print-ready pages built from the content, for a lesson without devices.

Every document is a list of sheets; each sheet is one printed page and is sized to fit both A4
and US Letter, so a teacher prints on whatever paper the school has. The functions here are pure
(content in, HTML out): they choose what goes on each sheet, and a Jinja2 template per kind of sheet
(``templates/pack_*.html.j2``, through :mod:`backlearn.pages`, autoescaped) lays it out, styled by
``assets/pack.css``. The pack's own wording (the licence line, the claims' credit, the glossary's
headings) is in ``pack.yaml``; the wording of the layout is in the templates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from backlearn import places
from backlearn.content import GLOSSARY_GROUPS, LEVELS, VERDICTS, Case, Content, Lesson
from backlearn.content.teaching import TeachingContent
from backlearn.pack._levels import demo_steps, fill, level_boxes
from backlearn.pages import render_page
from backlearn.render import VERDICT_WORDS
from backlearn.safeguarding import SafeguardingParts, load_safeguarding
from backlearn.sections import STRENGTH_WORDS

# Its public names are listed once, by the package's face (backlearn.pack).

CARDS_PER_SHEET = 2


@dataclass(frozen=True, slots=True)
class Document:
    """One file of the pack: a title, who it is for, and its sheets (inner HTML of each page)."""

    name: str
    title: str
    audience: str
    sheets: tuple[str, ...]
    #: "" for the usual sheets; "wall" (one A3 sheet) or "large" (large print: sheets grow and
    #: flow onto as many pages as they need, so nothing is cut off).
    style: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.html"


# ----------------------------------------------------------------------------- small pieces


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [items]


def case_number(case_id: str, content: Content) -> int:
    """The case's number, as the app's case list shows it (1 to the number of cases, in file order)."""
    return list(content.cases).index(case_id) + 1


def _names(case_ids: Iterable[str], content: Content) -> str:
    """Each case's number, person and title (the lesson's own card set prints them in this order)."""
    return ", ".join(
        f"case {case_number(c, content)}: {content.cases[c].name} ({content.cases[c].title})" for c in case_ids
    )


def _level_labels(content: Content) -> list[str]:
    """Each level's name from levels.yaml, least urgent first (the order of the tick boxes)."""
    return [content.levels[level].label for level in reversed(LEVELS)]


# ----------------------------------------------------------------------------- lesson plans


def lesson_document(lesson: Lesson, teaching: TeachingContent) -> Document:
    """A lesson plan on three sheets: the plan with timings, the teacher's notes, then the demo,
    differentiation and assessment."""
    content = teaching.content
    plan = render_page(
        "pack_lesson_plan.html.j2", lesson=lesson,
        case_names=_names(lesson.cases, content),
        claim_questions="; ".join(content.topics[t].question for t in lesson.topics),
    )
    notes = render_page("pack_lesson_notes.html.j2", lesson=lesson)
    assessment = render_page("pack_lesson_assessment.html.j2", lesson=lesson, demo=demo_steps(lesson, content))
    return Document(f"lesson-{lesson.id.replace('_', '-')}", lesson.title, "Teacher", (plan, notes, assessment))


# ----------------------------------------------------------------------------- cards and keys


def _card_sheets(case_ids: Sequence[str], content: Content) -> tuple[str, ...]:
    return tuple(
        render_page("pack_case_cards.html.j2", level_labels=_level_labels(content),
                    cards=[(case_number(c, content), content.cases[c]) for c in pair])
        for pair in _chunks(list(case_ids), CARDS_PER_SHEET)
    )


def case_cards_document(content: Content) -> Document:
    """Every case on a half-page card with a cut line, numbered as in the app; no answers."""
    return Document("case-cards", "Case cards (all)", "Learners", _card_sheets(list(content.cases), content))


def lesson_cards_document(lesson: Lesson, content: Content) -> Document:
    """Only the cards one lesson uses, in the plan's order, so a teacher prints just those."""
    return Document(f"cards-{lesson.id.replace('_', '-')}", f"Case cards for: {lesson.title}", "Learners",
                    _card_sheets(lesson.cases, content))


def case_key_document(content: Content) -> Document:
    """The expected level of every case, the signs that decide it, and the teaching point."""
    chunks = _chunks(list(content.cases.values()), 5)
    sheets = tuple(
        render_page("pack_case_key.html.j2", part=f"{number} of {len(chunks)}", rows=[
            {"number": case_number(case.id, content), "case": case,
             "level": content.levels[case.expected_triage].label, "deciding": _deciding(case, content)}
            for case in chunk
        ])
        for number, chunk in enumerate(chunks, 1)
    )
    return Document("case-key", "Case key", "Teacher", sheets)


def _deciding(case: Case, content: Content) -> str:
    """What decides the level, as the explorer decides it: the warning-sign rule that matched (the
    most urgent), with what in the story set it off; "No warning sign" only for self-care."""
    from backlearn.engine.assessment import assess

    answer = assess(case.symptoms, content)
    label = content.symptoms
    deciding = [m for m in answer.red_flags if m.flag.level == answer.triage]
    if deciding:
        return " ".join(
            f"Warning sign: {m.flag.name} (in the story: {'; '.join(label[s].label for s in m.because)})."
            for m in deciding
        )
    asked = [m for m in answer.screening if m.answered_yes and m.question.level == answer.triage]
    if asked:
        return " ".join(
            f"A check question answered yes: {'; '.join(label[s].label for s in m.answered_yes)}." for m in asked
        )
    kept = [label[s].label for s in case.symptoms if label[s].group != "age"]
    return "No warning sign. " + "; ".join(kept) + "."


def claim_cards_document(teaching: TeachingContent) -> Document:
    """The claims of the source page, quoted, on half-page cards for group work."""
    topics = sorted(teaching.content.topics.values(), key=lambda t: t.number)
    sheets = tuple(render_page("pack_claim_cards.html.j2", topics=pair,
                               claim_attribution=teaching.wording.claim_attribution,
                               verdict_words=[VERDICT_WORDS[verdict] for verdict in VERDICTS])
                   for pair in _chunks(topics, 2))
    return Document("claim-cards", f"Claim cards (the {len(topics)} claims)", "Learners", sheets)


def evidence_document(content: Content) -> Document:
    """Each topic's evidence as a picture (the lessons' charts), a topic a sheet, with how sure we are."""
    from backlearn.charts import evidence_notes_html, evidence_svg

    topics = sorted((t for t in content.topics.values() if t.id in content.evidence), key=lambda t: t.number)
    sheets = tuple(
        render_page("pack_evidence.html.j2", topic=topic, chart=evidence_svg(topic.id, content),
                    notes=evidence_notes_html(topic.id, content, links=False))
        for topic in topics
    )
    return Document("evidence-charts", "The evidence as pictures", "Learners", sheets)


def quiz_sheet_document(content: Content) -> Document:
    """The quizzes on paper, two topics a sheet, without answers."""
    return Document("quiz-sheets", "Quiz sheets", "Learners", _quiz_sheets(content, answers=False))


def quiz_key_document(content: Content) -> Document:
    """Every quiz question with its answer and why, and the verdict on each claim (the claim cards' key)."""
    return Document("quiz-key", "Quiz key", "Teacher", _quiz_sheets(content, answers=True))


def _quiz_sheets(content: Content, *, answers: bool) -> tuple[str, ...]:
    topics = sorted(content.topics.values(), key=lambda t: t.number)
    by_topic = {t.id: [q for q in content.quizzes.values() if q.topic == t.id] for t in topics}
    # The key holds the verdict and every explanation, so it takes a sheet per topic.
    chunks = _chunks([t for t in topics if by_topic[t.id]], 1 if answers else 2)
    return tuple(
        render_page("pack_quiz.html.j2", answers=answers, part=f"{number} of {len(chunks)}",
                    topics=[(topic, by_topic[topic.id]) for topic in chunk],
                    verdict_words=VERDICT_WORDS, strength_words=STRENGTH_WORDS)
        for number, chunk in enumerate(chunks, 1)
    )


# ----------------------------------------------------------------------------- one-page items


def back_diagram(css_class: str = "diagram") -> str:
    """The labelled back diagram of the app (assets/back.svg), inline so the page fetches nothing."""
    svg = places.asset_text("back.svg")
    # One page may hold it more than once: no ids to clash, and a plain image role with its name.
    svg = re.sub(r'\s(id|aria-labelledby)="[^"]*"', "", svg)
    svg = svg.replace("<svg ", "<svg role='img' aria-label=\"A person's back, seen from behind, with five "
                      "areas named: neck and shoulders, between the shoulder blades, middle back, lower back, "
                      "and buttock\" ", 1)
    return f"<div class='{css_class}'>{svg}</div>"


def _poster_sheet(teaching: TeachingContent, parts: SafeguardingParts | None) -> str:
    """The four levels of help, each with its signs (none for self-care) and what to do, then
    the line for young people and, for worries that are not about backs, the pupils' helpline."""
    content, poster = teaching.content, teaching.poster
    return render_page("pack_poster.html.j2", poster=poster, boxes=level_boxes(teaching),
                       diagram=back_diagram("diagram poster-diagram"),
                       youth=fill(poster.youth, content) if poster.youth else "",
                       footer=fill(poster.footer, content),
                       helplines=parts.part.helplines if parts is not None else ())


def poster_document(teaching: TeachingContent, parts: SafeguardingParts | None = None) -> Document:
    """The four levels of help and the warning signs under each, for a table (A4 or Letter)."""
    return Document("red-flag-poster", teaching.poster.title, "Learners", (_poster_sheet(teaching, parts),))


def wall_poster_document(teaching: TeachingContent, parts: SafeguardingParts | None = None) -> Document:
    """The same poster on A3, in type large enough to read across a classroom."""
    return Document("red-flag-poster-a3", f"{teaching.poster.title} (A3 wall poster)", "Learners",
                    (_poster_sheet(teaching, parts),), style="wall")


def exit_tickets_document(teaching: TeachingContent) -> Document:
    """For each lesson, two identical exit-ticket slips per sheet with a cut line."""
    sheets = [render_page("pack_exit_tickets.html.j2", lesson=lesson) for lesson in teaching.lessons.values()]
    return Document("exit-tickets", "Exit tickets", "Learners", tuple(sheets))


def glossary_document(teaching: TeachingContent) -> Document:
    """The glossary, group by group, a dozen or so words a sheet, each group under its heading from
    pack.yaml; the last sheet is the back diagram."""
    entries = sorted(
        teaching.glossary.values(), key=lambda e: (GLOSSARY_GROUPS.index(e.group), e.term.lower())
    )
    headings = dict(teaching.wording.glossary_groups)
    region = teaching.content.region
    chunks = _chunks(entries, 14)
    total = len(chunks) + 1
    sheets = []
    for number, chunk in enumerate(chunks, 1):
        groups: list[tuple[str, list[Any]]] = []
        for entry in chunk:
            if not groups or groups[-1][1][0].group != entry.group:
                where = f" in {region.name}" if entry.group == "help" and region is not None else ""
                groups.append((headings[entry.group] + where, []))
            groups[-1][1].append(entry)
        sheets.append(render_page("pack_glossary.html.j2", part=f"{number} of {total}", groups=groups))
    sheets.append(render_page("pack_glossary_back.html.j2", part=f"{total} of {total}",
                              diagram=back_diagram("diagram glossary-diagram")))
    return Document("glossary", "Glossary", "Learners", tuple(sheets))


def letter_document(teaching: TeachingContent, parts: SafeguardingParts | None = None) -> Document:
    """The parent/carer letter, with lines for the school's own details and, before the sign-off,
    the pupils' helplines for the pack's region (safeguarding.yaml), each with its source."""
    letter = teaching.letter
    parts = parts if parts is not None else load_safeguarding(teaching.content)
    sheet = render_page("pack_letter.html.j2", letter=letter, helplines=parts.part.helplines,
                        region_name=parts.region_name)
    return Document("parent-letter", letter.title, "Parents and carers", (sheet,))


def safeguarding_document(teaching: TeachingContent, parts: SafeguardingParts | None = None) -> Document:
    """The safeguarding note: what to check against the school's policy, the shared guidance, then
    the part for the pack's region (who to go to, how fast, the duty in law) and pupils' helplines."""
    note = teaching.safeguarding
    parts = parts if parts is not None else load_safeguarding(teaching.content)
    # The shared guidance over two sheets (the first also holds the check and the intro, so it
    # takes fewer sections), then the region's part on a sheet of its own: each fits letter paper.
    half = len(note.sections) * 3 // 7
    first = render_page("pack_safeguarding.html.j2", note=note, part="", check=parts.check,
                        sections=note.sections[:half])
    second = render_page("pack_safeguarding.html.j2", note=note, part="continued", check="",
                         sections=note.sections[half:])
    third = render_page("pack_safeguarding_region.html.j2", note=note, part=parts.part,
                        region_name=parts.region_name)
    return Document("safeguarding", note.title, "Teacher", (first, second, third))


def documents(teaching: TeachingContent) -> tuple[Document, ...]:
    """Every document of the pack, in the order the contents page lists them."""
    content = teaching.content
    parts = load_safeguarding(content)
    return (
        safeguarding_document(teaching, parts),
        *(lesson_document(lesson, teaching) for lesson in teaching.lessons.values()),
        *(lesson_cards_document(lesson, content) for lesson in teaching.lessons.values() if lesson.cases),
        case_cards_document(content),
        case_key_document(content),
        claim_cards_document(teaching),
        *((evidence_document(content),) if content.evidence else ()),
        quiz_sheet_document(content),
        quiz_key_document(content),
        exit_tickets_document(teaching),
        poster_document(teaching, parts),
        glossary_document(teaching),
        letter_document(teaching, parts),
    )


#: The learners' printables that have a large-print version.
LARGE_PRINT = ("case-cards", "claim-cards", "quiz-sheets", "exit-tickets", "red-flag-poster", "glossary")


def large_print_documents(docs: Sequence[Document]) -> tuple[Document, ...]:
    """The learners' printables in large print (14 pt, wider line spacing, on a cream page): the
    same sheets, each growing onto as many pages as it needs."""
    return tuple(
        Document(f"large-print-{d.name}", f"{d.title} (large print)", d.audience, d.sheets, style="large")
        for d in docs if d.name in LARGE_PRINT
    )


# ----------------------------------------------------------------------------- whole pages

def page_html(document: Document, teaching: TeachingContent) -> str:
    """A complete, self-contained HTML page (``templates/pack_page.html.j2``, its style sheet
    ``assets/pack.css``), with pack.yaml's licence line at each sheet's foot: no scripts, no fonts
    or images from the network."""
    return render_page("pack_page.html.j2", document=document, licence=teaching.wording.licence_line,
                       needs_heading=not any("<h1" in sheet for sheet in document.sheets))


def index_document(docs: Sequence[Document], teaching: TeachingContent) -> Document:
    """The contents page: what each file is and who it is for, the slides, the wall poster and
    the large print."""
    sheet = render_page("pack_index.html.j2", documents=docs, lessons=list(teaching.lessons.values()),
                        large_print=LARGE_PRINT, claim_attribution=teaching.wording.claim_attribution)
    return Document("index", "backlearn teacher pack", "Teacher", (sheet,))


def build(teaching: TeachingContent) -> dict[str, str]:
    """Every HTML file of the pack by file name, the contents page first."""
    docs = documents(teaching)
    return {d.filename: page_html(d, teaching) for d in (index_document(docs, teaching), *docs)}


def build_extras(teaching: TeachingContent) -> dict[str, str]:
    """The files beside the printed pack: the A3 wall poster, the large-print printables and the
    slides for each lesson (HTML only: they are shown, not printed)."""
    from backlearn.pack.slides import build_slides

    docs = documents(teaching)
    extras = (wall_poster_document(teaching, load_safeguarding(teaching.content)), *large_print_documents(docs))
    return {d.filename: page_html(d, teaching) for d in extras} | build_slides(teaching)
