"""Which translations are up to date, outdated or missing, measured against the English source.

Each translated page records `translated_from`: a hash of the English text it was made from
(`python -m scripts.translations mark ky health/hiv.md`). When the English text changes the hash no
longer matches, so the page is reported outdated, and the git history shows what changed since.

    python -m scripts.translations status          # table of every page × language
    python -m scripts.translations status --diff   # and what changed in English since each translation
    python -m scripts.translations mark LANG PATH… # after updating a translation
    python -m scripts.translations mark ky strings contacts:kg-red-crescent   # interface strings, directory

Interface strings and directory fields are tracked by scripts/translations/data_translations.py; `status` reports them too.
"""
from __future__ import annotations

import argparse
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from scripts.site import pages
from scripts.site.languages import default_code, translated_codes
from scripts.translations import data_translations
from scripts.translations.data_translations import MISSING, OUTDATED, UP_TO_DATE  # the same states as data


@dataclass(frozen=True)
class Status:
    language: str
    path: str
    state: str
    recorded: str | None = None   # the English hash the translation was made from
    current: str | None = None    # the English hash now


def text_hash(text: str) -> str:
    """Hash of what a translator translates: title, description and body (not dates or sources)."""
    match = pages.FRONT_MATTER.match(text)
    meta = re.findall(r"^(?:title|description):.*$", match.group(1) or "", re.M) if match else []
    body = text[match.end():] if match else text
    return data_translations.text_hash("\n".join([*meta, body.strip()]))


def english_hash(path: str, content: Path = pages.CONTENT) -> str:
    return text_hash(pages.source_file(default_code(), path, content).read_text(encoding="utf-8"))


def status(content: Path = pages.CONTENT) -> list[Status]:
    found = []
    for path in pages.reader_paths(content):   # editors' pages (translate: false) are not translated
        current = english_hash(path, content)
        for language in translated_codes():
            file = pages.source_file(language, path, content)
            if not file.exists():
                found.append(Status(language, path, MISSING, None, current))
                continue
            page = pages.Page(language, path, file)
            pages.read(page)
            recorded = page.meta.get("translated_from")
            state = UP_TO_DATE if recorded == current else OUTDATED
            found.append(Status(language, path, state, recorded, current))
    return found


def states(content: Path = pages.CONTENT) -> dict[tuple[str, str], str]:
    return {(s.language, s.path): s.state for s in status(content)}


def mark(language: str, path: str, content: Path = pages.CONTENT) -> None:
    """Record that the translation now matches the current English text."""
    file = pages.source_file(language, path, content)
    text = file.read_text(encoding="utf-8")
    stamp = f"translated_from: {english_hash(path, content)}"
    match = pages.FRONT_MATTER.match(text)
    if not match:
        raise SystemExit(f"{file}: no front matter")
    front = match.group(1) or ""
    front = re.sub(r"^translated_from:.*$", stamp, front, flags=re.M) if "translated_from:" in front \
        else front + stamp + "\n"
    file.write_text(f"---\n{front}---\n" + text[match.end():], encoding="utf-8")


def english_change(path: str, recorded: str) -> str:
    """A diff from the English version the translation was made from to the current one, via git history."""
    file = pages.source_file(default_code(), path)
    for old in data_translations.committed_versions(file):
        if old and text_hash(old) == recorded:
            new = file.read_text(encoding="utf-8")
            return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                f"{path} (translated)", f"{path} (now)", n=1))
    return "(the English version it was made from is not in the git history)\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.translations", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("status", help="report every page in every language")
    show.add_argument("--diff", action="store_true", help="show what changed in English since each translation")
    show.add_argument("--strict", action="store_true", help="exit 1 unless everything is up to date")
    stamp = commands.add_parser("mark", help="record that translations match the current English text")
    stamp.add_argument("language", choices=translated_codes())
    stamp.add_argument("paths", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "mark":
        for path in args.paths:
            if data_translations.is_target(path):
                count = data_translations.mark(args.language, path)
                print(f"{args.language} {path}: {count} text(s) marked as translated from the current English text")
                continue
            mark(args.language, path)
            print(f"{args.language}/{path}: marked as translated from the current English text")
        return 0
    report = status()
    languages = translated_codes()
    by_key = {(s.language, s.path): s for s in report}
    width = max(len(s.path) for s in report)
    print(f"{'page':<{width}}  " + "  ".join(f"{code:<10}" for code in languages))
    for path in pages.reader_paths():
        print(f"{path:<{width}}  " + "  ".join(f"{by_key[(code, path)].state:<10}" for code in languages))
    problems = [s for s in report if s.state != UP_TO_DATE]
    print(f"\n{len(report) - len(problems)} of {len(report)} translations up to date, "
          f"{sum(s.state == OUTDATED for s in report)} outdated, {sum(s.state == MISSING for s in report)} missing.")
    if args.diff:
        for s in problems:
            if s.state == OUTDATED and s.recorded:
                print(f"\n=== {s.language}/{s.path}: English changed since it was translated ===")
                print(english_change(s.path, s.recorded), end="")
    data_problems = data_report(args.diff)
    return 1 if args.strict and (problems or data_problems) else 0


def data_report(diff: bool) -> list[data_translations.Status]:
    """Interface strings and directory fields: a count per language, then every one not up to date."""
    report = data_translations.status()
    print("\ninterface strings and directory fields:")
    for code in translated_codes():
        mine = [s for s in report if s.language == code]
        print(f"  {code}: {sum(s.state == UP_TO_DATE for s in mine)} of {len(mine)} up to date, "
              f"{sum(s.state == OUTDATED for s in mine)} outdated, {sum(s.state == MISSING for s in mine)} missing")
    problems = [s for s in report if s.state != UP_TO_DATE]
    state = data_translations.load_state()
    for s in problems:
        print(f"\n{s.file}:{s.line}: {s.unit.group} {s.unit.key} ({s.language}): {s.state}")
        if diff and s.state == OUTDATED:
            recorded = data_translations._recorded(state, s.language, s.unit)
            before = data_translations.english_before(s.unit, recorded) if recorded else None
            print(f"  English then: {before if before is not None else '(not in the git history)'}")
        print(f"  English now:  {s.unit.english}")
        print(f"  then: {data_translations.mark_command(s.unit, s.language)}")
    return problems
