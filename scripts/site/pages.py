"""Pages in content/: where they are, their front matter, and its validation.

English lives at the root of content/, each translation in content/<code>/ with the same tree;
front matter carries what a reader must be able to trust: review date and sources.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from scripts.check import editor_files, yaml_lines
from scripts.check.problems import Problem, relative
from scripts.site.languages import ROOT, codes, default_code, translated_codes

CONTENT = ROOT / "content"
PAGE_SCHEMA = ROOT / "data" / "page.schema.json"
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.S)
CODE_BLOCK = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)


def blank_code(markdown: str) -> str:
    """Fenced code blocks emptied, line breaks kept: their text is shown as written, never read as
    Markdown or HTML, and line numbers stay right."""
    return CODE_BLOCK.sub(lambda m: "\n" * m.group(0).count("\n"), markdown)


@dataclass
class Page:
    language: str
    path: str              # the same in every language, e.g. "health/hiv.md"
    file: Path
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1     # line of the file where the Markdown body starts
    lines: dict = field(default_factory=dict)


def source_file(language: str, path: str, content: Path = CONTENT) -> Path:
    return content / path if language == default_code() else content / language / path


def english_paths(content: Path = CONTENT) -> list[str]:
    """Every page path, taken from the English tree (the reference for translations)."""
    skip = set(translated_codes())
    return sorted(str(p.relative_to(content)) for p in content.rglob("*.md")
                  if p.relative_to(content).parts[0] not in skip)


def reader_paths(content: Path = CONTENT) -> list[str]:
    """English pages meant for readers: not the editors' pages (translate: false, such as the
    translation status), which are neither translated nor put into a ZIM."""
    found = []
    for path in english_paths(content):
        page = Page(default_code(), path, source_file(default_code(), path, content))
        read(page)
        if page.meta.get("translate", True):
            found.append(path)
    return found


def all_pages(content: Path = CONTENT) -> list[Page]:
    """Every page file that exists, in every language (missing translations are absent)."""
    found = []
    for language in codes():
        base = content if language == default_code() else content / language
        skip = set(translated_codes()) if language == default_code() else set()
        for file in sorted(base.rglob("*.md")):
            rel = file.relative_to(base)
            if rel.parts[0] in skip:
                continue
            found.append(Page(language, rel.as_posix(), file))
    return found


def read(page: Page) -> list[Problem]:
    """Fill page.meta and page.body from its file; return encoding and front-matter syntax problems."""
    text, problems = editor_files.read_text(page.file)
    name = relative(page.file)
    if text is None:   # not UTF-8; a byte-order mark or a bidi control is reported by the check's file scan
        return problems
    match = FRONT_MATTER.match(text)
    if not match:
        page.body = text
        return [Problem(name, 1, "the page has no front matter",
                        "start the file with a block between two '---' lines holding title, description, "
                        "last_reviewed, countries and sources (copy it from another page)")]
    page.body = text[match.end():]
    page.body_line = text[:match.end()].count("\n") + 1
    try:
        meta, page.lines = yaml_lines.load(match.group(1) or "", first_line=2)
    except yaml.YAMLError as error:
        reason = getattr(error, "problem", None) or str(error)
        return [Problem(name, yaml_lines.error_line(error, 2), f"the front matter is not valid YAML ({reason})",
                        "check the colons and indentation; put quotes around a title that contains a colon")]
    page.meta = meta if isinstance(meta, dict) else {}
    return []


@lru_cache(maxsize=None)
def _schema() -> dict:
    return json.loads(PAGE_SCHEMA.read_text(encoding="utf-8"))


def check_front_matter(page: Page, today: dt.date | None = None) -> list[Problem]:
    today = today or dt.date.today()
    name = relative(page.file)
    problems = []
    validator = jsonschema.Draft202012Validator(_schema())
    for error in validator.iter_errors(page.meta):
        line = yaml_lines.line_for(page.lines, yaml_lines.error_path(error)) or 1
        problems.append(Problem(name, line, *_explain(error)))
    problems += _check_rules_as_of(page, name)
    reviewed = page.meta.get("last_reviewed")
    if isinstance(reviewed, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", reviewed):
        line = yaml_lines.line_for(page.lines, ("last_reviewed",))
        try:
            day = dt.date.fromisoformat(reviewed)
        except ValueError:
            problems.append(Problem(name, line, f"last_reviewed '{reviewed}' is not a real date",
                                    "write it as YYYY-MM-DD, e.g. 2026-03-31"))
        else:
            if day > today:
                problems.append(Problem(name, line, f"last_reviewed {reviewed} is in the future",
                                        "write the date you checked the page (today or earlier)"))
    return problems


DATE_FORM = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")   # YYYY, YYYY-MM or YYYY-MM-DD


def sources_of(meta: dict[str, Any]) -> list:
    """The page's sources as written (empty when front matter has none or not a list)."""
    return meta.get("sources") if isinstance(meta.get("sources"), list) else []


def _date_bounds(value: str | int) -> tuple[str, str]:
    """The first and last day a date written as YYYY, YYYY-MM or YYYY-MM-DD can mean."""
    text = str(value)
    return (text + "-01-01"[len(text) - 4:], text + "-12-31"[len(text) - 4:])


def newest_source_date(meta: dict[str, Any]) -> str | None:
    """The newest date among the page's sources, as written (YYYY, YYYY-MM or YYYY-MM-DD)."""
    dates = [s["date"] for s in sources_of(meta) if isinstance(s, dict) and isinstance(s.get("date"), (str, int))
             and DATE_FORM.fullmatch(str(s["date"]))]
    return max(dates, key=lambda d: _date_bounds(d)[1]) if dates else None


def _check_rules_as_of(page: Page, name: str) -> list[Problem]:
    """'Rules as of' tells the reader how old the law on the page is, so it must be backed by a source
    at least that new; a page whose sources carry dates must say it."""
    newest = newest_source_date(page.meta)
    stated = page.meta.get("rules_as_of")
    line = yaml_lines.line_for(page.lines, ("rules_as_of",)) or yaml_lines.line_for(page.lines, ("last_reviewed",)) or 1
    if stated is None:
        if newest is None:
            return []
        return [Problem(name, line, "missing front-matter field 'rules_as_of'",
                        f"add 'rules_as_of: {newest}': the date of the newest source you checked the page against")]
    if newest is None or not DATE_FORM.fullmatch(str(stated)):
        return []   # the schema reports a bad format; no dated source: nothing to compare
    if _date_bounds(stated)[0] > _date_bounds(newest)[1]:
        return [Problem(name, line, f"rules_as_of {stated} is newer than the newest source ({newest})",
                        "add the newer source you checked the page against, or set rules_as_of to "
                        f"{newest}")]
    return []


def sources_without_address(page: Page) -> list[Problem]:
    """A source a reader cannot look up is a weak source: each needs its address, or a reason why none exists."""
    name = relative(page.file)
    return [Problem(name, yaml_lines.line_for(page.lines, ("sources", index)) or 1,
                    f"the source '{str(source.get('title', ''))[:60]}' has no address",
                    "add 'url: https://…' (for a law, its official publication page), or 'no_url: …' saying why "
                    "none exists (e.g. a printed report with no web copy)")
            for index, source in enumerate(sources_of(page.meta))
            if isinstance(source, dict) and not source.get("url") and not source.get("no_url")]


def _explain(error: jsonschema.ValidationError) -> tuple[str, str]:
    field_name = error.absolute_path[-1] if error.absolute_path else None
    if error.validator == "required":
        missing = error.message.split("'")[1]
        examples = {
            "title": "title: Short page title",
            "description": "description: One sentence saying what the page is for.",
            "last_reviewed": f"last_reviewed: {dt.date.today().isoformat()}",
            "countries": "countries: [RU, KZ]",
        }
        if missing == "sources":
            return ("missing required front-matter field 'sources'",
                    "add 'sources:' with at least one '  - title: …' naming the law, report or official body")
        return f"missing required front-matter field '{missing}'", f"add a line like '{examples.get(missing, missing)}'"
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return (f"unknown front-matter field {', '.join(map(repr, extra))}",
                f"check the spelling; allowed: {', '.join(sorted(error.schema['properties']))}")
    if error.validator == "pattern" and field_name == "last_reviewed":
        return f"last_reviewed '{error.instance}' is not a date", "write it as YYYY-MM-DD, e.g. 2026-03-31"
    if error.validator == "enum":
        return (f"'{error.instance}' is not a known country code",
                f"use two-letter codes: {', '.join(error.validator_value)}")
    if error.validator == "minItems" and field_name == "sources":
        return "the page lists no sources", "name at least one law, official body or report the facts come from"
    return f"{field_name or 'front matter'}: {error.message}", "compare with data/page.schema.json"
