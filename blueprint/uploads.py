"""Images in Markdown bodies: uploaded by editors through django-markdownx, checked by their
content (never SVG), and served from local storage."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
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


# Images uploaded through the Markdown editor, served from local storage: only these, inline.
INLINE_MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"}


def serve_media(request, path):
    """Uploaded images for Markdown bodies; anything else uploaded is never served from here."""
    content_type = INLINE_MEDIA_TYPES.get(PurePosixPath(path).suffix[1:].lower())
    if not path.startswith(settings.MARKDOWNX_MEDIA_PATH) or content_type is None or ".." in path:
        raise Http404
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, SuspiciousFileOperation):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
