"""The safety wording is written once, in ``engine/safety_wording.py``: no other module, template or
content file writes it out, so a change to it is a change in one reviewed place, and a teacher's copy
of ``data/`` cannot carry its own version."""

from __future__ import annotations

from pathlib import Path

import pytest

import backlearn
from backlearn.engine import safety_wording

PACKAGE = Path(backlearn.__file__).parent
DATA = PACKAGE.parents[1] / "data"


def _sentences() -> list[str]:
    found: list[str] = []
    for name in safety_wording.__all__:
        value = getattr(safety_wording, name)
        parts = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else (value,)
        found += [part for part in parts if len(part) > 20]  # a short heading ("Please note") may recur
    return found


def _files() -> list[Path]:
    code = [f for pattern in ("*.py", "*.j2", "*.ipynb") for f in PACKAGE.rglob(pattern)]
    return [f for f in code + sorted(DATA.glob("*.yaml")) if f.name != "safety_wording.py"]


def test_there_is_wording_to_look_for():
    assert len(_sentences()) >= 8


@pytest.mark.parametrize("sentence", _sentences())
def test_each_safe_sentence_is_written_once(sentence):
    copies = [str(f.relative_to(PACKAGE.parents[1])) for f in _files() if sentence in f.read_text(encoding="utf-8")]
    assert not copies, f"{sentence!r} is written out again in {copies}"
