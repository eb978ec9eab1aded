"""The look of the explorer and case-study widgets wherever they show: JupyterLab, Voilà, the hub.

The app page adds its own page-wide style (``widgets.page.APP_CSS``); this one travels with the widgets,
so a learner in JupyterLab gets the same sticky triage banner, red-edged warning groups and large
tick boxes as in the app. It is carried by a hidden HTML widget (a ``<style>`` applies even when
its element is not displayed), so nothing extra shows and no page-wide setup is needed.
"""

from __future__ import annotations

from html import escape
from typing import Any

__all__ = [
    "BANNER_MAX",
    "CONTROLS_CSS",
    "INACTIVE_CSS",
    "NOT_STARTED",
    "WIDGET_CSS",
    "NotStartedHint",
    "inactive_style",
    "not_started_html",
    "quiet_tooltips",
    "widget_style",
]

#: What a saved widget says until its notebook's cells run (and what other viewers show instead of it).
NOT_STARTED = "Press \u25b6\u25b6 Run All to start this (Run menu, Run All Cells)."

#: The top-level views of backlearn: each shows :data:`NOT_STARTED` while no kernel is behind it.
_VIEWS = ".bl-explorer, .bl-case-study, .bl-quiz, .bl-diary, .bl-region-picker, .bl-lessons, .bl-activity"

# A widget drawn from a notebook's saved state has no kernel behind it: a tick or a click changes
# nothing. ipywidgets marks every such view with `jupyter-widgets-disconnected` (and draws a small
# broken-chain icon); the class goes when the cells run and new, live views replace the saved ones.
# So, on backlearn's own views, the icon becomes a plain message at the top and the rest is greyed
# out and takes no clicks. No script is needed: the style travels in the saved state with the widget.
INACTIVE_CSS = f"""
:is({_VIEWS}) .jupyter-widgets-disconnected::before {{ content: none; }}
:is({_VIEWS}).jupyter-widgets-disconnected {{ position: relative; }}
:is({_VIEWS}).jupyter-widgets-disconnected::before {{
  content: "{NOT_STARTED.replace(chr(0x25B6), chr(92) + '25B6 ')}"; display: block; position: sticky; top: 0;
  z-index: 60; align-self: stretch; margin: 0 0 0.5rem; padding: 0.6rem 0.9rem;
  font: bold 1rem/1.4 var(--jp-ui-font-family, system-ui, sans-serif); color: #1a1a1a;
  background: #fff3c4; border: 2px solid #7a5c00; border-radius: 4px;
}}
:is({_VIEWS}).jupyter-widgets-disconnected > * {{ opacity: 0.45; filter: grayscale(1); pointer-events: none; }}
"""

#: The tallest the sticky banner may get (it scrolls inside beyond this), and so the room kept
#: free above a focused element: keyboard focus must never land hidden under the banner.
BANNER_MAX = "40vh"

# Sticky positioning works only when no box between the banner and the scrolling area clips its
# overflow; JupyterLab's output areas and ipywidgets' boxes do by default, so they are opened up
# where they hold an explorer (:has) and nowhere else. Each control in the explorer, and each
# target of a link such as a source's number, keeps the banner's height free above it when focus
# or the link scrolls it into view: scroll-margin-top on those elements themselves (a
# scroll-padding-top on the scroller needed `html:has(...)`, which made Chromium
# recheck the style of the whole page on every update, about 2 ms of each tick). The warning
# groups differ by colour and by a sign (the heading's words say "Warning signs" too). Tick boxes
# are 24px in 44px rows. Printed text in those notebooks wraps between words (JupyterLab breaks
# long lines mid-word by default).
# Glossary words are links with a dotted underline; the meaning they lead to is highlighted.
# Keyboard focus on backlearn's own buttons (group headings, "Save my plan", the plan's format, quiz
# and diary buttons) is a 3 px dark blue ring: JupyterLab's 1 px light-blue one (#64B5F6, about 1.9:1
# against the grey heading) wins over a plain rule, hence !important on the outline alone. A download
# is a link with the file inside, drawn as a button so that it looks like something to press.
CONTROLS_CSS = f"""
:is({_VIEWS}) :is(button, .jupyter-button, .widget-toggle-button, a[href], input, select, textarea):focus-visible,
:is({_VIEWS}) input[type="date"]:focus-within, :is({_VIEWS}) :is([tabindex], [contenteditable]):focus-visible,
.bl-download-button:focus-visible, .bl-help summary:focus-visible {{
  outline: 3px solid #1a4fa0 !important; outline-offset: 2px;
}}
.jp-OutputArea-output:has([class*="bl-"]) a[href]:focus-visible {{
  outline: 3px solid #1a4fa0 !important; outline-offset: 2px;
}}
:is({_VIEWS}) .widget-radio-box {{ height: auto; }}
:is({_VIEWS}) .widget-radio-box label {{
  display: flex; align-items: center; gap: 0.4rem; min-height: 28px; height: auto; line-height: 1.4;
  white-space: normal;
}}
.bl-search.widget-text {{ max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)); }}
.bl-diary .widget-dropdown, .bl-activity .widget-dropdown {{ flex-wrap: wrap; height: auto; min-height: 28px; }}
.bl-diary .widget-dropdown > .widget-label, .bl-activity .widget-dropdown > .widget-label {{
  white-space: normal; max-width: 100%; height: auto; line-height: 1.4;
}}
.bl-diary .widget-dropdown > select, .bl-activity .widget-dropdown > select {{
  flex: 0 1 auto; min-width: 6rem; max-width: 100%; min-height: 28px;
}}
a.bl-download-button {{
  display: inline-flex; align-items: center; gap: 0.4rem; min-height: 44px; box-sizing: border-box;
  padding: 0.5rem 1rem; border-radius: 4px; background: #1a4fa0; color: #ffffff; font-weight: bold;
  text-decoration: none; border: 2px solid #1a4fa0;
}}
a.bl-download-button:hover {{ background: #123a78; }}
@media (forced-colors: active) {{ a.bl-download-button {{ border-color: LinkText; }} }}
:is({_VIEWS}) .widget-toggle-button.mod-active, .bl-app .widget-toggle-button.mod-active {{
  box-shadow: inset 0 -4px 0 #1a4fa0; font-weight: bold;
}}
body[data-jp-theme-light="false"] :is({_VIEWS}) :focus-visible,
body[data-jp-theme-light="false"] .bl-help summary:focus-visible,
body[data-jp-theme-light="false"] .jp-OutputArea-output:has([class*="bl-"]) a[href]:focus-visible,
body[data-jp-theme-light="false"] :is({_VIEWS}) input[type="date"]:focus-within {{ outline-color: #8ab4f8 !important; }}
/* JupyterLab's dark theme: the quiz's verdict and the diary's refusal are in words; their colours, dark red
   and green on a light page, are lightened to stay 4.5:1 on the dark one. */
body[data-jp-theme-light="false"] .bl-quiz-wrong > strong:first-child,
body[data-jp-theme-light="false"] .bl-refused {{ color: #ff9e9e !important; }}
body[data-jp-theme-light="false"] .bl-quiz-right > strong:first-child {{ color: #8fd694 !important; }}
@media (forced-colors: active) {{
  :is({_VIEWS}) :is(button, .jupyter-button, .widget-toggle-button, a[href], input, select, textarea):focus-visible,
  .bl-help summary:focus-visible {{
    outline-color: Highlight !important;
  }}
  :is({_VIEWS}) :is(.jupyter-button, .widget-toggle-button) {{ border: 1px solid ButtonText; }}
  :is({_VIEWS}) .widget-toggle-button.mod-active, .bl-app .widget-toggle-button.mod-active {{
    forced-color-adjust: none; background: Highlight; color: HighlightText; border: 3px solid CanvasText;
  }}
}}
"""

WIDGET_CSS = INACTIVE_CSS + CONTROLS_CSS + f"""
.jp-OutputArea:has(.bl-explorer), .jp-OutputArea-child:has(.bl-explorer),
.jp-OutputArea-output:has(.bl-explorer), .jp-Cell-outputWrapper:has(.bl-explorer),
.jp-Cell-outputArea:has(.bl-explorer) {{ overflow: visible; }}
.bl-explorer :is(input, button, select, textarea, a[href], [tabindex], [id]) {{
  scroll-margin-top: calc({BANNER_MAX} + 1rem);
}}
.jp-Notebook:has(.bl-explorer) .jp-RenderedText pre {{ word-break: normal; overflow-wrap: break-word; }}
.bl-explorer.widget-box, .bl-explorer .widget-box {{ overflow: visible; }}
.bl-explorer > .bl-banner-widget {{
  position: -webkit-sticky; position: sticky; top: 0; z-index: 50; margin: 0; padding: 0.25rem 0;
  background: var(--jp-layout-color0, #ffffff); max-height: {BANNER_MAX}; overflow-y: auto; height: auto;
}}
.bl-explorer > .bl-banner-widget .widget-html-content {{ white-space: normal; line-height: 1.4; }}
.bl-group-toggle {{ height: auto; margin: 2px 0; }}
.bl-group-toggle .bl-fold-button {{
  width: 100%; height: auto; min-height: 44px; white-space: normal; text-align: left; line-height: 1.4;
  display: flex; align-items: center; gap: 0.5rem; padding: 0.5rem 0.75rem; font-weight: bold;
  font-size: var(--jp-widgets-font-size, 13px); cursor: pointer; border: 0;
  color: var(--jp-ui-font-color1, #1a1a1a); background: var(--jp-layout-color2, #eeeeee);
}}
.bl-group-toggle .bl-fold-button:hover {{ box-shadow: var(--jp-elevation-z2, 0 1px 3px #0003); }}
.bl-group-toggle .bl-fold-button::before {{ content: "\\25B8" / ""; width: 1em; flex: 0 0 auto; }}
.bl-group-toggle .bl-fold-button[aria-expanded="true"]::before {{ content: "\\25BE" / ""; }}
.bl-group-toggle.bl-warning-toggle .bl-fold-button {{
  border-left: 6px solid #b71c1c; background: #fdecea; color: #7f0000;
}}
.bl-group-toggle.bl-warning-toggle .bl-fold-label::after {{
  content: "\\26A0" / ""; margin-left: 0.5rem; font-size: 1.1em;
}}
.bl-warning-group {{ border-left: 6px solid #b71c1c; padding-left: 0.5rem; }}
.bl-symptom.bl-nomatch, .bl-group-section.bl-nomatch {{ display: none !important; }}
.bl-symptom.bl-match {{ background: #fff3b0; color: #1a1a1a; outline: 2px solid #7a5c00; border-radius: 4px; }}
.bl-symptom.bl-match .widget-label-basic, .bl-symptom.bl-match .widget-label-basic span {{ color: #1a1a1a; }}
.bl-group-toggle .bl-fold-button[aria-expanded="true"] {{ box-shadow: inset 4px 0 0 var(--jp-brand-color1, #1a4fa0); }}
@media (forced-colors: active) {{
  .bl-group-toggle .bl-fold-button {{ border: 1px solid ButtonText; }}
  .bl-group-toggle .bl-fold-button[aria-expanded="true"] {{ border-width: 1px 1px 4px 6px; }}
  .bl-group-toggle.bl-warning-toggle .bl-fold-button {{ border-left-width: 6px; }}
  .bl-symptom.bl-match {{ outline: 3px solid Highlight; }}
}}
.bl-search input {{ font-size: 1.05em; min-height: 36px; }}
.bl-search-count {{ margin: 0.2em 0 0.5em; }}
.bl-symptom.widget-checkbox, .bl-check-item.widget-checkbox {{ height: auto; min-height: 44px; align-items: center; }}
.bl-symptom .widget-label-basic, .bl-check-item .widget-label-basic {{
  white-space: normal; overflow: visible; text-overflow: clip; height: auto; line-height: 1.4;
  display: flex; align-items: center; gap: 0.6rem; min-height: 44px; cursor: pointer;
}}
.bl-symptom input[type="checkbox"], .bl-check-item input[type="checkbox"] {{
  width: 24px; height: 24px; min-width: 24px; margin: 0; flex: 0 0 auto; cursor: pointer;
}}
.bl-explorer :focus-visible, .bl-case-study :focus-visible {{ outline: 3px solid #1a4fa0; outline-offset: 2px; }}
a.bl-term, a.bl-term-back {{
  color: var(--jp-content-link-color, #0b4f9c); text-decoration: underline; text-underline-offset: 0.2em;
}}
a.bl-term {{ text-decoration-style: dotted; text-decoration-thickness: 2px; cursor: help; }}
.bl-term:focus-visible, .bl-term-back:focus-visible {{ outline: 3px solid #1a4fa0; outline-offset: 2px; }}
.bl-words-list dt:target, .bl-words-list dt:target + dd {{ background: #fff3c4; color: #1a1a1a; }}
.bl-words-list dt:target + dd a.bl-term-back {{ color: #0b4f9c; }}
.bl-words-list dd {{ margin: 0 0 0.4rem 1rem; }}
@media print {{ .bl-explorer > .bl-banner-widget {{ position: static; max-height: none; }} }}
"""


def widget_style() -> Any:
    """A hidden HTML widget carrying :data:`WIDGET_CSS`; put one inside each explorer or case study."""
    import ipywidgets as widgets

    return widgets.HTML(
        value=f"<style>{WIDGET_CSS}</style>",
        layout=widgets.Layout(display="none"),
        _dom_classes=("bl-widget-style",),
    )


def quiet_tooltips(root: Any) -> Any:
    """Give every described widget under ``root`` without a tooltip an empty one; return ``root``.

    ipywidgets copies the tooltip into the description label's title, so a widget with none shows
    the word "null" when hovered (JupyterLab and Voilà alike); an empty title shows nothing.
    """
    from ipywidgets.widgets.widget_description import DescriptionWidget

    stack = [root]
    while stack:
        widget = stack.pop()
        if isinstance(widget, DescriptionWidget) and widget.tooltip is None:
            widget.tooltip = ""
        stack.extend(getattr(widget, "children", ()))
    return root


def inactive_style() -> Any:
    """A hidden HTML widget carrying only :data:`INACTIVE_CSS` and :data:`CONTROLS_CSS`, for views that do not
    carry :func:`widget_style` (quiz, diary, region picker): they too say how to start them."""
    import ipywidgets as widgets

    return widgets.HTML(
        value=f"<style>{INACTIVE_CSS}{CONTROLS_CSS}</style>",
        layout=widgets.Layout(display="none"),
        _dom_classes=("bl-widget-style",),
    )


def not_started_html(what: str) -> str:
    """The friendly line shown instead of a widget where it cannot be drawn (an untrusted notebook,
    GitHub, nbviewer): what it is and how to start it."""
    return (f'<p class="bl-not-started"><strong>{escape(what)}.</strong> {escape(NOT_STARTED)} '
            "It needs JupyterLab, Jupyter Notebook or the backlearn app to work.</p>")


class NotStartedHint:
    """Mixed into a widget class: its saved output carries a friendly line (text and HTML) for viewers
    that cannot draw the widget, instead of the Python text ``SymptomExplorer(children=(HTML(...``."""

    #: What the widget is, in a learner's words ("The symptom explorer").
    hint_name = "A backlearn activity"

    def __repr__(self) -> str:
        return f"{self.hint_name}. {NOT_STARTED}"

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        if bundle:
            bundle["text/plain"] = f"{self.hint_name}. {NOT_STARTED}"
            bundle["text/html"] = not_started_html(self.hint_name)
        return bundle
