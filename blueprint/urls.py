from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.urls import include, path, register_converter

from django_comments_xtd import views as xtd_views

from django.contrib.sitemaps.views import sitemap

from blueprint import views
from blueprint.feeds import ChangesFeed, ExamplesFeed
from blueprint.sitemaps import SITEMAPS
from blueprint.converters import NumberConverter
from blueprint.uploads import image_upload, markdown_preview, serve_media
from recommendations import views as recommendations_views

register_converter(NumberConverter, "number")

site_patterns = (
    [
        path("", views.start, name="start"),
        path("pages/<slug:slug>/", views.page_detail, name="page"),
        path("feedback/<slug:kind>/<int:pk>/", views.feedback, name="feedback"),
        path("privacy/", views.privacy, name="privacy"),
        path("sign/", views.sign_on, name="sign"),
        path("sign/<str:token>/", views.signature, name="signature"),
        path("signers/", views.signers, name="signers"),
        path("changes/", views.recent_changes, name="recent_changes"),
        path("search/", views.search_page, name="search"),
        path("language/<slug:code>/", views.switch_language, name="language"),
        path("print/", views.print_view, name="print"),
        path("feeds/examples.atom", ExamplesFeed(), name="examples_feed"),
        path("feeds/changes.atom", ChangesFeed(), name="changes_feed"),
        path("comments/new/<slug:kind>/<int:pk>/", views.comment_form, name="comment_form"),
        path("comments/<int:comment_id>/flag/", views.flag_comment, name="comment_flag"),
    ],
    "blueprint",
)

# The parts of django-comments-xtd the site uses, under the names its views reverse. Its web API
# is left out: every comment comes through `post_comment` and its protections.
comment_patterns = [
    path("comments/post/", views.post_comment, name="comments-post-comment"),
    path("comments/sent/", xtd_views.sent, name="comments-xtd-sent"),
    path("comments/confirm/<str:key>/", xtd_views.confirm, name="comments-xtd-confirm"),
    path("comments/mute/<str:key>/", xtd_views.mute, name="comments-xtd-mute"),
    path(
        "comments/cr/<int:content_type_id>/<str:object_id>/",
        views.comment_target,
        name="comments-url-redirect",
    ),
]

urlpatterns = [
    path("", include(site_patterns)),
    *comment_patterns,
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="django.contrib.sitemaps.views.sitemap"),
    path("", include("recommendations.urls")),
    path("", include("examples.urls")),
    path("", include("cohorts.urls")),
    # markdownx's own views have no permission check: only staff may preview or upload.
    path(
        "markdownx/markdownify/",
        staff_member_required(markdown_preview),
        name="markdownx_markdownify",
    ),
    path("markdownx/upload/", staff_member_required(image_upload), name="markdownx_upload"),
    path("admin/", admin.site.urls),
]

# Uploaded images in Markdown bodies (local storage; object storage serves its own URLs).
urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media"))
# Last: an old GitBook address redirects to its node; anything else is a 404.
urlpatterns.append(path("<path:old_path>", recommendations_views.gitbook_redirect))


handler404 = "blueprint.views.not_found"
handler500 = "blueprint.views.server_error"
