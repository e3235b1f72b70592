/* stdkit offline: a small service worker written for this site (no library). Written to the site's root
 * by toolkit/site/offline.py, which puts the build's version in VERSION; offline.json maps each page and
 * asset (path under the site) to a hash of its content.
 * - Every guide a person opens is kept on the phone with what it shows (styles, scripts, flowchart, QR).
 * - Pages: from the network when there is one (a rebuilt guide shows its new text), else the kept copy.
 * - Assets: the kept copy when its hash is the current one, else the network.
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
function keyOf(path) { return SCOPE + path + "?v=" + ((MAP && MAP[path]) || "0"); }
function map() {
  if (MAP) return Promise.resolve(MAP);
  return caches.open(CACHE).then(function (c) { return c.match(SCOPE + "offline.json?build=" + VERSION); })
    .then(function (r) { return r || fetch(SCOPE + "offline.json?build=" + VERSION).then(function (n) { keepMap(n.clone()); return n; }); })
    .then(function (r) { return r.json(); })
    .then(function (m) { MAP = m.files || {}; return MAP; })
    .catch(function () { MAP = {}; return MAP; });
}
function keepMap(resp) {
  return caches.open(CACHE).then(function (c) { return c.put(SCOPE + "offline.json?build=" + VERSION, resp); });
}

self.addEventListener("install", function (ev) {
  ev.waitUntil(fetch(SCOPE + "offline.json?build=" + VERSION).then(function (r) {
    if (!r.ok) throw new Error("offline.json");
    return keepMap(r);
  }).then(function () { return self.skipWaiting(); }));
});

/* The new build's worker keeps what is unchanged and drops what changed or is gone. */
self.addEventListener("activate", function (ev) {
  ev.waitUntil(map().then(function (m) {
    return caches.open(CACHE).then(function (c) {
      return c.keys().then(function (keys) {
        return Promise.all(keys.map(function (req) {
          var u = new URL(req.url), path = rel(u.href), v = u.searchParams.get("v");
          if (path === "offline.json") return u.searchParams.get("build") === VERSION ? null : c.delete(req);
          if (path !== null && v !== null && m[path] && v !== m[path]) return c.delete(req);
          return null;
        }));
      });
    });
  }).then(function () { return self.clients.claim(); }));
});

function keep(path, resp) {
  if (!resp || !resp.ok || resp.type === "opaque") return Promise.resolve();
  return caches.open(CACHE).then(function (c) { return c.put(keyOf(path), resp); });
}
function kept(path) {
  return caches.open(CACHE).then(function (c) {
    return c.match(keyOf(path)).then(function (hit) { return hit || c.match(SCOPE + path, { ignoreSearch: true }); });
  });
}
function offlinePage() {
  var html = '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
    '<title>没有网络</title><body style="font:20px/1.6 sans-serif;padding:1em"><h1>没有网络</h1>' +
    "<p>这一页还没有保存在本机。有网络时打开过的办事指南，没有网络时也能看。</p>" +
    '<p><a href="' + SCOPE + '">回到首页</a></p></body></html>';
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

/* Revalidated with the server (a 304 when unchanged): a rebuilt guide never comes from the HTTP cache. */
function fresh(url) { return fetch(url, { cache: "no-cache", credentials: "same-origin" }); }

function page(req, path) {
  return fresh(req.url).then(function (resp) {
    if (resp.ok) { var copy = resp.clone(); map().then(function () { return keep(path, copy); }); }
    return resp;
  }).catch(function () {
    return map().then(function () { return kept(path); }).then(function (hit) { return hit || offlinePage(); });
  });
}
function asset(req, path) {
  return map().then(function (m) {
    return caches.open(CACHE).then(function (c) { return m[path] ? c.match(keyOf(path)) : null; });
  }).then(function (hit) {
    if (hit) return hit;
    return fresh(req.url).then(function (resp) { var copy = resp.clone(); keep(path, copy); return resp; })
      .catch(function () { return kept(path).then(function (k) { return k || Response.error(); }); });
  });
}

self.addEventListener("fetch", function (ev) {
  var req = ev.request, path = rel(req.url);
  if (req.method !== "GET" || path === null || path === "sw.js" || path.indexOf("offline.json") === 0) return;
  var isPage = req.mode === "navigate" || path === "" || /\/$|\.html$/.test(path);
  ev.respondWith(isPage ? page(req, path) : asset(req, path));
});

/* Keep pages (and what they show) on the phone: the station page's button, or the page a person opened
 * before this worker was running. Already kept with the current hash: not downloaded again. */
function save(urls) {
  var done = 0, fetched = 0;
  return map().then(function () {
    return Promise.all(urls.map(function (url) {
      var path = rel(new URL(url, SCOPE).href);
      if (path === null) return null;
      return caches.open(CACHE).then(function (c) { return c.match(keyOf(path)); }).then(function (hit) {
        if (hit) { done++; return hit.clone().text(); }
        return fresh(SCOPE + path).then(function (resp) {
          if (!resp.ok) return "";
          fetched++; done++;
          var copy = resp.clone();
          return keep(path, copy).then(function () { return resp.text(); });
        });
      }).then(function (html) { return html && parts(html, SCOPE + path); });
    }));
  }).then(function () { return { saved: done, fetched: fetched, total: urls.length }; });
}
/* What a saved page shows: its stylesheets, scripts and images under the site. */
function parts(html, base) {
  var re = /(?:src|href)="([^"#?]+\.(?:css|js|svg|png))"/g, m, out = [];
  while ((m = re.exec(html))) {
    var path = rel(new URL(m[1], base).href);
    if (path !== null) out.push(path);
  }
  return Promise.all(out.map(function (path) {
    return caches.open(CACHE).then(function (c) { return c.match(keyOf(path)); }).then(function (hit) {
      return hit || fresh(SCOPE + path).then(function (resp) { return keep(path, resp); }).catch(function () { return null; });
    });
  }));
}

self.addEventListener("message", function (ev) {
  var msg = ev.data || {};
  if (msg.type !== "save" || !Array.isArray(msg.urls)) return;
  var port = ev.ports && ev.ports[0];
  ev.waitUntil(save(msg.urls).then(function (r) { if (port) port.postMessage(r); },
    function () { if (port) port.postMessage({ error: true }); }));
});
