from django.urls import path

from blueprint.comments import views

app_name = "comments"

urlpatterns = [
    path("comments/on/<slug:kind>/<id:pk>/", views.discussion, name="discussion"),
    path("comments/<id:comment_id>/", views.show_comment, name="show"),
    path("comments/new/<slug:kind>/<id:pk>/", views.comment_form, name="form"),
    path("comments/<id:comment_id>/flag/", views.flag_comment, name="flag"),
    path("comments/<id:comment_id>/flagged/", views.flagged, name="flagged"),
    path("comments/confirm/<str:token>/", views.confirm, name="confirm"),
    path("comments/mute/<str:token>/", views.mute, name="mute"),
]
