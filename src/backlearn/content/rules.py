"""Red-flag rules: "any of", "all of" and reassuring "none of", evaluated with reasons."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AllOf",
    "AnyOf",
    "AtLeast",
    "NoneOf",
    "Rule",
    "Sym",
    "Ticked",
    "evaluate",
    "reassuring_symptoms",
    "symptom_ids",
    "to_plain",
]


@dataclass(frozen=True, slots=True)
class Sym:
    """True when this symptom is ticked."""

    id: str


@dataclass(frozen=True, slots=True)
class AnyOf:
    """True when at least one item is true."""

    items: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    """True when every item is true; a NoneOf item is a reassuring pattern."""

    items: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class AtLeast:
    """True when at least ``count`` items are true: a guideline's "4 or more of" list."""

    count: int
    items: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class NoneOf:
    """True when fewer than ``below`` of these (non-warning) symptoms are ticked.

    With the default ``below=1`` that is "none of them"; a higher number lets a reassuring
    pattern need several features at once (for example two, before a red flag is lowered).
    """

    ids: tuple[str, ...]
    below: int = 1


Rule = Sym | AnyOf | AllOf | AtLeast | NoneOf
#: The ticked symptom ids.
Ticked = set[str] | frozenset[str]


def evaluate(rule: Rule, ticked: Ticked, *, ignore_reassurance: bool = False) -> frozenset[str] | None:
    """Return the ticked symptoms that make ``rule`` true, or None when it is false.

    With ``ignore_reassurance`` the NoneOf parts count as true, which tells whether a
    reassuring pattern is the only thing keeping a red flag from matching.
    """
    if isinstance(rule, Sym):
        return frozenset((rule.id,)) if rule.id in ticked else None
    if isinstance(rule, NoneOf):
        if ignore_reassurance or len(ticked.intersection(rule.ids)) < rule.below:
            return frozenset()
        return None
    if isinstance(rule, AtLeast):
        true_items = 0
        counted: set[str] = set()
        for item in rule.items:
            reasons = evaluate(item, ticked, ignore_reassurance=ignore_reassurance)
            if reasons is not None:
                true_items += 1
                counted |= reasons
        return frozenset(counted) if true_items >= rule.count else None
    if isinstance(rule, AnyOf):
        found: set[str] = set()
        matched = False
        for item in rule.items:
            reasons = evaluate(item, ticked, ignore_reassurance=ignore_reassurance)
            if reasons is not None:
                matched = True
                found |= reasons
        return frozenset(found) if matched else None
    collected: set[str] = set()
    for item in rule.items:
        reasons = evaluate(item, ticked, ignore_reassurance=ignore_reassurance)
        if reasons is None:
            return None
        collected |= reasons
    return frozenset(collected)


def reassuring_symptoms(rule: Rule, ticked: Ticked) -> frozenset[str]:
    """The ticked symptoms named in the rule's NoneOf parts: the reassuring pattern seen."""
    if isinstance(rule, NoneOf):
        return frozenset(ticked.intersection(rule.ids))
    if isinstance(rule, Sym):
        return frozenset()
    found: set[str] = set()
    for item in rule.items:
        found |= reassuring_symptoms(item, ticked)
    return frozenset(found)


def symptom_ids(rule: Rule, *, reassuring: bool = False) -> frozenset[str]:
    """Every symptom id a rule names: the positive ones, or with ``reassuring`` the NoneOf ones."""
    if isinstance(rule, Sym):
        return frozenset() if reassuring else frozenset((rule.id,))
    if isinstance(rule, NoneOf):
        return frozenset(rule.ids) if reassuring else frozenset()
    found: set[str] = set()
    for item in rule.items:
        found |= symptom_ids(item, reassuring=reassuring)
    return frozenset(found)


def to_plain(rule: Rule) -> object:
    """The rule as it is written in the content files (for ``backlearn symptoms --json``)."""
    if isinstance(rule, Sym):
        return rule.id
    if isinstance(rule, NoneOf):
        return {"none": list(rule.ids)} if rule.below == 1 else {"fewer_than": {"count": rule.below,
                                                                                "of": list(rule.ids)}}
    items = [to_plain(item) for item in rule.items]
    if isinstance(rule, AtLeast):
        return {"at_least": {"count": rule.count, "of": items}}
    return {"all" if isinstance(rule, AllOf) else "any": items}
