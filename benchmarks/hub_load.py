"""``make hub-load``: a class of 30 learners on the local JupyterHub at once, within a fixed time limit.

Each simulated learner logs in (a user created through the REST API), gets their own server and
kernel, builds the symptom explorer and makes 20 widget interactions through the kernel protocol:
tick a set of symptoms (random, but the same for that learner on every run), read the banner. Each
answer shown must match ``backlearn.assess`` computed here for that learner's own symptoms, so a
lost or mixed-up answer is counted, not just a slow one. Servers start in batches (5 at a time by
default) to suit 2 cores; every server and the hub are stopped at the end, also on failure.

    python benchmarks/hub_load.py                    # 30 learners, 20 interactions, 15-minute limit
    python benchmarks/hub_load.py --students 5 --interactions 5 --no-write   # a quick try

Writes the figures between the hub-load markers of benchmarks/results.md (nothing else in it).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import importlib
import math
import os
import platform
import random
import re
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from stats import percentile, write_readme_table, write_section

from backlearn import assess, load_content
from backlearn.content import Content

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results.md"
WORK = HERE / ".work"
START, END = "<!-- hub-load:start -->", "<!-- hub-load:end -->"
BANNER = re.compile(r'class="bl-banner bl-([a-z_]+)"')
MB = 1024 * 1024

SETUP = """\
from backlearn.widgets.explorer import Explorer
explorer = Explorer()
student = {name!r}
print(student, explorer.assessment.triage, sep="|")
"""
CLICK = "explorer.value = {ids!r}\nprint(student, explorer.banner.value, sep='|')"


def _load_run_hub() -> ModuleType:
    """deploy/local-hub/run_hub.py, the one place that starts and stops the local hub."""
    sys.path.insert(0, str(ROOT / "deploy" / "local-hub"))
    return importlib.import_module("run_hub")


@dataclass
class Student:
    name: str
    clicks: list[tuple[str, ...]]
    ready_s: float | None = None  # from asking for a server to the server being ready
    ready_at: float | None = None  # the same moment, counted from the class's first log-in
    first_answer_s: float | None = None  # kernel started and the explorer built
    latencies: list[float] = field(default_factory=list)
    wrong: int = 0  # an answer that is not assess(own symptoms), or another learner's
    lost: int = 0  # no banner in the answer
    errors: list[str] = field(default_factory=list)
    peak_rss: int = 0
    cpu_s: float = 0.0
    hwm: dict[int, int] = field(default_factory=dict)  # pid -> its VmHWM (bytes), last read

    @property
    def peak_hwm(self) -> int:
        """Each of this learner's processes' own high-water mark, summed (server + kernels)."""
        return sum(self.hwm.values())


def vm_hwm(pid: int) -> int:
    """A process's peak resident memory (VmHWM in /proc/<pid>/status), in bytes; 0 if unreadable."""
    with contextlib.suppress(OSError, ValueError), open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def tickable(content: Content) -> list[str]:
    """The boxes a learner sees with nothing ticked. A box or group with ``shown_if`` appears only once
    another box is ticked; the explorer drops a hidden tick, so an answer for it is not assess(ticks)."""
    return sorted(sid for sid, symptom in content.symptoms.items()
                  if symptom.shown_if is None and content.groups[symptom.group].shown_if is None)


def plan_clicks(name: str, symptoms: list[str], count: int, seed: int) -> list[tuple[str, ...]]:
    """This learner's symptom sets: random, but the same on every run."""
    rng = random.Random(f"{seed}:{name}")
    return [tuple(rng.sample(symptoms, rng.randint(1, 4))) for _ in range(count)]


class MemorySampler(threading.Thread):
    """Samples each learner's server tree (server + kernels) once a second; keeps the peaks."""

    def __init__(self, hub: Any, run_hub: ModuleType, students: dict[str, Student]) -> None:
        super().__init__(daemon=True)
        self.hub, self.run_hub, self.students = hub, run_hub, students
        self.stop_event = threading.Event()
        self.peak_total = 0  # every process under the hub, the hub included
        self.peak_all_servers = 0
        self.samples = 0

    def sample(self) -> None:
        trees = self.run_hub.server_trees(self.hub)
        servers = 0
        for user, procs in trees.items():
            rss = self.run_hub.tree_rss(procs)
            servers += rss
            student = self.students.get(user)
            if student is not None:
                student.peak_rss = max(student.peak_rss, rss)
                for proc in procs:
                    hwm = vm_hwm(proc.pid)
                    if hwm:
                        student.hwm[proc.pid] = max(student.hwm.get(proc.pid, 0), hwm)
                cpu = 0.0
                for proc in procs:
                    with contextlib.suppress(Exception):
                        times = proc.cpu_times()
                        cpu += times.user + times.system
                student.cpu_s = max(student.cpu_s, cpu)
        self.peak_all_servers = max(self.peak_all_servers, servers)
        self.peak_total = max(self.peak_total, self.run_hub.tree_rss(self.hub.processes()))
        self.samples += 1

    def run(self) -> None:
        while not self.stop_event.wait(1.0):
            with contextlib.suppress(Exception):
                self.sample()


async def run_student(
    client: Any, student: Student, spawn_slots: asyncio.Semaphore, think: float, rng: random.Random, t0: float
) -> None:
    kernel = None
    try:
        async with spawn_slots:
            student.ready_s = await client.start_server(student.name, timeout=300)
            student.ready_at = time.monotonic() - t0
            began = time.monotonic()
            kernel = await client.start_kernel(student.name, timeout=180)
            out = (await kernel.execute(SETUP.format(name=student.name), timeout=120)).strip()
            student.first_answer_s = time.monotonic() - began
            if not out.startswith(f"{student.name}|"):
                student.errors.append(f"unexpected first answer: {out[:80]!r}")
        for ids in student.clicks:
            if think:
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))
            began = time.monotonic()
            out = await kernel.execute(CLICK.format(ids=ids), timeout=120)
            student.latencies.append(time.monotonic() - began)
            who, _, banner = out.partition("|")
            match = BANNER.search(banner)
            if not match:
                student.lost += 1
            elif who != student.name or match.group(1) != assess(ids).triage:
                student.wrong += 1
    except Exception as exc:  # counted and reported; the class goes on
        student.errors.append(f"{type(exc).__name__}: {exc}"[:200])
    finally:
        if kernel is not None:
            kernel.close()


async def run_class(hub: Any, run_hub: ModuleType, students: dict[str, Student], args: argparse.Namespace) -> bool:
    """Every learner at once (servers in batches); False when the time limit cut the run short."""
    client = run_hub.HubClient(hub.url, hub.token)
    spawn_slots = asyncio.Semaphore(args.batch)
    try:
        t0 = time.monotonic()
        await client.create_users(list(students))
        tasks = [
            asyncio.create_task(run_student(client, s, spawn_slots, args.think, random.Random(f"think:{s.name}"), t0))
            for s in students.values()
        ]
        try:
            async with asyncio.timeout(args.time_limit):
                await asyncio.gather(*tasks)
        except TimeoutError:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for s in students.values():
                if len(s.latencies) < len(s.clicks) and not s.errors:
                    s.errors.append("time limit reached")
            return False
        return True
    finally:
        client.close()


def fmt_s(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.1f} s"


def fmt_ms(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value * 1000:.0f} ms"


def capacity(per_student: float, overhead: float, total_ram: float) -> int:
    """Learners that fit in 80% of a machine's RAM, after the hub's own share."""
    return max(0, int((0.8 * total_ram - overhead) // per_student)) if per_student else 0


def report(students: dict[str, Student], sampler: MemorySampler, args: argparse.Namespace, info: dict[str, Any]) -> str:
    import psutil

    all_s = list(students.values())
    ready = [s.ready_s for s in all_s if s.ready_s is not None]
    first = [s.first_answer_s for s in all_s if s.first_answer_s is not None]
    lat = [x for s in all_s for x in s.latencies]
    peaks = [s.peak_rss for s in all_s if s.peak_rss]
    hwms = [s.peak_hwm for s in all_s if s.peak_hwm]
    cpus = [s.cpu_s for s in all_s if s.cpu_s]
    errors = [f"{s.name}: {e}" for s in all_s for e in s.errors]
    wrong = sum(s.wrong for s in all_s)
    lost = sum(s.lost for s in all_s)
    expected = len(all_s) * args.interactions
    # Sizing uses each learner's processes' own high-water marks (VmHWM), which catch peaks between
    # the once-a-second samples; the sampled resident set is shown beside it.
    per_student = max(hwms) if hwms else max(peaks) if peaks else 0
    median_student = percentile(peaks, 50) if peaks else math.nan
    median_hwm = percentile(hwms, 50) if hwms else math.nan
    per_gb = 1024 * MB / per_student if per_student else math.nan
    overhead = max(0, sampler.peak_total - sampler.peak_all_servers)
    ram = psutil.virtual_memory().total
    fits_here = capacity(per_student, overhead, ram)
    fits_8g = capacity(per_student, overhead, 8 * 1024 * MB)
    # Kubernetes: guarantee = the heaviest learner rounded up to 64 MiB plus 25%; limit = twice
    # that (room for the pandas and matplotlib lessons); nodes of 4 vCPU / 16 GB (~14 GiB allocatable).
    guarantee = int(math.ceil(per_student * 1.25 / (64 * MB)) * 64) if per_student else 0
    limit = 2 * guarantee
    cpu_per_student = statistics.mean(cpus) if cpus else math.nan
    last_ready = max((s.ready_at for s in all_s if s.ready_at is not None), default=math.nan)
    pods_per_node = int((14 * 1024) // guarantee) if guarantee else 0
    nodes = math.ceil(len(all_s) / pods_per_node) if pods_per_node else 0
    spawned = len(ready)
    clean = spawned == len(all_s) and not errors and not wrong and not lost and len(lat) == expected
    lines = [
        START,
        f"## Hub load test: {len(all_s)} learners at once",
        "",
        f"Run {info['when']} on {info['machine']} with `python benchmarks/hub_load.py` "
        f"({len(all_s)} learners, {args.interactions} interactions each, servers {args.batch} at a time, "
        f"think time {args.think:g} s ±50%, limit {args.time_limit:.0f} s; took {info['wall_s']:.0f} s"
        f"{'' if info['finished'] else ', **stopped by the time limit**'}). JupyterHub {info['jupyterhub']}, "
        f"local process spawner ({info['users']}), one JupyterLab server and one kernel per learner.",
        "",
        "| measure | result |",
        "|---|---|",
        f"| servers started | {spawned} of {len(all_s)} |",
        f"| time to a ready server, p50 / p95 | {fmt_s(percentile(ready, 50))} / {fmt_s(percentile(ready, 95))} |",
        f"| the whole class ready (last server, from the first log-in) | {fmt_s(last_ready)} |",
        f"| kernel + explorer built, p50 / p95 | {fmt_s(percentile(first, 50))} / {fmt_s(percentile(first, 95))} |",
        f"| interaction latency (tick, read banner), p50 / p95 / max | {fmt_ms(percentile(lat, 50))} / "
        f"{fmt_ms(percentile(lat, 95))} / {fmt_ms(max(lat) if lat else math.nan)} |",
        f"| answers checked against `assess` | {len(lat)} of {expected} |",
        f"| wrong or another learner's answers | {wrong} |",
        f"| lost answers (no banner) | {lost} |",
        f"| errors | {len(errors)} |",
        f"| peak memory per learner (server + kernel, each process's VmHWM summed), median / max | "
        f"{median_hwm / MB:.0f} MB / {per_student / MB:.0f} MB |",
        f"| learners per GB of RAM (by the heaviest learner's VmHWM) | {per_gb:.1f} |",
        f"| sampled resident memory per learner, once a second, median / max | {median_student / MB:.0f} MB / "
        f"{(max(peaks) if peaks else 0) / MB:.0f} MB |",
        f"| peak memory, all {len(all_s)} learners' servers | {sampler.peak_all_servers / MB:.0f} MB |",
        f"| hub + proxy | {overhead / MB:.0f} MB |",
        f"| CPU time per learner (server + kernel: start, explorer, {args.interactions} clicks), mean | "
        f"{cpu_per_student:.1f} s |",
        "",
        "**What one machine holds.** Memory decides: each learner needs about "
        f"{per_student / MB:.0f} MB while using the explorer (more with the pandas and matplotlib lessons). "
        f"This {info['cpus']}-core machine with {ram / 1024**3:.0f} GB would hold about {fits_here} learners "
        f"by memory (80% of RAM); a 2-core, 8 GB machine about {fits_8g}. The CPU is the limit when a whole "
        f"class logs in at the same moment: starting {args.batch} servers at a time, the last of {len(all_s)} "
        f"was ready {fmt_s(last_ready)} after the first log-in, so ask learners to log in a few minutes "
        "before the lesson. "
        f"With {len(all_s)} learners at once the p95 interaction took {fmt_ms(percentile(lat, 95))}"
        + (
            f": one 2-core machine holds a class of {len(all_s)}."
            if clean and percentile(lat, 95) < 1.0
            else f", with {len(errors)} errors and {wrong + lost} bad answers: this class is too big for it."
        ),
        "",
        f"**Kubernetes (Zero to JupyterHub).** Per pod: memory guarantee {guarantee}M, limit {limit}M, "
        f"CPU guarantee 0.1, limit 1. On nodes of 4 vCPU / 16 GB (about 14 GiB allocatable) that is "
        f"{pods_per_node} learners per node by memory, so {nodes} node(s) for {len(all_s)} learners, plus the "
        "hub and proxy (a small core node, or room on the first). deploy/z2jh/config.yaml uses these figures.",
    ]
    if errors:
        lines += ["", "Errors (first 10):", "", *[f"- {e}" for e in errors[:10]]]
    lines += [END]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--interactions", type=int, default=20)
    parser.add_argument("--batch", type=int, default=5, help="servers started at the same time (default 5)")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a learner's clicks")
    parser.add_argument("--time-limit", type=float, default=900, help="seconds for the whole class (default 900)")
    parser.add_argument("--seed", type=int, default=30)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)

    import jupyterhub
    import psutil  # noqa: F401  (memory figures; installed with jupyter_server)

    run_hub = _load_run_hub()
    symptoms = tickable(load_content())
    students = {
        name: Student(name, plan_clicks(name, symptoms, args.interactions, args.seed))
        for name in (f"student{i:02d}" for i in range(1, args.students + 1))
    }
    WORK.mkdir(exist_ok=True)
    hub = run_hub.LocalHub(log=WORK / "hub-load.log")
    sampler = MemorySampler(hub, run_hub, students)
    began = time.monotonic()
    finished = False
    try:
        hub.start()
        sampler.start()
        finished = asyncio.run(run_class(hub, run_hub, students, args))
        sampler.sample()  # every server and kernel still up: the class at its fullest
    finally:
        sampler.stop_event.set()
        hub.stop()
    info = {
        "when": dt.date.today().isoformat(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "cpus": os.cpu_count(),
        "jupyterhub": jupyterhub.__version__,
        "wall_s": time.monotonic() - began,
        "finished": finished,
        "users": "each learner a separate system user" if hub.separate_users else "every learner as one user",
    }
    block = report(students, sampler, args, info)
    print(block)
    if not args.no_write:
        write_section(args.output, START, END, block)
        print(f"\nwritten to {os.path.relpath(args.output)}")
        if args.output == RESULTS:
            write_readme_table(RESULTS, ROOT / "README.md")
    bad = sum(s.wrong + s.lost + len(s.errors) for s in students.values())
    return 0 if finished and not bad else 1


if __name__ == "__main__":
    sys.exit(main())
