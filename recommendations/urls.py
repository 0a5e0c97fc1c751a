from django.urls import path

from recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("", views.start, name="start"),
    path("about/", views.about, name="about"),
    path("pages/<slug:slug>/", views.page_detail, name="page"),
    path("r/<number:number>/", views.permalink, name="permalink"),
    path("n/<int:pk>/", views.stable_link, name="stable"),
    path("<number:number>/<slug:slug>/", views.node_detail, name="node"),
    path("<number:number>/<slug:slug>/suggest/", views.suggest, name="suggest"),
    path("<number:number>/<slug:slug>/suggest/sent/", views.suggestion_sent, name="suggestion_sent"),
    path("<number:number>/<slug:slug>/index.md", views.node_markdown_view, name="node_markdown"),
    # Last of all the site's addresses: an old GitBook address redirects to its node.
    path("<path:old_path>", views.gitbook_redirect, name="gitbook"),
]
