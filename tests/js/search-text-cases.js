/*
 * Runs the shared cases (tests/fixtures/search-normalisation-cases.json) through the search box's
 * search-text.js and prints what it returns, as JSON, for tests/test_search_text.py to compare with the
 * expected values and with scripts/search/search_text.py. Usage: node tests/js/search-text-cases.js [rules.json]
 */
"use strict"
const path = require("path")
const root = path.resolve(__dirname, "..", "..")
const { Analyzer } = require(path.join(root, "overrides/assets/search/search-text.js"))
// The rules as the index carries them (with the glossary's synonyms): a file written by the test, or the raw ones
const rules = require(process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, "data/search-rules.json"))
const cases = require(path.join(root, "tests/fixtures/search-normalisation-cases.json"))

const analyzers = {}
const get = lang => analyzers[lang] || (analyzers[lang] = new Analyzer(lang, rules))
const out = {
  normalize: cases.normalize.map(c => get(c.lang).normalize(c.in)),
  fold: cases.fold.map(c => get(c.lang).fold(c.in)),
  key: cases.key.map(c => get(c.lang).key(c.in)),
  same_key: cases.same_key.map(c => c.words.map(w => get(c.lang).key(w))),
  different_key: cases.different_key.map(c => c.words.map(w => get(c.lang).key(w))),
  tokens: cases.tokens.map(c => get(c.lang).tokens(c.in).map(t => t.surface)),
}
process.stdout.write(JSON.stringify(out))
