(function () {
  "use strict";
  // Filters: each select names a row data attribute. A waived finding
  // matches only the "waived" status. The state lives in the URL fragment
  // (#status=fail&level=basic), which the page reads on load.
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.finding"));
  var shown = document.getElementById("shown");

  function matches(row, key, value) {
    if (!value) return true;
    if (key === "status") {
      if (value === "waived") return row.dataset.waived === "true";
      return row.dataset.waived !== "true" && row.dataset.status === value;
    }
    return row.dataset[key] === value;
  }

  function apply() {
    var count = 0;
    rows.forEach(function (row) {
      var visible = selects.every(function (s) { return matches(row, s.dataset.filter, s.value); });
      row.hidden = !visible;
      if (visible) count++;
    });
    shown.textContent = count + " of " + rows.length + " findings shown";
  }

  function wanted() {
    var p = new URLSearchParams(location.search);
    new URLSearchParams(location.hash.replace(/^#/, "")).forEach(function (v, k) { p.set(k, v); });
    return p;
  }

  function load() {
    var p = wanted();
    selects.forEach(function (s) {
      var v = p.get(s.dataset.filter);
      var known = Array.prototype.some.call(s.options, function (o) { return o.value === v; });
      s.value = known ? v : "";
    });
    apply();
  }

  selects.forEach(function (s) {
    s.addEventListener("change", function () {
      apply();
      var p = new URLSearchParams();
      selects.forEach(function (x) { if (x.value) p.set(x.dataset.filter, x.value); });
      history.replaceState(null, "", p.toString() ? "#" + p.toString() : location.pathname + location.search);
    });
  });
  window.addEventListener("hashchange", load);

  // Print every finding's details, then restore what was open.
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
  });

  document.documentElement.classList.add("js");
  load();
})();
