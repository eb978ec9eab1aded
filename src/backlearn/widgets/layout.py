"""What the views share about showing and styling their parts: shown or hidden, full width, CSS classes."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

__all__ = ["SHOWN", "WIDE", "with_classes"]

#: ``layout.display`` of a shown part. Not None: in the course's web version (JupyterLite's Pyodide
#: kernel) a change to None never reaches the page, so a hidden part would stay hidden.
SHOWN = ""

#: One layout for the parts that take the width they need; shared, so it is one model, not one each.
WIDE = widgets.Layout(width="auto")


def with_classes(kwargs: dict[str, Any], *classes: str) -> dict[str, Any]:
    """``kwargs`` with these CSS classes added to ``_dom_classes``: given at creation, they travel in the
    widget's first message; ``add_class`` afterwards would send one more message per widget."""
    return {**kwargs, "_dom_classes": (*classes, *kwargs.get("_dom_classes", ()))}
