"""The views: thin ipywidgets layers over the pure logic, their state in widget values.

One module per family: ``explorer`` (symptom chooser, banner, guidance, checklists, sources, the
plan bar), ``quiz``, ``case_study``, ``diary_form``, ``lessons``, ``region_picker``, ``diagram``
(the back diagram), ``fold_button`` and ``style`` (the widgets' CSS). Logic modules never import
these; the notebooks take them from ``backlearn`` (loaded on first use).
"""

from backlearn.widgets.explorer import (
    ChecklistPanel,
    Explorer,
    ExportBar,
    GuidancePanel,
    SourcesPanel,
    SymptomChooser,
    SymptomExplorer,
    TopicExplorer,
    TriageBanner,
    disclaimer,
)

__all__ = [
    "ChecklistPanel",
    "Explorer",
    "ExportBar",
    "GuidancePanel",
    "SourcesPanel",
    "SymptomChooser",
    "SymptomExplorer",
    "TopicExplorer",
    "TriageBanner",
    "disclaimer",
]
