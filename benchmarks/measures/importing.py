"""Measure 5, importing: `python -c 'import backlearn'` ÷ `python -c 'import json'`, the cost of the
package's lazy front door. (The module is not called ``import``, which is a keyword.)"""

from __future__ import annotations

import sys

from harness import Report, Row, Setup, paired_rounds


def measure(setup: Setup, report: Report) -> None:
    print("5. Import: import backlearn ÷ import json", flush=True)
    pairs = 6 if setup.quick else 10
    ratio, subj, base = paired_rounds(
        [sys.executable, "-c", "import backlearn"], [sys.executable, "-c", "import json"],
        setup.env, setup.rounds, pairs,
    )
    report.add(Row(
        "5. `python -c 'import backlearn'` ÷ `python -c 'import json'`",
        f"{ratio.show()}×",
        f"{subj.median:.0f} ms vs {base.median:.0f} ms",
        "as low as it goes",
        None,
    ))

