"""The editors' check: everything an editor can break, reported all at once.

Run `python -m scripts.check` before a pull request; the build runs the same check first and
refuses to publish while any problem remains.
"""
from __future__ import annotations

import dataclasses
import re
import sys
from dataclasses import dataclass, field

from scripts import contacts, embeds, links, pages, strings, translations
from scripts.languages import default_code
from scripts.problems import Problem, ProblemsFound, relative

UNSAFE_MARKUP = [
    (re.compile(r"<\s*script\b", re.I), "a <script> tag", "remove it: pages may not run scripts"),
    (re.compile(r"<\s*iframe\b", re.I), "an <iframe>", "remove it: link to the page instead"),
    (re.compile(r"\bon[a-z]+\s*=\s*[\"']", re.I), "an inline event handler (onclick=…)", "remove it"),
    (re.compile(r"javascript\s*:", re.I), "a javascript: link", "link to a page or a web address instead"),
    (re.compile(r"\(\s*data:", re.I), "a data: URL", "put the file in content/ and link to it"),
    (re.compile(r"\{:?[^}\n]*\bstyle\s*=", re.I), "a style attribute", "remove it: styles can hide text from readers"),
    (re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^>]*)?>"), "raw HTML",
     "use Markdown instead (the site's look comes from the theme, not from HTML in pages)"),
]
UZBEK_TURNED_COMMA = re.compile(r"[oOgG](?:[`‘’]|'(?!\s*$))")   # oʻ gʻ must use U+02BB (a ' closing a YAML text is not one)
UZBEK_APOSTROPHE = re.compile(r"(?<=\w)['`’](?=\w)")   # the tutuq belgisi must use U+02BC


@dataclass
class Result:
    directory: contacts.Directory
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    translation_states: dict[tuple[str, str], str] = field(default_factory=dict)


def run() -> Result:
    directory = contacts.load()
    result = Result(directory, list(directory.problems), list(directory.warnings))
    titles: dict[tuple[str, str], str] = {}
    for page in pages.all_pages():
        problems = pages.read(page)
        if not problems:
            problems = pages.check_front_matter(page)
        name = relative(page.file)
        # Embeds are checked against every entry as written, so one broken entry gives one problem, not many.
        problems += embeds.check(page.body, directory.written, name, page.body_line)
        problems += unsafe_markup(page.body, name, page.body_line)
        problems += links.check(page, directory.entries)
        result.warnings += [dataclasses.replace(p, warning=True) for p in pages.sources_without_address(page)]
        if page.language != default_code() and not problems:
            problems += same_sources_as_english(page)
        if page.language == "uz":
            problems += uzbek_apostrophes(page.file.read_text(encoding="utf-8"), name)
        title = page.meta.get("title")
        if isinstance(title, str):
            if (page.language, title) in titles:
                problems.append(Problem(name, page.lines.get(("title",), 1), f"the title '{title}' is already used by "
                                        f"{titles[(page.language, title)]}", "give each page its own title"))
            titles.setdefault((page.language, title), name)
        result.problems += problems
    result.problems += uzbek_apostrophes_in_data()
    for state in translations.status():
        result.translation_states[(state.language, state.path)] = state.state
        if state.state != translations.UP_TO_DATE:
            file = relative(pages.source_file(state.language, state.path))
            fix = ("translate it, or readers see the English page with a notice" if state.state == translations.MISSING
                   else f"update it (see `python -m scripts.translations status --diff`), then run "
                        f"`python -m scripts.translations mark {state.language} {state.path}`")
            result.warnings.append(Problem(file, 0, f"translation {state.state}", fix, warning=True))
    return result


def same_sources_as_english(page: pages.Page) -> list[Problem]:
    """A translation cites the English page's sources, in the same order with the same addresses and dates
    (titles may be translated), so a source added or corrected in English is not missing in one language."""
    english = pages.Page(default_code(), page.path, pages.source_file(default_code(), page.path))
    if not english.file.exists() or pages.read(english):
        return []
    def key(meta: dict) -> list[tuple]:
        return [(s.get("url"), str(s.get("date", ""))) for s in meta.get("sources") or [] if isinstance(s, dict)]
    mine, theirs = key(page.meta), key(english.meta)
    same_as_of = str(page.meta.get("rules_as_of", "")) == str(english.meta.get("rules_as_of", ""))
    if mine == theirs and same_as_of:
        return []
    return [Problem(relative(page.file), page.lines.get(("sources",), 1),
                    "the sources (their addresses and dates) or rules_as_of differ from the English page",
                    f"copy the sources of {relative(english.file)} in the same order, with the same url, date and "
                    "rules_as_of (translate only the titles)")]


def unsafe_markup(body: str, file: str, first_line: int) -> list[Problem]:
    """Only Markdown may reach readers: HTML could hide text, track readers or run code."""
    blanked = pages.blank_code(body)
    found = []
    for number, line in enumerate(blanked.splitlines(), start=first_line):
        for pattern, what, fix in UNSAFE_MARKUP:
            if pattern.search(line):
                found.append(Problem(file, number, f"{what} in the page", fix))
                break
    return found


def uzbek_apostrophes_in_data() -> list[Problem]:
    """The Uzbek texts of the directory and of the interface follow the same spelling rule as pages."""
    found = uzbek_apostrophes(strings.STRINGS_DIR.joinpath("uz.yaml").read_text(encoding="utf-8"),
                              relative(strings.STRINGS_DIR / "uz.yaml"))
    lines = contacts.CONTACTS_YML.read_text(encoding="utf-8").splitlines()
    uzbek = "\n".join(line if re.match(r"\s*uz:", line) else "" for line in lines)
    return found + uzbek_apostrophes(uzbek, relative(contacts.CONTACTS_YML))


def uzbek_apostrophes(text: str, file: str) -> list[Problem]:
    """Uzbek Latin has two letters-like marks that keyboards replace with quotes; search and print need the real ones."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if match := UZBEK_TURNED_COMMA.search(line):
            found.append(Problem(file, number, f"'{match.group(0)}' uses a quote mark instead of the letter ʻ",
                                 f"write {match.group(0)[0]}ʻ with U+02BB (modifier letter turned comma), e.g. oʻzbek, gʻoya"))
        elif match := UZBEK_APOSTROPHE.search(line):
            found.append(Problem(file, number, "an apostrophe inside a word uses a quote mark",
                                 "write the tutuq belgisi as ʼ (U+02BC), e.g. maʼlumot, taʼlim"))
    return found


def main() -> int:
    result = run()
    for warning in sorted(result.warnings):
        print(f"warning: {warning}")
    if result.problems:
        print(ProblemsFound(result.problems), file=sys.stderr)
        return 1
    print(f"OK: {len(pages.all_pages())} pages and {len(result.directory.entries)} directory entries checked.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
