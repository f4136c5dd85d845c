// Buttons marked data-print open the browser's print dialog (no inline handlers: CSP).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (!button) return;
  event.preventDefault();
  window.print();
});
