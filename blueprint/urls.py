from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.urls import include, path, register_converter

from blueprint import views
from blueprint.converters import NumberConverter
from blueprint.uploads import image_upload, markdown_preview

register_converter(NumberConverter, "number")

site_patterns = (
    [
        path("", views.start, name="start"),
        path("pages/<slug:slug>/", views.page_detail, name="page"),
        path("feedback/<slug:kind>/<int:pk>/", views.feedback, name="feedback"),
    ],
    "blueprint",
)

urlpatterns = [
    path("", include(site_patterns)),
    path("healthz", views.healthz, name="healthz"),
    path("", include("recommendations.urls")),
    path("", include("examples.urls")),
    # markdownx's own views have no permission check: only staff may preview or upload.
    path(
        "markdownx/markdownify/",
        staff_member_required(markdown_preview),
        name="markdownx_markdownify",
    ),
    path("markdownx/upload/", staff_member_required(image_upload), name="markdownx_upload"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "blueprint.views.not_found"
