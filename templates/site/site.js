// kehoach site: search (the CLI's name rules, on a prebuilt index), status filter, sortable tables.
// No request leaves the page: the index is a script next to this one (window.KEHOACH_INDEX).
(function () {
  "use strict";

  // --- names, as src/kehoach/model/resolve.py reads them ---------------------------------
  var PHRASES = [
    [["uy", "ban", "nhan", "dan"], ["ubnd"]],
    [["trung", "tam"], ["tt"]],
    [["thanh", "pho"], ["tp"]],
    [["thi", "xa"], ["tx"]]
  ];
  var PREFIXES = { p: "phuong", q: "quan", h: "huyen", x: "xa" };
  var SUFFIXES = [["tp", "ha", "noi"], ["ha", "noi"], ["tp"]];

  function words(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  }

  function startsWith(list, i, phrase) {
    for (var k = 0; k < phrase.length; k++) { if (list[i + k] !== phrase[k]) { return false; } }
    return true;
  }

  function canonical(text) {
    var w = words(text), out = [], i = 0;
    while (i < w.length) {
      var matched = false;
      for (var p = 0; p < PHRASES.length; p++) {
        if (startsWith(w, i, PHRASES[p][0])) { out = out.concat(PHRASES[p][1]); i += PHRASES[p][0].length; matched = true; break; }
      }
      if (!matched) {
        var atPrefix = out.length === 0 || (out.length === 1 && out[0] === "ubnd");
        out.push(atPrefix && i + 1 < w.length && PREFIXES[w[i]] ? PREFIXES[w[i]] : w[i]);
        i += 1;
      }
    }
    for (var s = 0; s < SUFFIXES.length; s++) {
      var suf = SUFFIXES[s];
      if (out.length > suf.length && startsWith(out, out.length - suf.length, suf)) { out = out.slice(0, out.length - suf.length); break; }
    }
    if (out.length > 1 && out[0] === "ubnd") { out = out.slice(1); }
    return out;
  }

  function score(entry, query) {
    var q = query.join(" "), best = 0;
    for (var k = 0; k < entry.keys.length; k++) {
      var key = entry.keys[k];
      if (key === q) { return 4; }
      if (key.indexOf(q + " ") === 0) { best = Math.max(best, 3); continue; }
      var kw = key.split(" "), all = true;
      for (var i = 0; i < query.length && all; i++) {
        var hit = false;
        for (var j = 0; j < kw.length; j++) { if (kw[j].indexOf(query[i]) === 0) { hit = true; break; } }
        all = hit;
      }
      if (all) { best = Math.max(best, 2); }
    }
    return best;
  }

  // Folding drops the diacritics, which merge distinct Vietnamese words ("số hóa" and "sở hòa"): a task
  // whose own words hold what was typed, diacritics and all, ranks first.
  function exact(entry, typed) {
    return entry.text && typed.length > 1 && entry.text.indexOf(typed) >= 0;
  }

  function search(text) {
    var query = canonical(text), found = [], typed = text.normalize("NFC").toLowerCase().split(/\s+/).join(" ").trim();
    if (!query.length) { return found; }
    var index = window.KEHOACH_INDEX || [];
    for (var n = 0; n < index.length; n++) {
      var s = score(index[n], query);
      if (s > 0) { found.push({ entry: index[n], score: s + (index[n].live ? 0.5 : 0) + (exact(index[n], typed) ? 2 : 0), order: n }); }
    }
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found.slice(0, 8).map(function (f) { return f.entry; });
  }

  // --- the search box ---------------------------------------------------------------------
  function setupSearch(form) {
    var input = form.querySelector("input"), list = form.querySelector("ul"), root = form.getAttribute("data-root") || "";
    var active = -1, shown = [];

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; }
    function mark() {
      var items = list.querySelectorAll("li");
      for (var i = 0; i < items.length; i++) { items[i].setAttribute("aria-selected", i === active ? "true" : "false"); }
      if (active >= 0) { input.setAttribute("aria-activedescendant", items[active].id); }
    }
    function render() {
      shown = search(input.value);
      list.textContent = "";
      if (!shown.length) {
        if (input.value.trim()) {
          var none = document.createElement("li");
          none.className = "none"; none.textContent = "Không tìm thấy cơ quan hay nhiệm vụ nào.";
          list.appendChild(none); list.hidden = false; input.setAttribute("aria-expanded", "true");
        } else { close(); }
        return;
      }
      shown.forEach(function (entry, i) {
        var li = document.createElement("li"), a = document.createElement("a"), hint = document.createElement("span");
        li.id = "ket-qua-" + i; li.setAttribute("role", "option");
        a.href = root + entry.path; a.textContent = entry.label;
        hint.className = "hint"; hint.textContent = entry.hint;
        li.appendChild(a); li.appendChild(document.createTextNode(" ")); li.appendChild(hint);
        list.appendChild(li);
      });
      active = 0; mark();
      list.hidden = false; input.setAttribute("aria-expanded", "true");
    }
    input.addEventListener("input", render);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && shown.length) { active = (active + 1) % shown.length; mark(); event.preventDefault(); }
      else if (event.key === "ArrowUp" && shown.length) { active = (active - 1 + shown.length) % shown.length; mark(); event.preventDefault(); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter") {
        event.preventDefault();
        if (shown.length) { window.location.href = root + shown[Math.max(active, 0)].path; }
      }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) { close(); } });
  }

  // --- the status page: filter and sort ---------------------------------------------------
  function setupFilter(select) {
    var table = document.getElementById("bang-trang-thai"), counter = document.getElementById("so-dong");
    function apply() {
      var rows = table.tBodies[0].rows, shownRows = 0;
      for (var i = 0; i < rows.length; i++) {
        var show = !select.value || rows[i].getAttribute("data-state") === select.value;
        rows[i].hidden = !show; if (show) { shownRows++; }
      }
      counter.textContent = shownRows + " cơ quan, đơn vị";
    }
    select.addEventListener("change", apply);
    apply();
  }

  function setupSort(table) {
    var buttons = table.tHead.querySelectorAll("button");
    Array.prototype.forEach.call(buttons, function (button, column) {
      button.addEventListener("click", function () {
        var th = button.parentNode, ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.querySelectorAll("th"), function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = button.getAttribute("data-type") === "number", body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column], r;
          if (numeric) { r = Number(x.getAttribute("data-value") || 0) - Number(y.getAttribute("data-value") || 0); }
          else { r = x.textContent.trim().localeCompare(y.textContent.trim(), "vi"); }
          return ascending ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  document.querySelectorAll("form.search").forEach(setupSearch);
  var filter = document.getElementById("loc-trang-thai");
  if (filter) { setupFilter(filter); }
  document.querySelectorAll("table.sortable").forEach(setupSort);
  window.kehoachSearch = search; // for the browser tests
})();
