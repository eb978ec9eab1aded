"""`backlearn validate` refuses unsafe content and never crashes on a strange file (issue 12).

Each case starts from the small valid fixture (tests/fixtures/minimal) and breaks one thing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backlearn.cli import main

TAIL_CASES = """
- id: accident
  title: A fall
  person: {name: Sam, age: 40}
  region: low
  story: Sam fell.
  symptoms: [low, chest]
  expected_triage: emergency
  teaching_point: Chest pain comes first.
  sources: [guide]
"""


def _validate(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["validate", str(folder)])
    out, err = capsys.readouterr()
    return code, out + err


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- safety properties -----------------------------------------------------------------------------


def test_a_warning_sign_no_red_flag_names_is_refused(minimal_copy, capsys):
    _edit(minimal_copy, "symptoms.yaml", "    - id: chest\n", "    - id: cough_blood\n      label: Coughing blood\n"
          "    - id: chest\n")
    code, out = _validate(minimal_copy, capsys)
    assert code == 1 and "symptoms.yaml, line" in out and "'cough_blood' is a warning sign, but no red flag" in out


def test_deleting_the_only_flag_of_a_warning_sign_is_refused(minimal_copy, capsys):
    _edit(minimal_copy, "red_flags.yaml", "  when: chest\n", "  when: weak_leg\n")
    code, out = _validate(minimal_copy, capsys)
    assert code == 1 and "'chest' is a warning sign, but no red flag names it" in out


def test_a_none_list_that_could_cancel_a_warning_sign_is_refused(minimal_copy, capsys):
    _edit(minimal_copy, "red_flags.yaml", "  when: chest\n", "  when:\n    all: [chest, {none: [strain]}]\n")
    _edit(minimal_copy, "red_flags.yaml", "  sources: [guide]\n", "  reassured_by: A strain.\n  sources: [guide]\n")
    code, out = _validate(minimal_copy, capsys)
    assert code == 1 and "red_flags.yaml, line 4, field 'when'" in out and "warning sign(s) chest" in out


def test_a_case_study_the_engine_disagrees_with_is_refused(minimal_copy, capsys):
    (minimal_copy / "cases.yaml").write_text(TAIL_CASES, encoding="utf-8")
    assert _validate(minimal_copy, capsys)[0] == 0
    _edit(minimal_copy, "cases.yaml", "expected_triage: emergency", "expected_triage: soon")
    code, out = _validate(minimal_copy, capsys)
    assert code == 1 and "cases.yaml, line 8, field 'expected_triage'" in out and "backlearn gives emergency" in out


def test_the_engines_checks_run_on_every_public_load_and_a_warm_cache_never_skips_them(minimal_copy, tmp_path,
                                                                                      monkeypatch):
    """The content package loads without the engine (it never imports it); the public loader adds
    the engine's checks, on a fresh parse, and keeps what it checked in cache entries of its own."""
    import backlearn
    from backlearn import content as content_package
    from backlearn import places

    monkeypatch.setenv(places.CACHE_ENV, str(tmp_path / "cache"))
    (minimal_copy / "cases.yaml").write_text(TAIL_CASES.replace("expected_triage: emergency",
                                                                "expected_triage: soon"), encoding="utf-8")
    without_engine = content_package.read_content(minimal_copy)  # warms the cache for content alone
    assert without_engine.cases["accident"].expected_triage == "soon"
    for _ in ("a warm cache in this process", "a warm disk cache in a new process"):
        with pytest.raises(backlearn.ContentError) as caught:
            backlearn.load_content(minimal_copy)
        assert [str(p) for p in caught.value.problems] == [
            "cases.yaml, line 8, field 'expected_triage': expected_triage is soon, but backlearn gives emergency "
            "for these symptoms; correct the case or the red flags"]
        content_package.clear_cache()
    _edit(minimal_copy, "cases.yaml", "expected_triage: soon", "expected_triage: emergency")
    assert backlearn.load_content(minimal_copy).cases["accident"].expected_triage == "emergency"


def test_an_edit_of_the_engine_is_an_edit_of_the_cache_key():
    """The engine's checks decide what is cached, so the engine's code is part of the cache key."""
    from backlearn.content._loader import _checks_code_and_tag
    from backlearn.engine import promises

    code, tag = _checks_code_and_tag(promises.CHECKS)
    assert code == (Path(promises.__file__).resolve().parent,) and tag
    assert _checks_code_and_tag(()) == ((), "")


def test_downgrading_an_emergency_is_caught_by_the_case_studies(minimal_copy, capsys):
    (minimal_copy / "cases.yaml").write_text(TAIL_CASES, encoding="utf-8")
    _edit(minimal_copy, "red_flags.yaml", "level: emergency", "level: soon")
    code, out = _validate(minimal_copy, capsys)
    assert code == 1 and "backlearn gives soon" in out


def test_a_group_must_say_whether_it_is_pick_one(minimal_copy, capsys):
    _edit(minimal_copy, "symptoms.yaml", "  choose: many\n", "")
    code, out = _validate(minimal_copy, capsys)
    assert code == 1 and "symptoms.yaml, line 1, field 'choose': missing; expected one of one, many" in out


def test_two_topics_with_one_number_and_guidance_never_shown_are_refused(minimal_copy, capsys):
    topics = (minimal_copy / "topics.yaml").read_text(encoding="utf-8")
    (minimal_copy / "topics.yaml").write_text(topics + topics.replace("id: ", "id: b", 1), encoding="utf-8")
    code, out = _validate(minimal_copy, capsys)
    assert code == 1 and "is also the number of" in out
    shutil.copy(Path(__file__).parent / "fixtures" / "minimal" / "topics.yaml", minimal_copy / "topics.yaml")
    guidance = (minimal_copy / "guidance.yaml").read_text(encoding="utf-8")
    applies = guidance.split("applies_to:")[1].split("\n")[0]
    (minimal_copy / "guidance.yaml").write_text(
        guidance.replace(f"applies_to:{applies}", f"applies_to:{applies}\n  avoid_if:{applies}", 1), encoding="utf-8"
    )
    code, out = _validate(minimal_copy, capsys)
    assert code == 1 and "can never be shown" in out


def test_the_shipped_content_passes_the_safety_checks(capsys):
    assert main(["validate"]) == 0


# -- files that are not what they should be ----------------------------------------------------------


def _one_problem(out: str, name: str) -> None:
    assert "Traceback" not in out
    assert out.startswith("backlearn: 1 problem in the content at"), out
    assert f"  - {name}, line" in out


@pytest.mark.timeout(30)
def test_a_folder_a_link_loop_a_dangling_link_and_a_pipe_each_get_one_line(minimal_copy, capsys):
    target = minimal_copy / "guidance.yaml"
    for make in ("folder", "loop", "dangling", "fifo", "optional dangling"):
        name = "quizzes.yaml" if make == "optional dangling" else "guidance.yaml"
        path = minimal_copy / name
        saved = target.read_bytes()
        path.unlink(missing_ok=True)
        if make == "folder":
            path.mkdir()
        elif make == "loop":
            path.symlink_to(path)
        elif make in ("dangling", "optional dangling"):
            path.symlink_to(minimal_copy / "gone.yaml")
        else:
            os.mkfifo(path)
        code, out = _validate(minimal_copy, capsys)
        assert code == 1, make
        _one_problem(out, name)
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink()
        target.write_bytes(saved)


@pytest.mark.timeout(30)
def test_an_unreadable_file_gets_one_line(minimal_copy):
    path = minimal_copy / "guidance.yaml"
    path.chmod(0o000)
    try:
        done = subprocess.run(  # as root, drop the capability that ignores file modes
            (["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"]
             if os.geteuid() == 0 else [])
            + [sys.executable, "-m", "backlearn.cli", "validate", str(minimal_copy)],
            capture_output=True, text=True, check=False, env={**os.environ, "BACKLEARN_CACHE": "off"},
        )
    finally:
        path.chmod(0o644)
    assert done.returncode == 1
    _one_problem(done.stderr, "guidance.yaml")
    assert "Permission denied" in done.stderr


@pytest.mark.timeout(30)
def test_deep_nesting_and_an_alias_bomb_are_refused_quickly(minimal_copy, capsys):
    deep = "chest"
    for _ in range(450):
        deep = f"{{any: [{deep}]}}"
    _edit(minimal_copy, "red_flags.yaml", "  when: chest\n", f"  when: {deep}\n")
    code, out = _validate(minimal_copy, capsys)
    assert code == 1 and "Traceback" not in out and ("nested" in out)
    shutil.copy(Path(__file__).parent / "fixtures" / "minimal" / "red_flags.yaml", minimal_copy / "red_flags.yaml")
    bomb = ["a0: &a0 [chest, chest, chest, chest, chest, chest, chest, chest, chest, chest]"]
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    flags = (minimal_copy / "red_flags.yaml").read_text(encoding="utf-8")
    (minimal_copy / "red_flags.yaml").write_text(
        flags.replace("  when: chest\n", "  when: {any: &bomb [" + ", ".join(["*a8"] * 10) + "]}\n  x_anchors: "
                      + "{" + ", ".join(b.replace(":", ":", 1) for b in bomb) + "}\n", 1),
        encoding="utf-8",
    )
    code, out = _validate(minimal_copy, capsys)
    assert code == 1 and "Traceback" not in out


def test_one_syntax_error_gives_one_problem(minimal_copy, capsys):
    for name in ("sources.yaml", "symptoms.yaml", "topics.yaml"):
        saved = (minimal_copy / name).read_text(encoding="utf-8")
        (minimal_copy / name).write_text(saved.replace("\n", "\n  broken: [oops\n", 1), encoding="utf-8")
        code, out = _validate(minimal_copy, capsys)
        assert code == 1
        _one_problem(out, name)
        (minimal_copy / name).write_text(saved, encoding="utf-8")


def test_line_numbers_point_at_the_field(minimal_copy, capsys):
    _edit(minimal_copy, "sources.yaml", "kind: ", "kind:\n  x_was: ")
    code, out = _validate(minimal_copy, capsys)
    assert code == 1 and "field 'kind': is empty" in out
    line = int(re.search(r"sources.yaml, line (\d+), field 'kind'", out).group(1))
    assert (minimal_copy / "sources.yaml").read_text(encoding="utf-8").splitlines()[line - 1].startswith("  kind:")
    shutil.copy(Path(__file__).parent / "fixtures" / "minimal" / "sources.yaml", minimal_copy / "sources.yaml")

    text = (minimal_copy / "guidance.yaml").read_text(encoding="utf-8")
    (minimal_copy / "guidance.yaml").write_text(text.replace("title: ", 'title: "', 1), encoding="utf-8")
    code, out = _validate(minimal_copy, capsys)
    line = int(out.split("guidance.yaml, line ")[1].split(":")[0].split(",")[0])
    assert '"' in text.replace("title: ", 'title: "', 1).splitlines()[line - 1]

    (minimal_copy / "guidance.yaml").write_text(text.replace("title: ", "title: \x00", 1), encoding="utf-8")
    code, out = _validate(minimal_copy, capsys)
    line = int(out.split("guidance.yaml, line ")[1].split(":")[0].split(",")[0])
    assert "title:" in text.splitlines()[line - 1]

    (minimal_copy / "guidance.yaml").write_bytes(text.replace("title: ", "title: caf\xe9 ", 1).encode("latin-1"))
    code, out = _validate(minimal_copy, capsys)
    line = int(out.split("guidance.yaml, line ")[1].split(":")[0].split(",")[0])
    assert "title:" in text.splitlines()[line - 1] and "UTF-8" in out
