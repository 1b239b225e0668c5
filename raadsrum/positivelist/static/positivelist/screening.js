// Select all shown proposals in the screening table. Without JavaScript each row is still chosen by its own box.
(function () {
  var all = document.querySelector("[data-select-all]");
  if (!all) return;
  var box = all.querySelector("input");
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-choose]"));
  all.hidden = false;
  var hint = document.querySelector("[data-no-js-label]");
  if (hint) hint.hidden = true;
  function sync() {
    var chosen = rows.filter(function (r) { return r.checked; }).length;
    box.checked = rows.length > 0 && chosen === rows.length;
    box.indeterminate = chosen > 0 && chosen < rows.length;
  }
  box.addEventListener("change", function () {
    rows.forEach(function (r) { r.checked = box.checked; });
    sync();
  });
  rows.forEach(function (r) { r.addEventListener("change", sync); });
  sync();
})();
