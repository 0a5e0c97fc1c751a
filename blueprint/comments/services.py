"""Writes about comments: readers flag them, editors hide or publish them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_comments.models import CommentFlag
from django_comments_xtd.views import notify_comment_followers

from blueprint.comments.models import CommentHiding
from blueprint.mail import send_templated

ANONYMOUS_FLAGGER = "anonymous-readers"


def flag_comment(*, comment):
    """A reader without an account flags a comment: it goes to the moderation queue.

    django-contrib-comments records a flag against a user; flags from readers without an
    account are recorded against one inactive account that stands for all of them.
    """
    flagger, _ = get_user_model().objects.get_or_create(
        username=ANONYMOUS_FLAGGER, defaults={"is_active": False}
    )
    flag, created = CommentFlag.objects.get_or_create(
        comment=comment, user=flagger, flag=CommentFlag.SUGGEST_REMOVAL
    )
    return created


@transaction.atomic
def hide_comment(*, comment, editor, reason):
    """Hide a comment without deleting it, and tell its author why."""
    CommentHiding.objects.update_or_create(comment=comment, defaults={"reason": reason, "hidden_by": editor})
    comment.is_public = False
    comment.save(update_fields=["is_public"])
    comment.flags.all().delete()
    send_templated(
        to=[comment.user_email],
        template="emails/comment_hidden",
        context={"comment": comment, "reason": reason, "site_url": settings.SITE_URL},
    )


@transaction.atomic
def publish_comment(*, comment, editor):
    """Let a held or flagged comment through; tell followers of the page about it."""
    was_public = comment.is_public
    CommentHiding.objects.filter(comment=comment).delete()
    comment.is_public = True
    comment.save(update_fields=["is_public"])
    comment.flags.all().delete()
    if not was_public:
        notify_comment_followers(comment)
