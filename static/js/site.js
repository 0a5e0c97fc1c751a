// Progressive enhancement only: every page works without this file.
(function () {
  document.documentElement.classList.add("js");
  // "/" focuses the search box, unless the reader is typing somewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var box = document.getElementById("site-search-q");
    if (box) { event.preventDefault(); box.focus(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".menu-toggle");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav) return;
    var narrow = window.matchMedia("(max-width: 760px)");
    function apply() {
      var open = !narrow.matches || toggle.getAttribute("aria-expanded") === "true";
      nav.classList.toggle("collapsed", !open);
      toggle.hidden = !narrow.matches;
    }
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", function () {
      toggle.setAttribute("aria-expanded", toggle.getAttribute("aria-expanded") === "true" ? "false" : "true");
      apply();
    });
    narrow.addEventListener("change", apply);
    // Escape closes the menu on a phone and gives the focus back to its button.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !narrow.matches || toggle.getAttribute("aria-expanded") !== "true") return;
      toggle.setAttribute("aria-expanded", "false");
      apply();
      toggle.focus();
    });
    apply();
  });

  // "Was this helpful?" in one click: fetch the rating form (and its token) on the click, send
  // it, and say so. Anything unexpected falls back to the two-step page without JavaScript.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-one-click") || !event.submitter) return;
    event.preventDefault();
    var rating = event.submitter.value;
    var address = form.action + "?rating=" + encodeURIComponent(rating);
    var status = form.parentNode.querySelector(".helpful-status");
    function fallBack() { window.location.href = address; }
    fetch(address, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var rated = page.querySelector("main form[method=post]");
        if (!rated) return Promise.reject();
        var data = new FormData(rated);
        data.set("rating", rating);
        return fetch(address, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
      })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(); })
      .then(function (answer) {
        form.querySelectorAll("button").forEach(function (button) {
          button.setAttribute("aria-pressed", button.value === rating ? "true" : "false");
        });
        status.textContent = answer.message + " ";
        var more = document.createElement("a");
        more.href = address;
        more.textContent = form.getAttribute("data-add-comment");
        status.appendChild(more);
      })
      .catch(fallBack);
  });
})();
