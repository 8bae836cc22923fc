// The cost-sharing grid (templates/partnerships/_share_grid.html): while one types, each row's running total, and
// rows that are set but do not total 100 % marked; one polite live region says how the row just changed stands and
// how many rows are off. The server checks the same rule when the table is saved; this is only feedback.
(function () {
  "use strict";

  // Shares in hundredths, so that 33.33 + 33.33 + 33.34 is exactly 100.
  function cents(value) {
    var text = String(value || "").trim().replace(",", ".");
    if (text === "") {
      return null;
    }
    var number = Number(text);
    return isFinite(number) ? Math.round(number * 100) : NaN;
  }

  function init(grid) {
    var lang = document.documentElement.lang || undefined;
    var format = new Intl.NumberFormat(lang, { minimumFractionDigits: 0, maximumFractionDigits: 2 });
    var status = document.getElementById("grid-status");
    var rows = Array.prototype.slice.call(grid.querySelectorAll("tr[data-grid-row]"));

    function state(row) {
      var total = 0;
      var blank = true;
      var invalid = false;
      row.querySelectorAll("input[data-grid-row]").forEach(function (input) {
        var value = cents(input.value);
        if (value === null) {
          return;
        }
        if (isNaN(value)) {
          invalid = true;
          return;
        }
        if (value !== 0) {
          blank = false;
        }
        total += value;
      });
      return { total: total, blank: blank && !invalid, off: invalid || (!blank && total !== 10000) };
    }

    function describe(row, s) {
      if (s.blank) {
        return grid.dataset.msgNotSet;
      }
      var text = format.format(s.total / 100) + " %";
      return s.off ? text + " — " + grid.dataset.msgOff : text;
    }

    function update(row) {
      var s = state(row);
      var output = row.querySelector("output");
      if (output) {
        output.textContent = describe(row, s);
      }
      // A row the server refused keeps its red until it is fixed; amber marks a row that is off while typing.
      var refused = row.classList.contains("table-danger");
      row.classList.toggle("table-warning", s.off && !refused);
      if (refused && !s.off) {
        row.classList.remove("table-danger");
      }
      row.dataset.state = s.blank ? "blank" : s.off ? "off" : "ok";
      return s;
    }

    function summary(changed, s) {
      var off = rows.filter(function (row) {
        return row.dataset.state === "off";
      });
      var overall = off.length
        ? grid.dataset.msgRowsOff + " " + off.map(function (row) { return row.dataset.rowLabel; }).join("; ")
        : grid.dataset.msgAllOk;
      var current = changed ? changed.dataset.rowLabel + ": " + describe(changed, s) + ". " : "";
      if (status) {
        status.textContent = current + overall;
      }
    }

    rows.forEach(update);
    summary(null, null);
    grid.addEventListener("input", function (event) {
      var row = event.target.closest ? event.target.closest("tr[data-grid-row]") : null;
      if (row) {
        summary(row, update(row));
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-gsp-grid]").forEach(init);
  });
})();
