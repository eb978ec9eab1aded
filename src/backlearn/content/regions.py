"""Emergency numbers and services by region, and filling content text in for one.

Content text names services by placeholder (``Call {emergency_number} now``); ``data/regions.yaml``
gives each region's number or name for every placeholder, with a source. Which region is in use is
not this layer's business: the layer above passes it in (``backlearn.settings.chosen_region`` reads
the class setting and the learner's pick); with none, the content is filled in for ``uk`` (the
guidelines cited are NICE and NHS). The content never reads the learner's settings or the environment.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, TypeVar

__all__ = [
    "ADVICE",
    "DEFAULT_REGION",
    "PLACEHOLDER",
    "PLACEHOLDERS",
    "SERVICE_WORDS",
    "TERMS",
    "Region",
    "UnknownRegionError",
    "literal_pattern",
    "localize",
    "own_citations",
    "service_literals",
    "service_term",
]

_T = TypeVar("_T")

DEFAULT_REGION = "uk"

#: Every placeholder content text may use, and what each region must give for it.
PLACEHOLDERS: dict[str, str] = {
    "region_name": "the region's name as it reads in a sentence, e.g. 'the United Kingdom'",
    "emergency_number": "the number to call in an emergency, e.g. '999'",
    "emergency_department": "where to go in an emergency, with 'the' if it needs one, e.g. 'A&E'",
    "doctor": "the learner's own doctor, e.g. 'your GP'",
    "health_line": "the phone line for urgent advice, e.g. 'NHS 111'",
    "urgent_service": "a walk-in place for help today, e.g. 'an urgent treatment centre'",
    "aspirin_advice": "what to do about aspirin while waiting for an ambulance, by the region's own guideline",
    "physio": "the health worker who helps people move again, without 'a': 'physiotherapist', 'physical therapist'",
    "school_first_aid": "who in a school sees a pupil about their health, e.g. 'the school nurse or first aider'",
    "school_wellbeing": "who in a school helps with low mood or worry, e.g. 'the school counselor'",
    "doctor_term": "the learner's own doctor as the glossary lists it, e.g. 'GP (general practitioner)'",
    "emergency_department_term": "the glossary's name for it, e.g. 'A&E (accident and emergency)'",
    "health_line_term": "the phone line for urgent advice as the glossary lists it, e.g. 'NHS 111'",
    "urgent_service_term": "the walk-in place as the glossary lists it, e.g. 'Urgent treatment centre'",
    "physio_term": "the health worker as the glossary lists it, e.g. 'Physiotherapist (physio)'",
}

#: The glossary's name for each service (``{doctor_term}``: 'GP' where ``{doctor}`` is 'your GP'), so
#: glossary.yaml explains each region's own words (review 2026-12: "GP", "A&E", "NHS 111").
#: A region may give one; else it is the service's value without 'your', 'the', 'a', 'an' and any
#: part in brackets ('your family doctor' -> 'Family doctor'). Either way it must appear in the
#: service's value (a part in brackets aside), so the glossary links the word where a learner meets it.
TERMS: dict[str, str] = {
    "doctor_term": "doctor",
    "emergency_department_term": "emergency_department",
    "health_line_term": "health_line",
    "urgent_service_term": "urgent_service",
    "physio_term": "physio",
}

#: Placeholders holding advice rather than a service: their numbers are doses, not phone numbers.
ADVICE: tuple[str, ...] = ("aspirin_advice",)

#: ``{name}``: a placeholder. Braces are used for nothing else in content text.
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

#: Service names that are always a placeholder's job, whatever regions.yaml holds. Numbers come
#: from regions.yaml itself (every number any region gives), so a teacher's new region is covered.
SERVICE_WORDS: tuple[str, ...] = (
    "A&E",
    "GP",
    "GPs",
    "NHS 111",
    "urgent treatment centre",
    "emergency room",
    "emergency department",
    "urgent care",
    "walk-in clinic",
    "out-of-hours",
    "healthdirect",
    "Healthline",
    "nurse line",
    # the profession and the school roles differ by region too (review 2026-12: "physio" in US text)
    "physio",
    "physios",
    "physiotherapist",
    "physiotherapists",
    "physical therapist",
    "physical therapists",
    "first aider",
    "first aiders",
    "school counselor",
    "school counsellor",
)


@dataclass(frozen=True, slots=True)
class Region:
    """One region's emergency number and services, each service value with where it comes from."""

    id: str
    name: str
    values: dict[str, str]
    #: Placeholder name -> the web address that confirms its value (every number has one).
    sources: dict[str, str]

    @property
    def label(self) -> str:
        """The name as a choice in a list: 'The United Kingdom'."""
        return self.name[:1].upper() + self.name[1:]

    def fill(self, text: str) -> str:
        """``text`` with every placeholder replaced by this region's value."""
        if "{" not in text:
            return text
        return PLACEHOLDER.sub(lambda m: self.values[m.group(1)], text)


class UnknownRegionError(ValueError):
    """A region id that regions.yaml does not have; the message lists the ones it has."""

    def __init__(self, region: str, known: list[str], where: str = "") -> None:
        close = difflib.get_close_matches(region, known, n=2, cutoff=0.5)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        origin = f" (from {where})" if where else ""
        super().__init__(
            f"unknown region '{region}'{origin}{hint} Regions in the content: {', '.join(known)}"
        )
        self.region, self.known = region, list(known)


def service_term(value: str) -> str:
    """A service's name as the glossary lists it, from its value in a sentence: 'your family
    doctor' -> 'Family doctor', 'NHS 111 (in Northern Ireland, ...)' -> 'NHS 111'."""
    text = re.sub(r"\s*\([^)]*\)", "", value).strip()
    text = re.sub(r"^(?:your|the|an|a)\s+", "", text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:]


def service_literals(regions: dict[str, Region]) -> tuple[str, ...]:
    """Words and numbers that must be written as placeholders: the fixed service names and every
    number any region gives (so '999' is refused even while the region is 'us')."""
    numbers: dict[str, None] = {}
    for region in regions.values():
        for name, value in region.values.items():
            if name in ADVICE:
                continue  # doses such as '300 mg' are not service numbers
            numbers.update(dict.fromkeys(re.findall(r"\d[\d ]*\d", value)))
    return SERVICE_WORDS + tuple(numbers)


def literal_pattern(literals: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern finding any of ``literals`` as a whole word or number ('10,000' is not '000')."""
    ordered = sorted(literals, key=len, reverse=True)
    # A placeholder's name ('{physio}') is not the word itself: braces around it are not a literal.
    return re.compile(r"(?<![\w,.&{-])(" + "|".join(re.escape(x) for x in ordered) + r")(?![\w&}-]|[.,]\d)")


#: Placeholder -> (the source id the default region's value is cited by, or None; this region's own).
Citations = Mapping[str, tuple[str | None, str]]


def own_citations(regions: Mapping[str, Region], region: Region, sources: Mapping[str, Any]) -> Citations:
    """For each placeholder whose value in ``region`` comes from a page listed in sources.yaml (the
    American Heart Association's aspirin advice for 'us'), the source id of that page, and the id of
    the default region's page for it (if listed), which it replaces. A text naming a region's own
    body then cites that body's page, not the NHS's (review 2026-12, N19)."""
    by_link = {_link_key(link): sid for sid, source in sources.items()
               for link in (getattr(source, "url", None), getattr(source, "doi", None)) if link}
    default = regions.get(DEFAULT_REGION)
    out: dict[str, tuple[str | None, str]] = {}
    for name, link in region.sources.items():
        own = by_link.get(_link_key(link))
        if own is not None:
            theirs = default.sources.get(name) if default is not None else None
            out[name] = (by_link.get(_link_key(theirs)) if theirs else None, own)
    return out


def _link_key(link: str) -> str:
    return link.strip().lower().rstrip("/")


def localize(value: _T, region: Region, citations: Citations | None = None) -> _T:
    """``value`` (a record, or a tuple, dict or str inside one) with every text filled in for
    ``region``. Records are walked field by field, so new content fields are covered without code;
    unchanged parts are returned as they are. A record whose own text uses a placeholder in
    ``citations`` (see :func:`own_citations`) cites the region's page for it in its ``sources``."""
    return _fill(value, region, citations or {})  # type: ignore[no-any-return]


def _fill(value: Any, region: Region, citations: Citations) -> Any:
    if isinstance(value, str):
        return region.fill(value)
    if isinstance(value, tuple):
        filled = tuple(_fill(v, region, citations) for v in value)
        return value if all(a is b for a, b in zip(filled, value, strict=True)) else filled
    if isinstance(value, dict):
        return {k: _fill(v, region, citations) for k, v in value.items()}
    if not is_dataclass(value) or isinstance(value, type):
        return value
    specs = [spec for spec in fields(value) if spec.init]
    changed: dict[str, Any] = {}
    for spec in specs:
        old = getattr(value, spec.name)
        new = _fill(old, region, citations)
        if new is not old:
            changed[spec.name] = new
    cited = _cite_own_pages(value, citations)
    if cited is not None:
        changed["sources"] = cited
    if not changed:
        return value
    return type(value)(**{spec.name: changed.get(spec.name, getattr(value, spec.name)) for spec in specs})


def _cite_own_pages(record: Any, citations: Citations) -> tuple[str, ...] | None:
    """The record's ``sources`` with the region's own page for each placeholder its text uses (in
    place of the default region's page, or added), or None when nothing changes."""
    sources = getattr(record, "sources", None)
    if not citations or not isinstance(sources, tuple):
        return None
    used = {m.group(1) for spec in fields(record) if isinstance(text := getattr(record, spec.name), str)
            for m in PLACEHOLDER.finditer(text)}
    cited = list(sources)
    for name in sorted(used & citations.keys()):
        theirs, own = citations[name]
        if own in cited:
            continue
        if theirs is not None and theirs in cited:
            cited[cited.index(theirs)] = own
        else:
            cited.append(own)
    return tuple(cited) if cited != list(sources) else None
