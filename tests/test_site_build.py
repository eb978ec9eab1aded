"""The site build's pure parts: pins, wheel metadata, PyYAML repacked pure, the pruned lock file,
the site's edition of the notebooks, and the diary's download link. (The built site itself is
checked in a browser by tests/site, `make site-test`.)"""

from __future__ import annotations

import base64
import hashlib
import sys
import tomllib
import zipfile
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # site_build lives at the top of the repository

from backlearn.downloads import download_link_html  # noqa: E402
from site_build.build import APP_NOTEBOOK, write_notebooks  # noqa: E402
from site_build.lock import LockError, needed, site_lock  # noqa: E402
from site_build.notebooks import APP_CODE_LABEL, DIARY_LESSON, app_view, clear, site_edition  # noqa: E402
from site_build.pins import LAB_EXTENSIONS, load_pins  # noqa: E402
from site_build.wheels import pure_wheel, read_wheel  # noqa: E402


def make_wheel(folder: Path, file_name: str, files: dict[str, str], requires: tuple[str, ...] = ()) -> Path:
    name, version = file_name.split("-")[:2]
    dist = f"{name}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    metadata += "".join(f"Requires-Dist: {line}\n" for line in requires)
    path = folder / file_name
    with zipfile.ZipFile(path, "w") as wheel:
        for inner, text in files.items():
            wheel.writestr(inner, text)
        wheel.writestr(f"{dist}/METADATA", metadata)
        wheel.writestr(f"{dist}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: cp314-cp314-linux_x86_64\n")
        wheel.writestr(f"{dist}/top_level.txt", "_fast\nslowpkg\n")
        wheel.writestr(f"{dist}/RECORD", "")
    return path


# ----------------------------------------------------------------------------- pins


def test_pins_hold_the_trio_and_the_tools_in_one_place():
    pins = load_pins()
    assert pins.kernel and pins.pyodide and pins.python.startswith("3.")
    assert pins.cdn_base == f"https://cdn.jsdelivr.net/pyodide/v{pins.pyodide}/full/"
    assert f"jupyterlite-pyodide-kernel=={pins.kernel}" in pins.tool_requirements
    assert f"jupyterlite-core=={pins.tools['jupyterlite-core']}" in pins.tool_requirements
    assert "ipywidgets" in pins.wheels and "pyyaml" in pins.repack


def test_every_widget_package_backlearn_needs_in_the_browser_is_pinned_with_its_lab_extension():
    """The browser extra (widgets Pyodide does not have) is all under [wheels]; those with a
    JupyterLab extension (ipywidgets' and anywidget's) also go into the build venv at that pin."""
    pins = load_pins()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extra = pyproject["project"]["optional-dependencies"]["browser"]
    browser = {canonicalize_name(Requirement(line).name) for line in extra}
    assert {"ipywidgets", "anywidget"} <= browser
    assert browser <= set(pins.wheels), f"not pinned in site_build/pins.toml [wheels]: {browser - set(pins.wheels)}"
    assert set(LAB_EXTENSIONS) <= set(pins.wheels)
    for name in LAB_EXTENSIONS:
        assert f"{name}=={pins.wheels[name]}" in pins.tool_requirements


def test_a_missing_pin_names_the_key_and_the_file(tmp_path):
    broken = tmp_path / "pins.toml"
    broken.write_text('[trio]\npyodide = "1"\n')
    with pytest.raises(KeyError, match=r"pins\.toml: missing key"):
        load_pins(broken)


# ----------------------------------------------------------------------------- wheels


def test_read_wheel_keeps_dependencies_that_apply_in_the_browser(tmp_path):
    path = make_wheel(tmp_path, "Demo_Pkg-1.2-py3-none-any.whl", {"demo/__init__.py": "", "single.py": ""}, (
        "PyYAML>=6", "ipywidgets>=8; extra == 'browser'", "pandas; extra == 'notebooks'",
        "pywin32; sys_platform == 'win32'", "tomli; python_version < '3.11'",
    ))
    info = read_wheel(path)
    assert (info.name, info.version, info.imports) == ("demo-pkg", "1.2", ("demo", "single"))
    assert info.depends == ("pyyaml",)
    assert read_wheel(path, extras=("browser",)).depends == ("pyyaml", "ipywidgets")


def test_pure_wheel_drops_compiled_parts_and_rewrites_record(tmp_path):
    source = make_wheel(tmp_path, "slowpkg-6.0-cp314-cp314-linux_x86_64.whl", {
        "slowpkg/__init__.py": "x = 1\n", "slowpkg/_fast.cpython-314-x86_64-linux-gnu.so": "\0",
        "_fast/__init__.py": "from slowpkg._fast import *\n",
    })
    out = tmp_path / "out"
    out.mkdir()
    pure = pure_wheel(source, out, drop=("_fast",))
    assert pure.name == "slowpkg-6.0-py3-none-any.whl"
    with zipfile.ZipFile(pure) as wheel:
        names = set(wheel.namelist())
        assert "slowpkg/__init__.py" in names
        assert not any(name.endswith(".so") or name.startswith("_fast/") for name in names)
        assert "Tag: py3-none-any" in wheel.read("slowpkg-6.0.dist-info/WHEEL").decode()
        assert wheel.read("slowpkg-6.0.dist-info/top_level.txt").decode().split() == ["slowpkg"]
        for line in wheel.read("slowpkg-6.0.dist-info/RECORD").decode().splitlines():
            name, digest, size = line.split(",")
            if digest:
                data = wheel.read(name)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                assert digest == f"sha256={expected}" and int(size) == len(data)
    assert read_wheel(pure).imports == ("slowpkg",)


# ----------------------------------------------------------------------------- lock


def lock_entry(name: str, *depends: str) -> dict[str, object]:
    return {"name": name, "version": "1.0", "file_name": f"{name}-1.0-cp314-wasm32.whl", "install_dir": "site",
            "sha256": "0" * 64, "package_type": "package", "imports": [name], "depends": list(depends),
            "unvendored_tests": False}


LOCK = {"info": {"python": "3.14.2"}, "packages": {
    "ipython": lock_entry("ipython", "traitlets", "prompt_toolkit"), "traitlets": lock_entry("traitlets"),
    "prompt-toolkit": lock_entry("prompt-toolkit"), "pandas": lock_entry("pandas", "numpy"),
    "numpy": lock_entry("numpy"), "scipy": lock_entry("scipy", "numpy"),
}}


def test_needed_follows_dependencies_and_names_what_is_missing():
    assert needed(LOCK["packages"], ["IPython"]) == ["ipython", "prompt-toolkit", "traitlets"]
    with pytest.raises(LockError, match=r"nosuch \(needed by the pins\)"):
        needed(LOCK["packages"], ["nosuch"])


def test_site_lock_ships_only_what_the_site_has(tmp_path):
    shipped = {name: make_wheel(tmp_path, f"{name}-1.0-py3-none-any.whl", {f"{name}/__init__.py": ""})
               for name in ("ipython", "traitlets", "prompt_toolkit")}
    ours = read_wheel(make_wheel(tmp_path, "mine-0.1-py3-none-any.whl", {"mine/__init__.py": ""}, ("ipython",)))
    lock = site_lock(LOCK, replaced={"ipython": shipped["ipython"], "traitlets": shipped["traitlets"],
                                     "prompt-toolkit": shipped["prompt_toolkit"]},
                     added=[ours], online_only=["pandas"], cdn_base="https://cdn.example/full/")
    packages = lock["packages"]
    assert sorted(packages) == ["ipython", "mine", "numpy", "pandas", "prompt-toolkit", "traitlets"]
    assert "scipy" not in packages, "a package the site does not ship is left out"
    assert packages["ipython"]["file_name"] == "ipython-1.0-py3-none-any.whl"
    assert packages["ipython"]["sha256"] == hashlib.sha256(shipped["ipython"].read_bytes()).hexdigest()
    assert packages["mine"]["depends"] == ["ipython"] and packages["mine"]["imports"] == ["mine"]
    assert packages["pandas"]["file_name"] == "https://cdn.example/full/pandas-1.0-cp314-wasm32.whl"
    assert lock["info"] == LOCK["info"] and LOCK["packages"]["pandas"]["file_name"].startswith("pandas")


def test_site_lock_refuses_an_entry_whose_dependency_is_not_shipped(tmp_path):
    ours = read_wheel(make_wheel(tmp_path, "mine-0.1-py3-none-any.whl", {"mine/__init__.py": ""}, ("widgets",)))
    with pytest.raises(LockError, match="mine needs widgets, which the site does not ship"):
        site_lock(LOCK, replaced={}, added=[ours])


# ----------------------------------------------------------------------------- notebooks


def notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "notebooks" / name, as_version=4)


def test_site_notebooks_start_clean_on_the_browser_kernel():
    cleared = clear(notebook("08_symptom_explorer.ipynb"))
    code = [cell for cell in cleared["cells"] if cell["cell_type"] == "code"]
    assert code and all(cell["outputs"] == [] and cell["execution_count"] is None for cell in code)
    assert "widgets" not in cleared["metadata"] and cleared["metadata"]["kernelspec"]["name"] == "python"


def test_the_diary_lesson_says_it_needs_the_internet_and_keeps_a_diary_in_the_browser():
    original = notebook(DIARY_LESSON)
    lesson = site_edition(DIARY_LESSON, original)
    sources = [cell.source for cell in lesson.cells]
    assert len(sources) == len(original["cells"]) + 5
    assert "this lesson needs the internet" in sources[1] and "browser's storage" in sources[1]
    assert "loadPackage" in sources[2] and "needs an internet connection" in sources[2]
    assert "raise" not in sources[2]  # no traceback with no internet: it says so, and Run All goes on
    guarded = [s for s in sources if "weekly_summary(" in s or "plot_diary(" in s]
    assert guarded and all(s.startswith("if WEB_TOOLS:") and "needs the internet" in s for s in guarded)
    for source in guarded:
        compile(source, "lesson-10", "exec")  # still Python, with the magic line dropped
    talk = next(i for i, source in enumerate(sources) if source.startswith("## Talk about it"))
    assert 'DiaryForm("my-diary.csv")' in sources[talk - 2] and "download_link_html" in sources[talk - 1]
    assert len({cell["id"] for cell in lesson["cells"]}) == len(lesson["cells"])
    assert site_edition("07_walking.ipynb", notebook("07_walking.ipynb")) == clear(notebook("07_walking.ipynb"))


@pytest.mark.parametrize(("left_out", "heading"), [("self-mode", "## At home: your own diary"),
                                                   ("class-mode", "## Keep your own diary")])
def test_the_web_diary_of_ones_own_follows_the_class_or_self_mode(left_out, heading):
    original = notebook(DIARY_LESSON)
    original.cells = [c for c in original.cells if left_out not in c.metadata.get("tags", [])]
    sources = [cell.source for cell in site_edition(DIARY_LESSON, original).cells]
    assert any(source.startswith(heading + " (web version)") for source in sources)


def test_the_app_view_hides_its_code_behind_a_label():
    app = app_view(nbformat.read(APP_NOTEBOOK, as_version=4))
    code = [cell for cell in app.cells if cell.cell_type == "code"]
    assert code and all(cell.metadata.jupyter.source_hidden for cell in code)
    assert all(cell.source.startswith(APP_CODE_LABEL) and "app_page()" in cell.source for cell in code)
    assert "Run All Cells" in app.cells[1].source


def test_the_site_notebooks_are_written_as_valid_notebooks(tmp_path):
    """nbformat checks what it writes: the site's edition of the diary lesson and the app view."""
    write_notebooks([ROOT / "notebooks" / DIARY_LESSON], tmp_path / "content", app=APP_NOTEBOOK)
    assert sorted(path.name for path in (tmp_path / "content").iterdir()) == [DIARY_LESSON, "app.ipynb"]
    for path in (tmp_path / "content").iterdir():
        written = nbformat.read(path, as_version=4)
        nbformat.validate(written)
        assert written.metadata.kernelspec.name == "python"
        assert all(cell.outputs == [] for cell in written.cells if cell.cell_type == "code")


# ----------------------------------------------------------------------------- download link


def test_download_link_carries_the_file_and_escapes_its_name(tmp_path):
    diary = tmp_path / "a&b.csv"
    diary.write_text("date,pain\n2024-04-15,2\n", encoding="utf-8")
    html = download_link_html(diary, label="Download <my> diary")
    assert 'download="a&amp;b.csv"' in html and "Download &lt;my&gt; diary" in html
    encoded = html.split("base64,")[1].split('"')[0]
    assert base64.b64decode(encoded).decode() == "date,pain\n2024-04-15,2\n"
    assert "no file" in download_link_html(tmp_path / "none.csv", label="x")
