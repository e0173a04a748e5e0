// "Print this page" buttons: shown only when scripts run (no inline handler, so a strict CSP allows it).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
