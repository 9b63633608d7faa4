"""The directory: load data/contacts.yaml, validate it, and pick entries for a page.

A wrong number sends a migrant in trouble nowhere, so the build refuses any entry that
does not validate, and every problem names the file, the line, the entry id and the fix.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import jsonschema
import phonenumbers
import yaml
from babel import Locale
from phonenumbers import shortnumberinfo

from scripts.check import editor_files, yaml_lines
from scripts.check.problems import Problem, relative
from scripts.site.languages import ROOT

CONTACTS_YML = ROOT / "data" / "contacts.yaml"
SCHEMA_JSON = ROOT / "data" / "contacts.schema.json"
COUNTRIES_YML = ROOT / "data" / "countries.yaml"

Entry = dict[str, Any]


@dataclass
class Directory:
    entries: list[Entry]          # valid entries: the only ones published
    problems: list[Problem]
    warnings: list[Problem]
    written: list[Entry] = field(default_factory=list)  # every entry as written, valid or not


    def by_id(self) -> dict[str, Entry]:
        return {entry["id"]: entry for entry in self.entries}


@lru_cache(maxsize=None)
def schema() -> dict:
    return json.loads(SCHEMA_JSON.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def countries() -> dict[str, dict]:
    return yaml.safe_load(COUNTRIES_YML.read_text(encoding="utf-8"))


_loaded: dict[tuple, Directory] = {}


def load(path: Path = CONTACTS_YML, today: dt.date | None = None) -> Directory:
    """Read and validate the directory; problems are returned, never raised.

    Validation takes seconds and several build steps need the directory, so the result is kept
    while the file is unchanged (same path, size and modification time, same day).
    """
    today = today or dt.date.today()
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, today)
    except OSError:
        key = None
    if key in _loaded:
        return _loaded[key]
    directory = _load(path, today)
    if key is not None:
        _loaded.clear()
        _loaded[key] = directory
    return directory


def _load(path: Path, today: dt.date) -> Directory:
    name = relative(path)
    data, lines, unreadable = editor_files.load_yaml(path, "restore data/contacts.yaml from the repository")
    if unreadable:   # encoding, syntax, aliases, duplicate keys, empty: one problem, nothing else checked
        return Directory([], unreadable, [])
    checker = _Checker(name, lines, today)
    checker.check(data)
    written = [entry for entry in data if isinstance(entry, dict)] if isinstance(data, list) else []
    good = [_published(entry) for index, entry in enumerate(data) if index not in checker.bad_entries] \
        if isinstance(data, list) else []
    return Directory(good, checker.problems, checker.warnings, written)


def live_phones(entry: Entry) -> list[dict]:
    """Numbers not marked dead: the only ones ever shown or saved (also on entries as written)."""
    phones = entry.get("phones")
    return [phone for phone in phones if isinstance(phone, dict) and not phone.get("dead")] \
        if isinstance(phones, list) else []


def _published(entry: Entry) -> Entry:
    """The entry as readers get it: numbers marked dead stay in the file as history, never on a page."""
    live = live_phones(entry)
    return entry if len(live) == len(entry.get("phones") or []) else {**entry, "phones": live}


class _Checker:
    def __init__(self, name: str, lines: dict, today: dt.date):
        self.name, self.lines, self.today = name, lines, today
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.bad_entries: set[int] = set()
        self.entries: list = []

    def report(self, path: tuple, message: str, fix: str, warning: bool = False) -> None:
        line = yaml_lines.line_for(self.lines, path)
        if path and isinstance(path[0], int):
            message = f"entry '{self._id(path[0])}': {message}"
            if not warning:
                self.bad_entries.add(path[0])
        problem = Problem(self.name, line, message, fix, warning)
        (self.warnings if warning else self.problems).append(problem)

    def _id(self, index: int) -> str:
        entry = self.entries[index] if index < len(self.entries) else None
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            return entry["id"]
        return f"#{index + 1}"

    def check(self, data: Any) -> None:
        self.entries = data if isinstance(data, list) else []
        validator = jsonschema.Draft202012Validator(schema())
        for error in validator.iter_errors(data):
            self.report(yaml_lines.error_path(error), *_explain(error))
        if not isinstance(data, list):
            return
        seen: dict[str, int] = {}
        invalid = set(self.bad_entries)
        for index, entry in enumerate(data):
            entry_id = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(entry_id, str):
                if entry_id in seen:
                    self.report((index, "id"), f"the id is already used by entry #{seen[entry_id] + 1}",
                                "give each entry its own id; ids never change once published")
                seen.setdefault(entry_id, index)
            if index in invalid:
                continue  # the checks below rely on the shapes the schema guarantees
            self._check_phones(index, entry)
            self._check_coordinates(index, entry)
            self._check_dates(index, entry)
            self._check_languages(index, entry)

    def _check_phones(self, index: int, entry: Entry) -> None:
        country = entry.get("country")
        numbers = [(("phones", i, "number"), p.get("number")) for i, p in enumerate(entry.get("phones") or [])
                   if isinstance(p, dict)]
        whatsapp = (entry.get("messengers") or {}).get("whatsapp") if isinstance(entry.get("messengers"), dict) else None
        if whatsapp:
            numbers.append((("messengers", "whatsapp"), whatsapp))
        for path, number in numbers:
            if not isinstance(number, str) or country not in countries():
                continue
            if not is_valid_phone(number, country):
                self.report((index,) + path, f"'{number}' is not a valid phone number for {country}",
                            "write it in international format with the country code, like +996 312 …, "
                            "without spaces (or a short number such as 112 that works in that country); "
                            "copy it from the source again")

    def _check_coordinates(self, index: int, entry: Entry) -> None:
        place = entry.get("coordinates")
        bbox = countries().get(entry.get("country"), {}).get("bbox")
        if not isinstance(place, dict) or not bbox:
            return
        lat, lon = place.get("lat"), place.get("lon")
        if not all(isinstance(v, (int, float)) for v in (lat, lon)):
            return
        south, west, north, east = bbox
        if not (south <= lat <= north and west <= lon <= east):
            hint = " (latitude and longitude look swapped)" if south <= lon <= north and west <= lat <= east else ""
            self.report((index, "coordinates"), f"coordinates {lat}, {lon} are outside {entry['country']}{hint}",
                        "lat is north–south (about 36–56 in Central Asia), lon is east–west (about 37–87); "
                        "copy them from a map again")

    def _check_dates(self, index: int, entry: Entry) -> None:
        dated = [(("last_reviewed",), entry.get("last_reviewed")),
                 (("source", "date"), (entry.get("source") or {}).get("date")),
                 (("verified", "date"), (entry.get("verified") or {}).get("date"))]
        dated += [(("phones", i, "dead", "date"), (phone.get("dead") or {}).get("date"))
                  for i, phone in enumerate(entry.get("phones") or [])]
        for path, value in dated:
            if value is None:
                continue
            text = str(value)
            try:
                day = dt.date.fromisoformat(text) if len(text) == 10 else dt.date(int(text), 1, 1)
            except ValueError:
                self.report((index,) + path, f"'{text}' is not a real date", "write the date as YYYY-MM-DD, e.g. 2026-03-31")
                continue
            if day > self.today:
                self.report((index,) + path, f"the date {text} is in the future",
                            "write the date the entry was really checked (today or earlier)")


    def _check_languages(self, index: int, entry: Entry) -> None:
        known = Locale("en").languages
        for i, code in enumerate(entry.get("languages") or []):
            if isinstance(code, str) and code not in known:
                self.report((index, "languages", i), f"'{code}' is not a known language code",
                            "use two-letter ISO 639-1 codes: ru, ky, tg, uz, kk, en")


def _explain(error: jsonschema.ValidationError) -> tuple[str, str]:
    """Turn a JSON Schema error into words an editor can act on."""
    field = error.absolute_path[-1] if error.absolute_path else None
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        return (f"unknown field {', '.join(repr(e) for e in extra)}",
                f"check the spelling; allowed fields here: {', '.join(allowed)}")
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return f"missing required field '{missing}'", f"add '{missing}:' (see data/contacts.schema.json)"
    if "propertyNames" in error.schema_path:
        return (f"unknown language '{error.instance}' in {field!r}",
                f"write the text under one of the site's languages: {', '.join(error.validator_value)}")
    if error.validator == "enum":
        return (f"'{error.instance}' is not allowed for {field!r}",
                f"use one of: {', '.join(map(str, error.validator_value))}")
    if error.validator == "pattern":
        hints = {
            "id": "use lowercase letters, digits and hyphens, starting with the country code, e.g. kg-hotline-189",
            "number": "write it like +996312123456 (no spaces) or as a short number like 189",
            "last_reviewed": "write the date as YYYY-MM-DD",
            "date": "write the year (2011) or the date as YYYY-MM-DD",
        }
        return f"{field!r} has the wrong form: '{error.instance}'", hints.get(field, f"it must match {error.validator_value}")
    if error.validator == "type":
        return (f"{field or 'the file'!r} should be {error.validator_value}, not {type(error.instance).__name__}",
                "compare with another entry in data/contacts.yaml")
    if error.validator in ("minimum", "maximum"):
        return f"{field!r} is out of range: {error.instance}", "latitude is −90…90, longitude −180…180"
    return error.message, "compare with data/contacts.schema.json"


def is_valid_phone(number: str, country: str) -> bool:
    if number.startswith("+"):
        try:
            parsed = phonenumbers.parse(number, None)
        except phonenumbers.NumberParseException:
            return False
        return phonenumbers.is_valid_number(parsed) and \
            phonenumbers.region_code_for_number(parsed) == country
    try:
        short = phonenumbers.parse(number, country)
    except phonenumbers.NumberParseException:
        return False
    # libphonenumber does not know every national short line (Kyrgyzstan's 189, say), so a
    # short number only has to have a length that country's short numbers can have, or be listed
    # for that country in data/countries.yaml.
    return (shortnumberinfo.is_possible_short_number_for_region(short, country)
            or number in countries().get(country, {}).get("short_numbers", []))


def display_phone(number: str) -> str:
    """International numbers grouped for reading aloud; short numbers as they are."""
    if not number.startswith("+"):
        return number
    return phonenumbers.format_number(phonenumbers.parse(number, None),
                                      phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def select(entries: Iterable[Entry], filters: dict[str, list[str]]) -> list[Entry]:
    """Entries matching every filter (values within a filter are alternatives); also works on unvalidated ones."""
    def matches(entry: Entry) -> bool:
        for key, wanted in filters.items():
            if key == "id":
                if entry.get("id") not in wanted:
                    return False
            elif key == "serves":
                served = entry.get("serves") if isinstance(entry.get("serves"), list) else []
                if not ({"all", *wanted} & set(served)):
                    return False
            elif entry.get(key) not in wanted:
                return False
        return True
    chosen = [entry for entry in entries if matches(entry)]
    if "id" in filters:
        order = {entry_id: i for i, entry_id in enumerate(filters["id"])}
        chosen.sort(key=lambda entry: order[entry.get("id")])
    return chosen
