/* stdkit citizen search: a search worker for Material for MkDocs (its documented custom-worker
 * protocol: SETUP 0 -> READY 1, QUERY 2 -> RESULT 3). Loads assets/search-index.json, written by
 * toolkit/site/search.py: rows [location, title, kind, everyday names, text, derived names], a pinyin table
 * (toneless syllable -> characters), near-spellings and what to offer when nothing is found.
 * Query and pages are compared with the same units: the whole query string, then its character bigrams
 * (so 出生 finds 出生登记, 残疾证 finds 残疾人证办理 through its everyday name). When the characters match
 * nothing, both sides are compared again by sound: every syllable becomes one token character, so the same
 * comparison finds 低保 for 低宝, 身份证丢了 for 身分证丢了, and 低保 for typed pinyin "dibao".
 * No network, no library. */
"use strict";
var DOCS = null;
var KIND_BONUS = { b: 8, i: 4, p: 0, v: -6, o: -2 };
var BAND = 10;  /* scores within one band are an equal match */
var SOUND_WEIGHT = 0.8;  /* a match by sound ranks below the same match by characters */
var SOUND = {}, SYLLABLES = [], NEAR = {}, HELP = null;
var MAX_RESULTS = 30;
/* Words citizens add around what they want ("开旅店要什么材料"): dropped from the query. */
var FILLER = /需要|哪些|什么|怎么|如何|在哪里|在哪儿|在哪|哪里|去哪|材料|手续|流程|要带|证件/g;

function esc(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
function norm(s) {
  return String(s).toLowerCase().replace(/[\s\u3000\u200b，。、；：？！“”‘’（）()《》·,.;:?!'"\-]+/g, "");
}
function grams(q) {
  if (q.length < 2) return [q];
  var out = [];
  for (var i = 0; i + 2 <= q.length; i++) out.push(q.slice(i, i + 2));
  return out;
}
function coverage(gs, s) {
  var n = 0;
  for (var i = 0; i < gs.length; i++) if (s.indexOf(gs[i]) >= 0) n++;
  return n / gs.length;
}

/* Score of one query part against one page; 0 = no match. */
function scorePart(q, d) {
  var t = d.t, tags = d.g, x = d.x, i, best = 0;
  if (t === q) return 100;
  for (i = 0; i < tags.length; i++) {
    if (tags[i] === q) best = Math.max(best, 90);
    else if (tags[i].length >= 2 && q.indexOf(tags[i]) >= 0) best = Math.max(best, 55 + 20 * tags[i].length / q.length);
    else if (q.length >= 2 && tags[i].indexOf(q) >= 0) best = Math.max(best, 50);
  }
  var at = t.indexOf(q);
  if (at >= 0) best = Math.max(best, 60 + 20 * q.length / t.length + (at === 0 ? 5 : 0));
  if (best) return best;
  if (q.length >= 2 && x.indexOf(q) >= 0) return 25;
  var gs = grams(q);
  var c = Math.max(coverage(gs, t), coverage(gs, tags.join("|")));
  if (c >= 0.6) return 40 * c;
  c = coverage(gs, x);
  return c >= 0.75 ? 15 * c : 0;
}

/* The text as syllable tokens (one private-use character per syllable); characters without a reading
 * are kept. Latin letters are split greedily into the longest known syllables ("dibao" -> di bao). */
function sound(s) {
  var out = "", i = 0;
  while (i < s.length) {
    var c = s.charAt(i);
    if (SOUND[c]) { out += SOUND[c]; i++; continue; }
    if (/[a-z]/.test(c)) {
      var n = 6, tok = null;
      for (; n > 0 && !tok; n--) tok = SOUND[" " + s.substr(i, n)] && s.substr(i, n);
      if (tok) { out += SOUND[" " + tok]; i += tok.length; continue; }
    }
    out += c; i++;
  }
  return out;
}
function nearly(q) {
  var out = "";
  for (var i = 0; i < q.length; i++) out += NEAR[q.charAt(i)] || q.charAt(i);
  return out;
}
function scoreAll(q, d) {
  var s = scorePart(q, d), n = nearly(q);
  if (n !== q) s = Math.max(s, scorePart(n, d));
  if (s >= 60) return s;
  return Math.max(s, SOUND_WEIGHT * scorePart(sound(n), d.s));
}

function highlight(text, parts) {
  var s = esc(text);
  for (var i = 0; i < parts.length; i++) {
    var p = esc(parts[i]);
    if (p) s = s.split(p).join("<mark>" + p + "</mark>");
  }
  return s;
}

function search(query) {
  var raw = [], parts = [];
  String(query).split(/[\s\u3000]+/).forEach(function (w) {
    var q = norm(w), f = q.replace(FILLER, "");
    if (f) { raw.push(w); parts.push(f); }
  });
  if (!parts.length) {  /* only filler words: search them as typed */
    raw = String(query).split(/[\s\u3000]+/).filter(Boolean);
    parts = raw.map(norm).filter(Boolean);
  }
  if (!parts.length || !DOCS) return { items: [] };
  var hits = rank(parts, raw);
  if (!hits.length) return { items: helpItems() };
  return {
    items: hits.slice(0, MAX_RESULTS).map(function (h) {
      var note = h.d.names.length ? "也叫：" + h.d.names.join("、") : "";
      return [{
        location: h.d.l,
        title: highlight(h.d.title, raw),
        text: highlight(note || h.d.text.slice(0, 60), raw),
        score: h.score,
        terms: h.terms
      }];
    })
  };
}

/* Nothing found: the ways on that need no search (browse by life event), and the phones to ask. */
function helpItems() {
  if (!HELP) return [];
  var tel = "拨打政务服务热线 " + esc(HELP.hotline) + (HELP.phone ? "，或" + esc(HELP.centre) + " " + esc(HELP.phone) : "");
  return HELP.browse.map(function (b, i) {
    return [{ location: b.l, title: "没有找到？按" + esc(b.t) + "查找", text: i ? "" : tel, score: 0, terms: {} }];
  });
}

function rank(parts, raw) {
  var hits = [];
  for (var i = 0; i < DOCS.length; i++) {
    var d = DOCS[i], score = 0, terms = {}, ok = true;
    for (var j = 0; j < parts.length; j++) {
      var s = scoreAll(parts[j], d);
      terms[raw[j]] = s > 0;
      if (!s) { ok = false; break; }
      score += s;
    }
    if (ok) {
      score /= parts.length;
      hits.push({ d: d, band: Math.floor(score / BAND), score: score + KIND_BONUS[d.k], terms: terms });
    }
  }
  /* An equal match (same band: both titles contain the query, both names equal it …) ranks by kind first:
   * a 一件事, then a complete guide, then a 待补充 one (结婚登记 above 结婚登记预约). */
  hits.sort(function (a, b) {
    return b.band - a.band || KIND_BONUS[b.d.k] - KIND_BONUS[a.d.k] || b.score - a.score ||
      a.d.t.length - b.d.t.length || (a.d.l < b.d.l ? -1 : 1);
  });
  return hits;
}

/* The index (≈ 35 KB gzip for 1,341 items) is fetched on the first query, not with the page: a phone that
 * opened a guide from a QR code never pays for it. stdkit.js warms it when the search box opens. */
var LOADING = false, PENDING = null;
function load(done) {
  LOADING = true;
  fetch(new URL("search-index.json", self.location.href)).then(function (r) { return r.json(); })
    .then(function (data) {
      var syl = Object.keys(data.py || {}).sort();
      syl.forEach(function (p, n) {
        var tok = String.fromCharCode(0xE000 + n);
        SOUND[" " + p] = tok;
        for (var k = 0; k < data.py[p].length; k++) if (!SOUND[data.py[p].charAt(k)]) SOUND[data.py[p].charAt(k)] = tok;
      });
      NEAR = data.near || {};
      HELP = data.help || null;
      DOCS = data.docs.map(function (r) {
        var g = r[3].concat(r[5] || []).map(norm), t = norm(r[1]);
        return { l: r[0], title: r[1], t: t, k: r[2], names: r[3], g: g, text: r[4], x: norm(r[4]),
                 s: { t: sound(t), g: g.map(sound), x: "" } };
      });
      done();
    });
}

function answer(query) {
  if (!String(query).trim() || DOCS) {  /* the theme sends an empty query when the page loads */ self.postMessage({ type: 3, data: search(query) }); return; }
  PENDING = query;  /* only the latest query is answered once the index is in */
  if (!LOADING) load(function () { answer(PENDING); });
}

self.addEventListener("message", function (ev) {
  var msg = ev.data;
  if (msg.type === 0) self.postMessage({ type: 1 });
  else if (msg.type === 2) answer(msg.data);
});
