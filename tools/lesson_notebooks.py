"""Write the seven lesson notebooks (notebooks/01_... to 07_...) from one template,
``tools/lesson_template.md``: the notebooks are generated files, the template and ``data/`` their source.

Every lesson has the same cells: the topic's question, evidence and verdict, the evidence as a
picture, the lesson's own activity, the quiz, the topic's symptom explorer, a made-up person and
the top of what they see, a warning sign that comes first, and a link to the next lesson. The
activity and the quiz come before the made-up person's answers, so nothing gives them away. A
change to that layout is made in the template once, for all seven. Worked answers are in cells tagged
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
every time the notebooks are written. They are read and written with nbformat, which checks them
against the notebook format. Writing keeps each cell's stored outputs, the stored widget
state and the notebook's metadata: only the cells' text is replaced, so nbval still compares the
outputs of the last ``make execute-notebooks`` (which runs this script first).

    python tools/lesson_notebooks.py           # write the notebooks
    python tools/lesson_notebooks.py --check   # exit 1 naming any lesson whose cells differ

``tests/test_notebooks.py`` fails when a committed lesson's cells drift from what this writes, so a
hand edit to one lesson is caught: make it in the template or in ``data/`` instead.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

import nbformat

from backlearn import Content, load_content

REPOSITORY = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPOSITORY / "notebooks"

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

#: The notebook after the last lesson, and its title in the last lesson's "Next" link.
AFTER_THE_LESSONS = ("08_symptom_explorer.ipynb", "The symptom explorer")


#: The template: every lesson's cells, in order, as text (its format is described at its top).
TEMPLATE_FILE = Path(__file__).with_name("lesson_template.md")

#: A cell's first line in the template: ``<!-- cell ID TYPE TAG ... -->``.
_MARKER = re.compile(r"<!-- cell (?P<id>[a-z][a-z-]*) (?P<kind>markdown|code)(?P<tags>(?: [a-z][a-z-]*)*) -->")
#: A code cell's text in the template: one fenced Python block.
_CODE = re.compile(r"```python\n(?P<code>.*)\n```", re.DOTALL)


@dataclass(frozen=True)
class TemplateCell:
    """One cell of the template: its id (its role), its type, its text with ``$name`` places, its tags."""

    id: str
    kind: str
    text: str
    tags: tuple[str, ...]


def read_template(path: Path = TEMPLATE_FILE) -> tuple[TemplateCell, ...]:
    """The template's cells, in order; a cell written wrongly stops the script, naming its line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    markers = [(index, found) for index, line in enumerate(lines) if (found := _MARKER.fullmatch(line))]
    if not markers:
        raise SystemExit(f"{path.name}: no cells (each starts with a line <!-- cell ID TYPE TAG ... -->)")
    ends = [index for index, _ in markers[1:]] + [len(lines)]
    cells: dict[str, TemplateCell] = {}
    for (index, marker), end in zip(markers, ends, strict=True):
        where, cell_id = f"{path.name}:{index + 1}", marker["id"]
        text = "\n".join(lines[index + 1:end]).strip("\n")
        if marker["kind"] == "code":
            code = _CODE.fullmatch(text)
            if code is None:
                raise SystemExit(f"{where}: the code cell '{cell_id}' must be one ```python block")
            text = code["code"]
        if cell_id in cells:
            raise SystemExit(f"{where}: a second cell '{cell_id}'; a cell's id is its role, one per lesson")
        cells[cell_id] = TemplateCell(cell_id, marker["kind"], text, tuple(marker["tags"].split()))
    return tuple(cells.values())


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
        {"id": cell.id, "cell_type": cell.kind, "source": Template(cell.text).substitute(values),
         "tags": list(cell.tags)}
        for cell in read_template()
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
    notebook = nbformat.read(path, as_version=4)
    return [
        {"id": cell.get("id"), "cell_type": cell.cell_type, "source": cell.source,
         "tags": list(cell.metadata.get("tags", []))}
        for cell in notebook.cells
    ]


def write_lesson(content: Content, topic_id: str, path: Path) -> bool:
    """Write one lesson's cells into ``path``, keeping the outputs and metadata of cells that keep
    their id and type; True when the file changed. Written by nbformat, as nbconvert writes it."""
    before = path.read_text(encoding="utf-8") if path.exists() else None
    notebook = (nbformat.reads(before, as_version=4) if before is not None
                else nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC}))
    kept = {cell.get("id"): cell for cell in notebook.cells}
    cells = []
    for spec in lesson_cells(content, topic_id):
        cell = kept.get(spec["id"])
        if cell is None or cell.cell_type != spec["cell_type"]:
            if spec["cell_type"] == "code":
                cell = nbformat.v4.new_code_cell(id=spec["id"])
            else:
                cell = nbformat.v4.new_markdown_cell(id=spec["id"])
        cell.source = spec["source"]
        if spec["tags"]:
            cell.metadata["tags"] = spec["tags"]
        else:
            cell.metadata.pop("tags", None)
        cells.append(cell)
    notebook.cells = cells
    text = nbformat.writes(notebook) + "\n"
    if text == before:
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
