/* The page side of the offline app (the worker is sw.js, see overrides/sw.js).
 * Registers the service worker, offers "save this language for offline" with its size, tells the
 * reader when they are offline or when a new build is ready, and shows the build date when the
 * site runs installed or offline. Does nothing where service workers cannot run (file://, plain
 * http on a LAN): the site works there without it.
 *
 * A reader who opens one page and leaves pays for that page only: the worker (and the copy of the
 * site's frame it keeps) is set up from the second page they open, when they tap "save", or at once
 * if this browser already has it. The size shown beside "save" is fetched when the button scrolls
 * into view. */
(function () {
  'use strict';
  var panel = document.querySelector('[data-offline-panel]');
  if (!panel || !('serviceWorker' in navigator) || !window.caches || !/^https?:$/.test(location.protocol)) return;

  var root = new URL(panel.getAttribute('data-root'), document.baseURI);  // the offline page sets <base>
  var language = panel.getAttribute('data-language');
  var toast = document.querySelector('[data-offline-toast]');
  var note = document.querySelector('[data-offline-note]');
  var stamp = document.querySelector('[data-offline-stamp]');
  var pick = function (name) { return document.querySelector('[data-offline-' + name + ']'); };
  var hadController = !!navigator.serviceWorker.controller;
  var waiting = null;
  var reloading = false;
  var info = null;
  var notKept = false;
  /* localStorage belongs to the origin: a copy under a sub-path keeps its own (see sw.js, SPACE) */
  var VISITED = 'sm-visited' + (root.pathname === '/' ? '' : ':' + root.pathname);
  var firstPage = null;   /* the reader's first page here, read before the worker came: it keeps it too */

  function status() {
    var earlier = firstPage && firstPage !== location.href ? [firstPage] : [];
    return send({ type: 'status', language: language, page: location.href, earlier: earlier });
  }

  function loadInfo() {
    if (!info) {
      info = fetch(new URL('offline/index.json', root).href).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).catch(function () { info = null; return null; });
    }
    return info;
  }

  function standalone() {
    return window.matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;
  }

  function showConnection() {
    var offline = navigator.onLine === false;
    pick('offline').hidden = !offline;
    if (offline || standalone()) {
      loadInfo().then(function (data) {
        if (data) stamp.textContent = data.built_on[language];
        note.hidden = false;
      });
    } else {
      note.hidden = !notKept;
    }
  }

  /* The worker could not keep this page (storage full): say so once, at the top of the page, in the
   * page's language (the words are in offline/index.json, written by scripts/offline/pwa.py). */
  function showNotKept() {
    if (notKept) return;
    loadInfo().then(function (data) {
      if (!data || !data.not_kept || notKept) return;
      notKept = true;
      var line = document.createElement('p');
      line.setAttribute('data-offline-not-kept', '');
      line.textContent = data.not_kept[language];
      note.appendChild(line);
      note.hidden = false;
    });
  }

  function showUpdate(worker) {
    waiting = worker;
    toast.hidden = false;
  }

  function send(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      registration.active.postMessage(message);
    });
  }

  function showSaved(saved) {
    pick('saved').hidden = !saved;
    pick('row').hidden = saved;
  }

  function showList(cached) {
    // On the offline page: list only the pages this device has.
    var list = document.querySelector('[data-offline-list]');
    if (!list) return;
    var have = {};
    cached.forEach(function (path) { have[path] = true; });
    Array.prototype.forEach.call(list.querySelectorAll('a'), function (link) {
      var path = decodeURI(link.href.slice(root.href.length).split(/[?#]/)[0]).replace(/(^|\/)index\.html$/, '$1');
      link.parentNode.hidden = !have[path];
    });
  }

  navigator.serviceWorker.addEventListener('message', function (event) {
    var data = event.data || {};
    if (data.language && data.language !== language) return;
    var status = pick('status');
    if (data.type === 'status') {
      showSaved(data.saved);
      showList(data.cached || []);
    } else if (data.type === 'save-progress') {
      status.textContent = panel.getAttribute('data-saving').replace('{percent}', data.percent);
    } else if (data.type === 'save-done') {
      status.textContent = '';
      showSaved(true);
      pick('save').disabled = false;
    } else if (data.type === 'save-failed') {
      status.textContent = panel.getAttribute('data-failed');
      pick('save').disabled = false;
      if (data.full) {
        loadInfo().then(function (info) { if (info && info.save_full) status.textContent = info.save_full[language]; });
      }
    } else if (data.type === 'not-kept') {
      showNotKept();
    }
  });

  navigator.serviceWorker.addEventListener('controllerchange', function () {
    if (hadController && !reloading) {
      // A new build took over: reload so the page, its styles and its scripts are all of that build.
      reloading = true;
      location.reload();
    } else {
      status();
    }
  });

  var registered = null;
  function register() {
    if (!registered) {
      registered = navigator.serviceWorker.register(new URL('sw.js', root).href,
                                                    { scope: root.pathname, updateViaCache: 'none' });
      registered.then(function (registration) {
        if (registration.waiting && navigator.serviceWorker.controller) showUpdate(registration.waiting);
        registration.addEventListener('updatefound', function () {
          var worker = registration.installing;
          worker.addEventListener('statechange', function () {
            if (worker.state === 'installed' && navigator.serviceWorker.controller) showUpdate(worker);
          });
        });
        status();
      }, function () { registered = null; /* private mode, blocked: the site still works online */ });
    }
    return registered;
  }

  function showInfo() {
    loadInfo().then(function (data) {
      if (!data) return;
      var size = data.languages[language];
      if (size) pick('size').textContent = '(' + panel.getAttribute('data-size').replace('{size}', size.size) + ')';
      var shown = false;
      (data.downloads || []).forEach(function (file) {
        var kind = file.url.slice(-3);
        if (kind === 'zim' && file.language !== language) return;
        var link = document.querySelector('[data-download="' + kind + '"]');
        if (!link) return;
        link.href = new URL(file.url, root).href;
        link.hidden = false;
        shown = true;
      });
      pick('downloads').hidden = !shown;
    });
  }

  pick('save').addEventListener('click', function () {
    pick('save').disabled = true;
    pick('status').textContent = panel.getAttribute('data-saving').replace('{percent}', '0');
    register().then(function () {
      send({ type: 'save-language', language: language });
    }, function () {
      pick('status').textContent = panel.getAttribute('data-failed');
      pick('save').disabled = false;
    });
  });

  pick('reload').addEventListener('click', function () {
    if (waiting) waiting.postMessage({ type: 'skip-waiting' });
    else location.reload();
  });

  window.addEventListener('online', function () {
    showConnection();
    navigator.serviceWorker.getRegistration(root.href).then(function (r) { if (r && r.scope === root.href) r.update(); });
  });
  window.addEventListener('offline', showConnection);

  panel.hidden = false;
  if ('IntersectionObserver' in window) {
    var watcher = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      watcher.disconnect();
      showInfo();
    });
    watcher.observe(panel);
  } else {
    showInfo();
  }

  var visited = false;
  try {
    var seen = localStorage.getItem(VISITED);
    visited = !!seen;
    if (seen && seen !== '1') firstPage = seen;
    else if (!seen) localStorage.setItem(VISITED, location.href);
  } catch (error) { /* storage refused: the app is set up on "save" only */ }
  navigator.serviceWorker.getRegistration(root.href).then(function (existing) {
    // (a worker of a copy at a shorter path on this origin would answer too: only this copy's counts)
    if ((existing && existing.scope === root.href) || visited) register();
  }, function () { /* no app here: the site still works */ });
  showConnection();
})();
