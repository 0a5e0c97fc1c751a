from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

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
    title_es = models.CharField(_("title in Spanish"), max_length=300, blank=True)
    body_es = MarkdownxField(_("text in Spanish"), blank=True, help_text=_("Markdown."))
    body_html_es = models.TextField(editable=False, blank=True)
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
        self.body_html_es = render_markdown(self.body_es)
        self.headings = outline_of(self.body_html)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html", "body_html_es", "headings"}
        super().save(*args, **kwargs)

    # What a reader sees in their language: Spanish where an editor translated it, else English.
    @property
    def in_spanish(self):
        return get_language() == "es"

    @property
    def local_title(self):
        return self.title_es if self.in_spanish and self.title_es else self.title

    @property
    def local_body_html(self):
        return self.body_html_es if self.in_spanish and self.body_es else self.body_html

    @property
    def local_headings(self):
        return outline_of(self.body_html_es) if self.in_spanish and self.body_es else self.headings

    @property
    def missing_translation(self):
        """Shown in Spanish but not translated: the page says so."""
        return self.in_spanish and not (self.title_es and (self.body_es or not self.body))

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class InNavigation:
    """A model the navigation lists: it tells whether a save changes what the navigation shows
    (`NAVIGATION_FIELDS`, compared with the values as loaded; a new row always does)."""

    NAVIGATION_FIELDS = ()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if set(cls.NAVIGATION_FIELDS) <= set(field_names):
            instance.navigation_saved()
        return instance

    def _navigation_values(self):
        return tuple(getattr(self, name) for name in self.NAVIGATION_FIELDS)

    @property
    def changes_navigation(self):
        return getattr(self, "_loaded_navigation", None) != self._navigation_values()

    def navigation_saved(self):
        self._loaded_navigation = self._navigation_values()


class Page(InNavigation, MarkdownContent):
    """A stand-alone page such as "Start here.": shown before the principles in the navigation."""

    START_SLUG = "start-here"

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["body_html", "body_html_es", "headings"])

    # What the navigation shows of a page: a change to any of these changes every page's sidebar.
    NAVIGATION_FIELDS = ("slug", "title", "title_es", "status", "position")

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


class Sector(models.TextChoices):
    """Where a leader works: shared by cohort sign-ups and signers of the Blueprint."""

    GOVERNMENT = "government", _("Government or public system")
    COMMUNITY = "community", _("Community organisation or leader")
    NONPROFIT = "nonprofit", _("Non-profit")
    PHILANTHROPY = "philanthropy", _("Philanthropy")
    BUSINESS = "business", _("Business")
    RESEARCH = "research", _("Research")
    OTHER = "other", _("Other")


def new_token():
    import secrets

    return secrets.token_urlsafe(24)


class SignerQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Signer.Status.CONFIRMED)

    def shown(self):
        return self.confirmed().filter(show_publicly=True)

    def from_address(self, email):
        return self.filter(email__iexact=email)


class Signer(models.Model):
    """Someone who signed on to the Blueprint, as an individual or for an organisation."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("As an individual")
        ORGANISATION = "organisation", _("For an organisation")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Signed on")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    name = models.CharField(_("name"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
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


class OutgoingEmailQuerySet(models.QuerySet):
    def due_for_retry(self, *, max_attempts, stale_before):
        """Failed sends with attempts left, and queued ones whose task never ran."""
        return self.filter(
            models.Q(status=OutgoingEmail.Status.FAILED, attempts__lt=max_attempts)
            | models.Q(status=OutgoingEmail.Status.QUEUED, created_at__lt=stale_before)
        )

    def to_address(self, email):
        return self.filter(to__icontains=email)


class OutgoingEmail(models.Model):
    """An e-mail on its way out: kept until delivered, so a mail server failure loses nothing."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    subject = models.CharField(max_length=500)
    body = models.TextField()
    html = models.TextField(blank=True)
    from_email = models.CharField(max_length=300)
    to = models.JSONField(default=list)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def is_sent(self):
        return self.status == self.Status.SENT

    @classmethod
    def from_message(cls, message):
        html = next(
            (content for content, mimetype in getattr(message, "alternatives", [])
             if mimetype == "text/html"),
            "",
        )
        return cls.objects.create(
            subject=str(message.subject),
            body=str(message.body),
            html=str(html),
            from_email=str(message.from_email),
            to=[str(address) for address in message.recipients()],
            reply_to=[str(address) for address in message.reply_to],
            headers={str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        )

    def to_message(self):
        from django.core.mail import EmailMultiAlternatives

        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.body,
            from_email=self.from_email,
            to=self.to,
            reply_to=self.reply_to,
            headers=self.headers,
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        return message

    def deliver(self):
        from blueprint.mail import delivery_connection

        self.attempts += 1
        try:
            delivery_connection().send_messages([self.to_message()])
        except Exception as exc:  # any failure of the mail server: record it, retry later
            self.status = self.Status.FAILED
            self.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        else:
            self.status = self.Status.SENT
            self.sent_at = timezone.now()
            self.last_error = ""
        self.save(update_fields=["attempts", "status", "last_error", "sent_at"])


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
        permissions = [
            ("moderate", _("Can moderate comments, submissions and suggestions")),
            ("manage_personal_data", _("Can export or erase everything stored about an e-mail address")),
        ]

    def __str__(self):
        return str(self.comment)


from blueprint.protection import RateLimitCounter  # noqa: E402,F401  (a model: registered here)


class ContentVersionQuerySet(models.QuerySet):
    def of(self, scopes):
        """{scope: version} for each of `scopes`, in one query; a scope never changed is 0."""
        scopes = list(scopes)
        found = dict(self.filter(scope__in=scopes).values_list("scope", "version"))
        return {name: found.get(name, 0) for name in scopes}

    def bump(self, scopes):
        scopes = sorted(set(scopes))  # one order for every writer: no two wait on each other
        if scopes:
            self.bulk_create([ContentVersion(scope=name) for name in scopes], ignore_conflicts=True)
            self.filter(scope__in=scopes).update(version=models.F("version") + 1)


class ContentVersion(models.Model):
    """How many times what reading pages show under `scope` has changed (blueprint.page_cache)."""

    scope = models.CharField(max_length=100, unique=True)
    version = models.PositiveBigIntegerField(default=0)

    objects = ContentVersionQuerySet.as_manager()

    def __str__(self):
        return f"{self.scope}: {self.version}"


class SearchEntry(models.Model):
    """One searchable page: a node, a stand-alone page, an example or a tool.

    Kept current whenever its source is saved (blueprint.search). On PostgreSQL `search_vector`
    holds its weighted full-text vector; on SQLite an FTS5 table mirrors it through triggers.
    """

    class Kind(models.TextChoices):
        NODE = "node", _("Recommendations")
        PAGE = "page", _("Pages")
        EXAMPLE = "example", _("Examples")
        TOOL = "tool", _("Tools and playbooks")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    number = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    visible = models.BooleanField(default=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_entry_per_page")
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class SearchMiss(models.Model):
    """A search that found nothing: what readers looked for and did not find."""

    query = models.CharField(_("search"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("times"), default=1)
    last_searched_at = models.DateTimeField(_("last searched"), auto_now=True)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        ordering = ["-count", "-last_searched_at"]

    def __str__(self):
        return self.query
