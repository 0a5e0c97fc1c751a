from django.urls import path

from examples import views

app_name = "examples"

urlpatterns = [
    path("examples/<slug:slug>/", views.example_detail, name="example"),
    path("tools/<slug:slug>/", views.tool_detail, name="tool"),
    path("tools/<slug:slug>/download/", views.tool_download, name="download"),
]
