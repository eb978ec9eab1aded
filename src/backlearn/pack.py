"""The teacher pack: print-ready pages built from the content, for a lesson without devices.

Every document is a list of sheets; each sheet is one printed page and is sized to fit both A4
and US Letter, so a teacher prints on whatever paper the school has. The rendering functions
are pure (content in, escaped HTML out); :func:`write_pack` writes the files and, with
Chromium, the same pages as PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from backlearn import places
from backlearn.content import LEVELS, VERDICTS, Case, Content, Lesson, Prompt, QuizQuestion, Topic
from backlearn.content.model import GLOSSARY_GROUPS
from backlearn.content.teaching import TeachingContent
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

    def card(topic: Topic) -> str:
        return (
            "<div class='card'>"
            "<p class='name'>Name: ____________________</p>"
            f"<h2>Claim {topic.number}: {escape(topic.question)}</h2>"
            f"<blockquote>&ldquo;{escape(topic.page_claim)}&rdquo;</blockquote>"
            f"<p class='small'>{escape(CLAIM_ATTRIBUTION)}</p>"
            "<p><strong>Our verdict:</strong> "
            + " ".join(f"&#9744; {escape(VERDICT_WORDS[verdict])}" for verdict in VERDICTS)
            + "</p>"
            "<p><strong>How strong is the evidence, and what should people do instead?</strong></p>"
            + _lines(3)
            + "<p class='cut'>&#9986; cut here</p></div>"
        )

    sheets = tuple("<div class='cards'>" + "".join(card(t) for t in pair) + "</div>" for pair in _chunks(topics, 2))
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
    sheets = []
    for lesson in teaching.lessons.values():
        questions = "".join(
            f"<li><strong>{escape(p.question)}</strong>{_lines(2)}</li>" for p in lesson.exit_ticket
        )
        slip = (
            "<div class='card'>"
            f"<h2>Exit ticket: {escape(lesson.title)}</h2>"
            "<p>Name: ______________________</p>"
            f"<ol class='ticket'>{questions}</ol>"
            "<p class='cut'>&#9986; cut here</p></div>"
        )
        sheets.append("<div class='cards'>" + slip + slip + "</div>")
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
    paragraphs = [f"<p>{escape(p)}</p>" for p in letter.paragraphs]
    if parts.part.helplines:
        lines = "".join(f"<li><strong>{escape(h.line)}</strong>. {escape(h.audience)}. "
                        f"Source: <code>{escape(h.url)}</code></li>" for h in parts.part.helplines)
        paragraphs.insert(max(len(paragraphs) - 1, 0),
                          "<p>If your child is worried about something that is not their back, they can talk "
                          f"to you, to us, or to a free helpline for young people in {escape(parts.region_name)}:"
                          f"</p><ul class='helplines'>{lines}</ul>")
    sheet = (
        "<div class='letter'><p class='fill'>School: ______________________________ &nbsp; Date: ________________</p>"
        f"<h1>{escape(letter.title)}</h1>"
        + "".join(paragraphs)
        + "<p class='fill'>Teacher: ______________________________</p></div>"
    )
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

_CSS = """
@page { margin: %(margin)s; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10pt;
       line-height: 1.32; color: #111; }
body { margin: 0; }
.sheet { width: 186mm; height: 254.4mm; overflow: hidden; position: relative; margin: 0 auto;
         padding-bottom: 7mm; break-after: page; page-break-after: always; background: #fff; }
.sheet:last-of-type { break-after: auto; page-break-after: auto; }
%(papers)s
footer { position: absolute; bottom: 0; left: 0; right: 0; font-size: 7.5pt; color: #555;
         border-top: 1px solid #bbb; padding-top: 1mm; display: flex; justify-content: space-between; gap: 3mm; }
footer span { white-space: nowrap; } footer span + span { overflow: hidden; text-overflow: ellipsis; }
@media screen { body { background: #e4e4e4; padding: 8mm 0; }
                .sheet { outline: 1px solid #aaa; margin-bottom: 8mm; padding-left: 0; } }
a:focus-visible { outline: 3px solid #1a4fa0; outline-offset: 2px; }
@media screen and (max-width: 720px) { body { padding: 0; } .two { display: block; }
  footer { position: static; flex-wrap: wrap; } footer span { white-space: normal; }
  html .sheet, html[data-paper] .sheet, .card { width: auto; height: auto; overflow: visible; }
  .sheet { overflow-wrap: anywhere; } }
header { border-bottom: 2px solid #234; margin-bottom: 3mm; }
h1 { font-size: 16pt; margin: 1mm 0 2mm; }
h1 .part { font-size: 11pt; font-weight: normal; color: #444; }
h2 { font-size: 12pt; margin: 3mm 0 1.5mm; color: #123; }
p { margin: 1mm 0 2mm; }
ul, ol { margin: 1mm 0 2mm; padding-left: 6mm; }
li { margin-bottom: 1mm; }
.badge { float: right; font-size: 8pt; border: 1px solid #234; border-radius: 2mm; padding: 0.3mm 2mm;
         margin-top: 2mm; }
.lead { font-size: 10.5pt; }
.two { display: flex; gap: 6mm; } .two section { flex: 1; }
table { border-collapse: collapse; width: 100%%; }
th, td { border: 1px solid #999; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }
th { background: #e8eef4; }
table.timings { font-size: 9.5pt; }
td.min { width: 10mm; text-align: center; font-weight: bold; }
table.key { font-size: 9pt; }
table.files { font-size: 8.5pt; } table.files td, table.files th { padding: 0.5mm 1.6mm; }
.answer { color: #0b4a2b; }
.pairs li { margin-bottom: 1.6mm; }
.cards { height: 100%%; }
.card { height: 50%%; overflow: hidden; padding: 4mm 2mm 0; border-bottom: 1px dashed #666; position: relative;
        font-size: 11pt; }
.card:last-child { border-bottom: none; }
.card h2 { font-size: 13pt; margin-top: 0; }
.card .cut { position: absolute; bottom: 0.5mm; left: 2mm; font-size: 8pt; color: #666; margin: 0; }
.card:last-child .cut { display: none; }
.person { font-style: italic; }
.levels .tick { display: inline-block; margin-right: 5mm; }
.lines .line { display: block; border-bottom: 1px solid #999; height: 7mm; }
blockquote { margin: 2mm 0; padding-left: 3mm; border-left: 3px solid #888; }
.small { font-size: 8pt; color: #444; }
.choices { list-style: none; padding-left: 2mm; }
li.right { font-weight: bold; color: #0b4a2b; }
.quiz > li { margin-bottom: 2mm; }
.box { border: 2px solid #555; border-radius: 3mm; padding: 1mm 4mm; margin-bottom: 4mm; font-size: 12.5pt; }
.box h2 { font-size: 16pt; }
.level-emergency { border-color: #b00020; } .box.level-emergency h2 { color: #b00020; }
.level-urgent { border-color: #c25e00; } .box.level-urgent h2 { color: #8a4300; }
.level-soon { border-color: #2c5d8f; }
td.level { font-weight: bold; }
header.poster h1 { font-size: 24pt; text-align: center; }
.entry { margin: 0.8mm 0 1.6mm; }
.fill { color: #333; margin: 4mm 0; }
.letter { font-size: 11.5pt; line-height: 1.45; } .letter p { margin-bottom: 3mm; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }
.card .name { float: right; margin: 0 0 1mm 3mm; font-size: 10pt; }
.check { border: 2px solid #8a4300; padding: 1.5mm 3mm; font-weight: bold; font-size: 9.5pt; }
.box .do { font-weight: bold; margin-top: 1mm; }
.box.level-self_care { border-color: #1b6e3a; } .box.level-self_care h2 { color: #1b6e3a; }
.box.level-soon h2 { color: #2c5d8f; }
.box { font-size: 10pt; margin-bottom: 2mm; padding: 0.5mm 3.5mm; }
.box h2 { font-size: 12.5pt; margin: 1mm 0 0.5mm; }
.box ul { margin: 0.3mm 0 0.5mm; } .box li { margin-bottom: 0; } .box p { margin: 0.5mm 0 1mm; }
.poster-top { display: flex; gap: 4mm; align-items: center; }
.poster-top .lead { flex: 1; margin: 0; }
.poster-diagram { width: 44mm; flex: none; }
.glossary-diagram { width: 150mm; margin: 4mm auto; }
.diagram svg { width: 100%%; height: auto; display: block; }
.diagram .bl-regions path { fill: #dbe6f5; fill-opacity: 0.55; }
.diagram .bl-labels text { font-family: "DejaVu Sans", sans-serif; font-size: 15px; }
.youth { border: 2px solid #2c5d8f; border-radius: 3mm; padding: 0.5mm 3mm; margin: 1mm 0; font-size: 10pt; }
.helpline { font-size: 9.5pt; border-top: 1px solid #999; padding-top: 0.5mm; margin: 0.5mm 0; }
header.poster + .poster-top .lead, .poster-top + .box { margin-top: 0; }
.sheet > .lead:last-of-type { margin: 1mm 0; }
html.wall .sheet { width: 272mm; height: 395mm; }
html.wall { font-size: 14pt; }
html.wall header.poster h1 { font-size: 36pt; }
html.wall .box { font-size: 14.5pt; padding: 1mm 5mm; margin-bottom: 3.5mm; } html.wall .box h2 { font-size: 20pt; }
html.wall .lead, html.wall .youth, html.wall .helpline { font-size: 14pt; }
html.wall .poster-diagram { width: 75mm; }
html.wall footer { font-size: 10pt; }
html.large { font-size: 14pt; line-height: 1.5; }
html.large .sheet { height: auto !important; min-height: 0; overflow: visible; padding-bottom: 10mm; }
html.large .card { height: auto; font-size: 14pt; break-inside: avoid; page-break-inside: avoid;
                   padding-bottom: 8mm; }
html.large .cards { height: auto; }
html.large .card h2, html.large h2 { font-size: 16pt; } html.large h1 { font-size: 20pt; }
html.large .box { font-size: 14pt; } html.large .lines .line { height: 11mm; }
html.large table.key, html.large .small { font-size: 12pt; }
@media screen { html.large body { background: #fdf6e3; } html.large .sheet { background: #fffbea; } }
html.large footer { position: static; margin-top: 4mm; }
@media screen and (max-width: 720px) { html.wall .sheet { width: auto; height: auto; overflow: visible; }
  .diagram, .diagram svg, html.wall .poster-diagram { max-width: 100%%; height: auto; }
  .sheet > * { max-width: 100%%; } table { table-layout: fixed; width: 100%%; } }
"""


def _css() -> str:
    papers = "\n".join(
        f"html[data-paper={name}] .sheet {{ width: {width}; height: {height}; }}"
        for name, (_, width, height) in PAPERS.items()
    )
    return _CSS % {"margin": MARGIN, "papers": papers}


def page_html(document: Document) -> str:
    """A complete, self-contained HTML page: no scripts, no fonts or images from the network."""
    total = len(document.sheets)
    # The wall poster prints on A3 from any browser; large print keeps the usual papers.
    page_size = "<style>@page { size: A3; }</style>" if document.style == "wall" else ""
    html_class = f" class='{document.style}'" if document.style else ""
    sheets = "".join(
        f"<section class='sheet'>{sheet}<footer><span>{escape(LICENCE_LINE)}</span>"
        f"<span>Page {n} of {total}: {escape(document.title)}</span></footer></section>"
        for n, sheet in enumerate(document.sheets, 1)
    )
    # One main landmark, and a page heading for screen readers where no sheet has its own h1.
    heading = "" if "<h1" in sheets else f"<h1 style='{_SCREEN_READER_ONLY}'>{escape(document.title)}</h1>"
    return (
        f"<!DOCTYPE html>\n<html lang='en'{html_class}><head><meta charset='utf-8'>"
        f"<title>{escape(document.title)}</title><style>{_css()}</style>{page_size}</head>"
        f"<body><main>{heading}{sheets}</main></body></html>\n"
    )


#: Read by screen readers, not drawn on the page or the printed sheet.
_SCREEN_READER_ONLY = ("position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;"
                       "clip:rect(0 0 0 0);white-space:nowrap;border:0")


def index_document(docs: Sequence[Document], teaching: TeachingContent) -> Document:
    """The contents page: what each file is and who it is for, the slides, the wall poster and
    the large print."""
    rows = "".join(
        f"<tr><td><a href='{escape(d.filename)}'>{escape(d.title)}</a></td><td>{escape(d.audience)}</td>"
        f"<td>{len(d.sheets)}</td></tr>"
        for d in docs
    )
    slides = " &middot; ".join(
        f"<a href='slides-{escape(lesson.id.replace('_', '-'))}.html'>{escape(lesson.title)}</a>"
        for lesson in teaching.lessons.values()
    )
    large = " &middot; ".join(
        f"<a href='large-print-{name}.html'>{escape(name.replace('-', ' '))}</a>" for name in LARGE_PRINT
    )
    sheet = (
        _head("backlearn teacher pack", "Teacher")
        + "<p class='lead'>Everything for teaching the back pain lessons. Read the safeguarding note "
        "first. Print on A4 or US Letter; every page fits both. PDFs are in the <code>pdf</code> folder.</p>"
        + "<table class='files'><tr><th>File</th><th>For</th><th>Pages</th></tr>" + rows + "</table>"
        + f"<p><strong>Slides for the projector</strong> (open in a browser, F11, then Page Down): {slides}.</p>"
        + "<p><strong>For the wall:</strong> <a href='red-flag-poster-a3.html'>the poster on A3</a>. "
        + f"<strong>Large print</strong> (14 pt): {large}.</p>"
        + "<p class='small'>Licence: the content and this pack are under the Creative Commons Attribution 4.0 "
        "licence (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/): copy and adapt them, and "
        "credit &ldquo;backlearn contributors&rdquo;. The program code is under the MIT licence. "
        + escape(CLAIM_ATTRIBUTION) + " See LICENSE.txt.</p>"
    )
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
