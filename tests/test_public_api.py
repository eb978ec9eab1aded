"""The public API: every name ``__all__`` promises exists, and ``import backlearn`` stays light."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import pkgutil
import subprocess
import sys
from types import ModuleType

import pytest

import backlearn


@pytest.mark.parametrize("name", backlearn.__all__)
def test_every_public_name_resolves(name):
    assert getattr(backlearn, name) is not None


def test_dir_lists_exactly_the_public_names():
    assert dir(backlearn) == sorted(backlearn.__all__)
    assert len(set(backlearn.__all__)) == len(backlearn.__all__), "a name listed twice"


def _modules() -> list[str]:
    found = pkgutil.walk_packages(backlearn.__path__, "backlearn.")
    return sorted(m.name for m in found if m.name != "backlearn.__main__")  # __main__ runs the CLI


@pytest.mark.parametrize("module_name", _modules())
def test_every_module_all_resolves(module_name):
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:  # a module for an optional extra (the app, the hub) that is not installed
        pytest.skip(f"{module_name} needs {error.name}")
    for name in getattr(module, "__all__", ()):
        assert hasattr(module, name), f"{module_name}.__all__ names {name!r}, which it does not define"


def test_all_lists_every_public_name_of_the_package():
    """httpx's check: nothing public-looking in ``backlearn`` is left out of ``__all__``."""
    tooling = {"annotations", "import_module", "Any"}  # what __init__.py itself uses to work
    public = {name for name, value in vars(backlearn).items()
              if not name.startswith("_") and not isinstance(value, ModuleType)}
    assert public - tooling <= set(backlearn.__all__)
    assert "load_content" in public and "assess" in public


def _modules_with_all() -> list[str]:
    """The modules that declare ``__all__`` (read from their source, so nothing is imported to collect)."""
    return [name for name in _modules()
            if "\n__all__" in importlib.util.find_spec(name).loader.get_source(name)]


@pytest.mark.parametrize("module_name", _modules_with_all())
def test_a_module_with_all_lists_every_public_function_and_class_it_defines(module_name):
    """Internals are private (``_name``): a public function or class left out of ``__all__`` is a
    forgotten name or an internal that should start with ``_``."""
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:  # a module for an optional extra (the app, the hub) that is not installed
        pytest.skip(f"{module_name} needs {error.name}")
    unlisted = [name for name, value in vars(module).items()
                if not name.startswith("_") and (inspect.isfunction(value) or inspect.isclass(value))
                and value.__module__ == module_name and name not in module.__all__]
    assert not unlisted, f"{module_name}: public but not in __all__: {unlisted}"


def test_import_backlearn_loads_neither_ipywidgets_nor_pandas():
    heavy = ["ipywidgets", "pandas", "matplotlib", "IPython"]
    code = f"import sys, json, backlearn; print(json.dumps([m for m in {heavy!r} if m in sys.modules]))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []
    # and the check is real: asking for a widget does load ipywidgets
    code = "import sys, backlearn; backlearn.SymptomExplorer; print('ipywidgets' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"


def _public_modules() -> list[ModuleType]:
    """Every public module (no part of its path starts with ``_``). The package
    ``backlearn`` itself is left out: it is the notebooks' face, which repeats the sub-packages' names on
    purpose (notebooks import only from ``backlearn``)."""
    found = []
    for name in _modules():
        if any(part.startswith("_") for part in name.split(".")):
            continue
        try:
            found.append(importlib.import_module(name))
        except ImportError:  # a module for an optional extra that is not installed
            continue
    return found


def _repeats(modules: list[ModuleType]) -> list[list[str]]:
    """Each object listed in more than one of the modules' ``__all__``, as ``module.name`` for each listing."""
    homes: dict[int, list[str]] = {}
    for module in modules:
        for name in getattr(module, "__all__", ()):
            homes.setdefault(id(getattr(module, name)), []).append(f"{module.__name__}.{name}")
    return sorted(places for places in homes.values() if len(places) > 1)


def test_each_object_is_public_in_one_place():
    """httpx's habit: an implementation module's names are public through its sub-package's face and
    nowhere else, and no module re-exports another's constant under a second name (review 2026-12, §5)."""
    repeated = _repeats(_public_modules())
    assert not repeated, f"listed in more than one __all__: {repeated}"


def test_a_name_public_twice_is_found():
    face, inner = ModuleType("face"), ModuleType("inner")
    inner.Thing, inner.__all__ = type("Thing", (), {}), ["Thing"]
    face.Thing, face.Alias, face.__all__ = inner.Thing, inner.Thing, ["Alias"]
    assert _repeats([face, inner]) == [["face.Alias", "inner.Thing"]]
    face.__all__ = []
    assert _repeats([face, inner]) == []


def test_the_content_face_lists_every_public_name_of_its_model_and_errors():
    """``backlearn.content.model`` and ``.errors`` have no ``__all__``: the face is where their names are
    public, so it lists every record, constant and function they define."""
    from backlearn.content import errors, model

    for module in (model, errors):
        defined = {name for name, value in vars(module).items()
                   if not name.startswith("_") and not isinstance(value, ModuleType)
                   and (getattr(value, "__module__", None) == module.__name__ or name.isupper())}
        unlisted = defined - set(backlearn.content.__all__)
        assert not unlisted, f"{module.__name__} defines {sorted(unlisted)}, which backlearn.content does not list"
