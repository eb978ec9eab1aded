"""backlearn: evidence-checked, interactive lessons about back pain.

Education, not diagnosis. The public API:

- ``load_content(path=None)``: the validated content (``$BACKLEARN_CONTENT`` or the shipped data).
- ``assess(symptom_ids, content=None)``: triage, red flags, guidance and checklists, each with why.
- ``render_text``, ``render_markdown``, ``render_html``, ``render_json``, ``to_dict``: one rendering
  shared by the notebooks, the app and the CLI.
"""

from backlearn.assessment import DISCLAIMER, Assessment, UnknownSymptomError, assess
from backlearn.content import LEVELS, Content, ContentError, Problem, load_content
from backlearn.render import (
    render_banner_html,
    render_details_html,
    render_html,
    render_json,
    render_markdown,
    render_text,
    to_dict,
)
from backlearn.triage import symptom_levels

__version__ = "0.1.0"

__all__ = [
    "DISCLAIMER",
    "LEVELS",
    "Assessment",
    "Content",
    "ContentError",
    "Problem",
    "UnknownSymptomError",
    "__version__",
    "assess",
    "load_content",
    "render_banner_html",
    "render_details_html",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "symptom_levels",
    "to_dict",
]
