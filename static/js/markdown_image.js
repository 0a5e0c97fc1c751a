// The admin's Markdown fields: "Add an image…", a visible button beside drag and drop, which asks
// for the image's description (its alt text) first and inserts ![description](address).
(function () {
  "use strict";
  // The admin's JavaScript catalog (admin:jsi18n) includes our own, from LOCALE_PATHS (djangojs).
  const gettext = window.gettext || function (text) { return text; };

  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function insertAtCursor(textarea, text) {
    const start = textarea.selectionStart, end = textarea.selectionEnd;
    textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
    textarea.selectionStart = textarea.selectionEnd = start + text.length;
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function addImageButton(textarea, index) {
    const box = document.createElement("div");
    box.className = "markdown-image";
    const altId = "markdown-image-alt-" + index, fileId = "markdown-image-file-" + index;
    box.innerHTML =
      '<label for="' + altId + '">' + gettext("Image description (alt text)") + '</label> ' +
      '<input type="text" id="' + altId + '" size="40"> ' +
      '<label class="button" for="' + fileId + '">' + gettext("Add an image…") + '</label>' +
      '<input type="file" id="' + fileId + '" accept="image/png,image/jpeg,image/gif" class="visually-hidden">' +
      '<span class="markdown-image-status" role="status"></span>';
    textarea.insertAdjacentElement("afterend", box);
    const alt = box.querySelector("#" + altId), file = box.querySelector("#" + fileId);
    const status = box.querySelector(".markdown-image-status");
    file.addEventListener("change", function () {
      if (!file.files.length) return;
      if (!alt.value.trim()) {
        status.textContent = gettext("Describe the image first, for people who cannot see it.");
        file.value = "";
        alt.focus();
        return;
      }
      const data = new FormData();
      data.append("image", file.files[0]);
      data.append("alt", alt.value.trim());
      status.textContent = gettext("Uploading…");
      fetch(textarea.dataset.markdownxUploadUrlsPath || "/markdownx/upload/", {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest" },
        credentials: "same-origin",
      })
        .then(function (response) { return response.json().then(function (json) { return [response.ok, json]; }); })
        .then(function (result) {
          if (result[0]) {
            insertAtCursor(textarea, result[1].image_code);
            status.textContent = gettext("Image added.");
            alt.value = "";
          } else {
            status.textContent = result[1].image || gettext("The image could not be added.");
          }
          file.value = "";
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea.markdownx-editor").forEach(addImageButton);
  });
})();
