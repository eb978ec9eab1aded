"""Where to get help, as a widget: helplines for young people and the region's services explained
(:mod:`backlearn.getting_help`). It follows the region picker like the other views."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from backlearn.content import Content
from backlearn.engine.promises import content_or_loaded
from backlearn.getting_help import getting_help_html, getting_help_text
from backlearn.widgets.follows_region import FollowsRegion

__all__ = ["GettingHelp"]


class GettingHelp(FollowsRegion, widgets.HTML):  # type: ignore[misc]
    """A folded box naming the first helpline in its summary; the region picker can change its region."""

    def __init__(self, content: Content | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("tooltip", "")  # with none, the browser shows "null" when hovered
        super().__init__(**kwargs)
        self.add_class("bl-getting-help")
        self.content = content_or_loaded(content)
        self.value = getting_help_html(self.content)

    def _region_changed(self) -> None:
        """Name the new region's helplines and services."""
        self.value = getting_help_html(self.content)

    @property
    def text(self) -> str:
        """What a learner reads, as plain text."""
        return getting_help_text(self.content)
