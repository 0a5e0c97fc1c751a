"""Comments are django-comments-xtd's; the site adds why readers reported one and why an editor hid one."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment


class CommentHiding(models.Model):
    """Why an editor hid a comment: the comment stays stored, and its author was told this."""

    comment = models.OneToOneField(
        "django_comments_xtd.XtdComment", on_delete=models.CASCADE, related_name="hiding"
    )
    reason = models.TextField(_("reason, sent to the author"), max_length=2000)
    hidden_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hidden comment")
        verbose_name_plural = _("hidden comments")
        # The moderation queue and its actions need this permission; plain staff lack it.
        permissions = [("moderate", _("Can moderate comments, submissions and suggestions"))]

    def __str__(self):
        return str(self.comment)


class CommentReport(models.Model):
    """A reader's report of a comment, with what they said is wrong (the library keeps one flag
    per comment for all readers without an account; the reasons are kept here)."""

    comment = models.ForeignKey(
        "django_comments_xtd.XtdComment", on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.TextField(_("what is wrong with it"), max_length=1000, blank=True)
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("report of a comment")
        verbose_name_plural = _("reports of comments")
        ordering = ["reported_at"]

    def __str__(self):
        return self.reason or str(_("(no reason given)"))


def comments_for(obj):
    """Published comments on `obj`, each thread followed by its replies."""
    return _published(obj).order_by("thread_id", "order")


def threads_for(obj, *, newest_first=True):
    """The numbers of the threads on `obj` with a published comment, newest first by default: a
    thread's number is its first comment's, so it orders them as they were started."""
    return (
        _published(obj)
        .values_list("thread_id", flat=True)
        .distinct()
        .order_by("-thread_id" if newest_first else "thread_id")
    )


def thread_count(obj):
    """A query of one number: how many threads `obj` has (to annotate another query with)."""
    return (
        _published(obj)
        .order_by()
        .values("content_type")
        .annotate(threads=models.Count("thread_id", distinct=True))
        .values("threads")
    )


def in_threads(obj, thread_ids, *, newest_first=True):
    """Every published comment of the threads `thread_ids` (ids or a query of them), each thread
    followed by its replies."""
    return (
        _published(obj)
        .filter(thread_id__in=thread_ids)
        .order_by("-thread_id" if newest_first else "thread_id", "order")
    )


def _published(obj):
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        site_id=settings.SITE_ID,
        is_public=True,
        is_removed=False,
    )
