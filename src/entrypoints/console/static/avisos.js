// The console's alerts: the nav's badge (#avisos, refreshed by htmx) says how many conversations
// need a person; with the browser's permission, a notification when a new one arrives. The
// notification says only that, and why: never a number, a name or a message.
(function () {
  "use strict";
  var TITLE = "Una conversación necesita a una persona";
  var KEY = "clinicflow-aviso-visto";
  var supported = "Notification" in window;

  function showButton() {
    var button = document.getElementById("activar-avisos");
    var status = document.getElementById("estado-avisos");
    if (!button) {
      return;
    }
    if (!supported) {
      button.hidden = true;
      if (status) {
        status.textContent = "Este navegador no muestra avisos.";
      }
      return;
    }
    button.hidden = Notification.permission === "granted";
    if (status) {
      status.textContent =
        Notification.permission === "granted"
          ? "Avisos del navegador activados."
          : Notification.permission === "denied"
            ? "El navegador bloqueó los avisos: permítalos en la configuración del sitio."
            : "";
    }
  }

  function ask() {
    if (!supported) {
      return;
    }
    var asked = Notification.requestPermission(showButton);
    if (asked && typeof asked.then === "function") {
      asked.then(showButton);
    }
  }

  function checkBadge(badge) {
    if (!badge || badge.id !== "avisos") {
      return;
    }
    var at = badge.getAttribute("data-at") || "";
    var seen = window.sessionStorage.getItem(KEY);
    window.sessionStorage.setItem(KEY, at);
    // The first look after a page loads sets what was already known; a later, newer one is news.
    if (seen === null || !at || at <= seen) {
      return;
    }
    if (supported && Notification.permission === "granted") {
      new Notification(TITLE, { body: badge.getAttribute("data-reason") || "", tag: "clinicflow-aviso" });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("activar-avisos");
    if (button) {
      button.addEventListener("click", ask);
    }
    showButton();
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    checkBadge(target && target.id === "avisos" ? target : document.getElementById("avisos"));
  });
})();
