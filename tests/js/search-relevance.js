/*
 * The relevance suite without a browser, for scripts/benchmark/search.py: how many queries of
 * tests/fixtures/search-queries.yaml find their page first, and among the first three, with a given
 * index folder and matching options. Usage: node tests/js/search-relevance.js INDEX_FOLDER QUERIES.json OPTIONS.json
 * (the browser suite, tests/browser/test_search.py, is the test; this is a measurement).
 */
"use strict"
const fs = require("fs"), path = require("path")
const root = path.resolve(__dirname, "..", "..")
const Text = require(path.join(root, "overrides/assets/search/search-text.js"))
const { Engine } = require(path.join(root, "overrides/assets/search/search-engine.js"))
const [folder, queriesFile, optionsFile] = process.argv.slice(2)
const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"))
const options = JSON.parse(fs.readFileSync(optionsFile, "utf8"))
const out = {}
for (const language of Object.keys(queries)) {
  const text = fs.readFileSync(path.join(folder, language + ".js"), "utf8")
  const data = JSON.parse(text.slice(text.indexOf("(") + 1, text.trimEnd().lastIndexOf(")")))
  const engine = new Engine(data, Text, options)
  const found = queries[language].map(c => {
    const [page, anchor] = c.expect.split("#")
    const groups = engine.search(String(c.query)).items.slice(0, 3)
    const rank = groups.findIndex(items => items.some(item => item.location === page))
    return rank >= 0 && (!anchor || groups[rank].some(item => item.location === c.expect)) ? rank + 1 : 0
  })
  out[language] = { first: found.filter(r => r === 1).length, top3: found.filter(r => r > 0).length }
}
process.stdout.write(JSON.stringify(out))
