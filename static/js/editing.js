// On a change form in the admin: every 15 seconds, tell the site this form is open, and show what
// it answers (someone else has it open, or saved it since this form was opened), as Wagtail does.
// Without this script, saving over a newer version is still refused, with the differences.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var notice = document.querySelector(".editing-notice");
    if (!notice || !window.fetch) return;
    var version = document.querySelector("input[name='opened_version']");
    var ping = function () {
      var address = notice.getAttribute("data-ping");
      if (version) address += "?version=" + encodeURIComponent(version.value);
      fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (!answer) return;
          notice.replaceChildren();
          answer.notices.forEach(function (text) {
            var line = document.createElement("p");
            line.className = "warning";
            line.textContent = text;
            notice.appendChild(line);
          });
          notice.hidden = answer.notices.length === 0;
        })
        .catch(function () { /* the next ping */ });
    };
    ping();
    window.setInterval(ping, 15000);
  });
})();
