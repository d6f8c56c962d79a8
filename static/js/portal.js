// Progressive enhancement only: every page works without this file.
document.documentElement.classList.remove("no-js");
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) { window.DKFDS.init(); }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});
document.addEventListener("htmx:afterSwap", function (event) {
  if (window.DKFDS) { window.DKFDS.init({ scope: event.detail.target }); }
  var focus = event.detail.target.querySelector("[data-focus]");
  if (focus) { focus.focus(); }
});
