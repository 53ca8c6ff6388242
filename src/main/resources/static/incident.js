// An incident's page at 2 AM: one key per action, never while typing into a field.
(function () {
  var help = document.getElementById("shortcuts");

  function click(id) {
    var button = document.getElementById(id);
    if (button && !button.disabled) button.click();
  }

  function focus(element) {
    if (!element) return;
    element.scrollIntoView({ block: "center" });
    element.focus();
  }

  document.querySelectorAll("[data-help]").forEach(function (b) {
    b.addEventListener("click", function () { if (help) help.showModal(); });
  });

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var field = e.target.closest && e.target.closest("input, textarea, select, [contenteditable]");
    if (field) {
      if (e.key === "Escape") e.target.blur();
      return;
    }
    if (help && help.open) return;
    switch (e.key) {
      case "?": if (help) help.showModal(); break;
      case "a": click("ack"); break;
      case "r": click("resolve"); break;
      case "e": click("escalate-now"); break;
      case "l": focus(document.querySelector("#log-form select[name=action]")); break;
      case "s": focus(document.getElementById("snooze-minutes")); break;
      default: return;
    }
    e.preventDefault();
  });
})();
