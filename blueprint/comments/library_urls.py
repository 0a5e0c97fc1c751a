"""The parts of django-comments-xtd the site uses, under the names its own views reverse (so in
no namespace). Its web API is left out: every comment comes through the site's `post_comment`,
and its confirm and mute views, whose links are pickles, are replaced by the site's own
(blueprint.comments.links), as is its "sent" page, which looks up any model by any number."""

from django.urls import path

from blueprint.comments import views

urlpatterns = [
    path("comments/post/", views.post_comment, name="comments-post-comment"),
    path("comments/sent/", views.sent, name="comments-xtd-sent"),
    path(
        "comments/cr/<id:content_type_id>/<str:object_id>/",
        views.comment_target,
        name="comments-url-redirect",
    ),
]
