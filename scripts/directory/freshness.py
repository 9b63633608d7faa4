"""How fresh a directory entry is, in words a reader can weigh, derived at build time.

Three things are kept apart and never stand in for each other: what a source says and its date
(`source`), the day an editor compared the entry with that source (`last_reviewed`), and a
confirmation that the contact works (`verified`: a call, the official site…). Only the last is
called a confirmation. The thresholds live in mkdocs.yml (`extra.directory`).

Levels, from the reader's point of view:
- confirmed: someone confirmed it recently;
- current:   a law in force, or a recent source, not confirmed;
- old:       the newest evidence is old, so it may no longer work: never a call button outside its
             country's page, and with no way to reach it at all, the entry is history, not help.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from scripts.directory.contacts import Entry, live_phones
from scripts.site.languages import load_mkdocs_yml
from scripts.site.strings import localized_date, strings

CONFIRMED, CURRENT, OLD = "confirmed", "current", "old"


@dataclass(frozen=True)
class Freshness:
    level: str
    year: int | None            # year of the newest evidence: a confirmation or the source
    template: tuple[str, ...]   # where its words are in the strings' `status` section
    method: str | None = None   # how it was confirmed, if it was
    confirmed_on: dt.date | None = None

    @property
    def old(self) -> bool:
        return self.level == OLD

    def words(self, language: str) -> str:
        """e.g. "Confirmed by phone, March 2026" or "From a 2006 report, may no longer work"."""
        status = strings(language)["status"]
        template = status
        for key in self.template:
            template = template[key]
        return template.format(year=self.year or "", how=status["how"][self.method] if self.method else "",
                               when=localized_date(self.confirmed_on.isoformat()[:7], language)
                               if self.confirmed_on else "")


@lru_cache(maxsize=None)
def thresholds() -> tuple[int, int]:
    """(months a confirmation stays current, years a source stays current), from mkdocs.yml."""
    config = (load_mkdocs_yml().get("extra") or {}).get("directory") or {}
    return int(config.get("confirmed_months", 12)), int(config.get("recent_years", 5))


def _day(value: str | int) -> dt.date:
    text = str(value)
    return dt.date.fromisoformat(text) if len(text) == 10 else dt.date(int(text[:4]), 1, 1)


def of(entry: Entry, today: dt.date | None = None) -> Freshness:
    """The entry's freshness on the build day."""
    today = today or dt.date.today()
    months, years = thresholds()
    source = entry.get("source") or {}
    kind = source.get("kind", "report")
    year = _day(source["date"]).year if source.get("date") else None
    verified = entry.get("verified")
    if verified:
        day = _day(verified["date"])
        if (today.year - day.year) * 12 + today.month - day.month <= months:
            return Freshness(CONFIRMED, day.year, ("confirmed",), verified["method"], day)
    if kind == "law":
        return Freshness(CURRENT, year, ("law",))
    if verified:
        if year is None or day.year >= year:
            level = CURRENT if today.year - day.year <= years else OLD
            return Freshness(level, day.year, ("confirmed_before",), verified["method"], day)
    if year is None:
        return Freshness(OLD, None, ("undated",))
    level = CURRENT if today.year - year <= years else OLD
    return Freshness(level, year, (level, kind))


def reachable(entry: Entry) -> bool:
    """Something a reader can use to reach it: a number, a web page, an e-mail or a messenger."""
    return bool(live_phones(entry) or entry.get("website") or entry.get("email") or entry.get("messengers"))


def historical(entry: Entry, today: dt.date | None = None) -> bool:
    """Known only from old evidence, with no way to reach it: the project's history, not a service."""
    return of(entry, today).old and not reachable(entry)


def for_help(entries: list[Entry], today: dt.date | None = None) -> list[Entry]:
    """Entries fit to be offered as help away from their country's page (home page, booklets, leaflets):
    reachable, and not resting on old evidence alone."""
    return [entry for entry in entries if reachable(entry) and not of(entry, today).old]


def listed(entries: list[Entry], today: dt.date | None = None) -> list[Entry]:
    """Entries on country pages and in search: everything but history."""
    return [entry for entry in entries if not historical(entry, today)]
