"""Build the static site: fetch what is pinned (PyPI, npm) into .site-cache/, assemble a
JupyterLite source folder and run ``jupyter lite build`` into site/.

Only PyPI and npm are contacted, and only while building: the site itself asks its own web host
for every file. Downloads stay in .site-cache/ (git-ignored), so a second build needs no network
and takes seconds.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import nbformat
from packaging.utils import canonicalize_name, parse_wheel_filename

from site_build.lock import LockError, needed, site_lock
from site_build.notebooks import app_view, site_edition
from site_build.pins import Pins, load_pins
from site_build.wheels import pure_wheel, read_wheel

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".site-cache"
#: The app notebook the Voila app runs; the site shows it with its code hidden.
APP_NOTEBOOK = ROOT / "src" / "backlearn" / "app_notebooks" / "explorer.ipynb"
#: What the site's settings change from JupyterLite's defaults (jupyter-lite.json).
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
#: The site's settings (jupyter-lite.json): never fall back to PyPI (a package the site does not
#: ship fails at once, naming it); every cell stays drawn, so a long lesson's widgets never re-draw
#: while scrolling (and a test sees every output).
SITE_CONFIG = {
    "litePluginSettings": {KERNEL_PLUGIN: {"disablePyPIFallback": True}},
    "settingsOverrides": {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}},
}
#: Files of the npm package the browser never needs.
NOT_SHIPPED = ("*.map", "*.d.ts", "console*.html", "README.md", "package.json")


def run(command: Sequence[str | Path], **options: object) -> None:
    """Run a command, showing it; a failure stops the build with the command's own message."""
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, **options)  # type: ignore[call-overload]


def tool_venv(pins: Pins, cache: Path) -> Path:
    """The build venv with jupyter lite and the kernel plugin at their pins; its bin folder."""
    venv = cache / "venv"
    stamp = venv / "backlearn-pins.txt"
    wanted = "\n".join(pins.tool_requirements)
    if not (stamp.exists() and stamp.read_text() == wanted):
        run([sys.executable, "-m", "venv", "--clear", venv])
        run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", *pins.tool_requirements])
        stamp.write_text(wanted)
    return venv / "bin"


def check_trio(pins: Pins, bin_dir: Path, lock: dict[str, object]) -> None:
    """Stop when the pinned Pyodide is not the one the kernel plugin was built for."""
    expected = subprocess.run(
        [bin_dir / "python", "-c", "from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION as v; print(v)"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    if expected != pins.pyodide:
        raise LockError(
            f"site_build/pins.toml: pyodide is {pins.pyodide}, but jupyterlite-pyodide-kernel {pins.kernel} "
            f"is built for Pyodide {expected}; upgrade them together (docs/deploy.md)"
        )
    python = str(lock["info"]["python"])  # type: ignore[index]
    if not python.startswith(pins.python + "."):
        raise LockError(f"site_build/pins.toml: python is {pins.python}, but Pyodide {pins.pyodide} runs {python}")


def pyodide_package(pins: Pins, cache: Path) -> Path:
    """Pyodide's npm package, unpacked (its ``package`` folder)."""
    folder = cache / "npm" / f"pyodide-{pins.pyodide}"
    package = folder / "package"
    if not (package / "pyodide-lock.json").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        if shutil.which("npm") is None:
            raise SystemExit("error: npm not found; install Node.js and npm (apt-get install nodejs npm)")
        run(["npm", "pack", "--silent", f"pyodide@{pins.pyodide}", "--pack-destination", folder])
        with tarfile.open(folder / f"pyodide-{pins.pyodide}.tgz") as archive:
            archive.extractall(folder, filter="data")
    return package


def find_wheel(folder: Path, name: str, version: str) -> Path | None:
    """The wheel for this name and version in the folder, if it is there."""
    for path in sorted(folder.glob("*.whl")):
        wheel_name, wheel_version, _, _ = parse_wheel_filename(path.name)
        if wheel_name == canonicalize_name(name) and str(wheel_version) == version:
            return path
    return None


def fetch_wheels(pins: Pins, cache: Path, wanted: dict[str, str], *, pure: bool = False) -> dict[str, Path]:
    """Wheels from PyPI (name -> version) for the browser's Python; only missing ones are downloaded.

    ``pure``: only py3-none-any wheels, even where PyPI also has one compiled for this machine
    (psygnal), which the browser could not load; otherwise this machine's wheel, repacked later."""
    folder = cache / "wheels" / ("pure" if pure else "")
    folder.mkdir(parents=True, exist_ok=True)
    missing = [f"{name}=={version}" for name, version in wanted.items() if find_wheel(folder, name, version) is None]
    platform = ["--platform", "any"] if pure else []
    if missing:
        run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", *platform,
             "--python-version", pins.python, "--dest", folder, *missing])
    found: dict[str, Path] = {}
    for name, version in wanted.items():
        path = find_wheel(folder, name, version)
        if path is None:
            raise LockError(f"{name}=={version}: pip downloaded no wheel for it")
        found[canonicalize_name(name)] = path
    return found


def backlearn_wheel(cache: Path) -> Path:
    """backlearn's own wheel, built from this checkout (with the content in it)."""
    folder = cache / "backlearn"
    shutil.rmtree(folder, ignore_errors=True)
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", folder, ROOT])
    (wheel,) = folder.glob("backlearn-*.whl")
    return wheel


def widgets_stub(bin_dir: Path) -> Path:
    """The kernel plugin's empty widgetsnbextension (the browser has the widgets' JavaScript already)."""
    share = bin_dir.parent / "share" / "jupyter" / "labextensions" / "@jupyterlite" / "pyodide-kernel-extension"
    stubs = sorted(share.glob("static/pypi/widgetsnbextension-*.whl"))
    if not stubs:
        raise LockError(f"no widgetsnbextension wheel in {share}: is jupyterlite-pyodide-kernel installed?")
    return stubs[-1]


def write_notebooks(sources: Iterable[Path], content: Path, *, app: Path | None) -> None:
    """The site's edition of each notebook (and the app view) into the content folder."""
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir(parents=True)
    for source in sources:
        nbformat.write(site_edition(source.name, nbformat.read(source, as_version=4)), content / source.name)
    if app is not None:
        nbformat.write(app_view(nbformat.read(app, as_version=4)), content / "app.ipynb")


def build(notebooks: Sequence[Path], output: Path, *, app: Path | None = APP_NOTEBOOK, cache: Path = CACHE) -> Path:
    """Build the site into ``output`` from these notebooks; returns ``output``."""
    output = output.resolve()  # jupyter lite runs in the source folder
    pins = load_pins()
    bin_dir = tool_venv(pins, cache)
    package = pyodide_package(pins, cache)
    lock = json.loads((package / "pyodide-lock.json").read_text())
    check_trio(pins, bin_dir, lock)

    backlearn = read_wheel(backlearn_wheel(cache), extras=("browser",), python=pins.python)
    pypi = fetch_wheels(pins, cache, pins.wheels, pure=True)
    added = [read_wheel(path, python=pins.python) for path in pypi.values()]
    added += [backlearn, read_wheel(widgets_stub(bin_dir), python=pins.python)]
    ours = {info.name for info in added}
    roots = [*pins.kernel_needs, *(dep for info in added for dep in info.depends if dep not in ours)]
    from_lock = needed(lock["packages"], roots)
    fetched = fetch_wheels(pins, cache, {name: lock["packages"][name]["version"] for name in from_lock})
    replaced: dict[str, Path] = {}
    for name, path in fetched.items():
        tags = parse_wheel_filename(path.name)[3]
        if all(tag.platform == "any" for tag in tags):
            replaced[name] = path
        elif name in pins.repack:
            (cache / "repacked").mkdir(exist_ok=True)
            replaced[name] = pure_wheel(path, cache / "repacked", drop=pins.repack[name])
        else:
            raise LockError(f"{name} has compiled code and no pure wheel: add it to [repack] in site_build/pins.toml "
                            "if it works without its compiled part, or keep notebooks from importing it")
    lite_lock = site_lock(lock, replaced=replaced, added=added, online_only=pins.online_only, cdn_base=pins.cdn_base)

    lite = cache / "lite"
    shutil.rmtree(lite, ignore_errors=True)
    static = lite / "static" / "pyodide"
    shutil.copytree(package, static, ignore=shutil.ignore_patterns(*NOT_SHIPPED))
    for path in [*replaced.values(), *(info.path for info in added)]:
        shutil.copy2(path, static / path.name)
    (static / "pyodide-lock.json").write_text(json.dumps(lite_lock, indent=1))
    config = {"jupyter-lite-schema-version": 0, "jupyter-config-data": SITE_CONFIG}
    (lite / "jupyter-lite.json").write_text(json.dumps(config, indent=2))
    write_notebooks(notebooks, cache / "content", app=app)

    shutil.rmtree(output, ignore_errors=True)
    run([bin_dir / "jupyter", "lite", "build", "--lite-dir", lite, "--contents", cache / "content",
         "--output-dir", output, "--no-sourcemaps"], cwd=lite)
    (output / ".nojekyll").touch()  # GitHub Pages: serve every file as it is
    return output
