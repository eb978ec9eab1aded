"""Reading content files into records: one declared description per record kind, one loop that reads
them, and the checks across files (every id named exists) once all are read."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from functools import partial
from typing import Any

from backlearn.content._located import Located, LocatedList
from backlearn.content.errors import Problem, suggest
from backlearn.content.model import (
    ACTIVITY_KINDS,
    BACK_REGIONS,
    CHART_KINDS,
    COVERAGE_TYPES,
    DIAGRAM_AREAS,
    FLAG_LEVELS,
    GLOSSARY_GROUPS,
    GUIDANCE_KINDS,
    LEVELS,
    QUIZ_KINDS,
    SOURCE_KINDS,
    STRENGTHS,
    TRUE_FALSE,
    VERDICTS,
    Activity,
    ActivityItem,
    Case,
    Checklist,
    ChecklistItem,
    CoverageRow,
    CoverageTickSet,
    EvidenceChart,
    EvidenceNumber,
    GlossaryEntry,
    Guidance,
    HeldBackLine,
    LessonPage,
    Level,
    QuizQuestion,
    RedFlag,
    ScreeningQuestion,
    ShortMode,
    Source,
    Symptom,
    SymptomGroup,
    Topic,
)
from backlearn.content.model import ID_PATTERN as _ID
from backlearn.content.regions import (
    PLACEHOLDER,
    PLACEHOLDERS,
    TERMS,
    Region,
    literal_pattern,
    service_literals,
    service_term,
)
from backlearn.content.rules import AllOf, AnyOf, AtLeast, NoneOf, Rule, Sym, symptom_ids

# ----------------------------------------------------------------------------- reading fields


class _Reader:
    """Collects problems while reading records, and references to check once all is read."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # (file, line, field, kind, id): checked after every file is read.
        self.refs: list[tuple[str, int, str, str, str]] = []
        # (file, line, field, text): every learner-facing text, checked for placeholders at the end.
        self.texts: list[tuple[str, int, str, str]] = []
        self.file = ""
        # (file, id) -> the record, so checks made after reading can still name the line of a field.
        self.found: dict[tuple[str, str], Located] = {}
        # Files that could not be read or parsed: references into them are not reported again.
        self.failed: set[str] = set()
        # (url or doi, the link in lower case without a final /) -> (source id, line): one source per link.
        self.links: dict[tuple[str, str], tuple[str, int]] = {}

    def problem(self, line: int, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, field_name, message))

    def absent(self, rec: Located, name: str, expected: str) -> None:
        """A required field that is missing, or present with nothing after the colon (YAML null)."""
        if name in rec:
            self.problem(rec.line_of(name), name, f"is empty; expected {expected}")
        else:
            self.problem(rec.line, name, f"missing; expected {expected}")

    def text(self, rec: Located, name: str, *, required: bool = True) -> str:
        value = rec.get(name)
        if value is None:
            if required:
                self.absent(rec, name, "some text")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(rec.line_of(name), name, f"expected text, got {_kind(value)}")
            return ""
        text = str(value).strip()
        if required and not text:
            self.problem(rec.line_of(name), name, "is empty; expected some text")
        self.texts.append((self.file, rec.line_of(name), name, text))
        return text

    def word(self, rec: Located, name: str) -> str:
        """A one-word name in lower case with underscores (a red flag's ``kind``: ``heart``, ``fracture``)."""
        value = rec.get(name)
        if value is None:
            self.absent(rec, name, "one word in lower case, such as heart or fracture")
            return ""
        if not isinstance(value, str) or not _ID.fullmatch(value):
            self.problem(rec.line_of(name), name,
                         f"expected one word in lower case (letters, digits and _), got {value!r}")
            return ""
        return value

    def choice(self, rec: Located, name: str, choices: tuple[str, ...], default: str = "") -> str:
        value = rec.get(name)
        if value is None:
            if default:
                return default
            self.absent(rec, name, f"one of {', '.join(choices)}")
            return ""
        if value not in choices:
            hint = suggest(str(value), choices) if isinstance(value, str) else ""
            self.problem(
                rec.line_of(name), name, f"expected one of {', '.join(choices)}; got {value!r}{hint}"
            )
            return ""
        return str(value)

    def optional_choice(self, rec: Located, name: str, choices: tuple[str, ...]) -> str:
        """One of ``choices``, or "" when the field is absent."""
        return self.choice(rec, name, choices) if name in rec else ""

    def integer(self, rec: Located, name: str, low: int, high: int) -> int:
        value = rec.get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            got = "nothing" if value is None else repr(value)
            self.problem(rec.line_of(name), name, f"expected a whole number, got {got}")
            return 0
        if not low <= value <= high:
            self.problem(rec.line_of(name), name, f"expected a number from {low} to {high}, got {value}")
        return value

    def flag(self, rec: Located, name: str) -> bool:
        value = rec.get(name, False)
        if not isinstance(value, bool):
            self.problem(rec.line_of(name), name, f"expected true or false, got {value!r}")
            return False
        return value

    def ids(self, rec: Located, name: str, kind: str, *, required: bool = True) -> tuple[str, ...]:
        """A list of ids of ``kind`` (checked later), e.g. sources: [nice_ng59]."""
        value = rec.get(name)
        if value is None:
            if required:
                self.absent(rec, name, f"a list of {kind} ids")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(rec.line_of(name), name, f"expected a list of {kind} ids, got {_kind(value)}")
            return ()
        if required and not value:
            self.problem(rec.line_of(name), name, f"is empty; expected at least one {kind} id")
        found: list[str] = []
        for item in value:
            if not isinstance(item, str):
                self.problem(rec.line_of(name), name, f"expected a {kind} id, got {_kind(item)}")
                continue
            self.refs.append((self.file, rec.line_of(name), name, kind, item))
            found.append(item)
        return tuple(found)

    def record_id(self, rec: Located, seen: dict[str, int]) -> str | None:
        value = rec.get("id")
        if not isinstance(value, str) or not _ID.match(value):
            got = "nothing" if value is None else repr(value)
            self.problem(
                rec.line_of("id"), "id", f"expected an id of lower-case letters, digits and _, got {got}"
            )
            return None
        if value in seen:
            self.problem(rec.line_of("id"), "id", f"duplicate id '{value}' (first used on line {seen[value]})")
            return None
        seen[value] = rec.line_of("id")
        self.found.setdefault((self.file, value), rec)
        return value

    def unknown_fields(self, rec: Located, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        for key in rec:
            if key not in allowed:
                self.problem(
                    rec.line_of(key), key, f"unknown field; expected one of {', '.join(allowed)}"
                    + suggest(key, allowed)
                )

    def records(self, data: Any, what: str) -> list[Located]:
        """The list of mappings a file should hold."""
        if data is None:
            self.problem(1, "", f"the file is empty; expected a list of {what}")
            return []
        if not isinstance(data, LocatedList):
            self.problem(getattr(data, "line", 1), "", f"expected a list of {what}, got {_kind(data)}")
            return []
        found: list[Located] = []
        for item, line in zip(data, data.item_lines, strict=True):
            if isinstance(item, Located):
                found.append(item)
            else:
                self.problem(line, "", f"expected one of the {what} (a set of 'field: value' lines)")
        return found


def _texts(r: _Reader, rec: Located, name: str, *, required: bool = True) -> tuple[str, ...]:
    """A list of short texts, e.g. a lesson's objectives or a glossary word's other forms."""
    value = rec.get(name)
    if value is None:
        if required:
            r.problem(rec.line, name, "missing; expected a list of texts")
        return ()
    if not isinstance(value, LocatedList) or (required and not value):
        r.problem(rec.line_of(name), name, "expected a list with at least one text (lines starting '- ')")
        return ()
    found: list[str] = []
    for item, line in zip(value, value.item_lines, strict=True):
        if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
            r.problem(line, name, "expected each item to be some text")
            continue
        found.append(str(item).strip())
    return tuple(found)


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


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"


# ----------------------------------------------------------------------------- rules and quiz answers


_RULE_KEYS = ("any", "all", "none", "at_least", "fewer_than")

#: How deep rules may nest and how many items one rule may hold. Real rules are 3 levels and 20 items;
#: the bounds stop a mistaken or hostile file (deep nesting, a YAML alias bomb) from hanging validation.
MAX_RULE_DEPTH = 12
MAX_RULE_ITEMS = 500


def _parse_rule(r: _Reader, value: Any, line: int, *, inside_all: bool = False, depth: int = 0,
                budget: list[int] | None = None, field: str = "when") -> Rule | None:
    budget = [MAX_RULE_ITEMS] if budget is None else budget  # items left; below 0 once reported
    if budget[0] < 0:
        return None
    budget[0] -= 1
    if depth > MAX_RULE_DEPTH or budget[0] < 0:
        r.problem(line, field, f"the rule is nested more than {MAX_RULE_DEPTH} deep or has more than "
                  f"{MAX_RULE_ITEMS} items; expected a short rule (split it into several red flags)")
        budget[0] = -1
        return None
    if isinstance(value, str):
        r.refs.append((r.file, line, field, "symptom", value))
        return Sym(value)
    if not isinstance(value, Located) or len(value) != 1:
        r.problem(
            getattr(value, "line", line),
            field,
            "expected a symptom id, or exactly one of any: [...], all: [...], none: [...], "
            "at_least: {count: N, of: [...]}, fewer_than: {count: N, of: [...]}",
        )
        return None
    (key, items), = value.items()
    key_line = value.line_of(key)
    if key not in _RULE_KEYS:
        r.problem(key_line, field, f"expected any, all, none, at_least or fewer_than, got '{key}'"
                  + suggest(key, _RULE_KEYS))
        return None
    count = 1
    if key in ("at_least", "fewer_than"):
        if not isinstance(items, Located) or set(items) != {"count", "of"}:
            r.problem(key_line, field, f"'{key}' expects count: N and of: [...]")
            return None
        count = items["count"]
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            r.problem(items.line_of("count"), field, f"'{key}' count must be a whole number of 1 or more, "
                      f"got {count!r}")
            return None
        items = items["of"]
    if not isinstance(items, LocatedList) or not items:
        r.problem(key_line, field, f"'{key}' needs a list with at least one item")
        return None
    if key in ("none", "fewer_than"):
        if not inside_all:
            r.problem(key_line, field, f"'{key}' can only be used inside 'all' "
                      "(a reassuring pattern qualifies a sign)")
            return None
        ids: list[str] = []
        for item, item_line in zip(items, items.item_lines, strict=True):
            if not isinstance(item, str):
                r.problem(item_line, field, f"'{key}' takes symptom ids only")
                continue
            r.refs.append((r.file, item_line, field, "reassuring symptom", item))
            ids.append(item)
        return NoneOf(tuple(ids), below=count)
    parsed: list[Rule] = []
    # An 'any' directly inside an 'all' may hold reassuring parts too: the 'all' still needs a sign.
    child_inside_all = key == "all" or (key == "any" and inside_all)
    for item, item_line in zip(items, items.item_lines, strict=True):
        rule = _parse_rule(r, item, item_line, inside_all=child_inside_all, depth=depth + 1, budget=budget,
                           field=field)
        if budget[0] < 0:
            return None
        if rule is not None:
            parsed.append(rule)
    if key == "all" and parsed and all(_only_reassuring(p) for p in parsed):
        r.problem(key_line, field, "'all' needs at least one sign besides 'none'")
    if key == "at_least":
        if count > len(parsed):
            r.problem(key_line, field, f"'at_least' count {count} is more than its {len(parsed)} items")
        return AtLeast(count, tuple(parsed))
    return AllOf(tuple(parsed)) if key == "all" else AnyOf(tuple(parsed))


def _only_reassuring(rule: Rule) -> bool:
    """True for a reassuring part (or an 'any' of them), which cannot make a rule match alone."""
    if isinstance(rule, NoneOf):
        return True
    return isinstance(rule, AnyOf) and all(_only_reassuring(p) for p in rule.items)


def _quiz_choices(r: _Reader, rec: Located, kind: str) -> tuple[tuple[str, ...], int]:
    """The choices and the index of the right one. The file names the answer by its text
    (multiple choice) or as true or false, so reordering choices never changes the answer."""
    raw_answer = rec.get("answer")
    if kind == "true_false":
        if "choices" in rec:
            r.problem(rec.line_of("choices"), "choices",
                      "a true_false question takes no choices (they are True and False)")
        if not isinstance(raw_answer, bool):
            got = "nothing" if raw_answer is None else repr(raw_answer)
            r.problem(rec.line_of("answer"), "answer", f"expected true or false, got {got}")
            return TRUE_FALSE, 0
        return TRUE_FALSE, 0 if raw_answer else 1
    if kind != "multiple_choice":
        return (), 0
    raw = rec.get("choices")
    if not isinstance(raw, list) or not 2 <= len(raw) <= 6:
        r.problem(rec.line_of("choices"), "choices", "expected a list of 2 to 6 choices")
        return (), 0
    choices: list[str] = []
    for item in raw:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
            r.problem(rec.line_of("choices"), "choices", f"expected each choice to be some text, got {_kind(item)}")
            continue
        text = str(item).strip()
        r.texts.append((r.file, rec.line_of("choices"), "choices", text))
        if text in choices:
            r.problem(rec.line_of("choices"), "choices", f"the choice {text!r} is listed twice")
        choices.append(text)
    if raw_answer is None or isinstance(raw_answer, bool) or not isinstance(raw_answer, (str, int, float)):
        got = "nothing" if raw_answer is None else _kind(raw_answer)
        r.problem(rec.line_of("answer"), "answer",
                  f"expected the text of the right choice, copied from choices; got {got}")
        return tuple(choices), 0
    answer = str(raw_answer).strip()
    if answer not in choices:
        r.problem(
            rec.line_of("answer"), "answer",
            f"{answer!r} is not one of the choices; expected the right choice's text, copied exactly"
            + suggest(answer, choices),
        )
        return tuple(choices), 0
    return tuple(choices), choices.index(answer)


# ----------------------------------------------------------------------------- record kinds, declared
# Every content file is a list of records of one kind. A kind is declared once: its fields, in the
# order error messages list them, and how each is read. ``_parse`` is the one loop that reads them:
# unknown fields, the id (unique in the file), every declared field, then the kind's own checks.


@dataclass(frozen=True, slots=True)
class _Field:
    """A field a record may give: its name (in the file and on the record) and how it is read.

    ``read`` gets the reader, the record and whether the field is required, which is not written
    here: a field is required when the record's dataclass gives it no default (so a field is declared
    once, on the record). An optional field left out of the file takes that default, unread, when
    ``optional`` (its reader can tell "absent"); a field whose reader cannot is always read.
    ``read`` is None for a field the kind reads by hand in its ``before`` step (a rule, a nested
    mapping, fields that depend on each other).
    """

    name: str
    read: Callable[[_Reader, Located, bool], Any] | None = None
    optional: bool = True
    #: What the value looks like, as JSON Schema (for teachers' editors: backlearn.content.schema).
    schema: Mapping[str, Any] = field(default_factory=dict)


def _text(name: str) -> _Field:
    return _Field(name, lambda r, rec, required: r.text(rec, name, required=required), schema={"type": "string"})


def _choice(name: str, choices: tuple[str, ...]) -> _Field:
    return _Field(name, lambda r, rec, _required: r.choice(rec, name, choices), optional=False,
                  schema={"enum": list(choices)})


def _optional_choice(name: str, choices: tuple[str, ...]) -> _Field:
    return _Field(name, lambda r, rec, _required: r.optional_choice(rec, name, choices), schema={"enum": list(choices)})


def _ids(name: str, kind: str) -> _Field:
    return _Field(name, lambda r, rec, required: r.ids(rec, name, kind, required=required),
                  schema={"type": ["array", "string"], "items": {"type": "string"}, "description": f"{kind} ids"})


def _integer(name: str, low: int, high: int) -> _Field:
    return _Field(name, lambda r, rec, _required: r.integer(rec, name, low, high),
                  schema={"type": "integer", "minimum": low, "maximum": high})


def _word(name: str) -> _Field:
    return _Field(name, lambda r, rec, _required: r.word(rec, name), optional=False,
                  schema={"type": "string", "pattern": _ID.pattern})


def _flag(name: str) -> _Field:
    return _Field(name, lambda r, rec, _required: r.flag(rec, name), schema={"type": "boolean"})


def _own(name: str, read: Callable[[_Reader, Located], Any]) -> _Field:
    """A field read by a function of its own (absent or not: it says what absent means)."""
    return _Field(name, lambda r, rec, _required: read(r, rec), optional=False)


def _text_list(name: str) -> _Field:
    """A list of short texts (lines starting '- ')."""
    return _Field(name, lambda r, rec, required: _texts(r, rec, name, required=required),
                  schema={"type": "array", "items": {"type": "string"}})


def _by_hand(name: str) -> _Field:
    return _Field(name)


def _defaulted(record: Any) -> frozenset[str]:
    """The fields of a record class that have a default: optional in the file."""
    if not is_dataclass(record):
        return frozenset()
    return frozenset(spec.name for spec in fields(record)
                     if spec.default is not MISSING or spec.default_factory is not MISSING)


@dataclass(frozen=True, slots=True)
class _Kind:
    """One kind of record: what a file holds a list of, and how to read one."""

    #: The records in plain words, for messages ("guidance items").
    what: str
    #: Builds the record from its values (the record class, with ``id`` when ``has_id``).
    make: Callable[..., Any]
    #: Every field a record may give besides ``id``, in the order error messages list them.
    fields: tuple[_Field, ...]
    has_id: bool = True
    #: Reads the by-hand fields before the others; returns values for ``make``.
    before: Callable[[_Reader, Located], dict[str, Any]] | None = None
    #: Checks across fields once the record is made; False leaves the record out.
    after: Callable[[_Reader, Located, Any], bool] | None = None

    @property
    def allowed(self) -> tuple[str, ...]:
        return (("id",) if self.has_id else ()) + tuple(f.name for f in self.fields)

    @property
    def optional(self) -> frozenset[str]:
        """The fields a record may leave out: those with a default on the record's dataclass."""
        return _defaulted(self.make)


def _read_each(kind: _Kind, r: _Reader, data: Any, seen: dict[str, int] | None = None,
               **given: Any) -> list[tuple[str | None, Any]]:
    """Every record of ``kind`` in ``data`` with its id (None when it has none or a bad one)."""
    seen = {} if seen is None else seen
    found: list[tuple[str | None, Any]] = []
    for rec in r.records(data, kind.what):
        rid, item = _read_one(kind, r, rec, seen, **given)
        if item is not None:
            found.append((rid, item))
    return found


def _read_one(kind: _Kind, r: _Reader, rec: Located, seen: dict[str, int],
              **given: Any) -> tuple[str | None, Any]:
    """One record of ``kind`` with its id; the record is None when the kind's checks leave it out."""
    r.unknown_fields(rec, kind.allowed)
    rid = r.record_id(rec, seen) if kind.has_id else None
    values = dict(given)
    if kind.before is not None:
        values.update(kind.before(r, rec))
    optional = kind.optional
    for spec in kind.fields:
        if spec.read is None:
            continue
        if spec.name in optional and spec.optional and rec.get(spec.name) is None:
            continue  # left out: the record's default
        values[spec.name] = spec.read(r, rec, spec.name not in optional)
    item = kind.make(id=rid or "", **values) if kind.has_id else kind.make(**values)
    if kind.after is not None and not kind.after(r, rec, item):
        return rid, None
    return rid, item


def _parse(kind: _Kind, r: _Reader, data: Any) -> dict[str, Any]:
    """The records of a file, by id; records without a good id are checked but left out."""
    return {rid: item for rid, item in _read_each(kind, r, data) if rid}


def _source_links(r: _Reader, rec: Located) -> dict[str, Any]:
    url = r.text(rec, "url", required=False) or None
    doi = r.text(rec, "doi", required=False) or None
    if url is None and doi is None:
        r.problem(rec.line, "url", "missing; expected a url or a doi so readers can find the source")
    if url is not None and not url.startswith(("https://", "http://")):
        r.problem(rec.line_of("url"), "url", f"expected a web address starting https://, got {url!r}")
    if doi is not None and not doi.startswith("10."):
        r.problem(rec.line_of("doi"), "doi", f"expected a DOI starting '10.', got {doi!r}")
    return {"url": url, "doi": doi}


def _one_source_per_link(r: _Reader, rec: Located, source: Source) -> bool:
    """Two sources with the same web address or DOI are one source listed twice: a learner would
    see two numbers lead to the same page. The record is kept, so what cites it is still checked."""
    for name, link in (("url", source.url), ("doi", source.doi)):
        if link is None:
            continue
        first_id, first_line = r.links.setdefault((name, link.rstrip("/").lower()), (source.id, rec.line_of(name)))
        if first_id != source.id:
            what = "web address" if name == "url" else "DOI"
            r.problem(rec.line_of(name), name, f"the same {what} as source '{first_id}' (line {first_line}); "
                      f"expected each source once: cite '{first_id}' instead")
    return True


_SOURCES = _Kind("sources", Source, (
    _text("title"), _text("by"), _integer("year", 1900, 2100), _choice("kind", SOURCE_KINDS),
    _by_hand("url"), _by_hand("doi"),
), before=_source_links, after=_one_source_per_link)

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


def _parse_regions(r: _Reader, data: Any) -> dict[str, Region]:
    out: dict[str, Region] = {}
    seen: dict[str, int] = {}
    fields_ = tuple(p for p in PLACEHOLDERS if p != "region_name")
    services = tuple(p for p in fields_ if p not in TERMS)
    for rec in r.records(data, "regions"):
        r.unknown_fields(rec, ("id", "name", *fields_, "sources"))
        rid = r.record_id(rec, seen)
        values = {"region_name": r.text(rec, "name")}
        for name in services:
            raw = rec.get(name)
            if isinstance(raw, int) and not isinstance(raw, bool):
                # YAML reads 000 as the number 0: a phone number must keep every digit.
                r.problem(rec.line_of(name), name, f'write the number in quotes, e.g. {name}: "{raw}", '
                          "so no leading zero is lost")
            values[name] = r.text(rec, name)
        for name, service in TERMS.items():  # the glossary's name for the service: given, or made from it
            values[name] = r.text(rec, name, required=False) or service_term(values[service])
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
        sources: dict[str, str] = {}
        raw_sources = rec.get("sources")
        if not isinstance(raw_sources, Located):
            r.problem(rec.line_of("sources"), "sources",
                      "expected a web address for each number, e.g. sources: {emergency_number: https://...}")
        else:
            r.unknown_fields(raw_sources, services)
            for name in raw_sources:
                link = raw_sources[name]
                if not isinstance(link, str) or not link.startswith("https://"):
                    r.problem(raw_sources.line_of(name), f"sources.{name}",
                              f"expected a web address starting https://, got {link!r}")
                else:
                    sources[name] = link
        for name in services:
            needs = name in _SOURCED or any(ch.isdigit() for ch in values.get(name, ""))
            if needs and name not in sources and isinstance(raw_sources, Located):
                r.problem(raw_sources.line, "sources", f"missing a source for {name} ({values.get(name, '')!r}); "
                          "expected the official web address that gives it")
        if rid:
            out[rid] = Region(id=rid, name=values["region_name"], values=values, sources=sources)
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


_LEVEL = _Kind("levels", Level, (
    _text("label"), _text("headline"), _text("headline_with_signs"), _text("action"),
), has_id=False)

def _shown_if(r: _Reader, rec: Located) -> dict[str, Any]:
    """A box's or group's ``shown_if``: a rule in the red flags' language, or None (always shown)."""
    if "shown_if" not in rec:
        return {"shown_if": None}
    return {"shown_if": _parse_rule(r, rec["shown_if"], rec.line_of("shown_if"), field="shown_if")}


def _phrases(r: _Reader, rec: Located) -> tuple[str, ...]:
    """``also_called``: the words people use for a box ("spasm", "cricked neck"), for the search."""
    value = rec.get("also_called")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        r.problem(rec.line_of("also_called"), "also_called", "expected a list of phrases, e.g. [spasm, cricked neck]")
        return ()
    return tuple(v.strip() for v in value)


_SYMPTOM = _Kind("symptoms", Symptom, (
    _text("label"), _text("help"), _by_hand("shown_if"), _own("also_called", _phrases),
    _flag("information_only"), _optional_choice("min_level", LEVELS), _flag("asked_first"),
    _optional_choice("diagram_area", DIAGRAM_AREAS),
), before=_shown_if)

#: A group's fields are read by ``_parse_symptoms``, which also collects the symptoms inside it.
_GROUP = _Kind("symptom groups", SymptomGroup, (
    _by_hand("label"), _by_hand("choose"), _by_hand("warning"), _by_hand("shown_if"), _by_hand("symptoms"),
))


def _parse_symptoms(r: _Reader, data: Any) -> tuple[dict[str, SymptomGroup], dict[str, Symptom]]:
    symptoms: dict[str, Symptom] = {}
    seen: dict[str, int] = {}  # symptom ids are unique across groups
    drawn: dict[str, str] = {}  # each area of the back diagram ticks one box

    def one_box_per_area(r: _Reader, rec: Located, symptom: Symptom) -> bool:
        if symptom.diagram_area:
            other = drawn.setdefault(symptom.diagram_area, symptom.id)
            if other != symptom.id:
                r.problem(rec.line_of("diagram_area"), "diagram_area",
                          f"the area '{symptom.diagram_area}' already ticks '{other}'; an area ticks one box")
        return True

    symptom_kind = replace(_SYMPTOM, after=one_box_per_area)

    def group_fields(r: _Reader, rec: Located) -> dict[str, Any]:
        label = r.text(rec, "label")
        # Stated for every group: a pick-one group (an age, how long) left unmarked would let a learner
        # tick two answers that cannot both be true, so there is no silent default.
        choose = r.choice(rec, "choose", ("one", "many"))
        warning = r.flag(rec, "warning")
        items = rec.get("symptoms")
        if not isinstance(items, LocatedList) or not items:
            r.problem(rec.line_of("symptoms"), "symptoms", "expected a list of symptoms")
            items = LocatedList()
            items.item_lines = []
        group_id = rec.get("id")
        group = group_id if isinstance(group_id, str) and _ID.match(group_id) else ""
        members = []
        for sid, symptom in _read_each(symptom_kind, r, items, seen, group=group, warning=warning):
            if sid:
                symptoms[sid] = symptom
                members.append(sid)
        return {"label": label, "choose": choose, "warning": warning, "symptoms": tuple(members),
                **_shown_if(r, rec)}

    groups = _parse(replace(_GROUP, before=group_fields), r, data)
    return groups, symptoms


def _parse_levels(r: _Reader, data: Any) -> dict[str, Level]:
    """levels.yaml is one mapping with a record for each of the four levels, named by its id."""
    out: dict[str, Level] = {}
    if not isinstance(data, Located):
        r.problem(getattr(data, "line", 1), "", "expected the four levels: " + ", ".join(LEVELS))
        return out
    r.unknown_fields(data, LEVELS)
    for level_id in LEVELS:
        rec = data.get(level_id)
        if not isinstance(rec, Located):
            r.problem(data.line_of(level_id), level_id, "missing; expected label, headline and action")
            continue
        _, level = _read_one(_LEVEL, r, rec, {}, id=level_id)
        out[level_id] = level
        if level_id == "emergency" and "{region_name}" not in level.action:
            # The number shown differs by region: name the region beside it so nobody is misled.
            r.problem(rec.line_of("action"), "action",
                      "the emergency action must name the region with {region_name}, e.g. "
                      "'({emergency_number} is the emergency number in {region_name}.)'")
    return out


#: A red flag whose rule could not be read: it is reported, and the flag is left out.
_NO_RULE = AnyOf(())


def _flag_rule(r: _Reader, rec: Located) -> dict[str, Any]:
    if "when" not in rec:
        r.problem(rec.line, "when", "missing; expected the rule that says when this flag matches")
        return {"when": _NO_RULE}
    rule = _parse_rule(r, rec["when"], rec.line_of("when"))
    return {"when": _NO_RULE if rule is None else rule}


def _flag_is_whole(r: _Reader, rec: Located, flag: RedFlag) -> bool:
    if flag.when is _NO_RULE:
        return False
    if symptom_ids(flag.when, reassuring=True) and not flag.reassured_by:
        r.problem(rec.line, "reassured_by", "missing; a rule with 'none' must say what the reassuring pattern is")
    return True


def _flag_is_whole_and_says_what_instead(r: _Reader, rec: Located, flag: RedFlag) -> bool:
    if bool(flag.do_instead_if) != bool(flag.do_instead):
        r.problem(rec.line_of("do_instead"), "do_instead",
                  "do_instead and do_instead_if go together: the text, and the ticks that show it instead of 'do'")
    return _flag_is_whole(r, rec, flag)


_RED_FLAGS = _Kind("red flags", RedFlag, (
    _text("name"), _choice("level", FLAG_LEVELS), _word("kind"), _by_hand("when"), _text("do"), _text("why"),
    _text("banner"), _ids("do_instead_if", "symptom"),
    _text("do_instead"), _text("reassured_by"), _ids("sources", "source"),
), before=_flag_rule, after=_flag_is_whole_and_says_what_instead)

_SCREENING = _Kind("screening questions", ScreeningQuestion, (
    _text("question"), _choice("level", FLAG_LEVELS), _word("kind"), _ids("asks_about", "warning symptom"),
    _ids("applies_to", "symptom"), _ids("sources", "source"),
))


def _notebook_name(r: _Reader, rec: Located, topic: Topic) -> bool:
    if topic.notebook and not topic.notebook.endswith(".ipynb"):
        r.problem(rec.line_of("notebook"), "notebook", f"expected a file name ending .ipynb, got {topic.notebook!r}")
    return True


_TOPICS = _Kind("topics", Topic, (
    _integer("number", 1, 99), _text("notebook"), _text("question"), _text("page_claim"),
    _choice("verdict", VERDICTS), _text("verdict_reason"), _text("answer"), _choice("strength", STRENGTHS),
    _ids("sources", "source"), _ids("symptoms", "symptom"),
), after=_notebook_name)

#: What may hold a guidance item or checklist back (engine/match.py): a ticked symptom it names in
#: ``avoid_if``, or any matched warning (red flag or answered-yes question) it does not name in ``safe_with``.
_HELD_BACK = (
    _ids("avoid_if", "symptom"),
    _ids("safe_with", "warning kind"),
)


def _applies_to_something(r: _Reader, rec: Located, item: Guidance) -> bool:
    if not item.applies_to and not item.applies_to_flags:
        r.problem(rec.line, "applies_to", "missing; expected a list of symptom ids (or applies_to_flags: a list "
                  "of red-flag kinds) saying when this is shown")
    return True


_GUIDANCE = _Kind("guidance items", Guidance, (
    _text("title"), _choice("kind", GUIDANCE_KINDS), _text("text"), _ids("applies_to", "symptom"),
    _ids("applies_to_flags", "warning kind"), *_HELD_BACK, _ids("topics", "topic"),
    _choice("strength", STRENGTHS), _text("evidence"), _ids("sources", "source"),
), after=_applies_to_something)


def _item_safe_with(r: _Reader, rec: Located) -> tuple[str, ...] | None:
    """A checklist item's own ``safe_with``, or None when it has none (it then follows its checklist's)."""
    return r.ids(rec, "safe_with", "warning kind", required=False) if "safe_with" in rec else None


_CHECKLIST_ITEM = _Kind("checklist items", ChecklistItem, (
    _text("text"), _ids("applies_to", "symptom"), _ids("avoid_if", "symptom"),
    _own("safe_with", _item_safe_with),
), has_id=False)


def _checklist_items(r: _Reader, rec: Located) -> dict[str, Any]:
    raw_items = rec.get("items")
    if not isinstance(raw_items, LocatedList) or not raw_items:
        r.problem(rec.line_of("items"), "items", "expected a list of items, each with a 'text'")
        return {"items": ()}
    return {"items": tuple(item for _, item in _read_each(_CHECKLIST_ITEM, r, raw_items))}


_CHECKLISTS = _Kind("checklists", Checklist, (
    _text("title"), _text("intro"), _ids("applies_to", "symptom"), *_HELD_BACK,
    _ids("topics", "topic"), _ids("sources", "source"), _by_hand("items"),
), before=_checklist_items)


def _quiz_answer(r: _Reader, rec: Located) -> dict[str, Any]:
    topic = r.text(rec, "topic")
    if topic:
        r.refs.append((r.file, rec.line_of("topic"), "topic", "topic", topic))
    kind = r.choice(rec, "kind", QUIZ_KINDS)
    choices, answer = _quiz_choices(r, rec, kind)
    return {"topic": topic, "kind": kind, "choices": choices, "answer": answer}


_QUIZZES = _Kind("quiz questions", QuizQuestion, (
    _by_hand("topic"), _by_hand("kind"), _text("question"), _by_hand("choices"), _by_hand("answer"),
    _text("explanation"), _ids("sources", "source"),
), before=_quiz_answer)


def _case_person(r: _Reader, rec: Located) -> dict[str, Any]:
    person = rec.get("person")
    if not isinstance(person, Located):
        r.problem(rec.line_of("person"), "person", "expected name, age and an optional about, e.g. "
                  "person: {name: Priya, age: 34, about: works in an office}")
        person = Located()
        person.line, person.key_lines = rec.line_of("person"), {}
    else:
        r.unknown_fields(person, ("name", "age", "about"))
    name = r.text(person, "name")
    _unique_case_name(r, rec, person, name)
    return {
        "name": name,
        "age": r.integer(person, "age", 1, 120),
        "about": r.text(person, "about", required=False),
    }


def _unique_case_name(r: _Reader, rec: Located, person: Located, name: str) -> None:
    """Every case has its own name: a class sorting cards confuses two Zaras (review 2026-12, N26)."""
    if not name:
        return
    for (file, cid), other in r.found.items():
        if other is rec:
            return  # only the cases before this one: the first use is the one kept
        earlier = other.get("person")
        if file != r.file or not isinstance(earlier, Located):
            continue
        if str(earlier.get("name", "")).strip().casefold() == name.strip().casefold():
            r.problem(person.line_of("name"), "person.name",
                      f"duplicate case name {name!r} (first used on line {earlier.line_of('name')}, "
                      f"case '{cid}'); give every case its own name, so learners can tell the cards apart")
            return


def _one_per_pick_one_group(groups: Mapping[str, SymptomGroup], r: _Reader, rec: Located, case: Case) -> bool:
    """One symptom per 'pick one' group (one age, one duration), as the chooser allows."""
    for group in groups.values():
        picked = [s for s in case.symptoms if s in group.symptoms]
        if group.choose == "one" and len(picked) > 1:
            r.problem(rec.line_of("symptoms"), "symptoms",
                      f"ticks {', '.join(picked)}; the group '{group.id}' allows only one")
    return True


#: Its ``after`` check needs the symptom groups: ``_load`` adds it.
_CASES = _Kind("case studies", Case, (
    _text("title"), _by_hand("person"), _choice("region", BACK_REGIONS), _text("story"),
    _ids("symptoms", "symptom"), _choice("expected_triage", LEVELS), _text("teaching_point"),
    _ids("sources", "source"),
), before=_case_person)


def _check_references(
    r: _Reader,
    sources: Mapping[str, Source],
    symptoms: Mapping[str, Symptom],
    topics: Mapping[str, Topic],
    red_flags: Mapping[str, RedFlag],
    screening: Mapping[str, ScreeningQuestion] | None = None,
    guidance: Mapping[str, Guidance] | None = None,
    cases: Mapping[str, Case] | None = None,
) -> None:
    """Every id a file names must exist, and reassuring patterns may not use warning signs."""
    warnings: dict[str, Any] = dict(red_flags)
    warnings.update({f.kind: f for f in red_flags.values() if f.kind})
    warnings.update({q.kind: q for q in (screening or {}).values() if q.kind})
    known: dict[str, Mapping[str, Any]] = {
        "red flag": red_flags,
        "warning kind": warnings,
        "source": sources,
        "symptom": symptoms,
        "reassuring symptom": symptoms,
        "warning symptom": symptoms,
        "topic": topics,
        "guidance": guidance or {},
        "case": cases or {},
    }
    defined_in = {"source": "sources.yaml", "topic": "topics.yaml", "warning kind": "red_flags.yaml",
                  "red flag": "red_flags.yaml", "guidance": "guidance.yaml", "case": "cases.yaml"}
    for file, line, field_name, kind, ref in r.refs:
        table = known[kind]
        if defined_in.get(kind, "symptoms.yaml") in r.failed:
            continue  # that file could not be read: one problem for it is enough, not one per reference
        if ref not in table:
            noun = "red-flag kind or id" if kind == "warning kind" else kind.split()[-1]
            r.problems.append(
                Problem(file, line, field_name, f"unknown {noun} '{ref}'{suggest(ref, table)}")
            )
            continue
        if kind == "reassuring symptom" and symptoms[ref].warning:
            r.problems.append(
                Problem(
                    file, line, field_name,
                    f"'{ref}' is a warning sign; a reassuring 'none' list may only name symptoms "
                    "that are not warning signs (a warning sign must never lower the level)",
                )
            )
        if kind == "warning symptom" and not symptoms[ref].warning:
            r.problems.append(
                Problem(file, line, field_name, f"'{ref}' is not a warning sign; expected warning-sign symptoms")
            )


# ----------------------------------------------------------------------------- lesson pages and evidence charts
# evidence.yaml and lesson_pages.yaml: what each topic's lesson notebook shows of its own. Both are
# optional; when one is there, every topic needs its record (checked in ``_check_lessons``).


def _number(r: _Reader, rec: Located, name: str, *, required: bool = True) -> float | None:
    value = rec.get(name)
    if value is None:
        if required:
            r.absent(rec, name, "a number")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        r.problem(rec.line_of(name), name, f"expected a number, got {value!r}")
        return None
    return float(value)


def _one_id(r: _Reader, rec: Located, name: str, kind: str) -> str:
    found = r.ids(rec, name, kind)
    if len(found) > 1:
        r.problem(rec.line_of(name), name, f"expected one {kind} id, got {len(found)}")
    return found[0] if found else ""


def _evidence_number(r: _Reader, rec: Located) -> dict[str, Any]:
    value = _number(r, rec, "value") or 0.0
    low, high = _number(r, rec, "low", required=False), _number(r, rec, "high", required=False)
    out_of = _number(r, rec, "out_of", required=False)
    if (low is None) != (high is None):
        r.problem(rec.line, "low", "expected both low and high (the range), or neither")
    elif low is not None and high is not None and not low <= value <= high:
        r.problem(rec.line_of("value"), "value",
                  f"expected a value from low ({low:g}) to high ({high:g}), got {value:g}")
    if out_of is not None and out_of <= 0:
        r.problem(rec.line_of("out_of"), "out_of", "expected the top of the scale, a number above 0")
    return {"value": value, "low": low, "high": high, "out_of": out_of,
            "source": _one_id(r, rec, "source", "source")}


_EVIDENCE_NUMBER = _Kind("evidence numbers", EvidenceNumber, (
    _text("label"), _by_hand("value"), _by_hand("low"), _by_hand("high"), _by_hand("out_of"),
    _by_hand("source"), _text("how_sure"),
), has_id=False, before=_evidence_number)


def _evidence_numbers(r: _Reader, rec: Located) -> dict[str, Any]:
    numbers = rec.get("numbers")
    found = () if numbers is None else tuple(item for _, item in _read_each(_EVIDENCE_NUMBER, r, numbers))
    return {"numbers": found, "baseline": _number(r, rec, "baseline", required=False)}


def _evidence_is_drawable(topics: Mapping[str, Topic], r: _Reader, rec: Located, chart: EvidenceChart) -> bool:
    """A chart can be drawn from what it gives, and every number comes from a source its topic cites."""
    if chart.kind == "words":
        if chart.numbers:
            r.problem(rec.line_of("numbers"), "numbers", "a 'words' chart has no numbers; use kind: bars or people")
    else:
        if not chart.numbers:
            r.absent(rec, "numbers", f"the numbers a '{chart.kind}' chart draws")
        if not chart.measure:
            r.absent(rec, "measure", "what the numbers count, in plain words")
    if chart.kind == "people" and chart.numbers and not 0 <= chart.numbers[0].value <= 100:
        r.problem(rec.line_of("numbers"), "numbers", "a 'people' chart shows how many out of 100; expected 0 to 100")
    topic = topics.get(chart.id)
    if topic is not None:
        for number in chart.numbers:
            if number.source and number.source not in topic.sources:
                r.problem(rec.line_of("numbers"), "source",
                          f"'{number.source}' is not among topic '{chart.id}''s sources; expected a source the "
                          f"topic cites ({', '.join(topic.sources)}), or add it to the topic first")
    return True


_EVIDENCE = _Kind("evidence charts", EvidenceChart, (
    _text("title"), _choice("kind", CHART_KINDS), _text("measure"), _by_hand("baseline"),
    _text("baseline_label"), _by_hand("numbers"), _text("note"),
    _ids("sources", "source"),
), before=_evidence_numbers)


_ACTIVITY_ITEM = _Kind("activity items", ActivityItem, (
    _text("text"), _text("why"), _text("answer"), _flag("best"),
), has_id=False)


def _activity_parts(r: _Reader, rec: Located) -> dict[str, Any]:
    items = rec.get("items")
    found = () if items is None else tuple(item for _, item in _read_each(_ACTIVITY_ITEM, r, items))
    plan = rec.get("kind") == "plan"
    return {
        "items": found,
        "bins": _texts(r, rec, "bins", required=False),
        "goal_days": r.integer(rec, "goal_days", 1, 7) if plan else 0,
        "goal_minutes": r.integer(rec, "goal_minutes", 1, 180) if plan else 0,
    }


def _activity_is_whole(r: _Reader, rec: Located, activity: Activity) -> bool:
    """Each kind has what it needs: bins and an answer in them (sort), a best choice (choose), a goal (plan)."""
    if activity.kind in ("sort", "choose") and len(activity.items) < 2:
        r.absent(rec, "items", "at least two items")
    if activity.kind == "sort":
        if len(activity.bins) < 2:
            r.absent(rec, "bins", "at least two bins")
        for item in activity.items:
            if item.answer not in activity.bins:
                r.problem(rec.line_of("items"), "answer",
                          f"'{item.answer}' is not a bin; expected one of {', '.join(activity.bins)}")
    if activity.kind == "choose" and activity.items and not any(item.best for item in activity.items):
        r.problem(rec.line_of("items"), "best", "no item has best: true; expected at least one right choice")
    if activity.kind == "plan" and not activity.why:
        r.absent(rec, "why", "where the goal comes from, in plain words")
    return True


_ACTIVITY = _Kind("activities", Activity, (
    _choice("kind", ACTIVITY_KINDS), _text("title"), _text("prompt"), _by_hand("bins"), _by_hand("items"),
    _by_hand("goal_days"), _by_hand("goal_minutes"), _text("why"), _ids("sources", "source"),
), has_id=False, before=_activity_parts, after=_activity_is_whole)

_NO_ACTIVITY = Activity(kind="sort", title="", prompt="", sources=())


def _lesson_page_parts(r: _Reader, rec: Located) -> dict[str, Any]:
    part = rec.get("activity")
    activity = None
    if isinstance(part, Located):
        activity = _read_one(_ACTIVITY, r, part, {})[1]
    else:
        r.absent(rec, "activity", "the lesson's activity (kind, title, prompt, ...)")
    values: dict[str, Any] = {"activity": activity or _NO_ACTIVITY}
    values["warning_tick"] = _one_id(r, rec, "warning_tick", "symptom")
    heading = r.text(rec, "warning_heading", required=False)
    if heading:
        values["warning_heading"] = heading
    return values


_LESSON_PAGES = _Kind("lesson pages", LessonPage, (
    _text("intro"), _text("person"), _text("story"), _ids("ticks", "symptom"), _by_hand("warning_tick"),
    _by_hand("warning_heading"), _text("warning_story"), _by_hand("activity"), _text("in_class"), _text("at_home"),
), before=_lesson_page_parts)


def _check_lessons(r: _Reader, topics: Mapping[str, Topic], evidence: Mapping[str, Any],
                   pages: Mapping[str, Any], present: Iterable[str]) -> None:
    """Each record of evidence.yaml and lesson_pages.yaml is a topic's, and, when a file is there, every
    topic has one (the lesson notebooks draw every topic's chart and activity)."""
    for file, records in (("evidence.yaml", evidence), ("lesson_pages.yaml", pages)):
        if file not in present:
            continue
        for rid in records:
            if rid not in topics:
                line = r.found[(file, rid)].line_of("id") if (file, rid) in r.found else 0
                r.problems.append(Problem(file, line, "id", f"unknown topic '{rid}'{suggest(rid, topics)}; "
                                          "expected a topic id from topics.yaml"))
        missing = [tid for tid in topics if tid not in records]
        if missing and "topics.yaml" not in r.failed:
            r.problems.append(Problem(file, 0, "", f"no record for topic(s) {', '.join(missing)}; "
                                      "expected one per topic in topics.yaml"))


# ----------------------------------------------------------------------------- the can't-miss map


def _raw_text(r: _Reader, rec: Located, name: str) -> str:
    """Text that is not shown to learners as it is (a row's cause, a person's own words): not checked
    for placeholders, since people name 999 or A&E in their own words."""
    value = rec.get(name)
    if not isinstance(value, str) or not value.strip():
        r.problem(rec.line_of(name), name, "expected some text")
        return ""
    return value.strip()


def _coverage_parts(r: _Reader, rec: Located) -> dict[str, Any]:
    guideline = rec.get("guideline")
    name = url = ""
    if isinstance(guideline, Located) and isinstance(guideline.get("name"), str) and isinstance(
            guideline.get("url"), str) and guideline["url"].startswith(("https://", "http://")):
        name, url = guideline["name"].strip(), guideline["url"].strip()
    else:
        r.problem(rec.line_of("guideline"), "guideline", "expected {name: ..., url: https://...}: the guideline "
                  "or health-service page the level follows, with its address")
    sets: list[CoverageTickSet] = []
    raw_sets = rec.get("tick_sets")
    if not isinstance(raw_sets, LocatedList):
        raw_sets = LocatedList()
        raw_sets.item_lines = []
    for item, line in zip(raw_sets, raw_sets.item_lines, strict=True):
        if not isinstance(item, Located) or not isinstance(item.get("ticks"), list):
            r.problem(line, "tick_sets", "each tick set needs says: (in a person's own words) and ticks: [ids]")
            continue
        r.unknown_fields(item, ("says", "ticks"))
        ticks = r.ids(item, "ticks", "symptom")
        sets.append(CoverageTickSet(_raw_text(r, item, "says"), ticks))
    if len(sets) < 2:
        r.problem(rec.line_of("tick_sets"), "tick_sets", "expected at least two different ways a person would "
                  "describe it (says and ticks)")
    return {"cause": _raw_text(r, rec, "cause"), "guideline_name": name, "guideline_url": url,
            "tick_sets": tuple(sets), "note": str(rec.get("note") or "").strip()}


_COVERAGE = _Kind("can't-miss map rows", CoverageRow, (
    _by_hand("cause"), _choice("type", COVERAGE_TYPES), _by_hand("guideline"), _choice("level", LEVELS),
    _ids("flags", "red flag"), _by_hand("note"), _by_hand("tick_sets"),
), before=_coverage_parts)


# ----------------------------------------------------------------------------- short mode (short_mode.yaml)
# One mapping of settings, every field optional (its default is on ShortMode). What it names is checked
# against the guidance and checklists of the same folder.


def _line_is_in_its_checklist(checklists: Mapping[str, Checklist], r: _Reader, rec: Located,
                              line: HeldBackLine) -> bool:
    if "checklists.yaml" in r.failed or not line.checklist:
        return False
    checklist = checklists.get(line.checklist)
    if checklist is None:
        r.problem(rec.line_of("checklist"), "checklist",
                  f"unknown checklist '{line.checklist}'{suggest(line.checklist, checklists)}")
        return False
    lines = [item.text for item in checklist.items]
    if line.item and line.item not in lines:
        r.problem(rec.line_of("item"), "item", f"expected one of the lines of checklist '{line.checklist}' exactly; "
                  f"got {line.item!r}{suggest(line.item, lines)}")
        return False
    return bool(line.item)


_HELD_BACK_LINE = _Kind("checklist lines", HeldBackLine, (_text("checklist"), _text("item")), has_id=False)


def _says_why_when_holding_back(r: _Reader, rec: Located, mode: ShortMode) -> bool:
    if (mode.adults_only or mode.adults_only_checklist_items) and not mode.adults_only_note:
        r.absent(rec, "adults_only_note", "the note shown instead of what short mode holds back")
    return True


_SHORT_MODE = _Kind("short mode settings", ShortMode, (
    _integer("top_advice", 1, 1000), _integer("checklists", 1, 1000), _ids("adults_only", "guidance"),
    _by_hand("adults_only_checklist_items"), _text("adults_only_note"),
), has_id=False, after=_says_why_when_holding_back)  # _parse_short_mode reads the checklist lines


def _parse_short_mode(checklists: Mapping[str, Checklist], r: _Reader, data: Any) -> ShortMode:
    """short_mode.yaml: one mapping of settings, checked against ``checklists`` (the guidance ids it
    names are checked with every other reference)."""
    if not isinstance(data, Located):
        got = "an empty file" if data is None else "a list" if isinstance(data, list) else "a single value"
        r.problem(getattr(data, "line", 1), "", f"expected the short mode's settings "
                  f"({', '.join(_SHORT_MODE.allowed)}); got {got}")
        return ShortMode()
    line_kind = replace(_HELD_BACK_LINE, after=partial(_line_is_in_its_checklist, checklists))

    def lines(r: _Reader, rec: Located) -> dict[str, Any]:
        raw = rec.get("adults_only_checklist_items")
        if raw is None:
            return {}
        return {"adults_only_checklist_items": tuple(item for _, item in _read_each(line_kind, r, raw))}

    mode: ShortMode = _read_one(replace(_SHORT_MODE, before=lines), r, data, {})[1]
    return mode
