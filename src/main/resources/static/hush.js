// Show the detail of a refused htmx request (htmx does not swap 4xx/5xx bodies by itself).
document.addEventListener("htmx:responseError", function (e) {
  var toast = document.getElementById("toast");
  if (!toast) return;
  var text = e.detail.xhr.statusText;
  try { text = JSON.parse(e.detail.xhr.responseText).detail || text; } catch (ignored) {}
  toast.textContent = text;
  toast.className = "show";
  setTimeout(function () { toast.className = ""; }, 6000);
});

// "Back" links go back in history (inline handlers and javascript: URLs are refused by the CSP).
document.addEventListener("click", function (e) {
  var link = e.target.closest && e.target.closest("a[data-back]");
  if (link && history.length > 1) {
    e.preventDefault();
    history.back();
  }
});
