"""JSON Schemas for teachers' editors, made from the reader's own declarations (backlearn.content.schema):
the shipped content fits them, a misspelt field or a wrong choice does not, and the committed files in
docs/schema are what tools/content_schema.py writes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from backlearn.content.schema import SCHEMA_FILES, content_schemas

jsonschema = pytest.importorskip("jsonschema")  # a development tool: backlearn itself never imports it

ROOT = Path(__file__).resolve().parents[1]
_SPEC = importlib.util.spec_from_file_location("content_schema", ROOT / "tools" / "content_schema.py")
assert _SPEC is not None and _SPEC.loader is not None
tool = importlib.util.module_from_spec(_SPEC)
sys.modules["content_schema"] = tool
_SPEC.loader.exec_module(tool)


def _errors(name: str, data: object) -> list[str]:
    validator = jsonschema.Draft202012Validator(content_schemas()[name])
    return [error.message for error in validator.iter_errors(data)]


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_the_shipped_content_fits_its_schema(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(content_schemas()[name])
    assert _errors(name, yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))) == []


def test_a_misspelt_field_a_wrong_choice_and_a_missing_field_break_the_schema() -> None:
    guidance = yaml.safe_load((ROOT / "data" / "guidance.yaml").read_text(encoding="utf-8"))
    first = dict(guidance[0])
    assert any("'titel' was unexpected" in e for e in _errors("guidance.yaml", [{**first, "titel": "x"}]))
    assert any("'strong'" in e for e in _errors("guidance.yaml", [{**first, "strength": "strong"}]))
    assert any("'title' is a required property" in e
               for e in _errors("guidance.yaml", [{k: v for k, v in first.items() if k != "title"}]))
    assert any("'cheklists' was unexpected" in e for e in _errors("short_mode.yaml", {"cheklists": 1}))
    assert _errors("short_mode.yaml", {"checklists": 2}) == [], "every short-mode setting is optional"


def test_the_committed_schemas_are_what_the_tool_writes() -> None:
    assert tool.main(["--check"]) == 0, "run: python tools/content_schema.py"
