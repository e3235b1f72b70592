/* stdkit: the material checklist of a guide page. Each checkbox is named after its material (screen
 * readers), and ticks are kept on this device (localStorage, per page) so they survive a reload. */
(function () {
  "use strict";
  var key = "stdkit-ticks:" + location.pathname.replace(/^\/g\//, "/items/");
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(key) || "{}") || {}; } catch (e) { saved = {}; }
  var boxes = document.querySelectorAll(".md-typeset .task-list-item input[type=checkbox]");
  Array.prototype.forEach.call(boxes, function (box) {
    var item = box.closest("li");
    var strong = item && item.querySelector("strong");
    var name = (strong ? strong.textContent : item ? item.textContent : "").trim();
    box.setAttribute("aria-label", "已准备好：" + name);
    box.disabled = false;
    if (saved[name]) box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) saved[name] = 1; else delete saved[name];
      try { localStorage.setItem(key, JSON.stringify(saved)); } catch (e) { /* private mode: no memory */ }
    });
  });
})();

/* Wide tables scroll sideways on a phone: their scroll area can take keyboard focus and has a name.
 * Material wraps the tables once its bundle has mounted the page (document$). */
(function () {
  "use strict";
  function label() {
    var areas = document.querySelectorAll(".md-typeset__scrollwrap");
    Array.prototype.forEach.call(areas, function (area) {
      area.setAttribute("tabindex", "0");
      area.setAttribute("role", "region");
      area.setAttribute("aria-label", "表格（可左右滑动）");
  });
  }
  if (window.document$) window.document$.subscribe(label); else label();
})();

/* Opening the search box starts downloading the search index, so results are ready by the second
 * character typed (the worker then reads it from the browser cache). */
(function () {
  "use strict";
  var config = document.getElementById("__config");
  if (!config) return;
  var warmed = false;
  function warm() {
    if (warmed) return;
    warmed = true;
    var base = (JSON.parse(config.textContent).base || ".").replace(/\/?$/, "/");
    fetch(new URL(base + "assets/search-index.json", location.href)).catch(function () { /* offline */ });
  }
  var toggle = document.getElementById("__search");
  if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) warm(); });
  document.addEventListener("focusin", function (ev) {
    if (ev.target.classList && ev.target.classList.contains("md-search__input")) warm();
  });
  /* The theme searches on `keyup` only: voice input, pasting or an IME committing text change the box
   * without one, and the citizen would see no results. Such a change is passed on as a keyup. */
  document.addEventListener("input", function (ev) {
    var box = ev.target;
    if (box.classList && box.classList.contains("md-search__input")) box.dispatchEvent(new KeyboardEvent("keyup"));
  });
})();

/* 长辈版: the header's switch turns large text, high contrast and simple layout on and off; the choice is
 * kept on this phone (localStorage) and applied before the first paint by an inline script in <head>.
 * Wide tables become cards: each cell is labelled with its column's heading. */
(function () {
  "use strict";
  var root = document.documentElement;
  function label() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table:not([class])"), function (t) {
      var heads = Array.prototype.map.call(t.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
      Array.prototype.forEach.call(t.querySelectorAll("tbody tr"), function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) { if (heads[i]) td.setAttribute("data-label", heads[i]); });
      });
    });
  }
  function show() {
    var on = root.classList.contains("stdkit-elder");
    Array.prototype.forEach.call(document.querySelectorAll(".stdkit-elder-switch"), function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  document.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest(".stdkit-elder-switch");
    if (!b) return;
    var on = root.classList.toggle("stdkit-elder");
    try { localStorage.setItem("stdkit-elder", on ? "1" : "0"); } catch (e) { /* private mode: this page only */ }
    show();
  });
  function ready() { label(); show(); }
  if (window.document$) window.document$.subscribe(ready); else ready();
})();
