"""Glossary words linked where they appear: the first use of each word in a panel becomes a link to
its plain meaning in a "Words we use" list at the end of the same panel.

Pure functions over HTML that the renderers have already escaped (content is data, never markup),
so every view (the explorer's advice, the lessons, the saved plan) marks words the same way. A mark
is a real link (reached with Tab, followed with Enter, named by the word and described by its
meaning for screen readers), and the list it points to is ordinary text: nothing needs a script,
so it works in JupyterLab, Voilà and the JupyterLite site alike (docs/teaching.md, "Glossary").
The list is an aid to the panel, not one of the answer's sections (sections.py): the text and JSON
outputs stay plain. Nothing is marked inside a tag, an existing link, a heading, a bold lead or
label, a tick box's label, or an element
marked ``data-glossary="off"`` (the triage banner and every "What to do" line: an emergency is
never cluttered).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import fields, is_dataclass
from functools import lru_cache
from html import escape
from typing import Any

from backlearn.content import Content, GlossaryEntry

__all__ = [
    "OFF", "WORDS_HEADING", "learner_texts", "mark_terms", "terms_in", "texts_of", "unused_terms",
    "with_glossary", "words_html",
]

WORDS_HEADING = "Words we use"
#: The attribute that keeps an element (and everything in it) free of marks.
OFF = 'data-glossary="off"'
#: Elements whose text is never marked: links (no link in a link), headings, bold leads and labels
#: ("Evidence:", "Do: ..."), tick-box labels, code.
_SKIP = frozenset({"a", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "label", "button", "script", "style",
                   "code", "pre", "textarea", "select", "option", "summary", "dt", "title"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
_TOKENS = re.compile(r"(<[^>]*>)")
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")

_Words = tuple[tuple[str, tuple[str, ...]], ...]


def _key(glossary: Mapping[str, GlossaryEntry]) -> _Words:
    return tuple((entry.id, entry.words) for entry in glossary.values())


@lru_cache(maxsize=16)
def _pattern(words: _Words, escaped: bool) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One case-insensitive pattern for every form of every word (longest first, so "systematic
    review" wins over "review"), and which entry each form belongs to."""
    owner: dict[str, str] = {}
    for entry_id, forms in words:
        for form in forms:
            owner.setdefault(" ".join((escape(form) if escaped else form).lower().split()), entry_id)
    if not owner:
        return None, owner
    # Whole words only; the longest form wins ("systematic review" over "review"), as the trie's
    # optional branches are greedy.
    # (Every form starts and ends with a letter or digit (checked on loading), so \b is "no letter before".)
    return re.compile(rf"\b{_trie(list(owner))}(?!\w)", re.IGNORECASE), owner


def _trie(forms: list[str]) -> str:
    """One pattern for all ``forms`` (lower case), shaped as a tree of their letters: it rejects a
    word on its first letters instead of trying every form in turn (the advice is re-marked on
    every tick)."""
    tree: dict[str, Any] = {}
    for form in forms:
        node = tree
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [(r"\s+" if char == " " else re.escape(char)) + pattern(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return "(?:" + pattern(tree) + ")"


def _owner(owners: dict[str, str], found: str) -> str:
    return owners[" ".join(found.lower().split())]


def terms_in(texts: Iterable[str], glossary: Mapping[str, GlossaryEntry]) -> tuple[str, ...]:
    """The ids of the glossary words found in plain ``texts``, in order of first use."""
    pattern, owners = _pattern(_key(glossary), False)
    found: dict[str, None] = {}
    if pattern is not None:
        for text in texts:
            for match in pattern.finditer(text):
                found.setdefault(_owner(owners, match.group(0)))
    return tuple(found)


def _term_link(text: str, entry: GlossaryEntry, anchor: str) -> str:
    target = f"{anchor}-{entry.id}"
    return (
        f'<a class="bl-term" id="{target}-use" href="#{target}" aria-describedby="{target}-meaning" '
        f'title="{escape(entry.meaning)}">{text}</a>'
    )


def _mark_text(text: str, pattern: re.Pattern[str], owners: dict[str, str],
               glossary: Mapping[str, GlossaryEntry], anchor: str, seen: dict[str, None]) -> str:
    entities = [m.span() for m in _ENTITY.finditer(text)] if "&" in text else []
    out: list[str] = []
    end = 0
    for match in pattern.finditer(text):
        start, stop = match.span()
        # Never a word made of part of an escaped character (the "amp" of "&amp;").
        if any(a < stop and start < b and not (start <= a and b <= stop) for a, b in entities):
            continue
        entry_id = _owner(owners, match.group(0))
        if entry_id in seen:
            continue
        seen[entry_id] = None
        out += [text[end:start], _term_link(match.group(0), glossary[entry_id], anchor)]
        end = stop
    out.append(text[end:])
    return "".join(out)


def mark_terms(
    html: str, glossary: Mapping[str, GlossaryEntry], anchor: str, seen: Iterable[str] = ()
) -> tuple[str, tuple[str, ...]]:
    """``html`` (already escaped) with the first use of each glossary word made a link to
    ``#{anchor}-{id}``; and the ids marked, in order. Words in ``seen`` are not marked again.

    ``anchor`` makes the ids unique: give each panel on a page its own.
    """
    pattern, owners = _pattern(_key(glossary), True)
    marked: dict[str, None] = dict.fromkeys(seen)
    before = len(marked)
    if pattern is None:
        return html, ()
    out: list[str] = []
    open_tags: list[tuple[str, bool]] = []  # (name, keeps its text free of marks)
    off = 0  # how many of the open elements keep their text free of marks
    for token in _TOKENS.split(html):
        if token.startswith("<"):
            out.append(token)
            tag = _TAG.match(token)
            if tag is None or token.startswith("<!"):
                continue
            name = tag.group(2).lower()
            if tag.group(1):  # a closing tag: close up to its element
                while open_tags:
                    closed, was_off = open_tags.pop()
                    off -= was_off
                    if closed == name:
                        break
            elif name not in _VOID and not token.endswith("/>"):
                keeps_plain = name in _SKIP or OFF in token
                open_tags.append((name, keeps_plain))
                off += keeps_plain
        elif token and not off and pattern.search(token):
            out.append(_mark_text(token, pattern, owners, glossary, anchor, marked))
        else:
            out.append(token)
    return "".join(out), tuple(marked)[before:]


def words_html(ids: Iterable[str], glossary: Mapping[str, GlossaryEntry], anchor: str) -> str:
    """The "Words we use" list the marks link to: each word, its meaning, and a link back."""
    entries = [glossary[i] for i in dict.fromkeys(ids)]
    if not entries:
        return ""
    items = "".join(
        f'<dt id="{anchor}-{e.id}"><strong>{escape(e.term)}</strong></dt>'
        f'<dd><span id="{anchor}-{e.id}-meaning">{escape(e.meaning)}</span> '
        f'<a class="bl-term-back" href="#{anchor}-{e.id}-use">'
        f"Back to &#8220;{escape(e.term)}&#8221; in the text</a></dd>"
        for e in entries
    )
    return (
        f'<section class="bl-words" aria-labelledby="{anchor}-words">'
        f'<h3 id="{anchor}-words">{WORDS_HEADING}</h3><dl class="bl-words-list">{items}</dl></section>'
    )


def with_glossary(html: str, glossary: Mapping[str, GlossaryEntry], anchor: str) -> str:
    """``html`` with its glossary words marked and the "Words we use" list they link to added at the end."""
    marked, ids = mark_terms(html, glossary, anchor)
    return marked + words_html(ids, glossary, anchor)


def learner_texts(content: Content) -> Iterator[str]:
    """Every text a learner reads in the content, source titles included: where glossary words are
    looked for."""
    for level in content.levels.values():
        yield from (level.label, level.headline, level.headline_with_signs, level.action)
    for symptom in content.symptoms.values():
        yield from (symptom.label, symptom.help)
    for flag in content.red_flags.values():
        yield from (flag.name, flag.do, flag.why, flag.reassured_by)
    for question in content.screening.values():
        yield question.question
    for topic in content.topics.values():
        yield from (topic.question, topic.page_claim, topic.verdict_reason, topic.answer)
    for item in content.guidance.values():
        yield from (item.title, item.text, item.evidence)
    for checklist in content.checklists.values():
        yield from (checklist.title, checklist.intro, *(i.text for i in checklist.items))
    for quiz in content.quizzes.values():
        yield from (quiz.question, *quiz.choices, quiz.explanation)
    for case in content.cases.values():
        yield from (case.story, case.teaching_point)
    for source in content.sources.values():
        yield source.title


def texts_of(value: object) -> Iterator[str]:
    """Every text inside a record (a lesson plan, say), however deep: for :func:`unused_terms`."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from texts_of(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for spec in fields(value):
            yield from texts_of(getattr(value, spec.name))


def unused_terms(content: Content, elsewhere: Iterable[str] = ()) -> tuple[str, ...]:
    """The ids of glossary words that neither the content nor the texts ``elsewhere`` (the lesson
    pages, the lesson plans) use, in file order: explained for nothing. ``backlearn validate`` names them."""
    texts = itertools.chain(learner_texts(content), elsewhere)
    used = set(terms_in(texts, content.glossary))
    return tuple(i for i in content.glossary if i not in used)
