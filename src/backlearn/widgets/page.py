"""The app's page: its style (phone and projector), the region picker, and a switch between the
symptom explorer, the seven questions, the case studies and the pain diary.

The Voilà app (``backlearn app``) runs a one-cell notebook that displays :func:`app_page`;
``backlearn.app`` only starts and stops that server.
"""

from __future__ import annotations

from html import escape
from typing import Any

import anywidget
import traitlets

from backlearn.engine.safety_wording import CONTENT_PROBLEM

__all__ = ["APP_CSS", "CONTENT_PROBLEM_HTML", "VIEWS", "ViewSwitch", "app_page", "app_style"]

#: What a learner sees when the content the app loads is invalid (``app.content_problem_page`` and
#: :func:`app_page` both show it): the safety wording's ``CONTENT_PROBLEM``, which a broken content
#: folder cannot supply.
CONTENT_PROBLEM_HTML = (
    '<div class="bl-content-problem" role="alert" style="font-size:1.2rem;line-height:1.5;padding:1rem;'
    'border:3px solid #b71c1c;max-width:40rem;margin:1rem auto">'
    f"<strong>{escape(CONTENT_PROBLEM[0])}</strong><br>{escape(CONTENT_PROBLEM[1])}</div>"
)

# The page style: fits a phone and a projector. The banner stays at the top while the learner
# scrolls (nothing above it may clip overflow, or sticky stops working); groups fold; tick boxes
# are large (24px boxes, 44px rows); labels wrap (ipywidgets cuts long descriptions with "..." by
# default); no fixed widths, so text reflows at 200% zoom; keyboard focus is always visible.
APP_CSS = """
body[data-voila] #rendered_cells > div, body[data-voila] .jp-Notebook-cell {
  max-width: 60rem; margin-left: auto; margin-right: auto;
}
body[data-voila] .jp-RenderedMarkdown { font-size: 1.05rem; line-height: 1.5; }
body[data-voila] .jp-OutputArea-output, body[data-voila] .jp-OutputArea-child,
body[data-voila] .jp-Cell-outputArea, body[data-voila] .jp-Cell-outputWrapper { overflow: visible; }
.bl-app, .bl-app * { box-sizing: border-box; }
.bl-app.widget-box, .bl-app.widget-container, .bl-explorer.widget-box { overflow: visible; }
.bl-app { max-width: 60rem; width: 100%; margin: 0 auto; padding: 0 0 3rem; font-size: 1.05rem; line-height: 1.5; }
.bl-app .widget-html-content, .bl-app .widget-label, .bl-app .widget-label-basic,
.bl-app .widget-checkbox label, .bl-app .widget-button, .bl-app .widget-toggle-button { font-size: 1rem; }
.bl-app .widget-html, .bl-app .widget-html-content { height: auto; white-space: normal; overflow-wrap: anywhere; }
.bl-app .widget-box, .bl-app .widget-vbox, .bl-app .widget-container { overflow: visible; width: 100%; }
.bl-app .bl-banner-widget {
  position: -webkit-sticky; position: sticky; top: 0; z-index: 50;
  background: #ffffff; padding: 0.25rem 0; margin: 0;
}
.bl-app .bl-banner-widget .widget-html-content { line-height: 1.4; }
.bl-app .widget-checkbox { width: auto; height: auto; min-height: 44px; align-items: center; margin: 0.1rem 0; }
.bl-app .widget-checkbox label.widget-label-basic, .bl-app .widget-label-basic {
  white-space: normal; overflow: visible; text-overflow: clip; height: auto; line-height: 1.4;
  display: flex; align-items: center; gap: 0.6rem; padding: 0.5rem 0.25rem; min-height: 44px;
  cursor: pointer; width: 100%; max-width: 100%;
}
.bl-app .widget-label-basic span { white-space: normal; overflow: visible; text-overflow: clip; }
.bl-app .widget-checkbox input[type="checkbox"] {
  width: 24px; height: 24px; min-width: 24px; margin: 0; flex: 0 0 auto; cursor: pointer;
}
.bl-app .widget-radio, .bl-app .widget-radio-box { height: auto; width: auto; }
.bl-app .widget-radio-box label {
  display: flex; flex-direction: row-reverse; justify-content: flex-end; align-items: center; gap: 0.6rem;
  min-height: 44px; white-space: normal; line-height: 1.4;
  font-size: 1rem; cursor: pointer;
}
.bl-app .widget-radio-box input[type="radio"] {
  width: 24px; height: 24px; min-width: 24px; margin: 0; cursor: pointer;
}
.bl-app .widget-dropdown { height: auto; flex-wrap: wrap; }
.bl-app .widget-dropdown select { min-height: 44px; font-size: 1rem; max-width: 100%; }
.bl-app .bl-group-section { margin: 0.2rem 0; }
.bl-app .bl-group-toggle .bl-fold-button { padding: 0.6rem 0.75rem; font-size: 1.05rem; }
.bl-app .bl-group-section > .widget-vbox { padding: 0.25rem 0.5rem 0.5rem; }
.bl-app .jupyter-widget-Collapse-header {
  min-height: 44px; padding: 0.6rem 0.75rem; white-space: normal; height: auto;
}
.bl-app .widget-button, .bl-app .widget-toggle-button {
  min-height: 44px; height: auto; width: auto; padding: 0.4rem 1rem; white-space: normal;
}
.bl-app .widget-toggle-buttons { flex-wrap: wrap; height: auto; }
.bl-app .widget-toggle-buttons > div { display: flex; flex-wrap: wrap; }
.bl-app .widget-toggle-buttons .widget-toggle-button { margin: 0.15rem; }
.bl-view-switch [role="group"] { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem; }
.bl-view-switch .bl-view-switch-label { font-weight: bold; margin: 0.25rem 0.5rem 0.25rem 0.15rem; }
.bl-view-switch .bl-view-buttons { display: flex; flex-wrap: wrap; }
.bl-view-switch .bl-view-button { border: 2px solid #5a5a5a; border-radius: 4px; color: #1a1a1a; background: #f3f3f3; }
.bl-view-switch .bl-view-button[aria-pressed="true"] {
  background: #1a4fa0; color: #ffffff; border-color: #1a4fa0; font-weight: bold;
  box-shadow: inset 0 -4px 0 #0b2a5c;
}
.bl-view-switch .bl-view-button[aria-pressed="true"]::before { content: "\\2713\\00a0" / ""; }
@media (forced-colors: active) {
  .bl-view-switch .bl-view-button { border: 2px solid ButtonText; }
  .bl-view-switch .bl-view-button[aria-pressed="true"] {
    forced-color-adjust: none; background: Highlight; color: HighlightText; border: 4px solid CanvasText;
    outline: 2px solid Highlight; outline-offset: 2px;
  }
}
.bl-app :focus-visible, .bl-app input:focus, .bl-app button:focus, .bl-app a:focus,
body[data-voila] a:focus { outline: 3px solid #1a4fa0 !important; outline-offset: 2px; }
.bl-app a { color: #0b4f9c; text-decoration: underline; }
.bl-app h2 { font-size: 1.35rem; } .bl-app h3 { font-size: 1.15rem; }
@media (max-width: 40rem) {
  body[data-voila] .jp-Cell { padding: 0.25rem; }
  .bl-app .bl-banner-widget .bl-banner { font-size: 1rem !important; }
  .bl-app .bl-banner-widget { max-height: 45vh; overflow-y: auto; }
}
@media print { .bl-app .bl-banner-widget { position: static; } }
"""


def app_style() -> Any:
    """An HTML widget carrying :data:`APP_CSS`; display it once above the explorer, inside ``.bl-app``."""
    import ipywidgets as widgets

    style = widgets.HTML(value=f"<style>{APP_CSS}</style>")
    style.add_class("bl-app-style")
    return style


#: The app's views: (value, button label, what the button's tooltip says). This and the views' intros
#: below are user-interface wording (which button to press, where the diary is kept), in code on
#: purpose, not in data/ (docs/architecture.md, "Content in data/, safety wording in code").
VIEWS = (
    ("explorer", "Check my back pain", "Tick what fits and see what to do"),
    ("lessons", "The seven questions", "What the evidence says, with a quiz"),
    ("cases", "Case studies", "Made-up people: how urgent is it?"),
    ("diary", "My pain diary", "Note your pain day by day"),
)

CASES_INTRO = (
    "<h2>Case studies</h2><p>Each case is a made-up person. Read the story, pick how urgent it is, "
    "tick what the person would tick, then press <strong>Compare</strong> to see what backlearn says and why.</p>"
)
DIARY_INTRO = (
    "<h2>My pain diary</h2><p>Note how your back feels each day, then press <strong>Save</strong>. "
    "The diary stays on the computer that runs this page. It shows your week and a chart.</p>"
)


_SWITCH_ESM = """
function render({ model, el }) {
  const group = document.createElement("div");
  group.setAttribute("role", "group");
  const label = document.createElement("span");
  label.className = "bl-view-switch-label";
  label.id = "bl-view-switch-" + Math.random().toString(36).slice(2);
  group.setAttribute("aria-labelledby", label.id);
  const buttons = document.createElement("div");
  buttons.className = "bl-view-buttons";
  group.append(label, buttons);
  const draw = () => {
    label.textContent = model.get("description");
    const tips = model.get("tooltips") || [];
    buttons.replaceChildren(...model.get("options").map(([text, value], index) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "bl-view-button jupyter-button widget-toggle-button";
      button.textContent = text;
      button.dataset.value = value;
      if (tips[index]) { button.title = tips[index]; }
      button.addEventListener("click", () => { model.set("value", value); model.save_changes(); });
      return button;
    }));
    mark();
  };
  const mark = () => {
    for (const button of buttons.children) {
      const chosen = button.dataset.value === model.get("value");
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
      button.classList.toggle("mod-active", chosen);
    }
  };
  model.on("change:value", mark);
  model.on("change:options change:description change:tooltips", draw);
  draw();
  el.classList.add("widget-toggle-buttons");
  el.appendChild(group);
  return () => {
    model.off("change:value", mark);
    model.off("change:options change:description change:tooltips", draw);
  };
}
export default { render };
"""


class ViewSwitch(anywidget.AnyWidget):
    """The app's choice of view: a row of buttons, ``value`` the chosen one's value.

    Like ipywidgets' ToggleButtons, but the chosen button says so to a screen reader
    (``aria-pressed="true"``) and the choice shows in forced-colours mode (APP_CSS), not by a
    shade of grey alone. ``options`` is a list of (label, value) pairs.
    """

    _esm = traitlets.Unicode(_SWITCH_ESM).tag(sync=True)
    options: traitlets.List[Any] = traitlets.List().tag(sync=True)
    value = traitlets.Unicode("").tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    tooltips = traitlets.List(traitlets.Unicode()).tag(sync=True)


def app_page(content: Any = None) -> Any:
    """The whole app page: its style, the region picker, a switch between the views (symptom explorer, the seven
    questions, case studies, pain diary), the views, and under them where to get help (helplines for
    young people and the region's services explained). The explorer shows first; nothing is
    ticked. The seven questions, the case study and the diary are built the first time they are
    chosen (in the region picked by then), so the page has fewer widgets to build when it loads."""
    import ipywidgets as widgets

    from backlearn.content import ContentError
    from backlearn.engine.promises import load_content
    from backlearn.widgets.explorer import SymptomExplorer
    from backlearn.widgets.getting_help import GettingHelp
    from backlearn.widgets.layout import SHOWN
    from backlearn.widgets.region_picker import RegionPicker
    from backlearn.widgets.style import quiet_tooltips

    if content is None:
        try:
            content = load_content()
        except ContentError:  # the teacher's edit broke it: say so plainly (the CLI's validate has the details)
            problem = widgets.HTML(value=CONTENT_PROBLEM_HTML)
            problem.add_class("bl-app")
            return problem
    # The h2 keeps the headings in order under the page's h1 (the advice uses h3).
    explorer = SymptomExplorer(content, title="Tick what fits")
    lessons = widgets.VBox(layout=widgets.Layout(display="none"), _dom_classes=("bl-app-lessons",))
    # The country comes first: it decides the emergency number every answer gives.
    # Where to get help (helplines for young people, the region's services) sits under every view.
    getting_help = GettingHelp(explorer.content)
    region = RegionPicker(explorer.content, follow=(explorer, getting_help))
    cases = widgets.VBox(layout=widgets.Layout(display="none"), _dom_classes=("bl-app-cases",))
    diary = widgets.VBox(layout=widgets.Layout(display="none"), _dom_classes=("bl-app-diary",))
    views: dict[str, Any] = {"explorer": explorer, "lessons": lessons, "cases": cases, "diary": diary}

    def _build(name: str) -> None:
        view = views[name]
        if name == "lessons" and not view.children:
            from backlearn.widgets.lessons import LessonBrowser

            browser = LessonBrowser(explorer.content)  # the explorer's content is in the region picked
            region.follow.append(browser)
            view.children = (quiet_tooltips(browser),)
        elif name == "cases" and not view.children:
            from backlearn.widgets.case_study import CaseStudy

            view.children = (widgets.HTML(value=CASES_INTRO), CaseStudy(explorer.content))
        elif name == "diary" and not view.children:
            from backlearn.widgets.diary_form import DiaryForm

            view.children = (widgets.HTML(value=DIARY_INTRO), DiaryForm())

    switch = ViewSwitch(
        options=[(label, value) for value, label, _tip in VIEWS],
        value="explorer",
        description="Show",
        tooltips=[tip for _value, _label, tip in VIEWS],
    )
    switch.add_class("bl-view-switch")

    def _switch(change: dict[str, Any]) -> None:
        _build(change["new"])
        for name, view in views.items():
            view.layout.display = SHOWN if name == change["new"] else "none"

    switch.observe(_switch, names="value")
    page = widgets.VBox([app_style(), region, switch, explorer, lessons, cases, diary, getting_help])
    page.add_class("bl-app")
    quiet_tooltips(page)
    page.explorer, page.lessons, page.cases, page.diary, page.switch = explorer, lessons, cases, diary, switch
    page.region = region
    page.getting_help = getting_help
    return page

