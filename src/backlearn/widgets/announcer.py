"""What a screen reader says when an answer changes: one live region that stays in the page.

Screen readers announce a change *inside* a live region that is already in the page; an element
that arrives already marked live (as an HTML widget's new value does, on every tick) is read out by
few of them. So this anywidget draws two nodes once, a polite one (``role="status"``) and an
assertive one (``role="alert"``), and afterwards only changes their text. The text is short (the
level and what to do) and comes from :func:`announcement`, a pure function of the assessment.
"""

from __future__ import annotations

import re
from typing import Any

import anywidget
import traitlets

from backlearn.engine.assessment import Assessment

__all__ = ["Announcer", "announcement", "not_live"]

_LIVE_ATTRIBUTES = re.compile(r'\s(?:role="(?:status|alert)"|aria-live="\w+"|aria-atomic="\w+")')


def not_live(html: str) -> str:
    """``html`` without live-region attributes (``role="status"``/``"alert"``, ``aria-live``): for an HTML
    widget whose element is replaced on every change, which an :class:`Announcer` speaks for instead."""
    return _LIVE_ATTRIBUTES.sub("", html)


_ESM = """
function render({ model, el }) {
  // Seen by screen readers, not on screen: clipped, never display:none (that would hide it from them too).
  const hidden = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;" +
    "clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0";
  const polite = document.createElement("p");
  polite.className = "bl-live bl-live-polite";
  polite.setAttribute("role", "status");
  polite.setAttribute("aria-live", "polite");
  polite.setAttribute("aria-atomic", "true");
  const assertive = document.createElement("p");
  assertive.className = "bl-live bl-live-assertive";
  assertive.setAttribute("role", "alert");
  assertive.setAttribute("aria-live", "assertive");
  assertive.setAttribute("aria-atomic", "true");
  for (const node of [polite, assertive]) node.style.cssText = hidden;
  const show = () => {
    // Only the text changes: the nodes stay, so the change is announced.
    const urgent = model.get("assertive");
    assertive.textContent = urgent;
    polite.textContent = urgent ? "" : model.get("polite");
  };
  model.on("change:polite", show);
  model.on("change:assertive", show);
  el.append(polite, assertive);
  // Filled after the nodes are in the page, so the first answer is announced as well.
  requestAnimationFrame(show);
  return () => {
    model.off("change:polite", show);
    model.off("change:assertive", show);
  };
}
export default { render };
"""


def announcement(assessment: Assessment) -> tuple[str, str]:
    """What to say, and how: ``("assertive", text)`` at an emergency, else ``("polite", text)``.

    The level and what to do in a sentence or two, never the whole banner; it ends with how many boxes
    are ticked, so every tick changes it (a screen reader says nothing when the text stays the same).
    """
    ticked = len(assessment.symptoms)
    if not ticked:
        return "polite", "Nothing ticked yet."
    level = assessment.level
    content = assessment.content
    signs = any(content.symptoms[s].warning for s in assessment.symptoms if s in content.symptoms)
    if assessment.triage in ("emergency", "urgent"):
        # The action's first sentence says what to do ("Call 999 now, or go to A&E.").
        todo = level.action.split(". ")[0].rstrip(".") + "."
    else:
        todo = (level.headline_with_signs if signs and level.headline_with_signs else level.headline) + "."
    count = f"{ticked} box{'es' if ticked != 1 else ''} ticked."
    text = f"{level.label.upper() if assessment.triage == 'emergency' else level.label}: {todo} {count}"
    return ("assertive" if assessment.triage == "emergency" else "polite"), text


class Announcer(anywidget.AnyWidget):
    """The live region: set ``polite`` or ``assertive`` (the other is emptied) and a screen reader says it."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)  # a trait: sent with the widget, not in an update after it
    polite = traitlets.Unicode("").tag(sync=True)
    assertive = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def say(self, how: str, text: str) -> None:
        """Announce ``text`` politely or assertively (``how``), replacing what was said before."""
        if how not in ("polite", "assertive"):
            raise ValueError(f"expected 'polite' or 'assertive', got {how!r}")
        with self.hold_sync():
            self.assertive = text if how == "assertive" else ""
            self.polite = text if how == "polite" else ""

    @property
    def text(self) -> str:
        """What is being said now."""
        return str(self.assertive or self.polite)

    def __repr__(self) -> str:
        return f"Announcer({self.text!r})"
