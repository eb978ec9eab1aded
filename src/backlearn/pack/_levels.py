"""What the red-flag poster and the lesson slides both show: the four levels of help, each with its
warning signs and what to do, and the projector demo's steps, in the words of the pack's region."""

from __future__ import annotations

from typing import Any

from backlearn.content import LEVELS, Content, Lesson
from backlearn.content.teaching import TeachingContent

__all__ = ["demo_steps", "fill", "level_boxes"]


def fill(text: str, content: Content) -> str:
    """Text of pack.yaml with the region's placeholders ({emergency_number}, ...) filled in (the
    UK's when no region is chosen)."""
    region = content.region or content.regions.get("uk")
    return region.fill(text) if region is not None else text


def level_boxes(teaching: TeachingContent) -> list[dict[str, Any]]:
    """The four levels, least urgent last: each level's id, name and headline, the poster's warning
    signs that need it (none for self-care) and what to do, in the poster's words for a wall."""
    from backlearn.engine.triage import symptom_levels

    content, poster = teaching.content, teaching.poster
    levels = symptom_levels(content)
    actions = dict(poster.actions)
    return [
        {"level": level, "label": content.levels[level].label, "headline": content.levels[level].headline,
         "signs": [content.symptoms[s].label for s in poster.signs if levels.get(s) == level],
         "action": fill(actions[level], content) if level in actions else content.levels[level].action}
        for level in reversed(LEVELS)
    ]


def demo_steps(lesson: Lesson, content: Content) -> list[dict[str, Any]]:
    """The projector demo, step by step: the boxes to tick and the level the explorer then shows."""
    return [{"ticks": [content.symptoms[s].label for s in step.ticks], "level": content.levels[step.level].label}
            for step in lesson.demo]
