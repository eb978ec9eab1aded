"""The glossary and the regions, with the placeholder checks on every text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from backlearn.content._located import Located
from backlearn.content._reader import (
    _choice,
    _Field,
    _Kind,
    _own,
    _parse,
    _Reader,
    _text,
    _text_list,
)
from backlearn.content.errors import Problem, suggest
from backlearn.content.model import (
    GLOSSARY_GROUPS,
    GlossaryEntry,
)
from backlearn.content.regions import (
    PLACEHOLDER,
    PLACEHOLDERS,
    TERMS,
    Region,
    literal_pattern,
    service_literals,
    service_term,
)


def _check_glossary_regions(r: _Reader, glossary: Mapping[str, GlossaryEntry],
                            regions: Mapping[str, Region]) -> None:
    """A glossary word written as a placeholder (``term: "{doctor_term}"``) is a word to look for in
    every region: filled in, it starts and ends with a letter or digit, and no other entry looks for it."""
    for region in regions.values():
        owners: dict[str, str] = {}
        try:
            filled = {gid: replace(entry, term=region.fill(entry.term), also=tuple(map(region.fill, entry.also)),
                                   forms=tuple(map(region.fill, entry.forms))).words
                      for gid, entry in glossary.items()}
        except KeyError:
            return  # an unknown placeholder: _check_texts names it
        for gid, words in filled.items():
            for word in words:
                owners.setdefault(word.lower(), gid)
        for gid, entry in glossary.items():
            if not any("{" in w for w in (entry.term, *entry.also, *entry.forms)):
                continue
            rec = r.found.get(("glossary.yaml", gid))
            line = rec.line_of("term") if rec is not None and "term" in rec else 0
            for word in filled[gid]:
                if not word or not (word[0].isalnum() and word[-1].isalnum()):
                    r.problems.append(Problem("glossary.yaml", line, "term",
                                              f"in region '{region.id}' it reads '{word}', which does not start "
                                              "and end with a letter or digit; expected a word to look for"))
                elif owners[word.lower()] != gid:
                    r.problems.append(Problem("glossary.yaml", line, "term",
                                              f"in region '{region.id}' it reads '{word}', which "
                                              f"'{owners[word.lower()]}' already looks for; expected each word "
                                              "under one entry only"))


# ----------------------------------------------------------------------------- the glossary


def _each_word_once(terms: dict[str, int], words: dict[str, tuple[str, int]], r: _Reader, rec: Located,
                    entry: GlossaryEntry) -> bool:
    """A word (any form of it) may be explained once: the widgets link each form found in the text to
    one entry. ``terms`` and ``words`` hold what the entries before this one explain."""
    key = entry.term.lower()
    if key and key in terms:
        r.problem(rec.line_of("term"), "term", f"'{entry.term}' is already explained on line {terms[key]}")
        return False
    if key:
        terms[key] = rec.line_of("term")
    for name in ("term", "also", "forms"):  # the term as looked for: without a part in brackets
        for word in entry.words[:1] if name == "term" else getattr(entry, name):
            if "{" in word:
                continue  # a region's word ({doctor_term}): checked once filled in (_check_glossary_regions)
            if not (word[0].isalnum() and word[-1].isalnum()):
                r.problem(rec.line_of(name), name,
                          f"'{word}' does not start and end with a letter or digit; expected a word to look for")
    for word in entry.words:
        first = words.get(word.lower())
        if first is not None and first[0] != entry.id:
            r.problem(rec.line_of("term"), "term",
                      f"'{word}' is already looked for by '{first[0]}' (line {first[1]}); "
                      "expected each word under one entry only")
        else:
            words[word.lower()] = (entry.id, rec.line_of("term"))
    return True


_GLOSSARY = _Kind("glossary entries", GlossaryEntry, (
    _text("term"), _choice("group", GLOSSARY_GROUPS), _text("meaning"), _text_list("also"), _text_list("forms"),
))


def _parse_glossary(r: _Reader, data: Any) -> dict[str, GlossaryEntry]:
    """glossary.yaml: its entries by id, each word explained once."""
    return _parse(replace(_GLOSSARY, after=partial(_each_word_once, {}, {})), r, data)


# ----------------------------------------------------------------------------- regions (emergency numbers and services)

#: Placeholders whose value must have a source: the numbers, and advice that changes an action.
_SOURCED = ("emergency_number", "aspirin_advice")
#: The placeholders every region must give a value for: all but {region_name} (its ``name`` field) and the
#: glossary's terms (optional: ``_region`` makes a missing one from its service's value).
_SERVICES = tuple(p for p in PLACEHOLDERS if p != "region_name" and p not in TERMS)


def _service(r: _Reader, rec: Located, name: str) -> str:
    """A service's value: text, and a number in quotes (YAML reads 000 as the number 0: a phone
    number must keep every digit)."""
    raw = rec.get(name)
    if isinstance(raw, int) and not isinstance(raw, bool):
        r.problem(rec.line_of(name), name, f'write the number in quotes, e.g. {name}: "{raw}", '
                  "so no leading zero is lost")
    return r.text(rec, name)


def _service_field(name: str) -> _Field:
    return _Field(name, lambda r, rec, _required: _service(r, rec, name), optional=False, schema={"type": "string"})


def _term_field(name: str) -> _Field:
    """A service's name as the glossary lists it: optional (``_region`` makes it from the service)."""
    return _Field(name, lambda r, rec, _required: r.text(rec, name, required=False), optional=False,
                  schema={"type": "string"})


def _sources(r: _Reader, rec: Located) -> dict[str, str]:
    """``sources``: the web address that confirms each value, by placeholder."""
    raw = rec.get("sources")
    if not isinstance(raw, Located):
        r.problem(rec.line_of("sources"), "sources",
                  "expected a web address for each number, e.g. sources: {emergency_number: https://...}")
        return {}
    r.unknown_fields(raw, _SERVICES)
    found: dict[str, str] = {}
    for name in raw:
        link = raw[name]
        if not isinstance(link, str) or not link.startswith("https://"):
            r.problem(raw.line_of(name), f"sources.{name}", f"expected a web address starting https://, got {link!r}")
        else:
            found[name] = link
    return found


def _region(id: str, name: str, sources: dict[str, str], **values: str) -> Region:
    """A region from its fields; a term left out is made from its service's value ('your GP' -> 'GP')."""
    terms = {term: values[term] or service_term(values[service]) for term, service in TERMS.items()}
    return Region(id=id, name=name, values={"region_name": name, **values, **terms}, sources=sources)


def _check_region(r: _Reader, rec: Located, region: Region) -> bool:
    """Each term is in its service's value, no value holds braces, and every number has a source."""
    values = region.values
    for name, service in TERMS.items():
        word = re.sub(r"\s*\([^)]*\)", "", values[name]).strip()
        line = rec.line_of(name) if name in rec else rec.line
        if word and not (word[0].isalnum() and word[-1].isalnum()):
            r.problem(line, name, f"'{word}' does not start and end with a letter or digit; expected the "
                      "service's name, such as GP")
        elif values[service] and word.lower() not in re.sub(r"\s*\([^)]*\)", "", values[service]).lower():
            r.problem(line, name,
                      f"'{word}' is not in {service} ({values[service]!r}); expected the word a learner "
                      f"reads there, so the glossary can explain it, e.g. {name}: {service_term(values[service])}")
    for name, value in values.items():
        if PLACEHOLDER.search(value) or "{" in value or "}" in value:
            r.problem(rec.line_of(name), name, "a region's value is the text itself; it cannot hold braces")
    raw_sources = rec.get("sources")
    if isinstance(raw_sources, Located):
        for name in _SERVICES:
            if (name in _SOURCED or any(ch.isdigit() for ch in values.get(name, ""))) and name not in region.sources:
                r.problem(raw_sources.line, "sources", f"missing a source for {name} ({values.get(name, '')!r}); "
                          "expected the official web address that gives it")
    return True


_REGION = _Kind("regions", _region, (
    _text("name"),
    *(_service_field(name) for name in _SERVICES),
    *(_term_field(name) for name in TERMS),
    _own("sources", _sources),
), after=_check_region)


def _parse_regions(r: _Reader, data: Any) -> dict[str, Region]:
    """regions.yaml: its regions by id, ``uk`` (the default) among them."""
    out: dict[str, Region] = _parse(_REGION, r, data)
    if out and "uk" not in out:
        r.problem(1, "id", "expected a region 'uk': it is the default (the guidelines cited are NICE and NHS)")
    return out


def _check_texts(r: _Reader, regions: Mapping[str, Region]) -> None:
    """Every placeholder is known, and no service name or number is written out: it would be
    wrong in every other region."""
    literals = literal_pattern(service_literals(dict(regions)))
    known = tuple(PLACEHOLDERS)
    for file, line, field_name, text in r.texts:
        if file in ("sources.yaml", "regions.yaml", "safeguarding.yaml"):
            continue  # citations name who wrote them; regions.yaml and each region's safeguarding part hold literals
        for match in PLACEHOLDER.finditer(text):
            name = match.group(1)
            if name not in known:
                r.problems.append(Problem(file, line, field_name, f"unknown placeholder '{{{name}}}'"
                                          f"{suggest(name, known)} Expected one of: "
                                          + ", ".join(f"{{{k}}}" for k in known)))
        if PLACEHOLDER.sub("", text).count("{") or PLACEHOLDER.sub("", text).count("}"):
            r.problems.append(Problem(file, line, field_name,
                                      "a brace without its pair; braces are only for placeholders like "
                                      "{emergency_number}"))
        for match in literals.finditer(text):
            word = match.group(1)
            r.problems.append(Problem(
                file, line, field_name,
                f"'{word}' is a service name or number that differs by region; write a placeholder instead "
                f"(e.g. {{{_placeholder_for(word, regions)}}}) and give its value in regions.yaml"))


def _placeholder_for(word: str, regions: Mapping[str, Region]) -> str:
    """The placeholder whose value holds ``word`` somewhere, for the error's suggestion."""
    for region in regions.values():
        for name, value in region.values.items():
            if word in value:
                return name
    return "emergency_number" if word.replace(" ", "").isdigit() else "urgent_service"


