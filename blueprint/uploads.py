"""Uploaded files (Markdown images, tool files), checked by their content, not by their names."""

import re
import zipfile

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_POST
from django.utils.translation import gettext as _
from markdownx.views import ImageUploadView
from PIL import Image, UnidentifiedImageError

from blueprint.markdown import render_markdown

# The image formats editors may upload, as Pillow names them, and the content types they match.
ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif"}


def check_image(upload):
    """Return an error message, or None when `upload` is an allowed image within the size limit."""
    if upload.size > settings.MARKDOWNX_UPLOAD_MAX_SIZE:
        limit = filesizeformat(settings.MARKDOWNX_UPLOAD_MAX_SIZE)
        return _("The image is larger than the limit of %(limit)s.") % {"limit": limit}
    try:
        with Image.open(upload) as image:
            image.verify()
            detected = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return _("The file is not a JPEG, PNG or GIF image.")
    finally:
        upload.seek(0)
    if detected not in ALLOWED_FORMATS or ALLOWED_FORMATS[detected] != upload.content_type:
        return _("The file is not a JPEG, PNG or GIF image.")
    return None


@require_POST
def image_upload(request):
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"image": _("Choose an image to upload.")}, status=400)
    error = check_image(upload)
    if error:
        return JsonResponse({"image": error}, status=400)
    return ImageUploadView.as_view()(request)


@require_POST
def markdown_preview(request):
    """The editor's live preview, through the same sanitising renderer as saved content."""
    return HttpResponse(render_markdown(request.POST.get("content", "")))


# Tool files: the kinds editors may attach, each recognised by its content, and the type it is
# always downloaded as (never inline: the download is an attachment, and nosniff is on).
TOOL_FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "zip": "application/zip",
    "csv": "text/csv",
    "txt": "text/plain",
}
OFFICE_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
MARKUP = re.compile(rb"<\s*(!doctype|html|svg|script|iframe|body|head|\?xml)", re.IGNORECASE)


def extension(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_tool_file(upload):
    """Return an error message, or None when the file's content is the kind its name says."""
    if upload.size > settings.TOOL_FILE_MAX_SIZE:
        limit = filesizeformat(settings.TOOL_FILE_MAX_SIZE)
        return _("The file is larger than the limit of %(limit)s.") % {"limit": limit}
    kind = extension(upload.name)
    if kind not in TOOL_FILE_TYPES:
        allowed = ", ".join(sorted(TOOL_FILE_TYPES))
        return _("Tools can be files of these kinds: %(allowed)s.") % {"allowed": allowed}
    upload.seek(0)
    try:
        matches = _content_matches(kind, upload)
    finally:
        upload.seek(0)
    if not matches:
        return _("The file’s content is not a %(kind)s file, though its name ends in .%(kind)s.") % {
            "kind": kind
        }
    return None


def _content_matches(kind, upload):
    head = upload.read(4096)
    upload.seek(0)
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind in ("csv", "txt"):
        data = upload.read()
        if b"\x00" in data or MARKUP.search(data[:4096]):
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if kind in OFFICE_FOLDERS:
                return "[Content_Types].xml" in names and any(n.startswith(OFFICE_FOLDERS[kind]) for n in names)
            if kind in ("odt", "ods", "odp"):
                return "mimetype" in names and archive.read("mimetype").decode(errors="replace") == TOOL_FILE_TYPES[kind]
            return archive.testzip() is None
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return False


# Images uploaded through the Markdown editor, served from local storage: only these, inline.
INLINE_MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"}


def serve_media(request, path):
    """Uploaded images for Markdown bodies; anything else uploaded is never served from here."""
    content_type = INLINE_MEDIA_TYPES.get(extension(path))
    if not path.startswith(settings.MARKDOWNX_MEDIA_PATH) or content_type is None or ".." in path:
        raise Http404
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, SuspiciousFileOperation):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
