/* "Where are you now?": the reader picks the country they are in; its numbers come first on this page
   and on the next visit. The choice stays on the device (localStorage): no cookie, no request.
   Without this script the same links simply open that country's contacts page. */
(function () {
  "use strict";
  var KEY = "portal-country";
  var chooser = document.querySelector("[data-where]");
  if (!chooser) return;

  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function apply(country) {
    chooser.querySelectorAll("a[data-country]").forEach(function (link) {
      if (link.dataset.country === country) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
    if (!country) return;
    // Every list of cards or country blocks on the page: that country's entries first, order otherwise kept.
    document.querySelectorAll(".contacts, .md-content__inner").forEach(function (list) {
      var blocks = Array.prototype.filter.call(list.children, function (child) {
        return child.matches(".contact, .directory");
      });
      var firstOther = blocks.find(function (child) { return child.dataset.country !== country; });
      if (!firstOther) return;
      blocks.forEach(function (child) {
        // Those already in front stay; the others are moved in front of the first other country's.
        if (child.dataset.country === country &&
            (firstOther.compareDocumentPosition(child) & Node.DOCUMENT_POSITION_FOLLOWING)) {
          list.insertBefore(child, firstOther);
        }
      });
    });
  }

  chooser.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-country]");
    if (!link) return;
    event.preventDefault();
    try { localStorage.setItem(KEY, link.dataset.country); } catch (e) { /* private mode: this page only */ }
    apply(link.dataset.country);
  });
  apply(stored());
})();
