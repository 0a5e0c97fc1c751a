// Progressive enhancement only: every page works without this file.
(function () {
  // "/" focuses the search box, unless the reader is typing somewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var box = document.getElementById("site-search-q");
    if (box) { event.preventDefault(); box.focus(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    // The theme button: dark or light, remembered; until pressed, the system's choice. Its label
    // (the stylesheet shows the one for the theme not shown now) says what a press will do.
    var root = document.documentElement;
    var themeButton = document.querySelector(".theme-toggle");
    if (themeButton) {
      var dark = function () {
        var chosen = root.getAttribute("data-theme");
        return chosen ? chosen === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
      };
      themeButton.addEventListener("click", function () {
        var theme = dark() ? "light" : "dark";
        root.setAttribute("data-theme", theme);
        try { window.localStorage.setItem("theme", theme); } catch (error) { /* not remembered */ }
      });
    }

    // On a phone the header folds into "Menu" (the search, the links and the contents): the
    // stylesheet folds it before the first paint; this opens and closes it.
    var toggle = document.querySelector(".menu-toggle");
    var narrow = window.matchMedia("(max-width: 760px)");
    if (toggle) {
      var setOpen = function (open) {
        root.classList.toggle("menu-open", open);
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      };
      toggle.addEventListener("click", function () { setOpen(!root.classList.contains("menu-open")); });
      // Escape closes the menu on a phone and gives the focus back to its button.
      document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" || !narrow.matches || !root.classList.contains("menu-open")) return;
        setOpen(false);
        toggle.focus();
      });
    }

    // "On this page": opened beside the text on wide screens (where opening it moves nothing);
    // a folded bar one tap away on narrow ones.
    var outline = document.querySelector(".on-this-page details");
    var medium = window.matchMedia("(max-width: 1100px)");
    if (outline) {
      var fold = function () { outline.open = !medium.matches; };
      medium.addEventListener("change", fold);
      fold();
      outline.addEventListener("click", function (event) {
        if (event.target.closest("a") && medium.matches) outline.open = false;
      });
    }
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
        try { window.localStorage.setItem("rated:" + form.action, rating); } catch (error) { /* not kept */ }
        showAnswer(form, rating, answer.message);
      })
      .catch(fallBack);
  });

  // The answer a reader gave, marked (this browser keeps it; the page itself is the same for all).
  function showAnswer(form, rating, message) {
    form.querySelectorAll("button").forEach(function (button) {
      button.setAttribute("aria-pressed", button.value === rating ? "true" : "false");
    });
    var status = form.parentNode.querySelector(".helpful-status");
    status.textContent = message + " ";
    var more = document.createElement("a");
    more.href = form.action + "?rating=" + encodeURIComponent(rating);
    more.textContent = form.getAttribute("data-add-comment");
    status.appendChild(more);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-one-click]").forEach(function (form) {
      var rating = null;
      try { rating = window.localStorage.getItem("rated:" + form.action); } catch (error) { /* none */ }
      if (rating) showAnswer(form, rating, form.getAttribute("data-answered"));
    });
  });
})();

// The facilitator's page refreshes the group's figures every few seconds during a meeting, in
// place (without JavaScript, a reload does the same).
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var figures = document.getElementById("group-figures");
    if (!figures || !window.fetch) return;
    var refresh = function () {
      fetch(figures.getAttribute("data-refresh"), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("group-figures");
          if (fresh && fresh.innerHTML !== figures.innerHTML) figures.innerHTML = fresh.innerHTML;
        })
        .catch(function () { /* the next try, or a reload */ });
    };
    window.setInterval(refresh, 5000);
  });
})();

// A private page's own address: a "Copy" button beside it (without JavaScript, the field is
// selectable and "E-mail me this link" is there).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button.copy-link[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field || !navigator.clipboard) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = button.getAttribute("data-copied") || label;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
});
