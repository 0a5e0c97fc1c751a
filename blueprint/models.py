from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from blueprint.markdown import outline_of, render_markdown


class URLField(models.URLField):
    """A URL typed without a scheme means https, on Django 5.2 as on 6."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class Status(models.TextChoices):
    PUBLISHED = "published", _("Published")
    DRAFT = "draft", _("Draft")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Drafts are visible to editors only."""
        return self if user.is_staff else self.published()


class MarkdownContent(models.Model):
    """Fields and behaviour shared by everything with an editable Markdown body."""

    title = models.CharField(_("title"), max_length=300)
    body = MarkdownxField(_("text"), blank=True, help_text=_("Markdown."))
    body_html = models.TextField(editable=False, blank=True)
    headings = models.JSONField(editable=False, default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # The sanitised HTML is derived and stored here, so no request renders Markdown.
        self.body_html = render_markdown(self.body)
        self.headings = outline_of(self.body_html)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html", "headings"}
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class Page(MarkdownContent):
    """A stand-alone page such as "Start here.": shown before the principles in the navigation."""

    START_SLUG = "start-here"

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("stand-alone page")
        verbose_name_plural = _("stand-alone pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.slug == self.START_SLUG:
            return reverse("blueprint:start")
        return reverse("blueprint:page", args=[self.slug])


class Rating(models.IntegerChoices):
    HELPFUL = 3, _("Yes, helpful")
    SOMEWHAT = 2, _("Somewhat")
    NOT_HELPFUL = 1, _("Not helpful")


class FeedbackQuerySet(models.QuerySet):
    def report(self):
        """Ratings per page: one row per rated page with the count of each rating."""
        return (
            self.values("content_type", "object_id")
            .annotate(
                helpful=models.Count("id", filter=models.Q(rating=Rating.HELPFUL)),
                somewhat=models.Count("id", filter=models.Q(rating=Rating.SOMEWHAT)),
                not_helpful=models.Count("id", filter=models.Q(rating=Rating.NOT_HELPFUL)),
                total=models.Count("id"),
                comments=models.Count("id", filter=~models.Q(comment="")),
            )
            .order_by("-total", "content_type", "object_id")
        )


class Feedback(models.Model):
    """A reader's answer to "Was this helpful?": one per visitor per page, changed by voting again."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    page = GenericForeignKey("content_type", "object_id")
    visitor = models.CharField(max_length=64, editable=False)
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("page rating")
        verbose_name_plural = _("page ratings")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "visitor"], name="one_rating_per_visitor"
            )
        ]

    def __str__(self):
        return f"{self.get_rating_display()} — {self.page}"
