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

// The theme switch: posted in the background and applied at once, without a reload. Without this
// script the form posts and the server redirects back to the page in the chosen theme.
document.addEventListener("submit", function (e) {
  var form = e.target;
  var choice = e.submitter;
  if (!form.classList.contains("theme-switch") || !choice || !window.fetch) return;
  e.preventDefault();
  // The plain post, should the background one fail (form.submit() sends no submitter, so the choice goes along as a field).
  function post() {
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "theme";
    field.value = choice.value;
    form.appendChild(field);
    form.submit();
  }
  var body = new URLSearchParams(new FormData(form));
  body.set("theme", choice.value);
  fetch(form.action, { method: "POST", body: body, headers: { "X-Hush-Theme": "fetch" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { post(); return; }
      document.documentElement.setAttribute("data-theme", choice.value);
      form.querySelectorAll("button[name=theme]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b === choice));
      });
    })
    .catch(post);
});
// A form marked data-swap-refusals answers a refused save with itself again, the error beside the
// field and the input kept: swap that in like a success instead of only showing the toast.
document.addEventListener("htmx:beforeSwap", function (e) {
  var xhr = e.detail.xhr;
  var sender = e.detail.requestConfig && e.detail.requestConfig.elt;
  var html = (xhr.getResponseHeader("Content-Type") || "").indexOf("text/html") === 0;
  if (xhr.status >= 400 && xhr.status < 500 && html && sender && sender.closest && sender.closest("[data-swap-refusals]")) {
    e.detail.shouldSwap = true;
    e.detail.isError = false;
  }
});
