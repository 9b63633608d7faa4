"""The files editors change, read so that no file can crash the check: every fault becomes a problem.

- Text must be UTF-8 without a byte-order mark: anything else is reported with the line of the
  first bad byte, instead of a traceback that hides every other problem.
- content/ holds Markdown pages and images only, as regular files: an .html or .svg there would run
  script on the site's origin, and a symbolic link would publish whatever it points to (.git/config,
  /proc/self/environ) — mkdocs copies both without looking.
- Bidirectional control characters are refused in every text file (see scripts/check/numbers.py).
- YAML data files must parse (scripts/yaml_lines refuses aliases and duplicate keys) and must not be empty.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from scripts.check import numbers, yaml_lines
from scripts.check.problems import Problem, relative

BOM = b"\xef\xbb\xbf"
PAGE_SUFFIXES = {".md"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}
UTF8_FIX = "save the file as UTF-8 (in most editors: Save with encoding → UTF-8, not ‘UTF-8 with BOM’)"


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or None if it cannot be read as UTF-8; with the problems found on the way."""
    name = relative(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(name, 0, f"the file cannot be read ({error.strerror})", "restore it from the repository")]
    problems = []
    if data.startswith(BOM):
        problems.append(Problem(name, 1, "the file starts with a byte-order mark (an invisible character)", UTF8_FIX))
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        problems.append(Problem(name, line, f"the file is not UTF-8 text (byte 0x{data[error.start]:02X} on this line)",
                                UTF8_FIX))
        return None, problems
    for number, text_line in enumerate(text.splitlines(), start=1):
        if found := numbers.bidi_control(text_line):
            problems.append(Problem(name, number, f"a bidirectional control character {found}", numbers.BIDI_FIX))
    return text, problems


def content_file_problems(content: Path) -> list[Problem]:
    """content/ may hold pages and images, as regular files and folders, nothing else."""
    problems = []
    for path in sorted(content.rglob("*")):
        name = f"{relative(path.parent)}/{path.name}"     # the link itself, not what it points to
        if path.is_symlink():
            problems.append(Problem(name, 0, "a symbolic link in content/ (it would publish what it points to)",
                                    "replace the link by the file itself, or delete it"))
        elif path.is_dir():
            continue
        elif not path.is_file():
            problems.append(Problem(name, 0, "not a regular file", "delete it"))
        elif path.suffix.lower() not in PAGE_SUFFIXES | IMAGE_SUFFIXES:
            problems.append(Problem(name, 0, f"a '{path.suffix or path.name}' file in content/ would be published as it is",
                                    "content/ holds Markdown pages (.md) and images (.png, .jpg, .gif, .webp) only; "
                                    "convert an SVG or a document to PNG or PDF and ask a maintainer where to put it"))
    return problems


def load_yaml(path: Path, empty_fix: str = "restore it from the repository") -> tuple[Any, dict, list[Problem]]:
    """A YAML data file: (data, line map, problems). Data is None whenever there is a problem."""
    name = relative(path)
    text, problems = read_text(path)
    if text is None or any(not p.warning for p in problems):
        return None, {}, problems
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return None, {}, [Problem(name, 1, "the file is empty", empty_fix)]
    try:
        data, lines = yaml_lines.load(text)
    except yaml.YAMLError as error:
        reason = getattr(error, "problem", None) or str(error)
        return None, {}, [Problem(name, yaml_lines.error_line(error), f"this is not valid YAML ({reason})",
                                  "check indentation (spaces, not tabs), colons after field names, quotes around "
                                  "text that contains a colon, and that no field appears twice")]
    if data is None:
        return None, {}, [Problem(name, 1, "the file is empty", empty_fix)]
    return data, lines, []
