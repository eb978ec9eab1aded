"""What is wrong with content: each problem names the file, the line, the field and what was expected.

Its names are public through :mod:`backlearn.content`, the package's one face: import them from there.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# ----------------------------------------------------------------------------- errors


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the content, and where."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class ContentError(ValueError):
    """The content folder has problems; all of them are listed."""

    def __init__(self, problems: Iterable[Problem], folder: Path | None = None) -> None:
        self.problems = tuple(problems)
        self.folder = folder
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the content"
        if folder is not None:
            head += f" at {folder}"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


def suggest(word: str, choices: Iterable[str]) -> str:
    """A '; did you mean ...?' hint, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


