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
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        site_id=settings.SITE_ID,
        is_public=True,
        is_removed=False,
    ).order_by("thread_id", "order")
