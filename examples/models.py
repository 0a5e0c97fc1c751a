from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from blueprint.models import MarkdownContent, PublishableQuerySet, URLField


class Attachment(MarkdownContent):
    """What examples and tools share: a page of its own, attached to one or more nodes."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    source_name = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where this comes from.")
    )
    source_url = URLField(_("source link"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "title"]

    def __str__(self):
        return self.title


class Example(Attachment):
    """The Blueprint at work somewhere: what happened and what changed."""

    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    nodes = models.ManyToManyField(
        "recommendations.Node",
        related_name="examples",
        blank=True,
        verbose_name=_("illustrates"),
    )

    class Meta(Attachment.Meta):
        verbose_name = _("example")
        verbose_name_plural = _("examples")

    def get_absolute_url(self):
        return reverse("examples:example", args=[self.slug])


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
        verbose_name=_("supports"),
    )

    class Meta(Attachment.Meta):
        verbose_name = _("tool")
        verbose_name_plural = _("tools")

    def get_absolute_url(self):
        return reverse("examples:tool", args=[self.slug])

    def get_download_url(self):
        return reverse("examples:download", args=[self.slug]) if self.file else ""
