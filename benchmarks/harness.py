"""The shared harness of `make bench` (benchmarks/run.py and benchmarks/measures/): what a run
measures (Setup), timing one command, interleaving a subject with its baseline round by round,
running a notebook in a fresh kernel, and the rows the report is made of.

Every measure module uses these, so every ratio is taken the same way: both sides in the same
round, taking turns, summarised as the median round with its spread (stats.Figure)."""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from stats import Figure, percentile

if TYPE_CHECKING:
    from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
NOTEBOOKS = ROOT / "notebooks"
BIN = Path(sys.executable).parent
CLI_SYMPTOMS = ("knot", "between_shoulder_blades", "after_sleeping")


# ----------------------------------------------------------------------------- set-up


@dataclass
class Setup:
    """What the run measures: which content, which symptoms, how many rounds."""

    content_dir: Path | None  # None: the shipped content
    content_note: str
    symptoms: tuple[str, ...]
    rounds: int
    quick: bool
    notebooks: Path = NOTEBOOKS
    env: dict[str, str] = field(default_factory=dict)
    #: A temporary folder for the content cache, the XDG folders and servers' logs; removed at the end.
    scratch: Path = Path()
    load: tuple[float, float, float] = field(default_factory=os.getloadavg)

    @property
    def cache(self) -> Path:
        return self.scratch / "backlearn-cache"

    @property
    def content_path(self) -> Path:
        from backlearn.places import content_dir as default_content_dir

        return self.content_dir or default_content_dir()


def make_setup(args: argparse.Namespace) -> Setup:
    """The run's set-up from run.py's options; points every cache and data folder at a temporary one."""
    from backlearn import ContentError, load_content

    # Users run with compiled bytecode (pip writes .pyc files); this environment may not, so
    # allow it here, or every start-up would include compiling backlearn, PyYAML and Jupyter.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    # Nothing the benchmark does may land in the user's own cache or data folders: backlearn's
    # content cache, saved plans, Jupyter's and IPython's and matplotlib's folders all go to a
    # temporary folder, removed when the run ends (main).
    scratch = Path(tempfile.mkdtemp(prefix="backlearn-bench-"))
    for name, sub in (("BACKLEARN_CACHE", "backlearn-cache"), ("BACKLEARN_PLANS", "plans"),
                      ("XDG_CACHE_HOME", "xdg-cache"), ("XDG_DATA_HOME", "xdg-data"),
                      ("XDG_CONFIG_HOME", "xdg-config"), ("XDG_STATE_HOME", "xdg-state"),
                      ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "matplotlib"),
                      ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"), ("JUPYTER_CONFIG_DIR", "jupyter-config")):
        (scratch / sub).mkdir()
        os.environ[name] = str(scratch / sub)
    env = {k: v for k, v in os.environ.items() if k != "BACKLEARN_CONTENT"}
    content_dir: Path | None = Path(args.content).resolve() if args.content else None
    if content_dir is None:
        try:
            content = load_content()
            note = "shipped content"
        except ContentError as error:
            print(f"shipped content does not load ({len(error.problems)} problems); using tests/fixtures/minimal")
            content_dir = FIXTURE
            content = load_content(FIXTURE)
            note = "tests/fixtures/minimal (the shipped content did not load)"
    else:
        content = load_content(content_dir)
        note = f"content at {os.path.relpath(content_dir, ROOT)}"
    if content_dir is not None:
        env["BACKLEARN_CONTENT"] = str(content_dir)
        os.environ["BACKLEARN_CONTENT"] = str(content_dir)
    else:
        os.environ.pop("BACKLEARN_CONTENT", None)
    symptoms: tuple[str, ...]
    if all(s in content.symptoms for s in CLI_SYMPTOMS):
        symptoms = CLI_SYMPTOMS
    else:
        symptoms = tuple(s.id for s in content.symptoms.values() if not s.warning)[:3]
    note += (
        f": {len(content.symptoms)} symptoms, {len(content.red_flags)} red flags, "
        f"{len(content.guidance)} guidance items, {len(content.checklists)} checklists"
    )
    rounds = args.rounds or (3 if args.quick else 5)
    notebooks = Path(args.notebooks).resolve() if args.notebooks else NOTEBOOKS
    return Setup(content_dir, note, symptoms, rounds, args.quick, notebooks, env, scratch)


def symptom_sets(content_dir: Path | None, count: int, seed: int = 6) -> list[tuple[str, ...]]:
    """Seeded random sets of 1 to 5 symptoms; each differs from the one before (and the last from the first)."""
    from backlearn import load_content

    ids = list(load_content(content_dir).symptoms)
    rng = random.Random(seed)
    sets: list[tuple[str, ...]] = []
    while len(sets) < count:
        candidate = tuple(rng.sample(ids, k=rng.randint(1, min(5, len(ids)))))
        if sets and set(candidate) == set(sets[-1]):
            continue
        if len(sets) == count - 1 and set(candidate) == set(sets[0]):
            continue
        sets.append(candidate)
    return sets


# ----------------------------------------------------------------------------- timing helpers


def wall(cmd: Sequence[str], env: dict[str, str]) -> float:
    """Wall time of one command in milliseconds; fails loudly if the command fails."""
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = (time.perf_counter() - t0) * 1000
    if done.returncode != 0:
        raise SystemExit(f"benchmark command failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr.decode()}")
    return elapsed


def paired_rounds(
    subject: Sequence[str], baseline: Sequence[str], env: dict[str, str], rounds: int, pairs: int,
    before_subject: Callable[[], None] = lambda: None,
) -> tuple[Figure, Figure, Figure]:
    """Interleave subject and baseline runs; per round: median subject ÷ median baseline.

    Returns (ratio, subject ms, baseline ms). The order within each pair alternates so a
    drift in machine speed falls on both sides. ``before_subject`` runs (untimed) before
    every subject run, for example to empty the content cache.
    """
    for _ in range(3):  # warm caches (and write .pyc files)
        before_subject()
        wall(subject, env)
        wall(baseline, env)
    ratios, subj, base = [], [], []
    for _ in range(rounds):
        s_times, b_times = [], []
        for i in range(pairs):
            if i % 2:
                b_times.append(wall(baseline, env))
                before_subject()
                s_times.append(wall(subject, env))
            else:
                before_subject()
                s_times.append(wall(subject, env))
                b_times.append(wall(baseline, env))
        s_med, b_med = percentile(s_times, 50), percentile(b_times, 50)
        ratios.append(s_med / b_med)
        subj.append(s_med)
        base.append(b_med)
    return Figure(tuple(ratios)), Figure(tuple(subj)), Figure(tuple(base))


# ----------------------------------------------------------------------------- results


@dataclass
class Row:
    """One line of the results table."""

    measure: str
    result: str
    detail: str
    target: str
    met: bool | None


@dataclass
class Report:
    """The rows and notes of one run; each row is printed as it is added."""

    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        mark = {True: "met", False: "NOT MET", None: "-"}[row.met]
        print(f"  {row.measure}: {row.result}  [{row.detail}]  target {row.target}: {mark}", flush=True)


# ----------------------------------------------------------------------------- notebooks in a kernel


def execute(nb: NotebookNode, cwd: Path, timeout: int = 600) -> tuple[float, list[str]]:
    """Execute a notebook headless in a fresh kernel: (seconds including kernel start, stream text)."""
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    t0 = time.perf_counter()
    client.execute(stderr=subprocess.DEVNULL)  # the kernel's start-up warnings, not ours
    elapsed = time.perf_counter() - t0
    texts = [
        out.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream"
    ]
    return elapsed, texts


#: The last cell of a measured notebook: the kernel's own high-water mark (VmHWM), which ``peak_mib`` reads back.
#: ru_maxrss would not do: Linux carries it across exec, so a kernel started by this (larger) process
#: would report the launcher's peak.
MEMORY_CELL = """\
import re as _re
with open("/proc/self/status") as _f:
    print("PEAK_MIB", int(_re.search(r"VmHWM:\\s+(\\d+) kB", _f.read()).group(1)) / 1024)
"""


def peak_mib(texts: list[str]) -> float:
    """The peak memory (MiB) that MEMORY_CELL printed, or NaN when it printed none."""
    for text in reversed(texts):
        match = re.search(r"PEAK_MIB ([\d.]+)", text)
        if match:
            return float(match.group(1))
    return float("nan")

