"""What readers do around the Blueprint: rate pages, sign on to it, and search it."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blueprint.common.models import new_token
from cohorts.models import Sector


class SignerQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Signer.Status.CONFIRMED)

    def shown(self):
        return self.confirmed().filter(show_publicly=True)

    def from_address(self, email):
        return self.filter(email__iexact=email)


class Signer(models.Model):
    """Someone who signed on to the Blueprint, as an individual or for an organization."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("As an individual")
        ORGANISATION = "organisation", _("For an organization")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Signed on")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    name = models.CharField(_("name"), max_length=120)
    organisation = models.CharField(_("organization"), max_length=200, blank=True)
    title = models.CharField(_("title or role"), max_length=120, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    place = models.CharField(_("place"), max_length=200)
    kind = models.CharField(_("signing"), max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL)
    show_publicly = models.BooleanField(_("show my name on the list of signers"), default=True)
    email = models.EmailField(_("e-mail address"), unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = SignerQuerySet.as_manager()

    class Meta:
        verbose_name = _("signer")
        verbose_name_plural = _("signers")
        ordering = ["confirmed_at", "id"]

    def __str__(self):
        return self.organisation if self.kind == self.Kind.ORGANISATION and self.organisation else self.name

    @property
    def seen_by_readers(self):
        """Whether readers see it now or saw it once: a signature never confirmed was never counted."""
        return self.status != self.Status.UNCONFIRMED


class Rating(models.IntegerChoices):
    HELPFUL = 3, _("Yes, helpful")
    SOMEWHAT = 2, _("Somewhat")
    NOT_HELPFUL = 1, _("Not helpful")


class FeedbackQuerySet(models.QuerySet):
    def given(self, page, *, visitor):
        """The answer this visitor gave about `page` before, if any."""
        if not visitor:
            return None
        return self.filter(
            content_type=ContentType.objects.get_for_model(page), object_id=page.pk, visitor=visitor
        ).first()

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


class SearchEntry(models.Model):
    """One searchable page: a node, a stand-alone page, an example or a tool.

    Kept current whenever its source is saved (blueprint.pages.search). On PostgreSQL `search_vector`
    holds its weighted full-text vector; on SQLite an FTS5 table mirrors it through triggers.
    """

    class Kind(models.TextChoices):
        NODE = "node", _("Recommendations")
        PAGE = "page", _("Pages")
        EXAMPLE = "example", _("Examples")
        TOOL = "tool", _("Tools and playbooks")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    # The language of the entry's title and text, and of its stemming.
    language = models.CharField(max_length=2, default="en")
    # On the English entry: the page has Spanish, so a Spanish entry of its own (else Spanish
    # searches read this one).
    translated = models.BooleanField(default=False)
    number = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=300)
    # No longer read (each language has its own entry); nullable so SQLite added it in place.
    title_es = models.CharField(max_length=300, null=True, blank=True)  # noqa: DJ001
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    visible = models.BooleanField(default=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="one_search_entry_per_page_and_language"
            )
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class SearchMiss(models.Model):
    """Searches that found nothing: what readers looked for and did not find, one row per text
    per day with how many times. At most SEARCH_MISSES_PER_DAY new texts are kept each day, so
    searches alone cannot grow the database without bound."""

    query = models.CharField(_("search"), max_length=200)
    day = models.DateField(_("day"), default=timezone.localdate)
    count = models.PositiveIntegerField(_("times"), default=1)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        ordering = ["-day", "-count", "query"]
        constraints = [
            models.UniqueConstraint(fields=["query", "day"], name="one_search_miss_per_text_per_day")
        ]

    def __str__(self):
        return self.query
