"""The engine: ticked symptoms in, an explained assessment out. Pure functions over the content.

It reads one way: ``triage`` (which red flags match, the level, the screening questions), then
``match`` (guidance and checklists, and what is held back), then ``assessment`` (``assess``, which
puts it all together). The rule language the red flags are written in is ``backlearn.content.rules``.
``promises`` checks, as content is loaded, what the engine promises about it (its ``load_content``
is ``backlearn.load_content``).
"""

from backlearn.engine.assessment import DISCLAIMER, Assessment, UnknownSymptomError, assess, check_symptoms
from backlearn.engine.promises import load_content
from backlearn.engine.triage import match_red_flags, symptom_levels, triage_level

__all__ = [
    "DISCLAIMER",
    "Assessment",
    "UnknownSymptomError",
    "assess",
    "check_symptoms",
    "load_content",
    "match_red_flags",
    "symptom_levels",
    "triage_level",
]
