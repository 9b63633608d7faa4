"""Translation status of what is not a page: interface strings and the translated fields of the directory.

Why: pages record the English text they were translated from (`translated_from`), but a changed English
service description or button left four stale translations that nobody was told about. Here
data/translations-state.yaml holds, per language, a hash of each English string and directory field as
it was when that language's text was last checked against it:

    ky:
      strings: {site: {serves: 3f2a…}, …}              # the same nesting as data/strings/en.yaml
      contacts: {kg-red-crescent: {name: 1c9e…, services: 77b0…, "phones[+996…].note": …}}

A text is outdated when its English hash changed, missing when the language has no text. After updating:

    python -m scripts.translations mark ky strings             # every interface string of ky
    python -m scripts.translations mark ky strings:site.serves # one string
    python -m scripts.translations mark ky contacts:kg-red-crescent   # every field of one entry
    python -m scripts.translations mark ky contacts            # the whole directory
"""
from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from scripts.check import yaml_lines
from scripts.check.problems import Problem, relative
from scripts.directory import contacts
from scripts.site import strings
from scripts.site.languages import ROOT, default_code, translated_codes

STATE_YML = ROOT / "data" / "translations-state.yaml"
FIELDS = ("name", "services", "city", "address", "hours")       # and phones[].note: scripts/directory/contacts_render.py
UP_TO_DATE, OUTDATED, MISSING = "up to date", "outdated", "missing"
HEADER = ("# Which English text each translated interface string and directory field was last checked against\n"
          "# (scripts/translations/data_translations.py). Written by `python -m scripts.translations mark`; do not edit by hand.\n")


@dataclass(frozen=True)
class Unit:
    """One translatable text: an interface string or one field of one directory entry."""
    group: str            # "strings" or "contacts:<id>"
    key: str              # "site.serves", "services", "phones[+996312123456].note"
    path: tuple           # where it is in its YAML file, without the language
    english: str


@dataclass(frozen=True)
class Status:
    language: str
    unit: Unit
    state: str
    file: str
    line: int


def text_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]


def _leaves(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, path + (key,))
    elif isinstance(value, str):
        yield path, value


def _directory() -> tuple[list, dict]:
    data, lines = yaml_lines.load(contacts.CONTACTS_YML.read_text(encoding="utf-8"))
    return (data if isinstance(data, list) else []), lines


def _entry_fields(index: int, entry: dict) -> Iterator[tuple[str, tuple, dict]]:
    """(key, path in the file, {language: text}) of every translated field of one entry."""
    for name in FIELDS:
        if isinstance(entry.get(name), dict):
            yield name, (index, name), entry[name]
    for at, phone in enumerate(entry.get("phones") or []):
        if isinstance(phone, dict) and isinstance(phone.get("note"), dict):
            yield f"phones[{phone.get('number')}].note", (index, "phones", at, "note"), phone["note"]


def units() -> list[Unit]:
    """Every English text that has translations: interface strings, then directory fields."""
    english = strings.STRINGS_DIR / f"{default_code()}.yaml"
    data, _ = yaml_lines.load(english.read_text(encoding="utf-8"))
    found = [Unit("strings", ".".join(map(str, path)), path, text) for path, text in _leaves(data)]
    entries, _ = _directory()
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            for key, path, texts in _entry_fields(index, entry):
                if isinstance(texts.get(default_code()), str):
                    found.append(Unit(f"contacts:{entry.get('id')}", key, path, texts[default_code()]))
    return found


def directory_texts() -> Iterator[tuple[str, str, str, str, int]]:
    """(entry id, field, language, text, line) of every translated directory text, for the glossary check."""
    entries, lines = _directory()
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            for key, path, texts in _entry_fields(index, entry):
                for language, text in texts.items():
                    if language != default_code() and isinstance(text, str):
                        yield str(entry.get("id")), key, language, text, yaml_lines.line_for(lines, path + (language,))


def load_state(file: Path = STATE_YML) -> dict:
    return (yaml.safe_load(file.read_text(encoding="utf-8")) if file.exists() else None) or {}


def _recorded(state: dict, language: str, unit: Unit) -> str | None:
    if unit.group == "strings":
        value = _get(state.get(language, {}).get("strings", {}), unit.path)
        return value if isinstance(value, str) else None
    return state.get(language, {}).get("contacts", {}).get(unit.group.split(":", 1)[1], {}).get(unit.key)


def status(state: dict | None = None) -> list[Status]:
    """Every translated string and directory field in every language, with where its text is."""
    state = load_state() if state is None else state
    found = []
    translated = {code: yaml_lines.load((strings.STRINGS_DIR / f"{code}.yaml").read_text(encoding="utf-8"))
                  for code in translated_codes()}
    entries, entry_lines = _directory()
    directory_name = relative(contacts.CONTACTS_YML)
    for unit in units():
        for language in translated_codes():
            if unit.group == "strings":
                data, lines = translated[language]
                value = _get(data, unit.path)
                file, line = relative(strings.STRINGS_DIR / f"{language}.yaml"), yaml_lines.line_for(lines, unit.path)
            else:
                value = _get(entries, unit.path + (language,))
                file, line = directory_name, yaml_lines.line_for(entry_lines, unit.path + (language,))
            if not isinstance(value, str) or not value.strip():
                state_name = MISSING
            else:
                state_name = UP_TO_DATE if _recorded(state, language, unit) == text_hash(unit.english) else OUTDATED
            found.append(Status(language, unit, state_name, file, line))
    return found


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def mark_command(unit: Unit, language: str) -> str:
    target = f"strings:{unit.key}" if unit.group == "strings" else unit.group
    return f"python -m scripts.translations mark {language} {target}"


def warnings(found: list[Status] | None = None) -> list[Problem]:
    """The editors' check: one located warning per outdated or missing text, with the English it needs."""
    problems = []
    for s in status() if found is None else found:
        if s.state == UP_TO_DATE:
            continue
        where = "interface string" if s.unit.group == "strings" else f"entry '{s.unit.group.split(':', 1)[1]}'"
        english = s.unit.english if len(s.unit.english) <= 160 else s.unit.english[:157] + "…"
        fix = ("translate it" if s.state == MISSING else "update it") + \
              f", then run `{mark_command(s.unit, s.language)}`"
        problems.append(Problem(s.file, s.line, f"{where} {s.unit.key} ({s.language}): translation {s.state}; "
                                f"the English is now: {english}", fix, warning=True))
    return problems


def is_target(target: str) -> bool:
    return target in ("strings", "contacts") or target.startswith(("strings:", "contacts:"))


def mark(language: str, target: str, file: Path = STATE_YML) -> int:
    """Record that language's texts of target now match the current English; returns how many were marked."""
    state = load_state(file)
    chosen = [u for u in units() if target in (u.group, u.group.split(":")[0], f"strings:{u.key}")]
    if not chosen:
        raise SystemExit(f"'{target}': no interface string or directory entry of that name "
                         "(use strings, strings:KEY, contacts or contacts:ID)")
    mine = state.setdefault(language, {})
    for unit in chosen:
        if unit.group == "strings":
            place = mine.setdefault("strings", {})
            for part in unit.path[:-1]:
                place = place.setdefault(part, {})
            place[unit.path[-1]] = text_hash(unit.english)
        else:
            entry_id = unit.group.split(":", 1)[1]
            mine.setdefault("contacts", {}).setdefault(entry_id, {})[unit.key] = text_hash(unit.english)
    file.write_text(HEADER + yaml.safe_dump(state, allow_unicode=True, sort_keys=True, width=120), encoding="utf-8")
    return len(chosen)


def english_before(unit: Unit, recorded: str) -> str | None:
    """The English text a translation was made from, found in the git history of its file."""
    file = (strings.STRINGS_DIR / f"{default_code()}.yaml") if unit.group == "strings" else contacts.CONTACTS_YML
    for old in committed_versions(file, limit=60):
        try:
            data = yaml.safe_load(old)
        except yaml.YAMLError:
            continue
        if unit.group == "strings":
            value = _get(data, unit.path)
        else:
            entry = next((e for e in data or [] if isinstance(e, dict) and f"contacts:{e.get('id')}" == unit.group), None)
            value = next((texts.get(default_code()) for key, _, texts in _entry_fields(0, entry or {})
                          if key == unit.key), None)
        if isinstance(value, str) and text_hash(value) == recorded:
            return value
    return None


def committed_versions(file: Path, limit: int | None = None) -> Iterator[str]:
    """Each committed version of a file, newest first: where the English a translation was made from is
    found again (pages by their translated_from hash, strings and directory fields by theirs)."""
    name = str(file.relative_to(ROOT))
    revisions = subprocess.run(["git", "log", "--format=%H", *(["-n", str(limit)] if limit else []), "--", name],
                               cwd=ROOT, capture_output=True, text=True).stdout.split()
    for revision in revisions:
        yield subprocess.run(["git", "show", f"{revision}:{name}"], cwd=ROOT, capture_output=True, text=True).stdout
