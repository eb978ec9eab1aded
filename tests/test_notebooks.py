"""The notebooks as documentation: one per topic, thin, public API only, committed executed."""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

import backlearn

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))
REQUIRED = [
    "00_start_here.ipynb",
    "08_symptom_explorer.ipynb",
    "09_case_studies.ipynb",
    "10_pain_diary.ipynb",
]


def _cells(path: Path, kind: str) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == kind]


def test_every_topic_has_its_notebook(content):
    names = {p.name for p in ALL}
    for topic in content.topics.values():
        assert topic.notebook in names, f"topic '{topic.id}' names {topic.notebook}, which is not in notebooks/"
        assert topic.notebook.startswith(f"{topic.number:02d}_"), topic.notebook
        code = "\n".join(_cells(NOTEBOOKS / topic.notebook, "code"))
        assert f'TopicExplorer("{topic.id}"' in code and f'QuizWidget("{topic.id}"' in code


@pytest.mark.parametrize("name", REQUIRED)
def test_the_other_notebooks_exist(name):
    assert (NOTEBOOKS / name).exists()


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_notebooks_use_only_the_public_api(path):
    for source in _cells(path, "code"):
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("backlearn."), f"{path.name}: import {alias.name}"
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("backlearn"):
                assert node.module == "backlearn", f"{path.name}: from {node.module} import ..."
                for alias in node.names:
                    assert alias.name in backlearn.__all__, f"{path.name}: {alias.name} is not public"
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "backlearn":
                assert node.attr in backlearn.__all__, f"{path.name}: backlearn.{node.attr}"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_notebooks_say_education_not_diagnosis(path):
    assert any("education, not diagnosis" in text for text in _cells(path, "markdown")), path.name


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_notebooks_are_committed_executed_without_errors(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code, path.name
    counts = [c["execution_count"] for c in code]
    assert all(counts), f"{path.name}: run `make execute-notebooks` and commit the outputs"
    assert counts == sorted(counts), f"{path.name}: cells were run out of order"
    for cell in code:
        assert all(o.get("output_type") != "error" for o in cell["outputs"]), path.name


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_notebooks_stay_thin(path):
    """Logic lives in the library: no function or class definitions in notebooks."""
    for source in _cells(path, "code"):
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
        defs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)]
        assert not defs, f"{path.name} defines {[d.name for d in defs]}; move it into src/backlearn"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_learner_views_are_compared_by_nbval(path):
    """Output may be ignored only where it really varies, never where a learner's view is printed."""
    for source in _cells(path, "code"):
        if "NBVAL_IGNORE_OUTPUT" in source or "NBVAL_SKIP" in source:
            assert not any(word in source for word in (".text", ".brief", "render_")), (
                f"{path.name}: a cell that shows what a learner sees must be compared"
            )


def _lesson_template():
    """tools/lesson_notebooks.py, the script that writes lessons 01-07 from one template
    (tools/lesson_template.md)."""
    script = NOTEBOOKS.parent / "tools" / "lesson_notebooks.py"
    spec = importlib.util.spec_from_file_location("lesson_notebooks", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_lesson_notebooks_are_what_the_template_writes(content):
    """A hand edit to one lesson is caught: change tools/lesson_template.md (or data/) and run
    tools/lesson_notebooks.py instead."""
    template = _lesson_template()
    paths = template.lesson_paths(content)
    assert len(paths) == len(content.topics) == 7
    for topic_id, path in paths.items():
        assert template.committed_cells(path) == template.lesson_cells(content, topic_id), (
            f"{path.name} differs from the template: run python tools/lesson_notebooks.py (or make execute-notebooks)"
        )


def test_writing_a_lesson_undoes_a_hand_edit_and_keeps_the_outputs(content, tmp_path):
    template = _lesson_template()
    original = NOTEBOOKS / content.topics["walking"].notebook
    copy = tmp_path / original.name
    shutil.copy(original, copy)
    notebook = json.loads(copy.read_text(encoding="utf-8"))
    cells = {cell["id"]: cell for cell in notebook["cells"]}
    cells["example-story"]["source"] = ["### What a learner sees\n", "\n", "A hand edit."]
    cells["example-answer-intro"]["metadata"].pop("tags")
    copy.write_text(json.dumps(notebook), encoding="utf-8")
    assert template.committed_cells(copy) != template.lesson_cells(content, "walking")
    assert template.write_lesson(content, "walking", copy)
    assert template.committed_cells(copy) == template.lesson_cells(content, "walking")
    assert copy.read_text(encoding="utf-8") == original.read_text(encoding="utf-8")
    assert not template.write_lesson(content, "walking", copy)


def test_a_new_lesson_is_written_as_a_valid_notebook_with_the_templates_cell_ids(content, tmp_path):
    template = _lesson_template()
    path = tmp_path / "new_lesson.ipynb"
    assert template.write_lesson(content, "walking", path)
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert [cell.id for cell in notebook.cells] == [cell.id for cell in template.read_template()]
    assert notebook.metadata.kernelspec.name == "python3"
    assert template.committed_cells(path) == template.lesson_cells(content, "walking")


@pytest.mark.parametrize(("text", "problem"), [
    ("<!-- cell intro markdown -->\nHello\n\n<!-- cell intro code -->\n```python\nx = 1\n```\n",
     "lesson_template.md:4: a second cell 'intro'"),
    ("<!-- cell intro markdown -->\nHello\n<!-- cell run code teacher -->\nx = 1\n",
     "lesson_template.md:3: the code cell 'run' must be one ```python block"),
    ("Only an opening comment, no cells.\n", "lesson_template.md: no cells"),
])
def test_a_template_written_wrongly_names_its_line(tmp_path, text, problem):
    path = tmp_path / "lesson_template.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit, match=re.escape(problem)):
        _lesson_template().read_template(path)


def test_the_template_reads_a_cells_id_type_tags_and_text(tmp_path):
    path = tmp_path / "lesson_template.md"
    path.write_text("<!-- opening -->\n\n<!-- cell run code teacher class-mode -->\n```python\nx = $n\n```\n",
                    encoding="utf-8")
    (cell,) = _lesson_template().read_template(path)
    assert (cell.id, cell.kind, cell.text, cell.tags) == ("run", "code", "x = $n", ("teacher", "class-mode"))
