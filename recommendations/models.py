from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from blueprint.models import MarkdownContent, Status

KINDS = {
    1: _("Principle"),
    2: _("Recommendation"),
    3: _("Sub-recommendation"),
}


class NodeQuerySet(TreeQuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        return self if user.is_staff else self.published()

    def in_navigation_order(self):
        """Depth-first, in the order editors arranged the tree: the order of the GitBook sidebar."""
        return self.order_by("tree_id", "lft")

    def principles(self):
        return self.filter(parent__isnull=True)


class Node(MPTTModel, MarkdownContent):
    """A principle, a recommendation or a sub-recommendation of the Blueprint."""

    parent = TreeForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    number = models.CharField(
        _("number"),
        max_length=40,
        unique=True,
        help_text=_("Its place in the Blueprint, for example 2.7.1."),
    )
    slug = models.SlugField(_("slug"), max_length=120)

    objects = NodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Blueprint node")
        verbose_name_plural = _("Blueprint tree")

    class MPTTMeta:
        order_insertion_by = []

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:120] or "node"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("recommendations:node", args=[self.number, self.slug])

    @property
    def kind(self):
        """Principle, recommendation or sub-recommendation, by how many parts its number has."""
        return KINDS.get(self.number.count(".") + 1, _("Sub-recommendation"))


class NavigationVersion(models.Model):
    """One row whose counter changes whenever the navigation could change.

    Every request reads it (one query), so every server process agrees on which cached navigation
    is current without a shared cache.
    """

    value = models.PositiveBigIntegerField(default=1)

    @classmethod
    def current(cls):
        row = cls.objects.filter(pk=1).values_list("value", flat=True).first()
        return row or 0

    @classmethod
    def bump(cls):
        updated = cls.objects.filter(pk=1).update(value=models.F("value") + 1)
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"value": 1})
