"""Issue 26 leftovers: the words right for each country. The profession ('physiotherapist' in the UK,
'physical therapist' in the US) and the school's roles (first aider, pastoral lead; school nurse,
school counselor) are region placeholders; the parent letter names the region's helplines."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from backlearn import ContentError, load_content
from backlearn.content.teaching import load_teaching
from backlearn.pack import build

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def uk_pages():
    return build(load_teaching(load_content(region="uk")))


@pytest.fixture(scope="module")
def us_pages():
    return build(load_teaching(load_content(region="us")))


def _words(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _all_words(pages: dict[str, str]) -> str:
    return " ".join(_words(html) for name, html in pages.items() if name.endswith(".html"))


def test_us_text_says_physical_therapist_never_physio(us_pages):
    content = load_content(region="us")
    assert content.levels["soon"].headline == "See a doctor or physical therapist in a few days"
    assert "a physical therapist" in content.levels["soon"].action
    texts = [level.action for level in content.levels.values()]
    texts += [flag.do for flag in content.red_flags.values()]
    texts += [g.title + " " + g.text for g in content.guidance.values()]
    assert not [t for t in texts if re.search(r"\bphysio(therapist)?s?\b", t, re.I)]
    words = _all_words(us_pages)
    assert "physical therapist" in words
    assert not re.search(r"\bphysio(therapist)?s?\b", words, re.I)
    poster = _words(us_pages["red-flag-poster.html"])
    assert "See your primary care doctor or a physical therapist in the next few days" in poster


def test_uk_text_keeps_physiotherapist(uk_pages):
    content = load_content(region="uk")
    assert content.levels["soon"].headline == "See a doctor or physiotherapist in a few days"
    words = _all_words(uk_pages)
    assert "See your GP or a physiotherapist in the next few days" in words
    assert "physical therapist" not in words


def test_the_glossary_explains_each_regions_word():
    for region, word in (("uk", "Physiotherapist"), ("us", "Physical therapist"), ("au", "Physiotherapist")):
        entry = load_content(region=region).glossary["physiotherapist"]
        assert entry.words[0] == word, region


def test_every_region_names_the_profession_and_the_school_roles():
    content = load_content()
    for region in content.regions.values():
        for name in ("physio", "school_first_aid", "school_wellbeing"):
            assert region.values[name].strip(), (region.id, name)
    assert content.regions["us"].values["school_wellbeing"] == "the school counselor"


def test_the_us_note_names_us_roles_and_the_uk_note_keeps_its_own(uk_pages, us_pages):
    us = _words(us_pages["safeguarding.html"])
    assert "first aider" not in us and "pastoral" not in us
    assert "Take them to the school nurse (with a second adult" in us
    assert "Tell the school counselor." in us
    assert "child protective services (CPS)" in us and "mandated reporters" in us
    assert "CHECK BEFORE THE LESSON" in us and "CHECK against your school's policy" in us
    uk = _words(uk_pages["safeguarding.html"])
    assert "Take them to the school nurse or first aider (with a second adult" in uk
    assert "Tell the school's pastoral or wellbeing lead." in uk
    assert "counselor" not in uk
    assert "CHECK BEFORE THE LESSON" in uk


def test_the_parent_letter_names_the_regions_helplines_with_sources(uk_pages, us_pages):
    uk = _words(uk_pages["parent-letter.html"])
    assert "Childline: 0800 1111" in uk and "https://www.childline.org.uk/" in uk
    assert "Samaritans: 116 123" in uk
    assert uk.index("Childline") < uk.index("Yours sincerely")
    assert "988" not in uk
    us = _words(us_pages["parent-letter.html"])
    assert "988 Suicide and Crisis Lifeline: 988 (call or text)" in us and "https://988lifeline.org/" in us
    assert "Childhelp National Child Abuse Hotline: 1-800-422-4453" in us
    assert "Childline" not in us and "0800 1111" not in us


@pytest.mark.parametrize("written", ["a physio", "a physiotherapist", "a physical therapist", "the first aider"])
def test_a_written_profession_or_role_is_refused(tmp_path, written):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    levels = folder / "levels.yaml"
    text = levels.read_text(encoding="utf-8")
    assert "a {physio} in the next few days" in text
    levels.write_text(text.replace("a {physio} in the next few days", f"{written} in the next few days", 1),
                      encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert any(p.file == "levels.yaml" and "placeholder" in p.message for p in caught.value.problems)
