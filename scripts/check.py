"""The editors' check: everything an editor can break, reported all at once.

Run `python -m scripts.check` before a pull request; the build runs the same check first and
refuses to publish while any problem remains.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

from scripts import contacts, embeds, pages
from scripts.problems import Problem, ProblemsFound, relative

UNSAFE_MARKUP = [
    (re.compile(r"<\s*script\b", re.I), "a <script> tag", "remove it: pages may not run scripts"),
    (re.compile(r"<\s*iframe\b", re.I), "an <iframe>", "remove it: link to the page instead"),
    (re.compile(r"\bon[a-z]+\s*=\s*[\"']", re.I), "an inline event handler (onclick=…)", "remove it"),
    (re.compile(r"javascript\s*:", re.I), "a javascript: link", "link to a page or a web address instead"),
    (re.compile(r"\(\s*data:", re.I), "a data: URL", "put the file in content/ and link to it"),
    (re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^>]*)?>"), "raw HTML",
     "use Markdown instead (the site's look comes from the theme, not from HTML in pages)"),
]
CODE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)


@dataclass
class Result:
    directory: contacts.Directory
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def run() -> Result:
    directory = contacts.load()
    result = Result(directory, list(directory.problems), list(directory.warnings))
    for page in pages.all_pages():
        problems = pages.read(page)
        if not problems:
            problems = pages.check_front_matter(page)
        name = relative(page.file)
        problems += embeds.check(page.body, directory.entries, name, page.body_line)
        problems += unsafe_markup(page.body, name, page.body_line)
        result.problems += problems
    return result


def unsafe_markup(body: str, file: str, first_line: int) -> list[Problem]:
    """Only Markdown may reach readers: HTML could hide text, track readers or run code."""
    blanked = CODE.sub(lambda m: "\n" * m.group(0).count("\n"), body)
    found = []
    for number, line in enumerate(blanked.splitlines(), start=first_line):
        for pattern, what, fix in UNSAFE_MARKUP:
            if pattern.search(line):
                found.append(Problem(file, number, f"{what} in the page", fix))
                break
    return found


def summary(problems: list[Problem]) -> ProblemsFound:
    return ProblemsFound(problems)


def main() -> int:
    result = run()
    for warning in sorted(result.warnings):
        print(f"warning: {warning}")
    if result.problems:
        print(summary(result.problems), file=sys.stderr)
        return 1
    print(f"OK: {len(pages.all_pages())} pages and {len(result.directory.entries)} directory entries checked.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
