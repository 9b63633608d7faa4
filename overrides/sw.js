/* Safe Migration service worker: the site keeps working with no network.
 *
 * Source: overrides/sw.js. scripts/offline/pwa.py writes the built copy (site/sw.js) with this build's file
 * list in BUILD: every file's content hash and the languages whose "save" includes it, and the shell
 * to precache.
 *
 * One build at a time: the shell and the pages of a build live in caches named after its version,
 * and a file is stored only if its content hash is the one this build expects. A page that the
 * server already has in a newer version is shown from the network but never stored beside the
 * older shell. A new build installs in the background (refreshing every cached page, and
 * downloading only files whose hash changed), then waits until the reader taps "Reload".
 *
 * Storage can run out (a phone nearly full, or the browser's quota): keeping a copy is then skipped,
 * never the answer. The reader gets the page from the network and is told it was not kept.
 */
'use strict';

const BUILD = /*BUILD*/{"version": "dev", "languages": ["en"], "default": "en", "shell": [], "files": {}, "offline": {}}/*END*/;
const SCOPE = new URL(self.registration.scope);
/* Cache Storage belongs to the origin, not to the worker's scope: a copy of the site under a sub-path
 * (github.io serves an owner's site and every project site from one origin; a centre may keep two
 * copies) names its caches after its path, so copies never read, refresh or delete each other's. */
const SPACE = SCOPE.pathname === '/' ? 'sm-' : `sm-${SCOPE.pathname}-`;
const SHELL = `${SPACE}shell-${BUILD.version}`;
const PAGES = `${SPACE}pages-${BUILD.version}`;
const META = `${SPACE}meta`;
const OURS = /^(shell|pages)-[0-9a-z]+$/;   /* after SPACE: this copy's caches, of any build */
const PARALLEL = 4;

/* 'ru/health/tb/' for any address of that page (index.html, query, fragment); null outside the site. */
function key(address) {
  const url = new URL(address, SCOPE);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return null;
  let path = decodeURI(url.pathname.slice(SCOPE.pathname.length));
  if (path === 'index.html' || path.endsWith('/index.html')) path = path.slice(0, -'index.html'.length);
  return path;
}

function address(path) {
  return new URL(path, SCOPE).href;
}

async function hash(buffer) {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').slice(0, 12);
}

/* The content hash this build expects for a path ('assets/pwa.js?v=…' is the file 'assets/pwa.js'). */
function expected(path) {
  const entry = BUILD.files[path.split('?')[0]];
  return entry ? entry[0] : null;
}

function languageOf(path) {
  const first = path.split('/')[0];
  return BUILD.languages.includes(first) ? first : BUILD.default;
}

/* A stored copy whose bytes are exactly this build's file, from any of our caches (older builds
 * included: most files do not change between builds, so an update downloads only the changed ones). */
async function reusable(path, names) {
  const want = expected(path);
  for (const name of names) {
    const cache = await caches.open(name);
    const response = await cache.match(address(path), { ignoreSearch: true });
    if (!response) continue;
    const body = await response.arrayBuffer();
    if (await hash(body) === want) return new Response(body, { headers: response.headers });
  }
  return null;
}

/* This build's copy of `path` from the network. The browser's own cache is tried first: the page that
 * set up the worker has just loaded the frame, so keeping it costs nothing; a copy of another build
 * found there is fetched again from the server. */
async function download(path) {
  for (const mode of ['default', 'no-cache']) {
    const fetched = await fetch(address(path), { cache: mode });
    if (!fetched.ok) throw new Error(`${path}: HTTP ${fetched.status}`);
    const body = await fetched.arrayBuffer();
    if (await hash(body) === expected(path)) return new Response(body, { headers: fetched.headers });
  }
  throw new Error(`${path}: not the file of build ${BUILD.version}`);
}

/* Put this build's copy of `path` into `cacheName`: reused if we have it, else downloaded and checked.
 * A path asked for again while it is on its way waits for that download instead of starting another. */
const obtaining = new Map();
function obtain(path, cacheName, oldNames) {
  const id = `${cacheName} ${path}`;
  if (!obtaining.has(id)) {
    obtaining.set(id, (async () => {
      const cache = await caches.open(cacheName);
      if (await cache.match(address(path), { ignoreSearch: true })) return;
      const response = await reusable(path, oldNames) || await download(path);
      await cache.put(address(path), response);
    })().finally(() => obtaining.delete(id)));
  }
  return obtaining.get(id);
}

async function inParallel(items, work, progress) {
  let next = 0;
  let done = 0;
  const runners = Array.from({ length: Math.min(PARALLEL, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
      done += 1;
      if (progress) progress(done, items.length);
    }
  });
  await Promise.all(runners);
}

function ours(name) {
  return name.startsWith(SPACE) && OURS.test(name.slice(SPACE.length));
}

/* This copy's caches of `kind` ('shell' or 'pages') from older builds, newest first. */
async function olderCaches(kind) {
  const own = kind === 'shell' ? SHELL : PAGES;
  return (await caches.keys()).filter((name) => ours(name) && name.startsWith(`${SPACE}${kind}-`) && name !== own)
    .reverse();
}

async function readMeta(name, fallback) {
  try {
    const response = await (await caches.open(META)).match(`/__meta/${name}`);
    return response ? await response.json() : fallback;
  } catch (error) {
    return fallback;   // storage unusable: as if nothing was noted, rather than no answer
  }
}

async function writeMeta(name, value) {
  await (await caches.open(META)).put(`/__meta/${name}`, new Response(JSON.stringify(value)));
}

/* Store a copy; false if storage refused it (full, quota, private mode). A copy we could not keep must
 * never cost the reader the page they asked for, so the error stops here. */
async function keep(cacheName, path, response) {
  try {
    await (await caches.open(cacheName)).put(address(path), response);
    return true;
  } catch (error) {
    return false;
  }
}

/* Post a message to a window. A page being navigated to has no client until its answer arrives, so
 * wait for it a little (bounded: the message is a courtesy, never worth keeping the worker alive). */
async function tell(clientId, message) {
  if (!clientId) return;
  for (let tries = 0; tries < 50; tries += 1) {
    const client = await self.clients.get(clientId);
    if (client) { client.postMessage(message); return; }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function languageFiles(language) {
  return Object.keys(BUILD.files).filter((path) => BUILD.files[path][1].split(' ').includes(language));
}

async function saveLanguage(language, progress) {
  const list = languageFiles(language);
  const old = [...(await olderCaches('pages')), ...(await olderCaches('shell'))];
  await inParallel(list, (path) => obtain(path, PAGES, old), progress);
  const saved = new Set(await readMeta('saved', []));
  saved.add(language);
  await writeMeta('saved', [...saved]);
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    if (BUILD.version === 'dev') throw new Error('sw.js is the template: scripts/offline/pwa.py writes the real worker');
    const oldShells = await olderCaches('shell');
    const oldPages = await olderCaches('pages');
    await inParallel(BUILD.shell, (path) => obtain(path, SHELL, oldShells));
    // Refresh what the reader already had: every page still in this build, and every saved language.
    const had = new Set();
    for (const name of oldPages) {
      for (const request of await (await caches.open(name)).keys()) {
        const path = key(request.url);
        if (path !== null && expected(path)) had.add(path);
      }
    }
    await inParallel([...had], (path) => obtain(path, PAGES, [...oldPages, ...oldShells]));
    for (const language of await readMeta('saved', [])) {
      if (BUILD.languages.includes(language)) await saveLanguage(language);
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (ours(name) && name !== SHELL && name !== PAGES) await caches.delete(name);
    }
    await writeMeta('foreign', []).catch(() => {});   // full storage must not stop the claim
    await self.clients.claim();
  })());
});

/* Pages this worker had to show from a newer build: their scripts, styles and search index come from
 * the network too, never from this build's caches. Kept in a cache, since the worker may be stopped
 * and restarted while such a page is open. */
const foreign = new Set();
let foreignLoaded = null;

async function isForeign(clientId) {
  if (!clientId) return false;
  if (!foreignLoaded) foreignLoaded = readMeta('foreign', []).then((ids) => ids.forEach((id) => foreign.add(id)));
  await foreignLoaded;
  return foreign.has(clientId);
}

async function markForeign(clientId) {
  if (!clientId) return;
  foreign.add(clientId);
  const live = new Set((await self.clients.matchAll({ includeUncontrolled: true })).map((c) => c.id));
  // Remembered in memory even when storage is full: only a restarted worker would forget it.
  await writeMeta('foreign', [...foreign].filter((id) => live.has(id) || id === clientId)).catch(() => {});
}

async function fromCache(path) {
  for (const name of [SHELL, PAGES]) {
    const response = await (await caches.open(name)).match(address(path), { ignoreSearch: true })
      .catch(() => null);
    if (response) return response;
  }
  return null;
}

/* What a page runs or searches: a page of one build must never run another build's code or index. */
const CODE = /\.(js|css|json)$/;

async function offlinePage(path) {
  const page = BUILD.offline[languageOf(path)] || BUILD.offline[BUILD.default];
  const response = page && await fromCache(page);
  if (response) {
    return new Response(await response.blob(), {
      status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'X-Offline-Page': '1' },
    });
  }
  return new Response('Offline', { status: 503, headers: { 'Content-Type': 'text/plain' } });
}

async function respond(event, path) {
  const request = event.request;
  const navigation = request.mode === 'navigate';
  const outdatedClient = !navigation && await isForeign(event.clientId);
  if (!outdatedClient) {
    const cached = await fromCache(path);
    if (cached) return cached;
  }
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    if (navigation) return offlinePage(path);
    throw error;
  }
  if (response.ok && response.type === 'basic' && !outdatedClient) {
    const want = expected(path);
    const body = await response.clone().arrayBuffer();
    if (want && await hash(body) === want) {
      if (!await keep(PAGES, path, response.clone())) {
        // Storage is full: the reader still gets the page, and the page says it was not kept.
        event.waitUntil(tell(navigation ? event.resultingClientId : event.clientId,
                             { type: 'not-kept', page: path }));
      }
    } else if (navigation && (want || (response.headers.get('Content-Type') || '').includes('text/html'))) {
      // The server has a newer build than this worker: show the page, keep it out of this build's
      // caches, and fetch the new worker, which will tell the reader once it is ready.
      await markForeign(event.resultingClientId);
      self.registration.update().catch(() => {});
    } else if (want && CODE.test(path)) {
      // A page of this build asked for code or a search index it never kept, and the server now has
      // another build's copy: refuse it rather than mix builds (search stays unavailable, as when
      // offline), and fetch the new worker, which offers "Reload" once it is ready.
      self.registration.update().catch(() => {});
      return new Response(`${path}: this page's build is no longer on the server; reload the page`, {
        status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Other-Build': '1' },
      });
    }
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const path = key(request.url);
  if (path === null || path === 'sw.js') return;
  if (request.mode !== 'navigate' && expected(path) === null) {
    return;  // not part of any build we know (downloads, reports): the network, untouched
  }
  event.respondWith(respond(event, path));
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  const reply = (message) => event.source && event.source.postMessage(message);
  if (data.type === 'skip-waiting') {
    self.skipWaiting();
  } else if (data.type === 'save-language') {
    let last = 0;
    event.waitUntil(saveLanguage(data.language, (done, total) => {
      const percent = Math.floor((done * 100) / total);
      if (percent !== last) { last = percent; reply({ type: 'save-progress', language: data.language, percent }); }
    }).then(
      () => reply({ type: 'save-done', language: data.language }),
      (error) => reply({ type: 'save-failed', language: data.language, error: String(error),
                         full: !!error && error.name === 'QuotaExceededError' }),
    ));
  } else if (data.type === 'status') {
    event.waitUntil((async () => {
      // The page that installed the worker loaded before the worker ran, and so did the reader's first
      // page (the worker comes with the second): keep them too, from the browser's cache where it has
      // them, and only if they are this build's.
      const foreignPage = await isForeign(event.source && event.source.id);
      for (const address of [data.page, ...(Array.isArray(data.earlier) ? data.earlier.slice(0, 4) : [])]) {
        const page = typeof address === 'string' ? key(address) : null;
        if (page !== null && expected(page) && !foreignPage) await obtain(page, PAGES, []).catch(() => {});
      }
      // And the offline page of its language, shown for the pages this phone does not have.
      if (BUILD.offline[data.language]) await obtain(BUILD.offline[data.language], PAGES, []).catch(() => {});
      const saved = (await readMeta('saved', [])).includes(data.language);
      const cache = await caches.open(PAGES);
      const cached = new Set((await cache.keys()).map((r) => key(r.url)));
      const list = languageFiles(data.language);
      const complete = saved && list.every((path) => cached.has(path));
      reply({ type: 'status', language: data.language, version: BUILD.version, saved: complete,
              cached: [...cached].filter((p) => p !== null) });
    })());
  }
});
