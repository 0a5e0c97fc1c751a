from django.urls import path

from examples import views

app_name = "examples"

urlpatterns = [
    path("examples/", views.example_list, name="examples"),
    path("tools/", views.tool_list, name="tools"),
    path("examples/submit/", views.submit_example, name="submit"),
    path("examples/submitted/<str:token>/", views.submission_sent, name="submission_sent"),
    path("examples/submissions/<str:token>/", views.submission_status, name="submission_status"),
    path("examples/<slug:slug>/", views.example_detail, name="example"),
    path("tools/<slug:slug>/", views.tool_detail, name="tool"),
    path("tools/<slug:slug>/download/", views.tool_download, name="download"),
]
