"""The brief view (`Explorer.brief`, printed in the notebooks) and the lessons' warning-sign summary."""

from __future__ import annotations

from pathlib import Path

from backlearn import assess, load_content, render_red_flag_summary_markdown, symptom_levels
from backlearn.content.rules import symptom_ids
from backlearn.engine.safety_wording import ALSO_TELL, COME_BACK, NOTHING_TICKED
from backlearn.render import render_brief
from backlearn.sections import WITHHELD_HEADING, headline, self_care_heading

SELF_CARE = ("knot", "between_shoulder_blades", "after_sleeping", "worse_moving")


def test_brief_with_nothing_ticked_is_one_line_asking_for_ticks(content):
    assert render_brief(assess((), content)) == f"{NOTHING_TICKED[0]}: {NOTHING_TICKED[1]}"


def test_brief_for_an_emergency_names_the_flag_and_why_and_gives_no_self_care(content):
    result = assess(("numb_saddle",), content)
    lines = render_brief(result).splitlines()
    assert lines[0] == f"{content.levels['emergency'].label.upper()}: {headline(result)}"
    flag = result.red_flags[0].flag
    assert f"  ! {flag.name} ({content.levels[flag.level].label})" in lines
    text = " ".join(line.strip() for line in lines)
    assert f"because you ticked: {content.symptoms['numb_saddle'].label}" in text
    assert COME_BACK in lines
    assert not any(line.startswith("  - ") for line in lines), "no advice beside an emergency"


def test_brief_names_signs_below_an_emergency_as_the_full_answer_does(content):
    result = assess(("both_legs", "severe_pain"), content)
    assert result.triage == "emergency" and result.flags_named, "test setup: a lower sign under an emergency"
    lines = render_brief(result, width=200).splitlines()
    named = "; ".join(m.flag.name for m in result.flags_named)
    assert f"  ! {ALSO_TELL}: {named}." in lines
    for match in result.flags_named:  # no level or ticks of its own beside "call 999"
        assert f"  ! {match.flag.name} ({content.levels[match.flag.level].label})" not in lines


def test_brief_for_self_care_lists_every_advice_title_in_order_and_the_checklists(content):
    result = assess(SELF_CARE, content)
    lines = render_brief(result).splitlines()
    assert result.triage == "self_care" and not result.red_flags
    assert not any(line.startswith("  ! ") for line in lines)
    start = lines.index(f"{self_care_heading(result)}:")
    titles = [gm.item.title for gm in result.guidance]
    assert lines[start + 1 : start + 1 + len(titles)] == [f"  - {t}" for t in titles]
    assert lines[-1] == "Checklists: " + "; ".join(cm.checklist.title for cm in result.checklists)


def test_brief_lists_what_is_held_back_and_why(content):
    result = assess(("low_back", "better_moving", "swollen_calf"), content)
    assert result.withheld, "test setup: a swollen calf holds walking advice back"
    text = render_brief(result, width=200)
    assert f"{WITHHELD_HEADING}:" in text
    for withheld in result.withheld:
        assert f"  - {withheld.item.title}: not while you have ticked" in text


def _sections(markdown: str) -> dict[str, list[str]]:
    """The summary's bullet lines under each '### ' heading."""
    found: dict[str, list[str]] = {}
    current = ""
    for line in markdown.splitlines():
        if line.startswith("### "):
            current = line
            found[current] = []
        elif line.startswith("- "):
            found[current].append(line[2:])
    return found


def test_red_flag_summary_puts_every_sign_under_the_level_it_reaches_alone(content):
    summary = _sections(render_red_flag_summary_markdown(content))
    levels = [content.levels[lv] for lv in ("emergency", "urgent", "soon")]
    headings = [f"### {level.label}: {level.headline}" for level in levels]
    assert list(summary) == headings
    solo = symptom_levels(content)
    by_level = dict(zip(("emergency", "urgent", "soon"), summary.values(), strict=True))
    for sid, level in solo.items():
        flags = [f for f in content.red_flags.values() if f.level == level and sid in symptom_ids(f.when)]
        names = {content.symptoms[sid].label} | {f.name for f in flags}
        assert names & {line.replace("\\", "") for line in by_level[level]}, f"{sid} missing under {level}"
    listed = [line for lines in summary.values() for line in lines]
    assert len(listed) == len(set(listed)), "each sign is listed once"


def test_red_flag_summary_lists_combinations_that_no_single_sign_reaches(content):
    summary = _sections(render_red_flag_summary_markdown(content))
    solo = symptom_levels(content)
    for flag in content.red_flags.values():
        combination = not any(solo.get(s) == flag.level for s in symptom_ids(flag.when))
        label = content.levels[flag.level]
        lines = summary.get(f"### {label.label}: {label.headline}", [])
        assert (f"{flag.name} (a combination of signs)" in [x.replace("\\", "") for x in lines]) == combination, flag.id


def test_red_flag_summary_escapes_content(minimal_copy: Path):
    symptoms = minimal_copy / "symptoms.yaml"
    text = symptoms.read_text(encoding="utf-8")
    content = load_content(minimal_copy)
    sign = next(s for s in content.symptoms.values() if s.warning and s.id in symptom_levels(content))
    symptoms.write_text(text.replace(f"label: {sign.label}", f"label: <b>{sign.label}</b> *now*", 1), encoding="utf-8")
    summary = render_red_flag_summary_markdown(load_content(minimal_copy))
    assert "<b>" not in summary and "*now*" not in summary
    assert f"&lt;b&gt;{sign.label}&lt;/b&gt; \\*now\\*" in summary
