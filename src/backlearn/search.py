"""Find the boxes that fit what a person types ("spasm near my shoulder blade"): pure, no widgets.

A box is found by the words of its label, its help and its ``also_called`` phrases (the words
people use for it). Little words ("my", "the", "it") are ignored, and a word matches when one of
the box's words starts with it or it starts with one of them (so "tingles" finds "tingling" by its
stem, and "stiff" finds "stiffness"). A box is shown when it holds at least half of the typed
words that mean something, or when one of its ``also_called`` phrases is typed whole ("a spasm
near my shoulder blade" finds the knot by "spasm" and the shoulder blade by its words); the best
matches come first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from backlearn.content import Content

__all__ = ["search_symptoms", "words_of"]

_WORD = re.compile(r"[a-z0-9]+")
#: Words too common to tell boxes apart.
_LITTLE = frozenset((
    "up", "out", "off", "get", "lot", "bit", "just", "like", "really", "all", "some", "any", "kind", "sort",
    "a", "an", "and", "are", "at", "be", "been", "but", "by", "can", "do", "does", "feel", "feels", "felt",
    "for", "from", "get", "got", "had", "has", "have", "i", "i'm", "im", "in", "into", "is", "it", "its",
    "it's", "me", "my", "of", "on", "or", "so", "that", "the", "then", "there", "this", "to", "too", "very",
    "was", "what", "when", "where", "which", "with", "you", "your", "back", "pain", "hurts", "hurt",
    "hurting", "sore",
))
#: How many letters two words must share at the start to count as the same word.
_STEM = 4


def words_of(text: str) -> tuple[str, ...]:
    """The words of ``text`` that mean something, in lower case."""
    return tuple(w for w in _WORD.findall(text.lower().replace("'", "")) if w not in _LITTLE)


def _same(typed: str, word: str) -> bool:
    if len(typed) < _STEM or len(word) < _STEM:
        return typed == word
    return word.startswith(typed) or typed.startswith(word) or typed[:_STEM + 1] == word[:_STEM + 1]


def search_symptoms(query: str, content: Content, offered: Iterable[str] | None = None) -> tuple[str, ...]:
    """The ids of the boxes that fit ``query``, best first (empty for an empty or unhelpful query)."""
    typed = words_of(query)
    if not typed:
        return ()
    need = max(1, (len(typed) + 1) // 2)
    scored: list[tuple[int, int, str]] = []
    said = " " + " ".join(typed) + " "
    for order, sid in enumerate(offered if offered is not None else content.symptoms):
        symptom = content.symptoms[sid]
        words = set(words_of(" ".join((symptom.label, symptom.help, *symptom.also_called))))
        score = sum(1 for t in typed if any(_same(t, w) for w in words))
        phrases = [words_of(p) for p in symptom.also_called]
        whole = sum(len(p) + 1 for p in phrases if p and f" {' '.join(p)} " in said)
        if score >= need or whole:
            scored.append((-(score + whole), order, sid))
    return tuple(sid for _, _, sid in sorted(scored))
