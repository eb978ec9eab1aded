"""Slides for the projector, one deck per lesson plan, made from the same content as the pack.

Each deck is one self-contained HTML file (no script, no font or picture from the network), so it
opens offline from the pack folder in any browser. Slides are full-screen sections with scroll
snapping: Page Down, Space or the down arrow go to the next slide, Page Up to the one before;
F11 makes it full screen. Printed, each slide is a page. The layout is ``templates/slides.html.j2``
(through :mod:`backlearn.pages`, autoescaped), its style sheet ``assets/slides.css``; the four levels
and the demo are the poster's and the lesson plan's (``pack/_levels.py``).
"""

from __future__ import annotations

from backlearn.content import Lesson
from backlearn.content.teaching import TeachingContent
from backlearn.pack._levels import demo_steps, level_boxes
from backlearn.pages import render_page

__all__ = ["GROUND_RULES", "build_slides", "lesson_slides", "slide_names"]

GROUND_RULES = (
    "Today we talk about made-up people only, never about ourselves.",
    "Anyone may pass.",
    "No one shares their own health in class.",
    "Worried about your own back or body? Talk to me or the school nurse after the lesson.",
)


def slide_names(lesson: Lesson) -> list[str]:
    """The slides a lesson's deck has, in order (tests and the teaching guide use these)."""
    names = ["title", "starter"]
    if lesson.baseline is not None:
        names.append("baseline")
    names += ["ground rules", "four levels"]
    if lesson.demo:
        names.append("demo")
    if lesson.cases:
        names.append("cases")
    names += ["signposting", "plenary"]
    return names


def lesson_slides(lesson: Lesson, teaching: TeachingContent) -> str:
    """The deck for one lesson as a complete HTML page: starter, the four levels, the
    signposting slide and the plenary, with the demo, cards and baseline where the plan has them."""
    from backlearn.safeguarding import load_safeguarding

    content = teaching.content
    parts = load_safeguarding(content)
    region = content.region or content.regions.get("uk")
    number = {case_id: n for n, case_id in enumerate(content.cases, start=1)}  # as the app numbers them
    plenary = [p.question for p in lesson.exit_ticket]
    if lesson.baseline is not None:
        plenary.append(f"Back to the start: {lesson.baseline.question}")
    return render_page(
        "slides.html.j2", lesson=lesson, starter=lesson.timings[0], ground_rules=GROUND_RULES,
        boxes=level_boxes(teaching), demo=demo_steps(lesson, content),
        cards=[f"Case {number[c]}: {content.cases[c].name}, {content.cases[c].title}" for c in lesson.cases],
        helplines="; ".join(h.line for h in parts.part.helplines),
        emergency=region.values["emergency_number"] if region is not None else "",
        plenary=plenary,
    )


def build_slides(teaching: TeachingContent) -> dict[str, str]:
    """Every lesson's deck by file name (slides-<lesson>.html)."""
    return {f"slides-{lesson.id.replace('_', '-')}.html": lesson_slides(lesson, teaching)
            for lesson in teaching.lessons.values()}
