"""Which warning signs reach each level on their own, and which red flags need a combination.

The data behind the lessons' "When to get help today" summary: worked out here by the engine, so
the renderer only formats it (``render.render_red_flag_summary_markdown``).
"""

from __future__ import annotations

from dataclasses import dataclass

from backlearn.content import LEVELS, Content, RedFlag
from backlearn.content.rules import symptom_ids
from backlearn.engine.triage import match_red_flags, symptom_levels

__all__ = ["LevelSigns", "SignAlone", "warning_signs_by_level"]


@dataclass(frozen=True, slots=True)
class SignAlone:
    """A symptom that reaches a level when ticked on its own, and the red flags at that level it
    sets off alone (in the content's order)."""

    symptom: str
    flags: tuple[RedFlag, ...]


@dataclass(frozen=True, slots=True)
class LevelSigns:
    """One level's warning signs: those that reach it alone, and its red flags that no single sign
    reaches (they need a combination of signs)."""

    signs: tuple[SignAlone, ...]
    combinations: tuple[RedFlag, ...]


def warning_signs_by_level(content: Content) -> dict[str, LevelSigns]:
    """Every level's warning signs, keyed by level id (in ``LEVELS`` order); symptoms and red flags
    in the content's order."""
    solo = symptom_levels(content)
    found: dict[str, LevelSigns] = {}
    for level in LEVELS:
        signs = tuple(
            SignAlone(sid, tuple(m.flag for m in match_red_flags({sid}, content) if m.flag.level == level))
            for sid in content.symptoms
            if solo.get(sid) == level
        )
        combinations = tuple(
            flag
            for flag in content.red_flags.values()
            if flag.level == level and not any(solo.get(s) == level for s in symptom_ids(flag.when))
        )
        found[level] = LevelSigns(signs, combinations)
    return found
