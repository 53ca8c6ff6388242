// Meeting mode: the running section's countdown, keyboard shortcuts, and notes saved as they are typed.
(function () {
  var body = document.body;
  var reviewId = body.dataset.review;
  // The server's clock at render time, so a laptop whose clock is off still counts down right.
  var skew = body.dataset.now ? Number(body.dataset.now) - Date.now() : 0;

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function format(seconds) {
    var s = Math.abs(Math.round(seconds));
    return (seconds < 0 ? "+" : "") + Math.floor(s / 60) + ":" + pad(s % 60);
  }

  function tick() {
    document.querySelectorAll("section[data-minutes]").forEach(function (section) {
      var clock = section.querySelector(".countdown");
      if (!clock) return;
      var box = Number(section.dataset.minutes) * 60;
      if (!section.dataset.started) {
        clock.textContent = format(box);
        return;
      }
      var end = section.dataset.ended ? Number(section.dataset.ended) : Date.now() + skew;
      var left = box - (end - Number(section.dataset.started)) / 1000;
      clock.textContent = format(left);
      clock.classList.toggle("overrun", left < 0);
      clock.classList.toggle("ending", left >= 0 && left < 60);
      clock.title = left < 0 ? "over the timebox: wrap up and move on" : "time left in this section";
    });
  }

  if (document.querySelector("section[data-minutes]")) {
    tick();
    setInterval(tick, 1000);
  }

  function visibleSection() {
    return document.querySelector("section.meeting-section:not([hidden])");
  }

  function click(selector) {
    var s = visibleSection();
    var button = s && s.querySelector(selector);
    if (button && !button.disabled) button.click();
  }

  var help = document.getElementById("shortcuts");
  document.querySelectorAll("[data-help]").forEach(function (b) {
    b.addEventListener("click", function () { if (help) help.showModal(); });
  });

  document.addEventListener("keydown", function (e) {
    if (!body.classList.contains("meeting") || e.ctrlKey || e.metaKey || e.altKey) return;
    var field = e.target.closest && e.target.closest("input, textarea, select");
    if (field) {
      if (e.key === "Escape") e.target.blur();
      return;
    }
    if (e.key === "?") { if (help) help.showModal(); e.preventDefault(); }
    else if (e.key === "n" || e.key === "ArrowRight") { click("[data-next]"); }
    else if (e.key === "p" || e.key === "ArrowLeft") { click("[data-prev]"); }
    else if (e.key === "a") {
      var s = visibleSection();
      var details = s && s.querySelector("details.inline-item");
      if (details) {
        details.open = true;
        details.querySelector(".item-title").focus();
        e.preventDefault();
      }
    } else if (e.key === "e") {
      var notes = visibleSection() && visibleSection().querySelector("textarea[name=notes]");
      if (notes) { notes.focus(); e.preventDefault(); }
    }
  });

  // Notes save themselves a moment after typing stops, so nothing is lost when the section moves on.
  document.querySelectorAll("textarea[data-autosave]").forEach(function (area) {
    var timer = null;
    var form = area.form;
    var status = form.querySelector(".saved");
    function save() {
      var data = new URLSearchParams(new FormData(form));
      fetch(form.action, { method: "POST", body: data, redirect: "manual", credentials: "same-origin" })
        .then(function (r) {
          if (status) status.textContent = r.type === "opaqueredirect" || r.ok ? "saved" : "not saved: " + r.status;
        })
        .catch(function () { if (status) status.textContent = "not saved: offline?"; });
    }
    area.addEventListener("input", function () {
      if (status) status.textContent = "…";
      clearTimeout(timer);
      timer = setTimeout(save, 800);
    });
  });

  if (reviewId && location.hash === "" && body.dataset.current) {
    history.replaceState(null, "", "#" + body.dataset.current);
  }
})();
