"""The Government Performance Lab's prevention maturity model ("The Journey to a Well-Being-Oriented
System", 2023) as data: eight areas of innovation, each at five stages of maturity, with the
lab's goals and example strategies for each, and the Blueprint nodes each strategy illustrates.

The goals and strategies are the lab's words, quoted with its citation (docs/content.md); the
stages' one-line meanings and the links to nodes are the site's."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from blueprint.common.markdown import render_markdown
from blueprint.common.models import local

SOURCE = {
    "title": "The Journey to a Well-Being-Oriented System: A model for leaders in child welfare",
    "author": "Megan Toohey, Harvard Kennedy School Government Performance Lab",
    "date": "2023",
}


class Stage(models.Model):
    """One of the five stages of maturity, in order: baseline prerequisites … the vision."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_es = models.CharField(_("name in Spanish"), max_length=100, blank=True)
    meaning = models.CharField(
        _("meaning"),
        max_length=200,
        blank=True,
        help_text=_("One plain line: what reaching this stage looks like."),
    )
    meaning_es = models.CharField(_("meaning in Spanish"), max_length=200, blank=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self):
        return self.name

    @property
    def local_name(self):
        return local(self.name, self.name_es)

    @property
    def local_meaning(self):
        return local(self.meaning, self.meaning_es)


class Area(models.Model):
    """One of the eight areas of innovation, in the lab's order and its two groups."""

    class Group(models.TextChoices):
        SUPPORTS = "supports", _("Supports for families")
        INFRASTRUCTURE = "infrastructure", _("Enabling and facilitating infrastructure")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    source_line = models.PositiveIntegerField(
        _("line in the source"),
        null=True,
        blank=True,
        help_text=_("Where the area starts in the lab's brief."),
    )

    class Meta:
        ordering = ["position"]
        verbose_name = _("area of innovation")
        verbose_name_plural = _("areas of innovation")

    def __str__(self):
        return f"{self.position}. {self.title}"

    def get_absolute_url(self):
        return reverse("maturity:model") + f"#{self.slug}"

    @property
    def local_title(self):
        return local(self.title, self.title_es)

    def cell_url(self, stage):
        return reverse("maturity:cell", args=[self.slug, stage.slug])


class Quoted(models.Model):
    """A goal or a strategy: the lab's words (Markdown) for one area at one stage."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, verbose_name=_("area"))
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, verbose_name=_("stage"))
    text = models.TextField(_("text"), help_text=_("The source's words. Markdown."))
    text_html = models.TextField(editable=False, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["area__position", "stage__position", "position"]

    def save(self, *args, **kwargs):
        self.text_html = render_markdown(self.text)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "text_html"}
        super().save(*args, **kwargs)


class Goal(Quoted):
    """What progress looks like in an area at a stage (at the vision, the vision itself)."""

    class Meta(Quoted.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.text[:80]


class StrategyQuerySet(models.QuerySet):
    def linked_to(self, node):
        return self.filter(nodes=node)


class Strategy(Quoted):
    """An example strategy in pursuit of an area's goals at a stage, and the nodes it illustrates."""

    title = models.CharField(
        _("title"), max_length=300, help_text=_("The strategy's lead words in the source.")
    )
    nodes = models.ManyToManyField(
        "recommendations.Node",
        related_name="maturity_strategies",
        blank=True,
        verbose_name=_("recommendations it illustrates"),
    )
    source_line = models.PositiveIntegerField(_("line in the source"), null=True, blank=True)

    objects = StrategyQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[nodes], excluded_fields=["text_html"])

    class Meta(Quoted.Meta):
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self):
        return self.title
