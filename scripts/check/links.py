"""Internal links, anchors and images in every language, checked the way the site will resolve them.

mkdocs checks links too, but one warning at a time and only in the build; editors need every broken
link at once, with the line to fix, before they open a pull request.
"""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from pathlib import Path

from pymdownx.slugs import slugify

from scripts.check.problems import Problem, relative
from scripts.directory.contacts import Entry
from scripts.site.languages import default_code
from scripts.site.pages import CONTENT, Page, blank_code, read, source_file

LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)
EXPLICIT_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}")
EXTERNAL = ("http://", "https://", "mailto:", "tel:", "geo:")
_slug = slugify(case="lower")
# ids the build adds to every page (scripts/site/page_meta.py) or that Material provides
BUILT_IN_ANCHORS = {"sources", "__skip", "top"}


def anchors(markdown: str, entries: list[Entry]) -> set[str]:
    """Ids a page will have: heading slugs (as mkdocs.yml's toc slugify makes them), explicit ids, cards."""
    found = set(BUILT_IN_ANCHORS)
    for match in HEADING.finditer(blank_code(markdown)):
        text = EXPLICIT_ID.sub("", match.group(1)).strip()
        slug = _slug(text, "-")
        candidate, number = slug, 1
        while candidate in found:
            candidate, number = f"{slug}_{number}", number + 1
        found.add(candidate)
    found.update(EXPLICIT_ID.findall(markdown))
    if "{{" in markdown:
        found.update(entry["id"] for entry in entries)
        found.update(code.lower() for code in {entry["country"] for entry in entries})
    return found


@lru_cache(maxsize=None)
def _target_text(path: Path) -> str:
    page = Page("", "", path)
    read(page)
    return page.body


def check(page: Page, entries: list[Entry], content: Path = CONTENT) -> list[Problem]:
    name = relative(page.file)
    body = blank_code(page.body)
    problems = []
    folder = posixpath.dirname(page.path)
    for match in LINK.finditer(body):
        line = page.body_line + body.count("\n", 0, match.start())
        is_image, text, target = match.group(1), match.group(2), match.group(3)
        if target.startswith(EXTERNAL):
            continue
        if target.startswith(("javascript:", "data:")):
            continue  # refused by check.unsafe_markup with its own message
        path, _, anchor = target.partition("#")
        if is_image:
            problems += _image(name, line, text, path, folder, page.language, content)
            continue
        if not path:
            if anchor and anchor not in anchors(page.body, entries):
                problems.append(Problem(name, line, f"the link '#{anchor}' points to no heading on this page",
                                        "use the heading's anchor as shown in the browser address bar, or fix the heading"))
            continue
        if not path.endswith(".md"):
            problems.append(Problem(name, line, f"the link '{target}' does not point to a page",
                                    "link to the page's .md file, e.g. ../health/hiv.md"))
            continue
        resolved = posixpath.normpath(posixpath.join(folder, path))
        target_file = _existing(resolved, page.language, content)
        if resolved.startswith("..") or target_file is None:
            problems.append(Problem(name, line, f"the link '{target}' points to a page that does not exist",
                                    "check the file name and the ../ steps (paths are relative to this page)"))
            continue
        if anchor and anchor not in anchors(_target_text(target_file), entries):
            problems.append(Problem(name, line, f"the link '{target}' points to a heading that does not exist in {resolved}",
                                    "open that page and copy the anchor of the heading you mean"))
    return problems


def _existing(path: str, language: str, content: Path) -> Path | None:
    """A link resolves to the page in the same language or, where that is missing, the English page."""
    for code in dict.fromkeys([language, default_code()]):
        file = source_file(code, path, content)
        if file.exists():
            return file
    return None


def _image(name: str, line: int, alt: str, path: str, folder: str, language: str, content: Path) -> list[Problem]:
    problems = []
    if not alt.strip():
        problems.append(Problem(name, line, f"the image '{path}' has no description (alt text)",
                                "write what the image shows between the brackets: ![A migration card](card.png)"))
    resolved = posixpath.normpath(posixpath.join(folder, path))
    if _existing(resolved, language, content) is None:
        problems.append(Problem(name, line, f"the image '{path}' does not exist",
                                "add the file next to the page or correct its name"))
    return problems
