// Progressive help only: every page works without this script.
document.addEventListener("submit", function (event) {
  // Closing a dossier cannot be undone: ask once before refusing, withdrawing or stopping.
  var button = event.submitter;
  if (button && button.classList.contains("danger") && !window.confirm(button.textContent.trim() + "?")) {
    event.preventDefault();
  }
});
