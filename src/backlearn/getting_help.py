"""Where a learner gets help, for the region in use: helplines for young people (data/safeguarding.yaml)
and the region's own services explained (the glossary's "help" words: "GP", "A&E", "NHS 111" in the
UK; "Primary care doctor", "Emergency room (ER)" in the US), each with its source.

Shown where a worry may come up: the app (under every view), and the learners' notebooks on warning
signs, case studies and the pain diary (review 2026-12, section 4: "no helpline for pupils").
Pure functions of the content, which comes filled in for its region; every text is escaped.
"""

from __future__ import annotations

from html import escape

from backlearn.content import Content, ContentError, Helpline
from backlearn.safeguarding import load_safeguarding

__all__ = ["HELP_GROUP", "getting_help_html", "getting_help_text", "help_words", "helplines"]

#: The glossary group of the region's services (glossary.yaml).
HELP_GROUP = "help"

_TALK = ("If something here worries you, about your back or anything else, talk to an adult you trust: "
         "a parent or carer, a teacher or the school nurse.")


def helplines(content: Content) -> tuple[Helpline, ...]:
    """The helplines for young people in the content's region; none when safeguarding.yaml cannot be
    read (a teacher's own content without one: ``backlearn validate`` names the problem)."""
    try:
        return load_safeguarding(content).part.helplines
    except ContentError:
        return ()


def help_words(content: Content) -> tuple[tuple[str, str, str], ...]:
    """(term, meaning, source address or '') of each of the region's services in the glossary."""
    region = content.region
    sources = region.sources if region is not None else {}
    # The glossary entry's id is the placeholder of the service it explains (doctor, health_line ...).
    return tuple((entry.term, entry.meaning, sources.get(entry.id, ""))
                 for entry in content.glossary.values() if entry.group == HELP_GROUP)


def _region_name(content: Content) -> str:
    return content.region.name if content.region is not None else ""


def getting_help_html(content: Content) -> str:
    """A folded box: its summary names the first helpline, so it is seen without opening; inside,
    every helpline and every service word with its meaning and source."""
    lines = helplines(content)
    where = _region_name(content)
    first = f" {lines[0].line}, free." if lines else ""
    items = "".join(
        f"<li><strong>{escape(h.line)}</strong>. {escape(h.audience)}. "
        f'<a href="{escape(h.url)}" target="_blank" rel="noopener">Source: {escape(h.name)}</a></li>'
        for h in lines
    )
    words = "".join(
        f"<dt><strong>{escape(term)}</strong></dt><dd>{escape(meaning)}"
        + (f' <a href="{escape(url)}" target="_blank" rel="noopener">Source</a>' if url else "")
        + "</dd>"
        for term, meaning, url in help_words(content)
    )
    return (
        '<details class="bl-help" data-glossary="off">'
        f"<summary><strong>Worried about something?</strong>{escape(first)} "
        f"Where to get help in {escape(where)}</summary>"
        f"<p>{escape(_TALK)}</p>"
        + (f"<h3>Helplines for young people</h3><ul>{items}</ul>" if items else "")
        + (f"<h3>Who to call and where to go</h3><dl>{words}</dl>" if words else "")
        + "</details>"
    )


def getting_help_text(content: Content) -> str:
    """The same as plain text: what a learner reads."""
    parts = [f"Worried about something? Where to get help in {_region_name(content)}", _TALK]
    lines = helplines(content)
    if lines:
        parts.append("Helplines for young people:")
        parts += [f"- {h.line}. {h.audience}. Source: {h.url}" for h in lines]
    words = help_words(content)
    if words:
        parts.append("Who to call and where to go:")
        parts += [f"- {term}: {meaning}" + (f" Source: {url}" if url else "") for term, meaning, url in words]
    return "\n".join(parts)
