"""Short mode for ages 13 to 15: the filter over an assessment, its settings file, and the explorer's
toggle, "Show more" button and adult-only note."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from shipped import shipped

from backlearn import assess, load_content
from backlearn.content import ContentError, ShortMode
from backlearn.short_mode import class_default, has_more, held_back, shorten
from backlearn.widgets.explorer import SymptomExplorer


@pytest.fixture(scope="module")
def mode() -> ShortMode:
    return shipped().short_mode

#: Sharp pain after lifting: lots of advice, several checklists, and the painkiller advice.
MANY = ("low_back", "sharp_pain", "after_lifting", "duration_days")
CHEST = ("between_shoulder_blades", "chest_pain")


def test_short_mode_keeps_the_top_advice_and_one_checklist_and_holds_back_medicines(mode: ShortMode) -> None:
    full = assess(MANY, shipped())
    assert len(full.guidance) > mode.top_advice and len(full.checklists) > 1, "the example must have more to cut"
    assert held_back(full, mode), "the example must include adult-only advice"
    short = shorten(full, mode)
    assert short.triage == full.triage and short.red_flags == full.red_flags and short.screening == full.screening
    assert len(short.guidance) == mode.top_advice and len(short.checklists) == mode.checklists
    more = shorten(full, mode, more=True)
    assert has_more(full, mode)
    for view in (short, more):
        assert not {g.item.id for g in view.guidance} & set(mode.adults_only)
        lines = {(c.checklist.id, i.text) for c in view.checklists for i in c.items}
        assert not lines & mode.adults_only_items
    kept = [g.item.id for g in full.guidance if g.item.id not in mode.adults_only]
    assert [g.item.id for g in more.guidance] == kept, "show more: everything but the adult-only advice, in order"


def test_a_warning_sign_is_never_cut(mode: ShortMode) -> None:
    full = assess(CHEST, shipped())
    short = shorten(full, mode)
    assert short.triage == "emergency" and short.red_flags == full.red_flags


def test_the_class_setting_comes_from_the_environment() -> None:
    assert class_default({"BACKLEARN_SHORT_MODE": "1"}) and class_default({"BACKLEARN_SHORT_MODE": "Yes"})
    assert not class_default({}) and not class_default({"BACKLEARN_SHORT_MODE": "0"})


def _folder_with(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(shipped().path, folder)
    (folder / "short_mode.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_wrong_setting_names_the_file_line_and_field(tmp_path: Path) -> None:
    good = (Path(shipped().path) / "short_mode.yaml").read_text(encoding="utf-8")
    folder = _folder_with(tmp_path, good.replace("  - chilli_cream", "  - chili_cream"))
    with pytest.raises(ContentError, match=r"short_mode.yaml, line \d+, field 'adults_only'.*chili_cream"):
        load_content(folder)
    folder = _folder_with(tmp_path / "b", good.replace("top_advice: 3", "top_advice: none"))
    with pytest.raises(ContentError, match="field 'top_advice': expected a whole number"):
        load_content(folder)


def test_the_explorer_toggle_show_more_and_adult_only_note(monkeypatch: pytest.MonkeyPatch, mode: ShortMode) -> None:
    monkeypatch.delenv("BACKLEARN_SHORT_MODE", raising=False)
    explorer = SymptomExplorer(shipped())
    explorer.value = MANY
    assert not explorer.short_mode.value and explorer.show_more.layout.display == "none"
    whole = explorer.guidance.value
    explorer.short_mode.value = True
    assert explorer.guidance.value != whole
    assert explorer.guidance.value.count("(evidence: ") == mode.top_advice  # one per piece of advice
    assert explorer.show_more.layout.display != "none" and explorer.show_more.description == "Show more"
    assert "for adults" in explorer.short_note.value
    assert "ibuprofen" not in explorer.guidance.value and "ibuprofen" not in explorer.text
    explorer.show_more.value = True
    assert explorer.show_more.description == "Show less"
    assert "ibuprofen" not in explorer.guidance.value, "adult-only advice stays held back after Show more"
    explorer.short_mode.value = False
    assert explorer.guidance.value == whole and explorer.short_note.value == ""


def test_the_teacher_turns_it_on_for_the_class(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKLEARN_SHORT_MODE", "1")
    assert SymptomExplorer(shipped()).short_mode.value
    assert not SymptomExplorer(shipped(), short=False).short_mode.value


def test_validate_checks_the_short_mode_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from backlearn.cli import main

    good = (Path(shipped().path) / "short_mode.yaml").read_text(encoding="utf-8")
    folder = _folder_with(tmp_path, good.replace("checklists: 1", "checklists: 0"))
    assert main(["validate", str(folder)]) != 0
    assert "short_mode.yaml, line" in capsys.readouterr().err
    assert main(["validate", str(shipped().path)]) == 0


def test_the_settings_are_content_cached_with_the_rest_and_an_edit_is_read_again(
    tmp_path: Path, mode: ShortMode
) -> None:
    """short_mode.yaml is one of the content files: no cache of its own, whose key left out its code."""
    good = (Path(shipped().path) / "short_mode.yaml").read_text(encoding="utf-8")
    folder = _folder_with(tmp_path, good)
    assert load_content(folder).short_mode == mode
    assert load_content(folder).short_mode == mode, "read back from the cache"
    (folder / "short_mode.yaml").write_text(good.replace("top_advice: 3", "top_advice: 2"), encoding="utf-8")
    assert load_content(folder).short_mode.top_advice == 2
    (folder / "short_mode.yaml").write_text(good.replace("  - chilli_cream", "  - chili_cream"), encoding="utf-8")
    with pytest.raises(ContentError, match="chili_cream"):
        load_content(folder)


def test_a_setting_left_out_takes_its_default_and_held_back_advice_needs_its_note(tmp_path: Path) -> None:
    folder = _folder_with(tmp_path, "checklists: 2\n")
    assert load_content(folder).short_mode == ShortMode(checklists=2)
    folder = _folder_with(tmp_path / "b", "adults_only: [chilli_cream]\n")
    with pytest.raises(ContentError, match="field 'adults_only_note': missing; expected the note shown instead"):
        load_content(folder)


def test_a_lesson_built_with_a_warm_cache_imports_no_yaml_pandas_matplotlib_or_urllib(tmp_path: Path) -> None:
    """Every lesson kernel builds an explorer and a quiz: from the second build on (the content and
    the short mode's settings cached), it imports neither PyYAML, nor the diary's pandas and
    matplotlib, nor urllib.request (only sending an answer to the class results needs it)."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from backlearn import QuizWidget, TopicExplorer, load_content\n"
        "content = load_content()\n"
        "TopicExplorer('knot_upper_back', content)\n"
        "QuizWidget('knot_upper_back', content)\n"
        "print(sorted(m for m in ('yaml', 'pandas', 'matplotlib', 'urllib.request') if m in sys.modules))\n"
    )
    env = {**os.environ, "BACKLEARN_CACHE": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
            for _ in range(2)]
    assert runs[0].stdout.strip() == "['yaml']", "the first build parses the files"
    assert runs[1].stdout.strip() == "[]"
