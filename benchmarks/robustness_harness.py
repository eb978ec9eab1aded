"""The shared harness of `make robustness` (benchmarks/robustness.py and benchmarks/areas/): one row of
the table (Area) and the counting of outcomes, a time limit that turns a hang into a crash, and the CLI
run in this process."""

from __future__ import annotations

import contextlib
import io
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from backlearn.cli import main as cli_main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: Run a child without the power to read or write past file permissions, so an unreadable or
#: unwritable file is one even for root.
DROP_DAC = ["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"]


@dataclass
class Area:
    """One row of the table."""

    name: str
    tried: int = 0
    clear: int = 0
    crash: int = 0
    wrong: int = 0
    lost: int = 0
    notes: list[str] = field(default_factory=list)

    def count(self, outcome: str, what: str) -> None:
        self.tried += 1
        if outcome == "clear":
            self.clear += 1
        elif outcome == "crash":
            self.crash += 1
            self.notes.append(f"crash: {what}")
        else:
            self.wrong += 1
            self.notes.append(f"wrongly accepted: {what}")


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise TimeoutError after ``seconds`` (a hang counts as a crash)."""

    def _alarm(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run_cli(args: list[str]) -> tuple[int | None, str]:
    """The CLI in this process: (exit code, stderr), or (None, the error) when it crashed or hung."""
    err = io.StringIO()
    try:
        with time_limit(10), contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                code = cli_main(args)
            except SystemExit as exit_:
                code = int(exit_.code or 0)
    except BaseException as error:
        return None, f"{type(error).__name__}: {error}"
    return code, err.getvalue()

