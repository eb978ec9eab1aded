"""A group heading that folds its group open and shut and tells a screen reader which it is.

ipywidgets' ToggleButton is a real button (Tab reaches it, Space and Enter press it) but it has
no way to say "expanded" or "collapsed"; this one is a native ``<button>`` with ``aria-expanded``
kept in step with ``value``. It is an anywidget (its few lines of JavaScript travel with the
widget, also in a notebook's saved widget state), so it needs no front-end build of its own.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

__all__ = ["FoldButton"]

_ESM = """
function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "bl-fold-button jupyter-button";
  const label = document.createElement("span");
  label.className = "bl-fold-label";
  button.append(label);
  const show = () => {
    const open = Boolean(model.get("value"));
    label.textContent = model.get("description");
    button.setAttribute("aria-expanded", open ? "true" : "false");
    const tip = model.get("tooltip");
    if (tip) { button.title = tip; } else { button.removeAttribute("title"); }
    button.classList.toggle("mod-active", open);
    el.classList.toggle("mod-active", open);
  };
  button.addEventListener("click", () => {
    model.set("value", !model.get("value"));
    model.save_changes();
  });
  model.on("change:value", show);
  model.on("change:description", show);
  model.on("change:tooltip", show);
  show();
  el.appendChild(button);
  return () => {
    model.off("change:value", show);
    model.off("change:description", show);
    model.off("change:tooltip", show);
  };
}
export default { render };
"""


class FoldButton(anywidget.AnyWidget):
    """A heading button: ``value`` True when its group is open; ``description`` is the heading text.

    ``icon`` names the caret shown ('caret-down' open, 'caret-right' shut), for code that reads it;
    the caret itself is drawn by CSS (widget_style), so the button's text is the heading alone.
    """

    _esm = traitlets.Unicode(_ESM).tag(sync=True)  # a trait: sent with the widget, not in an update after it
    value = traitlets.Bool(False).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    tooltip = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    @property
    def icon(self) -> str:
        return "caret-down" if self.value else "caret-right"
