from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blueprint.common.models import local, new_token, sees_drafts
from recommendations.models import Node


class Sector(models.TextChoices):
    """Where a leader works: shared by cohort sign-ups and signers of the Blueprint."""

    GOVERNMENT = "government", _("Government or public system")
    COMMUNITY = "community", _("Community organization or leader")
    NONPROFIT = "nonprofit", _("Non-profit")
    PHILANTHROPY = "philanthropy", _("Philanthropy")
    BUSINESS = "business", _("Business")
    RESEARCH = "research", _("Research")
    OTHER = "other", _("Other")


class CohortQuerySet(models.QuerySet):
    def public(self):
        """Cohorts on what readers see: none on a draft node or on a node under a draft."""
        return self.filter(node__in=Node.objects.public())

    def visible_to(self, user):
        return self if sees_drafts(user) else self.public()

    def current(self):
        """Planned (forming), open for sign-up or running: not closed, not over."""
        return self.exclude(status=Cohort.Status.CLOSED).filter(ends_on__gte=timezone.localdate())

    def with_seats_taken(self):
        """Annotates `seats_taken`: members plus seats offered to the waitlist."""
        return self.annotate(
            seats_taken=Count(
                "sign_ups",
                filter=Q(sign_ups__status__in=[SignUp.Status.MEMBER, SignUp.Status.OFFERED]),
            )
        )


class Cohort(models.Model):
    """A time-limited group of leaders from different sectors and places, on one recommendation."""

    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        OPEN = "open", _("Open for sign-up")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")

    node = models.ForeignKey(
        "recommendations.Node",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("recommendation"),
        limit_choices_to=Node.taking_cohorts_condition,
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=5000)
    commitment = models.TextField(_("what members commit to"), max_length=3000)
    # What Spanish readers see instead, where an editor gave it (blank: the English).
    name_es = models.CharField(_("name in Spanish"), max_length=200, blank=True)
    description_es = models.TextField(_("description in Spanish"), max_length=5000, blank=True)
    commitment_es = models.TextField(_("what members commit to, in Spanish"), max_length=3000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.FORMING)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    meeting_rhythm = models.CharField(
        _("meeting rhythm"), max_length=200, help_text=_("For example: every other Tuesday.")
    )
    meeting_format = models.CharField(
        _("how meetings happen"), max_length=200, help_text=_("For example: video calls.")
    )
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.NATIONAL)
    region = models.CharField(_("region"), max_length=120, blank=True, help_text=_("For a regional cohort."))
    capacity = models.PositiveIntegerField(_("capacity"))
    facilitator_name = models.CharField(_("facilitator"), max_length=120)
    facilitator_email = models.EmailField(_("facilitator's e-mail address"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_it_starts"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cohorts:cohort", args=[self.slug])

    @property
    def local_name(self):
        return local(self.name, self.name_es)

    @property
    def local_description(self):
        return local(self.description, self.description_es)

    @property
    def local_commitment(self):
        return local(self.commitment, self.commitment_es)

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def place(self):
        return self.region if self.scope == self.Scope.REGIONAL else self.get_scope_display()

    def seats_left(self):
        taken = getattr(self, "seats_taken", None)
        if taken is None:
            taken = self.sign_ups.holding_seats().count()
        return max(self.capacity - taken, 0)


class SignUpQuerySet(models.QuerySet):
    def members(self):
        return self.filter(status=SignUp.Status.MEMBER)

    def mix_by(self, field):
        """How many members chose to be counted by `field` ("sector" or "state_or_country") on
        the cohort's public page, per value, largest first. Nobody else is counted."""
        shown = {"sector": "sector_shown_publicly", "state_or_country": "place_shown_publicly"}[field]
        return (
            self.members()
            .filter(**{shown: True})
            .values(field)
            .annotate(count=Count("id"))
            .order_by("-count", field)
            .values_list(field, "count")
        )

    def holding_seats(self):
        return self.filter(status__in=[SignUp.Status.MEMBER, SignUp.Status.OFFERED])

    def waitlist(self):
        """Waiting for a seat, in the order they confirmed."""
        return self.filter(status=SignUp.Status.WAITLISTED).order_by("confirmed_at", "id")

    def unconfirmed(self):
        return self.filter(status=SignUp.Status.UNCONFIRMED)

    def from_address(self, email):
        return self.filter(email__iexact=email)


class SignUp(models.Model):
    """One person's sign-up to one cohort: double opt-in, then a seat or a place on the waitlist."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for confirmation")
        MEMBER = "member", _("Member")
        WAITLISTED = "waitlisted", _("On the waitlist")
        OFFERED = "offered", _("Offered a seat")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Never confirmed")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sign_ups")
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organization"), max_length=200)
    role = models.CharField(_("role"), max_length=120)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    state_or_country = models.CharField(_("US state or country"), max_length=120)
    city = models.CharField(_("city"), max_length=120)
    hope_to_change = models.TextField(_("what you hope to change"), max_length=3000)
    listed_to_members = models.BooleanField(_("list me to the other members"), default=False)
    # What the cohort's public page may count of this member, each chosen by them: nothing by default.
    sector_shown_publicly = models.BooleanField(_("count my sector on the cohort's page"), default=False)
    place_shown_publicly = models.BooleanField(
        _("count my US state or country on the cohort's page"), default=False
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)

    objects = SignUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["cohort", "confirmed_at", "id"]
        constraints = [
            # One sign-up per address per cohort, however many times the form is sent at once.
            models.UniqueConstraint(fields=["cohort", "email"], name="one_sign_up_per_email_per_cohort")
        ]

    def __str__(self):
        return f"{self.name} — {self.cohort}"

    def get_absolute_url(self):
        return reverse("cohorts:sign_up", args=[self.token])

    @property
    def place(self):
        return f"{self.city}, {self.state_or_country}"

    @property
    def seen_by_readers(self):
        """Whether readers see it now or saw it once (a seat taken, a cohort's mix): a sign-up
        never confirmed never held a seat."""
        return self.status not in (self.Status.UNCONFIRMED, self.Status.EXPIRED)

    @property
    def can_withdraw(self):
        return self.status not in (self.Status.WITHDRAWN, self.Status.EXPIRED)

    def waitlist_position(self):
        """Where this sign-up stands on its cohort's waitlist (1 is next), or None if not on it."""
        if self.status != self.Status.WAITLISTED:
            return None
        return list(self.cohort.sign_ups.waitlist().values_list("pk", flat=True)).index(self.pk) + 1


class Interest(models.Model):
    """ "Tell me when a cohort starts on this": e-mailed whenever a cohort opens on the node."""

    node = models.ForeignKey("recommendations.Node", on_delete=models.CASCADE, related_name="interests")
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"))
    confirmed = models.BooleanField(default=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("interest in a cohort")
        verbose_name_plural = _("interest in cohorts")
        constraints = [
            models.UniqueConstraint(fields=["node", "email"], name="one_interest_per_email_per_node")
        ]

    def __str__(self):
        return f"{self.name} — {self.node}"


class CohortMessage(models.Model):
    """An organizer's e-mail to a cohort's members, as it was sent: what, by whom, to how many."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("sent by")
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"))

    class Meta:
        verbose_name = _("message to the members")
        verbose_name_plural = _("messages to the members")
        ordering = ["-sent_at"]

    def __str__(self):
        return self.subject
