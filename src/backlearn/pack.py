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

from backlearn.content import LEVELS, Case, Content, QuizQuestion, Topic
from backlearn.content.model import GLOSSARY_GROUPS
from backlearn.content.teaching import Lesson, Prompt, TeachingContent
from backlearn.render import STRENGTH_WORDS, VERDICT_WORDS

__all__ = [
    "CARDS_PER_SHEET",
    "CLAIM_ATTRIBUTION",
    "GROUP_NAMES",
    "LEVEL_NAMES",
    "LICENCE_LINE",
    "MARGIN",
    "PAPERS",
    "Document",
    "PdfError",
    "build",
    "case_cards_document",
    "case_key_document",
    "claim_cards_document",
    "documents",
    "exit_tickets_document",
    "glossary_document",
    "index_document",
    "lesson_document",
    "letter_document",
    "page_html",
    "poster_document",
    "print_pdfs",
    "quiz_key_document",
    "quiz_sheet_document",
    "safeguarding_document",
    "write_pack",
]

#: Paper sizes the PDFs are printed on: (Playwright format, printable width and height in mm).
#: The @page margin is 12 mm; heights keep 1 mm spare so rounding never spills onto a new page.
PAPERS: dict[str, tuple[str, str, str]] = {
    "a4": ("A4", "186mm", "272mm"),
    "letter": ("Letter", "191.9mm", "254.4mm"),
}
MARGIN = "12mm"
CARDS_PER_SHEET = 2
LICENCE_LINE = "backlearn teacher pack. Content: CC BY 4.0, backlearn contributors. Education, not diagnosis."
CLAIM_ATTRIBUTION = (
    "Claims quoted, for review, from the public web page about massage and upper back pain that "
    "backlearn started from; the quotes remain its authors' work."
)
LEVEL_NAMES = {"emergency": "Emergency", "urgent": "Urgent", "soon": "See someone soon", "self_care": "Self-care"}
GROUP_NAMES = {
    "evidence": "Words about evidence",
    "body": "The body",
    "condition": "Illnesses and injuries named in backlearn",
    "care": "Care and treatment",
}


@dataclass(frozen=True, slots=True)
class Document:
    """One file of the pack: a title, who it is for, and its sheets (inner HTML of each page)."""

    name: str
    title: str
    audience: str
    sheets: tuple[str, ...]

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


def _level_boxes() -> str:
    return '<p class="levels">' + "".join(
        f'<span class="tick">&#9744; {escape(LEVEL_NAMES[level])}</span>' for level in reversed(LEVELS)
    ) + "</p>"


def _names(case_ids: Iterable[str], content: Content) -> str:
    """Each case's person and title, with the page of the case cards it is printed on."""
    order = list(content.cases)
    return ", ".join(
        f"{content.cases[c].name} ({content.cases[c].title}, page {order.index(c) // CARDS_PER_SHEET + 1})"
        for c in case_ids
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
    return Document(f"lesson-{lesson.id.replace('_', '-')}", lesson.title, "Teacher", (plan, notes))


def _prompts(prompts: Iterable[Prompt]) -> str:
    return "<ol class='pairs'>" + "".join(
        f"<li><strong>{_text(p.question)}</strong><br><span class='answer'>{_text(p.model_answer)}</span></li>"
        for p in prompts
    ) + "</ol>"


# ----------------------------------------------------------------------------- cards and keys


def _case_card(case: Case) -> str:
    return (
        "<div class='card'>"
        f"<h2>{escape(case.title)}</h2>"
        f"<p class='person'>{escape(case.person)}</p>"
        f"<p class='story'>{escape(case.story)}</p>"
        "<p><strong>How soon should they get help? Tick one.</strong></p>"
        + _level_boxes()
        + "<p><strong>Which words in the story decided it?</strong></p>"
        + _lines(3)
        + "<p class='cut'>&#9986; cut here</p></div>"
    )


def case_cards_document(content: Content) -> Document:
    """Every case on a half-page card with a cut line; no answers."""
    cases = list(content.cases.values())
    sheets = tuple(
        "<div class='cards'>" + "".join(_case_card(case) for case in pair) + "</div>"
        for pair in _chunks(cases, CARDS_PER_SHEET)
    )
    return Document("case-cards", "Case cards", "Learners", sheets)


def case_key_document(content: Content) -> Document:
    """The expected level of every case, the signs that decide it, and the teaching point."""
    sheets = []
    chunks = _chunks(list(content.cases.values()), 5)
    for number, chunk in enumerate(chunks, 1):
        rows = "".join(
            "<tr>"
            f"<td><strong>{escape(case.name)}</strong><br>{escape(case.title)}</td>"
            f"<td class='level level-{case.expected_triage}'>{escape(LEVEL_NAMES[case.expected_triage])}</td>"
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
    """The warning signs in the story, or the reassuring pattern when there are none."""
    warnings = [content.symptoms[s].label for s in case.symptoms if content.symptoms[s].warning]
    if warnings:
        return "Warning sign: " + "; ".join(warnings) + "."
    kept = [content.symptoms[s].label for s in case.symptoms if content.symptoms[s].group != "age"]
    return "No warning sign. " + "; ".join(kept) + "."


def claim_cards_document(content: Content) -> Document:
    """The seven claims of the source page, quoted, on half-page cards for group work."""
    topics = sorted(content.topics.values(), key=lambda t: t.number)

    def card(topic: Topic) -> str:
        return (
            "<div class='card'>"
            f"<h2>Claim {topic.number}: {escape(topic.question)}</h2>"
            f"<blockquote>&ldquo;{escape(topic.page_claim)}&rdquo;</blockquote>"
            f"<p class='small'>{escape(CLAIM_ATTRIBUTION)}</p>"
            "<p><strong>Our verdict:</strong> &#9744; Supported &#9744; Partly supported &#9744; Not supported</p>"
            "<p><strong>How strong is the evidence, and what should people do instead?</strong></p>"
            + _lines(3)
            + "<p class='cut'>&#9986; cut here</p></div>"
        )

    sheets = tuple("<div class='cards'>" + "".join(card(t) for t in pair) + "</div>" for pair in _chunks(topics, 2))
    return Document("claim-cards", "Claim cards (the seven claims)", "Learners", sheets)


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
        sheets.append(_head(title, audience, f"{number} of {len(chunks)}") + body)
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


def poster_document(teaching: TeachingContent) -> Document:
    """The warning signs, under the level of help each needs."""
    from backlearn.engine.triage import symptom_levels

    content, poster = teaching.content, teaching.poster
    levels = symptom_levels(content)
    boxes = ""
    for level in reversed(LEVELS):
        signs = [s for s in poster.signs if levels.get(s) == level]
        if not signs:
            continue
        info = content.levels[level]
        boxes += (
            f"<section class='box level-{level}'><h2>{escape(info.label)}: {escape(info.headline)}</h2>"
            + _list(content.symptoms[s].label for s in signs)
            + f"<p>{escape(info.action)}</p></section>"
        )
    sheet = (
        f"<header class='poster'><h1>{escape(poster.title)}</h1></header>"
        f"<p class='lead'>{escape(poster.intro)}</p>{boxes}<p class='lead'>{escape(poster.footer)}</p>"
    )
    return Document("red-flag-poster", poster.title, "Learners", (sheet,))


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
                body += f"<h2>{escape(GROUP_NAMES[group])}</h2>"
            body += (f"<p class='entry' id='{escape(entry.id)}'><strong>{escape(entry.term)}</strong>: "
                     f"{escape(entry.meaning)}</p>")
        sheets.append(_head("Glossary", "Learners", f"{number} of {len(chunks)}") + body)
    return Document("glossary", "Glossary", "Learners", tuple(sheets))


def letter_document(teaching: TeachingContent) -> Document:
    """The parent/carer letter, with lines for the school's own details."""
    letter = teaching.letter
    sheet = (
        "<div class='letter'><p class='fill'>School: ______________________________ &nbsp; Date: ________________</p>"
        f"<h1>{escape(letter.title)}</h1>"
        + "".join(f"<p>{escape(p)}</p>" for p in letter.paragraphs)
        + "<p class='fill'>Teacher: ______________________________</p></div>"
    )
    return Document("parent-letter", letter.title, "Parents and carers", (sheet,))


def safeguarding_document(teaching: TeachingContent) -> Document:
    """The safeguarding note: made-up people in class, what to do on a disclosure, where to send a learner."""
    note = teaching.safeguarding
    sheet = (
        _head(note.title, "Teacher")
        + f"<p class='lead'>{escape(note.intro)}</p>"
        + "".join(f"<h2>{escape(s.heading)}</h2>{_list(s.points)}" for s in note.sections)
    )
    return Document("safeguarding", note.title, "Teacher", (sheet,))


def documents(teaching: TeachingContent) -> tuple[Document, ...]:
    """Every document of the pack, in the order the contents page lists them."""
    content = teaching.content
    return (
        safeguarding_document(teaching),
        *(lesson_document(lesson, teaching) for lesson in teaching.lessons.values()),
        case_cards_document(content),
        case_key_document(content),
        claim_cards_document(content),
        quiz_sheet_document(content),
        quiz_key_document(content),
        exit_tickets_document(teaching),
        poster_document(teaching),
        glossary_document(teaching),
        letter_document(teaching),
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
    sheets = "".join(
        f"<section class='sheet'>{sheet}<footer><span>{escape(LICENCE_LINE)}</span>"
        f"<span>Page {n} of {total}: {escape(document.title)}</span></footer></section>"
        for n, sheet in enumerate(document.sheets, 1)
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(document.title)}</title><style>{_css()}</style></head>"
        f"<body>{sheets}</body></html>\n"
    )


def index_document(docs: Sequence[Document], teaching: TeachingContent) -> Document:
    """The contents page: what each file is, who it is for, and the lessons."""
    rows = "".join(
        f"<tr><td><a href='{escape(d.filename)}'>{escape(d.title)}</a></td><td>{escape(d.audience)}</td>"
        f"<td>{len(d.sheets)}</td></tr>"
        for d in docs
    )
    lessons = "".join(
        f"<li><a href='lesson-{escape(lesson.id.replace('_', '-'))}.html'>{escape(lesson.title)}</a>"
        f" ({lesson.minutes} minutes, {escape(lesson.audience)})</li>"
        for lesson in teaching.lessons.values()
    )
    sheet = (
        _head("backlearn teacher pack", "Teacher")
        + "<p class='lead'>Everything for teaching the back pain lessons without devices. Read the "
        "safeguarding note first. Print on A4 or US Letter; every page fits both. PDFs are in the "
        "<code>pdf</code> folder.</p>"
        + f"<h2>Lessons</h2><ul>{lessons}</ul>"
        + "<h2>Files</h2><table><tr><th>File</th><th>For</th><th>Pages</th></tr>" + rows + "</table>"
        + "<h2>Licence</h2><p>The content and this pack are under the Creative Commons Attribution 4.0 "
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


# ----------------------------------------------------------------------------- writing


class PdfError(RuntimeError):
    """The PDFs could not be printed (no Chromium or no Playwright)."""


def write_pack(
    teaching: TeachingContent,
    folder: str | Path,
    *,
    pdf: bool = True,
    chromium: str | Path = "/usr/bin/chromium",
    browser: Any = None,
) -> list[Path]:
    """Write the pack's HTML (and PDFs in pdf/a4 and pdf/letter) to ``folder``; return the files written.

    ``browser`` is a Playwright browser already running (tests share one); without it Chromium is started.
    """
    from backlearn._files import write_atomically

    folder = Path(folder)
    written = [write_atomically(folder / name, text) for name, text in build(teaching).items()]
    licence = teaching.content.path / "LICENSE"
    if licence.is_file():
        written.append(write_atomically(folder / "LICENSE.txt", licence.read_text(encoding="utf-8")))
    if pdf:
        pages = [p for p in written if p.suffix == ".html"]
        if browser is not None:
            written += _print_with(browser, pages, folder / "pdf")
        else:
            written += print_pdfs(pages, folder / "pdf", chromium)
    return written


def print_pdfs(pages: Sequence[Path], out: Path, chromium: str | Path) -> list[Path]:
    """Print each page with headless Chromium on A4 and on US Letter. Only file:// is loaded."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise PdfError("printing PDFs needs Playwright: pip install playwright (or use --no-pdf)") from error
    if not Path(chromium).exists():
        raise PdfError(f"printing PDFs needs Chromium at {chromium}: run 'make browser' (or use --no-pdf)")
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
            for paper, (fmt, _, _) in PAPERS.items():
                page.evaluate("paper => document.documentElement.dataset.paper = paper", paper)
                data = page.pdf(format=fmt, print_background=True, prefer_css_page_size=False,
                                margin={side: MARGIN for side in ("top", "right", "bottom", "left")})
                written.append(write_bytes_atomically(out / paper / html_file.with_suffix(".pdf").name, data))
    finally:
        page.close()
    return written
