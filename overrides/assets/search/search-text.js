/*
 * How search reads words: the search-box half of one definition shared with the index builder.
 *
 * The rules come from data/search-rules.json (each language's index carries its part); the build side
 * is scripts/search/search_text.py, and tests/test_search_text.py runs the same cases through both, so a
 * word typed here becomes the same key as the same word in a page. Change both files together.
 * Plain ES2015, no dependencies: it runs in the page, in a worker and in node (for the tests).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory()
  else root.PortalSearchText = factory()
})(typeof self !== "undefined" ? self : this, function () {
  "use strict"

  var DIGIT = /[0-9]/

  /* String replacements applied left to right, longest match first (so "sh" wins over "h") */
  function Table(mapping) {
    this.mapping = mapping || {}
    this.longest = 0
    for (var key in this.mapping)
      if (key.length > this.longest) this.longest = key.length
  }
  Table.prototype.apply = function (text) {
    if (!this.longest) return text
    var out = "", i = 0
    while (i < text.length) {
      var size = Math.min(this.longest, text.length - i), hit = false
      for (; size > 0; size--) {
        var piece = text.substr(i, size)
        if (Object.prototype.hasOwnProperty.call(this.mapping, piece)) {
          out += this.mapping[piece]
          i += size
          hit = true
          break
        }
      }
      if (!hit) out += text[i++]
    }
    return out
  }

  /* The longest of suffixes that ends word and starts at or after position limit ("" if none) */
  function longestSuffix(word, suffixes, limit) {
    var best = ""
    for (var i = 0; i < suffixes.length; i++) {
      var s = suffixes[i]
      if (s.length > best.length && word.length - s.length >= limit &&
          word.slice(word.length - s.length) === s)
        best = s
    }
    return best
  }

  function Analyzer(language, rules) {
    var lang = rules.languages[language], self = this
    this.language = language
    this.lang = lang
    this.word = new RegExp("[" + rules.word + "]+", "g")
    this.apostrophes = rules.apostrophes
    this.apostrophe = rules.apostrophe
    this.translit = new Table(lang.translit)
    this.charMap = rules.map
    var fold = {}
    ;(lang.fold || []).forEach(function (name) {
      var table = rules.fold_tables[name]
      for (var key in table) fold[key] = table[key]
    })
    this.foldTable = new Table(fold)
    this.vowels = rules.vowels
    this.stopwords = new Set((lang.stopwords || []).map(function (w) {
      return self.fold(self.normalize(w))
    }))
    this.synonyms = lang.synonyms || {}          /* from the glossary: a variant's key → the term's key */
    this.stemmer = lang.stem || "none"
    if (this.stemmer === "suffixes") {
      this.minStem = lang.min_stem
      this.maxStrips = lang.max_strips
      this.suffixes = new Set(lang.suffixes.map(function (s) { return self.fold(self.normalize(s)) }))
      this.suffixes.delete("")
      var sizes = new Set()
      this.suffixes.forEach(function (s) { sizes.add(s.length) })
      this.suffixSizes = Array.from(sizes).sort(function (a, b) { return b - a })
    } else if (this.stemmer === "russian") {
      this.ru = rules.russian
    }
  }

  /* 1. Words of text (in NFC) with their offsets, leading apostrophes (opening quotes) left out */
  Analyzer.prototype.tokens = function (text) {
    text = text.normalize("NFC")
    var out = [], match
    this.word.lastIndex = 0
    while ((match = this.word.exec(text))) {
      var start = match.index, end = start + match[0].length
      while (start < end && this.apostrophes.indexOf(text[start]) >= 0) start++
      if (start < end) out.push({ start: start, end: end, surface: text.slice(start, end) })
    }
    return out
  }

  /* 2. Normal form */
  Analyzer.prototype.normalize = function (text) {
    text = this.translit.apply(text.normalize("NFC").toLowerCase())
    var out = ""
    for (var i = 0; i < text.length; i++) {
      var ch = text[i]
      if (this.apostrophes.indexOf(ch) >= 0) out += this.apostrophe
      else if (Object.prototype.hasOwnProperty.call(this.charMap, ch)) out += this.charMap[ch]
      else out += ch
    }
    return out
  }

  /* 3. Folded form */
  Analyzer.prototype.fold = function (word) {
    return this.foldTable.apply(word)
  }

  /* 5. Stem */
  Analyzer.prototype.stem = function (word) {
    if (DIGIT.test(word)) return word
    if (this.stemmer === "russian") return this.russian(word)
    if (this.stemmer === "suffixes") return this.stripSuffixes(word)
    return word
  }

  /* The search key of one word, or null for a stop word or a lone letter */
  Analyzer.prototype.key = function (surface) {
    var folded = this.fold(this.normalize(surface))
    if (!folded || this.stopwords.has(folded) || (folded.length === 1 && !DIGIT.test(folded)))
      return null
    var stem = this.stem(folded)
    return Object.prototype.hasOwnProperty.call(this.synonyms, stem) ? this.synonyms[stem] : stem
  }

  Analyzer.prototype.keys = function (text) {
    var self = this
    return this.tokens(text).map(function (t) { return self.key(t.surface) })
      .filter(function (k) { return k })
  }

  /* Remove the longest listed suffix that leaves minStem characters with a vowel; repeat */
  Analyzer.prototype.stripSuffixes = function (word) {
    for (var n = 0; n < this.maxStrips; n++) {
      var stripped = false
      for (var i = 0; i < this.suffixSizes.length; i++) {
        var rest = word.length - this.suffixSizes[i]
        if (rest >= this.minStem && this.suffixes.has(word.slice(rest)) &&
            this.hasVowel(word.slice(0, rest))) {
          word = word.slice(0, rest)
          stripped = true
          break
        }
      }
      if (!stripped) break
    }
    return word
  }

  Analyzer.prototype.hasVowel = function (text) {
    for (var i = 0; i < text.length; i++)
      if (this.vowels.indexOf(text[i]) >= 0) return true
    return false
  }

  /* Snowball's Russian stemmer; all removals happen inside RV (after the first vowel) */
  Analyzer.prototype.russian = function (word) {
    var ru = this.ru, vowels = ru.vowels, n = word.length, pv = n, p2 = n
    var isVowel = function (ch) { return vowels.indexOf(ch) >= 0 }
    var i = 0
    while (i < n && !isVowel(word[i])) i++
    if (i < n) {
      pv = i + 1
      var pos = pv, wanted = [false, true, false], done = true
      for (var k = 0; k < wanted.length; k++) {
        var j = pos
        while (j < n && isVowel(word[j]) !== wanted[k]) j++
        if (j >= n) { done = false; break }
        pos = j + 1
      }
      if (done) p2 = pos
    }

    function grouped(w, first, second) {
      var suffix = longestSuffix(w, first.concat(second), pv)
      if (!suffix) return null
      var start = w.length - suffix.length
      if (second.indexOf(suffix) >= 0) return w.slice(0, start)
      if (start - 1 >= pv && "ая".indexOf(w[start - 1]) >= 0) return w.slice(0, start)
      return null
    }
    function plain(w, suffixes) {
      var suffix = longestSuffix(w, suffixes, pv)
      return suffix ? w.slice(0, w.length - suffix.length) : null
    }
    function adjectival(w) {
      w = plain(w, ru.adjective)
      if (w === null) return null
      var participle = grouped(w, ru.participle_1, ru.participle_2)
      return participle !== null ? participle : w
    }

    /* Step 1 */
    var result = grouped(word, ru.perfective_gerund_1, ru.perfective_gerund_2)
    if (result === null) {
      result = plain(word, ru.reflexive) || word
      var steps = [
        adjectival,
        function (w) { return grouped(w, ru.verb_1, ru.verb_2) },
        function (w) { return plain(w, ru.noun) }
      ]
      for (var s = 0; s < steps.length; s++) {
        var removed = steps[s](result)
        if (removed !== null) { result = removed; break }
      }
    }
    word = result
    /* Step 2 */
    if (word.slice(-1) === "и" && word.length - 1 >= pv) word = word.slice(0, -1)
    /* Step 3 */
    var suffix = longestSuffix(word, ru.derivational, pv)
    if (suffix && word.length - suffix.length >= p2) word = word.slice(0, word.length - suffix.length)
    /* Step 4 */
    suffix = longestSuffix(word, ru.superlative.concat(["н", "ь"]), pv)
    if (suffix === "ь") {
      word = word.slice(0, -1)
    } else if (suffix === "н") {
      if (word.length - 2 >= pv && word[word.length - 2] === "н") word = word.slice(0, -1)
    } else if (suffix) {
      word = word.slice(0, word.length - suffix.length)
      if (word.slice(-2) === "нн" && word.length - 2 >= pv) word = word.slice(0, -1)
    }
    return word
  }

  return { Analyzer: Analyzer, Table: Table }
})
