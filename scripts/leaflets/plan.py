"""What to print and where the files go: the booklets of data/leaflets.yaml, read against the nav of
mkdocs.yml, and the site-relative path of every leaflet.

Which pages make a booklet is data (data/leaflets.yaml), not code: a section's pages in nav order, or one
page; the countries of the pages' front matter choose whose hotlines go on the back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml

from scripts.directory import contacts
from scripts.site import pages
from scripts.site.languages import MKDOCS_YML, ROOT, default_code, load_mkdocs_yml
from scripts.site.strings import strings

LEAFLETS_YML = ROOT / "data" / "leaflets.yaml"
FOLDER = "leaflets"
BOOKLET_FORMATS = ("a4", "a5-booklet")


class LeafletError(Exception):
    """A problem that stops the build; the message says what and where."""


# --- What to make -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Booklet:
    name: str
    pages: tuple[str, ...]        # content paths in reading order, e.g. ("health/hiv.md",)
    countries: tuple[str, ...]    # from the pages' front matter: whose hotlines go on the back


@dataclass(frozen=True)
class Plan:
    booklets: tuple[Booklet, ...]
    back_page_types: tuple[str, ...]
    contact_sheets: tuple[str, ...]


def _nav_paths(items: Iterable) -> list[str]:
    """Every page path of a nav list (nested sections included), in order."""
    found: list[str] = []
    for item in items or []:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, list):
                found.extend(_nav_paths(value))
    return found


def section_pages(nav: list, index: str) -> list[str]:
    """The pages of the nav section whose index page is `index`, in nav order ([] if none)."""
    def walk(items: list) -> list[str]:
        direct = [v for item in items for v in (item.values() if isinstance(item, dict) else [item])
                  if isinstance(v, str)]
        if index in direct:
            return _nav_paths(items)
        for item in items:
            for value in (item.values() if isinstance(item, dict) else []):
                if isinstance(value, list) and (found := walk(value)):
                    return found
        return []
    return walk(nav or [])


def load_plan(path: Path = LEAFLETS_YML, mkdocs_yml: Path = MKDOCS_YML,
              content: Path = pages.CONTENT) -> Plan:
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise LeafletError(f"{name}: cannot read it ({error})") from error
    nav = load_mkdocs_yml(mkdocs_yml).get("nav") or []
    in_nav = set(_nav_paths(nav))
    booklets, seen = [], set()
    for number, item in enumerate(data.get("booklets") or [], start=1):
        where = f"{name}: booklet #{number}"
        if not isinstance(item, dict) or not re.fullmatch(r"[a-z0-9-]+", str(item.get("name", ""))):
            raise LeafletError(f"{where}: needs a `name` of lowercase letters, digits and hyphens")
        if item["name"] in seen:
            raise LeafletError(f"{where}: the name '{item['name']}' is used twice")
        seen.add(item["name"])
        if ("page" in item) == ("section" in item):
            raise LeafletError(f"{where} ({item['name']}): give either `page: PATH` or `section: INDEX_PATH`")
        chosen = section_pages(nav, item["section"]) if "section" in item else [item["page"]]
        if not chosen:
            raise LeafletError(f"{where} ({item['name']}): '{item['section']}' is not a section index in the "
                               f"nav of mkdocs.yml")
        countries: list[str] = []
        for page_path in chosen:
            if page_path not in in_nav or not (content / page_path).exists():
                raise LeafletError(f"{where} ({item['name']}): '{page_path}' is not a page in content/ and "
                                   f"the nav of mkdocs.yml")
            page = pages.Page(default_code(), page_path, content / page_path)
            pages.read(page)
            countries += [c for c in page.meta.get("countries") or [] if c not in countries]
        booklets.append(Booklet(item["name"], tuple(chosen), tuple(countries)))
    if not booklets:
        raise LeafletError(f"{name}: lists no booklets")
    types = tuple(data.get("back_page_types") or ())
    unknown = [t for t in types if t not in strings(default_code())["types"]]
    sheets = tuple(data.get("contact_sheets") or ())
    unknown += [c for c in sheets if c not in contacts.countries()]
    if unknown or not types:
        raise LeafletError(f"{name}: unknown or missing back_page_types / contact_sheets: {unknown or 'none given'}")
    return Plan(tuple(booklets), types, sheets)


# --- Where things are ---------------------------------------------------------------------------

def url_path(content_path: str) -> str:
    """'health/hiv.md' → 'health/hiv/', 'safe-migration/index.md' → 'safe-migration/'."""
    stem = content_path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-len("index")]
    return stem + "/"


def booklet_file(booklet: str, fmt: str) -> str:
    return f"{booklet}-{fmt}.pdf"


def sheet_file(country: str) -> str:
    return f"contacts-{contacts.countries()[country]['page']}-a4.pdf"


def leaflet_path(language: str, filename: str) -> str:
    """Site-relative path of a leaflet, e.g. 'leaflets/ky/hiv-a4.pdf'."""
    return f"{FOLDER}/{language}/{filename}"


def zip_path(language: str) -> str:
    return f"{FOLDER}/leaflets-{language}.zip"


def files_of(plan: Plan, language: str) -> list[str]:
    """Every leaflet file of one language, site-relative, in the order they are listed."""
    names = [booklet_file(b.name, fmt) for b in plan.booklets for fmt in BOOKLET_FORMATS]
    names += [sheet_file(country) for country in plan.contact_sheets]
    return [leaflet_path(language, name) for name in names]


def booklets_of_page(plan: Plan, content_path: str) -> list[Booklet]:
    return [b for b in plan.booklets if content_path in b.pages]


def sheet_of_page(plan: Plan, content_path: str) -> str | None:
    """The country whose contact sheet belongs on a directory page (contacts/russia.md → RU)."""
    for country in plan.contact_sheets:
        if content_path == f"contacts/{contacts.countries()[country]['page']}.md":
            return country
    return None
