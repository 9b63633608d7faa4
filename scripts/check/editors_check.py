"""The editors' check: everything an editor can break, reported all at once.

Run `python -m scripts.check` before a pull request; the build runs the same check first and
refuses to publish while any problem remains.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from scripts.check import editor_files, link_titles, links, numbers, published_html, yaml_lines
from scripts.check.problems import Problem, ProblemsFound, relative
from scripts.directory import contacts
from scripts.leaflets.plan import LEAFLETS_YML
from scripts.site import embeds, pages, strings
from scripts.site.languages import default_code
from scripts.translations import data_translations, glossary, page_translations

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

MARKUP_CHARACTERS = re.compile(r"[<>]")
FREE_TEXT = ("name", "city", "services", "address", "hours")   # source.note quotes the source: it may hold the number
UZBEK_TURNED_COMMA = re.compile(r"[oOgG](?:[`‘’]|'(?!\s*$))")   # oʻ gʻ must use U+02BB (a ' closing a YAML text is not one)
UZBEK_APOSTROPHE = re.compile(r"(?<=\w)['`’](?=\w)")   # the tutuq belgisi must use U+02BC


@dataclass
class Result:
    directory: contacts.Directory
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    translation_states: dict[tuple[str, str], str] = field(default_factory=dict)


def run() -> Result:
    """Every problem at once; but files that cannot be read safely (encoding, YAML syntax, aliases,
    duplicate keys, an empty or broken directory, symlinks, files that are not pages or images) are
    reported first and alone: every later check would only repeat them (a broken contacts.yaml made
    every embed of every page a problem) or could not run at all."""
    directory = contacts.load()
    result = Result(directory, list(directory.problems), list(directory.warnings))
    unreadable = file_problems()
    if unreadable or (directory.problems and not directory.written):
        result.problems = list(dict.fromkeys(result.problems + unreadable))
        return result
    result.problems += directory_text(directory)
    result.problems += interface_strings()
    titles: dict[tuple[str, str], str] = {}
    for page in pages.all_pages():
        try:
            problems = page_problems(page, directory)
        except Exception as error:  # noqa: BLE001 — the check reports, never crashes; the file is named
            problems = [Problem(relative(page.file), 0, f"the check could not read this page ({type(error).__name__}: "
                                f"{error})", "undo the last change to this page and tell the maintainers")]
        name = relative(page.file)
        problems += pages.sources_without_address(page)
        if not problems:
            for found in page_terms(page, name) + link_titles.check(page):
                (result.warnings if found.warning else problems).append(found)
        title = page.meta.get("title")
        if isinstance(title, str):
            if (page.language, title) in titles:
                problems.append(Problem(name, page.lines.get(("title",), 1), f"the title '{title}' is already used by "
                                        f"{titles[(page.language, title)]}", "give each page its own title"))
            titles.setdefault((page.language, title), name)
        result.problems += problems
    result.problems += uzbek_apostrophes_in_data()
    for found in glossary_terms_in_data():
        (result.warnings if found.warning else result.problems).append(found)
    result.warnings += data_translations.warnings()
    for state in page_translations.status():
        result.translation_states[(state.language, state.path)] = state.state
        if state.state != page_translations.UP_TO_DATE:
            file = relative(pages.source_file(state.language, state.path))
            fix = ("translate it, or readers see the English page with a notice" if state.state == page_translations.MISSING
                   else f"update it (see `python -m scripts.translations status --diff`), then run "
                        f"`python -m scripts.translations mark {state.language} {state.path}`")
            result.warnings.append(Problem(file, 0, f"translation {state.state}", fix, warning=True))
    return result


def page_problems(page: pages.Page, directory: contacts.Directory) -> list[Problem]:
    """One page: front matter, embeds, what its Markdown publishes, numbers, links, spelling."""
    problems = pages.read(page)
    if not problems:
        problems = pages.check_front_matter(page)
    name = relative(page.file)
    problems += front_matter_text(page, name)
    # Embeds are checked against every entry as written, so one broken entry gives one problem, not many.
    problems += embeds.check(page.body, directory.written, name, page.body_line)
    typed = unsafe_markup(page.body, name, page.body_line) + typed_numbers(page.body, name, page.body_line)
    reported = {problem.line for problem in typed}     # one problem per line: the typed rule says it plainest
    problems += typed + [problem for problem in published_html.check_page(page.body, name, page.body_line)
                         if problem.line not in reported]
    problems += links.check(page, directory.entries)
    if page.language == "uz":
        problems += uzbek_apostrophes(page.file.read_text(encoding="utf-8"), name)
    if page.language != default_code() and not problems:
        problems += same_sources_as_english(page)
    return problems


def page_terms(page: pages.Page, name: str) -> list[Problem]:
    """The glossary's words in what readers see of a page: title, description and text (not the sources,
    whose titles quote the publisher)."""
    found = []
    for key in ("title", "description"):
        value = page.meta.get(key)
        if isinstance(value, str):
            found += glossary.check_text(value, page.language, name, page.lines.get((key,), 1))
    return found + glossary.check_text(pages.blank_code(page.body), page.language, name, page.body_line)


def glossary_terms_in_data() -> list[Problem]:
    """The glossary's words in the interface strings and the translated texts of the directory."""
    found = []
    for file, path, value, line in interface_texts():
        found.extend(glossary.check_text(value, file.stem, relative(file), line,
                                         f"interface text '{'.'.join(map(str, path))}'"))
    for entry_id, field_path, language, text, line in data_translations.directory_texts():
        found += glossary.check_text(text, language, relative(contacts.CONTACTS_YML), line,
                                     f"entry '{entry_id}' {field_path}.{language}")
    return found


def file_problems() -> list[Problem]:
    """Every file an editor can change, read before anything else: see scripts/check/editor_files.py."""
    found = editor_files.content_file_problems(pages.CONTENT)
    for file in sorted(pages.CONTENT.rglob("*.md")):
        if not file.is_symlink():
            found += editor_files.read_text(file)[1]
    for file in [contacts.COUNTRIES_YML, LEAFLETS_YML, *sorted(strings.STRINGS_DIR.glob("*.yaml"))]:
        found += editor_files.load_yaml(file)[2]     # contacts.yaml: contacts.load() has read it
    return found


def front_matter_text(page: pages.Page, name: str) -> list[Problem]:
    """Title, description and sources are printed in every page's head and navigation: text only."""
    found = []
    for key in ("title", "description"):
        value = page.meta.get(key)
        if isinstance(value, str) and MARKUP_CHARACTERS.search(value):
            found.append(Problem(name, page.lines.get((key,), 1), f"the {key} contains '<' or '>' (HTML is not allowed)",
                                 "write it as plain text, without < and >"))
        if isinstance(value, str) and (match := numbers.phone_shaped(value)):
            found.append(Problem(name, page.lines.get((key,), 1), f"a phone number '{match}' in the {key}", numbers.PAGE_FIX))
    return found


def typed_numbers(body: str, file: str, first_line: int) -> list[Problem]:
    """Numbers are written once, in the directory: phone-shaped text and tel:/sms: links in a page are refused.
    Code blocks are included: their text is published too."""
    found = []
    for number, line in enumerate(body.splitlines(), start=first_line):
        if match := numbers.TEL_LINK.search(line):
            found.append(Problem(file, number, f"a {match.group(0).split(':')[0].lower()}: link types a number into "
                                 "the page", numbers.PAGE_FIX))
        elif shaped := numbers.phone_shaped(line):
            found.append(Problem(file, number, f"'{shaped}' looks like a phone number typed into the page",
                                 numbers.PAGE_FIX))
    return found


def directory_text(directory: contacts.Directory) -> list[Problem]:
    """Free text of directory entries (names, services, hours, address, phone notes) holds no numbers: a
    number there is never validated, never dialled from the card, and may be a scammer's."""
    data, lines, problems = editor_files.load_yaml(contacts.CONTACTS_YML)
    if problems or not isinstance(data, list):
        return []
    found = []
    name = relative(contacts.CONTACTS_YML)
    for index, entry in enumerate(data):
        if not isinstance(entry, dict):
            continue
        texts: list[tuple[tuple, object]] = [((index, key), entry.get(key)) for key in FREE_TEXT]
        for at, phone in enumerate(entry.get("phones") or [] if isinstance(entry.get("phones"), list) else []):
            if isinstance(phone, dict):
                texts.append(((index, "phones", at, "note"), phone.get("note")))
        for path, value in texts:
            for sub, text in (value.items() if isinstance(value, dict) else [((), value)]):
                where = path + ((sub,) if sub != () else ())
                if isinstance(text, str) and (match := numbers.phone_shaped(text)):
                    found.append(Problem(name, yaml_lines.line_for(lines, where),
                                         f"entry '{entry.get('id', index + 1)}': '{match}' looks like a phone number "
                                         f"in its text ({'.'.join(map(str, where[1:]))})", numbers.DIRECTORY_FIX))
    return found


def interface_strings() -> list[Problem]:
    """Interface words are printed into every page of their language: text only, never HTML."""
    return [Problem(relative(file), line, f"the interface text '{'.'.join(map(str, path))}' contains '<' or '>' "
                    "(HTML is not allowed)", "write it as plain text, without < and >")
            for file, path, value, line in interface_texts() if MARKUP_CHARACTERS.search(value)]


def interface_texts() -> list[tuple[Path, tuple, str, int]]:
    """Every text of data/strings/*.yaml: (file, key path, text, line)."""
    found = []
    for file in sorted(strings.STRINGS_DIR.glob("*.yaml")):
        data, lines, _ = editor_files.load_yaml(file)

        def walk(value: object, path: tuple) -> None:
            if isinstance(value, dict):
                for key, inner in value.items():
                    walk(inner, path + (key,))
            elif isinstance(value, str):
                found.append((file, path, value, yaml_lines.line_for(lines, path)))
        walk(data, ())
    return found


def same_sources_as_english(page: pages.Page) -> list[Problem]:
    """A translation cites the English page's sources, in the same order with the same addresses and dates
    (titles may be translated), so a source added or corrected in English is not missing in one language."""
    english = pages.Page(default_code(), page.path, pages.source_file(default_code(), page.path))
    if not english.file.exists() or pages.read(english):
        return []
    def key(meta: dict) -> list[tuple]:
        return [(s.get("url"), str(s.get("date", ""))) for s in pages.sources_of(meta) if isinstance(s, dict)]
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
