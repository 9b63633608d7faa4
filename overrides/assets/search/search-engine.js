/*
 * The search engine: matches a query against one language's index (search/<language>.js, written by
 * scripts/search/search_index.py), with the same word rules as the index (search-text.js,
 * data/search-rules.json): case, ё, apostrophes, Russian-keyboard letters, Uzbek Cyrillic, word endings.
 * portal-search.js loads it when the reader opens search; node loads it in the tests.
 * Matching: the query's key exactly (1), keys it starts (the reader is still typing), keys that start
 * it (an ending the rules did not cut), and keys one or two letters off (typos).
 */
(function (root) {
  "use strict"

  var DIGITS = /^[0-9]+$/
  var CUTOFF = 0.08          /* results scoring under this share of the best are left out */
  var MAX_TERMS = 12         /* words of a query that are searched (a pasted paragraph is cut) */
  var MAX_PAGES = 30         /* pages listed */

  function escapeHTML(text) {
    return text.replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch]
    })
  }

  /* Optimal string alignment distance, giving up above max (rows reused: it runs for many keys) */
  var rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)]
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1
    if (b.length >= 63) return max + 1
    var prev2 = rows[0], prev = rows[1], row = rows[2], i, j
    for (j = 0; j <= b.length; j++) prev[j] = j
    for (i = 1; i <= a.length; i++) {
      row[0] = i
      var best = i
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1
        var value = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          value = Math.min(value, prev2[j - 2] + 1)
        row[j] = value
        if (value < best) best = value
      }
      if (best > max) return max + 1
      var spare = prev2
      prev2 = prev
      prev = row
      row = spare
    }
    return prev[b.length]
  }

  /* ------------------------------------------------------------------------------------------------ */

  /* options (for scripts/benchmark/search.py, which measures what each way of matching adds):
     prefix, reverse, typos: false turns that way off */
  function Engine(data, Text, options) {
    this.options = options || {}
    this.analyzer = new Text.Analyzer(data.lang, data.rules)
    this.docs = data.docs
    this.packed = data.keys
    this.sorted = Object.keys(data.keys).sort()
    this.decoded = Object.create(null)
    this.keyCache = Object.create(null)
    this.pages = Object.create(null)             /* page path → number of its own document */
    for (var d = 0; d < this.docs.length; d++) {
      var location = this.docs[d][0]
      if (location.indexOf("#") < 0) this.pages[location] = d
    }
  }

  Engine.prototype.has = function (key) {
    return Object.prototype.hasOwnProperty.call(this.packed, key)
  }

  /* Postings of a key: document numbers and flags (packed as delta × 8 + flags, see search_index.py):
     4 = in the title, 0–3 = occurrences in the rest of the document */
  Engine.prototype.postings = function (key) {
    var found = this.decoded[key]
    if (found) return found
    var packed = this.packed[key], docs = new Array(packed.length), flags = new Array(packed.length)
    for (var i = 0, doc = 0; i < packed.length; i++) {
      doc += packed[i] >> 3
      docs[i] = doc
      flags[i] = packed[i] & 7
    }
    return (this.decoded[key] = { docs: docs, flags: flags })
  }

  Engine.prototype.key = function (surface) {
    if (!(surface in this.keyCache)) this.keyCache[surface] = this.analyzer.key(surface)
    return this.keyCache[surface]
  }

  /* The reader's words: what they typed, its folded form and its key; stop words left out */
  Engine.prototype.terms = function (query) {
    var a = this.analyzer, terms = [], seen = Object.create(null)
    a.tokens(query).forEach(function (token) {
      var key = a.key(token.surface)
      if (!key || seen[key]) return
      seen[key] = true
      if (terms.length < MAX_TERMS)
        terms.push({ surface: token.surface, folded: a.fold(a.normalize(token.surface)), key: key })
    })
    return terms
  }

  /* Index keys that may stand for one term, each with how sure the match is (0–1) */
  Engine.prototype.expand = function (term) {
    var out = new Map(), key = term.key, keys = this.sorted
    function add(found, quality) {
      if (!(out.get(found) >= quality)) out.set(found, quality)
    }
    if (this.has(key)) add(key, 1)
    /* Keys the query starts: the reader is still typing, or wrote a shorter form */
    if (key.length >= 2 && this.options.prefix !== false) {
      var lo = 0, hi = keys.length
      while (lo < hi) {
        var mid = (lo + hi) >> 1
        if (keys[mid] < key) lo = mid + 1
        else hi = mid
      }
      for (var i = lo; i < keys.length && keys[i].slice(0, key.length) === key; i++)
        if (keys[i] !== key) add(keys[i], 0.45 + 0.45 * key.length / keys[i].length)
    }
    if (DIGITS.test(key)) return out
    /* Keys that start the query: it kept an ending that the rules do not cut */
    var word = term.folded.length > key.length ? term.folded : key
    for (var n = word.length - 1; n >= 4 && n * 2 >= word.length && this.options.reverse !== false; n--) {
      var start = word.slice(0, n)
      if (this.has(start)) add(start, 0.3 + 0.5 * n / word.length)
    }
    /* Typos: a letter wrong, missing, extra or two swapped (two of them in long words) */
    if (key.length >= 4 && this.options.typos !== false) {
      var max = key.length >= 8 ? 2 : 1
      keys.forEach(function (candidate) {
        /* readers seldom get the first two letters both wrong: a cheap filter before the distance */
        if (Math.abs(candidate.length - key.length) > max || out.has(candidate) ||
            (candidate[0] !== key[0] && candidate[1] !== key[1])) return
        var d = distance(key, candidate, max)
        if (d <= max) add(candidate, d === 1 ? 0.5 : 0.35)
      })
    }
    return out
  }

  /* How well a posting matches: a title hit counts most, then up to three mentions elsewhere */
  function weight(flags) {
    var count = flags & 3
    return (flags & 4 ? 1 : 0) + 0.4 * count / (count + 1)
  }

  Engine.prototype.search = function (query) {
    var terms = this.terms(query), self = this, n = this.docs.length
    if (!terms.length) return { items: [] }
    var total = new Float64Array(n), mask = new Uint32Array(n), inTitle = new Uint8Array(n)
    var keysOf = new Map()
    terms.forEach(function (term, t) {
      var best = new Map()
      self.expand(term).forEach(function (quality, key) {
        var list = self.postings(key), idf = Math.log(1 + n / list.docs.length)
        for (var i = 0; i < list.docs.length; i++) {
          var doc = list.docs[i], flags = list.flags[i]
          var score = quality * idf * weight(flags)
          var was = best.get(doc)
          if (!was || was.score < score) best.set(doc, { score: score, title: flags & 4 })
          var set = keysOf.get(doc)
          if (!set) keysOf.set(doc, set = new Set())
          set.add(key)
        }
      })
      best.forEach(function (hit, doc) {
        total[doc] += hit.score
        mask[doc] |= 1 << t
        if (hit.title) inTitle[doc]++
      })
    })
    /* Documents with all the words first; then titles that are mostly the query; pages before sections */
    var found = [], top = 0
    for (var d = 0; d < n; d++) {
      if (!mask[d]) continue
      var count = 0
      for (var m = mask[d]; m; m &= m - 1) count++
      var size = this.docs[d][3] || 1
      var score = total[d] * Math.pow(count / terms.length, 2) *
        (1 + 0.5 * Math.min(1, inTitle[d] / size)) * (this.docs[d][0].indexOf("#") < 0 ? 1.15 : 1)
      found.push({ doc: d, score: score })
      if (score > top) top = score
    }
    found = found.filter(function (f) { return f.score >= top * CUTOFF })
    found.sort(function (a, b) { return b.score - a.score })
    /* One group per page, the page itself in each, as Material's results list expects. A page ranks
       by its best match, plus a little for its other matches (at most a quarter more): a country's
       contacts page, where every card matches, comes before a single section named after it. */
    var groups = new Map()
    found.forEach(function (f) {
      var location = self.docs[f.doc][0], page = location.split("#")[0]
      var group = groups.get(page)
      if (!group) groups.set(page, group = { best: f.score, rest: 0, items: [] })
      else group.rest += f.score
      group.items.push(self.item(f.doc, f.score, terms, mask[f.doc], keysOf.get(f.doc)))
    })
    var ranked = Array.from(groups.entries()).map(function (entry) {
      var page = entry[0], group = entry[1], own = self.pages[page]
      if (own !== undefined && !group.items.some(function (item) { return item.location === page }))
        group.items.push(self.item(own, 0, [], 0, new Set()))
      return { score: group.best + Math.min(0.1 * group.rest, 0.25 * group.best), items: group.items }
    })
    ranked.sort(function (a, b) { return b.score - a.score })
    return { items: ranked.slice(0, MAX_PAGES).map(function (group) { return group.items }) }
  }

  /* A result: title and text with the matched words marked, and the words for ?h= highlighting */
  Engine.prototype.item = function (doc, score, terms, mask, keys) {
    var self = this, seen = Object.create(null), words = {}
    function mark(text) {
      var out = "", last = 0
      self.analyzer.tokens(text).forEach(function (token) {
        var key = self.key(token.surface)
        if (!key || !keys.has(key)) return
        out += escapeHTML(text.slice(last, token.start)) + "<mark>" + escapeHTML(token.surface) + "</mark>"
        last = token.end
        var lower = token.surface.toLowerCase()
        if (!seen[lower]) words[lower] = seen[lower] = true
      })
      return out + escapeHTML(text.slice(last))
    }
    var title = mark(this.docs[doc][1]), text = mark(this.docs[doc][2])
    terms.forEach(function (term, t) {
      var matched = (mask >> t) & 1
      if (!matched) words[term.surface] = false
      else if (!Object.keys(words).length) words[term.surface] = true
    })
    return { location: this.docs[doc][0], title: title, text: text, score: score, terms: words }
  }

  var SearchEngine = { Engine: Engine, distance: distance }
  if (typeof module === "object" && module.exports) module.exports = SearchEngine
  else root.PortalSearchEngine = SearchEngine
})(typeof self !== "undefined" ? self : this)
