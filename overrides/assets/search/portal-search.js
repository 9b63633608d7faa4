/*
 * Site search in the reader's language, for Material's own search box and results list.
 *
 * Material talks to its search through a web worker whose address it reads from __config.search.
 * This script, loaded before Material's bundle, answers that worker's messages itself, in the page:
 * - only the page's language is searched, from search/<language>.js (scripts/search/search_index.py);
 * - nothing more is downloaded until the reader opens search: then the engine (search-engine.js),
 *   the word rules (search-text.js) and the index arrive, so pages that are only read stay light;
 * - it works from file:// (an offline copy), where browsers refuse to start workers and to fetch
 *   files: every part is a script, added with a <script> tag.
 * Material's request for its index (settings only, here) is answered from the page too: a page that
 * is only read makes no request for search at all.
 */
(function (root) {
  "use strict"

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3       /* Material's SearchMessageType */
  var me = document.currentScript
  var config = JSON.parse(document.getElementById("__config").textContent)
  var PortalSearch = root.PortalSearch = { timings: {} }
  var engine = null, loading = false, waiting = []

  function whenReady(fn) {
    if (engine) fn()
    else waiting.push(fn)
  }

  function addScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script")
      script.src = src
      script.async = false                       /* run in the order added */
      script.onload = resolve
      script.onerror = function () {
        script.remove()
        reject(new Error("cannot load " + src))
      }
      document.head.appendChild(script)
    })
  }

  /* Load the engine, the rules and this language's index, once, when the reader opens search */
  function load() {
    if (engine || loading) return
    loading = true
    PortalSearch.timings.requested = performance.now()
    Promise.all([new URL("search-engine.js", me.src).href, new URL("search-text.js", me.src).href,
                 me.getAttribute("data-index")].map(addScript))
      .catch(function () { loading = false })    /* offline and not cached: try again next time */
  }

  /* Called by search/<language>.js */
  PortalSearch.load = function (data) {
    if (!root.PortalSearchText || !root.PortalSearchEngine) {   /* a part did not load: try again next time */
      loading = false
      return
    }
    var started = performance.now()
    engine = PortalSearch.engine = new root.PortalSearchEngine.Engine(data, root.PortalSearchText)
    PortalSearch.timings.loaded = performance.now()
    PortalSearch.timings.setup = PortalSearch.timings.loaded - started
    waiting.splice(0).forEach(function (fn) { fn() })
  }

  /* Stands in for Material's search worker: same messages, answered in the page */
  function SearchWorker() {
    this.listeners = []
  }
  SearchWorker.prototype.addEventListener = function (type, fn) {
    if (type === "message") this.listeners.push(fn)
  }
  SearchWorker.prototype.removeEventListener = function (type, fn) {
    this.listeners = this.listeners.filter(function (other) { return other !== fn })
  }
  SearchWorker.prototype.emit = function (data) {
    var event = { type: "message", data: data }, self = this
    this.listeners.slice().forEach(function (fn) { fn.call(self, event) })
  }
  SearchWorker.prototype.postMessage = function (message) {
    var self = this
    setTimeout(function () { self.receive(message) }, 0)
  }
  SearchWorker.prototype.receive = function (message) {
    var self = this
    if (message.type === SETUP) {
      if (location.protocol === "file:") load()  /* Material sets up file:// search on opening only */
      whenReady(function () { self.emit({ type: READY }) })
    } else if (message.type === QUERY) {
      whenReady(function () {
        var started = performance.now(), result = engine.search(message.data)
        PortalSearch.timings.query = performance.now() - started
        self.emit({ type: RESULT, data: result })
        PortalSearch.answered = message.data                /* for tests: the list now shows this */
      })
    }
  }
  SearchWorker.prototype.terminate = function () {}

  /* Material requests search/search_index.json on every page (XMLHttpRequest), for its worker (answered
     here) and its highlighter (which needs only the separator): the page carries those settings
     (data-stub) and they are answered here too, which saves every page a request */
  var stub = me.getAttribute("data-stub"), XHR = root.XMLHttpRequest && root.XMLHttpRequest.prototype
  if (stub && XHR) {
    var open = XHR.open, send = XHR.send
    XHR.open = function (method, url) {
      var target = new URL(String(url), location.href)
      this.portalStub = target.origin === location.origin && /\/search\/search_index\.json$/.test(target.pathname)
      return open.apply(this, arguments)
    }
    XHR.send = function () {
      if (!this.portalStub) return send.apply(this, arguments)
      var request = this, body = new Blob([stub], { type: "application/json" })
      Object.defineProperty(request, "readyState", { value: 4 })
      Object.defineProperty(request, "status", { value: 200 })
      Object.defineProperty(request, "response", { value: request.responseType === "blob" ? body : stub })
      Object.defineProperty(request, "responseText", { value: stub })
      setTimeout(function () { request.dispatchEvent(new ProgressEvent("load")) }, 0)
    }
  }

  var NativeWorker = root.Worker
  root.Worker = function (url, options) {
    if (String(url) === config.search) return new SearchWorker()
    return new NativeWorker(url, options)
  }

  function isSearchBox(target) {
    return target && target.getAttribute && target.getAttribute("data-md-component") === "search-query"
  }
  document.addEventListener("pointerdown", function (event) {   /* a head start on the tap's click */
    var target = event.target
    if (target && target.closest && target.closest("label[for=__search]")) load()
  })
  var toggle = document.getElementById("__search")
  if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) load() })
  document.addEventListener("focusin", function (event) { if (isSearchBox(event.target)) load() })
  if (/[?&]q=/.test(location.search)) load()
  /* Material reads the box on keyup; text that arrives without one (voice typing, a keyboard's word
     suggestions, paste) is passed on as if typed */
  document.addEventListener("input", function (event) {
    if (isSearchBox(event.target)) event.target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  })
})(self)
