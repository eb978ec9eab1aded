"""One rendering of an Assessment for every view: plain text, Markdown, escaped HTML and JSON.

Order is the safety rule made visible: the triage line and any red flag come first; the
questions to ask before self-care come next; self-care advice only after them, and under
an "only after you have got help" heading when a warning is showing.
"""

from __future__ import annotations

import json
import textwrap
from html import escape

from backlearn.assessment import DISCLAIMER, Assessment
from backlearn.content import Content, Source, Topic
from backlearn.rules import symptom_ids
from backlearn.triage import match_red_flags, symptom_levels

TYPE_CHECKING = False  # typing stays off the CLI's start-up path (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

#: Colours are always paired with words, so the banner reads without colour.
LEVEL_STYLE: dict[str, tuple[str, str]] = {
    "emergency": ("#b00020", "#ffffff"),
    "urgent": ("#c43e00", "#ffffff"),
    "soon": ("#f6c026", "#1a1a1a"),
    "self_care": ("#2e7d32", "#ffffff"),
}
#: The banner before anything is ticked: neutral, so an empty form never reads as "self-care".
NOTHING_TICKED = ("NOTHING TICKED YET", "Tick what fits your back pain. Check the warning signs too.")
STRENGTH_WORDS: dict[str, str] = {
    "high": "high",
    "moderate": "moderate",
    "low": "low",
    "very_low": "very low",
    "expert_opinion": "expert opinion",
}


# ----------------------------------------------------------------------------- shared pieces


def labels(ids: tuple[str, ...], content: Content) -> str:
    """Symptom ids as their labels, joined for a sentence."""
    return "; ".join(content.symptom_label(i) for i in ids)


def self_care_heading(assessment: Assessment) -> str:
    """The heading over self-care advice: it must never read as the answer when help is needed."""
    if assessment.needs_help_first:
        return "Only after you have got help: self-care advice"
    if assessment.triage == "soon":
        return "While you wait for your appointment: what you can do"
    return "What you can do"


def _numbers(assessment: Assessment) -> dict[str, int]:
    return {sid: n for n, sid in enumerate(assessment.source_ids, start=1)}


def _cite(ids: tuple[str, ...], numbers: dict[str, int]) -> str:
    return " ".join(f"[{numbers[i]}]" for i in ids)


WITHHELD_HEADING = "Not for you now"


def _withheld_line(assessment: Assessment, index: int) -> str:
    """Why a piece of advice is held back: its title and the ticked signs that make it unsafe."""
    held = assessment.withheld[index]
    return f"{held.item.title}: not while you have ticked {labels(held.because, assessment.content)}."


def _reassurance_sentence(assessment: Assessment, index: int) -> str:
    r = assessment.reassurances[index]
    content = assessment.content
    level = content.levels[r.flag.level].label.lower()
    return (
        f"{r.flag.name} would be {level}. It is not, because you ticked: "
        f"{labels(r.pattern, content)}. {r.flag.reassured_by}"
    )


def source_line(source: Source) -> str:
    """A reference line: who, title, year, link."""
    return f"{source.by.rstrip('.')}. {source.title} ({source.year}). {source.link}"


# ----------------------------------------------------------------------------- JSON


def _source_dict(source: Source) -> dict[str, Any]:
    return {"id": source.id, "title": source.title, "by": source.by, "year": source.year,
            "kind": source.kind, "link": source.link}


def to_dict(assessment: Assessment) -> dict[str, Any]:
    """The assessment as plain data (the JSON of ``backlearn assess --json``)."""
    content = assessment.content
    level = assessment.level

    def sources(ids: tuple[str, ...]) -> list[dict[str, Any]]:
        return [_source_dict(content.sources[i]) for i in ids]

    region = content.region
    return {
        # The region whose numbers and services the text names (regions.yaml).
        "region": region.id if region else None,
        "region_name": region.name if region else None,
        # Where each region-specific number or piece of advice comes from.
        "region_sources": dict(region.sources) if region else {},
        "triage": assessment.triage,
        "triage_label": level.label,
        "headline": level.headline,
        "action": level.action,
        # True when a warning needs help now or today: guidance is then only what to do after that.
        "needs_help_first": assessment.needs_help_first,
        "guidance_heading": self_care_heading(assessment),
        "symptoms": [{"id": s, "label": content.symptom_label(s)} for s in assessment.symptoms],
        "red_flags": [
            {
                "id": m.flag.id,
                "name": m.flag.name,
                "level": m.flag.level,
                "text": m.flag.do,
                "why": m.flag.why,
                "because": list(m.because),
                "sources": sources(m.flag.sources),
            }
            for m in assessment.red_flags
        ],
        "reassurances": [
            {
                "id": r.flag.id,
                "would_be": r.flag.level,
                "text": _reassurance_sentence(assessment, n),
                "because": list(r.pattern),
                "sources": sources(r.flag.sources),
            }
            for n, r in enumerate(assessment.reassurances)
        ],
        "screening": [
            {
                "id": m.question.id,
                "text": m.question.question,
                "asks_about": list(m.question.asks_about),
                "answered_yes": list(m.answered_yes),
                "because": list(m.because),
                "sources": sources(m.question.sources),
            }
            for m in assessment.screening
        ],
        "guidance": [
            {
                "id": m.item.id,
                "title": m.item.title,
                "kind": m.item.kind,
                "text": m.item.text,
                "strength": m.item.strength,
                "evidence": m.item.evidence,
                "because": list(m.because),
                "sources": sources(m.item.sources),
            }
            for m in assessment.guidance
        ],
        "withheld": [
            {"id": w.item.id, "title": w.item.title, "because": list(w.because)}
            for w in assessment.withheld
        ],
        "checklists": [
            {
                "id": m.checklist.id,
                "title": m.checklist.title,
                "text": m.checklist.intro or m.checklist.title,
                "items": [item.text for item in m.items],
                "because": list(m.because),
                "sources": sources(m.checklist.sources),
            }
            for m in assessment.checklists
        ],
        "disclaimer": DISCLAIMER,
    }


def render_json(assessment: Assessment) -> str:
    """The assessment as indented JSON text."""
    return json.dumps(to_dict(assessment), indent=2, ensure_ascii=False)


# ----------------------------------------------------------------------------- plain text


def render_text(assessment: Assessment, width: int = 88) -> str:
    """Plain text for a terminal or a notebook print-out."""
    content = assessment.content
    numbers = _numbers(assessment)
    level = assessment.level
    if not assessment.symptoms:
        return f"{NOTHING_TICKED[0]}: {NOTHING_TICKED[1]}\n\n{DISCLAIMER}"
    out: list[str] = []

    def para(text: str, indent: str = "") -> None:
        # Never split a word or a web address: a broken link cannot be clicked or copied.
        lines = textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent,
                              break_long_words=False, break_on_hyphens=False)
        out.extend(lines or [""])

    para(f"{level.label.upper()}: {level.headline}")
    para(level.action, "  ")
    if assessment.symptoms:
        para(f"You ticked: {labels(assessment.symptoms, content)}.", "  ")
    for fm in assessment.red_flags:
        out.append("")
        para(f"! {content.levels[fm.flag.level].label.upper()}: {fm.flag.name}")
        para(f"Because you ticked: {labels(fm.because, content)}.", "    ")
        para(f"What to do: {fm.flag.do}", "    ")
        para(f"Why: {fm.flag.why} {_cite(fm.flag.sources, numbers)}", "    ")
    for n in range(len(assessment.reassurances)):
        out.append("")
        para(_reassurance_sentence(assessment, n), "  ")
    unanswered = [m for m in assessment.screening if not m.answered_yes]
    if unanswered:
        out.append("")
        para("Check these first. If the answer to any is yes, get help now:")
        for m in unanswered:
            para(f"[ ] {m.question.question}", "    ")
    if assessment.guidance:
        out.append("")
        para(self_care_heading(assessment))
        for n, gm in enumerate(assessment.guidance, start=1):
            kind = "Do" if gm.item.kind == "do" else "Avoid"
            para(f"{n}. {kind}: {gm.item.title} (evidence: {STRENGTH_WORDS[gm.item.strength]})", "  ")
            para(gm.item.text, "     ")
            para(f"Because you ticked: {labels(gm.because, content)}.", "     ")
            para(f"Evidence: {gm.item.evidence} {_cite(gm.item.sources, numbers)}", "     ")
    if assessment.withheld:
        out.append("")
        para(WITHHELD_HEADING)
        for n in range(len(assessment.withheld)):
            para(f"- {_withheld_line(assessment, n)}", "  ")
    for cm in assessment.checklists:
        out.append("")
        para(f"Checklist: {cm.checklist.title} {_cite(cm.checklist.sources, numbers)}")
        for item in cm.items:
            para(f"[ ] {item.text}", "    ")
    if numbers:
        out.append("")
        out.append("Sources")
        for sid, n in numbers.items():
            para(f"[{n}] {source_line(content.sources[sid])}", "  ")
    out.append("")
    para(DISCLAIMER)
    return "\n".join(out)


# ----------------------------------------------------------------------------- Markdown


def render_brief(assessment: Assessment, width: int = 88) -> str:
    """The top of what a learner sees, as text: the banner, any warning signs with why, the
    checks asked first, and the titles of the advice beneath. For comparing two views quickly."""
    content = assessment.content
    level = assessment.level
    if not assessment.symptoms:
        return f"{NOTHING_TICKED[0]}: {NOTHING_TICKED[1]}"
    out = [f"{level.label.upper()}: {level.headline}"]
    out += textwrap.wrap(level.action, width, initial_indent="  ", subsequent_indent="  ")
    for fm in assessment.red_flags:
        out.append(f"  ! {fm.flag.name} ({content.levels[fm.flag.level].label})")
        out += textwrap.wrap(f"because you ticked: {labels(fm.because, content)}", width,
                             initial_indent="    ", subsequent_indent="    ")
    if assessment.screening:
        out.append(f"  Questions to check first: {len(assessment.screening)}")
    if assessment.guidance:
        out.append(f"{self_care_heading(assessment)}:")
        out += [f"  - {gm.item.title}" for gm in assessment.guidance]
    if assessment.withheld:
        out.append(f"{WITHHELD_HEADING}:")
        for n in range(len(assessment.withheld)):
            out += textwrap.wrap(_withheld_line(assessment, n), width, initial_indent="  - ", subsequent_indent="    ")
    if assessment.checklists:
        out.append("Checklists: " + "; ".join(cm.checklist.title for cm in assessment.checklists))
    return "\n".join(out)


def _md(text: str) -> str:
    """Content is data, never markup: neutralise Markdown and HTML special characters."""
    return (
        escape(text, quote=False)
        .replace("\\", "\\\\")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("`", "\\`")
        .replace("[", "\\[")
        .replace("]", "\\]")
    )


def render_markdown(assessment: Assessment) -> str:
    """Markdown with the triage line first and tickable checklists."""
    content = assessment.content
    numbers = _numbers(assessment)
    level = assessment.level
    lines = [
        f"## {_md(level.label.upper())}: {_md(level.headline)}",
        "",
        _md(level.action),
        "",
    ]
    if assessment.symptoms:
        lines += [f"You ticked: {_md(labels(assessment.symptoms, content))}.", ""]
    for fm in assessment.red_flags:
        lines += [
            f"### {_md(content.levels[fm.flag.level].label)}: {_md(fm.flag.name)}",
            "",
            f"- **What to do:** {_md(fm.flag.do)}",
            f"- **Why:** {_md(fm.flag.why)} {_cite(fm.flag.sources, numbers)}",
            f"- **Because you ticked:** {_md(labels(fm.because, content))}",
            "",
        ]
    for n in range(len(assessment.reassurances)):
        lines += [f"> {_md(_reassurance_sentence(assessment, n))}", ""]
    unanswered = [m for m in assessment.screening if not m.answered_yes]
    if unanswered:
        lines += ["### Check these first", "", "If the answer to any is yes, get help now.", ""]
        lines += [f"- [ ] {_md(m.question.question)}" for m in unanswered]
        lines.append("")
    if assessment.guidance:
        lines += [f"### {_md(self_care_heading(assessment))}", ""]
        for n, gm in enumerate(assessment.guidance, start=1):
            kind = "Do" if gm.item.kind == "do" else "Avoid"
            lines += [
                f"{n}. **{kind}: {_md(gm.item.title)}** (evidence: {STRENGTH_WORDS[gm.item.strength]})  ",
                f"   {_md(gm.item.text)}  ",
                f"   *Because you ticked:* {_md(labels(gm.because, content))}  ",
                f"   *Evidence:* {_md(gm.item.evidence)} {_cite(gm.item.sources, numbers)}",
            ]
        lines.append("")
    if assessment.withheld:
        lines += [f"### {WITHHELD_HEADING}", ""]
        lines += [f"- {_md(_withheld_line(assessment, n))}" for n in range(len(assessment.withheld))]
        lines.append("")
    for cm in assessment.checklists:
        lines += [f"### Checklist: {_md(cm.checklist.title)} {_cite(cm.checklist.sources, numbers)}", ""]
        if cm.checklist.intro:
            lines += [_md(cm.checklist.intro), ""]
        lines += [f"- [ ] {_md(item.text)}" for item in cm.items]
        lines.append("")
    if numbers:
        lines += ["### Sources", ""]
        lines += [f"{n}. {_md(source_line(content.sources[sid]))}" for sid, n in numbers.items()]
        lines.append("")
    lines += [f"*{_md(DISCLAIMER)}*", ""]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- HTML


def render_banner_html(assessment: Assessment) -> str:
    """The triage banner: colour and words, announced to screen readers when it changes."""
    if not assessment.symptoms:
        return (
            '<div class="bl-banner bl-none" role="status" aria-live="polite" '
            'style="background:#eceff1;color:#1a1a1a;padding:12px 16px;border-radius:8px;'
            'font-size:1.15em;line-height:1.4;border:3px solid #1a1a1a">'
            f'<div style="font-weight:bold;font-size:1.2em">{escape(NOTHING_TICKED[0])}</div>'
            f"<div>{escape(NOTHING_TICKED[1])}</div></div>"
        )
    level = assessment.level
    background, colour = LEVEL_STYLE[assessment.triage]
    role = "alert" if assessment.needs_help_first else "status"
    flags = "".join(
        f"<li><strong>{escape(m.flag.name)}</strong>: {escape(m.flag.do)}</li>"
        for m in assessment.red_flags
        if m.flag.level == assessment.triage
    )
    return (
        f'<div class="bl-banner bl-{assessment.triage}" role="{role}" aria-live="polite" '
        f'style="background:{background};color:{colour};padding:12px 16px;border-radius:8px;'
        f'font-size:1.15em;line-height:1.4;border:3px solid #1a1a1a">'
        f'<div style="font-weight:bold;font-size:1.2em">{escape(level.label.upper())}: '
        f"{escape(level.headline)}</div>"
        f"<div>{escape(level.action)}</div>"
        + (f'<ul style="margin:6px 0 0 0">{flags}</ul>' if flags else "")
        + "</div>"
    )


def _sources_html(ids: tuple[str, ...], numbers: dict[str, int]) -> str:
    return " ".join(f'<a href="#bl-src-{numbers[i]}">[{numbers[i]}]</a>' for i in ids)


def render_details_html(assessment: Assessment, *, tickable: bool = True, checklists: bool = True) -> str:
    """Everything under the banner: red flags, checks, guidance, checklists, sources.

    ``checklists=False`` leaves the checklists out, for views that show them as widgets.
    """
    content = assessment.content
    numbers = _numbers(assessment)
    parts: list[str] = ['<div class="bl-details" style="line-height:1.45">']
    if assessment.symptoms:
        parts.append(f"<p>You ticked: {escape(labels(assessment.symptoms, content))}.</p>")
    else:
        parts.append("<p>Tick what fits your back pain to see guidance.</p>")
    if assessment.red_flags:
        parts.append('<h3>Warning signs</h3><ul class="bl-red-flags">')
        for fm in assessment.red_flags:
            parts.append(
                f'<li class="bl-flag bl-{fm.flag.level}"><strong>'
                f"{escape(content.levels[fm.flag.level].label)}: {escape(fm.flag.name)}</strong><br>"
                f"<strong>What to do:</strong> {escape(fm.flag.do)}<br>"
                f"<strong>Why:</strong> {escape(fm.flag.why)} {_sources_html(fm.flag.sources, numbers)}<br>"
                f"<em>Because you ticked:</em> {escape(labels(fm.because, content))}</li>"
            )
        parts.append("</ul>")
    for n in range(len(assessment.reassurances)):
        parts.append(f'<p class="bl-reassurance"><em>{escape(_reassurance_sentence(assessment, n))}</em></p>')
    unanswered = [m for m in assessment.screening if not m.answered_yes]
    if unanswered:
        parts.append(
            '<h3>Check these first</h3><p>If the answer to any of these is yes, get help now.</p>'
            '<ul class="bl-screening">'
        )
        parts += [f"<li>{escape(m.question.question)}</li>" for m in unanswered]
        parts.append("</ul>")
    if assessment.guidance:
        parts.append(f'<h3>{escape(self_care_heading(assessment))}</h3><ol class="bl-guidance">')
        for gm in assessment.guidance:
            kind = "Do" if gm.item.kind == "do" else "Avoid"
            parts.append(
                f'<li class="bl-{gm.item.kind}"><strong>{kind}: {escape(gm.item.title)}</strong> '
                f"(evidence: {STRENGTH_WORDS[gm.item.strength]})<br>{escape(gm.item.text)}<br>"
                f"<em>Because you ticked:</em> {escape(labels(gm.because, content))}<br>"
                f"<small>Evidence: {escape(gm.item.evidence)} "
                f"{_sources_html(gm.item.sources, numbers)}</small></li>"
            )
        parts.append("</ol>")
    if assessment.withheld:
        parts.append(f'<h3>{WITHHELD_HEADING}</h3><ul class="bl-withheld">')
        parts += [f"<li>{escape(_withheld_line(assessment, n))}</li>" for n in range(len(assessment.withheld))]
        parts.append("</ul>")
    for cm in assessment.checklists if checklists else ():
        parts.append(
            f'<h3>Checklist: {escape(cm.checklist.title)} {_sources_html(cm.checklist.sources, numbers)}</h3>'
        )
        if cm.checklist.intro:
            parts.append(f"<p>{escape(cm.checklist.intro)}</p>")
        parts.append('<ul class="bl-checklist" style="list-style:none;padding-left:0">')
        for item in cm.items:
            box = '<input type="checkbox"> ' if tickable else "&#9744; "
            parts.append(f"<li><label>{box}{escape(item.text)}</label></li>")
        parts.append("</ul>")
    if numbers:
        parts.append('<h3>Sources</h3><ol class="bl-sources">')
        for sid, n in numbers.items():
            source = content.sources[sid]
            parts.append(
                f'<li id="bl-src-{n}">{escape(source.by.rstrip("."))}. {escape(source.title)} ({source.year}). '
                f'<a href="{escape(source.link)}">{escape(source.link)}</a></li>'
            )
        parts.append("</ol>")
    parts.append(f'<p class="bl-disclaimer"><em>{escape(DISCLAIMER)}</em></p></div>')
    return "".join(parts)


def render_html(assessment: Assessment) -> str:
    """Banner first, then the details: an HTML fragment with all content escaped."""
    return (
        '<div class="backlearn">'
        + render_banner_html(assessment)
        + render_details_html(assessment)
        + "</div>"
    )


# ----------------------------------------------------------------------------- topics and summaries

VERDICT_WORDS: dict[str, str] = {
    "supported": "Supported by the evidence",
    "partly_supported": "Partly supported by the evidence",
    "not_supported": "Not supported by the evidence",
}


def render_topic_markdown(topic: Topic, content: Content) -> str:
    """A topic's evidence-checked answer, the source page's claim and the verdict on it."""
    refs = [content.sources[s] for s in topic.sources]
    lines = [
        f"## {topic.number}. {_md(topic.question)}",
        "",
        f"**The short answer.** {_md(topic.answer)}",
        "",
        f"**How strong is the evidence?** {STRENGTH_WORDS[topic.strength].capitalize()}.",
        "",
        "**What the source page said:**",
        "",
        f"> {_md(topic.page_claim)}",
        "",
        f"**Verdict: {VERDICT_WORDS[topic.verdict]}.** {_md(topic.verdict_reason)}",
        "",
        "**Sources**",
        "",
    ]
    lines += [f"{n}. {_md(source_line(s))}" for n, s in enumerate(refs, start=1)]
    return "\n".join(lines) + "\n"


def render_topic_html(topic: Topic, content: Content) -> str:
    """The same lesson as :func:`render_topic_markdown`, as escaped HTML for pages without Markdown."""
    refs = "".join(
        f'<li><a href="{escape(s.link)}" target="_blank" rel="noopener">{escape(source_line(s))}</a></li>'
        for s in (content.sources[sid] for sid in topic.sources)
    )
    return (
        f'<div class="bl-topic"><h2>{topic.number}. {escape(topic.question)}</h2>'
        f"<p><strong>The short answer.</strong> {escape(topic.answer)}</p>"
        f"<p><strong>How strong is the evidence?</strong> {escape(STRENGTH_WORDS[topic.strength].capitalize())}.</p>"
        f"<p><strong>What the source page said:</strong></p><blockquote>{escape(topic.page_claim)}</blockquote>"
        f"<p><strong>Verdict: {escape(VERDICT_WORDS[topic.verdict])}.</strong> {escape(topic.verdict_reason)}</p>"
        f"<p><strong>Sources</strong></p><ol>{refs}</ol></div>"
    )


def render_red_flag_summary_markdown(content: Content) -> str:
    """'When to get help today': every warning sign under the level it reaches on its own,
    then the combinations that raise the level further."""
    solo = symptom_levels(content)
    lines: list[str] = []
    for level_id in ("emergency", "urgent", "soon"):
        level = content.levels[level_id]
        signs: dict[str, None] = {}
        for sid in (s for s in content.symptoms if solo.get(s) == level_id):
            flags = [m.flag for m in match_red_flags({sid}, content) if m.flag.level == level_id]
            # A sign that counts only without a reassuring pattern is named by its flag.
            qualified = all(flag.reassured_by for flag in flags)
            signs[flags[0].name if qualified else content.symptoms[sid].label] = None
        combos = [
            flag.name
            for flag in content.red_flags.values()
            if flag.level == level_id and not any(solo.get(s) == level_id for s in symptom_ids(flag.when))
        ]
        lines += [f"### {_md(level.label)}: {_md(level.headline)}", "", _md(level.action), ""]
        lines += [f"- {_md(sign)}" for sign in signs]
        lines += [f"- {_md(name)} (a combination of signs)" for name in combos]
        lines.append("")
    return "\n".join(lines)
