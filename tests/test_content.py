"""Loading and validation: every kind of bad content is caught and named with file, line and field."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backlearn import ContentError, assess, load_content
from backlearn.content import REQUIRED_FILES, clear_cache
from backlearn.engine.questions import shown_symptoms
from backlearn.places import CACHE_ENV, CONTENT_ENV, content_dir


def _break(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(folder: Path, name: str, needle: str) -> int:
    for number, line in enumerate((folder / name).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {name}")


def test_shipped_content_loads(content):
    assert len(content.topics) == 7
    assert 40 <= len(content.symptoms) <= 140
    assert len(shown_symptoms((), content)) <= 120  # the boxes at the start; follow-ups come in context
    assert set(content.levels) == {"emergency", "urgent", "soon", "self_care"}
    assert content.red_flags and content.guidance and content.checklists and content.sources


def test_default_folder_is_the_shipped_one(monkeypatch):
    monkeypatch.delenv(CONTENT_ENV, raising=False)
    folder = content_dir()
    assert all((folder / name).exists() for name in REQUIRED_FILES)


def test_environment_variable_points_at_a_teachers_folder(monkeypatch, minimal_copy):
    monkeypatch.setenv(CONTENT_ENV, os.fspath(minimal_copy))
    assert load_content().path == minimal_copy.resolve()
    assert "upper" in load_content().symptoms


def test_path_argument_wins(minimal_copy):
    assert load_content(minimal_copy).path == minimal_copy.resolve()


def test_edits_are_picked_up_without_restarting(minimal_copy):
    load_content(minimal_copy)
    _break(minimal_copy, "symptoms.yaml", "label: Lower back", "label: Low back")
    assert load_content(minimal_copy).symptoms["low"].label == "Low back"


def test_unknown_symptom_id_is_named_with_a_suggestion(minimal_copy, problems):
    _break(minimal_copy, "guidance.yaml", "applies_to: [upper, low]", "applies_to: [upper, lowe]")
    (problem,) = problems(minimal_copy)
    line = _line_of(minimal_copy, "guidance.yaml", "lowe")
    assert problem.startswith(f"guidance.yaml, line {line}, field 'applies_to'")
    assert "unknown symptom 'lowe'" in problem and "did you mean 'low'" in problem


def test_dangling_source_reference(minimal_copy, problems):
    _break(minimal_copy, "red_flags.yaml", "sources: [guide]", "sources: [guidee]")
    (problem,) = problems(minimal_copy)
    assert "red_flags.yaml, line" in problem and "field 'sources'" in problem
    assert "unknown source 'guidee'" in problem


def test_guidance_without_a_source(minimal_copy, problems):
    _break(minimal_copy, "guidance.yaml", "  sources: [review]\n", "")
    (problem,) = problems(minimal_copy)
    assert problem.startswith("guidance.yaml, line 1, field 'sources'")
    assert "expected a list of source ids" in problem


def test_guidance_with_an_empty_source_list(minimal_copy, problems):
    _break(minimal_copy, "guidance.yaml", "sources: [review]", "sources: []")
    (problem,) = problems(minimal_copy)
    assert "guidance.yaml" in problem and "field 'sources'" in problem and "at least one source" in problem


def test_red_flag_without_a_triage_level(minimal_copy, problems):
    _break(minimal_copy, "red_flags.yaml", "  level: emergency\n", "")
    (problem,) = problems(minimal_copy)
    assert problem.startswith("red_flags.yaml, line 1, field 'level'")
    assert "expected one of soon, urgent, emergency" in problem


def test_red_flag_with_a_misspelt_level(minimal_copy, problems):
    _break(minimal_copy, "red_flags.yaml", "level: urgent", "level: urgnt")
    (problem,) = problems(minimal_copy)
    assert "field 'level'" in problem and "'urgnt'" in problem and "did you mean 'urgent'" in problem


def test_duplicate_ids(minimal_copy, problems):
    _break(minimal_copy, "guidance.yaml", "id: massage_short_course", "id: keep_moving")
    (problem,) = problems(minimal_copy)
    assert problem.startswith("guidance.yaml, line 10, field 'id'")
    assert "duplicate id 'keep_moving' (first used on line 1)" in problem


def test_duplicate_symptom_id_across_groups(minimal_copy, problems):
    _break(minimal_copy, "symptoms.yaml", "id: strain", "id: upper")
    found = problems(minimal_copy)
    assert any(p.startswith("symptoms.yaml, line 13, field 'id'") and "duplicate id 'upper'" in p for p in found)


def test_bad_yaml_names_the_line(minimal_copy, problems):
    path = minimal_copy / "checklists.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  items:\n", "  items: [\n"), encoding="utf-8")
    (problem,) = problems(minimal_copy)
    assert problem.startswith("checklists.yaml, line ")
    assert "not valid YAML" in problem


def test_a_file_that_is_not_a_list(minimal_copy, problems):
    (minimal_copy / "topics.yaml").write_text("just some words\n", encoding="utf-8")
    found = problems(minimal_copy)
    assert found[0].startswith("topics.yaml, line 1") and "expected a list of topics" in found[0]


def test_missing_file(minimal_copy, problems):
    (minimal_copy / "levels.yaml").unlink()
    (problem,) = problems(minimal_copy)
    assert "levels.yaml" in problem and "file missing" in problem


def test_missing_level(minimal_copy, problems):
    line = "soon: {label: Soon, headline: See someone soon, action: Book an appointment.}\n"
    _break(minimal_copy, "levels.yaml", line, "")
    (problem,) = problems(minimal_copy)
    assert "levels.yaml" in problem and "field 'soon'" in problem


def test_a_misspelt_level_or_level_field_is_named_with_a_suggestion(minimal_copy, problems):
    _break(minimal_copy, "levels.yaml", "urgent: {label: Urgent,", "urgnet: {label: Urgent,")
    _break(minimal_copy, "levels.yaml", "self_care: {label:", "self_care: {lable:")
    found = problems(minimal_copy)
    assert "levels.yaml, line 2, field 'urgnet': unknown field; expected one of self_care, soon, urgent, " \
           "emergency; did you mean 'urgent'?" in found
    assert "levels.yaml, line 1, field 'urgent': missing; expected label, headline and action" in found
    assert "levels.yaml, line 4, field 'lable': unknown field; expected one of label, headline, " \
           "headline_with_signs, action; did you mean 'label'?" in found
    assert "levels.yaml, line 4, field 'label': missing; expected some text" in found


def test_levels_yaml_must_be_the_four_levels(minimal_copy, problems):
    (minimal_copy / "levels.yaml").write_text("- emergency\n", encoding="utf-8")
    assert problems(minimal_copy) == [
        "levels.yaml, line 1: expected the four levels: self_care, soon, urgent, emergency"]


def test_unknown_field_is_reported_with_a_suggestion(minimal_copy, problems):
    _break(minimal_copy, "guidance.yaml", "  strength: moderate\n", "  strenght: moderate\n")
    found = problems(minimal_copy)
    assert any("field 'strenght'" in p and "did you mean 'strength'" in p for p in found)
    assert any("field 'strength'" in p and "missing" in p for p in found)


def test_source_needs_a_link(minimal_copy, problems):
    _break(minimal_copy, "sources.yaml", "  url: https://example.org/guide\n", "")
    (problem,) = problems(minimal_copy)
    assert "sources.yaml, line 1, field 'url'" in problem and "url or a doi" in problem


@pytest.mark.parametrize(("field", "old", "new"), [
    ("url", "  doi: 10.1000/review\n", "  url: https://EXAMPLE.org/guide/\n"),  # case and final / aside
    ("doi", "  url: https://example.org/guide\n", "  doi: 10.1000/Review\n"),
])
def test_each_source_is_listed_once(minimal_copy, problems, field, old, new):
    # Two sources with one web address or DOI would give a learner two numbers for one page.
    _break(minimal_copy, "sources.yaml", old, new)
    (problem,) = problems(minimal_copy)
    assert problem.startswith(f"sources.yaml, line 12, field '{field}'")
    assert "as source 'guide' (line 6)" in problem and "cite 'guide' instead" in problem


def test_source_year_must_be_a_number(minimal_copy, problems):
    _break(minimal_copy, "sources.yaml", "year: 2020", "year: twenty")
    (problem,) = problems(minimal_copy)
    assert "sources.yaml, line 4, field 'year'" in problem and "whole number" in problem


def test_reassuring_pattern_may_not_use_a_warning_sign(minimal_copy, problems):
    _break(minimal_copy, "red_flags.yaml", "none: [strain]", "none: [cancer]")
    (problem,) = problems(minimal_copy)
    assert "red_flags.yaml" in problem and "field 'when'" in problem and "'cancer' is a warning sign" in problem


def test_rule_with_an_unknown_operator(minimal_copy, problems):
    _break(minimal_copy, "red_flags.yaml", "all: [cancer, weak_leg]", "both: [cancer, weak_leg]")
    (problem,) = problems(minimal_copy)
    assert "red_flags.yaml" in problem and "field 'when'" in problem
    assert "expected any, all, none, at_least or fewer_than" in problem


def test_none_outside_all_is_refused(minimal_copy, problems):
    _break(minimal_copy, "red_flags.yaml", "all: [cancer, weak_leg]", "none: [strain]")
    (problem,) = problems(minimal_copy)
    assert "'none' can only be used inside 'all'" in problem


def test_fewer_than_outside_all_is_refused(minimal_copy, problems):
    _break(minimal_copy, "red_flags.yaml", "all: [cancer, weak_leg]", "fewer_than: {count: 2, of: [strain]}")
    (problem,) = problems(minimal_copy)
    assert "'fewer_than' can only be used inside 'all'" in problem


def test_fewer_than_may_not_use_a_warning_sign(minimal_copy, problems):
    _break(minimal_copy, "red_flags.yaml", "none: [strain]", "fewer_than: {count: 2, of: [strain, cancer]}")
    (problem,) = problems(minimal_copy)
    assert "'cancer' is a warning sign" in problem


def test_at_least_needs_a_count_it_can_reach(minimal_copy, problems):
    _break(minimal_copy, "red_flags.yaml", "all: [cancer, weak_leg]", "at_least: {count: 3, of: [cancer, weak_leg]}")
    (problem,) = problems(minimal_copy)
    assert "red_flags.yaml" in problem and "'at_least' count 3 is more than its 2 items" in problem


def test_at_least_needs_count_and_of(minimal_copy, problems):
    _break(minimal_copy, "red_flags.yaml", "all: [cancer, weak_leg]", "at_least: [cancer, weak_leg]")
    (problem,) = problems(minimal_copy)
    assert "'at_least' expects count: N and of: [...]" in problem


def test_at_least_and_fewer_than_work_in_the_engine(minimal_copy):
    """A count rule matches at N items; a 'fewer_than' pattern reassures only at N features."""
    at_least = "at_least: {count: 2, of: [cancer, weak_leg, chest]}"
    _break(minimal_copy, "red_flags.yaml", "all: [cancer, weak_leg]", at_least)
    _break(minimal_copy, "red_flags.yaml", "none: [strain]", "fewer_than: {count: 2, of: [strain, low]}")
    content = load_content(minimal_copy)
    flags = {m.flag.id for m in assess(["cancer", "chest"], content).red_flags}
    assert "cancer_nerves" in flags
    assert "cancer_nerves" not in {m.flag.id for m in assess(["cancer"], content).red_flags}
    assert assess(["upper", "strain", "low"], content).triage == "self_care"
    assert assess(["upper", "strain"], content).triage == "urgent"


def test_reassuring_rule_must_explain_itself(minimal_copy, problems):
    _break(minimal_copy, "red_flags.yaml", "  reassured_by: A strain explains it.\n", "")
    (problem,) = problems(minimal_copy)
    assert "field 'reassured_by'" in problem


def test_screening_must_ask_about_warning_signs(minimal_copy, problems):
    _break(minimal_copy, "screening.yaml", "asks_about: [chest]", "asks_about: [strain]")
    (problem,) = problems(minimal_copy)
    assert "screening.yaml" in problem and "'strain' is not a warning sign" in problem


def test_topic_verdict_must_be_known(minimal_copy, problems):
    _break(minimal_copy, "topics.yaml", "verdict: partly_supported", "verdict: maybe")
    (problem,) = problems(minimal_copy)
    assert "topics.yaml, line 6, field 'verdict'" in problem and "supported, partly_supported, not_supported" in problem


def test_all_problems_are_reported_together_and_nothing_is_used(minimal_copy):
    _break(minimal_copy, "guidance.yaml", "strength: moderate", "strength: strong")
    _break(minimal_copy, "checklists.yaml", "applies_to: [upper, low]", "applies_to: [upperr, low]")
    _break(minimal_copy, "red_flags.yaml", "level: emergency", "level: critical")
    with pytest.raises(ContentError) as caught:
        load_content(minimal_copy)
    files = {p.file for p in caught.value.problems}
    assert files == {"guidance.yaml", "checklists.yaml", "red_flags.yaml"}
    assert "3 problems" in str(caught.value)


def test_content_is_data_not_code(minimal_copy, problems):
    """YAML tags that would build Python objects are refused, not run."""
    _break(minimal_copy, "guidance.yaml", "text: Keep moving gently.", "text: !!python/object/apply:os.system ['true']")
    (problem,) = problems(minimal_copy)
    assert problem.startswith("guidance.yaml, line") and "not valid YAML" in problem


# ----------------------------------------------------------------------------- the disk cache


def _fresh(monkeypatch, cache_dir) -> None:
    monkeypatch.setenv(CACHE_ENV, str(cache_dir))
    clear_cache()


def _in_a_new_process(code: str) -> list[str]:
    """What ``code`` prints, split into words, run by a new Python (with this test's environment)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_second_load_comes_from_the_cache_without_parsing(minimal_copy, tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path / "cache")
    first = load_content(minimal_copy)
    assert list((tmp_path / "cache").glob("content-*.json"))
    # A new process finds it on disk: it neither imports PyYAML nor parses, and gets the same content.
    code = (f"import sys, backlearn; c = backlearn.load_content({str(minimal_copy)!r}); "
            "print('yaml' in sys.modules, len(c.symptoms), len(c.red_flags))")
    assert _in_a_new_process(code) == ["False", str(len(first.symptoms)), str(len(first.red_flags))]
    clear_cache()  # and in this process, the same from the disk cache
    second = load_content(minimal_copy)
    assert second.symptoms == first.symptoms and second.red_flags == first.red_flags


def test_an_edit_is_seen_at_once(minimal_copy, tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path / "cache")
    load_content(minimal_copy)
    guidance = minimal_copy / "guidance.yaml"
    guidance.write_text(guidance.read_text(encoding="utf-8").replace("Keep moving gently.", "Keep going."),
                        encoding="utf-8")
    clear_cache()  # as in a new process
    texts = [g.text for g in load_content(minimal_copy).guidance.values()]
    assert "Keep going." in texts


def test_a_damaged_cache_file_is_ignored(minimal_copy, tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path / "cache")
    expected = load_content(minimal_copy)
    for file in (tmp_path / "cache").glob("content-*.json"):
        file.write_bytes(b"not json")
    clear_cache()  # as in a new process
    assert load_content(minimal_copy).symptoms == expected.symptoms


def test_invalid_content_is_never_cached(minimal_copy, tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path / "cache")
    (minimal_copy / "sources.yaml").write_text("- id: [broken\n", encoding="utf-8")
    with pytest.raises(ContentError):
        load_content(minimal_copy)
    assert not list((tmp_path / "cache").glob("content-*.json"))


def test_the_cache_can_be_turned_off(minimal_copy, tmp_path, monkeypatch):
    _fresh(monkeypatch, "off")
    monkeypatch.chdir(tmp_path)
    load_content(minimal_copy)
    assert not list(tmp_path.rglob("content-*.json"))


def test_a_same_size_edit_that_keeps_the_time_is_seen(minimal_copy, tmp_path, monkeypatch):
    """cp -p, rsync -t, an unpacked archive or a coarse clock: the key is the bytes, not time and size."""
    _fresh(monkeypatch, tmp_path / "cache")
    assert load_content(minimal_copy).red_flags["heart"].level == "emergency"
    flags = minimal_copy / "red_flags.yaml"
    info = flags.stat()
    flags.write_text(flags.read_text(encoding="utf-8").replace("level: emergency", "level: emergencx", 1),
                     encoding="utf-8")
    os.utime(flags, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert flags.stat().st_size == info.st_size
    clear_cache()  # as in a new process
    with pytest.raises(ContentError, match="emergencx"):
        load_content(minimal_copy)
    with pytest.raises(ContentError, match="emergencx"):  # the in-process cache too, without clearing
        load_content(minimal_copy)


def test_the_cache_is_json_and_a_planted_file_runs_nothing(minimal_copy, tmp_path, monkeypatch):
    import json
    import pickle

    _fresh(monkeypatch, tmp_path / "cache")
    expected = load_content(minimal_copy)
    # One file for the content, one for it filled in for the region in use (uk).
    files = sorted((tmp_path / "cache").glob("content-*.json"))
    assert sorted(f.name.endswith("-uk.json") for f in files) == [False, True]
    for cached in files:
        assert json.loads(cached.read_text(encoding="utf-8"))["value"]

    class Boom:
        def __reduce__(self):
            return (os.system, (f"touch {tmp_path / 'PWNED'}",))

    for cached in files:
        cached.write_bytes(pickle.dumps(Boom()))
    clear_cache()  # as in a new process
    assert load_content(minimal_copy) == expected
    assert not (tmp_path / "PWNED").exists()


def test_a_folder_others_can_write_is_not_used_as_a_cache(minimal_copy, tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    _fresh(monkeypatch, shared)
    load_content(minimal_copy)
    clear_cache()  # as in a new process
    assert not list(shared.iterdir())


def test_validate_never_reads_the_cache(minimal_copy, tmp_path, monkeypatch, capsys):
    from backlearn.cli import main

    cache = tmp_path / "cache"
    _fresh(monkeypatch, cache)
    load_content(minimal_copy)  # a warm disk cache
    assert main(["validate", str(minimal_copy)]) == 0
    # In a new process whose own in-process cache is warm (from the disk, without PyYAML), validate still
    # parses every file (PyYAML is then imported) and opens nothing in the cache folder.
    code = f"""
import contextlib, io, sys, backlearn
from backlearn.cli import main
backlearn.load_content({str(minimal_copy)!r})
print('yaml' in sys.modules)
opened = []
sys.addaudithook(lambda event, args: event == "open" and opened.append(str(args[0])))
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["validate", {str(minimal_copy)!r}])
print(code, 'yaml' in sys.modules)
print(sum(name.startswith({str(cache)!r}) for name in opened))
"""
    assert _in_a_new_process(code) == ["False", "0", "True", "0"]


def test_edits_to_a_new_content_file_change_the_key(minimal_copy):
    from backlearn.content._cache import _fingerprint

    before = _fingerprint(minimal_copy)
    (minimal_copy / "extra.yaml").write_text("x: 1\n", encoding="utf-8")
    assert _fingerprint(minimal_copy) != before
