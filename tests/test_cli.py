"""The backlearn command: output, JSON shape, exit codes, and messages on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from backlearn.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_installed_command_is_on_the_path():
    exe = Path(sys.executable).with_name("backlearn")
    command = [str(exe), "assess", "knot", "between_shoulder_blades", "after_sleeping", "worse_moving", "--json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["triage"] == "self_care"


def test_python_dash_m_backlearn_is_the_command():
    done = subprocess.run([sys.executable, "-m", "backlearn", "assess", "numb_saddle", "--json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["triage"] == "emergency"
    done = subprocess.run([sys.executable, "-m", "backlearn", "assess", "knott"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2 and "did you mean 'knot'" in done.stderr


def test_topics_lists_the_seven_questions(capsys):
    code, out, _ = run(capsys, "topics")
    assert code == 0
    assert out.count("Verdict on the page's claim") == 7
    assert "How often should you get a massage" in out


def test_symptoms_json_has_ids_labels_groups_and_triage(capsys, content):
    code, out, _ = run(capsys, "symptoms", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == len(content.symptoms)
    by_id = {r["id"]: r for r in rows}
    assert by_id["chest_pain"]["triage"] == "emergency"
    assert by_id["knot"]["triage"] is None
    assert all({"id", "label", "group", "triage"} <= set(r) for r in rows)
    assert all(r["triage"] for r in rows if r["warning"] and r["id"] not in {"thin_bones_steroids", "cough_phlegm"})


def test_symptoms_text_is_grouped(capsys):
    code, out, _ = run(capsys, "symptoms")
    assert code == 0 and "Where it hurts" in out and "between_shoulder_blades" in out


def test_assess_text_puts_the_triage_first(capsys):
    code, out, _ = run(capsys, "assess", "knot", "between_shoulder_blades", "chest_pain")
    assert code == 0
    assert out.startswith("EMERGENCY")
    assert "education, not diagnosis" in out.lower()


def test_assess_json(capsys):
    code, out, _ = run(capsys, "assess", "low_back", "past_cancer", "--json")
    data = json.loads(out)
    assert code == 0 and data["triage"] == "urgent"
    assert data["red_flags"][0]["id"] == "cancer_history"
    assert data["red_flags"][0]["because"] == ["past_cancer"]
    for key in ("red_flags", "guidance", "checklists"):
        for item in data[key]:
            assert {"id", "text", "because", "sources"} <= set(item)


def test_assess_accepts_commas(capsys):
    code, out, _ = run(capsys, "assess", "knot,between_shoulder_blades", "--format", "md")
    assert code == 0 and out.startswith("## ")


def test_unknown_id_exits_2_with_a_suggestion_on_stderr(capsys):
    code, out, err = run(capsys, "assess", "knott")
    assert code == 2 and out == ""
    assert "unknown symptom 'knott'; did you mean 'knot'" in err


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["assess"])
    assert caught.value.code == 2
    assert "usage" in capsys.readouterr().err


def test_checklist_markdown_and_html(capsys, tmp_path):
    knot = ("knot", "between_shoulder_blades", "after_sleeping", "worse_moving")
    code, out, _ = run(capsys, "checklist", *knot, "--format", "md")
    assert code == 0 and "- [ ]" in out and out.index("SELF-CARE") < out.index("Checklist")
    target = tmp_path / "plan.html"
    code, out, err = run(capsys, "checklist", "knot", "between_shoulder_blades", "--format", "html", "-o", str(target))
    assert code == 0 and str(target) in err
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'type="checkbox"' in html


def test_validate_ok(capsys):
    code, out, _ = run(capsys, "validate")
    assert code == 0 and "is valid" in out


def test_validate_bad_content_exits_1_and_lists_problems(capsys, minimal_copy):
    path = minimal_copy / "guidance.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("sources: [review]", "sources: [revue]"), encoding="utf-8")
    code, out, err = run(capsys, "validate", str(minimal_copy))
    assert code == 1 and out == ""
    assert "guidance.yaml, line" in err and "unknown source 'revue'" in err


def test_content_option_applies_to_every_command(capsys, minimal_copy):
    code, out, _ = run(capsys, "--content", str(minimal_copy), "assess", "upper", "--json")
    assert code == 0 and json.loads(out)["triage"] == "urgent"


# -- checklist -o: never a traceback, never a replaced device, link or folder ------------------------


def test_checklist_output_problems_are_usage_errors(capsys, tmp_path):
    target_file = tmp_path / "real.md"
    target_file.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target_file)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    cases = {
        "folder": str(tmp_path),
        "missing folder": str(tmp_path / "nope" / "plan.md"),
        "file as folder": str(target_file / "plan.md"),
        "symlink": str(link),
        "device": "/dev/null",
        "existing file": str(target_file),
        "empty name": "",
        "name too long": str(tmp_path / ("x" * 300)),
    }
    for what, output in cases.items():
        code, _, err = run(capsys, "checklist", "knot", "-o", output)
        assert code == 2, what
        assert err.count("\n") == 1 and err.startswith("backlearn: error:"), (what, err)
        assert "Traceback" not in err
    assert link.is_symlink() and target_file.read_text(encoding="utf-8") == "keep me"
    assert Path("/dev/null").is_char_device()


def test_checklist_output_in_an_unwritable_folder_is_a_usage_error(capsys, tmp_path):
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # root ignores file modes: drop the capability in a child
            done = subprocess.run(
                ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                 "--bounding-set=-dac_override,-dac_read_search",
                 sys.executable, "-m", "backlearn.cli", "checklist", "knot", "-o", str(locked / "plan.md")],
                capture_output=True, text=True, check=False,
            )
            code, err = done.returncode, done.stderr
        else:
            code, _, err = run(capsys, "checklist", "knot", "-o", str(locked / "plan.md"))
        assert code == 2 and "Traceback" not in err and "cannot write" in err, err
        assert not list(locked.iterdir())
    finally:
        locked.chmod(0o700)


def test_checklist_force_replaces_a_file_and_keeps_its_mode(capsys, tmp_path):
    target = tmp_path / "plan.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    code, _, _ = run(capsys, "checklist", "knot", "-o", str(target), "--force")
    assert code == 0 and "- [ ]" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o644


def test_an_empty_id_list_is_a_usage_error(capsys):
    for ids in ("", " ", ","):
        for command in ("assess", "checklist"):
            code, out, err = run(capsys, command, ids)
            assert code == 2 and out == "" and "no symptom ids" in err


@pytest.mark.parametrize("port", ["0", "-1", "65536", "99999", "http"])
def test_app_port_outside_1_to_65535_is_a_usage_error(capsys, port):
    with pytest.raises(SystemExit) as caught:
        main(["app", "--port", port])
    assert caught.value.code == 2
    assert "port" in capsys.readouterr().err


def test_two_answers_to_a_pick_one_question_are_a_usage_error(capsys, content):
    group = next(g for g in content.groups.values() if g.choose == "one")
    code, out, err = run(capsys, "assess", *group.symptoms[:2])
    assert code == 2 and out == "" and "pick one" in err


def test_backlearn_alone_prints_the_help(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "usage:" in out and "assess" in out and "checklist" in out


# -- checklist -o: the format follows the file's name ---------------------------------------------


@pytest.mark.parametrize(("name", "given", "expected"), [
    ("plan.html", None, "html"), ("PLAN.HTM", None, "html"), ("plan.md", None, "md"), ("plan.txt", None, "md"),
    ("plan.html", "md", "md"), ("plan.md", "html", "html"),
])
def test_checklist_output_format_follows_the_suffix_unless_format_says(capsys, tmp_path, name, given, expected):
    target = tmp_path / name
    extra = ("--format", given) if given else ()
    code, _, err = run(capsys, "checklist", "knot", "-o", str(target), *extra)
    assert code == 0 and "Wrote your plan" in err
    text = target.read_text(encoding="utf-8")
    if expected == "html":
        assert text.lstrip().lower().startswith("<!doctype html") and "<title>" in text and 'lang="' in text
    else:
        assert not text.lstrip().startswith("<") and text.lstrip().startswith("#")


def test_a_folder_given_to_checklist_suggests_a_name_of_the_right_kind(capsys, tmp_path):
    code, _, err = run(capsys, "checklist", "knot", "--format", "html", "-o", str(tmp_path))
    assert code == 2 and "plan.html" in err


# -- README's command-line examples work as written after `make lab` -------------------------------

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    """Every concrete backlearn command in README's code blocks (synopsis lines with ID, FILE, [..] are not)."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", readme, flags=re.S):
        for line in block.splitlines():
            line = line.removeprefix("$ ").split("  #")[0].strip()
            if line.startswith("backlearn ") and not re.search(r"[\[\]|]|\b(ID|FILE|PATH|DIR)\b|\.\.\.", line):
                commands.append(line)
    return list(dict.fromkeys(commands))


def test_readme_tells_how_to_reach_the_command_after_make_lab():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The command line", 1)[1].split("\n## ", 1)[0]
    assert "source .venv/bin/activate" in section and ".venv/bin/backlearn" in section
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert ".venv" in makefile, "make lab must build the .venv the README names"


@pytest.mark.parametrize("command", _readme_commands())
def test_each_readme_example_runs_as_written(command, tmp_path):
    import shlex

    assert len(_readme_commands()) >= 4
    executable = Path(sys.executable).with_name("backlearn")  # what `source .venv/bin/activate` puts first
    done = subprocess.run([str(executable), *shlex.split(command)[1:]], cwd=tmp_path, capture_output=True,
                          text=True, check=False, timeout=120)
    assert done.returncode == 0, f"{command!r} failed ({done.returncode}): {done.stderr[-800:]}"
    assert done.stdout.strip() or done.stderr.strip()
