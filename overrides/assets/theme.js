/* The theme's inline scripts, moved to a file so that the Content-Security-Policy can be
   `script-src 'self'` with no hashes: no script written into a page, by anyone, ever runs.
   Loaded before Material's bundle (overrides/partials/alternate-links.html); the page's base
   address comes from data-scope, as Material's partials/javascripts/base.html wrote it inline. */
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
})()
