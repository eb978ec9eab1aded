"""The shape of the package: logic never imports a widget."""

from __future__ import annotations

import ast
from pathlib import Path

import backlearn

PACKAGE = Path(backlearn.__file__).parent


def _module_name(file: Path) -> str:
    parts = file.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each backlearn module and the backlearn modules it imports anywhere (top, function or TYPE_CHECKING)."""
    modules = {_module_name(file): file for file in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, file in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[name] = {m for m in found if m in modules and m != name and m != "backlearn"}
    return graph


def _widget_modules(graph: dict[str, set[str]]) -> set[str]:
    return {name for name in graph if "widget" in name.rsplit(".", 1)[-1] or ".widgets" in name}


def test_logic_modules_never_import_widget_modules():
    graph = _imports()
    widgets = _widget_modules(graph)
    assert "backlearn.quiz_widgets" in widgets or "backlearn.widgets.quiz" in widgets
    views = widgets | {"backlearn.app"}  # the app serves the widget page
    for name, imported in graph.items():
        if name in views or name == "backlearn":
            continue  # the package's lazy names are the one door to the widgets
        assert not imported & widgets, f"{name} (logic) imports {sorted(imported & widgets)}"
