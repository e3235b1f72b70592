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

/* Offline: the site's service worker (sw.js, toolkit/site/offline.py) keeps every guide opened on this
 * phone; a banner says when there is no network; a station's page offers to keep all its guides. */
(function () {
  "use strict";
  var config = document.getElementById("__config");
  if (!("serviceWorker" in navigator) || !config || !/^https?:$/.test(location.protocol)) return;
  var base = new URL((JSON.parse(config.textContent).base || ".").replace(/\/?$/, "/"), location.href).href;
  /* The worker of the site's latest build (after a rebuild, saving waits for the new one to take over). */
  function latest() {
    return navigator.serviceWorker.ready.then(function (reg) {
      return reg.update().catch(function () { /* offline */ }).then(function () {
        var next = reg.installing || reg.waiting;
        if (!next) return reg;
        return new Promise(function (resolve) {
          next.addEventListener("statechange", function () {
            if (next.state === "activated" || next.state === "redundant") resolve(reg);
          });
        });
      });
    });
  }
  function ask(msg, update) {
    return (update ? latest() : navigator.serviceWorker.ready).then(function (reg) {
      return new Promise(function (resolve) {
        var chan = new MessageChannel();
        chan.port1.onmessage = function (ev) { resolve(ev.data); };
        reg.active.postMessage(msg, [chan.port2]);
      });
    });
  }
  var wasControlled = !!navigator.serviceWorker.controller;
  navigator.serviceWorker.register(base + "sw.js").then(function () {
    /* The first page opened on this phone came before the worker: keep it now. */
    if (!wasControlled) ask({ type: "save", urls: [location.href.split("#")[0]], quick: true });
  }).catch(function () { /* no worker (stdkit serve): online only */ });

  var banner = null;
  function online() {
    if (navigator.onLine) { if (banner) banner.hidden = true; return; }
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "stdkit-offline";
      banner.setAttribute("role", "status");
      banner.textContent = "没有网络：显示的是保存在本机的办事指南，可能不是最新的。";
      document.body.insertBefore(banner, document.body.firstChild);
    }
    banner.hidden = false;
  }
  window.addEventListener("online", online);
  window.addEventListener("offline", online);
  online();

  function station() {
    Array.prototype.forEach.call(document.querySelectorAll(".stdkit-save"), function (box) {
      var button = box.querySelector("button"), status = box.querySelector(".stdkit-save-status");
      box.hidden = false;
      button.addEventListener("click", function () {
        var urls = [location.href.split("#")[0]];
        Array.prototype.forEach.call(document.querySelectorAll(".md-content a[href]"), function (a) {
          if (/\/items\/[^/]+\/$/.test(a.href.split("#")[0]) && urls.indexOf(a.href.split("#")[0]) < 0) urls.push(a.href.split("#")[0]);
        });
        button.disabled = true;
        status.textContent = "正在保存 " + (urls.length - 1) + " 个事项……";
        ask({ type: "save", urls: urls }, true).then(function (r) {
          button.disabled = false;
          status.textContent = r && !r.error
            ? "已保存本站 " + (r.saved - 1) + " 个事项的办事指南，没有网络时也能打开。"
            : "保存没有完成，请在有网络时再试。";
        });
      });
    });
  }
  if (window.document$) window.document$.subscribe(station); else station();
})();

/* A station's own page (stations/<id>/): its name, phone and hours are kept on the phone, and a guide of
 * an item the village stations handle shows them ("您的便民服务站"), also when opened later or offline. */
(function () {
  "use strict";
  var KEY = "stdkit-station";
  function here() {
    var box = document.querySelector(".stdkit-station-here");
    if (!box) return;
    var h1 = document.querySelector(".md-content h1"), tel = box.querySelector(".stdkit-st-phone a");
    var hours = box.querySelector(".stdkit-st-hours");
    var data = { name: h1 ? h1.textContent.trim() : "", phone: tel ? tel.textContent.trim() : "",
                 hours: hours ? hours.textContent.trim() : "", url: location.pathname };
    try { localStorage.setItem(KEY, JSON.stringify(data)); } catch (e) { /* private mode */ }
  }
  function guide() {
    var slot = document.querySelector(".stdkit-station");
    if (!slot) return;
    var s = null;
    try { s = JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { s = null; }
    if (!s || !s.name) return;
    slot.textContent = "";
    var b = document.createElement("strong");
    b.textContent = "您的便民服务站";
    var link = document.createElement("a");
    link.href = s.url;
    link.textContent = s.name;
    slot.appendChild(b);
    slot.appendChild(document.createTextNode("："));
    slot.appendChild(link);
    if (s.phone) {
      var tel = document.createElement("a");
      tel.href = "tel:" + s.phone.replace(/[^0-9+]/g, "");
      tel.textContent = s.phone;
      slot.appendChild(document.createTextNode("；电话 "));
      slot.appendChild(tel);
    }
    if (s.hours) slot.appendChild(document.createTextNode("；开放时间 " + s.hours));
    slot.hidden = false;
  }
  function ready() { here(); guide(); }
  if (window.document$) window.document$.subscribe(ready); else ready();
})();
