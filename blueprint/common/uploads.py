"""Images in Markdown bodies: uploaded by editors through django-markdownx, checked by their
content (never SVG), and served from local storage."""

import json
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

from blueprint.common.markdown import render_markdown

# The image formats editors may upload, as Pillow names them: their content type and extension.
ALLOWED_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "GIF": ("image/gif", "gif")}
# django-markdownx decodes an image to resize it: a small file may hold a huge picture (a
# "decompression bomb"), so its size in pixels is checked before anything decodes it.
MAX_PIXELS = 40_000_000


class RefusedImage(ValueError):
    pass


def detected_format(upload):
    """The upload's image format as its content shows it ("PNG"), or RefusedImage saying why."""
    if upload.size > settings.MARKDOWNX_UPLOAD_MAX_SIZE:
        limit = filesizeformat(settings.MARKDOWNX_UPLOAD_MAX_SIZE)
        raise RefusedImage(_("The image is larger than the limit of %(limit)s.") % {"limit": limit})
    try:
        with Image.open(upload) as image:  # reads the header only
            width, height = image.size
            detected = image.format
            if width * height > MAX_PIXELS:
                raise Image.DecompressionBombError
            image.verify()
    except Image.DecompressionBombError:
        raise RefusedImage(
            _("The picture is too large: at most %(pixels)s million pixels.")
            % {"pixels": MAX_PIXELS // 10**6}
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise RefusedImage(_("The file is not a JPEG, PNG or GIF image.")) from None
    finally:
        upload.seek(0)
    if detected not in ALLOWED_FORMATS or ALLOWED_FORMATS[detected][0] != upload.content_type:
        raise RefusedImage(_("The file is not a JPEG, PNG or GIF image."))
    return detected


@require_POST
def image_upload(request):
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"image": _("Choose an image to upload.")}, status=400)
    try:
        detected = detected_format(upload)
    except RefusedImage as refusal:
        return JsonResponse({"image": str(refusal)}, status=400)
    # The stored name ends as the content is, never as the sender named it.
    upload.name = f"image.{ALLOWED_FORMATS[detected][1]}"
    response = ImageUploadView.as_view()(request)
    if response.status_code != 200 or "image_code" not in getattr(response, "content", b"").decode():
        return response
    # The image's description (alt text), never empty: the editor's words, or a reminder to write them.
    address = json.loads(response.content)["image_code"].removeprefix("![]")
    alt = " ".join(request.POST.get("alt", "").replace("[", "(").replace("]", ")").split())
    alt = alt or _("Describe this image for people who cannot see it")
    return JsonResponse({"image_code": f"![{alt}]{address}"})


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
