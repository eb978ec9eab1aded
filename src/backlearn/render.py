"""Formats for the one list of sections of an answer: plain text, Markdown, escaped HTML and JSON.

What is shown, and in which order, is decided once by :func:`backlearn.sections.sections`;
each function here only formats that list, so every output (and the widgets and the printable
plan, which use the HTML and Markdown here) shows the same sections in the same order.
"""

from __future__ import annotations

import json
import re
import textwrap
from html import escape
from typing import Any

from backlearn.content import Content
from backlearn.engine.assessment import Assessment
from backlearn.engine.safety_wording import NOTHING_TICKED
from backlearn.engine.warning_signs import warning_signs_by_level
from backlearn.glossary import OFF, with_glossary
from backlearn.sections import (
    SECTION_KINDS,
    Entry,
    Part,
    Section,
    banner_action,
    flag_do,
    headline,
    reassurance_sentence,
    sections,
    self_care_heading,
)

__all__ = [
    "LEVEL_STYLE",
    "SOURCES_ANCHOR",
    "VERDICT_WORDS",
    "escape_markdown",
    "render_banner_html",
    "render_brief",
    "render_details_html",
    "render_html",
    "render_json",
    "render_markdown",
    "render_red_flag_summary_markdown",
    "render_section_html",
    "render_text",
    "to_dict",
]

#: Colours are always paired with words, so the banner reads without colour.
LEVEL_STYLE: dict[str, tuple[str, str]] = {
    "emergency": ("#b00020", "#ffffff"),
    "urgent": ("#c43e00", "#ffffff"),
    "soon": ("#f6c026", "#1a1a1a"),
    "self_care": ("#2e7d32", "#ffffff"),
}


def _cite(numbers: tuple[int, ...]) -> str:
    return " ".join(f"[{n}]" for n in numbers)


def _with_cites(text: str, numbers: tuple[int, ...]) -> str:
    return f"{text} {_cite(numbers)}" if numbers else text


# ----------------------------------------------------------------------------- JSON


def _part_dict(part: Part) -> dict[str, Any]:
    return {"label": part.label, "text": part.text, "cites": list(part.cites)}


def _section_dict(section: Section) -> dict[str, Any]:
    return {
        "kind": section.kind,
        "heading": section.heading,
        "intro": section.intro,
        "cites": list(section.cites),
        "entries": [
            {"lead": e.lead, "parts": [_part_dict(p) for p in e.parts], "tick": e.tick, "link": e.link}
            for e in section.entries
        ],
    }


def to_dict(assessment: Assessment) -> dict[str, Any]:
    """The assessment as plain data (the JSON of ``backlearn assess --json``).

    ``sections`` is what every other output shows, in order; the other keys are the same
    answer as data, for programs.
    """
    content = assessment.content
    level = assessment.level
    shown = sections(assessment)

    def sources(ids: tuple[str, ...]) -> list[dict[str, Any]]:
        return [
            {"id": s.id, "title": s.title, "by": s.by, "year": s.year, "kind": s.kind, "link": s.link}
            for s in (content.sources[i] for i in ids)
        ]

    region = content.region
    return {
        # The region whose numbers and services the text names (regions.yaml).
        "region": region.id if region else None,
        "region_name": region.name if region else None,
        # Where each region-specific number or piece of advice comes from.
        "region_sources": dict(region.sources) if region else {},
        "triage": assessment.triage,
        "triage_label": level.label,
        "headline": headline(assessment),
        "action": banner_action(assessment),
        # True when a warning needs help now or today: guidance is then only what to do after that.
        "needs_help_first": assessment.needs_help_first,
        # None at an emergency: no advice is shown there, so no heading for it either.
        "guidance_heading": self_care_heading(assessment) or None,
        "symptoms": [{"id": s, "label": content.symptom_label(s)} for s in assessment.symptoms],
        "sections": [_section_dict(section) for section in shown],
        "red_flags": [
            {
                "id": m.flag.id,
                "name": m.flag.name,
                "level": m.flag.level,
                "text": flag_do(assessment, m.flag),
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
                "text": reassurance_sentence(assessment, n),
                "because": list(r.pattern),
                "sources": sources(r.flag.sources),
            }
            for n, r in enumerate(assessment.reassurances)
        ],
        "screening": [
            {
                "id": m.question.id,
                "text": m.question.question,
                "level": m.question.level,
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
        "disclaimer": shown[-1].intro,
    }


def render_json(assessment: Assessment) -> str:
    """The assessment as indented JSON text."""
    return json.dumps(to_dict(assessment), indent=2, ensure_ascii=False)


# ----------------------------------------------------------------------------- plain text


def _part_text(part: Part) -> str:
    text = _with_cites(part.text, part.cites)
    return f"{part.label}: {text}" if part.label else text


_NUMBER_SPACE = re.compile(r"(?<=\d) (?=\d)")


def _wrap(text: str, width: int, indent: str, rest: str) -> list[str]:
    """Wrapped lines that never split a word, a web address or a phone number ('1800 022 222'):
    a broken link cannot be clicked, and a broken number may be dialled wrong."""
    lines = textwrap.wrap(_NUMBER_SPACE.sub("\xa0", text), width, initial_indent=indent, subsequent_indent=rest,
                          break_long_words=False, break_on_hyphens=False)
    return [line.replace("\xa0", " ") for line in lines]


def render_text(assessment: Assessment, width: int = 88) -> str:
    """Plain text for a terminal or a notebook print-out."""
    out: list[str] = []

    def para(text: str, indent: str = "", rest: str | None = None) -> None:
        out.extend(_wrap(text, width, indent, indent if rest is None else rest) or [""])

    for section in sections(assessment):
        if section.kind == "banner":
            para(section.heading, "", "  ")
            para(section.intro, "  ")
            for entry in section.entries:
                para(f"! {entry.lead}: {' '.join(_part_text(p) for p in entry.parts)}", "  ", "    ")
            continue
        out.append("")
        # A heading's first line is the only kind of line that starts at the margin.
        if section.kind == "disclaimer":
            para(f"{section.heading}: {section.intro}", "", "  ")
            continue
        para(_with_cites(section.heading, section.cites), "", "  ")
        if section.intro:
            para(section.intro, "  ")
        for n, entry in enumerate(section.entries, start=1):
            bullet = "[ ] " if entry.tick else f"{n}. " if section.numbered else "- "
            parts = list(entry.parts)
            first = entry.lead
            if not first:
                first = _part_text(parts.pop(0))
            para(f"{bullet}{first}", "  ", "  " + " " * len(bullet))
            for part in parts:
                para(_part_text(part), "  " + " " * len(bullet))
    return "\n".join(out)


def _brief_flags(section: Section, width: int) -> list[str]:
    """Each warning sign given in full by name, level and the ticks behind it; the others named."""
    out: list[str] = []
    for entry in section.entries:
        if not entry.name:  # the signs below the banner's level, named in one line
            out += _wrap(f"! {entry.lead}: {' '.join(p.text for p in entry.parts)}", width, "  ", "    ")
            continue
        level = entry.lead.removesuffix(f": {entry.name}")
        out.append(f"  ! {entry.name} ({level})")
        because = next(p.text for p in entry.parts if p.label == "Because you ticked")
        out += _wrap(f"because you ticked: {because.removesuffix('.')}", width, "    ", "    ")
    return out


def render_brief(assessment: Assessment, width: int = 88) -> str:
    """The top of what a learner sees, as text: the banner, the number of checks asked first, any
    warning signs with why, and the titles of the advice beneath. For comparing two views quickly."""
    out: list[str] = []
    checklists: list[str] = []
    for section in sections(assessment):
        if section.heading == NOTHING_TICKED[0]:  # before anything is ticked: one line
            return f"{section.heading}: {section.intro}"
        if section.kind == "banner":
            out += [section.heading, *_wrap(section.intro, width, "  ", "  ")]
        elif section.kind == "screening":
            out.append(f"  Questions to check first: {len(section.entries)}")
        elif section.kind == "red_flags":
            out += _brief_flags(section, width)
        elif section.kind == "come_back":
            out.append(section.intro)
        elif section.kind == "guidance":
            out += [f"{section.heading}:", *(f"  - {entry.name}" for entry in section.entries)]
        elif section.kind == "held_back":
            out.append(f"{section.heading}:")
            for entry in section.entries:
                out += _wrap(entry.parts[0].text, width, "  - ", "    ")
        elif section.kind == "checklist":
            checklists.append(section.name)
    if checklists:
        out.append("Checklists: " + "; ".join(checklists))
    return "\n".join(out)


# ----------------------------------------------------------------------------- Markdown


def escape_markdown(text: str) -> str:
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


def _part_md(part: Part) -> str:
    text = _with_cites(escape_markdown(part.text), part.cites)
    return f"*{escape_markdown(part.label)}:* {text}" if part.label else text


def render_markdown(assessment: Assessment) -> str:
    """Markdown with the triage line first and tickable checklists."""
    lines: list[str] = []
    for section in sections(assessment):
        if section.kind == "banner":
            lines += [f"## {escape_markdown(section.heading)}", "", escape_markdown(section.intro), ""]
            lines += [f"- **{escape_markdown(e.lead)}:** {' '.join(_part_md(p) for p in e.parts)}"
                      for e in section.entries]
            lines += [""] if section.entries else []
            continue
        if section.kind == "disclaimer":
            lines += [f"*{escape_markdown(section.heading)}: {escape_markdown(section.intro)}*", ""]
            continue
        lines += [f"### {_with_cites(escape_markdown(section.heading), section.cites)}", ""]
        if section.intro:
            lines += [escape_markdown(section.intro), ""]
        for n, entry in enumerate(section.entries, start=1):
            bullet = "- [ ] " if entry.tick else f"{n}. " if section.numbered else "- "
            pad = " " * len(bullet)
            parts = [_part_md(p) for p in entry.parts]
            first = f"**{escape_markdown(entry.lead)}**" if entry.lead else parts.pop(0)
            lines.append(f"{bullet}{first}" + ("  " if parts else ""))
            lines += [f"{pad}{p}" + ("  " if i < len(parts) - 1 else "") for i, p in enumerate(parts)]
        lines.append("")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- HTML

#: Each section's list class, kept stable for style sheets and browser tests.
_LIST_CLASS: dict[str, str] = {
    "reasons": "bl-reasons",
    "screening": "bl-screening",
    "red_flags": "bl-red-flags",
    "guidance": "bl-guidance",
    "held_back": "bl-withheld",
    "checklist": "bl-checklist",
    "sources": "bl-sources",
}


#: The id prefix of the numbered sources a ``[1]`` leads to, when a page shows one answer.
SOURCES_ANCHOR = "bl-src"


def _cites_html(numbers: tuple[int, ...], cites: str) -> str:
    return " ".join(f'<a href="#{cites}-{n}">[{n}]</a>' for n in numbers)


def _part_html(part: Part, cites: str) -> str:
    text = f"<span {OFF}>{escape(part.text)}</span>" if part.action else escape(part.text)
    text += " " + _cites_html(part.cites, cites) if part.cites else ""
    return f"<strong>{escape(part.label)}:</strong> {text}" if part.label else text


def _banner_html(section: Section, level: str, cites: str) -> str:
    if level == "none":
        background, colour = "#eceff1", "#1a1a1a"
    else:
        background, colour = LEVEL_STYLE[level]
    role = "alert" if level in ("emergency", "urgent") else "status"
    flags = "".join(
        f"<li><strong>{escape(e.lead)}</strong>: {' '.join(_part_html(p, cites) for p in e.parts)}</li>"
        for e in section.entries
    )
    return (
        f'<div class="bl-banner bl-{level}" data-section="banner" {OFF} role="{role}" aria-live="polite" '
        f'style="background:{background};color:{colour};padding:12px 16px;border-radius:8px;'
        f'font-size:1.15em;line-height:1.4;border:3px solid #1a1a1a">'
        f'<div style="font-weight:bold;font-size:1.2em">{escape(section.heading)}</div>'
        f"<div>{escape(section.intro)}</div>"
        + (f'<ul style="margin:6px 0 0 0">{flags}</ul>' if flags else "")
        + "</div>"
    )


def _entry_html(section: Section, entry: Entry, number: int, tickable: bool, cites: str) -> str:
    if section.kind == "sources":
        (part,) = entry.parts
        shown = escape(part.text.removesuffix(entry.link).rstrip())
        return f'<li id="{cites}-{number}">{shown} <a href="{escape(entry.link)}">{escape(entry.link)}</a></li>'
    body = [_part_html(p, cites) for p in entry.parts]
    if entry.lead:
        body.insert(0, f"<strong>{escape(entry.lead)}</strong>")
    if entry.tick:
        box = '<input type="checkbox"> ' if tickable else "&#9744; "
        return f"<li><label>{box}{'<br>'.join(body)}</label></li>"
    style = f' class="bl-{entry.style}"' if entry.style else ""
    return f"<li{style}>{'<br>'.join(body)}</li>"


def render_section_html(
    section: Section, *, tickable: bool = True, level: str = "", cites: str = SOURCES_ANCHOR
) -> str:
    """One section as escaped HTML, marked with its kind (``data-section``). ``cites`` is the id
    prefix of the numbered sources (``#{cites}-1``): give each answer on a page its own."""
    if section.kind == "banner":
        return _banner_html(section, level or "none", cites)
    if section.kind == "disclaimer":
        return (
            f'<p class="bl-disclaimer" data-section="disclaimer" role="note"><strong>{escape(section.heading)}:'
            f"</strong> {escape(section.intro)}</p>"
        )
    heading = escape(section.heading) + (" " + _cites_html(section.cites, cites) if section.cites else "")
    parts = [f'<section class="bl-section bl-section-{section.kind}" data-section="{section.kind}">',
             f"<h3>{heading}</h3>"]
    if section.intro:
        parts.append(f"<p>{escape(section.intro)}</p>")
    if section.entries:
        tag = "ol" if section.numbered else "ul"
        plain = ' style="list-style:none;padding-left:0"' if section.entries[0].tick else ""
        parts.append(f'<{tag} class="{_LIST_CLASS.get(section.kind, "")}"{plain}>')
        parts += [_entry_html(section, e, n, tickable, cites) for n, e in enumerate(section.entries, start=1)]
        parts.append(f"</{tag}>")
    parts.append("</section>")
    return "".join(parts)


def _level_of(assessment: Assessment) -> str:
    return assessment.triage if assessment.symptoms else "none"


def render_banner_html(assessment: Assessment, *, cites: str = SOURCES_ANCHOR) -> str:
    """The triage banner: colour and words, announced to screen readers when it changes."""
    return render_section_html(sections(assessment)[0], level=_level_of(assessment), cites=cites)


def render_details_html(
    assessment: Assessment,
    *,
    tickable: bool = True,
    kinds: tuple[str, ...] = SECTION_KINDS[1:],
    words: str = "",
    cites: str = SOURCES_ANCHOR,
) -> str:
    """Every section under the banner (or only those of ``kinds``), in order, as escaped HTML.
    ``cites``: the id prefix of the numbered sources, the same for every part of one answer.

    With ``words`` (an id prefix unique on the page), the first use of each glossary word links to
    its meaning in a "Words we use" list after the advice and checklists, before the sources
    (:mod:`backlearn.glossary`). Not at an emergency: that answer holds the action and the warning
    signs only, and a list of meanings (a knot "is common and usually harmless") would read as
    reassurance under it; nor under an urgent banner, for the same reason."""
    chosen = [(s.kind, render_section_html(s, tickable=tickable, cites=cites))
              for s in sections(assessment) if s.kind in kinds]
    advice = "".join(html for kind, html in chosen if kind not in _UNEXPLAINED)
    rest = "".join(html for kind, html in chosen if kind in _UNEXPLAINED)
    if words and not assessment.needs_help_first:
        advice = with_glossary(advice, assessment.content.glossary, words)
    return '<div class="bl-details" style="line-height:1.45">' + advice + rest + "</div>"


#: The sections whose words are not linked to the glossary (they come last): the sources' titles
#: ("Aortic dissection", "Pancreatitis") are not what the learner is asked to read and act on, and
#: their meanings would fill a self-care answer's list with emergencies.
_UNEXPLAINED = ("sources", "disclaimer")


def render_html(assessment: Assessment, *, words: str = "bl-words") -> str:
    """Banner first, then the details (glossary words linked to the "Words we use" list, unless
    ``words`` is empty): an HTML fragment with all content escaped."""
    return (
        '<div class="backlearn">'
        + render_banner_html(assessment)
        + render_details_html(assessment, words=words)
        + "</div>"
    )


# ----------------------------------------------------------------------------- verdicts and summaries

#: The verdict on a source page's claim (a topic's ``verdict``), in the one wording the topic pages,
#: ``backlearn topics`` and the teacher pack use.
VERDICT_WORDS: dict[str, str] = {
    "supported": "Supported by the evidence",
    "partly_supported": "Partly supported by the evidence",
    "not_supported": "Not supported by the evidence",
}


def render_red_flag_summary_markdown(content: Content) -> str:
    """'When to get help today': every warning sign under the level it reaches on its own,
    then the combinations that raise the level further."""
    by_level = warning_signs_by_level(content)
    lines: list[str] = []
    for level_id in ("emergency", "urgent", "soon"):
        level = content.levels[level_id]
        found = by_level[level_id]
        signs: dict[str, None] = {}
        for sign in found.signs:
            # A sign that counts only without a reassuring pattern is named by its flag.
            qualified = all(flag.reassured_by for flag in sign.flags)
            signs[sign.flags[0].name if qualified else content.symptoms[sign.symptom].label] = None
        lines += [f"### {escape_markdown(level.label)}: {escape_markdown(level.headline)}", "",
                  escape_markdown(level.action), ""]
        lines += [f"- {escape_markdown(sign)}" for sign in signs]
        lines += [f"- {escape_markdown(flag.name)} (a combination of signs)" for flag in found.combinations]
        lines.append("")
    return "\n".join(lines)
