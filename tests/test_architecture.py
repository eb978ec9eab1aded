"""The shape of the package: imports run one way (no circles) and logic never imports a widget."""

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
                submodules = {f"{node.module}.{alias.name}" for alias in node.names} & set(modules)
                # `from package import submodule` imports the submodule; anything else, the module named
                found.update(submodules if len(submodules) == len(node.names) else {node.module, *submodules})
        graph[name] = {m for m in found if m in modules and m != name and m != "backlearn"}
    return graph


def _widget_modules(graph: dict[str, set[str]]) -> set[str]:
    return {name for name in graph if "widget" in name.rsplit(".", 1)[-1] or ".widgets" in name}


#: The one arrow allowed to point back up, imported inside a function: loading content checks that
#: the engine keeps its safety promises on it (every case study gets its expected level, no
#: reassuring tick lowers an emergency), so the loader runs the engine on what it has just read.
_ENGINE_CHECKS_ON_CONTENT = ("backlearn.content._safety", {"backlearn.engine.assessment", "backlearn.engine.triage"})


def test_the_import_graph_has_no_circles():
    graph = _imports()
    module, allowed = _ENGINE_CHECKS_ON_CONTENT
    assert allowed <= graph[module], "the exception above is still needed (else delete it)"
    graph[module] -= allowed
    assert graph.get("backlearn.cli"), "the graph is read from the source"
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            circle = [*path[path.index(name):], name]
            raise AssertionError("import circle: " + " -> ".join(circle))
        if name in done:
            return
        for imported in sorted(graph[name]):
            visit(imported, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_logic_modules_never_import_widget_modules():
    graph = _imports()
    widgets = _widget_modules(graph)
    assert "backlearn.widgets.quiz" in widgets or "backlearn.widgets.quiz" in widgets
    views = widgets | {"backlearn.app"}  # the app serves the widget page
    for name, imported in graph.items():
        if name in views or name == "backlearn":
            continue  # the package's lazy names are the one door to the widgets
        assert not imported & widgets, f"{name} (logic) imports {sorted(imported & widgets)}"
