"""Every content file through one guarded reader (issue 24, review M2 and Low 4): lessons.yaml, pack.yaml
and short_mode.yaml get the same one-line errors as the other content files (never a traceback or a
hang), one error per real problem, and the app shows learners a plain page instead of Voilà's error."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from backlearn import app, load_content
from backlearn.cli import main
from backlearn.content import OPTIONAL_FILES, REQUIRED_FILES, ContentError
from backlearn.widgets.page import CONTENT_PROBLEM_HTML

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TEACHER_FILES = ("lessons.yaml", "pack.yaml", "short_mode.yaml", "safeguarding.yaml")


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the shipped content; the cache off, so every load reads the files."""
    monkeypatch.setenv("BACKLEARN_CACHE", "off")
    folder = tmp_path / "course"
    shutil.copytree(DATA, folder)
    return folder


def _folder(p: Path) -> None:
    p.unlink()
    p.mkdir()


def _fifo(p: Path) -> None:
    p.unlink()
    os.mkfifo(p)


def _loop(p: Path) -> None:
    p.unlink()
    p.symlink_to(p.name)


def _dangling(p: Path) -> None:
    p.unlink()
    p.symlink_to("gone.yaml")


def _latin1(p: Path) -> None:
    p.write_bytes(b"# caf\xe9\n" + p.read_bytes())


def _syntax(p: Path) -> None:
    p.write_text("top: [oops\n", encoding="utf-8")


def _nul(p: Path) -> None:
    p.write_text("a: b\x00\n", encoding="utf-8")


def _huge(p: Path) -> None:
    with p.open("r+b") as handle:
        handle.truncate(6_000_000)


KINDS: dict[str, Callable[[Path], None]] = {
    "a folder": _folder, "a FIFO": _fifo, "a link loop": _loop, "a dangling link": _dangling,
    "not UTF-8": _latin1, "a YAML syntax error": _syntax, "a NUL byte": _nul, "a huge file": _huge,
}


@pytest.mark.parametrize("name", TEACHER_FILES)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_validate_gives_one_clear_line_for_every_odd_teaching_or_short_mode_file(
    course: Path, name: str, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: tracebacks (IsADirectoryError, UnicodeDecodeError, YamlSyntaxError), a hang on a FIFO,
    a dangling link accepted, a link loop called 'file missing'."""
    KINDS[kind](course / name)
    started = time.monotonic()
    code = main(["validate", str(course)])
    err = capsys.readouterr().err
    assert time.monotonic() - started < 10, "a FIFO must never be opened"
    assert code == 1, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("  - ")]
    assert len(lines) == 1 and lines[0].startswith(f"  - {name}, line "), err
    if kind == "a link loop":
        assert "missing" not in lines[0]
    if kind == "a dangling link":
        assert "a link to gone.yaml, which does not exist" in lines[0]


def test_a_misspelt_short_mode_field_is_named_with_a_suggestion(course: Path) -> None:
    path = course / "short_mode.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("adults_only_note:", "adults_only_nte:"),
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(course)
    text = str(caught.value)
    assert "field 'adults_only_nte': unknown field" in text and "did you mean 'adults_only_note'" in text
    assert all(problem.file == "short_mode.yaml" and problem.line > 0 for problem in caught.value.problems)


def test_a_short_mode_error_is_a_content_error_for_validate(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (course / "short_mode.yaml").write_text("", encoding="utf-8")
    assert main(["validate", str(course)]) == 1
    assert "  - short_mode.yaml, line 1: expected the short mode's settings" in capsys.readouterr().err


def test_a_copy_without_short_mode_uses_the_shipped_settings(course: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Before: with BACKLEARN_CONTENT pointing at the copy, `validate` and `SymptomExplorer()` crashed with
    FileNotFoundError (the 'shipped' file was looked for in the copy)."""
    (course / "short_mode.yaml").unlink()
    monkeypatch.setenv("BACKLEARN_CONTENT", str(course))
    assert main(["validate"]) == 0, capsys.readouterr().err
    from backlearn.widgets.explorer import SymptomExplorer

    shipped = load_content(DATA).short_mode
    assert SymptomExplorer().short_rules == shipped and shipped.adults_only


def test_a_broken_red_flags_file_gives_one_problem_not_89(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before: the real problem, then one 'unknown flag' line for each of guidance.yaml's avoid_if_flags."""
    flags = course / "red_flags.yaml"
    for break_it, expected in ((_folder, "is a folder"), (_loop, "cannot be opened"), (_syntax, "not valid YAML")):
        shutil.rmtree(flags) if flags.is_dir() else flags.unlink()
        shutil.copy(DATA / "red_flags.yaml", flags)
        break_it(flags)
        assert main(["validate", str(course)]) == 1
        lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("  - ")]
        assert len(lines) == 1 and lines[0].startswith("  - red_flags.yaml, line ") and expected in lines[0], lines
    flags.unlink()
    flags.write_text("[]\n", encoding="utf-8")
    assert main(["validate", str(course)]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("  - ")]
    assert lines == ["  - red_flags.yaml, line 1: defines no red flags; expected at least one"]


def test_nesting_too_deep_names_a_line(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flags = course / "red_flags.yaml"
    flags.write_text("- id: x\n  when: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert main(["validate", str(course)]) == 1
    err = capsys.readouterr().err
    assert "  - red_flags.yaml, line 2: is nested too deeply" in err, err


def test_the_app_refuses_to_start_on_what_validate_refuses(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKLEARN_CONTENT", str(course))
    assert app._content_problem() is None
    for name in ("short_mode.yaml", "lessons.yaml", "pack.yaml"):
        original = (course / name).read_bytes()
        _syntax(course / name)
        problem = app._content_problem()
        assert problem is not None and f"  - {name}, line " in problem
        (course / name).write_bytes(original)


def test_the_app_page_shows_tell_your_teacher_and_logs_the_error(course: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("BACKLEARN_CONTENT", str(course))
    assert app.content_problem_page() is None
    (course / "short_mode.yaml").write_text("top_advice: [oops\n", encoding="utf-8")
    page = app.content_problem_page()
    assert page is not None
    assert "Tell your teacher: the course content has a problem" in page.value
    assert page.value == CONTENT_PROBLEM_HTML, "one wording: the app's page and app_page show the same"
    assert "short_mode.yaml" not in page.value and "Traceback" not in page.value
    assert "short_mode.yaml, line 2: not valid YAML" in capfd.readouterr().err


def test_the_running_app_never_shows_voilas_error_page_when_content_breaks(course: Path, tmp_path: Path) -> None:
    """Content broken while the app runs (a teacher editing short_mode.yaml): the page loads without
    Voilà's 'There was an error when executing cell', and the error is in the server's log."""
    import urllib.request

    if app.missing_packages():
        pytest.skip("the app extra is not installed")
    env = {**os.environ, "BACKLEARN_CONTENT": str(course)}
    log_path = tmp_path / "voila.log"
    with log_path.open("wb") as log, app.start(log=log, env=env) as server:
        (course / "short_mode.yaml").write_text("top_advice: [oops\n", encoding="utf-8")
        with urllib.request.urlopen(server.url, timeout=120) as response:
            html = response.read().decode("utf-8", "replace")
        assert response.status == 200
        assert "There was an error when executing cell" not in html and "Traceback" not in html
        deadline = time.monotonic() + 30
        while "short_mode.yaml, line 2" not in log_path.read_text("utf-8", "replace") and time.monotonic() < deadline:
            time.sleep(0.2)
    assert "the content has a problem" in log_path.read_text("utf-8", "replace")


def _misspelt(key: str) -> str:
    return key[:-2] + key[-1] + key[-2]  # title -> titel


@pytest.mark.parametrize("name", sorted(REQUIRED_FILES + OPTIONAL_FILES))
def test_validate_names_a_misspelt_field_in_every_kind_of_content_file(
    course: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every content file, the teacher's and short mode's included, is read by the one reader: a misspelt
    field is reported with its file, line and a did-you-mean (before: short_mode.yaml had none)."""
    path = course / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(n for n, line in enumerate(lines) if re.match(r"(- )?[a-z_]+:", line))
    if lines[first].startswith("- "):  # a list of records: misspell the first record's second field
        key = re.match(r"\s+([a-z_]+):", lines[first + 1]).group(1)  # type: ignore[union-attr]
        lines.insert(first + 1, f"  {_misspelt(key)}: x\n")
        line = first + 2
    else:  # one mapping: misspell its first field at the top
        key = lines[first].split(":")[0]
        lines.insert(first, f"{_misspelt(key)}: x\n")
        line = first + 1
    path.write_text("".join(lines), encoding="utf-8")
    assert main(["validate", str(course)]) == 1
    err = capsys.readouterr().err
    assert f"  - {name}, line {line}, field '{_misspelt(key)}': unknown field" in err, err
    assert f"did you mean '{key}'" in err, err
    assert "Traceback" not in err


def test_a_field_left_out_takes_the_default_its_record_declares(course: Path) -> None:
    """Optional exactly when the dataclass gives a default: a checklist's intro (default '') may go,
    its title (no default) may not."""
    path = course / "checklists.yaml"
    text = path.read_text(encoding="utf-8")
    first_intro = re.search(r"^  intro: .*\n", text, flags=re.MULTILINE)
    assert first_intro is not None
    path.write_text(text[: first_intro.start()] + text[first_intro.end():], encoding="utf-8")
    load_content(course)
    path.write_text(text.replace("  title: ", "  # title: ", 1), encoding="utf-8")
    with pytest.raises(ContentError, match=r"checklists.yaml, line \d+, field 'title': missing; expected some text"):
        load_content(course)


def test_a_copy_without_the_teachers_files_validates_and_the_pack_names_what_it_needs(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The teacher's files are optional content files (a learner-only copy leaves them out); the pack
    needs them, and says which."""
    for name in ("lessons.yaml", "pack.yaml", "glossary.yaml", "safeguarding.yaml"):
        (course / name).unlink()
    assert main(["validate", str(course)]) == 0, capsys.readouterr().err
    (course / "pack.yaml").write_bytes((DATA / "pack.yaml").read_bytes())
    assert main(["validate", str(course)]) == 1
    err = capsys.readouterr().err
    assert "  - lessons.yaml, line 0: file missing; the teacher pack needs it" in err, err
    assert "  - glossary.yaml, line 0: file missing; the teacher pack needs it" in err, err
    from backlearn.safeguarding import load_safeguarding

    with pytest.raises(ContentError, match=r"safeguarding\.yaml, line 0: file missing; the teacher pack needs it"):
        load_safeguarding(load_content(course))


def test_every_declared_field_is_a_field_of_its_record() -> None:
    """A field is declared once, on the record's dataclass (the reader takes from it which fields a file
    may leave out): a reader declared for a name the record lacks is caught here, not by a TypeError on
    some teacher's load. Fields read by hand (a helpline's 'for' is its ``audience``) are left out."""
    from dataclasses import fields, is_dataclass

    from backlearn.content import (
        _glossary_regions,
        _kinds_guidance,
        _kinds_safety,
        _kinds_symptoms,
        _kinds_teacher,
        _parse_teaching,
        _reader,
    )
    from backlearn.content.regions import PLACEHOLDERS

    modules = (_glossary_regions, _kinds_symptoms, _kinds_safety, _kinds_guidance, _kinds_teacher, _parse_teaching)
    kinds = [kind for module in modules for kind in vars(module).values() if isinstance(kind, _reader._Kind)]
    assert len(kinds) > 20
    for kind in kinds:
        if not is_dataclass(kind.make):  # regions.yaml: a region's fields are the placeholders (Region.values)
            given = [name for name in PLACEHOLDERS if name != "region_name"]
            assert [spec.name for spec in kind.fields] == ["name", *given, "sources"], kind.what
            continue
        record = {spec.name: spec for spec in fields(kind.make)}
        for spec in kind.fields:
            if spec.read is None:
                continue
            assert spec.name in record, f"{kind.what}: '{spec.name}' is not a field of {kind.make.__name__}"
