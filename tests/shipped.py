"""The content shipped with backlearn, for test modules: loaded on first use, never at collection.

A module that needs it outside a test (a helper, a Hypothesis strategy) calls ``shipped()``; a test
takes the ``content`` fixture, which is the same object. Both load in the default region: conftest has
removed the shell's ``BACKLEARN_REGION`` and points the learner's settings at a throwaway file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TypeVar

from hypothesis import strategies as st

from backlearn import Content, load_content

__all__ = ["drawn_from", "shipped", "symptom_sets"]

_T = TypeVar("_T")


@cache
def shipped() -> Content:
    """The shipped content, in the default region."""
    return load_content()


def drawn_from(values: Callable[[Content], Sequence[_T]]) -> st.SearchStrategy[_T]:
    """A Hypothesis strategy drawing one of ``values(shipped())``, worked out on the first draw."""
    return st.deferred(lambda: st.sampled_from(values(shipped())))


def symptom_sets(max_size: int | None = None) -> st.SearchStrategy[set[str]]:
    """Sets of the shipped symptom ids, of up to ``max_size`` (default: any size)."""
    return st.deferred(lambda: st.sets(st.sampled_from(sorted(shipped().symptoms)),
                                       max_size=len(shipped().symptoms) if max_size is None else max_size))
