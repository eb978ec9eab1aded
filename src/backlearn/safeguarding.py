"""The safeguarding note's per-region parts (data/safeguarding.yaml): who to go to, how fast, the
reporting duty, and helplines for pupils, each with its source.

Read by the teacher pack and, for the helplines, by the learners' "Worried about something?" box
(getting_help.py). Checked like the other content files: every problem at once, each
with the file, the line and the field; every region in regions.yaml must have an entry, so a new
region cannot silently print another country's law.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backlearn.content import Content, ContentError
from backlearn.content._located import Located, LocatedList
from backlearn.content.errors import Problem
from backlearn.content.regions import DEFAULT_REGION

__all__ = ["FILE", "Helpline", "RegionSafeguarding", "SafeguardingParts", "load_safeguarding"]

FILE = "safeguarding.yaml"
_REGION_FIELDS = ("id", "go_to", "how_fast", "duty", "duty_source", "helplines")
_HELPLINE_FIELDS = ("name", "number", "for", "url")


@dataclass(frozen=True, slots=True)
class Helpline:
    """A helpline pupils can call or text, with the service's own page."""

    name: str
    number: str
    audience: str
    url: str

    @property
    def line(self) -> str:
        """'Childline: 0800 1111', as printed on the poster and the slides."""
        return f"{self.name}: {self.number}"


@dataclass(frozen=True, slots=True)
class RegionSafeguarding:
    """One region's part of the note, its text filled in for that region."""

    region: str
    go_to: str
    how_fast: str
    duty: str
    duty_title: str
    duty_url: str
    helplines: tuple[Helpline, ...]


@dataclass(frozen=True, slots=True)
class SafeguardingParts:
    """The box a school checks against its policy, and the part for the region in use."""

    check: str
    part: RegionSafeguarding
    region_name: str


def _text(problems: list[Problem], rec: Located, name: str, where: str) -> str:
    value = rec.get(name)
    if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
        problems.append(Problem(FILE, rec.line_of(name) if name in rec else rec.line, f"{where}{name}",
                                "missing; expected some text"))
        return ""
    return " ".join(str(value).split())


def _url(problems: list[Problem], rec: Located, name: str, where: str) -> str:
    url = _text(problems, rec, name, where)
    if url and not url.startswith("https://"):
        problems.append(Problem(FILE, rec.line_of(name), f"{where}{name}",
                                f"expected an https:// address of the official page, got {url!r}"))
    return url


def _unknown(problems: list[Problem], rec: Located, allowed: tuple[str, ...], where: str) -> None:
    for key in rec:
        if key not in allowed:
            problems.append(Problem(FILE, rec.line_of(key), f"{where}{key}",
                                    f"unknown field; expected one of: {', '.join(allowed)}"))


def _region(problems: list[Problem], rec: Located) -> RegionSafeguarding:
    _unknown(problems, rec, _REGION_FIELDS, "")
    rid = _text(problems, rec, "id", "")
    source = rec.get("duty_source")
    title = url = ""
    if isinstance(source, Located):
        _unknown(problems, source, ("title", "url"), "duty_source.")
        title, url = _text(problems, source, "title", "duty_source."), _url(problems, source, "url", "duty_source.")
    else:
        problems.append(Problem(FILE, rec.line, "duty_source", "missing; expected {title, url}"))
    helplines: list[Helpline] = []
    raw = rec.get("helplines")
    if not isinstance(raw, LocatedList) or not raw:
        problems.append(Problem(FILE, rec.line, "helplines", "expected at least one {name, number, for, url}"))
    else:
        for item in raw:
            if not isinstance(item, Located):
                problems.append(Problem(FILE, rec.line, "helplines", "expected {name, number, for, url}"))
                continue
            _unknown(problems, item, _HELPLINE_FIELDS, "helplines.")
            helplines.append(Helpline(_text(problems, item, "name", "helplines."),
                                      _text(problems, item, "number", "helplines."),
                                      _text(problems, item, "for", "helplines."),
                                      _url(problems, item, "url", "helplines.")))
    return RegionSafeguarding(rid, _text(problems, rec, "go_to", ""), _text(problems, rec, "how_fast", ""),
                              _text(problems, rec, "duty", ""), title, url, tuple(helplines))


def load_safeguarding(content: Content) -> SafeguardingParts:
    """The check box and the part for the region ``content`` is filled in for (else the default),
    with the region's placeholders filled in; raise ContentError listing every problem."""
    from backlearn.content._read import FileProblem, checked_file, parsed_file

    path = content.path / FILE
    try:  # the guarded reader every content file goes through: no hang on a pipe, one line per problem
        checked_file(path, missing="the teacher pack needs it")
        data: Any = parsed_file(path)
    except FileProblem as problem:
        raise ContentError([Problem(FILE, problem.line, "", problem.message)], content.path) from None
    problems: list[Problem] = []
    if not isinstance(data, Located):
        raise ContentError([Problem(FILE, 1, "", "expected check and regions")], content.path)
    _unknown(problems, data, ("check", "regions"), "")
    check = _text(problems, data, "check", "")
    parts: dict[str, RegionSafeguarding] = {}
    raw = data.get("regions")
    if not isinstance(raw, LocatedList):
        problems.append(Problem(FILE, data.line, "regions", "expected a list of regions"))
    else:
        for rec in raw:
            if isinstance(rec, Located):
                part = _region(problems, rec)
                if part.region in parts:
                    problems.append(Problem(FILE, rec.line, "id", f"region '{part.region}' is listed twice"))
                parts[part.region] = part
    for rid in content.regions:
        if rid not in parts:
            problems.append(Problem(FILE, 1, "regions",
                                    f"no entry for region '{rid}' (regions.yaml has it); add its go_to, "
                                    "how_fast, duty, duty_source and helplines"))
    if problems:
        raise ContentError(problems, content.path)
    region = content.region or content.regions.get(DEFAULT_REGION)
    part = parts[region.id if region is not None else DEFAULT_REGION]
    if region is not None:
        part = RegionSafeguarding(part.region, region.fill(part.go_to), region.fill(part.how_fast),
                                  region.fill(part.duty), part.duty_title, part.duty_url, part.helplines)
    return SafeguardingParts(region.fill(check) if region else check, part,
                             region.name if region is not None else "")
