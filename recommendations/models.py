import secrets
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet
from simple_history.models import HistoricalRecords

from blueprint.common.markdown import markdown_document, validate_nesting
from blueprint.common.models import MarkdownContent, PublishableQuerySet, Status, sees_drafts

KINDS = {
    1: _("Principle"),
    2: _("Recommendation"),
    3: _("Sub-recommendation"),
}


class NodeQuerySet(TreeQuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def public(self):
        """What readers see: published nodes with no draft above them (a draft hides its branch)."""
        draft_above = Node.objects.filter(
            tree_id=OuterRef("tree_id"), lft__lt=OuterRef("lft"), rght__gt=OuterRef("rght")
        ).exclude(status=Status.PUBLISHED)
        return self.published().exclude(Exists(draft_above))

    def visible_to(self, user):
        """Drafts, and what lies under them, are visible only to those who see drafts."""
        return self if sees_drafts(user) else self.public()

    def taking_cohorts(self):
        """The nodes cohorts can work on (`Node.takes_cohorts`)."""
        return self.filter(Node.taking_cohorts_condition())

    def in_navigation_order(self):
        """Depth-first, in the order editors arranged the tree: the order of the GitBook sidebar."""
        return self.order_by("tree_id", "lft")

    def principles(self):
        return self.filter(parent__isnull=True)

    def in_branches_of(self, nodes):
        """`nodes` and every node below them."""
        return self.filter(
            reduce(or_, (Q(tree_id=node.tree_id, lft__gte=node.lft, rght__lte=node.rght) for node in nodes))
        )


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
        editable=False,
        help_text=_("Its place in the Blueprint, for example 2.7.1: given by the tree, never typed."),
    )
    slug = models.SlugField(_("slug"), max_length=120)
    gitbook_path = models.CharField(
        _("GitBook path"),
        max_length=300,
        blank=True,
        db_index=True,
        help_text=_("Its address on the old GitBook site, which now redirects here."),
    )

    objects = NodeQuerySet.as_manager()
    # Content only: a revert restores title, text and status, never the node's place in the tree,
    # its number or its address (kept as NodeAddress rows instead).
    history = HistoricalRecords(
        excluded_fields=[
            "number",
            "slug",
            "parent",
            "lft",
            "rght",
            "tree_id",
            "level",
            "gitbook_path",
            *MarkdownContent.NOT_IN_HISTORY,
        ]
    )

    # Principles take no cohorts: a cohort works on a recommendation or a sub-recommendation.
    COHORT_LEVEL = 1
    # Principles, recommendations, sub-recommendations: nothing deeper.
    DEEPEST_LEVEL = 2

    class Meta:
        verbose_name = _("principle or recommendation")
        verbose_name_plural = _("principles and recommendations")

    def __str__(self):
        return f"{self.number} {self.title}"

    def as_markdown(self):
        """The node as a Markdown file of the GitBook export (blueprint.gitbook)."""
        return markdown_document(
            [("number", self.number), ("status", self.status)], f"{self.number} {self.title}", self.body
        )

    @property
    def takes_cohorts(self):
        return self.level >= self.COHORT_LEVEL

    @classmethod
    def taking_cohorts_condition(cls):
        """`takes_cohorts` as a query condition, for choices of a node (a cohort's)."""
        return models.Q(level__gte=cls.COHORT_LEVEL)

    @property
    def can_have_children(self):
        """A sub-recommendation has none: the tree has three levels."""
        return self.level < self.DEEPEST_LEVEL

    def clean(self):
        """Three levels, exactly (the Parent field)."""
        super().clean()
        parent = Node.objects.get(pk=self.parent_id) if self.parent_id else None
        problem = self.problem_moving_under(parent)
        if problem:
            raise ValidationError({"parent": problem})

    def problem_moving_under(self, parent):
        """Why this node cannot go under `parent` (None: at the top), or None when it can: the
        tree holds principles, recommendations and sub-recommendations, and nothing deeper."""
        if parent is None or not self.pk:
            return None if parent is None or parent.level < self.DEEPEST_LEVEL else self.too_deep(parent)
        stored = Node.objects.get(pk=self.pk)
        if parent.pk == stored.pk or parent.is_descendant_of(stored):
            return _("A node cannot be moved under itself or under what is under it.")
        if stored.parent_id is None and parent is not None:
            return _("A principle stays at the top of the tree: it cannot be moved under anything.")
        deepest = stored.get_descendants().aggregate(deepest=models.Max("level"))["deepest"]
        below = (deepest - stored.level) if deepest is not None else 0
        if parent.level + 1 + below > self.DEEPEST_LEVEL:
            return self.too_deep(parent)
        return None

    @staticmethod
    def too_deep(parent):
        return _(
            "This would make a fourth level under “%(parent)s”: the Blueprint has principles, "
            "recommendations and sub-recommendations, and nothing deeper."
        ) % {"parent": parent}

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:120] or "node"
        if not self.number:
            # Until the tree numbers it (recommendations.services.renumber_tree), moments later.
            self.number = f"~{secrets.token_hex(8)}"
        forced = self.__dict__.pop("force_revision", False)  # a move: a revision with its reason
        if self.pk and "skip_history_when_saving" not in self.__dict__:
            self._content_changed = self.content_changed()
            if not self._content_changed and not forced:
                self.skip_history_when_saving = True  # a renumbering: no revision
        try:
            super().save(*args, **kwargs)
        finally:
            self.__dict__.pop("skip_history_when_saving", None)

    def get_absolute_url(self):
        return reverse("recommendations:node", args=[self.number, self.slug])

    def get_permanent_url(self):
        """The link that leads to this node forever, whatever moves: its identifier, not its number."""
        return reverse("recommendations:stable", args=[self.pk])

    @property
    def description(self):
        if self.local_body_html:
            return super().description
        return _("%(kind)s %(number)s of the Wellbeing Blueprint: %(title)s") % {
            "kind": self.kind,
            "number": self.number,
            "title": self.local_title,
        }

    @property
    def kind(self):
        """Principle, recommendation or sub-recommendation, by its level in the tree."""
        return KINDS.get(self.level + 1, _("Sub-recommendation"))

    def former_numbers(self):
        """[(number, until)] this node was numbered before, newest first, other than its own now."""
        seen, former = {self.number}, []
        for address in self.past_addresses.order_by("-until"):
            if address.number not in seen:
                seen.add(address.number)
                former.append((address.number, address.until))
        return former


class NodeAddressQuerySet(models.QuerySet):
    def last_holder_of(self, number):
        """The node that held `number` last, when none holds it now."""
        address = self.filter(number=number).select_related("node").order_by("-until").first()
        return address.node if address else None

    def leading_to(self, number, slug):
        """The node a link to `/<number>/<slug>/` was made for, if it has moved since."""
        address = self.filter(number=number, slug=slug).select_related("node").first()
        return address.node if address else None


class NodeAddress(models.Model):
    """A number and slug a node had until `until`: links made to it then still lead to it."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="past_addresses")
    number = models.CharField(_("number"), max_length=40)
    slug = models.SlugField(_("slug"), max_length=120)
    until = models.DateTimeField(_("until"), default=timezone.now)

    objects = NodeAddressQuerySet.as_manager()

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")
        constraints = [
            # A link leads to the node it was made for: the first node to leave an address keeps it.
            models.UniqueConstraint(fields=["number", "slug"], name="one_node_per_former_address")
        ]

    def __str__(self):
        return f"/{self.number}/{self.slug}/"


class Page(MarkdownContent):
    """A stand-alone page such as "Start here.": shown before the principles in the navigation."""

    START_SLUG = "start-here"
    ABOUT_SLUG = "about"

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    in_navigation = models.BooleanField(
        _("in the navigation"),
        default=True,
        help_text=_("Listed before the principles, as on GitBook. Pages of the site's own (About) are not."),
    )

    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=MarkdownContent.NOT_IN_HISTORY)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("stand-alone page")
        verbose_name_plural = _("stand-alone pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.slug == self.START_SLUG:
            return reverse("recommendations:start")
        if self.slug == self.ABOUT_SLUG:
            return reverse("recommendations:about")
        return reverse("recommendations:page", args=[self.slug])


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
        MERGED = "merged", _("Accepted with changes")
        DECLINED = "declined", _("Declined")

    TAKEN = (Status.ACCEPTED, Status.MERGED)

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="suggestions")
    kind = models.CharField(_("what you suggest"), max_length=10, choices=Kind.choices, default=Kind.EDIT)
    title = models.CharField(_("title of the new sub-recommendation"), max_length=300, blank=True)
    text = models.TextField(_("text"), max_length=10000, blank=True, validators=[validate_nesting])
    reason = models.TextField(_("why"), max_length=3000)
    name = models.CharField(_("your name"), max_length=120)
    email = models.EmailField(_("your e-mail address"))
    # The revision the reader started from, to show the editor what changed since.
    base_revision = models.ForeignKey(
        "recommendations.HistoricalNode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    base_text = models.TextField(blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    editor_note = models.TextField(_("note to the suggester"), blank=True, max_length=3000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_node = models.ForeignKey(Node, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
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
