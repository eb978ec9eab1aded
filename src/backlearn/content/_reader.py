"""The field reader: ``_Reader`` (every problem with file, line and field) and the declared record
kinds (``_Field``, ``_Kind``) with the one loop that reads them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from typing import Any

from backlearn.content._located import Located, LocatedList
from backlearn.content.errors import Problem, suggest
from backlearn.content.model import ID_PATTERN as _ID

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


def _parse_keyed(kind: _Kind, r: _Reader, data: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    """A file that is one mapping with a record of ``kind`` under each of ``keys``, its id (levels.yaml):
    every key must be there, and no other."""
    if not isinstance(data, Located):
        r.problem(getattr(data, "line", 1), "", f"expected the {kind.what}: " + ", ".join(keys))
        return {}
    r.unknown_fields(data, keys)
    required = [spec.name for spec in kind.fields if spec.name not in kind.optional]
    expected = ", ".join(required[:-1]) + " and " + required[-1] if len(required) > 1 else "".join(required)
    found: dict[str, Any] = {}
    for key in keys:
        rec = data.get(key)
        if not isinstance(rec, Located):
            r.problem(data.line_of(key), key, f"missing; expected {expected}")
            continue
        _, item = _read_one(kind, r, rec, {}, id=key)
        if item is not None:
            found[key] = item
    return found
