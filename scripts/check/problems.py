"""One shape for every problem an editor can cause, so all checks report alike.

Editors are not programmers: each problem names the file, the line, what is wrong
and how to fix it, and all problems are reported together rather than one per run.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scripts.site.languages import ROOT


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str
    fix: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text


def relative(path: Path) -> str:
    """Paths as an editor sees them in the repository."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


class ProblemsFound(Exception):
    """Raised by the build when content is broken; the message lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) to fix:\n{lines}")
