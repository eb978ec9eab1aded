"""Content that cannot be edited into danger (issue 24, item 2; the reliability review's H2).

Every warning sign pins the level it must reach on its own (``min_level``) and whether a "check
first" question must ask about it (``asked_first``), next to it in symptoms.yaml; every urgent or
emergency red flag is reached by a row of the can't-miss map (coverage.yaml). So each of the
review's mutant classes is refused by every load (``backlearn validate`` on a teacher's copy too):
delete or downgrade any urgent or emergency flag, downgrade or delete a screening question.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from shipped import shipped

from backlearn import load_content
from backlearn.cli import main
from backlearn.content import LEVELS, ContentError

DATA = Path(__file__).resolve().parents[1] / "data"


def _ids(file: str, keep=lambda record: True) -> list[str]:
    """The ids in one of data/'s files, read as YAML to name the test cases (no content is loaded at
    collection); the mutants below edit the same records."""
    return sorted(r["id"] for r in yaml.safe_load((DATA / file).read_text(encoding="utf-8")) if keep(r))


HELP_FLAGS = _ids("red_flags.yaml", lambda flag: flag["level"] in ("emergency", "urgent"))
QUESTIONS = _ids("screening.yaml")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("content") / "data"
    shutil.copytree(DATA, folder)
    return folder


def _mutant(base: Path, tmp_path: Path, file: str, change) -> Path:
    folder = tmp_path / "mutant"
    shutil.copytree(base, folder)
    records = yaml.safe_load((folder / file).read_text(encoding="utf-8"))
    records = change(records)
    (folder / file).write_text(yaml.safe_dump(records, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder


def _refused(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(folder, cache=False)
    return [f"{p.file}:{p.field}" for p in caught.value.problems]


def test_the_shipped_content_passes_its_own_pins():
    assert all(shipped().symptoms[s].min_level for s in shipped().warning_ids())
    assert shipped().coverage


@pytest.mark.parametrize("flag_id", HELP_FLAGS)
def test_deleting_an_urgent_or_emergency_flag_is_refused(base: Path, tmp_path: Path, flag_id: str):
    folder = _mutant(base, tmp_path, "red_flags.yaml", lambda flags: [f for f in flags if f["id"] != flag_id])
    problems = _refused(folder)
    # Refused for what it weakens (a pin, the map, a case), not only as a dangling reference.
    assert any(p.split(":")[0] in ("symptoms.yaml", "coverage.yaml", "cases.yaml") for p in problems), problems


@pytest.mark.parametrize("flag_id", HELP_FLAGS)
def test_downgrading_an_urgent_or_emergency_flag_is_refused(base: Path, tmp_path: Path, flag_id: str):
    def lower(flags):
        for flag in flags:
            if flag["id"] == flag_id:
                flag["level"] = LEVELS[LEVELS.index(flag["level"]) - 1]
        return flags

    problems = _refused(_mutant(base, tmp_path, "red_flags.yaml", lower))
    assert any(p.split(":")[0] in ("symptoms.yaml", "coverage.yaml", "cases.yaml") for p in problems), problems


@pytest.mark.parametrize("question_id", QUESTIONS)
def test_weakening_or_deleting_a_screening_question_is_refused(base: Path, tmp_path: Path, question_id: str):
    def soon(questions):
        for question in questions:
            if question["id"] == question_id:
                question["level"] = "soon"
        return questions

    assert _refused(_mutant(base, tmp_path, "screening.yaml", soon))
    gone = _mutant(base, tmp_path / "gone", "screening.yaml", lambda qs: [q for q in qs if q["id"] != question_id])
    assert any(p.startswith("symptoms.yaml:asked_first") for p in _refused(gone))


def test_validate_names_the_pin_that_a_deleted_heart_attack_flag_breaks(base: Path, tmp_path: Path, capsys):
    folder = _mutant(base, tmp_path, "red_flags.yaml", lambda flags: [f for f in flags if f["id"] != "heart_attack"])
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr()
    said = out.out + out.err
    # The map names the flag (so it is missed at once); with the map's row gone too, the pins on
    # the signs still refuse it.
    assert "coverage.yaml" in said and "heart_attack" in said
    rows = _mutant(folder, tmp_path / "no-row", "coverage.yaml", lambda rows: [
        {**r, "flags": [f for f in r.get("flags", []) if f != "heart_attack"]} for r in rows])
    assert main(["validate", str(rows)]) == 1
    said = "".join(capsys.readouterr())
    assert "symptoms.yaml" in said and "chest_pain" in said and "pinned emergency" in said
