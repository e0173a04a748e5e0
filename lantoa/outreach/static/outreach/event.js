// The event page's "print this page" button (a static file: the portal's CSP allows no inline script).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
