"""Class mode and self mode of the learners' copies, no spoilers before an activity, and demos that
never touch the learner's own widgets.

``make learner-notebooks MODE=class`` (the default) builds copies for learners in class, who tick for
the made-up people in the lessons and on the case cards, never for themselves; ``MODE=self`` builds
copies for learners at home, who may tick for their own back. The one setting picks, in every
notebook, the cells tagged ``class-mode`` or ``self-mode`` (the teacher edition in notebooks/ shows
both). The copies are built here with the Makefile's own command, so a change to it is tested too.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from backlearn import load_content

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
MODES = ("class", "self")
#: Notebooks where learners tick boxes or plan for someone: each says whom for, in both modes.
TICKING = ["00_start_here.ipynb", *(p.name for p in sorted(NOTEBOOKS.glob("0[1-8]_*.ipynb"))), "10_pain_diary.ipynb"]
LESSONS = sorted(p.name for p in NOTEBOOKS.glob("0[1-7]_*.ipynb"))
#: What only the self mode says: the learner's own back.
SELF_WORDS = ("fits you", "your own back", "Tick what you feel", "fits your back", "### Keep your own diary")
#: What only the class mode says: made-up people, never yourself.
CLASS_WORDS = ("never for yourself", "In class, practise on Sam's diary only")


def _make_command(mode: str, out: Path) -> str:
    """The nbconvert command ``make learner-notebooks MODE=mode`` runs (from ``make -n``)."""
    bin_dir = Path(sys.executable).parent
    dry = subprocess.run(["make", "-n", "--no-print-directory", "learner-notebooks", f"MODE={mode}",
                          f"LEARNER_DIR={out}", f"BIN={bin_dir}", f"STAMP={ROOT / 'pyproject.toml'}"],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    joined = dry.replace("\\\n", " ")
    (command,) = [line for line in joined.splitlines() if "nbconvert" in line]
    return command


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    built = {}
    for mode in MODES:
        out = tmp_path_factory.mktemp(f"learner-{mode}")
        subprocess.run(shlex.split(_make_command(mode, out)), cwd=ROOT, check=True, capture_output=True)
        built[mode] = out
    return built


def _cells(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["cells"])


def _tags(cell: dict[str, Any]) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _markdown(path: Path, until: str | None = None) -> str:
    """The Markdown a learner reads in a notebook, up to the first code cell containing ``until``."""
    texts = []
    for cell in _cells(path):
        source = "".join(cell["source"])
        if until is not None and cell["cell_type"] == "code" and until in source:
            break
        if cell["cell_type"] == "markdown":
            texts.append(source)
    return "\n".join(texts)


def test_a_wrong_mode_is_refused_and_says_what_is_expected():
    done = subprocess.run(["make", "--no-print-directory", "learner-notebooks", "MODE=home",
                           f"STAMP={ROOT / 'pyproject.toml'}", "LEARNER_DIR=build/never-written"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0 and "MODE must be class or self, not 'home'" in done.stderr
    assert not (ROOT / "build" / "never-written").exists()


def test_the_class_mode_is_the_default_everywhere_the_copies_are_built():
    """make with no MODE, and deploy/learner-edition.json alone (Binder, TLJH), give class copies."""
    assert "remove_cell_tags=self-mode" in _make_command("class", Path("out"))
    assert "remove_cell_tags=class-mode" in _make_command("self", Path("out"))
    config = json.loads((ROOT / "deploy" / "learner-edition.json").read_text(encoding="utf-8"))
    assert set(config["TagRemovePreprocessor"]["remove_cell_tags"]) == {"teacher", "self-mode"}
    assert re.search(r"^MODE \?= class$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)


@pytest.mark.parametrize("mode", MODES)
def test_each_copy_keeps_only_its_modes_cells_and_no_teacher_cells(editions, mode):
    other = "self" if mode == "class" else "class"
    for name in TICKING:
        tags = [tag for cell in _cells(editions[mode] / name) for tag in _tags(cell)]
        assert f"{other}-mode" not in tags and "teacher" not in tags, name
        assert f"{mode}-mode" in tags, f"{name} says nothing of its own in {mode} mode"


def test_the_teacher_edition_shows_both_modes():
    for name in TICKING:
        tags = [tag for cell in _cells(NOTEBOOKS / name) for tag in _tags(cell)]
        assert "class-mode" in tags and "self-mode" in tags, name


@pytest.mark.parametrize("name", TICKING)
def test_in_class_mode_learners_tick_for_a_made_up_person_never_for_themselves(editions, name):
    text = _markdown(editions["class"] / name)
    assert not [w for w in SELF_WORDS if w.lower() in text.lower()], f"{name} asks class learners about themselves"
    if name in LESSONS:  # before the explorer, the lesson names its made-up person
        (topic,) = [t for t in load_content().topics.values() if t.notebook == name]
        before = _markdown(editions["class"] / name, until="TopicExplorer(")
        assert "never for yourself" in before
        assert f"Tick what fits **{load_content().lesson_pages[topic.id].person}**" in before
    elif name != "10_pain_diary.ipynb":
        assert "never for yourself" in _markdown(editions["class"] / name, until="SymptomExplorer(")


@pytest.mark.parametrize("name", TICKING)
def test_in_self_mode_learners_tick_for_their_own_back(editions, name):
    text = _markdown(editions["self"] / name)
    assert not [w for w in CLASS_WORDS if w in text], f"{name} speaks to a class in self mode"
    if name == "10_pain_diary.ipynb":
        assert "### Keep your own diary" in text
    else:
        assert "your own back" in _markdown(editions["self"] / name, until="Explorer(")


@pytest.mark.parametrize("mode", MODES)
def test_each_lessons_activity_is_introduced_in_the_modes_words(editions, mode):
    content = load_content()
    for topic in content.topics.values():
        page = content.lesson_pages[topic.id]
        words = page.in_class if mode == "class" else page.at_home
        before = _markdown(editions[mode] / topic.notebook, until="LessonActivity(")
        assert words in before, f"{topic.notebook}: the activity's {mode} words are missing"
    walking = content.lesson_pages["walking"]
    assert "Lee" in walking.in_class and "made-up" in walking.in_class and "Lee" not in walking.at_home


def test_the_lesson_words_for_both_modes_are_required_content(tmp_path):
    import shutil

    from backlearn.content import ContentError

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    pages = data / "lesson_pages.yaml"
    text = pages.read_text(encoding="utf-8")
    pages.write_text(re.sub(r"\n  at_home: [^\n]*", "", text, count=1), encoding="utf-8")
    with pytest.raises(ContentError, match="at_home"):
        load_content(data)


# ----------------------------------------------------------------------------- no spoilers


LEVEL_WORDS = ("emergency", "urgent", "self-care", "self care", "soon")


def test_the_case_studies_talk_list_names_no_level_for_a_case(editions):
    """09's 'Talk about it' (and every other learner line) never pairs a case's person with a level."""
    content = load_content()
    names = {case.name for case in content.cases.values()}
    for mode in MODES:
        for line in re.split(r"\n(?=- )|\n\n", _markdown(editions[mode] / "09_case_studies.ipynb")):
            named = [n for n in names if re.search(rf"\b{re.escape(n)}\b", line)]
            levels = [w for w in LEVEL_WORDS if w in line.lower()]
            assert not (named and levels), f"09 ({mode}) gives a level away: {line!r}"


@pytest.mark.parametrize("name", LESSONS)
def test_nothing_before_a_lessons_activity_and_quiz_gives_their_answers_away(name):
    """Up to the quiz, the lesson shows no made-up person's answer, no activity's reasons and no quiz
    explanation (in its text or its executed outputs; the teacher cells left out)."""
    content = load_content()
    (topic,) = [t for t in content.topics.values() if t.notebook == name]
    ids = [cell["id"] for cell in _cells(NOTEBOOKS / name)]
    for later in ("example-story", "example", "warning-story", "warning"):
        assert ids.index(later) > ids.index("score"), f"{name}: {later} comes before the quiz"
    shown = []
    for cell in _cells(NOTEBOOKS / name):
        if cell["id"] == "activity":
            break
        if "teacher" in _tags(cell):
            continue
        shown.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            shown += ["".join(v) for k, v in output.get("data", {}).items() if k.startswith("text/")]
            shown.append("".join(output.get("text", "")))
    text = re.sub(r"\s+", " ", "\n".join(shown))
    reasons = [item.why for item in content.lesson_pages[topic.id].activity.items]
    explanations = [q.explanation for q in content.quizzes.values() if q.topic == topic.id]
    given = [r for r in reasons + explanations if re.sub(r"\s+", " ", r) in text]
    assert not given, f"{name} gives away before its activity: {given}"


# ----------------------------------------------------------------------------- demos


def _widgets_under(root: Any) -> list[Any]:
    """The widget and every widget it holds (children, and widgets kept in its traits)."""
    import ipywidgets as widgets

    seen: dict[str, Any] = {}
    stack = [root]
    while stack:
        widget = stack.pop()
        if widget.model_id in seen:
            continue
        seen[widget.model_id] = widget
        for name in widget.keys:
            value = getattr(widget, name, None)
            values = value if isinstance(value, (list, tuple)) else (value,)
            stack += [v for v in values if isinstance(v, widgets.Widget)]
    return list(seen.values())


def _state(root: Any) -> dict[str, Any]:
    return {w.model_id: {k: v for k, v in w.get_state().items() if k != "layout"} for w in _widgets_under(root)}


def _as_a_learner(widget: Any) -> None:
    """Do what a learner does first with a widget of the lesson, so a demo that sets and then clears
    it would be seen: tick boxes, place a line, choose, plan, answer, type."""
    from backlearn import DiaryForm, LessonActivity, QuizWidget, SymptomExplorer

    if isinstance(widget, SymptomExplorer):
        import traitlets

        for symptom in ("low_back", "between_shoulder_blades", "stiffness", "knot"):
            try:
                widget.value = (*widget.value, symptom)
            except traitlets.TraitError:  # not a box this explorer offers
                continue
        assert widget.value, "the learner's ticks did not take"
    elif isinstance(widget, LessonActivity):
        kind = widget.kind
        widget.value = (widget.activity.bins[-1],) if kind == "sort" else 0 if kind == "choose" else (2, 15)
    elif isinstance(widget, QuizWidget):
        widget.answer(1, 0)
    elif isinstance(widget, DiaryForm):
        widget.pain.value = 4


@pytest.mark.parametrize("name", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")))
def test_demos_never_touch_the_learners_own_widgets(editions, name, tmp_path, monkeypatch):
    """Run the class copy cell by cell in one Python shell. Each widget a cell shows is the learner's:
    act on it as a learner would, then run every later cell (the demos among them) and check that
    none of the learner's widgets changed."""
    import ipywidgets as widgets
    from IPython.core.interactiveshell import InteractiveShell

    monkeypatch.setenv("BACKLEARN_SETTINGS", str(tmp_path / "settings.json"))
    monkeypatch.setenv("BACKLEARN_PLANS", str(tmp_path / "plans"))
    monkeypatch.setenv("BACKLEARN_DIARY", str(tmp_path / "diary"))
    monkeypatch.delenv("BACKLEARN_REGION", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False  # no history database in the suite's throwaway home
    shell = InteractiveShell.instance(config=config)
    shell.enable_gui = lambda gui=None: None  # %matplotlib inline, with no front end to draw in
    try:
        learners: list[tuple[Any, dict[str, Any]]] = []
        for cell in _cells(editions["class"] / name):
            if cell["cell_type"] != "code":
                continue
            result = shell.run_cell("".join(cell["source"]), silent=False, store_history=False)
            assert result.success, f"{name}: a cell failed: {result.error_in_exec or result.error_before_exec}"
            for widget, before in learners:
                assert _state(widget) == before, (
                    f"{name}: a later cell changed the learner's {type(widget).__name__}:\n{''.join(cell['source'])}")
            if isinstance(result.result, widgets.Widget) and not cell["source"][-1].startswith(("quiz.score",)):
                _as_a_learner(result.result)
                learners.append((result.result, _state(result.result)))
        if name not in ("09_case_studies.ipynb",):
            assert learners, f"{name}: no widget of the learner's was found"
    finally:
        InteractiveShell.clear_instance()
