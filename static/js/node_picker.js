/* A search box above each tree of checkboxes (templates/recommendations/widgets/node_picker.html): typing a
   number ("2.3") or words of a title shows only the matching nodes, with their principles opened.
   Clearing it shows the whole tree again, folded as before. Without JavaScript the tree works as is. */
(function () {
  "use strict";

  function setUp(picker) {
    var sections = Array.prototype.slice.call(picker.querySelectorAll("details"));
    var wasOpen = sections.map(function (section) { return section.open; });

    var label = document.createElement("label");
    label.className = "node-picker-search";
    label.textContent = picker.dataset.searchLabel + " ";
    var input = document.createElement("input");
    input.type = "search";
    input.autocomplete = "off";
    label.appendChild(input);
    var none = document.createElement("p");
    none.className = "node-picker-none";
    none.setAttribute("role", "status");
    picker.parentNode.insertBefore(label, picker);
    picker.parentNode.insertBefore(none, picker.nextSibling);

    function matches(item, words) {
      var text = item.textContent.trim().toLowerCase();
      var number = text.split(" ", 1)[0];
      return words.every(function (word) {
        return /^[0-9.]+$/.test(word) ? number.indexOf(word) === 0 : text.indexOf(word) !== -1;
      });
    }

    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var found = 0;
      sections.forEach(function (section, index) {
        var any = false;
        section.querySelectorAll("li").forEach(function (item) {
          var shown = !words.length || matches(item, words);
          item.hidden = !shown;
          any = any || shown;
          if (shown) found += 1;
        });
        section.hidden = !any;
        section.open = words.length ? any : wasOpen[index];
      });
      none.textContent = words.length && !found ? picker.dataset.noMatch : "";
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // searching is not sending the form
    });
    sections.forEach(function (section, index) {
      section.addEventListener("toggle", function () {
        if (!input.value) wasOpen[index] = section.open;
      });
    });
  }

  function start() {
    document.querySelectorAll(".node-picker").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
