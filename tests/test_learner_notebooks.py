"""The learners' edition of the notebooks (``make learner-notebooks``): built from notebooks/ by
nbconvert with deploy/learner-edition.json, it keeps every activity and gives no answer away."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from backlearn import load_content

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
#: Words that only appear in worked answers: the quiz spoilers, the worked cases, the answer table.
WORKED = ("Spoiler", ".answer(", "study.attempt(", "case_table(content)", "All the cases at a glance",
          "backlearn says:", "backlearn says Self-care", "Now Helen", "form.date.value =")


@pytest.fixture(scope="module")
def learner(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("learner-notebooks")
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--config", str(ROOT / "deploy" / "learner-edition.json"),
         "--output-dir", str(out), *sorted(str(p) for p in NOTEBOOKS.glob("*.ipynb"))],
        check=True, capture_output=True, cwd=ROOT,
    )
    return out


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _teacher(cell: dict) -> bool:
    return "teacher" in cell.get("metadata", {}).get("tags", [])


def test_every_notebook_has_a_learner_copy(learner):
    assert sorted(p.name for p in learner.glob("*.ipynb")) == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def test_learner_copies_hold_no_worked_answers(learner):
    content = load_content()
    answers = [c.teaching_point for c in content.cases.values()]
    answers += [q.explanation for q in content.quizzes.values()]
    for path in learner.glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        notebook = json.loads(text)
        assert "widgets" not in notebook["metadata"], f"{path.name}: saved widget state shows answers"
        for cell in notebook["cells"]:
            assert not _teacher(cell), path.name
            assert not cell.get("outputs"), f"{path.name}: saved outputs"
        sources = "\n".join("".join(cell["source"]) for cell in notebook["cells"])
        found = [word for word in WORKED if word in sources]
        found += [answer[:40] for answer in answers if answer[:40] in text]
        assert not found, f"{path.name} gives away: {found}"


def test_learner_copies_keep_every_activity(learner):
    for number in range(1, 8):
        (path,) = learner.glob(f"0{number}_*.ipynb")
        sources = "".join("".join(c["source"]) for c in _cells(path))
        assert "QuizWidget(" in sources and "TopicExplorer(" in sources and "quiz.summary" in sources, path.name
    def sources(name: str) -> str:
        return "".join("".join(c["source"]) for c in _cells(learner / name))

    assert "study = CaseStudy(content)" in sources("09_case_studies.ipynb")
    assert "DiaryForm(" in sources("10_pain_diary.ipynb")


def test_the_teacher_edition_keeps_the_tagged_cells():
    """If the tags were lost, the learner copies would quietly include the answers again."""
    for number in range(1, 8):
        (path,) = NOTEBOOKS.glob(f"0{number}_*.ipynb")
        tagged = ["".join(c["source"]) for c in _cells(path) if _teacher(c)]
        assert any("Spoiler" in s for s in tagged) and any(".answer(" in s for s in tagged), path.name
    tagged = "".join("".join(c["source"]) for c in _cells(NOTEBOOKS / "09_case_studies.ipynb") if _teacher(c))
    assert ".attempt(" in tagged and "case_table(content)" in tagged
    for path in NOTEBOOKS.glob("*.ipynb"):
        for cell in _cells(path):
            source = "".join(cell["source"])
            if ("QuizWidget(" in source and ".answer(" not in source) or "study = CaseStudy(" in source:
                assert not _teacher(cell), f"{path.name}: a learner's own widget is tagged teacher"


def test_the_case_study_learner_copy_runs(learner):
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(learner / "09_case_studies.ipynb", as_version=4)
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(learner)}}).execute()
    printed = "".join(o.get("text", "") for c in notebook.cells for o in c.get("outputs", []))
    assert f"{len(load_content().cases)} cases to try." in printed
