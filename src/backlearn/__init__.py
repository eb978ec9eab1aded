"""backlearn: evidence-checked, interactive lessons about back pain.

Education, not diagnosis. The public API:

- ``load_content(path=None)``: the validated content (``$BACKLEARN_CONTENT`` or the shipped data).
- ``assess(symptom_ids, content=None)``: triage, red flags, guidance and checklists, each with why.
- ``sections(assessment)``: the answer as one ordered list of ``Section``s, which
  ``render_text``, ``render_markdown``, ``render_html``, ``render_json`` and ``to_dict`` (and the
  widgets and plans) only format, for the notebooks, the app and the CLI alike; ``render_topic_markdown`` and
  ``render_red_flag_summary_markdown`` for the lessons.
- Widgets for the notebooks and the app: ``SymptomExplorer`` (``Explorer`` with the back diagram), ``TopicExplorer``,
  ``SymptomChooser``, ``TriageBanner``, ``GuidancePanel``, ``ChecklistPanel``, ``SourcesPanel``, ``ExportBar``,
  ``QuizWidget``, ``LessonBrowser``, ``CaseStudy``, ``DiaryForm``, ``RegionPicker`` (the country,
  chosen once); plans: ``plan``, ``save_plan``; case studies:
  ``case_table``, ``case_table_text``, ``tally_cases``; the pain diary: ``read_diary``, ``add_entry``,
  ``DiaryEntry``, ``DiaryError``, ``weekly_summary``, ``walking_and_pain``, ``summary_text``, ``plot_diary``,
  ``example_diary_path``, ``practice_diary`` (a copy of it to practise on); ``download_link_html`` (a file
  to download, in the course's web version).

The widget, plan, case and diary names are imported on first use, so ``import backlearn`` (and
the CLI) stays free of ipywidgets and pandas.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from backlearn.content import LEVELS, Content, ContentError, Problem
from backlearn.engine.assessment import Assessment, UnknownSymptomError, assess
from backlearn.engine.promises import load_content
from backlearn.engine.safety_wording import DISCLAIMER
from backlearn.engine.triage import symptom_levels
from backlearn.render import (
    render_banner_html,
    render_brief,
    render_details_html,
    render_html,
    render_json,
    render_markdown,
    render_red_flag_summary_markdown,
    render_text,
    to_dict,
)
from backlearn.sections import Section, sections
from backlearn.topic_pages import render_topic_html, render_topic_markdown

__version__ = "0.1.0"

#: Public names that live in modules with heavy imports, loaded when first asked for.
_LAZY = {
    "ChecklistPanel": "backlearn.widgets.panels",
    "Explorer": "backlearn.widgets.explorer",
    "ExportBar": "backlearn.widgets.plan_bar",
    "GuidancePanel": "backlearn.widgets.panels",
    "SourcesPanel": "backlearn.widgets.panels",
    "SymptomChooser": "backlearn.widgets.chooser",
    "SymptomExplorer": "backlearn.widgets.explorer",
    "TopicExplorer": "backlearn.widgets.explorer",
    "TriageBanner": "backlearn.widgets.panels",
    "QuizWidget": "backlearn.widgets.quiz",
    "LessonBrowser": "backlearn.widgets.lessons",
    "CaseStudy": "backlearn.widgets.case_study",
    "case_table": "backlearn.cases",
    "case_table_text": "backlearn.cases",
    "tally_cases": "backlearn.cases",
    "plan": "backlearn.export",
    "save_plan": "backlearn.export",
    "DiaryEntry": "backlearn.diary",
    "DiaryError": "backlearn.diary",
    "add_entry": "backlearn.diary",
    "read_diary": "backlearn.diary",
    "weekly_summary": "backlearn.diary_summary",
    "example_diary_path": "backlearn.diary",
    "practice_diary": "backlearn.diary",
    "plot_diary": "backlearn.diary_summary",
    "summary_text": "backlearn.diary_summary",
    "walking_and_pain": "backlearn.diary_summary",
    "DiaryForm": "backlearn.widgets.diary_form",
    "RegionPicker": "backlearn.widgets.region_picker",
    "GettingHelp": "backlearn.widgets.getting_help",
    "download_link_html": "backlearn.downloads",
    "LessonActivity": "backlearn.widgets.activities",
    "evidence_chart": "backlearn.charts",
    "evidence_html": "backlearn.charts",
    "evidence_notes_markdown": "backlearn.charts",
}

__all__ = [
    "DISCLAIMER",
    "LEVELS",
    "Assessment",
    "Content",
    "ContentError",
    "Problem",
    "Section",
    "UnknownSymptomError",
    "__version__",
    "assess",
    "load_content",
    "render_banner_html",
    "render_brief",
    "render_details_html",
    "render_html",
    "render_json",
    "render_markdown",
    "render_red_flag_summary_markdown",
    "render_text",
    "render_topic_html",
    "render_topic_markdown",
    "sections",
    "symptom_levels",
    "to_dict",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'backlearn' has no attribute '{name}'")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
