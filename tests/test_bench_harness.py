"""The benchmark harness itself (benchmarks/): it runs on tiny settings, writes only its own section
of the results file, and README's speed table is made from that file. No timing is asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from stats import Figure, speed_table, write_readme_table, write_section  # noqa: E402
from synthetic import write_scaled  # noqa: E402

RESULTS = """# Benchmark results

<!-- robustness:start -->
kept as it is
<!-- robustness:end -->

<!-- bench:start -->
| Measure | Result | Detail | Target | Met |
|---|---|---|---|---|
| 1. CLI warm | 3.60 (3.50–3.70)× | 33 ms vs 9 ms | ≤ 5 | yes |
| 4. Notebook 01_a.ipynb ÷ a bare widget notebook | 1.20 (1.10–1.30)× | 0.8 s | ≤ 1.3 | yes |
| 4. Notebook 02_b.ipynb ÷ a bare widget notebook | 1.40 (1.30–1.50)× | 0.9 s | ≤ 1.3 | **no** |
| 4. Notebook 10_c.ipynb ÷ a bare widget notebook | 2.40 (2.30–2.50)× | 1.9 s | (in the 1.5 for all) | – |
<!-- bench:end -->

<!-- hub-load:start -->
| measure | result |
|---|---|
| servers started | 30 of 30 |
| learners per GB of RAM (by the heaviest learner's VmHWM) | 4.9 |
<!-- hub-load:end -->
"""


def test_figure_is_the_median_round_with_its_spread():
    assert Figure((3.0, 1.0, 2.0)).show() == "2.00 (1.00–3.00)"


def test_speed_table_comes_from_the_results_file():
    table = speed_table(RESULTS)
    assert "| 1. CLI warm | 3.60 (3.50–3.70)× | ≤ 5 | yes |" in table
    assert "| 4. Each lesson notebook 00–08 ÷ a bare widget notebook (medians) | 1.20–1.40× (slowest: 02_b.ipynb) " \
           "| ≤ 1.3 each | 1 of 2 |" in table
    assert "10_c" not in table
    assert "| Hub load test: learners per GB of RAM (by the heaviest learner's VmHWM) | 4.9 | – | – |" in table


def test_readme_table_and_results_sections_are_replaced_in_place(tmp_path):
    results = tmp_path / "results.md"
    results.write_text(RESULTS, encoding="utf-8")
    write_section(results, "<!-- bench:start -->", "<!-- bench:end -->",
                  "<!-- bench:start -->\n| Measure | Result | Detail | Target | Met |\n|---|---|---|---|---|\n"
                  "| 1. CLI warm | 4.00 (4.00–4.00)× | x | ≤ 5 | yes |\n<!-- bench:end -->")
    text = results.read_text(encoding="utf-8")
    assert "kept as it is" in text and "servers started" in text and "3.60" not in text
    readme = tmp_path / "README.md"
    readme.write_text("# x\n\n## Speed\n\n<!-- speed:start -->\nold\n<!-- speed:end -->\n\n## Licence\n",
                      encoding="utf-8")
    write_readme_table(results, readme)
    text = readme.read_text(encoding="utf-8")
    assert "old" not in text and "| 1. CLI warm | 4.00 (4.00–4.00)× | ≤ 5 | yes |" in text
    assert text.endswith("## Licence\n")


@pytest.mark.parametrize("measure", ["cli"])
def test_the_harness_runs_on_tiny_settings(measure):
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--only", measure, "--rounds", "1", "--quick",
         "--no-write"],
        capture_output=True, text=True, check=False, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "CLI" in done.stdout and "cold" in done.stdout


def test_scaled_content_validates(tmp_path, monkeypatch):
    """The engine measure's 10x and 100x folders are renamed copies of the shipped content; they must
    pass every check a load makes, or `make bench` stops at the engine (as it did when the diagram
    areas, shown_if and the can't-miss map came in). Two copies show every renaming."""
    from backlearn import load_content

    monkeypatch.setenv("BACKLEARN_CACHE", "off")
    shipped = load_content(ROOT / "data")
    scaled = load_content(write_scaled(ROOT / "data", tmp_path / "x2", 2))
    assert len(scaled.symptoms) == 2 * len(shipped.symptoms)
    assert len(scaled.red_flags) == 2 * len(shipped.red_flags)


def test_the_hub_load_test_ticks_only_boxes_a_learner_sees():
    """hub_load.py checks each answer against assess(ticks). A box shown only once another is ticked
    (``shown_if``) is dropped by the explorer when ticked alone, which the load test counted as a wrong
    answer (10 of 600); it plans its clicks from the boxes shown with nothing ticked."""
    from hub_load import tickable

    from backlearn import load_content
    from backlearn.widgets.explorer import Explorer

    content = load_content()
    boxes = tickable(content)
    assert 0 < len(boxes) < len(content.symptoms)
    explorer = Explorer()
    for box in boxes:
        explorer.value = (box,)
        assert explorer.value == (box,)
