"""A link that names another page uses that page's own title.

Why: the Kyrgyz and Uzbek pages linked "returning home" under one name while the page itself was titled
another, so a reader who followed "Мекенге кайтуу" landed on "Үйгө кайтуу" and wondered whether it was
the right page. The rule, for pages of every language:

- a list item that is only a link (`- [Үйгө кайтуу](../entry-exit/returning-home.md)`), or a link followed
  by what the page is for (`- [Россия](russia.md): ...`), names the page. An item that is only the link must
  use the linked page's title; a link before a description may use a short form of it ("Россия" for
  "Въезд в Россию, пребывание и выезд"), but not another name ("Мекенге кайтуу" for "Үйгө кайтуу").
  Both are warnings, not problems: the page is still reachable, and the fix may be the other page's title;
- a link inside running text may say anything; a link to a section (#anchor) names the section, not the page.
"""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from pathlib import Path

from scripts.check.problems import Problem, relative
from scripts.site.pages import CONTENT, Page, blank_code, read, source_file

ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d+[.)])\s+\[(?P<text>[^\]]+)\]\((?P<target>[^)#\s]+\.md)\)"
                  r"(?P<rest>.*)$", re.M)
ONLY_LINK = re.compile(r"^\s*[.;,]?\s*$")
EMPHASIS = re.compile(r"[*_`]")


@lru_cache(maxsize=None)
def title_of(file: Path) -> str | None:
    page = Page("", "", file)
    read(page)
    title = page.meta.get("title")
    return title if isinstance(title, str) else None


def shares_a_word(text: str, title: str) -> bool:
    """A short form of the title: one of its words, in any case ending ("Россия" in "Въезд в Россию")."""
    stems = {word[:4].casefold() for word in re.findall(r"\w{3,}", title)}
    return any(word[:4].casefold() in stems for word in re.findall(r"\w{3,}", text))


def check(page: Page, content: Path = CONTENT) -> list[Problem]:
    name = relative(page.file)
    body = blank_code(page.body)
    found = []
    folder = posixpath.dirname(page.path)
    for match in ITEM.finditer(body):
        target = posixpath.normpath(posixpath.join(folder, match.group("target")))
        if target.startswith("..") or "://" in match.group("target"):
            continue
        file = source_file(page.language, target, content)
        title = title_of(file) if file.exists() else None
        text = EMPHASIS.sub("", match.group("text")).strip()
        if title is None or text == title:
            continue
        only = bool(ONLY_LINK.match(match.group("rest")))
        if not only and shares_a_word(text, title):
            continue
        line = page.body_line + body.count("\n", 0, match.start())
        what = "names the page" if only else "names the page before its description"
        found.append(Problem(name, line, f"the link text '{text}' {what} {target}, whose title is '{title}'",
                             f"write [{title}]({match.group('target')}), or change the title of {relative(file)}",
                             warning=True))
    return found
