"""Writes about comments: readers confirm, flag and follow them; editors hide or publish them."""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Subquery
from django.template.defaultfilters import truncatechars
from django_comments.models import CommentFlag
from django_comments_xtd.models import TmpXtdComment, XtdComment
from django_comments_xtd.signals import confirmation_received

from blueprint.comments import links
from blueprint.comments.models import CommentHiding, CommentReport, in_threads, thread_count, threads_for
from blueprint.common.mail import send_templated

# How much of a comment an e-mail quotes.
EXCERPT_LENGTH = 300


class Discarded(Exception):
    """A receiver of django-comments-xtd's `confirmation_received` refused the comment."""


def request_confirmation(sender, comment, request, **kwargs):
    """Receives django-comments-xtd's `comment_was_posted` instead of the library: the comment is
    not stored yet; its author gets the link that stores it (blueprint.comments.links)."""
    send_templated(
        to=[comment["user_email"]],
        template="emails/comments/confirm",
        context={
            "name": comment["user_name"],
            "excerpt": truncatechars(comment["comment"], EXCERPT_LENGTH),
            "confirm_url": links.confirmation_link(comment),
            "site_url": settings.SITE_URL,
        },
        # An unconfirmed comment is never stored: not even in the copy of this e-mail.
        forget_when_sent=True,
        # The same comment sent again today gets no second link.
        opt_in="comment:"
        + hashlib.sha256(
            f"{comment['content_type'].pk}:{comment['object_pk']}:{comment['comment']}".encode()
        ).hexdigest()[:40],
    )


def already_confirmed(comment):
    """The comment a confirmation link already stored (the link was opened before), if any."""
    return XtdComment.objects.filter(
        user_name=comment.user_name,
        user_email=comment.user_email,
        followup=comment.followup,
        submit_date=comment.submit_date,
    ).first()


@transaction.atomic
def confirm_comment(*, comment, request):
    """Store a comment its author confirmed, as django-comments-xtd's confirm view would: its
    moderation hooks run first; published at once, it is news to the page's followers."""
    responses = confirmation_received.send(sender=TmpXtdComment, comment=comment, request=request)
    if any(response is False for _, response in responses):
        raise Discarded
    stored = XtdComment(**{name: value for name, value in comment.items() if name != "content_object"})
    stored.save()
    if stored.is_public:
        notify_followers(stored)
    return stored


def notify_followers(comment):
    """E-mail everyone who asked to hear of new comments on the page, but its author."""
    followers = (
        XtdComment.objects.filter(
            content_type_id=comment.content_type_id,
            object_pk=comment.object_pk,
            is_public=True,
            followup=True,
        )
        .exclude(user_email=comment.user_email)
        .values_list("user_email", "user_name")
    )
    for email, name in dict(followers).items():
        send_templated(
            to=[email],
            template="emails/comments/new_comment",
            context={
                "name": name,
                "comment": comment,
                "excerpt": truncatechars(comment.comment, EXCERPT_LENGTH),
                "page": comment.content_object,
                "mute_url": links.mute_link(
                    content_type_id=comment.content_type_id, object_pk=comment.object_pk, email=email
                ),
                "site_url": settings.SITE_URL,
            },
        )


def mute(*, content_type_id, object_pk, email):
    """No more e-mails about new comments on one page for one address."""
    return XtdComment.objects.filter(
        content_type_id=content_type_id, object_pk=object_pk, user_email=email, followup=True
    ).update(followup=False)


ANONYMOUS_FLAGGER = "anonymous-readers"


def flag_comment(*, comment, reason=""):
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
    CommentReport.objects.create(comment=comment, reason=reason)
    return created


@transaction.atomic
def dismiss_reports(*, comment):
    """An editor finds nothing wrong with a reported comment: it stays, and leaves the queue."""
    comment.flags.all().delete()
    comment.reports.all().delete()


@transaction.atomic
def hide_comment(*, comment, editor, reason):
    """Hide a comment without deleting it, and tell its author why."""
    CommentHiding.objects.update_or_create(comment=comment, defaults={"reason": reason, "hidden_by": editor})
    comment.is_public = False
    comment.save(update_fields=["is_public"])
    comment.flags.all().delete()
    comment.reports.all().delete()
    send_templated(
        to=[comment.user_email],
        template="emails/comments/hidden",
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
    comment.reports.all().delete()
    if not was_public:
        notify_followers(comment)


# How many threads the page under discussion shows (the newest); the rest are on the discussion's
# own pages, THREADS_PER_PAGE at a time.
THREADS_ON_PAGE = 10
THREADS_PER_PAGE = 20


def on_page(obj, *, user):
    """The discussion under a node, an example or a tool: its newest threads, each followed by its
    replies, and how many threads there are (one query, however many comments)."""
    comments = list(
        in_threads(obj, threads_for(obj)[:THREADS_ON_PAGE]).annotate(threads=Subquery(thread_count(obj)))
    )
    total = comments[0].threads if comments else 0
    return {
        "comments": comments,
        "kind": obj._meta.model_name,
        "target": obj,
        "threads": total,
        "more": total > THREADS_ON_PAGE,
    }


def in_page_of_threads(obj, thread_ids, *, newest_first):
    """The comments of one page of threads (`thread_ids`, from a paginator over `threads_for`)."""
    return list(in_threads(obj, list(thread_ids), newest_first=newest_first))


def page_showing(comment, *, target):
    """Where a reader finds `comment`, on `target`: None when its thread is among the newest that
    `target`'s own page shows, or else the number of the discussion's page (newest first) with it."""
    newer = threads_for(target).filter(thread_id__gt=comment.thread_id).count()
    if newer < THREADS_ON_PAGE:
        return None
    return newer // THREADS_PER_PAGE + 1
