"""Red flags and screening questions."""

from __future__ import annotations

from typing import Any

from backlearn.content._located import Located
from backlearn.content._reader import (
    _by_hand,
    _choice,
    _ids,
    _Kind,
    _Reader,
    _text,
    _word,
)
from backlearn.content._rule_syntax import (
    _parse_rule,
)
from backlearn.content.model import (
    FLAG_LEVELS,
    RedFlag,
    ScreeningQuestion,
)
from backlearn.content.rules import AnyOf, symptom_ids

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


