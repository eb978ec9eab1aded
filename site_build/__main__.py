"""``python -m site_build``: build the course site (``make site``), or the bare one-checkbox site
the benchmark compares it with (``--bare``)."""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from site_build.build import ROOT, build
from site_build.lock import LockError

#: The benchmark's yardstick: a notebook with one Checkbox, built the same way as the course.
BARE_NOTEBOOK = {
    "cells": [{"cell_type": "code", "id": "checkbox", "metadata": {}, "execution_count": None, "outputs": [],
               "source": ["import ipywidgets\n", "\n", "ipywidgets.Checkbox(description=\"Tick me\")"]}],
    "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m site_build", description=__doc__)
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks",
                        help="folder of notebooks to ship (default: notebooks/)")
    parser.add_argument("--output", type=Path, default=ROOT / "site", help="where the site goes (default: site/)")
    parser.add_argument("--bare", action="store_true", help="build only a notebook with one Checkbox")
    args = parser.parse_args(argv)
    try:
        _build(args)
    except LockError as error:  # a pin or a package the site would miss: say which, no traceback
        raise SystemExit(f"error: {error}") from None
    print(f"site built in {args.output}")


def _build(args: argparse.Namespace) -> None:
    if args.bare:
        with tempfile.TemporaryDirectory() as scratch:
            notebook = Path(scratch) / "checkbox.ipynb"
            notebook.write_text(json.dumps(BARE_NOTEBOOK))
            build([notebook], args.output, app=None)
    else:
        sources = sorted(args.notebooks.glob("*.ipynb"))
        if not sources:
            raise SystemExit(f"error: no notebooks in {args.notebooks}")
        build(sources, args.output)


if __name__ == "__main__":
    main()
