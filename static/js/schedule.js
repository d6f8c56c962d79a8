// The training plan: after htmx replaces a session row (outerHTML), move focus
// to the element the answer marked, so keyboard and screen reader users follow.
// (The swapped-out row is detached, so look in the document, once.)
document.addEventListener("htmx:afterSettle", function () {
  var target = document.querySelector("[data-focus]");
  if (target) {
    target.removeAttribute("data-focus");
    target.focus();
  }
});
