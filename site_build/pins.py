"""The versions the site is built from, read from site_build/pins.toml (the one place to change them)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

PINS_FILE = Path(__file__).with_name("pins.toml")
#: Packages of [wheels] whose JupyterLab extension draws their widgets in the page: installed in the
#: build venv too, where ``jupyter lite build`` finds the extensions, at the same pin as the kernel's wheel.
LAB_EXTENSIONS = ("jupyterlab-widgets", "anywidget")


@dataclass(frozen=True)
class Pins:
    """Pinned versions; ``cdn_base`` is Pyodide's CDN folder for this Pyodide release."""

    kernel: str
    pyodide: str
    python: str
    tools: dict[str, str]
    wheels: dict[str, str]
    kernel_needs: tuple[str, ...]
    cdn_base: str
    online_only: tuple[str, ...]
    repack: dict[str, tuple[str, ...]]

    @property
    def tool_requirements(self) -> list[str]:
        """pip requirements for the build venv: jupyter lite, the kernel plugin, the widgets' extensions."""
        return [
            *(f"{name}=={version}" for name, version in self.tools.items()),
            f"jupyterlite-pyodide-kernel=={self.kernel}",
            *(f"{name}=={self.wheels[name]}" for name in LAB_EXTENSIONS),
        ]


def load_pins(path: Path = PINS_FILE) -> Pins:
    """Read the pins; a missing key raises a KeyError naming it and the file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        trio, cdn = data["trio"], data["cdn"]
        return Pins(
            kernel=trio["jupyterlite-pyodide-kernel"],
            pyodide=trio["pyodide"],
            python=trio["python"],
            tools=dict(data["tools"]),
            wheels=dict(data["wheels"]),
            kernel_needs=tuple(data["kernel"]["needs"]),
            cdn_base=cdn["base"].format(pyodide=trio["pyodide"]),
            online_only=tuple(cdn["online_only"]),
            repack={name: tuple(drop) for name, drop in data["repack"].items()},
        )
    except KeyError as missing:
        raise KeyError(f"{path}: missing key {missing}") from None
