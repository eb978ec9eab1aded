"""Read YAML content files while remembering line numbers, so errors can say where."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from backlearn.content._located import Located, LocatedList

__all__ = ["Located", "LocatedList", "YamlSyntaxError", "read_yaml"]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader (never runs code) that records 1-based line numbers."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    result = Located()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        value = loader.construct_object(value_node, deep=True)
        key_text = str(key)
        if key_text in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key_text}'", key_node.start_mark
            )
        result[key_text] = value
        result.key_lines[key_text] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

# libyaml's parser is about ten times faster than the pure-Python one and keeps line numbers;
# the constructors are the same. It reads valid files only: on any error the pure-Python
# loader parses again, so error messages are the same with or without libyaml.
_FastLineLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _CLineLoader(yaml.CSafeLoader):
        """CSafeLoader (never runs code) with the same line-recording constructors."""

    _CLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _CLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    _FastLineLoader = _CLineLoader


class YamlSyntaxError(ValueError):
    """A file that is not valid YAML; carries the line the parser stopped at."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path.name}, line {line}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


def read_yaml(path: Path) -> Any:
    """Parse one YAML file with line numbers; raise YamlSyntaxError naming the line."""
    text = path.read_text(encoding="utf-8")
    if _FastLineLoader is not None:
        try:
            return yaml.load(text, Loader=_FastLineLoader)
        except yaml.YAMLError:
            pass
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.reader.ReaderError as error:  # a NUL or other control character: say on which line
        line = text[: error.position].count("\n") + 1
        raise YamlSyntaxError(path, line, f"not valid YAML: the character {error.character!r} cannot be in a "
                              "text file (delete it, or paste the text again)") from error
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark is not None and "quoted scalar" in (error.context or ""):
            mark = error.context_mark  # an unclosed quote: where it opens, not where the parser gave up
        line = mark.line + 1 if mark is not None else 1
        problem = " ".join(part for part in (error.context, error.problem) if part)
        raise YamlSyntaxError(path, line, f"not valid YAML: {problem}") from error
    except yaml.YAMLError as error:
        raise YamlSyntaxError(path, 1, f"not valid YAML: {error}") from error
