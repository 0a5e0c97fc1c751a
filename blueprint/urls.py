"""The site's addresses. Each app brings its own (included by name, so the project package
imports none of them); the tree comes last, because its old GitBook addresses catch the rest."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.urls import include, path, register_converter

from blueprint.common import views
from blueprint.common.converters import IdConverter, NumberConverter
from blueprint.common.uploads import image_upload, markdown_preview, serve_media

register_converter(NumberConverter, "number")
register_converter(IdConverter, "id")


def for_editors(view):
    """markdownx's own views check nothing: signed-in staff with the Editors' permission only."""
    return staff_member_required(
        permission_required("blueprint.use_markdown_tools", raise_exception=True)(view)
    )


urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("language/<slug:code>/", views.switch_language, name="language"),
    path("markdownx/markdownify/", for_editors(markdown_preview), name="markdownx_markdownify"),
    path("markdownx/upload/", for_editors(image_upload), name="markdownx_upload"),
    path("admin/", admin.site.urls),
    # Uploaded images in Markdown bodies (local storage; object storage serves its own URLs).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media"),
]
# What readers read and write, in each language: English at the addresses it always had, Spanish
# under /es/ (blueprint.common.languages).
urlpatterns += i18n_patterns(
    path("", include("blueprint.pages.urls")),
    path("", include("blueprint.comments.urls")),
    path("", include("blueprint.comments.library_urls")),
    path("", include("examples.urls")),
    path("", include("cohorts.urls")),
    path("", include("blueprint.maturity.urls")),
    path("", include("blueprint.pulse.urls")),
    path("", include("recommendations.urls")),
    prefix_default_language=False,
)

handler400 = "blueprint.common.views.bad_request"
handler404 = "blueprint.common.views.not_found"
handler500 = "blueprint.common.views.server_error"
