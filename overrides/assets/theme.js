/* The theme's inline scripts, moved to a file so that the Content-Security-Policy can be
   `script-src 'self'` with no hashes: no script written into a page, by anyone, ever runs.
   Loaded before Material's bundle (overrides/partials/alternate-links.html); the page's base
   address comes from data-scope, as Material's partials/javascripts/base.html wrote it inline.

   Material's bundle (34 KB gzipped) is loaded when it is needed, not by every page (scripts/site/assets.py
   takes its <script> out of the pages and names it in data-bundle): a page is read with no script of
   the theme at all (the drawer, the language list, details and the type filter are HTML and CSS).
   It is loaded when the reader opens search (tap, focus or Material's keys / s f), on a page reached
   from a search result (?q= or ?h=), and at once on screens wide enough for the sidebars (60em), whose
   sticky height and table of contents Material's code keeps. Until then this file does the two things
   a phone reader sees of it: the "back to top" button while scrolling up, and the page's title in the
   header once the heading has scrolled away. */
(function () {
  "use strict"
  var me = document.currentScript
  window.__md_scope = new URL(me.getAttribute("data-scope") || ".", location)
  window.__md_hash = function (e) {
    return Array.from(e).reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0) }, 0)
  }
  window.__md_get = function (key, storage, scope) {
    storage = storage || localStorage
    scope = scope || __md_scope
    return JSON.parse(storage.getItem(scope.pathname + "." + key))
  }
  window.__md_set = function (key, value, storage, scope) {
    storage = storage || localStorage
    scope = scope || __md_scope
    try { storage.setItem(scope.pathname + "." + key, JSON.stringify(value)) } catch (e) { /* full or private */ }
  }
  /* The <link rel="alternate" hreflang> tags in <head> tell search engines about each page's
     translations. Material also reads them, expecting language roots, and fetches
     "<link>/sitemap.xml" for each one: five failed requests on every page view for our per-page
     links. Taking the rel off after parsing keeps the tags in the HTML that crawlers read. */
  var links = document.querySelectorAll('link[rel="alternate"][hreflang]')
  for (var i = 0; i < links.length; i++) links[i].removeAttribute("rel")

  /* Material's bundle swaps these classes as it starts; its styles hide the search button on "no-js". */
  var root = document.documentElement
  root.classList.remove("no-js")
  root.classList.add("js")

  var bundle = me.getAttribute("data-bundle"), requested = false, ready = false
  function loadBundle() {
    if (requested || !bundle) return
    requested = true
    var script = document.createElement("script")
    script.src = bundle
    script.onload = function () {
      ready = true
      /* Material starts on DOMContentLoaded, long past by now: tell it again */
      document.dispatchEvent(new Event("DOMContentLoaded"))
    }
    script.onerror = function () {       /* offline and not kept: the next opening of search tries again */
      script.remove()
      requested = false
    }
    document.body.appendChild(script)
  }
  function whenParsed(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn, { once: true })
    else fn()
  }
  window.__md_load = function () { whenParsed(loadBundle) }
  if (!bundle) return
  if (matchMedia("(min-width: 60em)").matches || /[?&][qh]=/.test(location.search)) return window.__md_load()

  function searchBox() { return document.querySelector("[data-md-component=search-query]") }
  function openSearch() {
    var toggle = document.getElementById("__search"), box = searchBox()
    if (toggle && !toggle.checked) toggle.checked = true
    if (box && document.activeElement !== box) box.focus()      /* in the tap itself: the phone's keyboard opens */
    window.__md_load()
  }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) openSearch()
  })
  document.addEventListener("focusin", function (event) {
    if (event.target === searchBox()) openSearch()
  })
  document.addEventListener("keydown", function (event) {
    var target = event.target
    /* Until Material runs: Tab or Escape from the search box closes search, as Material does */
    if (!ready && target === searchBox() && (event.key === "Tab" || event.key === "Escape")) {
      document.getElementById("__search").checked = false
      if (event.key === "Escape") target.blur()
      return
    }
    if (requested || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault()
      openSearch()
    }
  })

  /* Material's styles show a focus ring only on elements its focus-visible helper marks: mark them
     the same way (keyboard focus only) until it runs */
  document.addEventListener("focusin", function (event) {
    var target = event.target
    if (ready || !target.matches || !target.matches(":focus-visible")) return
    target.classList.add("focus-visible")
    target.setAttribute("data-focus-visible-added", "")
  })
  document.addEventListener("focusout", function (event) {
    var target = event.target
    if (ready || !target.hasAttribute || !target.hasAttribute("data-focus-visible-added")) return
    target.classList.remove("focus-visible")
    target.removeAttribute("data-focus-visible-added")
  })

  whenParsed(function () {
    /* "Back to top" (navigation.top): shown while scrolling up, past the first screen */
    var top = document.querySelector("[data-md-component=top]")
    var title = document.querySelector("[data-md-component=header-title]")
    var heading = document.querySelector(".md-content h1")
    var last = scrollY
    if (top) {
      addEventListener("scroll", function () {
        if (requested) return
        var y = scrollY
        top.hidden = !(y < last && y > 400)
        last = y
      }, { passive: true })
      top.addEventListener("click", function () {
        if (requested) return
        top.hidden = true
        scrollTo({ top: 0 })
      })
    }
    /* The header shows the page's title once its heading is out of sight */
    if (title && heading && window.IntersectionObserver) {
      new IntersectionObserver(function (entries) {
        if (requested) return
        title.classList.toggle("md-header__title--active", !entries[entries.length - 1].isIntersecting)
      }, { rootMargin: "-48px 0px 0px 0px" }).observe(heading)
    }
  })
})()
