"""The teacher pack: print-ready pages built from the content, for a lesson without devices.

Every document is a list of sheets; each sheet is one printed page and is sized to fit both A4
and US Letter, so a teacher prints on whatever paper the school has. The rendering functions
are pure (content in, escaped HTML out); :func:`write_pack` writes the files and, with
Chromium, the same pages as PDF.

The page shell, the contents page, the parent letter, the exit tickets and the claim cards are
Jinja2 templates (``templates/pack_*.html.j2``, through :mod:`backlearn.pages`, autoescaped), styled by
``assets/pack.css``; the other sheets are still built here with ``escape()``, and ``_head`` and
``_lines`` repeat the macros of ``pack_macros.html.j2`` until they move too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from backlearn import places
from backlearn.content import LEVELS, VERDICTS, Case, Content, Lesson, Prompt, QuizQuestion
from backlearn.content.model import GLOSSARY_GROUPS
from backlearn.content.teaching import TeachingContent
from backlearn.pages import render_page
from backlearn.render import VERDICT_WORDS
from backlearn.safeguarding import SafeguardingParts, load_safeguarding
from backlearn.sections import STRENGTH_WORDS

__all__ = [
    "CARDS_PER_SHEET",
    "CLAIM_ATTRIBUTION",
    "GROUP_NAMES",
    "LARGE_PRINT",
    "LICENCE_LINE",
    "MARGIN",
    "PAPERS",
    "WALL_PAPER",
    "Document",
    "PdfError",
    "back_diagram",
    "build",
    "build_extras",
    "case_cards_document",
    "case_key_document",
    "case_number",
    "claim_cards_document",
    "documents",
    "evidence_document",
    "exit_tickets_document",
    "glossary_document",
    "index_document",
    "large_print_documents",
    "lesson_cards_document",
    "lesson_document",
    "letter_document",
    "page_html",
    "poster_document",
    "print_extras",
    "print_pdfs",
    "quiz_key_document",
    "quiz_sheet_document",
    "safeguarding_document",
    "wall_poster_document",
    "write_pack",
]

#: Paper sizes the PDFs are printed on: (Playwright format, printable width and height in mm).
#: The @page margin is 12 mm; heights keep 1 mm spare so rounding never spills onto a new page.
PAPERS: dict[str, tuple[str, str, str]] = {
    "a4": ("A4", "186mm", "272mm"),
    "letter": ("Letter", "191.9mm", "254.4mm"),
}
#: The wall poster's paper (A3 is 297 x 420 mm; the same 12 mm margin).
WALL_PAPER: tuple[str, str, str] = ("A3", "272mm", "395mm")
MARGIN = "12mm"
CARDS_PER_SHEET = 2
LICENCE_LINE = "backlearn teacher pack. Content: CC BY 4.0, backlearn contributors. Education, not diagnosis."
CLAIM_ATTRIBUTION = (
    "Claims quoted, for review, from the public web page about massage and upper back pain that "
    "backlearn started from; the quotes remain its authors' work."
)
GROUP_NAMES = {
    "evidence": "Words about evidence",
    "body": "The body",
    "condition": "Illnesses and injuries named in backlearn",
    "care": "Care and treatment",
    "help": "Getting help: who to call and where to go",
}


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


def _text(value: str) -> str:
    """Escaped text; `backticks` become code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(value))


def _list(items: Iterable[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{_text(item)}</li>" for item in items) + f"</{tag}>"


def _head(title: str, audience: str, part: str = "") -> str:
    extra = f' <span class="part">{escape(part)}</span>' if part else ""
    return (
        f'<header><span class="badge">{escape(audience)}</span>'
        f"<h1>{escape(title)}{extra}</h1></header>"
    )


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [items]


def _lines(count: int) -> str:
    return '<div class="lines">' + '<span class="line"></span>' * count + "</div>"


def _level_boxes(content: Content) -> str:
    """A tick box for each level, with its name from levels.yaml, least urgent first."""
    return '<p class="levels">' + "".join(
        f'<span class="tick">&#9744; {escape(content.levels[level].label)}</span>' for level in reversed(LEVELS)
    ) + "</p>"


def case_number(case_id: str, content: Content) -> int:
    """The case's number, as the app's case list shows it (1 to the number of cases, in file order)."""
    return list(content.cases).index(case_id) + 1


def _names(case_ids: Iterable[str], content: Content) -> str:
    """Each case's number, person and title (the lesson's own card set prints them in this order)."""
    return ", ".join(
        f"case {case_number(c, content)}: {content.cases[c].name} ({content.cases[c].title})" for c in case_ids
    )


# ----------------------------------------------------------------------------- lesson plans


def lesson_document(lesson: Lesson, teaching: TeachingContent) -> Document:
    """A lesson plan on two sheets: the plan with timings, then the teacher's notes."""
    content = teaching.content
    rows = "".join(
        f"<tr><td class='min'>{step.minutes}</td><td><strong>{_text(step.activity)}</strong><br>"
        f"{_text(step.details)}</td></tr>"
        for step in lesson.timings
    )
    uses = ""
    if lesson.cases:
        uses += f"<p><strong>Case cards:</strong> {escape(_names(lesson.cases, content))}.</p>"
    if lesson.topics:
        questions = "; ".join(content.topics[t].question for t in lesson.topics)
        uses += f"<p><strong>Claims:</strong> {escape(questions)}</p>"
    plan = (
        _head(lesson.title, "Teacher", f"{lesson.minutes} minutes")
        + f"<p class='lead'>{_text(lesson.summary)} <em>{escape(lesson.audience)}.</em></p>"
        + "<div class='two'><section><h2>Objectives</h2><p>By the end, learners can:</p>"
        + _list(lesson.objectives)
        + "</section><section><h2>Before the lesson</h2>"
        + _list(lesson.prepare)
        + "</section></div>"
        + "<h2>Timings</h2><table class='timings'><tr><th>Min</th><th>What happens</th></tr>"
        + rows
        + "</table>"
        + uses
    )
    misconceptions = "".join(
        f"<li><strong>{_text(m.belief)}</strong><br>{_text(m.truth)}</li>" for m in lesson.misconceptions
    )
    notes = (
        _head(lesson.title, "Teacher", "notes")
        + "<h2>Key points</h2>"
        + _list(lesson.key_points)
        + "<h2>Common misconceptions</h2><ul class='pairs'>"
        + misconceptions
        + "</ul><h2>Discussion prompts, with model answers</h2>"
        + _prompts(lesson.prompts)
        + "<h2>Exit ticket answers</h2>"
        + _prompts(lesson.exit_ticket)
    )
    return Document(f"lesson-{lesson.id.replace('_', '-')}", lesson.title, "Teacher",
                    (plan, notes, _assessment_sheet(lesson, teaching)))


def _demo_html(lesson: Lesson, content: Content) -> str:
    """The projector demo, step by step: what to tick and the level the explorer then shows."""
    if not lesson.demo:
        return ""
    steps = "".join(
        "<li>Tick: " + escape("; ".join(content.symptoms[s].label for s in step.ticks))
        + f". <strong>The explorer shows: {escape(content.levels[step.level].label)}.</strong></li>"
        for step in lesson.demo
    )
    return f"<h2>On the projector (the explorer, nothing ticked to start)</h2><ol>{steps}</ol>"


def _assessment_sheet(lesson: Lesson, teaching: TeachingContent) -> str:
    """The demo, success criteria, support and stretch, the baseline question and the mark scheme."""
    marks = "<ol class='pairs'>" + "".join(
        f"<li><strong>{_text(p.question)}</strong><br><span class='answer'>Accept: {_text(p.accept)}</span>"
        + (f"<br>Do not accept: {_text(p.reject)}" if p.reject else "") + "</li>"
        for p in lesson.exit_ticket if p.accept
    ) + "</ol>"
    baseline = ""
    if lesson.baseline is not None:
        baseline = (
            "<h2>Baseline and end point</h2><p>Ask at the start, on a sticky note or mini whiteboard, "
            "and again at the end; compare the two to see progress.</p>"
            f"<p><strong>{_text(lesson.baseline.question)}</strong><br>"
            f"<span class='answer'>{_text(lesson.baseline.model_answer)}</span></p>"
        )
    return (
        _head(lesson.title, "Teacher", "demo, differentiation, assessment")
        + _demo_html(lesson, teaching.content)
        + ("<h2>Success criteria (show these to the class)</h2>" + _list(lesson.success_criteria)
           if lesson.success_criteria else "")
        + "<div class='two'>"
        + ("<section><h2>Support</h2>" + _list(lesson.support) + "</section>" if lesson.support else "")
        + ("<section><h2>Stretch</h2>" + _list(lesson.stretch) + "</section>" if lesson.stretch else "")
        + "</div>"
        + baseline
        + ("<h2>Exit ticket mark scheme</h2>" + marks if "<li>" in marks else "")
    )


def _prompts(prompts: Iterable[Prompt]) -> str:
    return "<ol class='pairs'>" + "".join(
        f"<li><strong>{_text(p.question)}</strong><br><span class='answer'>{_text(p.model_answer)}</span></li>"
        for p in prompts
    ) + "</ol>"


# ----------------------------------------------------------------------------- cards and keys


def _case_card(case_id: str, content: Content) -> str:
    case, number = content.cases[case_id], case_number(case_id, content)
    return (
        "<div class='card'>"
        "<p class='name'>Name: ____________________</p>"
        f"<h2>Case {number}: {escape(case.title)}</h2>"
        f"<p class='person'>{escape(case.person)}</p>"
        f"<p class='story'>{escape(case.story)}</p>"
        "<p><strong>How soon should they get help? Tick one.</strong></p>"
        + _level_boxes(content)
        + "<p><strong>Which words in the story decided it?</strong></p>"
        + _lines(3)
        + "<p class='cut'>&#9986; cut here</p></div>"
    )


def _card_sheets(case_ids: Sequence[str], content: Content) -> tuple[str, ...]:
    return tuple(
        "<div class='cards'>" + "".join(_case_card(c, content) for c in pair) + "</div>"
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
    sheets = []
    chunks = _chunks(list(content.cases.values()), 5)
    for number, chunk in enumerate(chunks, 1):
        rows = "".join(
            "<tr>"
            f"<td><strong>{case_number(case.id, content)}. {escape(case.name)}</strong><br>{escape(case.title)}</td>"
            f"<td class='level level-{case.expected_triage}'>{escape(content.levels[case.expected_triage].label)}</td>"
            f"<td>{escape(_deciding(case, content))}</td>"
            f"<td>{escape(case.teaching_point)}</td>"
            "</tr>"
            for case in chunk
        )
        sheets.append(
            _head("Case key", "Teacher copy: answers", f"{number} of {len(chunks)}")
            + "<table class='key'><tr><th>Case</th><th>Level</th><th>In the story</th><th>Why</th></tr>"
            + rows + "</table>"
        )
    return Document("case-key", "Case key", "Teacher", tuple(sheets))


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


def claim_cards_document(content: Content) -> Document:
    """The seven claims of the source page, quoted, on half-page cards for group work."""
    topics = sorted(content.topics.values(), key=lambda t: t.number)
    sheets = tuple(render_page("pack_claim_cards.html.j2", topics=pair, claim_attribution=CLAIM_ATTRIBUTION,
                               verdict_words=[VERDICT_WORDS[verdict] for verdict in VERDICTS])
                   for pair in _chunks(topics, 2))
    return Document("claim-cards", "Claim cards (the seven claims)", "Learners", sheets)


def evidence_document(content: Content) -> Document:
    """Each topic's evidence as a picture (the lessons' charts), a topic a sheet, with how sure we are."""
    from backlearn.charts import evidence_notes_html, evidence_svg

    topics = sorted((t for t in content.topics.values() if t.id in content.evidence), key=lambda t: t.number)
    sheets = tuple(
        f"<h2>{topic.number}. {escape(topic.question)}</h2>"
        f"<p><strong>Verdict:</strong> {escape(topic.verdict_reason)}</p>"
        + evidence_svg(topic.id, content) + evidence_notes_html(topic.id, content, links=False)
        for topic in topics
    )
    return Document("evidence-charts", "The evidence as pictures", "Learners", sheets)


def quiz_sheet_document(content: Content) -> Document:
    """The quizzes on paper, two topics a sheet, without answers."""
    return Document("quiz-sheets", "Quiz sheets", "Learners", tuple(_quiz_sheets(content, answers=False)))


def quiz_key_document(content: Content) -> Document:
    """Every quiz question with its answer and why, and the verdict on each claim (the claim cards' key)."""
    return Document("quiz-key", "Quiz key", "Teacher", tuple(_quiz_sheets(content, answers=True)))


def _quiz_sheets(content: Content, *, answers: bool) -> list[str]:
    topics = sorted(content.topics.values(), key=lambda t: t.number)
    by_topic = {t.id: [q for q in content.quizzes.values() if q.topic == t.id] for t in topics}
    # The key holds the verdict and every explanation, so it takes a sheet per topic.
    chunks = _chunks([t for t in topics if by_topic[t.id]], 1 if answers else 2)
    sheets = []
    for number, chunk in enumerate(chunks, 1):
        body = ""
        for topic in chunk:
            body += f"<h2>{topic.number}. {escape(topic.question)}</h2>"
            if answers:
                body += (
                    f"<p class='verdict'>Verdict on the claim: <strong>{escape(VERDICT_WORDS[topic.verdict])}</strong>"
                    f" (evidence: {escape(STRENGTH_WORDS[topic.strength])}). {escape(topic.verdict_reason)}</p>"
                )
            body += "<ol class='quiz'>" + "".join(_question(q, answers) for q in by_topic[topic.id]) + "</ol>"
        title, audience = ("Quiz key", "Teacher copy: answers") if answers else ("Quiz", "Learners")
        name = "" if answers else "<p class='fill'>Name: ______________________________ &nbsp; Class: __________</p>"
        sheets.append(_head(title, audience, f"{number} of {len(chunks)}") + name + body)
    return sheets


def _question(question: QuizQuestion, answers: bool) -> str:
    choices = "".join(
        f"<li class='{'right' if answers and i == question.answer else ''}'>"
        f"{'&#9745;' if answers and i == question.answer else '&#9744;'} {escape(choice)}</li>"
        for i, choice in enumerate(question.choices)
    )
    explanation = f"<p class='answer'>{escape(question.explanation)}</p>" if answers else ""
    return f"<li><strong>{escape(question.question)}</strong><ul class='choices'>{choices}</ul>{explanation}</li>"


# ----------------------------------------------------------------------------- one-page items


def _fill(text: str, content: Content) -> str:
    """Text of pack.yaml with the region's placeholders ({emergency_number}, ...) filled in."""
    region = content.region or content.regions.get("uk")
    return region.fill(text) if region is not None else text


def back_diagram(css_class: str = "diagram") -> str:
    """The labelled back diagram of the app (assets/back.svg), inline so the page fetches nothing."""
    from importlib.resources import files

    svg = (files("backlearn") / "assets" / "back.svg").read_text(encoding="utf-8")
    # One page may hold it more than once: no ids to clash, and a plain image role with its name.
    svg = re.sub(r'\s(id|aria-labelledby)="[^"]*"', "", svg)
    svg = svg.replace("<svg ", "<svg role='img' aria-label=\"A person's back, seen from behind, with five "
                      "areas named: neck and shoulders, between the shoulder blades, middle back, lower back, "
                      "and buttock\" ", 1)
    return f"<div class='{css_class}'>{svg}</div>"


def _poster_sheet(teaching: TeachingContent, parts: SafeguardingParts | None) -> str:
    """The four levels of help, each with its signs (none for self-care) and what to do, then
    the line for young people and, for worries that are not about backs, the pupils' helpline."""
    from backlearn.engine.triage import symptom_levels

    content, poster = teaching.content, teaching.poster
    levels = symptom_levels(content)
    actions = dict(poster.actions)
    boxes = ""
    for level in reversed(LEVELS):
        signs = [s for s in poster.signs if levels.get(s) == level]
        info = content.levels[level]
        headline = info.headline if level != "self_care" else "Look after it yourself"
        action = _fill(actions[level], content) if level in actions else info.action
        boxes += (
            f"<section class='box level-{level}'><h2>{escape(info.label)}: {escape(headline)}</h2>"
            + (_list(content.symptoms[s].label for s in signs) if signs else "")
            + f"<p class='do'>{escape(action)}</p></section>"
        )
    helpline = ""
    if parts is not None and parts.part.helplines:
        lines = "; ".join(h.line for h in parts.part.helplines)
        helpline = (f"<p class='helpline'>Worried about something else, not your back? Talk to an adult you "
                    f"trust, or call {escape(lines)}. Free and confidential.</p>")
    return (
        f"<header class='poster'><h1>{escape(poster.title)}</h1></header>"
        f"<div class='poster-top'>{back_diagram('diagram poster-diagram')}"
        f"<p class='lead'>{escape(poster.intro)}</p></div>{boxes}"
        + (f"<p class='youth'><strong>{escape(_fill(poster.youth, content))}</strong></p>" if poster.youth else "")
        + f"<p class='lead'>{escape(_fill(poster.footer, content))}</p>{helpline}"
    )


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
    """The glossary, group by group, a dozen or so words a sheet."""
    entries = sorted(
        teaching.glossary.values(), key=lambda e: (GLOSSARY_GROUPS.index(e.group), e.term.lower())
    )
    chunks = _chunks(entries, 14)
    sheets = []
    for number, chunk in enumerate(chunks, 1):
        body, group = "", ""
        for entry in chunk:
            if entry.group != group:
                group = entry.group
                region = teaching.content.region
                where = f" in {region.name}" if group == "help" and region is not None else ""
                body += f"<h2>{escape(GROUP_NAMES[group] + where)}</h2>"
            body += (f"<p class='entry' id='{escape(entry.id)}'><strong>{escape(entry.term)}</strong>: "
                     f"{escape(entry.meaning)}</p>")
        sheets.append(_head("Glossary", "Learners", f"{number} of {len(chunks) + 1}") + body)
    sheets.append(
        _head("Glossary", "Learners", f"{len(chunks) + 1} of {len(chunks) + 1}")
        + "<h2>The body: the back, seen from behind</h2><p>The five areas the explorer names.</p>"
        + back_diagram("diagram glossary-diagram")
    )
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
    check = f"<p class='check'>{escape(parts.check)}</p>"
    # The shared guidance over two sheets (the first also holds the check and the intro, so it
    # takes fewer sections), then the region's part on a sheet of its own: each fits letter paper.
    half = len(note.sections) * 3 // 7
    first = (
        _head(note.title, "Teacher") + check
        + f"<p class='lead'>{escape(note.intro)}</p>"
        + "".join(f"<h2>{escape(s.heading)}</h2>{_list(s.points)}" for s in note.sections[:half])
    )
    part = parts.part
    helplines = "".join(
        f"<li><strong>{escape(h.name)}: {escape(h.number)}</strong>. {escape(h.audience)}. "
        f"Source: <code>{escape(h.url)}</code></li>" for h in part.helplines
    )
    second = (
        _head(note.title, "Teacher", "continued")
        + "".join(f"<h2>{escape(s.heading)}</h2>{_list(s.points)}" for s in note.sections[half:])
    )
    third = (
        _head(note.title, "Teacher", f"in {parts.region_name}")
        + f"<h2 class='region'>In {escape(parts.region_name)}: who to go to, how fast, and the law</h2>"
        + "<p class='small'>CHECK against your school's policy: these are the usual arrangements, "
        "not your school's own.</p>"
        + f"<ul><li><strong>Who:</strong> {escape(part.go_to)}</li>"
        f"<li><strong>How fast:</strong> {escape(part.how_fast)}</li>"
        f"<li><strong>The duty in law:</strong> {escape(part.duty)} Source: {escape(part.duty_title)}, "
        f"<code>{escape(part.duty_url)}</code></li></ul>"
        + f"<h2>Helplines for pupils in {escape(parts.region_name)}</h2><ul>{helplines}</ul>"
        + "<p class='small'>Numbers and services change: check them before you print. Other countries: "
        "<code>backlearn pack --region ID</code> (the ids are in <code>regions.yaml</code>).</p>"
    )
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
        claim_cards_document(content),
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

def page_html(document: Document) -> str:
    """A complete, self-contained HTML page (``templates/pack_page.html.j2``, its style sheet
    ``assets/pack.css``): no scripts, no fonts or images from the network."""
    return render_page("pack_page.html.j2", document=document, licence=LICENCE_LINE,
                       needs_heading=not any("<h1" in sheet for sheet in document.sheets))


def index_document(docs: Sequence[Document], teaching: TeachingContent) -> Document:
    """The contents page: what each file is and who it is for, the slides, the wall poster and
    the large print."""
    sheet = render_page("pack_index.html.j2", documents=docs, lessons=list(teaching.lessons.values()),
                        large_print=LARGE_PRINT, claim_attribution=CLAIM_ATTRIBUTION)
    return Document("index", "backlearn teacher pack", "Teacher", (sheet,))


def build(teaching: TeachingContent) -> dict[str, str]:
    """Every HTML file of the pack by file name, the contents page first."""
    docs = documents(teaching)
    pages = {d.filename: page_html(d) for d in (index_document(docs, teaching), *docs)}
    return pages


def build_extras(teaching: TeachingContent) -> dict[str, str]:
    """The files beside the printed pack: the A3 wall poster, the large-print printables and the
    slides for each lesson (HTML only: they are shown, not printed)."""
    from backlearn.slides import build_slides

    docs = documents(teaching)
    extras = (wall_poster_document(teaching, load_safeguarding(teaching.content)), *large_print_documents(docs))
    return {d.filename: page_html(d) for d in extras} | build_slides(teaching)


# ----------------------------------------------------------------------------- writing


class PdfError(RuntimeError):
    """The PDFs could not be printed (no Chromium or no Playwright)."""


def write_pack(
    teaching: TeachingContent,
    folder: str | Path,
    *,
    pdf: bool = True,
    chromium: str | Path | None = None,
    browser: Any = None,
    extra_pdfs: bool = False,
) -> list[Path]:
    """Write the pack's HTML (and PDFs in pdf/a4 and pdf/letter) to ``folder``; return the files written.

    The slides, the A3 poster and the large print are written too; ``extra_pdfs`` also prints the
    last two (pdf/a3, and large print on A4 and Letter). ``browser`` is a Playwright browser
    already running (tests share one); without it ``chromium`` is started (default: ``$BACKLEARN_CHROMIUM``,
    else Debian's, :func:`backlearn.places.chromium`).
    """
    from backlearn._files import write_atomically

    folder = Path(folder)
    written = [write_atomically(folder / name, text) for name, text in build(teaching).items()]
    extras = [write_atomically(folder / name, text) for name, text in build_extras(teaching).items()]
    licence = teaching.content.path / "LICENSE"
    if licence.is_file():
        written.append(write_atomically(folder / "LICENSE.txt", licence.read_text(encoding="utf-8")))
    if pdf:
        pages = [p for p in written if p.suffix == ".html"]
        if extra_pdfs:
            pages += [p for p in extras if not p.name.startswith("slides-")]
        written += extras
        if browser is not None:
            written += _print_with(browser, pages, folder / "pdf")
        else:
            written += print_pdfs(pages, folder / "pdf", chromium)
    else:
        written += extras
    return written


def print_extras(folder: str | Path, chromium: str | Path | None = None) -> list[Path]:
    """Print the A3 wall poster (pdf/a3) and the large print (pdf/a4, pdf/letter) that
    :func:`write_pack` wrote to ``folder``; `make pack` runs this after `backlearn pack`."""
    folder = Path(folder)
    pages = sorted([*folder.glob("red-flag-poster-a3.html"), *folder.glob("large-print-*.html")])
    return print_pdfs(pages, folder / "pdf", chromium) if pages else []


def print_pdfs(pages: Sequence[Path], out: Path, chromium: str | Path | None = None) -> list[Path]:
    """Print each page with headless Chromium (``chromium``, else :func:`backlearn.places.chromium`) on A4
    and on US Letter. Only file:// is loaded."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise PdfError("printing PDFs needs Playwright: pip install playwright (or use --no-pdf)") from error
    chromium = Path(chromium) if chromium is not None else places.chromium()
    if not chromium.exists():
        raise PdfError(f"printing PDFs needs Chromium at {chromium}: run 'make browser', set "
                       f"${places.CHROMIUM_ENV} (or use --no-pdf)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"])
        try:
            return _print_with(browser, pages, out)
        finally:
            browser.close()


def _print_with(browser: Any, pages: Sequence[Path], out: Path) -> list[Path]:
    from backlearn._files import write_bytes_atomically

    written = []
    page = browser.new_page()
    try:
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else route.abort())
        for html_file in pages:
            page.goto(html_file.resolve().as_uri())
            wall = page.evaluate("() => document.documentElement.classList.contains('wall')")
            papers = {"a3": (WALL_PAPER[0], "", "")} if wall else PAPERS
            for paper, (fmt, _, _) in papers.items():
                page.evaluate("paper => document.documentElement.dataset.paper = paper", paper)
                data = page.pdf(format=fmt, print_background=True, prefer_css_page_size=False,
                                margin={side: MARGIN for side in ("top", "right", "bottom", "left")})
                written.append(write_bytes_atomically(out / paper / html_file.with_suffix(".pdf").name, data))
    finally:
        page.close()
    return written
