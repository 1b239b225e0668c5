/* The staff pages' small enhancements on top of htmx: drag-and-drop ordering of agenda
   items (SortableJS, posting to the same move endpoint as the "Flyt op/ned" buttons),
   focus kept where the user was after a fragment is swapped in, and failures announced
   in the page's aria-live region. Everything works without it as plain forms. */
(function () {
  "use strict";

  var live = function () { return document.getElementById("live"); };
  var lastFocusId = null;
  var dragFocusId = null; // after a drag, focus the moved item's title, not what had focus

  function announce(text) {
    var region = live();
    if (region) { region.textContent = text; }
  }

  function csrfToken() {
    var holder = document.querySelector("[data-csrf]");
    return holder ? holder.getAttribute("data-csrf") : "";
  }

  function initSortable(root) {
    if (!window.Sortable) { return; }
    var agenda = root.id === "agenda" ? root : root.querySelector && root.querySelector("#agenda");
    if (!agenda || agenda.getAttribute("data-editable") !== "1") { return; }
    agenda.querySelectorAll("ol.agenda-items").forEach(function (list) {
      window.Sortable.create(list, {
        group: "agenda",
        handle: ".drag-handle",
        animation: 150,
        ghostClass: "sortable-ghost",
        // Pointer events instead of HTML5 drag and drop: the same on mouse, pen and touch.
        forceFallback: true,
        fallbackTolerance: 4,
        onEnd: function (evt) {
          if (evt.from === evt.to && evt.oldIndex === evt.newIndex) { return; }
          var item = evt.item;
          var region = live();
          if (region) { announce(region.getAttribute("data-msg-moving")); }
          dragFocusId = item.id + "-title";
          window.htmx.ajax("POST", item.getAttribute("data-move-url"), {
            target: "#agenda",
            swap: "outerHTML",
            values: { position: evt.newIndex, section: evt.to.getAttribute("data-section") },
            headers: { "X-CSRFToken": csrfToken() }
          });
        }
      });
    });
  }

  // The live region is also a visible toast; it clears itself so it does not cover the page.
  var region = live();
  if (region && window.MutationObserver) {
    var timer = null;
    new window.MutationObserver(function () {
      window.clearTimeout(timer);
      if (region.textContent.trim()) {
        timer = window.setTimeout(function () { region.textContent = ""; }, 8000);
      }
    }).observe(region, { childList: true, characterData: true, subtree: true });
  }

  if (!window.htmx) { return; }

  window.htmx.onLoad(initSortable);

  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    lastFocusId = dragFocusId || (active && active.id && active !== document.body ? active.id : null);
    dragFocusId = null;
  });

  document.addEventListener("htmx:afterSettle", function (evt) {
    var swapped = evt.detail.elt;
    // An edit form that just opened: go to its warning if any, else its first field.
    var form = document.querySelector("li.editing");
    if (form && swapped && (swapped === form || form.contains(swapped))) {
      var first = form.querySelector("[role=alert]") ? form.querySelector("textarea, input.form-input")
        : form.querySelector("input.form-input, textarea");
      if (first) { first.focus(); }
      lastFocusId = null;
      return;
    }
    // A fragment may name the control to focus (the standing-items list after a move).
    var named = document.querySelector("[data-focus-target]");
    var wanted = named ? document.getElementById(named.getAttribute("data-focus-target"))
      : document.querySelector("[data-autofocus]");
    if (named) { named.removeAttribute("data-focus-target"); }
    if (wanted) {
      wanted.removeAttribute("data-autofocus");
      wanted.focus();
    } else if (lastFocusId) {
      var again = document.getElementById(lastFocusId);
      // "Flyt op" that just moved the item to the very top is now disabled: the other
      // direction's button of the same item takes focus, or else the item's title.
      var moved = /^(up|down)-(\d+)$/.exec(lastFocusId);
      if (again && again.disabled && moved) {
        again = document.getElementById((moved[1] === "up" ? "down-" : "up-") + moved[2]);
        if (!again || again.disabled) { again = document.getElementById("item-" + moved[2] + "-title"); }
      }
      if (again && document.activeElement !== again) { again.focus(); }
    }
    lastFocusId = null;
  });

  document.addEventListener("htmx:responseError", function (evt) {
    var region = live();
    if (!region) { return; }
    var status = evt.detail.xhr ? evt.detail.xhr.status : 0;
    announce(region.getAttribute(status === 403 ? "data-msg-denied" : "data-msg-failed"));
  });

  document.addEventListener("htmx:sendError", function () {
    var region = live();
    if (region) { announce(region.getAttribute("data-msg-failed")); }
  });
})();
