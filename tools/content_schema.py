"""Write docs/schema/<file>.schema.json, a JSON Schema for each content file, from the declarations
backlearn's own reader uses (backlearn.content.schema), for teachers' editors.

    python tools/content_schema.py           # write them
    python tools/content_schema.py --check   # exit 1 when a committed schema differs

Point a YAML language server at them (VS Code: the "yaml.schemas" setting; or a first line
``# yaml-language-server: $schema=<path to the schema>`` in the file) and a misspelt field or a
wrong value is underlined while typing. ``backlearn validate`` remains the full check.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from backlearn.content.schema import content_schemas

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "schema"


def written() -> dict[Path, str]:
    """Each schema file and the text it holds."""
    return {OUT / f"{name.removesuffix('.yaml')}.schema.json": json.dumps(schema, indent=2) + "\n"
            for name, schema in content_schemas().items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed schema differs")
    args = parser.parse_args(argv)
    files = written()
    if args.check:
        stale = sorted(str(path.relative_to(ROOT)) for path, text in files.items()
                       if not path.exists() or path.read_text(encoding="utf-8") != text)
        extra = sorted(str(p.relative_to(ROOT)) for p in OUT.glob("*.schema.json") if p not in files)
        if stale or extra:
            print(f"differs: {', '.join(stale + extra)}; run python tools/content_schema.py", file=sys.stderr)
            return 1
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} schemas to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
