from django.urls import path

from recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("r/<number:number>/", views.permalink, name="permalink"),
    path("<number:number>/<slug:slug>/", views.node_detail, name="node"),
    path("<number:number>/<slug:slug>/suggest/", views.suggest, name="suggest"),
    path("<number:number>/<slug:slug>/index.md", views.node_markdown_view, name="node_markdown"),
    path("api/tree.json", views.tree_json, name="tree_json"),
]
