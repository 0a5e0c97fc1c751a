from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet
from simple_history.models import HistoricalRecords

from blueprint.models import MarkdownContent, Status
from blueprint.prepared import statement_cursor

KINDS = {
    1: _("Principle"),
    2: _("Recommendation"),
    3: _("Sub-recommendation"),
}


class NodeQuerySet(TreeQuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        return self.visible_to_staff(user.is_staff)

    def visible_to_staff(self, staff):
        """`visible_to` by whether the reader is an editor (a `PreparedQuery` shape)."""
        return self if staff else self.published()

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
    gitbook_path = models.CharField(
        _("GitBook path"), max_length=300, blank=True, db_index=True,
        help_text=_("Its address on the old GitBook site, which now redirects here."),
    )

    objects = NodeQuerySet.as_manager()
    # Content only: a revert restores title, text and status, never the node's place in the tree.
    history = HistoricalRecords(
        excluded_fields=[
            "parent", "lft", "rght", "tree_id", "level", "body_html", "body_html_es", "headings",
            "gitbook_path",
        ]
    )

    class Meta:
        verbose_name = _("Blueprint node")
        verbose_name_plural = _("Blueprint tree")

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
    """One row whose counters change whenever the navigation (`value`) or anything a reading page
    shows (`content`) could change.

    Every request reads it (one query), so every server process agrees on which cached navigation
    and which shared copy of a page is current, without a shared cache.
    """

    value = models.PositiveBigIntegerField(default=1)
    content = models.PositiveBigIntegerField(default=1)

    @classmethod
    def current(cls):
        return cls.both()[0]

    @classmethod
    def both(cls):
        """(navigation, content): read together, in one query.

        Every request runs it, so it is plain SQL: building it through the ORM cost more than a
        whole shared page. As a request's first query it doubles as the connection's health
        check, which would otherwise cost a round trip of its own: if a kept connection has gone
        (the database restarted), it is closed and the read retried on a new one.
        """
        if connection.health_check_enabled and not connection.health_check_done and not connection.in_atomic_block:
            connection.health_check_done = True
            try:
                return cls._read_both()
            except (InterfaceError, OperationalError):
                connection.close()
        return cls._read_both()

    @classmethod
    def _read_both(cls):
        with statement_cursor(connection) as cursor:
            cursor.execute(f"SELECT value, content FROM {cls._meta.db_table} WHERE id = 1")
            row = cursor.fetchone()
        return tuple(row) if row else (0, 0)

    @classmethod
    def bump(cls):
        """The navigation changed, and so did what pages show."""
        cls._increment(value=models.F("value") + 1, content=models.F("content") + 1)

    @classmethod
    def bump_content(cls):
        cls._increment(content=models.F("content") + 1)

    @classmethod
    def _increment(cls, **changes):
        if not cls.objects.filter(pk=1).update(**changes):
            cls.objects.get_or_create(pk=1, defaults={"value": 1, "content": 1})


class SuggestionQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=Suggestion.Status.PENDING)

    def from_address(self, email):
        return self.filter(email__iexact=email)


class Suggestion(models.Model):
    """A reader's proposal: new text for a node, or a new sub-recommendation under it."""

    class Kind(models.TextChoices):
        EDIT = "edit", _("New text for this page")
        NEW_CHILD = "child", _("A new sub-recommendation under it")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an editor")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="suggestions")
    kind = models.CharField(_("what you suggest"), max_length=10, choices=Kind.choices, default=Kind.EDIT)
    title = models.CharField(_("title of the new sub-recommendation"), max_length=300, blank=True)
    text = models.TextField(_("text"), max_length=20000, blank=True)
    reason = models.TextField(_("why"), max_length=3000)
    name = models.CharField(_("your name"), max_length=120)
    email = models.EmailField(_("your e-mail address"))
    # The revision the reader started from, to show the editor what changed since.
    base_revision = models.ForeignKey(
        "recommendations.HistoricalNode", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", db_constraint=False,
    )
    base_text = models.TextField(blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    editor_note = models.TextField(_("note to the suggester"), blank=True, max_length=3000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_node = models.ForeignKey(
        Node, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggested edit")
        verbose_name_plural = _("suggested edits")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.node}"

    @property
    def has_conflict(self):
        """The node's text changed after the reader started from it."""
        return self.kind == self.Kind.EDIT and self.node.body != self.base_text
