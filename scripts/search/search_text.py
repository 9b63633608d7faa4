"""How search reads words: the build-time half of one definition shared with the search box.

The rules live in data/search-rules.json; overrides/assets/search/search-text.js applies the same rules
in the reader's browser, and tests/test_search_text.py runs the same cases
(tests/fixtures/search-normalisation-cases.json) through both. A word found in a page and a word typed
by a reader therefore become the same key exactly when the two should match: "мигрантов" and
"мигранты", "oʻzbek" and "o`zbek", "ҳуқуқ" and "хукук" (typed on a Russian keyboard), "ҳужжат" and
"hujjat" (Uzbek typed in Cyrillic). Any change here must be made in search-text.js too.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

DIGIT = re.compile("[0-9]")
RULES_PATH = Path(__file__).resolve().parents[2] / "data" / "search-rules.json"


@lru_cache(maxsize=1)
def load_rules() -> dict:
    """The shared rules, with each language's `synonyms` from the glossary (data/glossary.yaml): a word's
    key → the key of the term's preferred word, so ВИЧ and АИВ are one key in the Kyrgyz index and query."""
    rules = json.loads(RULES_PATH.read_text(encoding="utf-8"))
    from scripts.translations import glossary          # here, not at the top: glossary reads YAML, the rules stay JSON
    for language, language_rules in rules["languages"].items():
        language_rules["synonyms"] = synonyms(Analyzer(language, rules), glossary.search_groups(language))
    return rules


def synonyms(analyzer: "Analyzer", groups: list[list[str]]) -> dict[str, str]:
    """One-word forms of a term → the key of its first one-word form. A word that two terms share (СБМ:
    IOM and ILO) is left alone; phrases (кургак учук) are joined by the index instead (search_index.py)."""
    found: dict[str, set[str]] = {}
    for forms in groups:
        single = [keys[0] for form in forms if len(keys := analyzer.keys(form)) == 1]
        if len(set(single)) < 2:
            continue
        for key in single:
            found.setdefault(key, set()).add(single[0])
    return {key: next(iter(targets)) for key, targets in sorted(found.items())
            if len(targets) == 1 and next(iter(targets)) != key}


def rules_for(language: str, rules: dict | None = None) -> dict:
    """Only what one language needs: this goes into that language's index for the search box."""
    rules = rules or load_rules()
    language_rules = rules["languages"][language]
    subset = {key: rules[key] for key in ("word", "apostrophes", "apostrophe", "map", "vowels")}
    language_rules = {**language_rules, "synonyms": language_rules.get("synonyms", {})}
    subset["fold_tables"] = {name: rules["fold_tables"][name] for name in language_rules.get("fold", [])}
    subset["languages"] = {language: language_rules}
    if language_rules.get("stem") == "russian":
        subset["russian"] = {key: value for key, value in rules["russian"].items() if not key.startswith("_")}
    return subset


class Table:
    """String replacements applied left to right, longest match first (so 'sh' wins over 'h')."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping
        self.longest = max((len(key) for key in mapping), default=0)

    def apply(self, text: str) -> str:
        if not self.mapping:
            return text
        out, i = [], 0
        while i < len(text):
            for size in range(min(self.longest, len(text) - i), 0, -1):
                piece = text[i:i + size]
                if piece in self.mapping:
                    out.append(self.mapping[piece])
                    i += size
                    break
            else:
                out.append(text[i])
                i += 1
        return "".join(out)


@dataclass(frozen=True)
class Token:
    start: int       # offsets into the NFC form of the text
    end: int
    surface: str     # the word as written


def _longest_suffix(word: str, suffixes: list[str], limit: int) -> str:
    """The longest of suffixes that ends word and starts at or after position limit ('' if none)."""
    best = ""
    for suffix in suffixes:
        if len(suffix) > len(best) and word.endswith(suffix) and len(word) - len(suffix) >= limit:
            best = suffix
    return best


class Analyzer:
    """Tokens, normal form, folded form, stem and search key of words in one language."""

    def __init__(self, language: str, rules: dict | None = None) -> None:
        rules = rules or load_rules()
        self.language = language
        self.lang = rules["languages"][language]
        self.word = re.compile("[" + rules["word"] + "]+")
        self.apostrophes = set(rules["apostrophes"])
        self.apostrophe = rules["apostrophe"]
        self.translit = Table(self.lang.get("translit", {}))
        self.char_map = rules["map"]
        fold: dict[str, str] = {}
        for name in self.lang.get("fold", []):
            fold.update(rules["fold_tables"][name])
        self.fold_table = Table(fold)
        self.vowels = set(rules["vowels"])
        self.stopwords = {self.fold(self.normalize(word)) for word in self.lang.get("stopwords", [])}
        self.synonyms: dict[str, str] = self.lang.get("synonyms", {})
        self.stemmer = self.lang.get("stem", "none")
        if self.stemmer == "suffixes":
            self.min_stem = self.lang["min_stem"]
            self.max_strips = self.lang["max_strips"]
            self.suffixes = {self.fold(self.normalize(s)) for s in self.lang["suffixes"]} - {""}
            self.suffix_sizes = sorted({len(s) for s in self.suffixes}, reverse=True)
        elif self.stemmer == "russian":
            self.ru = {key: value for key, value in rules["russian"].items() if not key.startswith("_")}
            self.ru_vowels = set(self.ru["vowels"])

    # 1. tokens -------------------------------------------------------------------------------------
    def tokens(self, text: str) -> Iterator[Token]:
        """Words of text (in NFC), with leading apostrophes (opening quotes) left out."""
        text = unicodedata.normalize("NFC", text)
        for match in self.word.finditer(text):
            start, end = match.span()
            while start < end and text[start] in self.apostrophes:
                start += 1
            if start < end:
                yield Token(start, end, text[start:end])

    # 2. normal form ---------------------------------------------------------------------------------
    def normalize(self, text: str) -> str:
        text = self.translit.apply(unicodedata.normalize("NFC", text).lower())
        return "".join(self.apostrophe if ch in self.apostrophes else self.char_map.get(ch, ch) for ch in text)

    # 3. folded form ----------------------------------------------------------------------------------
    def fold(self, word: str) -> str:
        return self.fold_table.apply(word)

    # 5. stem ----------------------------------------------------------------------------------------
    def stem(self, word: str) -> str:
        if DIGIT.search(word):
            return word
        if self.stemmer == "russian":
            return self._russian(word)
        if self.stemmer == "suffixes":
            return self._strip_suffixes(word)
        return word

    @lru_cache(maxsize=65536)
    def key(self, surface: str) -> str | None:
        """The search key of one word, or None for a stop word or a lone letter."""
        folded = self.fold(self.normalize(surface))
        if not folded or folded in self.stopwords or (len(folded) == 1 and not DIGIT.search(folded)):
            return None
        stem = self.stem(folded)
        return self.synonyms.get(stem, stem)

    def keys(self, text: str) -> list[str]:
        return [key for token in self.tokens(text) if (key := self.key(token.surface))]

    # stemmers ----------------------------------------------------------------------------------------
    def _strip_suffixes(self, word: str) -> str:
        """Remove the longest listed suffix that leaves min_stem characters with a vowel; repeat."""
        for _ in range(self.max_strips):
            for size in self.suffix_sizes:
                rest = len(word) - size
                if rest >= self.min_stem and word[rest:] in self.suffixes \
                        and any(ch in self.vowels for ch in word[:rest]):
                    word = word[:rest]
                    break
            else:
                break
        return word

    def _russian(self, word: str) -> str:
        """Snowball's Russian stemmer; all removals happen inside RV (after the first vowel)."""
        ru, vowels = self.ru, self.ru_vowels
        n = len(word)
        pv = p2 = n
        i = 0
        while i < n and word[i] not in vowels:
            i += 1
        if i < n:
            pv = i + 1
            positions = [pv]
            for wanted_vowel in (False, True, False):
                j = positions[-1]
                while j < n and (word[j] in vowels) != wanted_vowel:
                    j += 1
                if j >= n:
                    break
                positions.append(j + 1)
            else:
                p2 = positions[-1]

        def grouped(w: str, first: list[str], second: list[str]) -> str | None:
            """Remove the longest ending of first+second; an ending of `first` must follow а or я."""
            suffix = _longest_suffix(w, first + second, pv)
            if not suffix:
                return None
            start = len(w) - len(suffix)
            if suffix in second:
                return w[:start]
            if start - 1 >= pv and w[start - 1] in "ая":
                return w[:start]
            return None

        def plain(w: str, suffixes: list[str]) -> str | None:
            suffix = _longest_suffix(w, suffixes, pv)
            return w[:len(w) - len(suffix)] if suffix else None

        def adjectival(w: str) -> str | None:
            w = plain(w, ru["adjective"])
            if w is None:
                return None
            participle = grouped(w, ru["participle_1"], ru["participle_2"])
            return participle if participle is not None else w

        # Step 1
        result = grouped(word, ru["perfective_gerund_1"], ru["perfective_gerund_2"])
        if result is None:
            result = plain(word, ru["reflexive"]) or word
            for step in (adjectival, lambda w: grouped(w, ru["verb_1"], ru["verb_2"]),
                         lambda w: plain(w, ru["noun"])):
                removed = step(result)
                if removed is not None:
                    result = removed
                    break
        word = result
        # Step 2
        if word.endswith("и") and len(word) - 1 >= pv:
            word = word[:-1]
        # Step 3
        suffix = _longest_suffix(word, ru["derivational"], pv)
        if suffix and len(word) - len(suffix) >= p2:
            word = word[:-len(suffix)]
        # Step 4
        suffix = _longest_suffix(word, ru["superlative"] + ["н", "ь"], pv)
        if suffix == "ь":
            word = word[:-1]
        elif suffix == "н":
            if len(word) - 2 >= pv and word[-2] == "н":
                word = word[:-1]
        elif suffix:
            word = word[:-len(suffix)]
            if word.endswith("нн") and len(word) - 2 >= pv:
                word = word[:-1]
        return word


@lru_cache(maxsize=None)
def analyzer(language: str) -> Analyzer:
    return Analyzer(language)
