/* stdkit: what a guide page (an item, a 一件事, a station) needs of the theme's JavaScript, in place of
 * Material's bundle (≈ 34 KB gzip, most of it features these pages never show). The page is Material's
 * own HTML and stylesheet: the menu drawer and its sections open by CSS (checkboxes and labels); this
 * script adds only the search dialog (talking to the same search worker, assets/stdkit-search.js, with
 * the theme's message protocol, result markup and phone scroll lock), the wrapper that lets wide tables
 * scroll and the height of the desktop sidebars.
 * Chosen per page by toolkit/site/pages.py (front matter `theme: guide`); other pages keep the bundle. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL((config.base || ".").replace(/\/?$/, "/"), location.href);
  var t = config.translations || {};
  var root = document.documentElement;
  root.classList.remove("no-js");  /* the theme's stylesheet shows search only with script, as the bundle does */
  root.classList.add("js");

  /* Desktop: the menu and contents columns stick below the header and scroll within the window (the
   * theme sizes them by script; on a phone the menu is a full-height drawer and keeps its own height). */
  var sidebars = document.querySelectorAll(".md-sidebar");
  function fit() {
    Array.prototype.forEach.call(sidebars, function (el) {
      if (getComputedStyle(el).position !== "sticky") { el.style.height = ""; return; }
      el.style.height = Math.max(0, innerHeight - Math.max(0, el.getBoundingClientRect().top)) + "px";
    });
  }
  fit();
  addEventListener("resize", fit);
  addEventListener("scroll", fit, { passive: true });

  /* Wide tables: the theme's wrapper (a scroll area the 长辈版 and the stylesheet expect). */
  Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table:not([class])"), function (table) {
    if (table.parentNode.classList.contains("md-typeset__table")) return;
    var wrap = document.createElement("div"), inner = document.createElement("div");
    wrap.className = "md-typeset__scrollwrap";
    inner.className = "md-typeset__table";
    table.parentNode.insertBefore(wrap, table);
    wrap.appendChild(inner);
    inner.appendChild(table);
  });

  var toggle = document.getElementById("__search");
  var box = document.querySelector(".md-search__input");
  var meta = document.querySelector(".md-search-result__meta");
  var list = document.querySelector(".md-search-result__list");
  if (!toggle || !box || !meta || !list || !config.search) return;

  var worker = null, ready = false, asked = null, shown = null;
  function start() {
    if (worker) return;
    worker = new Worker(new URL(config.search, base));
    worker.addEventListener("message", function (ev) {
      var msg = ev.data;
      if (msg.type === 1) {  /* READY */
        ready = true;
        meta.textContent = t["search.result.placeholder"] || "";
        send();
      } else if (msg.type === 3) render(msg.data.items || []);
    });
    worker.postMessage({ type: 0, data: { config: { lang: [], separator: "", pipeline: [] }, docs: [] } });
  }
  function send() {
    var q = box.value;
    if (!ready || q === asked) return;
    asked = q;
    if (!q.trim()) { render([]); return; }
    list.textContent = "";  /* no result of an earlier query is shown for this one */
    worker.postMessage({ type: 2, data: q });
  }
  function count(n) {
    if (!box.value.trim()) return t["search.result.placeholder"] || "";
    if (n === 0) return t["search.result.none"] || "";
    if (n === 1) return t["search.result.one"] || "";
    return (t["search.result.other"] || "#").replace("#", String(n));
  }
  /* The theme's markup for a result; title and text come escaped (with <mark>) from the worker. */
  function render(items) {
    shown = asked;
    list.textContent = "";
    var real = items.filter(function (group) { return group[0] && group[0].score > 0; }).length;
    items.forEach(function (group) {
      var doc = group[0];
      if (!doc) return;
      var li = document.createElement("li"), a = document.createElement("a");
      li.className = "md-search-result__item";
      a.className = "md-search-result__link";
      a.href = new URL(doc.location, base).href;
      a.tabIndex = -1;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      article.setAttribute("data-md-score", String(Math.round(doc.score * 100) / 100));
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      var h = document.createElement("h1");
      h.innerHTML = doc.title;
      article.appendChild(icon);
      article.appendChild(h);
      if (doc.text) {
        var p = document.createElement("p");
        p.innerHTML = doc.text;
        article.appendChild(p);
      }
      a.appendChild(article);
      li.appendChild(a);
      list.appendChild(li);
    });
    meta.textContent = count(real);
  }

  /* On a phone the open dialog covers the page, which stays where it was (the theme's scroll lock). */
  var phone = matchMedia("(max-width: 59.984375em)"), lockedAt = null;
  function lock(on) {
    var body = document.body;
    if (on && phone.matches && lockedAt === null) {
      lockedAt = scrollY;
      body.setAttribute("data-md-scrolllock", "");
      body.style.top = -lockedAt + "px";
    } else if (!on && lockedAt !== null) {
      body.removeAttribute("data-md-scrolllock");
      body.style.top = "";
      scrollTo(0, lockedAt);
      lockedAt = null;
    }
  }
  function open(on) {
    if (toggle.checked !== on) toggle.checked = on;
    lock(on);
    if (on) { start(); box.focus(); } else box.blur();
  }
  toggle.addEventListener("change", function () { open(toggle.checked); });
  box.addEventListener("focus", function () { if (!toggle.checked) open(true); else start(); });
  box.addEventListener("input", send);
  box.addEventListener("keyup", send);
  box.form.addEventListener("reset", function () { setTimeout(function () { send(); box.focus(); }, 0); });
  box.form.addEventListener("submit", function (ev) {
    ev.preventDefault();  /* Enter opens the first result */
    var first = list.querySelector("a.md-search-result__link");
    if (first && shown === box.value) location.href = first.href;
  });
  list.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest("a")) open(false);
  });
  document.addEventListener("keydown", function (ev) {
    var typing = ev.target && /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName) || ev.target.isContentEditable;
    if (toggle.checked && ev.key === "Escape") { ev.preventDefault(); open(false); return; }
    if (!toggle.checked && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey && /^[/sf]$/.test(ev.key)) {
      ev.preventDefault();
      open(true);
    }
  });
})();
