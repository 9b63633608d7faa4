"""One definition of how search reads words, two implementations: the same cases run through both.

scripts/search/search_text.py reduces the words of every page when the index is built; search-text.js reduces
what the reader types. If they disagree on a single case, some query stops finding its page.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
import snowballstemmer

from scripts.search.search_text import Analyzer, load_rules, rules_for

ROOT = Path(__file__).resolve().parent.parent
CASES = json.loads((ROOT / "tests" / "fixtures" / "search-normalisation-cases.json").read_text(encoding="utf-8"))
KINDS = ["normalize", "fold", "key", "same_key", "different_key", "tokens"]


@lru_cache(maxsize=1)
def python_results() -> dict[str, list]:
    analyzers: dict[str, Analyzer] = {}

    def get(language: str) -> Analyzer:
        return analyzers.setdefault(language, Analyzer(language))
    return {
        "normalize": [get(c["lang"]).normalize(c["in"]) for c in CASES["normalize"]],
        "fold": [get(c["lang"]).fold(c["in"]) for c in CASES["fold"]],
        "key": [get(c["lang"]).key(c["in"]) for c in CASES["key"]],
        "same_key": [[get(c["lang"]).key(w) for w in c["words"]] for c in CASES["same_key"]],
        "different_key": [[get(c["lang"]).key(w) for w in c["words"]] for c in CASES["different_key"]],
        "tokens": [[t.surface for t in get(c["lang"]).tokens(c["in"])] for c in CASES["tokens"]],
    }


@pytest.fixture(scope="module")
def javascript_results(tmp_path_factory) -> dict[str, list]:
    node = shutil.which("node")
    assert node, "node is needed to test the search box's half (apt-get install nodejs)"
    rules = tmp_path_factory.mktemp("rules") / "rules.json"     # with the glossary's synonyms, as the index has them
    rules.write_text(json.dumps(load_rules(), ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([node, str(ROOT / "tests" / "js" / "search-text-cases.js"), str(rules)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def all_cases() -> list[tuple[str, int]]:
    return [(kind, i) for kind in KINDS for i in range(len(CASES[kind]))]


def check(kind: str, case: dict, got) -> None:
    where = f"{kind} {case.get('lang')} {case.get('in', case.get('words'))!r}"
    if kind in ("normalize", "fold", "key", "tokens"):
        assert got == case["out"], f"{where}: got {got!r}, want {case['out']!r}"
    elif kind == "same_key":
        assert None not in got and len(set(got)) == 1, f"{where}: keys differ: {got}"
    else:
        assert len(set(got)) == len(got), f"{where}: keys collide: {got}"


@pytest.mark.parametrize("kind,number", all_cases())
def test_python(kind: str, number: int) -> None:
    check(kind, CASES[kind][number], python_results()[kind][number])


@pytest.mark.parametrize("kind,number", all_cases())
def test_javascript(kind: str, number: int, javascript_results) -> None:
    check(kind, CASES[kind][number], javascript_results[kind][number])


def test_both_sides_agree_on_every_word_of_the_site(tmp_path) -> None:
    """Beyond the cases: every word of every page, in every language, gets the same key on both sides."""
    words: dict[str, list[str]] = {}
    for language in load_rules()["languages"]:
        folder = ROOT / "content" / ("" if language == "en" else language)
        files = folder.glob("*.md") if language == "en" else folder.rglob("*.md")
        text = " ".join(f.read_text(encoding="utf-8") for f in files)
        analyzer = Analyzer(language)
        words[language] = sorted({t.surface for t in analyzer.tokens(text)})
    (tmp_path / "words.json").write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "rules.json").write_text(json.dumps(load_rules(), ensure_ascii=False), encoding="utf-8")
    script = ("const {Analyzer}=require(process.argv[1]);const rules=require(process.argv[2]);"
              "const words=require(process.argv[3]);const out={};"
              "for (const l in words){const a=new Analyzer(l,rules);out[l]=words[l].map(w=>a.key(w))}"
              "process.stdout.write(JSON.stringify(out))")
    done = subprocess.run(["node", "-e", script, str(ROOT / "overrides/assets/search/search-text.js"),
                           str(tmp_path / "rules.json"), str(tmp_path / "words.json")],
                          capture_output=True, text=True, check=True)
    javascript = json.loads(done.stdout)
    for language, surfaces in words.items():
        analyzer = Analyzer(language)
        differ = [(w, analyzer.key(w), k) for w, k in zip(surfaces, javascript[language]) if analyzer.key(w) != k]
        assert len(surfaces) > 500, f"{language}: too few words to compare"
        assert not differ, f"{language}: Python and JavaScript disagree: {differ[:10]}"


def test_russian_stemmer_is_snowball() -> None:
    """The Russian rules are Snowball's algorithm: compare with the reference implementation."""
    reference = snowballstemmer.stemmer("russian")
    analyzer = Analyzer("ru")
    text = " ".join(f.read_text(encoding="utf-8") for f in (ROOT / "content" / "ru").rglob("*.md"))
    words = {analyzer.normalize(t.surface) for t in analyzer.tokens(text)}
    words = sorted(w for w in words if not re.search("[0-9a-z']", w))
    assert len(words) > 1000
    differ = [(w, analyzer.stem(w), reference.stemWord(w)) for w in words if analyzer.stem(w) != reference.stemWord(w)]
    assert not differ, differ[:10]


def test_index_carries_only_its_language_rules() -> None:
    subset = rules_for("ky")
    assert list(subset["languages"]) == ["ky"]
    assert "russian" not in subset and "uzbek_latin" not in subset["fold_tables"]
    assert Analyzer("ky", subset).key("Паспортуңузду") == Analyzer("ky").key("Паспортуңузду")
