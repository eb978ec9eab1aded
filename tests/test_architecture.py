"""The shape of the package: imports run one way, down the floors (no circles, not even through an import
inside a function), and logic never imports a widget."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import backlearn

PACKAGE = Path(backlearn.__file__).parent


def _module_name(file: Path, package: Path) -> str:
    parts = file.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Each backlearn module and the backlearn modules it imports anywhere (top, function or TYPE_CHECKING)."""
    modules = {_module_name(file, package): file for file in package.rglob("*.py")}
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
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _widget_modules(graph: dict[str, set[str]]) -> set[str]:
    return {name for name in graph if "widget" in name.rsplit(".", 1)[-1] or ".widgets" in name}


def _circle(graph: dict[str, set[str]]) -> list[str]:
    """The first import circle found (a list of modules ending where it starts), or an empty list."""
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> list[str]:
        if name in path:
            return [*path[path.index(name):], name]
        if name not in done:
            for imported in sorted(graph[name]):
                found = visit(imported, [*path, name])
                if found:
                    return found
            done.add(name)
        return []

    for name in sorted(graph):
        found = visit(name, [])
        if found:
            return found
    return []


def test_the_import_graph_has_no_circles():
    graph = _imports()
    assert graph.get("backlearn.cli"), "the graph is read from the source"
    assert not _circle(graph), "import circle: " + " -> ".join(_circle(graph))


#: The floors, bottom first (docs/architecture.md): a module imports only from its own floor or below.
#: Modules of a sub-package are on its floor; any other module not named here is lesson logic.
_BASE = {"backlearn._files", "backlearn.places", "backlearn.settings"}
_FLOORS = ("base", "content", "engine", "logic", "widgets", "entry points")
_ENTRY_POINTS = {"backlearn", "backlearn.__main__", "backlearn.cli", "backlearn.app"}


def _floor(module: str) -> str:
    if module in _BASE:
        return "base"
    if module in _ENTRY_POINTS:
        return "entry points"
    for package in ("content", "engine", "widgets"):
        if module == f"backlearn.{package}" or module.startswith(f"backlearn.{package}."):
            return package
    return "logic"


def test_no_module_imports_from_a_floor_above_its_own():
    graph = _imports()
    assert _floor("backlearn.content._safety") == "content" and _floor("backlearn.engine.promises") == "engine"
    upward = [
        f"{name} ({_floor(name)}) imports {imported} ({_floor(imported)})"
        for name, imports in sorted(graph.items())
        for imported in sorted(imports)
        if _FLOORS.index(_floor(imported)) > _FLOORS.index(_floor(name))
    ]
    assert not upward, "\n".join(upward)


def test_an_import_inside_a_function_counts(tmp_path):
    """A lazy import is an arrow like any other: content running the engine from inside a function
    is a circle and an upward import, as it was before the engine's checks moved to the engine."""
    package = tmp_path / "backlearn"
    (package / "content").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "content" / "__init__.py").write_text(
        "def check():\n    from backlearn.engine import assess\n", encoding="utf-8")
    (package / "engine.py").write_text("from backlearn.content import check\n", encoding="utf-8")
    graph = _imports(package)
    assert graph["backlearn.content"] == {"backlearn.engine"}
    assert _circle(graph) == ["backlearn.content", "backlearn.engine", "backlearn.content"]
    assert _FLOORS.index(_floor("backlearn.engine")) > _FLOORS.index(_floor("backlearn.content"))


def test_logic_modules_never_import_widget_modules():
    graph = _imports()
    widgets = _widget_modules(graph)
    assert "backlearn.widgets.quiz" in widgets
    views = widgets | {"backlearn.app"}  # the app serves the widget page
    for name, imported in graph.items():
        if name in views or name == "backlearn":
            continue  # the package's lazy names are the one door to the widgets
        assert not imported & widgets, f"{name} (logic) imports {sorted(imported & widgets)}"


def test_scripts_beside_the_package_use_only_its_public_names():
    """benchmarks/ (its measures/ too) and tools/ import no private module (``_name``) and only names a module lists in
    ``__all__``: they show how the package is meant to be used."""
    import importlib
    import importlib.util

    files = sorted(file for folder in ("benchmarks", "tools") for file in (PACKAGE.parents[1] / folder).rglob("*.py"))
    assert {"stats.py", "engine.py"} <= {file.name for file in files}  # benchmarks/measures/ included
    private = []
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "backlearn":
                module = importlib.import_module(node.module)
                public = getattr(module, "__all__", None)
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    if any(part.startswith("_") for part in submodule.split(".")):
                        private.append(f"{file.name}: from {node.module} import {alias.name}")
                    elif public is not None and alias.name not in public and (
                        not hasattr(module, "__path__") or importlib.util.find_spec(submodule) is None
                    ):  # a submodule is public by its name, whether or not something imported it before
                        private.append(f"{file.name}: {alias.name} is not in {node.module}.__all__")
            elif isinstance(node, ast.Import):
                private += [f"{file.name}: import {alias.name}" for alias in node.names
                            if alias.name.split(".")[0] == "backlearn" and "._" in alias.name]
    assert not private, "\n".join(private)


def _calls_to(file: Path, names: set[str]) -> list[str]:
    """Where ``file`` uses any of ``names`` as an attribute or a name (``os.environ``, ``places.variable``)."""
    found = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        used = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
        if used in names:
            found.append(f"{file.relative_to(PACKAGE.parent)}:{node.lineno}: {used}")
        elif isinstance(node, ast.ImportFrom) and {alias.name for alias in node.names} & names:
            found.append(f"{file.relative_to(PACKAGE.parent)}:{node.lineno}: from {node.module} import ...")
    return found


def test_the_content_layer_is_given_the_region_and_never_reads_the_learners_settings():
    """Review 2026-12 §2.2: the same content folder loads the same for everyone. The layers above choose
    the region (backlearn.settings.chosen_region) and pass it in; the content imports no settings and
    asks places for no class setting or environment variable (only where its files are)."""
    graph = _imports()
    content = sorted(name for name in graph if _floor(name) == "content")
    assert "backlearn.content._loader" in content
    assert not [name for name in content if "backlearn.settings" in graph[name]]
    readers = {"class_region", "variable", "environment", "chosen_region", "read_settings", "settings_file"}
    found = [hit for file in sorted((PACKAGE / "content").rglob("*.py")) for hit in _calls_to(file, readers)]
    assert not found, "\n".join(found)


def _env_readers(file: Path) -> list[str]:
    """Where ``file`` reads or changes the environment itself, or names a ``BACKLEARN_*`` variable in code."""
    found = _calls_to(file, {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"})
    tree = ast.parse(file.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    found += [f"{file.relative_to(PACKAGE.parent)}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
              if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
              and node.value.startswith("BACKLEARN_")]
    return found


def test_places_is_the_only_module_that_reads_the_environment():
    """Each environment variable is named once, in backlearn.places, and read there (docs/architecture.md):
    no other module touches ``os.environ`` or spells a ``BACKLEARN_*`` name."""
    files = sorted(PACKAGE.rglob("*.py"))
    assert _env_readers(PACKAGE / "places.py"), "the check finds places.py's own reads"
    found = [hit for file in files if file.name != "places.py" or file.parent != PACKAGE for hit in _env_readers(file)]
    assert not found, "\n".join(found)


def test_the_content_reader_is_cut_by_concern_and_read_one_way():
    """Review 2026-12 §2.4: the field reader is the bottom of the parsing modules (it imports none of
    them), the rule language sits on it alone, the record kinds' modules import only the reader and the
    rule language (never each other), and only ``_read`` (which reads a folder) and ``schema`` gather them."""
    graph = _imports()
    content = "backlearn.content."
    reader, rules = content + "_reader", content + "_rule_syntax"
    kinds = {content + name for name in ("_kinds_symptoms", "_kinds_safety", "_kinds_guidance", "_kinds_teacher",
                                         "_glossary_regions", "_references", "_parse_teaching")}
    parsing = {reader, rules, *kinds}
    assert parsing <= set(graph), sorted(parsing - set(graph))
    assert not graph[reader] & parsing
    assert graph[rules] & parsing == {reader}
    for name in sorted(kinds):
        assert graph[name] & parsing <= {reader, rules}, f"{name} imports {sorted(graph[name] & kinds)}"
    gatherers = sorted(name for name, imported in graph.items() if name not in parsing and imported & kinds)
    assert gatherers == [content + "_read", content + "schema"], gatherers



def _architecture_page() -> str:
    return (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_the_architecture_page_names_every_module():
    """docs/architecture.md is the map a newcomer reads first: a module it does not name is one they
    will not find (review 2026-12: "docs/architecture.md matches the tree"). A sub-package's
    ``__init__.py`` is named by its folder."""
    page = _architecture_page()
    unnamed = sorted(
        str(file.relative_to(PACKAGE))
        for file in PACKAGE.rglob("*.py")
        if file.name not in page and not (file.name == "__init__.py" and f"{file.parent.name}/" in page)
    )
    assert not unnamed, f"not named in docs/architecture.md: {unnamed}"


def test_every_module_the_architecture_page_names_exists():
    """The other way round: a module moved or renamed leaves no stale name on the map."""
    names = set(re.findall(r"\b([a-z_]+\.py)\b", _architecture_page()))
    files = {file.name for file in PACKAGE.rglob("*.py")}
    elsewhere = {file.name for folder in ("tests", "tools", "benchmarks", "site_build")
                 for file in (PACKAGE.parents[1] / folder).rglob("*.py")}
    assert names <= files | elsewhere, f"named but not in the tree: {sorted(names - files - elsewhere)}"
