"""Pulse Check: where a system stands on each item of an instrument, alone or as a group.

An instrument is data: its items (a question each, grouped for the charts, pointing to the nodes
it concerns), on the scale of the prevention maturity model's five stages, with how much each
item matters to the person's community. Answers are kept behind a private link; nobody signs in.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from blueprint.common.models import local
from cohorts.models import Sector
from recommendations.models import Node


def new_token():
    """192 random bits: a private link nobody can guess."""
    return secrets.token_urlsafe(24)


class Instrument(models.Model):
    """A set of items to place one's system on: the Blueprint's recommendations, or the
    prevention maturity model's areas."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    intro_es = models.TextField(_("introduction in Spanish"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pulse:start", args=[self.slug])

    @property
    def local_title(self):
        return local(self.title, self.title_es)

    @property
    def local_intro(self):
        return local(self.intro, self.intro_es)


class ItemQuerySet(models.QuerySet):
    def in_order(self):
        """The items as the questions and charts show them, with what they need from the tree
        read in the same query: the principle a recommendation is under now gives its section."""
        principle = Node.objects.filter(tree_id=OuterRef("node__tree_id"), level=0)
        return self.select_related("node", "area").annotate(
            principle_number=Subquery(principle.values("number")[:1]),
            principle_title=Subquery(principle.values("title")[:1]),
            principle_title_es=Subquery(principle.values("title_es")[:1]),
        )


class Item(models.Model):
    """One question: where does your system stand on this, and how much does it matter? It asks
    about a recommendation or an area of the maturity model, and shows its number and title as
    they are now (a move renumbers the question too); an item about neither has its own words."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Items about recommendations follow the tree's order.")
    )
    node = models.ForeignKey(
        "recommendations.Node",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pulse_questions",
        verbose_name=_("recommendation it asks about"),
    )
    area = models.ForeignKey(
        "maturity.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pulse_questions",
        verbose_name=_("area it asks about"),
    )
    section = models.CharField(
        _("section"),
        max_length=300,
        blank=True,
        help_text=_(
            "Only for an item about neither a recommendation nor an area: the chart and page it is on."
        ),
    )
    section_es = models.CharField(_("section in Spanish"), max_length=300, blank=True)
    text = models.CharField(
        _("text"),
        max_length=300,
        blank=True,
        help_text=_("Only for an item about neither a recommendation nor an area: its question."),
    )
    text_es = models.CharField(_("text in Spanish"), max_length=300, blank=True)
    nodes = models.ManyToManyField(
        "recommendations.Node",
        related_name="pulse_items",
        blank=True,
        verbose_name=_("other recommendations it concerns"),
    )
    history = HistoricalRecords(m2m_fields=[nodes])

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["instrument", "node__tree_id", "node__lft", "area__position", "position", "pk"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "node"],
                condition=models.Q(node__isnull=False),
                name="one_item_per_recommendation",
                violation_error_message=_("This instrument already asks about this recommendation."),
            ),
            models.UniqueConstraint(
                fields=["instrument", "area"],
                condition=models.Q(area__isnull=False),
                name="one_item_per_area",
                violation_error_message=_("This instrument already asks about this area."),
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.local_text}".strip()

    def clean(self):
        if self.node_id and self.area_id:
            raise ValidationError(_("An item asks about a recommendation or an area, not both."))
        if not (self.node_id or self.area_id):
            missing = {
                name: _("An item about neither a recommendation nor an area needs its own words.")
                for name in ("text", "section")
                if not getattr(self, name).strip()
            }
            if missing:
                raise ValidationError(missing)

    @property
    def label(self):
        """The short mark for charts: the recommendation's number now, or the area's."""
        if self.node_id:
            return self.node.number
        if self.area_id:
            return str(self.area.position)
        return ""

    @property
    def local_text(self):
        if self.node_id:
            return self.node.local_title
        if self.area_id:
            return local(self.area.title, self.area.title_es)
        return local(self.text, self.text_es)

    def _principle(self):
        if not hasattr(self, "principle_number"):  # (not read with `in_order`)
            root = self.node.get_root()
            self.principle_number, self.principle_title = root.number, root.title
            self.principle_title_es = root.title_es
        return self.principle_number, self.principle_title, self.principle_title_es

    @property
    def section_key(self):
        """What groups items into one page and chart (a principle, an area group), in any language."""
        if self.node_id:
            return f"node:{self._principle()[0]}"
        if self.area_id:
            return f"area:{self.area.group}"
        return self.section

    @property
    def local_section(self):
        if self.node_id:
            number, title, title_es = self._principle()
            return f"{number}. {local(title, title_es)}"
        if self.area_id:
            return str(self.area.get_group_display())
        return local(self.section, self.section_es)

    @property
    def sort_key(self):
        """The item's place in its instrument: the tree's order, the areas', then its position."""
        node = (self.node.tree_id, self.node.lft) if self.node_id else (0, 0)
        return (*node, self.area.position if self.area_id else 0, self.position, self.pk)

    def concerns(self):
        """The recommendations the item is about: its own, then any others linked to it."""
        return [*([self.node] if self.node_id else []), *self.nodes.all()]


def _fingerprint(sql, token):
    """One row of `sql` (written in SQL, Django's documented raw cursor, because a page a meeting
    reloads every few seconds runs it: the ORM spent more building it than the database
    answering), with the tables' names filled in: None when no row has this token."""
    tables = {model.__name__: model._meta.db_table for model in (GroupCheck, Invitation, PulseCheck)}
    with connections[router.db_for_read(PulseCheck)].cursor() as cursor:
        cursor.execute(sql.format(**tables), [token])
        return cursor.fetchone()


class GroupCheckQuerySet(models.QuerySet):
    def fingerprint(self, token):
        """What the facilitator's page shows of the group besides the site's content, in one
        query (blueprint.common.cache.private_page): None when no group has this link. Every
        answer saved touches its check (`updated_at`); a check erased changes the counts."""
        return _fingerprint(
            """SELECT g.name, g.open_link, g.closed_at,
                 (SELECT COUNT(*) FROM {PulseCheck} c WHERE c.group_id = g.id),
                 (SELECT COUNT(c.finished_at) FROM {PulseCheck} c WHERE c.group_id = g.id),
                 (SELECT MAX(c.updated_at) FROM {PulseCheck} c WHERE c.group_id = g.id),
                 (SELECT COUNT(*) FROM {Invitation} i WHERE i.group_id = g.id),
                 (SELECT COUNT(i.used_at) FROM {Invitation} i WHERE i.group_id = g.id)
               FROM {GroupCheck} g WHERE g.facilitator_token = %s""",
            token,
        )


class GroupCheck(models.Model):
    """A check a facilitator runs with others: one link to share (or personal invitations), one
    private to the facilitator."""

    MINIMUM = 3  # an item's figures show once this many answered it, and move by this many at least

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="group_checks")
    name = models.CharField(_("name of the group check"), max_length=120)
    share_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # False: people join through personal invitations only, and the share link is refused.
    open_link = models.BooleanField(default=True)
    facilitator_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = GroupCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("group check")
        verbose_name_plural = _("group checks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("pulse:facilitate", args=[self.facilitator_token])

    @property
    def is_open(self):
        return self.closed_at is None

    def share_url(self):
        return reverse("pulse:join", args=[self.share_token])


class Invitation(models.Model):
    """A personal link to a group check, for one person: the first browser to open it takes it,
    and only that browser comes back to its answers through it."""

    group = models.ForeignKey(GroupCheck, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    pulse_check = models.OneToOneField(
        "PulseCheck", null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.group}: {self.pk}"

    def get_absolute_url(self):
        return reverse("pulse:invitation", args=[self.token])

    @property
    def is_used(self):
        return self.used_at is not None


class PulseCheckQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(answers__isnull=False).distinct()

    def finished(self):
        """Checks whose person saw their result: only those count in any figures."""
        return self.filter(finished_at__isnull=False)

    def abandoned(self, *, before):
        """Checks nobody touched since `before` and that hold no address to remind."""
        return self.filter(email="", updated_at__lt=before)

    def from_address(self, email):
        return self.filter(email__iexact=email)

    def fingerprint(self, token):
        """What the check's result shows besides the site's content, in one query
        (blueprint.common.cache.private_page): the check itself, the one before it, its retakes,
        and its group's figures once closed. None when no check has this link."""
        return _fingerprint(
            """SELECT c.updated_at, c.finished_at, c.remind_after, c.reminder_confirmed_at,
                 c.reminder_asked_at, c.reminder_sent_at, c.previous_id, p.updated_at,
                 (SELECT COUNT(*) FROM {PulseCheck} r WHERE r.previous_id = c.id),
                 (SELECT MAX(r.id) FROM {PulseCheck} r WHERE r.previous_id = c.id),
                 g.closed_at,
                 (SELECT COUNT(*) FROM {PulseCheck} o WHERE o.group_id = c.group_id),
                 (SELECT MAX(o.updated_at) FROM {PulseCheck} o WHERE o.group_id = c.group_id)
               FROM {PulseCheck} c
               LEFT JOIN {PulseCheck} p ON p.id = c.previous_id
               LEFT JOIN {GroupCheck} g ON g.id = c.group_id
               WHERE c.token = %s""",
            token,
        )


class PulseCheck(models.Model):
    """One person's answers, behind a private link. A retake points to the check before it."""

    class Reminder(models.IntegerChoices):
        THREE = 3, _("In 3 months")
        SIX = 6, _("In 6 months")
        TWELVE = 12, _("In 12 months")

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="checks")
    group = models.ForeignKey(
        GroupCheck, on_delete=models.CASCADE, null=True, blank=True, related_name="checks"
    )
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="retakes"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the person first went on to their result: from then on, their answers count.
    finished_at = models.DateTimeField(null=True, blank=True)
    # Only when the person asks for a reminder to retake it (double opt-in).
    email = models.EmailField(_("e-mail address"), blank=True)
    remind_after = models.PositiveSmallIntegerField(
        _("reminder"), choices=Reminder.choices, null=True, blank=True
    )
    reminder_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The confirmation link's random part, and when it was asked for (it works for a week).
    reminder_token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    reminder_asked_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = PulseCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("Pulse Check")
        verbose_name_plural = _("Pulse Checks")

    def __str__(self):
        return f"{self.instrument} {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("pulse:result", args=[self.token])


class Answer(models.Model):
    """Where one item stands (a stage of the maturity model) and how much it matters."""

    class Urgency(models.IntegerChoices):
        NOT_A_PRIORITY = 0, _("Not a priority")
        MATTERS = 1, _("Matters")
        URGENT = 2, _("Urgent")

    pulse_check = models.ForeignKey(PulseCheck, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="answers")
    # Both empty: skipped (kept, so that taking an answer back counts as a change to the figures).
    stage = models.ForeignKey("maturity.Stage", on_delete=models.PROTECT, null=True, blank=True)
    urgency = models.PositiveSmallIntegerField(choices=Urgency.choices, null=True, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pulse_check", "item"], name="one_answer_per_item")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.item}: {self.stage or '—'}, {self.get_urgency_display() or '—'}"


class FiguresQuerySet(models.QuerySet):
    def latest_per_item(self, key, *, at=None):
        """{item id: Figures} as published for `key` (at `at`, else now)."""
        rows = self.filter(key=key)
        if at is not None:
            rows = rows.filter(published_at__lte=at)
        latest = {}
        for figures in rows.order_by("item_id", "published_at", "pk"):
            latest[figures.item_id] = figures
        return latest


class Figures(models.Model):
    """The figures of one item, for a group ("group:7") or for everyone on an instrument
    ("instrument:1"), as published at `published_at`: how many finished answers put it at each
    stage with each urgency. Figures move only once at least GroupCheck.MINIMUM people's answers
    to the item changed since they last moved (docs/pulse-check.md): the difference between any
    two versions anyone can see mixes at least that many people's answers. Kept as a history, so
    that "the last 90 days" is the difference of two published versions, never a fresh count."""

    key = models.CharField(max_length=40)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="figures")
    # [[stage position or null, urgency or null, how many], …]
    counts = models.JSONField(default=list)
    answered = models.PositiveIntegerField(default=0)
    # Answers taken out (a check erased) since these were published: they count as changes.
    removed_since = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField()

    objects = FiguresQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["key", "item", "published_at"])]
        verbose_name = _("published figures")
        verbose_name_plural = _("published figures")

    def __str__(self):
        return f"{self.key} {self.item_id} {self.published_at:%Y-%m-%d %H:%M}"


class WorkingOnQuerySet(models.QuerySet):
    def shown(self):
        """What a recommendation's page lists: confirmed, and not hidden by an editor."""
        return self.filter(confirmed_at__isnull=False, hidden=False)

    def from_address(self, email):
        return self.filter(email__iexact=email)


class WorkingOn(models.Model):
    """“I'm working on this”: a person's short, confirmed entry on a recommendation, listed as
    “Who is working on this”, edited or withdrawn through a private link."""

    node = models.ForeignKey(
        "recommendations.Node",
        on_delete=models.CASCADE,
        related_name="working_on",
        verbose_name=_("recommendation"),
    )
    name = models.CharField(_("your name"), max_length=120)
    organisation = models.CharField(_("organization"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    what = models.TextField(_("what you are doing"), max_length=400)
    may_contact = models.BooleanField(_("others may contact me through the site"), default=False)
    email = models.EmailField(_("your e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    hidden = models.BooleanField(_("hidden by an editor"), default=False)

    objects = WorkingOnQuerySet.as_manager()

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        verbose_name = _("“I'm working on this” entry")
        verbose_name_plural = _("“I'm working on this” entries")

    def __str__(self):
        return f"{self.name}, {self.organisation} ({self.node.number})"

    def get_absolute_url(self):
        return reverse("pulse:working_on_entry", args=[self.token])

    @property
    def seen_by_readers(self):
        """Whether readers see it now or saw it once: an entry is listed once confirmed."""
        return self.confirmed_at is not None


class ContactMessage(models.Model):
    """A message to someone working on a recommendation, sent through the site: kept before it is
    e-mailed, so nothing is lost, and counted for the per-sender limit. Neither address is shown
    to the other person."""

    entry = models.ForeignKey(WorkingOn, on_delete=models.CASCADE, related_name="messages")
    # An answer, through the same relay, to the message it replies to (whose sender it goes to).
    in_reply_to = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", editable=False
    )
    name = models.CharField(_("your name"), max_length=120)
    email = models.EmailField(_("your e-mail address"))
    message = models.TextField(_("message"), max_length=3000)
    share_address = models.BooleanField(
        _("Show them my e-mail address, so that they can answer me directly"), default=False
    )
    # The private link, in the e-mail that carries this message, to answer it through the site.
    reply_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message through the site")
        verbose_name_plural = _("messages through the site")

    def __str__(self):
        return f"{self.name} → {self.recipient[0]}"

    @property
    def recipient(self):
        """(name, address) it goes to: the entry's author, or the sender of what it answers."""
        if self.in_reply_to_id is None:
            return self.entry.name, self.entry.email
        return self.in_reply_to.name, self.in_reply_to.email

    def get_reply_url(self):
        return reverse("pulse:reply", args=[self.reply_token])
