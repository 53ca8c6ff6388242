// A rotation's turn order, edited in place: up/down/remove/add without a round trip, and drag and
// drop. Without this script the same buttons post the form and the server does the same.
(function () {
  function people(list) {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > li"));
  }

  // The buttons' values and labels follow each person's new place, as the server would render them.
  function renumber(box) {
    var items = people(box.querySelector(".turn-order-list"));
    items.forEach(function (li, i) {
      var name = li.querySelector(".who").textContent;
      var up = li.querySelector(".move-up"), down = li.querySelector(".move-down"), remove = li.querySelector(".remove-person");
      up.value = "up-" + i; up.disabled = i === 0; up.setAttribute("aria-label", "Move " + name + " up");
      down.value = "down-" + i; down.disabled = i === items.length - 1; down.setAttribute("aria-label", "Move " + name + " down");
      remove.value = "remove-" + i; remove.setAttribute("aria-label", "Remove " + name);
    });
    box.querySelector(".turn-order-empty").hidden = items.length > 0;
    box.dispatchEvent(new CustomEvent("turn-order-changed", { bubbles: true }));
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-turn-order] button");
    if (!button) return;
    var box = button.closest("[data-turn-order]");
    var list = box.querySelector(".turn-order-list");
    var li = button.closest("li");
    if (button.classList.contains("move-up") && li.previousElementSibling) {
      list.insertBefore(li, li.previousElementSibling);
    } else if (button.classList.contains("move-down") && li.nextElementSibling) {
      list.insertBefore(li.nextElementSibling, li);
    } else if (button.classList.contains("remove-person")) {
      li.remove();
    } else if (button.classList.contains("add-person")) {
      var select = box.querySelector("select[name=add_user]");
      var option = select.options[select.selectedIndex];
      var taken = people(list).some(function (p) { return p.querySelector("input").value === option.value; });
      if (!taken) {
        var added = box.querySelector("template.turn-order-item").content.firstElementChild.cloneNode(true);
        added.querySelector("input").value = option.value;
        added.querySelector(".who").textContent = option.textContent;
        list.appendChild(added);
      }
    } else {
      return;
    }
    e.preventDefault();
    renumber(box);
    var moved = li && li.isConnected && li.querySelector("." + button.className.split(" ").pop());
    if (moved && !moved.disabled) moved.focus();
  });

  var dragged = null;
  document.addEventListener("dragstart", function (e) {
    dragged = e.target.closest && e.target.closest("[data-turn-order] li");
    if (dragged) {
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", dragged.querySelector(".who").textContent);
      dragged.classList.add("dragging");
    }
  });
  document.addEventListener("dragover", function (e) {
    var over = dragged && e.target.closest && e.target.closest("[data-turn-order] li");
    if (over && over.parentNode === dragged.parentNode) e.preventDefault();
  });
  document.addEventListener("drop", function (e) {
    var over = dragged && e.target.closest && e.target.closest("[data-turn-order] li");
    if (!over || over === dragged || over.parentNode !== dragged.parentNode) return;
    e.preventDefault();
    var box = over.closest("[data-turn-order]");
    var rect = over.getBoundingClientRect();
    over.parentNode.insertBefore(dragged, e.clientY > rect.top + rect.height / 2 ? over.nextElementSibling : over);
    renumber(box);
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
  });

  // The preview follows every change by itself, so its button is only needed without this script.
  document.querySelectorAll(".update-preview").forEach(function (b) { b.hidden = true; });
})();
