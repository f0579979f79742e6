/* Agency pickers (portal/_agency_picker.html): as the citizen types, ask the server for the matching choices and put
   them in place. Without this script the "Tìm" button does the same with a page load; nothing here is needed. */
(function () {
  "use strict";
  document.querySelectorAll("[data-picker-url]").forEach(function (picker) {
    var input = picker.querySelector("input[type=search]");
    var button = picker.querySelector("button[value^='find-']");
    var results = picker.querySelector(".picker-choices");
    if (!input || !button || !results) { return; }
    var name = input.name.replace(/_q$/, "");
    var timer = null;
    var asked = 0;
    function selected() {
      var checked = picker.querySelector("input[type=radio][name='" + name + "']:checked");
      return checked ? checked.value : "";
    }
    function ask() {
      var mine = ++asked;
      var url = picker.getAttribute("data-picker-url") + "?q=" + encodeURIComponent(input.value) +
        "&selected=" + encodeURIComponent(selected());
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html !== null && mine === asked) { results.innerHTML = html; } })
        .catch(function () { /* the button still works */ });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 250); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); clearTimeout(timer); ask(); }
    });
    button.addEventListener("click", function (event) { event.preventDefault(); clearTimeout(timer); ask(); });
  });
})();
