// The version for the visually impaired of the public pages (ГОСТ Р 52872-2019): larger
// type, high contrast, no images. The choice is kept in this browser only, so the pages stay
// the same for every visitor and cacheable. Loaded in <head> to avoid a flash of the
// ordinary version.
(function () {
  var KEY = "low-vision";
  var root = document.documentElement;
  function apply(on) {
    root.classList.toggle("low-vision", on);
    var button = document.getElementById("low-vision-toggle");
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
  }
  var stored = false;
  try { stored = window.localStorage.getItem(KEY) === "1"; } catch (e) { /* storage off */ }
  apply(stored);
  document.addEventListener("DOMContentLoaded", function () {
    apply(root.classList.contains("low-vision"));
    var button = document.getElementById("low-vision-toggle");
    if (!button) return;
    button.addEventListener("click", function () {
      var on = !root.classList.contains("low-vision");
      apply(on);
      try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* storage off */ }
    });
  });
})();
