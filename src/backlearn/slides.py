"""Slides for the projector, one deck per lesson plan, made from the same content as the pack.

Each deck is one self-contained HTML file (no script, no font or picture from the network), so it
opens offline from the pack folder in any browser. Slides are full-screen sections with scroll
snapping: Page Down, Space or the down arrow go to the next slide, Page Up to the one before;
F11 makes it full screen. Printed, each slide is a page.
"""

from __future__ import annotations

from html import escape

from backlearn.content import LEVELS, Lesson
from backlearn.content.teaching import TeachingContent

__all__ = ["GROUND_RULES", "build_slides", "lesson_slides", "slide_names"]

GROUND_RULES = (
    "Today we talk about made-up people only, never about ourselves.",
    "Anyone may pass.",
    "No one shares their own health in class.",
    "Worried about your own back or body? Talk to me or the school nurse after the lesson.",
)

_CSS = """
* { box-sizing: border-box; }
html { scroll-snap-type: y mandatory; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
       color: #111; background: #222; }
body { margin: 0; }
.slide { height: 100vh; width: 100vw; scroll-snap-align: start; scroll-snap-stop: always; overflow: hidden;
         padding: 4vh 6vw 9vh; background: #fff; position: relative; border-bottom: 4px solid #222;
         font-size: 3.4vh; line-height: 1.35; }
.slide h1 { font-size: 6.5vh; margin: 0 0 3vh; color: #123; }
.slide h2 { font-size: 5.4vh; margin: 0 0 2.5vh; color: #123; }
.slide li { margin-bottom: 1.2vh; }
.slide .big { font-size: 4.6vh; font-weight: bold; }
.slide .note { color: #444; font-size: 2.8vh; }
.slide footer { position: absolute; left: 6vw; right: 6vw; bottom: 2vh; font-size: 2.3vh; color: #444;
                border-top: 1px solid #bbb; padding-top: 0.8vh; display: flex; justify-content: space-between; }
.levels { display: grid; grid-template-columns: 1fr 1fr; gap: 2vh 2vw; }
.level { border: 0.6vh solid #555; border-radius: 1.5vh; padding: 0.8vh 1.5vw; font-size: 2.5vh; line-height: 1.25; }
.level h3 { margin: 0 0 0.5vh; font-size: 3.3vh; } .level p { margin: 0.5vh 0; }
.slide[data-slide='four levels'] h2 { margin-bottom: 1.5vh; }
.slide[data-slide='cases'] ul { columns: 2; column-gap: 4vw; font-size: 2.6vh; }
.slide[data-slide='cases'] li { margin-bottom: 0.6vh; break-inside: avoid; }
.level ul { margin: 0.5vh 0; padding-left: 3vh; } .level li { margin-bottom: 0.3vh; }
.level-emergency { border-color: #b00020; } .level-emergency h3 { color: #b00020; }
.level-urgent { border-color: #c25e00; } .level-urgent h3 { color: #8a4300; }
.level-soon { border-color: #2c5d8f; } .level-soon h3 { color: #2c5d8f; }
.level-self_care { border-color: #1b6e3a; } .level-self_care h3 { color: #1b6e3a; }
.title { background: #123; color: #fff; } .title h1 { color: #fff; font-size: 8vh; } .title footer { color: #ddd; }
@media print { html { scroll-snap-type: none; background: #fff; }
               .slide { height: auto; min-height: 0; break-after: page; border: none; } }
"""


def _list(items: object) -> str:
    return "<ul>" + "".join(f"<li>{escape(str(i))}</li>" for i in items) + "</ul>"  # type: ignore[attr-defined]


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
    from backlearn.engine.triage import symptom_levels
    from backlearn.safeguarding import load_safeguarding

    content, poster = teaching.content, teaching.poster
    parts = load_safeguarding(content)
    helplines = "; ".join(h.line for h in parts.part.helplines)
    region = content.region or content.regions.get("uk")
    emergency = region.values["emergency_number"] if region is not None else ""
    number = {case_id: n for n, case_id in enumerate(content.cases, start=1)}  # as the app numbers them

    def fill(text: str) -> str:
        return region.fill(text) if region is not None else text
    footer = (f"<footer><span>Education, not diagnosis. Made-up people only.</span>"
              f"<span>Worried about anything? {escape(helplines)}</span></footer>")

    def slide(body: str, name: str, extra: str = "") -> str:
        return f"<section class='slide {extra}' data-slide='{escape(name)}'>{body}{footer}</section>"

    levels = symptom_levels(content)
    actions = dict(poster.actions)
    boxes = ""
    for level in reversed(LEVELS):
        info = content.levels[level]
        # A few signs each: the slide is read from the back of the room; the poster has them all.
        signs = [content.symptoms[s].label for s in poster.signs if levels.get(s) == level][:3]
        action = fill(actions[level]) if level in actions else info.action
        boxes += (f"<div class='level level-{level}'><h3>{escape(info.label)}</h3>"
                  + (_list(signs) if signs else "") + f"<p><strong>{escape(action)}</strong></p></div>")
    starter = lesson.timings[0]
    slides = [
        slide(f"<h1>{escape(lesson.title)}</h1><p class='big'>{escape(lesson.summary)}</p>"
              "<h2>Today I can</h2>" + _list(lesson.success_criteria or lesson.objectives), "title", "title"),
        slide(f"<h2>{escape(starter.activity)}</h2><p class='big'>{escape(starter.details)}</p>", "starter"),
    ]
    if lesson.baseline is not None:
        slides.append(slide(
            "<h2>Before we start: on your own</h2>"
            f"<p class='big'>{escape(lesson.baseline.question)}</p>"
            "<p class='note'>Write your answer down. We will answer it again at the end.</p>", "baseline"))
    slides.append(slide("<h2>Ground rules</h2>" + _list(GROUND_RULES), "ground rules"))
    slides.append(slide(f"<h2>The four levels of help</h2><div class='levels'>{boxes}</div>", "four levels"))
    if lesson.demo:
        steps = "".join(
            "<li>Tick: " + escape("; ".join(content.symptoms[s].label for s in step.ticks))
            + f"<br><strong>The explorer shows: {escape(content.levels[step.level].label)}</strong></li>"
            for step in lesson.demo
        )
        slides.append(slide(f"<h2>Watch the explorer</h2><ol>{steps}</ol>"
                            "<p class='note'>Predict the level before each step.</p>", "demo"))
    if lesson.cases:
        cards = [f"Case {number[c]}: {content.cases[c].name}, {content.cases[c].title}"
                 for c in lesson.cases]
        slides.append(slide("<h2>Your cards</h2>" + _list(cards)
                            + "<p class='note'>Pick a level for each, and write the words that decided it.</p>",
                            "cases"))
    slides.append(slide(
        "<h2>Who to talk to</h2>"
        + _list([
            "Worried about your own back or body: the school nurse, me, or an adult you trust.",
            f"A warning sign in the emergency box: call {emergency} now.",
            f"Worried about something else: {helplines}. Free and confidential.",
        ]), "signposting"))
    plenary = [p.question for p in lesson.exit_ticket]
    if lesson.baseline is not None:
        plenary.append(f"Back to the start: {lesson.baseline.question}")
    slides.append(slide("<h2>Exit ticket</h2>" + "<ol>" + "".join(f"<li>{escape(q)}</li>" for q in plenary)
                        + "</ol><p class='note'>On your own, on the slip. Hand it in at the door.</p>",
                        "plenary"))
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Slides: {escape(lesson.title)}</title><style>{_CSS}</style></head>"
        f"<body><main>{''.join(slides)}</main></body></html>\n"
    )


def build_slides(teaching: TeachingContent) -> dict[str, str]:
    """Every lesson's deck by file name (slides-<lesson>.html)."""
    return {f"slides-{lesson.id.replace('_', '-')}.html": lesson_slides(lesson, teaching)
            for lesson in teaching.lessons.values()}
