"""Emergency numbers and services by region: every answer names the region's own, and only those."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from backlearn import assess, load_content, render_json, render_markdown, render_text, symptom_levels
from backlearn.cli import main
from backlearn.content import ContentError
from backlearn.content.regions import PLACEHOLDERS, UnknownRegionError
from backlearn.export import plan
from backlearn.places import REGION_ENV
from backlearn.settings import chosen_region, read_settings, save_setting, settings_path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
REGIONS = ("uk", "us", "ca", "ie", "au", "nz", "eu")

#: What each level's answer must name, by placeholder.
NAMED = {
    "emergency": ("emergency_number", "emergency_department", "region_name"),
    "urgent": ("doctor", "health_line", "urgent_service"),
    "soon": ("doctor",),
}


def _one_symptom_at(level: str) -> str:
    content = load_content()
    return next(s for s, lvl in symptom_levels(content).items() if lvl == level)


def _words(text: str) -> str:
    """Wrapped lines joined again, so a number split over two lines is found."""
    return " ".join(text.split())


def _foreign_values(region_id: str) -> set[str]:
    """Values other regions give that this region's text must never show: numbers and names
    it does not share (Canada's 911 is the US's too; Ireland's 999 is the UK's too)."""
    regions = load_content().regions
    own = regions[region_id].values
    foreign: set[str] = set()
    for other in regions.values():
        if other.id == region_id:
            continue
        for name, value in other.values.items():
            if name in ("aspirin_advice", "region_name"):
                continue
            if not any(value in mine or mine in value for mine in own.values()):
                foreign.add(value)
        foreign.update(n for n in re.findall(r"\d[\d ]*\d", other.values["emergency_number"])
                       if not any(n in mine for mine in own.values()))
    return foreign


def test_the_issue_lists_seven_regions_each_with_every_placeholder():
    content = load_content()
    assert tuple(content.regions) == REGIONS
    for region in content.regions.values():
        assert set(region.values) == set(PLACEHOLDERS)
        assert region.sources["emergency_number"].startswith("https://")
    numbers = {r: content.regions[r].values["emergency_number"] for r in REGIONS}
    assert numbers == {"uk": "999", "us": "911", "ca": "911", "ie": "112 or 999", "au": "000", "nz": "111", "eu": "112"}


@pytest.mark.parametrize("region_id", REGIONS)
@pytest.mark.parametrize("level", ["emergency", "urgent", "soon"])
def test_each_answer_names_its_regions_services_and_no_other(region_id, level):
    content = load_content(region=region_id)
    region = content.regions[region_id]
    result = assess([_one_symptom_at(level)], content)
    assert result.triage == level
    views = {
        "text": _words(render_text(result)),
        "markdown": _words(render_markdown(result)).replace("&amp;", "&"),
        "json": render_json(result),
        "plan": _words(plan(result, "md")).replace("&amp;", "&"),
    }
    for view, text in views.items():
        for name in NAMED[level]:
            assert region.values[name] in text, f"{view} of a {level} answer in {region_id} lacks {name}"
        for value in _foreign_values(region_id):
            assert not re.search(rf"(?<![\w]){re.escape(value)}(?![\w])", text), (
                f"{view} of a {level} answer in {region_id} shows {value!r}, another region's"
            )
        assert "{" not in text.replace("{\n", "").replace('{"', ""), f"{view} kept a placeholder"
    assert json.loads(views["json"])["region"] == region_id


def test_the_region_is_named_beside_the_emergency_action():
    for region_id in REGIONS:
        content = load_content(region=region_id)
        action = content.levels["emergency"].action
        assert content.regions[region_id].name in action
        assert content.regions[region_id].values["emergency_number"] in action


def test_heart_attack_aspirin_advice_follows_the_regions_guideline():
    """The call handler decides in every region; where the region's own guideline names a dose,
    the advice says whose it is, and regions.yaml cites it."""
    advice = {r: [f.do for f in load_content(region=r).red_flags.values() if "aspirin" in f.do] for r in REGIONS}
    for region_id, texts in advice.items():
        assert texts and all(re.search(r"call handler (may tell you to|decides if you should) chew an aspirin", t)
                             for t in texts), region_id
        # The UK's age (16) is not the US or Canadian one (review 2026-12, N19).
        age = "children or teenagers" if region_id in ("us", "ca") else "under 16"
        assert all(age in t for t in texts), region_id
    assert "mg" not in advice["uk"][0]
    assert "American Heart Association" in advice["us"][0] and "325 mg" in advice["us"][0]
    assert "Heart and Stroke Canada" in advice["ca"][0] and "ASA" in advice["ca"][0]
    assert load_content().regions["us"].sources["aspirin_advice"].startswith("https://www.heart.org/")


# ----------------------------------------------------------------------------- the content scan

#: Service names and numbers the issue names; they belong in regions.yaml only.
UK_LITERALS = re.compile(r"(?<![\w&])(999|A&E|GP|NHS 111)(?![\w&])")


def _learner_text_files() -> list[Path]:
    files = [p for p in sorted(DATA.glob("*.yaml")) if p.name != "regions.yaml"]
    return files + sorted((ROOT / "notebooks").glob("*.ipynb")) + [ROOT / "src/backlearn/app_notebooks/explorer.ipynb"]


def _sources(path: Path) -> list[tuple[str, str]]:
    """(where, text) pieces of a file a learner reads: a YAML file's lines, a notebook's cell sources
    (outputs show the default region's values on purpose)."""
    if path.suffix == ".yaml":
        return [(f"{path.name}:{n}", line) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)]
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(f"{path.name} cell {n}", "".join(c["source"])) for n, c in enumerate(cells)]


def test_no_content_outside_regions_yaml_names_a_uk_service():
    found = [
        f"{where}: {match.group(1)}"
        for path in _learner_text_files()
        for where, text in _sources(path)
        for match in UK_LITERALS.finditer(text)
    ]
    assert not found, "write a placeholder such as {emergency_number} instead:\n" + "\n".join(found)


def test_the_scan_finds_what_it_looks_for():
    assert UK_LITERALS.search("Call 999 now") and UK_LITERALS.search("go to A&E.")
    assert UK_LITERALS.search("see your GP") and UK_LITERALS.search("call NHS 111")
    assert not UK_LITERALS.search("GPS 9990 A&Eb")


# ----------------------------------------------------------------------------- validation


def _first_do_says(folder: Path, line: str) -> None:
    """Replace the first red flag's 'do' line (line 5 of the small content's red_flags.yaml)."""
    flags = folder / "red_flags.yaml"
    flags.write_text(flags.read_text(encoding="utf-8").replace("do: Call {emergency_number}.", line, 1),
                     encoding="utf-8")


def test_unknown_placeholder_is_refused_with_file_line_and_field(minimal_copy):
    _first_do_says(minimal_copy, "do: Call {emergency_nummber}.")
    with pytest.raises(ContentError) as caught:
        load_content(minimal_copy)
    problem = next(p for p in caught.value.problems if "placeholder" in p.message)
    assert (problem.file, problem.field) == ("red_flags.yaml", "do") and problem.line == 5
    assert "did you mean 'emergency_number'" in problem.message


@pytest.mark.parametrize("literal", ["999", "911", "A&E", "GP", "NHS 111", "emergency room", "a physio",
                                     "a physical therapist", "the first aider"])
def test_a_written_out_service_name_or_number_is_refused(minimal_copy, literal):
    _first_do_says(minimal_copy, f"do: Call {literal}.")
    with pytest.raises(ContentError) as caught:
        load_content(minimal_copy)
    word = literal.removeprefix("a ").removeprefix("the ")
    assert any(f"'{word}'" in p.message and p.field == "do" and p.line == 5 for p in caught.value.problems)


def test_everyday_numbers_and_words_are_not_refused(minimal_copy):
    _first_do_says(minimal_copy, "do: Walk 10,000 steps; take 2 to 6 weeks; see a doctor or a {physio}; "
                                 "1999 was a year; physiotherapy helps.")
    load_content(minimal_copy)


def test_a_stray_brace_is_refused(minimal_copy):
    _first_do_says(minimal_copy, "do: Call {emergency_number.")
    with pytest.raises(ContentError, match="brace"):
        load_content(minimal_copy)


def test_the_emergency_action_must_name_the_region(minimal_copy):
    levels = minimal_copy / "levels.yaml"
    levels.write_text(levels.read_text(encoding="utf-8").replace(" ({region_name})", ""), encoding="utf-8")
    with pytest.raises(ContentError, match=r"levels.yaml, line 1, field 'action': the emergency action must name"):
        load_content(minimal_copy)


def test_a_teacher_adds_a_region_without_code(minimal_copy):
    regions = minimal_copy / "regions.yaml"
    regions.write_text(regions.read_text(encoding="utf-8") + """
- id: de
  name: Germany
  emergency_number: "112"
  emergency_department: the Notaufnahme (emergency department)
  doctor: your Hausarzt (family doctor)
  health_line: the 116 117 medical helpline
  urgent_service: an on-call practice
  physio: physiotherapist
  school_first_aid: the school nurse or first aider
  school_wellbeing: the school counsellor
  aspirin_advice: Ask the 112 call handler about aspirin.
  sources:
    emergency_number: https://www.116117.de/
    health_line: https://www.116117.de/
    aspirin_advice: https://www.116117.de/
""", encoding="utf-8")
    content = load_content(minimal_copy, region="de")
    result = assess(["chest"], content)
    assert "Call 112 now" in render_text(result) and "Germany" in render_text(result)
    # The new region's numbers are refused in text from now on, like the others.
    _first_do_says(minimal_copy, "do: Call 116 117.")
    with pytest.raises(ContentError, match="'116 117'"):
        load_content(minimal_copy, region="de")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('emergency_number: "911"', "emergency_number: 911", "write the number in quotes"),
        ("    emergency_number: https://www.911.gov/\n", "", "missing a source for emergency_number"),
        ("  urgent_service: an urgent care center\n", "", "field 'urgent_service': missing"),
        ("  doctor: your primary care doctor", "  doctor: your {doctor}", "cannot hold braces"),
        ("  doctor: your primary care doctor", "  doctor: x\n  docter: y", "did you mean 'doctor'"),
        ("    emergency_number: https://www.911.gov/", "    emergency_numbr: https://www.911.gov/",
         "field 'emergency_numbr': unknown field; expected one of emergency_number, emergency_department, doctor, "
         "health_line, urgent_service, aspirin_advice, physio, school_first_aid, school_wellbeing; "
         "did you mean 'emergency_number' or 'emergency_department'?"),
        ("  physio: physical therapist", "  physio: physical therapist\n  physio_trm: Physical therapist",
         "field 'physio_trm': unknown field; expected one of id, name, emergency_number"),
    ],
)
def test_regions_yaml_is_validated_like_the_other_content(minimal_copy, old, new, expected):
    regions = minimal_copy / "regions.yaml"
    text = regions.read_text(encoding="utf-8")
    assert old in text
    regions.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(minimal_copy)
    message = str(caught.value)
    assert expected in message and "regions.yaml, line" in message


def test_an_unknown_region_names_the_ones_there_are():
    with pytest.raises(UnknownRegionError, match=r"unknown region 'usa'.*did you mean 'us'.*uk, us, ca"):
        load_content(region="usa")


# ----------------------------------------------------------------------------- choosing the region


def test_default_is_uk_then_the_learners_pick_then_the_class_setting_then_the_option(monkeypatch):
    assert chosen_region() is None and load_content().region.id == "uk"
    save_setting("region", "ie")
    assert chosen_region()[0] == "ie" and load_content().region.id == "ie"
    monkeypatch.setenv(REGION_ENV, "au")
    assert chosen_region() == ("au", "$BACKLEARN_REGION")
    assert load_content().region.id == "au"
    assert load_content(region="nz").region.id == "nz"


def test_the_content_layer_reads_no_setting_it_is_given_the_region(monkeypatch):
    """Review 2026-12 §2.2: the content layer read the learner's settings file, so one folder loaded
    differently for different people (and the suite depended on the shell's region)."""
    from backlearn import content as content_layer

    save_setting("region", "ie")
    monkeypatch.setenv(REGION_ENV, "au")
    assert content_layer.read_content().region.id == "uk"
    assert content_layer.read_content(region="us").region.id == "us"
    assert load_content().region.id == "au", "the layers above pass the class setting in"


def test_an_unknown_class_region_says_where_it_was_set(monkeypatch):
    monkeypatch.setenv(REGION_ENV, "usa")
    with pytest.raises(UnknownRegionError, match=r"unknown region 'usa' \(from \$BACKLEARN_REGION\).*'us'"):
        load_content()


def test_settings_keep_other_values_and_survive_a_damaged_file():
    save_setting("other", 1)
    save_setting("region", "us")
    assert read_settings() == {"other": 1, "region": "us"}
    settings_path().write_text("{not json", encoding="utf-8")
    assert read_settings() == {}
    assert chosen_region() is None


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_assess_chest_pain_in_the_us_says_911_and_emergency_room(capsys):
    # A heart attack's banner says call 911 only (not "or go to the emergency room": clinical review
    # N24), so the emergency room is checked with numbness around the bottom (cauda equina).
    code, out, _ = run(capsys, "assess", "chest_pain", "--region", "us")
    assert code == 0 and "Call 911 now" in out and "999" not in out
    code, out, _ = run(capsys, "assess", "numb_saddle", "--region", "us")
    assert code == 0
    assert "Call 911 now" in out and "emergency room" in _words(out) and "the United States" in _words(out)
    assert "999" not in out and "A&E" not in out


@pytest.mark.parametrize("command", [["topics"], ["symptoms"], ["assess", "knot"], ["checklist", "knot"], ["validate"]])
def test_every_command_takes_region(capsys, command):
    code, _, err = run(capsys, *command, "--region", "nz")
    assert code == 0, err
    code, _, err = run(capsys, *command, "--region", "atlantis")
    assert code == 2 and "unknown region 'atlantis'" in err


def test_cli_json_has_the_region_and_follows_the_class_setting(capsys, monkeypatch):
    monkeypatch.setenv(REGION_ENV, "au")
    code, out, _ = run(capsys, "assess", "chest_pain", "--json")
    data = json.loads(out)
    assert code == 0 and data["region"] == "au" and data["region_name"] == "Australia"
    assert data["region_sources"]["health_line"].startswith("https://www.healthdirect.gov.au/")
    assert "Call 000 now" in data["headline"]


def test_shipped_content_copy_with_regions_loads(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    assert load_content(target, region="ca").region.name == "Canada"


# ----------------------------------------------------------------------------- the picker and the views


def test_the_picker_changes_the_explorer_at_once_and_stores_the_choice():
    from backlearn import Explorer, RegionPicker

    explorer = Explorer()
    explorer.value = ("chest_pain",)
    picker = RegionPicker(explorer.content, follow=(explorer,))
    assert picker.value == "uk" and "Call 999 now" in explorer.text
    assert "In an emergency in the United Kingdom, call 999" in picker.text
    picker.dropdown.value = "au"  # what the arrow keys do in the select
    assert picker.value == "au" and explorer.region == "au"
    assert "Call 000 now" in explorer.text and "999" not in explorer.text
    assert "call 000" in explorer.note.value and "Australia" in explorer.banner.value
    assert read_settings()["region"] == "au" and "Saved" in picker.text
    assert load_content().region.id == "au", "the next notebook follows the stored choice"
    assert explorer.value == ("chest_pain",), "the ticks stay"


def test_a_class_setting_fixes_the_picker(monkeypatch):
    from backlearn import RegionPicker

    monkeypatch.setenv(REGION_ENV, "nz")
    picker = RegionPicker()
    assert picker.dropdown.disabled and picker.value == "nz"
    assert "set by your teacher" in picker.text and "call 111" in picker.text


def test_a_picker_that_cannot_save_still_changes_the_page(monkeypatch, tmp_path):
    from backlearn import Explorer, RegionPicker

    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("BACKLEARN_SETTINGS", str(blocker / "settings.json"))  # a file is not a folder
    explorer = Explorer()
    picker = RegionPicker(explorer.content, follow=(explorer,))
    picker.value = "ca"
    assert explorer.region == "ca" and "Could not save" in picker.text


def test_the_app_page_follows_the_picker():
    from backlearn.widgets.page import app_page

    page = app_page()
    assert page.children[1] is page.region
    page.explorer.value = ("between_shoulder_blades",)
    page.region.dropdown.value = "us"
    assert "your primary care doctor" in page.explorer.text
    page.switch.value = "lessons"  # built when first chosen: in the region in use, and following it
    browser = page.lessons.children[0]
    assert browser.region == "us"
    page.region.dropdown.value = "ca"
    assert browser.region == "ca" and page.explorer.region == "ca"


def test_case_studies_and_their_note_follow_the_region():
    from backlearn import CaseStudy

    study = CaseStudy(content=load_content(region="ie"))
    assert "call 112 or 999" in study.children[-1].value


# ----------------------------------------------------------------------------- a class setting on a hub or Binder


def _local_hub_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    from traitlets.config import Config

    config = Config()
    monkeypatch.setenv("BACKLEARN_HUB_RUNTIME", str(tmp_path / "runtime"))
    path = ROOT / "deploy/local-hub/jupyterhub_config.py"
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"),  # run as JupyterHub runs it
         {"get_config": lambda: config, "__file__": str(path)})
    return config


def test_the_local_hub_passes_the_class_region_to_every_learner(tmp_path, monkeypatch):
    pytest.importorskip("jupyterhub")
    monkeypatch.setenv(REGION_ENV, "ca")
    assert _local_hub_config(tmp_path, monkeypatch).Spawner.environment[REGION_ENV] == "ca"
    monkeypatch.delenv(REGION_ENV)
    assert REGION_ENV not in _local_hub_config(tmp_path, monkeypatch).Spawner.environment


def test_binder_start_sets_the_region_only_when_a_class_region_is_written_in(tmp_path):
    import subprocess

    start = (ROOT / "binder/start").read_text(encoding="utf-8")
    for class_region, expected in (("", None), ("us", "us")):
        script = tmp_path / "start"
        script.write_text(start.replace('CLASS_REGION=""', f'CLASS_REGION="{class_region}"'), encoding="utf-8")
        done = subprocess.run(["bash", str(script), "env"], capture_output=True, text=True, check=True,
                              env={"PATH": "/usr/bin:/bin"})
        found = [line.split("=", 1)[1] for line in done.stdout.splitlines() if line.startswith(f"{REGION_ENV}=")]
        assert found == ([expected] if expected else [])


def test_z2jh_and_tljh_document_the_class_region():
    assert "BACKLEARN_REGION" in (ROOT / "deploy/z2jh/config.yaml").read_text(encoding="utf-8")
    assert 'c.Spawner.environment["BACKLEARN_REGION"]' in (ROOT / "deploy/tljh/install-backlearn.sh").read_text(
        encoding="utf-8")


def test_each_region_has_its_own_cached_copy_and_an_edit_reaches_it(minimal_copy):
    from backlearn.content import clear_cache

    assert "Call 911 now" in load_content(minimal_copy, region="us").levels["emergency"].headline
    clear_cache()  # as in a new process: only the disk cache is left
    assert load_content(minimal_copy, region="us").region.id == "us"
    assert load_content(minimal_copy, region="uk").levels["emergency"].headline == "Call 999 now"
    regions = minimal_copy / "regions.yaml"
    regions.write_text(regions.read_text(encoding="utf-8").replace('"911"', '"9111"'), encoding="utf-8")
    assert load_content(minimal_copy, region="us").levels["emergency"].headline == "Call 9111 now"


def test_a_stored_region_the_content_lacks_is_named_and_the_picker_puts_it_right():
    from backlearn import RegionPicker

    save_setting("region", "atlantis")
    with pytest.raises(UnknownRegionError, match=r"'atlantis' \(from .*settings.json\)"):
        load_content()
    picker = RegionPicker()
    assert picker.value == "uk" and "unknown region 'atlantis'" in picker.text
    picker.dropdown.value = "ie"
    assert load_content().region.id == "ie"


@pytest.mark.parametrize("region_id", REGIONS)
def test_every_regions_wording_stays_plain(region_id):
    """A region's values are read inside the advice: they must not make it harder to read."""
    import textstat

    content = load_content(region=region_id)
    texts = [f"{f.do} {f.why}" for f in content.red_flags.values()] + [lv.action for lv in content.levels.values()]
    grades = [textstat.flesch_kincaid_grade(text) for text in texts]
    assert sum(grades) / len(grades) <= 6.0
    assert max(grades) <= 9.0


@pytest.mark.parametrize("width", range(40, 100, 3))
def test_text_never_splits_a_phone_number_over_two_lines(width):
    result = assess([_one_symptom_at("urgent")], load_content(region="au"))
    text = render_text(result, width=width)
    assert text.count("1800 022 222") == _words(text).count("1800 022 222") > 0
