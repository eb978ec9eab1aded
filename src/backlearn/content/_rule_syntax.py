"""The rule language of the content files (any/all/none/at_least/fewer_than) and quiz answers."""

from __future__ import annotations

from typing import Any

from backlearn.content._located import Located, LocatedList
from backlearn.content._reader import (
    _kind,
    _Reader,
)
from backlearn.content.errors import suggest
from backlearn.content.model import (
    TRUE_FALSE,
)
from backlearn.content.rules import AllOf, AnyOf, AtLeast, NoneOf, Rule, Sym

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


