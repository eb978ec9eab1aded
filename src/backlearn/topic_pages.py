"""A topic's page (the evidence-checked answer to one question) as one list of sections, formatted
as Markdown for the lesson notebooks and ``backlearn topics`` and as HTML for the lesson browser.

What a page shows, and under which words ("The short answer.", "How strong is the evidence?",
...), is written once in :func:`topic_sections`; the two formatters only format it, the same cure
as an answer's :func:`backlearn.sections.sections`.
"""

from __future__ import annotations

import re
from html import escape

from backlearn.content import Content, Topic
from backlearn.glossary import mark_terms, with_glossary, words_html
from backlearn.render import VERDICT_WORDS, escape_markdown
from backlearn.sections import STRENGTH_WORDS, Entry, Part, Section, source_line

__all__ = ["render_topic_html", "render_topic_markdown", "topic_sections", "topic_words_anchor"]

#: The style of the entry shown as a quotation (the source page's claim).
QUOTE = "quote"


def topic_sections(topic: Topic, content: Content) -> tuple[Section, Section]:
    """A topic's page: the answer (under the question) and the sources it cites, in order."""
    answer = Section(
        "topic",
        f"{topic.number}. {topic.question}",
        entries=(
            Entry("The short answer.", (Part(topic.answer),)),
            Entry("How strong is the evidence?", (Part(f"{STRENGTH_WORDS[topic.strength].capitalize()}."),)),
            Entry("What the source page said:", (Part(topic.page_claim),), style=QUOTE),
            Entry(f"Verdict: {VERDICT_WORDS[topic.verdict]}.", (Part(topic.verdict_reason),)),
        ),
    )
    cited = (content.sources[sid] for sid in topic.sources)
    sources = Section(
        "sources",
        "Sources",
        entries=tuple(Entry(parts=(Part(source_line(s)),), link=s.link) for s in cited),
        numbered=True,
    )
    return answer, sources


def topic_words_anchor(topic: Topic) -> str:
    """The id prefix of a topic page's glossary links (a topic shows once on a page)."""
    return f"bl-words-{topic.id.replace('_', '-')}"


_BOLD = re.compile(r"(\*\*.*?\*\*)")


def render_topic_markdown(topic: Topic, content: Content, *, words: str | None = None) -> str:
    """A topic's evidence-checked answer, the source page's claim and the verdict on it.

    Glossary words link to a "Words we use" list before the sources (inline HTML, which
    JupyterLab's Markdown keeps); ``words=""`` leaves the text plain, another string sets the
    links' id prefix (default: :func:`topic_words_anchor`)."""
    answer, sources = topic_sections(topic, content)
    anchor = topic_words_anchor(topic) if words is None else words
    paragraphs: list[str] = []
    for entry in answer.entries:
        lead, text = f"**{escape_markdown(entry.lead)}**", escape_markdown(entry.parts[0].text)
        paragraphs += [lead, f"> {text}"] if entry.style == QUOTE else [f"{lead} {text}"]
    marked: tuple[str, ...] = ()
    if anchor:  # the heading, the bold labels and the sources (web addresses) stay plain, as in HTML
        for n, paragraph in enumerate(paragraphs):
            pieces = _BOLD.split(paragraph)
            for i in range(0, len(pieces), 2):
                pieces[i], found = mark_terms(pieces[i], content.glossary, anchor, marked)
                marked += found
            paragraphs[n] = "".join(pieces)
    words_list = [words_html(marked, content.glossary, anchor)] if marked else []
    body = [f"## {escape_markdown(answer.heading)}", *paragraphs, *words_list, f"**{sources.heading}**"]
    numbered = [f"{n}. {escape_markdown(e.parts[0].text)}" for n, e in enumerate(sources.entries, start=1)]
    return "\n\n".join(body) + "\n\n" + "\n".join(numbered) + "\n"


def render_topic_html(topic: Topic, content: Content, *, words: str | None = None) -> str:
    """The same lesson as :func:`render_topic_markdown`, as escaped HTML for pages without Markdown,
    with the same glossary links (``words``: their id prefix, unique on the page; "" for none)."""
    answer, sources = topic_sections(topic, content)
    anchor = topic_words_anchor(topic) if words is None else words
    body = f"<h2>{escape(answer.heading)}</h2>"
    for entry in answer.entries:
        lead, text = f"<strong>{escape(entry.lead)}</strong>", escape(entry.parts[0].text)
        body += f"<p>{lead}</p><blockquote>{text}</blockquote>" if entry.style == QUOTE else f"<p>{lead} {text}</p>"
    if anchor:
        body = with_glossary(body, content.glossary, anchor)
    refs = "".join(
        f'<li><a href="{escape(e.link)}" target="_blank" rel="noopener">{escape(e.parts[0].text)}</a></li>'
        for e in sources.entries
    )
    return f'<div class="bl-topic">{body}<p><strong>{escape(sources.heading)}</strong></p><ol>{refs}</ol></div>'
