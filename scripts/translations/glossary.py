"""The glossary (data/glossary.yaml): one word for one thing in each language, checked and searched.

Why: translators of different pages chose different words for the same thing (АИВ and ВИЧ in Kyrgyz,
иҷозати кор and иҷозатнома in Tajik, risola and kitobcha in Uzbek), and a reader who meets two words
wonders whether they are two things. The glossary names the preferred word once; the editors' check
reports a drifting variant where it is (pages, interface strings, directory texts) with that word, and
search treats every form of a term, and the Russian word on the reader's papers, as the same word.

    python -m scripts.translations.glossary --uncertain     # the choices a native editor should confirm
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

import jsonschema

from scripts.check import yaml_lines
from scripts.check.problems import Problem
from scripts.site.languages import ROOT, translated_codes

GLOSSARY_YML = ROOT / "data" / "glossary.yaml"
SCHEMA = ROOT / "data" / "glossary.schema.json"
NAME_FOLLOWS = re.compile(r"\s*[«\"“„]")   # «Общественная организация «Жария»»: an organisation's own name
LETTER = re.compile(r"[^\W\d_]")
CAPITALS = "A-ZА-ЯЁЎҚҒҲӨҮҢҶӢӮ"        # after an abbreviation: its lower-case endings are fine (ЭМУнун), capitals are not


@dataclass(frozen=True)
class Variant:
    text: str
    term: str            # the term's id
    kind: str            # "avoid", "wrong" or "russian"
    preferred: str       # the word to write instead
    pattern: re.Pattern


@dataclass
class Language:
    """One language's part of the glossary."""
    variants: list[Variant] = field(default_factory=list)
    accepted: dict[str, re.Pattern] = field(default_factory=dict)    # term id → any `use` form
    groups: list[list[str]] = field(default_factory=list)            # every form of one term, for search


def is_abbreviation(text: str) -> bool:
    letters = LETTER.findall(text)
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def pattern(text: str) -> str:
    """A form at the start of a word, with any endings; an abbreviation as written, before no other capital."""
    body = r"\s+".join(re.escape(word) for word in text.split())
    if is_abbreviation(text):
        return r"(?<!\w)" + body + r"(?![0-9" + CAPITALS + "])"
    return r"(?<!\w)(?i:" + body + ")"


@lru_cache(maxsize=1)
def load_data() -> dict:
    data, _ = yaml_lines.load(GLOSSARY_YML.read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    return data


@lru_cache(maxsize=None)
def language(code: str) -> Language:
    found = Language()
    for term in load_data()["terms"]:
        entry = term.get(code)
        if not isinstance(entry, dict):       # `en` is the English term itself
            continue
        use = entry["use"]
        found.accepted[term["id"]] = re.compile("|".join(pattern(form) for form in use))
        for kind in ("avoid", "wrong", "russian"):
            for text in entry.get(kind, []):
                found.variants.append(Variant(text, term["id"], kind, use[0], re.compile(pattern(text))))
        forms = [*use, *entry.get("russian", []), *entry.get("avoid", []), *entry.get("wrong", []),
                 *entry.get("search", [])]
        found.groups.append(list(dict.fromkeys(forms)))
    return found


def _preferred_words(code: str, text: str) -> list[str]:
    """Every preferred word for a variant: one shared by two terms (СБМ, XMT) names both."""
    return list(dict.fromkeys(v.preferred for v in language(code).variants if v.text == text))


def quoted(before: str) -> bool:
    """Whether a word follows an unclosed «, ( or " on its line: a Russian phrase to say, a document's name."""
    return (before.count("«") > before.count("»") or before.count("(") > before.count(")")
            or before.count('"') % 2 == 1 or before.count("“") > before.count("”"))


def findings(text: str, code: str) -> Iterator[tuple[int, Variant]]:
    """(offset, variant) for every drifting word in text. A Russian term next to its preferred word on
    the same line is a gloss ("АИВ (ВИЧ)"), and one in quotes, brackets or a quoted block ("> Я хочу связаться
    с консульством") is Russian quoted as such (a phrase to say, a document's name): both fine, as is a variant that begins an organisation's name."""
    lang = language(code)
    seen: set[int] = set()
    for variant in lang.variants:
        for match in variant.pattern.finditer(text):
            if match.start() in seen or NAME_FOLLOWS.match(text, match.end()):
                continue
            if any(accepted.match(text, match.start()) for accepted in lang.accepted.values()):
                continue        # the variant is the start of an accepted form (иҷозати кор in иҷозати корӣ)
            if variant.kind == "russian":
                line_start = text.rfind("\n", 0, match.start()) + 1
                line_end = text.find("\n", match.end())
                line = text[line_start:line_end if line_end >= 0 else len(text)]
                before = text[line_start:match.start()]
                if lang.accepted[variant.term].search(line) or quoted(before) or line.lstrip().startswith(">"):
                    continue
            seen.add(match.start())
            yield match.start(), variant


def problem(file: str, line: int, variant: Variant, code: str, where: str = "") -> Problem:
    words = " or ".join(f"'{word}'" for word in _preferred_words(code, variant.text))
    where = f"{where}: " if where else ""
    if variant.kind == "wrong":
        return Problem(file, line, f"{where}'{variant.text}' changes the meaning here ({variant.term})",
                       f"write {words} (data/glossary.yaml)")
    if variant.kind == "russian":
        return Problem(file, line, f"{where}the Russian term '{variant.text}' without the {code} word",
                       f"write {words}; you may add the Russian term after it in brackets (data/glossary.yaml)",
                       warning=True)
    return Problem(file, line, f"{where}'{variant.text}' is not the glossary's word for {variant.term}",
                   f"write {words} (data/glossary.yaml)", warning=True)


def check_text(text: str, code: str, file: str, first_line: int = 1, where: str = "") -> list[Problem]:
    """Problems in text of one language; line numbers count from first_line."""
    if code not in translated_codes():
        return []
    return [problem(file, first_line + text.count("\n", 0, offset), variant, code, where)
            for offset, variant in findings(text, code)]


def search_groups(code: str) -> list[list[str]]:
    """Every form of each term in one language (preferred, accepted, Russian, variants, search words)."""
    try:
        return language(code).groups
    except (OSError, KeyError):
        return []


def uncertain() -> list[str]:
    """The lines of the glossary marked UNCERTAIN, with the term they belong to."""
    out, term = [], ""
    for number, line in enumerate(GLOSSARY_YML.read_text(encoding="utf-8").splitlines(), start=1):
        if match := re.match(r"\s*- id: (\S+)", line):
            term = match.group(1)
        if "UNCERTAIN" in line and term:
            out.append(f"data/glossary.yaml:{number}: {term}: UNCERTAIN{line.split('UNCERTAIN', 1)[1]}")
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--uncertain"]:
        print("\n".join(uncertain()))
        return 0
    print(__doc__)
    return 1


if __name__ == "__main__":
    sys.exit(main())
