"""Write the seven lesson notebooks (notebooks/01_... to 07_...) from one template.

Every lesson has the same cells: the topic's question, evidence and verdict, the evidence as a
picture, the lesson's own activity, the quiz, the topic's symptom explorer, a made-up person and
the top of what they see, a warning sign that comes first, and a link to the next lesson. The
activity and the quiz come before the made-up person's answers, so nothing gives them away. A
change to that layout is made here once, for all seven. Worked answers are in cells tagged
``teacher``, which leave the learners' edition (``make learner-notebooks``). Cells tagged
``class-mode`` speak to learners in class (they tick for a made-up person) and cells tagged
``self-mode`` to learners at home (their own back); the learners' edition keeps one of the two
(``make learner-notebooks MODE=class`` or ``MODE=self``), the teacher edition shows both.

What differs per lesson comes from the content, which a teacher edits and ``backlearn validate``
checks, so nothing is written twice and no lesson's words live in Python:

- data/topics.yaml: the topic ids, their numbers, notebook file names and questions (the next
  lesson's link text);
- data/lesson_pages.yaml: each lesson's own words (its opening line, the made-up person's story and
  ticks, the warning sign they add) and its activity;
- data/evidence.yaml: the numbers its chart draws (``backlearn.charts``).

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
from pathlib import Path
from string import Template
from typing import Any

from backlearn import Content, load_content

REPOSITORY = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPOSITORY / "notebooks"

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

#: The notebook after the last lesson, and its title in the last lesson's "Next" link.
AFTER_THE_LESSONS = ("08_symptom_explorer.ipynb", "The symptom explorer")


#: The template: (id, cell type, text, tags). ``$name`` is filled in per lesson (see ``_values``).
#: Cells tagged ``teacher`` are left out of the learners' edition (``make learner-notebooks``).
TEMPLATE: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("title", "markdown", """\
# $number. The question, the evidence and the verdict

$intro

> **Please note:** this is education, not diagnosis. If you are worried, or the pain is bad or getting \
worse, talk to a doctor, nurse or physio. In an emergency, call your emergency number: the note under \
each tool names it.

**How to use this notebook:** press **Shift + Enter** to run each cell, or use *Run > Run All Cells*.
You do not need to change any code.""", ()),
    ("topic", "code", """\
from IPython.display import HTML, Markdown

from backlearn import (LessonActivity, QuizWidget, TopicExplorer, assess, evidence_html,
                       evidence_notes_markdown, load_content, render_text, render_topic_markdown, sections)

content = load_content()
topic = content.topics["$topic"]
Markdown(render_topic_markdown(topic, content, words=""))""", ()),
    ("evidence-intro", "markdown", """\
## The evidence as a picture

What did the tests find? Each bar or dot comes from a study in the sources above.""", ()),
    ("evidence", "code", """\
HTML(evidence_html("$topic", content))""", ()),
    ("evidence-notes", "code", """\
Markdown(evidence_notes_markdown("$topic", content))""", ()),
    ("activity-intro", "markdown", """\
## Your turn""", ()),
    ("activity-class", "markdown", """\
$in_class""", ("class-mode",)),
    ("activity-self", "markdown", """\
$at_home""", ("self-mode",)),
    ("activity", "code", """\
activity = LessonActivity("$topic", content)
activity""", ()),
    ("activity-answer-intro", "markdown", """\
### The answers

*For the teacher.* What the activity says when every answer is right:""", ("teacher",)),
    ("activity-answer", "code", """\
example_activity = LessonActivity("$topic", content)
print(example_activity.solve().text)""", ("teacher",)),
    ("quiz-intro", "markdown", """\
## Check your understanding

Pick an answer, then press **Check**. You will see if you are right, and why.""", ()),
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
    ("try-it", "markdown", """\
## Try the explorer

The banner at the top says how urgent it is, in colour **and** in words. Open the *Warning signs* \
groups too.""", ()),
    ("try-it-class", "markdown", """\
In class, you tick for a made-up person, never for yourself. Tick what fits **$person**: $story""", ("class-mode",)),
    ("try-it-self", "markdown", """\
Tick what fits your own back. If it does not hurt now, tick for **$person** instead: $story""", ("self-mode",)),
    ("explorer", "code", """\
explorer = TopicExplorer("$topic", content)
explorer""", ()),
    ("example-story", "markdown", """\
### What $person sees

Here is the top of what $person sees (the explorer above stays as you left it):""", ()),
    ("example", "code", """\
ticks = $ticks
banner = sections(assess(ticks, content))[0]
print(banner.heading, banner.intro, sep="\\n")""", ()),
    ("example-full", "code", """\
print(render_text(assess(ticks, content)))""", ("teacher",)),
    ("warning-story", "markdown", """\
### $warning_heading

$warning_story""", ()),
    ("warning", "code", """\
banner = sections(assess(ticks + ("$warning_tick",), content))[0]
print(banner.heading, banner.intro, *(f"! {sign.lead}" for sign in banner.entries), sep="\\n")""", ()),
    ("next", "markdown", """\
---
**Next:** [$next_title]($next_notebook) · **Back to the start:** [Start here](00_start_here.ipynb)""", ()),
)


def _values(content: Content, topic_id: str) -> dict[str, str]:
    """What fills the template in for one lesson: the topic's own data, then the lesson's prose."""
    topics = sorted(content.topics.values(), key=lambda t: t.number)
    index = [t.id for t in topics].index(topic_id)
    topic, lesson = topics[index], content.lesson_pages[topic_id]
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
        "in_class": lesson.in_class,
        "at_home": lesson.at_home,
    }


def lesson_cells(content: Content, topic_id: str) -> list[dict[str, Any]]:
    """The cells of one lesson as the template writes them: id, type, text and tags (no outputs)."""
    values = _values(content, topic_id)
    return [
        {"id": cell_id, "cell_type": kind, "source": Template(text).substitute(values), "tags": list(tags)}
        for cell_id, kind, text, tags in TEMPLATE
    ]


def lesson_paths(content: Content) -> dict[str, Path]:
    """Each topic's lesson notebook; every topic needs its page in lesson_pages.yaml (which
    ``backlearn validate`` checks: one page per topic, each a topic's)."""
    missing = sorted(set(content.topics) - set(content.lesson_pages))
    if missing:
        raise SystemExit(f"lesson_notebooks: data/lesson_pages.yaml has no page for {', '.join(missing)}")
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
