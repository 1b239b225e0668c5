/* The archive upload: check the chosen files' number and sizes before anything is sent
   (the server checks the same and says the same), and let a decision button be clicked
   only once. Without this script the form still works; the server does the checking. */
(function () {
  "use strict";

  // As Django's filesizeformat writes it in Danish: "75,9 KB", "63,2 MB".
  function sizeLabel(bytes) {
    var kb = bytes / 1024, mb = kb / 1024;
    return mb < 1 ? kb.toFixed(1).replace(".", ",") + " KB" : mb.toFixed(1).replace(".", ",") + " MB";
  }

  function problem(input) {
    var files = input.files || [];
    var maxBytes = parseInt(input.getAttribute("data-max-bytes"), 10);
    var maxFiles = parseInt(input.getAttribute("data-max-files"), 10);
    if (!files.length) { return input.getAttribute("data-msg-none"); }
    if (files.length > maxFiles) {
      return input.getAttribute("data-msg-too-many").replace("{count}", files.length);
    }
    var big = [];
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > maxBytes) { big.push("«" + files[i].name + "» (" + sizeLabel(files[i].size) + ")"); }
    }
    return big.length ? input.getAttribute("data-msg-too-big").replace("{names}", big.join(", ")) : "";
  }

  function show(input, message) {
    var group = document.getElementById("files-group");
    var box = document.getElementById("id_files_error");
    box.querySelector(".js-error-text").textContent = message;
    box.hidden = !message;
    group.classList.toggle("form-error", !!message);
    if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
  }

  var input = document.getElementById("id_files");
  if (input) {
    input.addEventListener("change", function () { show(input, problem(input)); });
    input.form.addEventListener("submit", function (event) {
      var message = problem(input);
      show(input, message);
      if (message) { event.preventDefault(); input.focus(); }
    });
  }

  // A decision is sent once; the server ignores a second commit anyway.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("js-once")) { return; }
    if (form.getAttribute("data-sent") === "1") { event.preventDefault(); return; }
    form.setAttribute("data-sent", "1");
    var button = form.querySelector("button[type=submit]");
    if (button) { button.setAttribute("aria-disabled", "true"); }
  });
})();
