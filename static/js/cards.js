// Tables marked .table-cards show as cards on phones: each cell is labelled with its
// column's name from the header (the CSS shows the label above the value).
(function () {
  function label(root) {
    root.querySelectorAll("table.table-cards").forEach(function (table) {
      var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (names[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[i]);
        });
      });
    });
  }
  // A table wider than the window scrolls inside its box: the box takes keyboard focus so
  // that it can be scrolled without a mouse, and says what it is.
  function scrollable() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Таблица (прокручивается по горизонтали)");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { label(document); scrollable(); });
  window.addEventListener("resize", scrollable);
  document.addEventListener("htmx:afterSettle", function (event) { label(event.target.closest("table") || document); });
})();
