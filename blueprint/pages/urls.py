from django.contrib.sitemaps import views as sitemaps
from django.urls import path

from blueprint.pages import views
from blueprint.pages.feeds import ChangesFeed, ExamplesFeed
from blueprint.pages.sitemaps import SITEMAPS

app_name = "pages"

urlpatterns = [
    path("feedback/<slug:kind>/<id:pk>/", views.feedback, name="feedback"),
    path("privacy/", views.privacy, name="privacy"),
    path("sign/", views.sign_on, name="sign"),
    path("sign/sent/", views.sign_sent, name="sign_sent"),
    path("sign/<str:token>/", views.signature, name="signature"),
    path("signers/", views.signers, name="signers"),
    path("changes/", views.recent_changes, name="recent_changes"),
    path("search/", views.search_page, name="search"),
    path("print/", views.print_view, name="print"),
    path("feeds/examples.atom", ExamplesFeed(), name="examples_feed"),
    path("feeds/changes.atom", ChangesFeed(), name="changes_feed"),
    path("api/tree.json", views.tree_json, name="tree_json"),
    path("api/examples.json", views.attachments_json, {"kind": "examples"}, name="examples_json"),
    path("api/tools.json", views.attachments_json, {"kind": "tools"}, name="tools_json"),
    # The sitemaps protocol at any size: an index over the sections, each section split into
    # files of at most 50,000 addresses (Django's Sitemap.limit; `?p=2` for the next).
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "pages:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
