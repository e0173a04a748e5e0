// Filters folded behind "Bộ lọc" on phones: opened on screens at least as wide as data-open-from.
document.querySelectorAll("details[data-open-from]").forEach(function (details) {
  if (window.matchMedia("(min-width: " + details.dataset.openFrom + ")").matches) details.open = true;
});
