import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from blueprint.common.markdown import validate_nesting
from blueprint.common.models import MarkdownContent, PublishableQuerySet, URLField, local


class Attachment(MarkdownContent):
    """What examples and tools share: a page of its own, attached to one or more nodes (and
    listed under them in the sidebar: examples.navigation)."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    source_name = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where this comes from.")
    )
    source_url = URLField(_("source link"), blank=True)
    # The citation a reader can follow (docs/content.md): the source's title, its author or
    # organization, its date as the source gives it, and the section the facts come from.
    cited_title = models.CharField(_("source's title"), max_length=300, blank=True)
    cited_author = models.CharField(_("source's author or organization"), max_length=300, blank=True)
    cited_date = models.CharField(
        _("source's date"), max_length=60, blank=True, help_text=_("As the source gives it: “June 2020”.")
    )
    cited_section = models.CharField(_("section of the source"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "title"]

    def __str__(self):
        return self.title

    CITATION_FIELDS = ("cited_title", "cited_author", "cited_date", "cited_section")

    @property
    def citation(self):
        """“Title”, author, date, section: where this comes from, in one line (the page, the
        export); the older free-text source where no title is recorded."""
        if not self.cited_title:
            return self.source_name
        parts = [f"“{self.cited_title}”", self.cited_author, self.cited_date, self.cited_section]
        return ", ".join(part for part in parts if part)


class Example(Attachment):
    """The Blueprint at work somewhere: what happened and what changed."""

    organisation = models.CharField(_("organization"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Only where the English is not a proper name ("Four graduate students…", "New Jersey"):
    # empty, Spanish pages show the English.
    organisation_es = models.CharField(_("organization in Spanish"), max_length=200, blank=True)
    place_es = models.CharField(_("place in Spanish"), max_length=200, blank=True)
    nodes = models.ManyToManyField(
        "recommendations.Node",
        related_name="examples",
        blank=True,
        verbose_name=_("recommendations it illustrates"),
    )
    history = HistoricalRecords(excluded_fields=MarkdownContent.NOT_IN_HISTORY)

    class Meta(Attachment.Meta):
        verbose_name = _("example")
        verbose_name_plural = _("examples")

    def get_absolute_url(self):
        return reverse("examples:example", args=[self.slug])

    @property
    def local_organisation(self):
        return local(self.organisation, self.organisation_es)

    @property
    def local_place(self):
        return local(self.place, self.place_es)


class Tool(Attachment):
    """A tool, playbook or toolkit that supports taking a recommendation on."""

    class Kind(models.TextChoices):
        TOOL = "tool", _("Tool")
        PLAYBOOK = "playbook", _("Playbook")
        TOOLKIT = "toolkit", _("Toolkit")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TOOL)
    file = models.FileField(_("file"), upload_to="tools/", blank=True)
    nodes = models.ManyToManyField(
        "recommendations.Node",
        related_name="tools",
        blank=True,
        verbose_name=_("recommendations it supports"),
    )
    history = HistoricalRecords(excluded_fields=MarkdownContent.NOT_IN_HISTORY)

    class Meta(Attachment.Meta):
        verbose_name = _("tool")
        verbose_name_plural = _("tools")

    def get_absolute_url(self):
        return reverse("examples:tool", args=[self.slug])

    def get_download_url(self):
        return reverse("examples:download", args=[self.slug]) if self.file else ""


class SubmissionQuerySet(models.QuerySet):
    def waiting(self):
        """What waits for an editor: new submissions and ones sent back after changes."""
        return self.filter(status=ExampleSubmission.Status.PENDING)

    def from_address(self, email):
        return self.filter(email__iexact=email)


def new_token():
    return secrets.token_urlsafe(24)


class ExampleSubmission(models.Model):
    """An example of the Blueprint at work, sent in by a reader, waiting for an editor."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an editor")
        CHANGES_REQUESTED = "changes", _("Changes requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    title = models.CharField(_("title"), max_length=200)
    what_happened = models.TextField(
        _("what happened and what changed"), max_length=5000, validators=[validate_nesting]
    )
    organisation = models.CharField(_("organization"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200)
    link = URLField(_("link"), blank=True, max_length=500)
    nodes = models.ManyToManyField(
        "recommendations.Node", related_name="+", verbose_name=_("recommendations it illustrates")
    )
    name = models.CharField(_("your name"), max_length=120)
    email = models.EmailField(_("your e-mail address"))
    consent_contact = models.BooleanField(_("may contact"), default=False)
    consent_credit = models.BooleanField(_("may credit by name"), default=False)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    editor_note = models.TextField(_("note to the submitter"), blank=True, max_length=3000)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    example = models.ForeignKey(
        Example, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    # When its submitter was told the example is published: they are told once.
    told_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("example submission")
        verbose_name_plural = _("example submissions")
        ordering = ["created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("examples:submission_status", args=[self.token])

    def get_outcome_display(self):
        """The status as the submitter reads it: an accepted example may wait as a draft a while."""
        if self.status != self.Status.ACCEPTED:
            return self.get_status_display()
        if self.example and self.example.is_published:
            return _("Accepted and published")
        return _("Accepted, to be published soon")

    @property
    def can_be_changed_by_submitter(self):
        return self.status == self.Status.CHANGES_REQUESTED
