// Before the first paint (so nothing flashes or moves): mark that scripts run, and apply the
// theme the reader chose with the theme button, if any (else the system's, by CSS alone).
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var theme = window.localStorage.getItem("theme");
    if (theme === "dark" || theme === "light") root.setAttribute("data-theme", theme);
  } catch (error) { /* storage refused: the system's theme */ }
})();
