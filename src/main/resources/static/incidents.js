// The incident list at night: open count in the tab title, relative times kept current, selection
// and keyboard shortcuts on the list, and an opt-in browser notification when a new incident pages me.
(function () {
  "use strict";

  // ---- tab title: "(3) Incidents · Hush" while 3 incidents wait for someone ------------------
  function openCount() {
    var counts = document.getElementById("open-counts") || document.getElementById("rows");
    return counts ? parseInt(counts.getAttribute("data-triggered"), 10) || 0 : null;
  }

  function updateTitle() {
    var n = openCount();
    if (n === null) return;
    var base = document.title.replace(/^\(\d+\) /, "");
    document.title = n > 0 ? "(" + n + ") " + base : base;
  }

  // ---- relative times: the same words as Format.relative on the server ------------------------
  var dayFormats = {};

  function parts(date, zone) {
    var key = zone || "";
    if (!dayFormats[key]) {
      var options = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
        weekday: "short" };
      if (zone) options.timeZone = zone;
      dayFormats[key] = new Intl.DateTimeFormat("en-GB", options);
    }
    var out = {};
    dayFormats[key].formatToParts(date).forEach(function (p) { out[p.type] = p.value; });
    return out;
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function relative(at, now, zone) {
    var minutes = Math.floor(Math.max(0, now - at) / 60000);
    if (minutes < 1) return "just now";
    if (minutes < 60) return minutes + " min ago";
    if (minutes < 6 * 60) return Math.floor(minutes / 60) + " h ago";
    var p = parts(new Date(at), zone);
    var clock = p.hour + ":" + p.minute;
    var today = parts(new Date(now), zone);
    // Noon today, minus one day, lands on yesterday's date whatever the zone's DST does.
    var yesterday = parts(new Date(Date.UTC(+today.year, +today.month - 1, +today.day, 12) - 86400000), "UTC");
    var day = p.year + p.month + p.day;
    if (day === today.year + today.month + today.day) return "today " + clock;
    if (day === yesterday.year + yesterday.month + yesterday.day) return "yesterday " + clock;
    return p.weekday + " " + (+p.day) + " " + MONTHS[+p.month - 1] + " " + clock;
  }

  function updateTimes() {
    var now = Date.now();
    document.querySelectorAll("time[data-zone][datetime]").forEach(function (t) {
      var at = Date.parse(t.getAttribute("datetime"));
      if (!isNaN(at)) {
        var text = relative(at, now, t.getAttribute("data-zone"));
        if (t.textContent !== text) t.textContent = text;
      }
    });
  }

  // ---- selection and the current row ---------------------------------------------------------
  var selected = {};
  var cursorId = null;

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#rows tr[data-incident]"));
  }

  function rowOf(id) {
    return document.querySelector("#rows tr[data-incident='" + id + "']");
  }

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll("#rows input[type=checkbox][name=ids]"));
  }

  /** After the list refreshed itself, put back what the person had selected and where they were. */
  function restoreList() {
    var present = {};
    boxes().forEach(function (box) {
      present[box.value] = true;
      box.checked = !!selected[box.value];
    });
    Object.keys(selected).forEach(function (id) { if (!present[id]) delete selected[id]; });
    if (cursorId !== null && !rowOf(cursorId)) cursorId = null;
    rows().forEach(function (row) {
      var on = row.getAttribute("data-incident") === cursorId;
      row.classList.toggle("cursor", on);
      if (on) row.setAttribute("aria-current", "true"); else row.removeAttribute("aria-current");
    });
    showSelection();
  }

  function showSelection() {
    var count = document.getElementById("selected-count");
    if (!count) return;
    var n = Object.keys(selected).length;
    count.textContent = n === 0 ? "Select incidents to act on several at once." : n + " selected";
    ["bulk-ack", "bulk-resolve"].forEach(function (id) {
      var button = document.getElementById(id);
      if (button) button.disabled = n === 0;
    });
  }

  document.addEventListener("change", function (e) {
    var box = e.target;
    if (box.matches && box.matches("#rows input[type=checkbox][name=ids]")) {
      if (box.checked) selected[box.value] = true; else delete selected[box.value];
      showSelection();
    }
  });

  // A bulk or row action went through: its result is shown, the list refreshes, the selection is spent.
  document.addEventListener("htmx:afterRequest", function (e) {
    var form = e.detail.elt;
    if (e.detail.successful && form && (form.id === "bulk" || form.id === "row-act")) {
      selected = {};
      restoreList();
    }
  });

  function moveCursor(step) {
    var list = rows();
    if (list.length === 0) return;
    var at = -1;
    list.forEach(function (row, i) { if (row.getAttribute("data-incident") === cursorId) at = i; });
    var next = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
    cursorId = list[next].getAttribute("data-incident");
    restoreList();
    list[next].scrollIntoView({ block: "nearest" });
  }

  function toggleSelected() {
    if (cursorId === null) return;
    var row = rowOf(cursorId);
    var box = row && row.querySelector("input[type=checkbox][name=ids]");
    if (!box) return;
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
  }

  /** a / r: the selected incidents, or else the current one. */
  function act(verb) {
    if (Object.keys(selected).length > 0) {
      var bulk = document.getElementById(verb === "acknowledge" ? "bulk-ack" : "bulk-resolve");
      if (bulk) bulk.click();
      return;
    }
    var row = cursorId === null ? null : rowOf(cursorId);
    var button = row && row.querySelector("button[data-act='" + verb + "']");
    if (button) button.click();
  }

  function openCurrent() {
    var row = cursorId === null ? null : rowOf(cursorId);
    var link = row && row.querySelector("td.title a");
    if (link) window.location.href = link.href;
  }

  // ---- the shortcut help ---------------------------------------------------------------------
  var helpReturnFocus = null;

  function help(show) {
    var dialog = document.getElementById("shortcuts-help");
    if (!dialog) return;
    if (show) {
      helpReturnFocus = document.activeElement;
      dialog.hidden = false;
      document.getElementById("shortcuts-help-close").focus();
    } else if (!dialog.hidden) {
      dialog.hidden = true;
      if (helpReturnFocus && helpReturnFocus.focus) helpReturnFocus.focus();
    }
  }

  document.addEventListener("click", function (e) {
    var target = e.target.closest && e.target.closest("#shortcuts-help-open, #shortcuts-help-close");
    if (target) help(target.id === "shortcuts-help-open");
  });

  /** Typing a note or a filter must never act on incidents. */
  function typing(el) {
    if (!el || !el.tagName) return false;
    if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
    return el.tagName === "INPUT" && ["checkbox", "radio", "button", "submit", "reset"].indexOf(el.type) < 0;
  }

  document.addEventListener("keydown", function (e) {
    if (!document.getElementById("rows") || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    var dialog = document.getElementById("shortcuts-help");
    var helpOpen = dialog && !dialog.hidden;
    if (e.key === "Escape" || (e.key === "?" && helpOpen)) {
      if (helpOpen) { e.preventDefault(); help(false); }
      return;
    }
    if (helpOpen) return;
    var onControl = e.target.closest && e.target.closest("a, button, summary");
    switch (e.key) {
      case "?": help(true); break;
      case "j": moveCursor(1); break;
      case "k": moveCursor(-1); break;
      case "x": toggleSelected(); break;
      case "a": act("acknowledge"); break;
      case "r": act("resolve"); break;
      case "Enter":
        if (onControl || cursorId === null) return;
        openCurrent();
        break;
      default: return;
    }
    e.preventDefault();
  });

  // ---- opt-in: a sound and a desktop notification when a new incident pages me ---------------
  // Off unless the person turns it on; the choice and the last page seen stay in this browser.
  var NOTIFY = "hush.notify";
  var LAST_PAGE = "hush.lastPagedMe";

  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (ignored) { return null; }
  }

  function store(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key); else window.localStorage.setItem(key, value);
    } catch (ignored) {}
  }

  function beep() {
    var Audio = window.AudioContext || window.webkitAudioContext;
    if (!Audio) return;
    try {
      var audio = new Audio();
      var tone = audio.createOscillator();
      var gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.15;
      tone.connect(gain);
      gain.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.4);
    } catch (ignored) {}
  }

  function tellOfPage(id, title) {
    beep();
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    var note = new Notification("Hush: you are paged", { body: title || ("Incident " + id), tag: "hush-page-" + id });
    note.onclick = function () {
      window.focus();
      window.location.href = "/incidents/" + id;
    };
  }

  // Only pages that arrive while a page of Hush is open count: opening Hush in the morning does not beep for the night.
  var baseline = null;

  function checkPaged() {
    var counts = document.getElementById("open-counts");
    if (!counts || !counts.hasAttribute("data-paged-me")) return;
    var latest = parseInt(counts.getAttribute("data-paged-me"), 10) || 0;
    if (baseline === null || latest <= baseline) {
      baseline = baseline === null ? latest : baseline;
      return;
    }
    baseline = latest;
    // Several open tabs hear of the same page: the first one to note it tells.
    if ((parseInt(stored(LAST_PAGE), 10) || 0) >= latest) return;
    store(LAST_PAGE, String(latest));
    if (stored(NOTIFY) === "on") tellOfPage(latest, counts.getAttribute("data-paged-me-title"));
  }

  function showNotifyChoice() {
    var box = document.getElementById("notify-me");
    if (!box) return;
    box.closest("label").hidden = false;
    box.checked = stored(NOTIFY) === "on";
  }

  document.addEventListener("change", function (e) {
    if (e.target.id !== "notify-me") return;
    var box = e.target;
    if (!box.checked) {
      store(NOTIFY, null);
      return;
    }
    store(NOTIFY, "on");
    if ("Notification" in window && Notification.permission === "default") {
      Notification.requestPermission();
    }
  });

  // ---- everything that follows a refresh -----------------------------------------------------
  function refresh() {
    checkPaged();
    updateTitle();
    updateTimes();
    restoreList();
  }

  document.addEventListener("htmx:afterSettle", refresh);
  document.addEventListener("DOMContentLoaded", function () {
    showNotifyChoice();
    refresh();
  });
  setInterval(updateTimes, 30000);
})();
