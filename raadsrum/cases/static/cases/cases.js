// Small helpers on the case pages; every page works without them.
(function () {
  "use strict";
  // "Vælg alle på siden" in the case list.
  document.querySelectorAll(".js-select-all").forEach(function (button) {
    var form = button.closest("form");
    var boxes = form.querySelectorAll('input[type="checkbox"][name="case"]');
    var labelAll = button.textContent;
    var labelNone = button.getAttribute("data-label-none");
    button.hidden = false;
    button.addEventListener("click", function () {
      var all = Array.prototype.every.call(boxes, function (b) { return b.checked; });
      boxes.forEach(function (b) { b.checked = !all; });
      button.textContent = all ? labelAll : labelNone;
    });
  });
  // "Kopiér teksten" on the quarterly summary.
  document.querySelectorAll(".js-copy").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-target"));
    var status = button.parentNode.querySelector(".js-copy-status");
    if (!target || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.value).then(function () {
        if (status) { status.textContent = button.getAttribute("data-done"); }
      });
    });
  });
})();
