"""Image uploads from the Markdown editor, checked by their content, not by what the browser says."""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.http import HttpResponse, JsonResponse
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
