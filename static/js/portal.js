// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  // The DKFDS "session udløber" warning: ask the server how long is left
  // (other tabs may have kept the session alive), warn before the idle timeout.
  function sessionTimeout() {
    var dialog = document.getElementById("session-timeout");
    if (!dialog || !window.DKFDS || !window.DKFDS.Modal) { return; }
    var modal = new window.DKFDS.Modal(dialog);
    var warnSeconds = parseInt(dialog.getAttribute("data-warn-seconds"), 10) || 300;
    var timer = null;
    var shown = false;

    function schedule(seconds) {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, Math.max(5, seconds) * 1000);
    }
    function check() {
      fetch(dialog.getAttribute("data-status-url"), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (status) {
          if (!status.signed_in || status.seconds_left <= 0) {
            window.location.assign(dialog.getAttribute("data-signed-out-url"));
            return;
          }
          if (status.seconds_left <= warnSeconds) {
            if (!shown) { modal.show(); shown = true; }
            schedule(status.seconds_left);
          } else {
            if (shown) { modal.hide(); shown = false; }
            schedule(status.seconds_left - warnSeconds);
          }
        })
        .catch(function () { schedule(60); });
    }
    dialog.querySelector("[data-session-extend]").addEventListener("click", function () {
      fetch(dialog.getAttribute("data-extend-url"), {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" }
      }).then(function () {
        modal.hide(); shown = false; check();
      });
    });
    // A tab that comes back from the background asks again at once.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { check(); }
    });
    check();
  }

  // DKFDS writes its own Danish "Mere" on the phone menu's overflow button:
  // give it the page's language.
  function translateMoreButton() {
    var nav = document.querySelector("[data-more-label]");
    var label = document.querySelector(".more-button span");
    if (nav && label) { label.textContent = nav.getAttribute("data-more-label"); }
  }

  // A question that only matters for one answer of another (data-shown-when="name=value"):
  // without JavaScript it stays visible, and the server ignores it for the other answers.
  function conditionalQuestions() {
    document.querySelectorAll("[data-shown-when]").forEach(function (block) {
      var rule = block.getAttribute("data-shown-when").split("=");
      var radios = document.querySelectorAll('input[name="' + rule[0] + '"]');
      function update() {
        var chosen = document.querySelector('input[name="' + rule[0] + '"]:checked');
        block.hidden = !chosen || chosen.value !== rule[1];
      }
      radios.forEach(function (radio) { radio.addEventListener("change", update); });
      update();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.DKFDS) { window.DKFDS.init(); }
    conditionalQuestions();
    translateMoreButton();
    window.addEventListener("resize", translateMoreButton);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    sessionTimeout();
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (window.DKFDS) { window.DKFDS.init({ scope: event.detail.target }); }
    var focus = event.detail.target.querySelector("[data-focus]");
    if (focus) { focus.focus(); }
  });
})();
