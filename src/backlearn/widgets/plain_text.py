"""A view's HTML as the plain text a learner reads, for the views' ``text`` properties."""

from __future__ import annotations

import re
from html import unescape

__all__ = ["plain_text"]

_TAG = re.compile(r"<[^>]+>")


def plain_text(html: str) -> str:
    """``html`` without its tags, its character references turned back into characters."""
    return unescape(_TAG.sub("", html))
