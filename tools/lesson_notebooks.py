"""Write the seven lesson notebooks (notebooks/01_... to 07_...) from one template.

Every lesson has the same cells: the topic's question, evidence and verdict, the topic's symptom
explorer, an example person and what they see, a warning sign that comes first, the quiz, and a
link to the next lesson. A change to that layout is made here once, for all seven.

What differs per lesson comes from two places:

- the content (data/topics.yaml): the topic ids, their numbers, notebook file names and questions
  (the next lesson's link text), so nothing the content says is written twice;
- ``LESSONS`` below: each lesson's own prose (its opening line, the example person's story and
  ticks, the warning sign they add), which belongs to the notebook, not to the content.

Each cell's id is its role in the template (``title``, ``explorer``, ...), so it stays the same
every time the notebooks are written. Writing keeps each cell's stored outputs, the stored widget
state and the notebook's metadata: only the cells' text is replaced, so nbval still compares the
outputs of the last ``make execute-notebooks`` (which runs this script first).

    python tools/lesson_notebooks.py           # write the notebooks
    python tools/lesson_notebooks.py --check   # exit 1 naming any lesson whose cells differ

``tests/test_notebooks.py`` fails when a committed lesson's cells drift from what this writes, so a
hand edit to one lesson is caught: make it here instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

from backlearn import Content, load_content

REPOSITORY = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPOSITORY / "notebooks"

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

#: The notebook after the last lesson, and its title in the last lesson's "Next" link.
AFTER_THE_LESSONS = ("08_symptom_explorer.ipynb", "The symptom explorer")


@dataclass(frozen=True)
class Lesson:
    """One lesson's own prose: what the template leaves to each lesson."""

    intro: str
    person: str
    story: str
    ticks: tuple[str, ...]
    warning_tick: str
    warning_story: str
    warning_heading: str = "A warning sign always comes first"


LESSONS: dict[str, Lesson] = {
    "massage_upper_back": Lesson(
        intro="Many people with a sore upper back book a massage. Does it help? Here is what the evidence says.",
        person="Sam",
        story="Sam has a tight, tender spot between the shoulder blades after long days at a desk. "
        "It feels better when Sam moves about.",
        ticks=("between_shoulder_blades", "knot", "after_long_sitting", "better_moving"),
        warning_tick="chest_pain",
        warning_story="Now Sam also ticks **chest pain**. The warning goes to the top at once. The self-care tips "
        "move under it, with a heading that says to get help first.",
    ),
    "massage_while_in_pain": Lesson(
        intro="Is it safe to have a massage while your back hurts? For most people, yes. But some signs mean you "
        "should get checked first.",
        person="Alex",
        story="Alex hurt their lower back lifting a box a few days ago.",
        ticks=("low_back", "after_lifting", "duration_days"),
        warning_tick="fever",
        warning_story="Now Alex also has a **fever**. Back pain with a fever needs a doctor today. Massage is not "
        "the answer now.",
    ),
    "best_massage": Lesson(
        intro="Deep tissue, trigger point, relaxing: is one kind of massage the best for upper back pain?",
        person="Jo",
        story="Jo has sore shoulders and a knot between the shoulder blades after long hours at a laptop. "
        "It is worse after sitting for a long time.",
        ticks=("neck_shoulders", "between_shoulder_blades", "knot", "after_long_sitting", "worse_sitting"),
        warning_tick="tearing_pain",
        warning_story="Now Jo ticks **sudden, tearing pain**. That can be a tear in the body's main blood vessel. "
        "It is an emergency.",
    ),
    "knot_upper_back": Lesson(
        intro='A "knot" is a tight, tender spot in a muscle. What helps it ease?',
        person="Kim",
        story="Kim woke up with a knot between the shoulder blades two days ago. It feels better when Kim moves "
        "about.",
        ticks=("between_shoulder_blades", "knot", "after_sleeping", "better_moving", "duration_days"),
        warning_tick="chest_pain",
        warning_story="Now Kim ticks **chest pain**. A knot and chest pain together is not a knot problem any "
        "more: call your emergency number.",
    ),
    "what_not_to_do": Lesson(
        intro="When your back hurts, what should you avoid? Some common rules have no evidence behind them, "
        "and some useful ones are often missed.",
        person="Chris",
        story="Chris hurt their lower back lifting at work. It hurts more when they move.",
        ticks=("low_back", "after_lifting", "worse_moving"),
        warning_tick="numb_saddle",
        warning_story="Now Chris ticks **numbness around the bottom**. That can mean the nerves at the bottom of "
        "the spine are squeezed. It is an emergency, even though it started with a lift.",
    ),
    "massage_frequency": Lesson(
        intro="The web page says to get a massage at least once a month. Is there evidence for that?",
        person="Pat",
        story="Pat has had low back pain for months. It is slowly getting better.",
        ticks=("low_back", "knot", "duration_over_12_weeks", "getting_better"),
        warning_tick="getting_worse",
        warning_story="Now Pat's pain is **getting worse**. The web page would say: book more massage. The evidence "
        "says: get it checked.",
        warning_heading="Worse pain needs a check",
    ),
    "walking": Lesson(
        intro="Walking is free, and most people can do it. Does it help back pain?",
        person="Lee",
        story="Lee has had a stiff lower back for three weeks. It feels better when Lee keeps moving.",
        ticks=("low_back", "stiffness", "better_moving", "duration_2_to_6_weeks"),
        warning_tick="swollen_calf",
        warning_story="Now Lee ticks **a painful, swollen calf**. That can be a blood clot. Walking advice is held "
        "back until a doctor has checked it.",
    ),
}

#: The template: (id, cell type, text, tags). ``$name`` is filled in per lesson (see ``_values``).
#: Cells tagged ``teacher`` are left out of the learners' edition (``make learner-notebooks``).
TEMPLATE: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("title", "markdown", """\
# $number. The question, the evidence and the verdict

$intro

> **Please note:** this is education, not diagnosis. backlearn cannot tell what is causing your pain. \
If you are worried, or the pain is bad or getting worse, talk to a doctor, nurse or physiotherapist. \
In an emergency, call the emergency number for your region: the note under each tool names it.

**How to use this notebook:** run each cell in turn (press **Shift + Enter**), or use *Run > Run All Cells*.
You do not need to change any code. Tick boxes in the widget to see what fits you.""", ()),
    ("topic", "code", """\
from IPython.display import Markdown

from backlearn import QuizWidget, TopicExplorer, load_content, render_topic_markdown

content = load_content()
topic = content.topics["$topic"]
Markdown(render_topic_markdown(topic, content))""", ()),
    ("try-it", "markdown", """\
## Try it yourself

Open a group and tick what fits you. The coloured banner at the top tells you how urgent it is, in colour \
**and** in words.
Under it you see advice that matches what you ticked, with **why** it matched and the evidence behind it,
and checklists you can tick as you go.

Every warning sign is there too, in the groups headed *Warning signs*. They start folded: open them and tick \
any that fit, so the banner can tell you if you need help first.""", ()),
    ("explorer", "code", """\
explorer = TopicExplorer("$topic", content)
explorer""", ()),
    ("example-story", "markdown", """\
### What a learner sees

$story Here is what $person sees:""", ()),
    ("example", "code", """\
explorer.value = $ticks
print(explorer.text)""", ()),
    ("warning-story", "markdown", """\
### $warning_heading

$warning_story""", ()),
    ("warning", "code", """\
explorer.value = explorer.value + ("$warning_tick",)
print(explorer.brief)""", ()),
    ("untick-story", "markdown", "Untick it, and the view goes back to what it was:", ()),
    ("untick", "code", """\
explorer.value = $ticks
print(explorer.brief)""", ()),
    ("clear-story", "markdown", "Clear the ticks, so the widget above is ready for you:", ()),
    ("clear", "code", """\
explorer.value = ()
print(explorer.brief)""", ()),
    ("quiz-intro", "markdown", """\
## Check your understanding

Pick an answer, then press **Check**. You will see if you are right, why, and where the evidence comes from.""", ()),
    ("quiz", "code", """\
quiz = QuizWidget("$topic", content)
quiz""", ()),
    ("example-answer-intro", "markdown", """\
### An example answer

*Spoiler for question 1.* Here is what a learner sees after picking the first choice for question 1
(in a copy of the quiz, so yours above stays blank):""", ("teacher",)),
    ("example-answer", "code", """\
example = QuizWidget("$topic", content)
example.answer(1, 0)
print(example.text)""", ("teacher",)),
    ("score-intro", "markdown", """\
## Your score

Your score updates here as you check your answers above.""", ()),
    ("score", "code", """\
print(quiz.summary)
quiz.score""", ()),
    ("next", "markdown", """\
---
**Next:** [$next_title]($next_notebook) · **Back to the start:** [Start here](00_start_here.ipynb)""", ()),
)


def _values(content: Content, topic_id: str) -> dict[str, str]:
    """What fills the template in for one lesson: the topic's own data, then the lesson's prose."""
    topics = sorted(content.topics.values(), key=lambda t: t.number)
    index = [t.id for t in topics].index(topic_id)
    topic, lesson = topics[index], LESSONS[topic_id]
    following = topics[index + 1] if index + 1 < len(topics) else None
    next_notebook, next_title = (following.notebook, following.question) if following else AFTER_THE_LESSONS
    return {
        "number": str(topic.number),
        "topic": topic.id,
        "next_notebook": next_notebook,
        "next_title": next_title,
        "intro": lesson.intro,
        "person": lesson.person,
        "story": lesson.story,
        "ticks": repr(lesson.ticks),
        "warning_heading": lesson.warning_heading,
        "warning_story": lesson.warning_story,
        "warning_tick": lesson.warning_tick,
    }


def lesson_cells(content: Content, topic_id: str) -> list[dict[str, Any]]:
    """The cells of one lesson as the template writes them: id, type, text and tags (no outputs)."""
    values = _values(content, topic_id)
    return [
        {"id": cell_id, "cell_type": kind, "source": Template(text).substitute(values), "tags": list(tags)}
        for cell_id, kind, text, tags in TEMPLATE
    ]


def lesson_paths(content: Content) -> dict[str, Path]:
    """Each topic's lesson notebook; every topic needs its prose in LESSONS and nothing else may be there."""
    missing, extra = set(content.topics) - set(LESSONS), set(LESSONS) - set(content.topics)
    if missing or extra:
        raise SystemExit(f"lesson_notebooks: LESSONS must have one entry per topic in the content; "
                         f"missing {sorted(missing)}, not a topic {sorted(extra)}")
    return {topic.id: NOTEBOOKS / topic.notebook for topic in content.topics.values()}


def committed_cells(path: Path) -> list[dict[str, Any]]:
    """A notebook's cells as ``lesson_cells`` gives them, to compare."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [
        {"id": cell.get("id"), "cell_type": cell["cell_type"], "source": "".join(cell["source"]),
         "tags": list(cell.get("metadata", {}).get("tags", []))}
        for cell in notebook["cells"]
    ]


def write_lesson(content: Content, topic_id: str, path: Path) -> bool:
    """Write one lesson's cells into ``path``, keeping the outputs and metadata of cells that keep
    their id and type; True when the file changed. Written as nbformat and nbconvert write it."""
    old: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {
        "cells": [], "metadata": {"kernelspec": KERNELSPEC}, "nbformat": 4, "nbformat_minor": 5}
    kept = {cell.get("id"): cell for cell in old["cells"]}
    cells = []
    for spec in lesson_cells(content, topic_id):
        cell = kept.get(spec["id"])
        if cell is None or cell["cell_type"] != spec["cell_type"]:
            cell = {"cell_type": spec["cell_type"], "id": spec["id"], "metadata": {}}
            if spec["cell_type"] == "code":
                cell.update(execution_count=None, outputs=[])
        cell["source"] = spec["source"].splitlines(keepends=True)
        if spec["tags"]:
            cell["metadata"]["tags"] = spec["tags"]
        else:
            cell["metadata"].pop("tags", None)
        cells.append(cell)
    old["cells"] = cells
    text = json.dumps(old, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the seven lesson notebooks from one template.")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a lesson's cells differ")
    args = parser.parse_args(argv)
    content = load_content(REPOSITORY / "data")  # the shipped content, whatever $BACKLEARN_CONTENT says
    drifted = []
    for topic_id, path in lesson_paths(content).items():
        if args.check:
            if not path.exists() or committed_cells(path) != lesson_cells(content, topic_id):
                drifted.append(path.name)
        elif write_lesson(content, topic_id, path):
            print(f"wrote {path.relative_to(REPOSITORY)}")
    if drifted:
        print(f"lesson_notebooks: the cells of {', '.join(drifted)} differ from the template; "
              "run python tools/lesson_notebooks.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
