/* stdkit offline: a small service worker written for this site (no library). Written to the site's root
 * by toolkit/site/offline.py, which puts the build's version in VERSION; offline.json maps each page and
 * asset (path under the site) to a hash of its content. The worker hashes what it keeps itself (SHA-256 of
 * the bytes, as offline.py does), so a first visit downloads no map: only a rebuild (cleaning up) and
 * "离线保存本站事项" (skipping what is current) read it.
 * - Every guide a person opens is kept on the phone with what it shows (styles, scripts, flowchart, QR).
 * - Pages: from the network when there is one (a rebuilt guide shows its new text), else the kept copy.
 * - Assets: the kept copy (a rebuild's new worker has dropped those that changed), else the network.
 * - "离线保存本站事项" (message {type: "save", urls}) keeps a station's guides; a guide already kept with its
 *   current hash is not downloaded again.
 * - Cache entries are keyed by path + content hash: after a rebuild a new worker keeps the unchanged
 *   entries and drops the changed ones. */
"use strict";
var VERSION = "__VERSION__";
var CACHE = "stdkit-offline";
var SCOPE = self.registration.scope;
var MAP = null;

function rel(url) {
  var u = String(url).split("#")[0].split("?")[0];
  return u.indexOf(SCOPE) === 0 ? u.slice(SCOPE.length) : null;
}
function map() {
  if (MAP) return Promise.resolve(MAP);
  return fetch(SCOPE + "offline.json?build=" + VERSION).then(function (r) { return r.json(); })
    .then(function (m) { MAP = m.files || {}; return MAP; });
}
function open() { return caches.open(CACHE); }
/* The kept copy of a path and the content hash it was kept under. */
function kept(path) {
  return open().then(function (c) { return c.match(SCOPE + path, { ignoreSearch: true }); });
}
function versionOf(path) {
  return open().then(function (c) { return c.keys(SCOPE + path, { ignoreSearch: true }); })
    .then(function (keys) { return keys.length ? new URL(keys[0].url).searchParams.get("v") : null; });
}
function hex(buf) {
  return Array.prototype.map.call(new Uint8Array(buf), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
}
/* Keep a response under path + the hash of its bytes, in place of any earlier version. */
function keep(path, resp) {
  if (!resp || !resp.ok || resp.type === "opaque") return Promise.resolve();
  var copy = resp.clone();
  return resp.arrayBuffer().then(function (buf) { return crypto.subtle.digest("SHA-256", buf); }).then(function (d) {
    return open().then(function (c) {
      return c.delete(SCOPE + path, { ignoreSearch: true }).then(function () {
        return c.put(SCOPE + path + "?v=" + hex(d).slice(0, 10), copy);
      });
    });
  });
}

self.addEventListener("install", function () { self.skipWaiting(); });

/* A rebuild's worker drops every kept copy whose file changed or is gone (a first install has none). */
self.addEventListener("activate", function (ev) {
  ev.waitUntil(open().then(function (c) {
    return c.keys().then(function (keys) {
      if (!keys.length) return null;
      return map().then(function (m) {
        return Promise.all(keys.map(function (req) {
          var path = rel(req.url), v = new URL(req.url).searchParams.get("v");
          return path !== null && m[path] !== v ? c.delete(req) : null;
        }));
      });
    });
  }).catch(function () { /* offline: clean up next time */ }).then(function () { return self.clients.claim(); }));
});

/* Revalidated with the server (a 304 when unchanged): a rebuilt guide never comes from the HTTP cache. */
function fresh(url) { return fetch(url, { cache: "no-cache", credentials: "same-origin" }); }

function offlinePage() {
  var html = '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
    '<title>没有网络</title><body style="font:20px/1.6 sans-serif;padding:1em"><h1>没有网络</h1>' +
    "<p>这一页还没有保存在本机。有网络时打开过的办事指南，没有网络时也能看。</p>" +
    '<p><a href="' + SCOPE + '">回到首页</a></p></body></html>';
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function page(req, path) {
  return fresh(req.url).then(function (resp) {
    if (resp.ok) keep(path, resp.clone());
    return resp;
  }).catch(function () {
    return kept(path).then(function (hit) { return hit || offlinePage(); });
  });
}
function asset(req, path) {
  return kept(path).then(function (hit) {
    return hit || fresh(req.url).then(function (resp) { keep(path, resp.clone()); return resp; });
  });
}

self.addEventListener("fetch", function (ev) {
  var req = ev.request, path = rel(req.url);
  if (req.method !== "GET" || path === null || path === "sw.js" || path === "offline.json") return;
  var isPage = req.mode === "navigate" || path === "" || /\/$|\.html$/.test(path);
  ev.respondWith(isPage ? page(req, path) : asset(req, path));
});

/* Keep one path unless it is kept with its current hash; resolves to the page's text (for its parts). */
function saveOne(path, current) {
  return Promise.all([kept(path), versionOf(path)]).then(function (k) {
    var hit = k[0];
    if (hit && current && k[1] === current) return hit.text().then(function (t) { return [t, 0]; });
    return fresh(SCOPE + path).then(function (resp) {
      if (!resp.ok) return ["", 0];
      return keep(path, resp.clone()).then(function () { return resp.text(); }).then(function (t) { return [t, 1]; });
    });
  });
}
/* Keep pages and what they show on the phone: the station page's button, or the page a person opened
 * before this worker ran. */
function save(urls, quick) {
  var saved = 0, fetched = 0;
  return (quick ? Promise.resolve({}) : map()).catch(function () { return {}; }).then(function (m) {
    return Promise.all(urls.map(function (url) {
      var path = rel(new URL(url, SCOPE).href);
      if (path === null) return null;
      return saveOne(path, m[path]).then(function (r) {
        if (r[0]) saved++;
        fetched += r[1];
        return r[0] && parts(r[0], SCOPE + path, m);
      });
    }));
  }).then(function () { return { saved: saved, fetched: fetched, total: urls.length }; });
}
/* What a saved page shows: its stylesheets, scripts and images under the site. */
function parts(html, base, m) {
  var re = /(?:src|href)="([^"#?]+\.(?:css|js|svg|png))"/g, hit, out = [];
  while ((hit = re.exec(html))) {
    var path = rel(new URL(hit[1], base).href);
    if (path !== null && out.indexOf(path) < 0) out.push(path);
  }
  return Promise.all(out.map(function (path) { return saveOne(path, m[path]).catch(function () { return null; }); }));
}

self.addEventListener("message", function (ev) {
  var msg = ev.data || {};
  if (msg.type !== "save" || !Array.isArray(msg.urls)) return;
  var port = ev.ports && ev.ports[0];
  ev.waitUntil(save(msg.urls, !!msg.quick).then(function (r) { if (port) port.postMessage(r); },
    function () { if (port) port.postMessage({ error: true }); }));
});
