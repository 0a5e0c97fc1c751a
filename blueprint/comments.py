"""Comments: django-comments-xtd, with the few rules it does not have itself.

- `BlueprintModerator`: a site setting holds confirmed comments for an editor, or publishes them.
- `comments_for`: the published comments of a page, threads in order (pages list them with the
  library's own `{% get_comment_list %}`, in templates/includes/comments.html).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django_comments_xtd.models import XtdComment
from django_comments_xtd.moderation import XtdCommentModerator, moderator


class BlueprintModerator(XtdCommentModerator):
    email_notification = False
    enable_field = None

    def moderate(self, comment, content_object, request):
        return settings.COMMENTS_HOLD_FOR_MODERATION


def register_moderation():
    from examples.models import Example, Tool
    from recommendations.models import Node

    for model in (Node, Example, Tool):
        if model not in moderator._registry:
            moderator.register(model, BlueprintModerator)


def comments_for(obj):
    """Published comments on `obj`, each thread followed by its replies."""
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        site_id=settings.SITE_ID,
        is_public=True,
        is_removed=False,
    ).order_by("thread_id", "order")
