"""Cohort sign-ups: double opt-in, seats, the waitlist, offers, interest lists."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from blueprint.common.mail import render_templated, send_templated
from cohorts.models import Cohort, CohortMessage, Interest, SignUp


def _mail(sign_up, template, *, opt_in=False, **extra):
    send_templated(
        to=[sign_up.email],
        template=f"emails/cohorts/{template}",
        context={"sign_up": sign_up, "cohort": sign_up.cohort, "site_url": settings.SITE_URL, **extra},
        opt_in=f"sign-up:{sign_up.pk}" if opt_in else None,
    )


def sign_up(*, cohort, data):
    """Record a sign-up and e-mail its confirmation link.

    The answer is the same whether or not the address already signed up to this cohort: the
    database keeps one row per address per cohort, and the person learns the rest by e-mail.
    """
    try:
        with transaction.atomic():
            new = SignUp.objects.create(cohort=cohort, **data)
    except IntegrityError:
        existing = SignUp.objects.get(cohort=cohort, email=data["email"])
        if existing.status in (SignUp.Status.WITHDRAWN, SignUp.Status.EXPIRED):
            for name, value in data.items():
                setattr(existing, name, value)
            existing.status = SignUp.Status.UNCONFIRMED
            existing.confirmed_at = existing.offered_at = None
            existing.save()
            _mail(existing, "confirm", opt_in=True)
        else:
            _mail(existing, "already_signed_up", opt_in=True)
        return existing
    _mail(new, "confirm", opt_in=True)
    return new


@transaction.atomic
def confirm_sign_up(*, sign_up):
    """Double opt-in: a seat if there is one, else the end of the waitlist."""
    cohort = Cohort.objects.select_for_update().get(pk=sign_up.cohort_id)
    sign_up = SignUp.objects.select_for_update().get(pk=sign_up.pk)
    if sign_up.status != SignUp.Status.UNCONFIRMED:
        return sign_up
    sign_up.confirmed_at = timezone.now()
    has_seat = cohort.sign_ups.holding_seats().count() < cohort.capacity
    sign_up.status = SignUp.Status.MEMBER if has_seat else SignUp.Status.WAITLISTED
    sign_up.save()
    _mail(sign_up, "member" if has_seat else "waitlisted")
    return sign_up


@transaction.atomic
def withdraw(*, sign_up):
    """Leave the cohort (or its waitlist); a freed seat is offered to the first on the waitlist."""
    cohort = Cohort.objects.select_for_update().get(pk=sign_up.cohort_id)
    sign_up = SignUp.objects.select_for_update().get(pk=sign_up.pk)
    if sign_up.status == SignUp.Status.WITHDRAWN:
        return sign_up
    sign_up.status = SignUp.Status.WITHDRAWN
    sign_up.save()
    _mail(sign_up, "withdrawn")
    offer_free_seats(cohort=cohort)
    return sign_up


def offer_free_seats(*, cohort):
    """Offer every free seat to the next on the waitlist, in order; returns how many were
    offered. Every way a seat is freed ends here. Call inside a transaction."""
    free = cohort.capacity - cohort.sign_ups.holding_seats().count()
    offered = 0
    for waiting in cohort.sign_ups.waitlist()[: max(free, 0)]:
        waiting.status = SignUp.Status.OFFERED
        waiting.offered_at = timezone.now()
        waiting.save()
        _mail(waiting, "offer", days=settings.COHORT_OFFER_DAYS)
        offered += 1
    return offered


@transaction.atomic
def save_sign_up(*, sign_up):
    """Save a sign-up as an organizer edited it. Set to "withdrawn", it is withdrawn as by the
    person's own link (they are told, and the seat is offered on); any other change that frees
    a seat offers it too."""
    cohort = Cohort.objects.select_for_update().get(pk=sign_up.cohort_id)
    before = SignUp.objects.filter(pk=sign_up.pk).values_list("status", flat=True).first()
    withdrawing = sign_up.status == SignUp.Status.WITHDRAWN and before not in (None, SignUp.Status.WITHDRAWN)
    if withdrawing:
        sign_up.status = before
    sign_up.save()
    if withdrawing:
        withdraw(sign_up=sign_up)
    else:
        offer_free_seats(cohort=cohort)
    return sign_up


@transaction.atomic
def delete_sign_up(*, sign_up):
    """An organizer deletes a sign-up: its seat, if it held one, is offered on."""
    cohort = Cohort.objects.select_for_update().get(pk=sign_up.cohort_id)
    sign_up.delete()
    offer_free_seats(cohort=cohort)


def offer_seats_everywhere():
    """`run_periodic`'s safety net: every open cohort offers its free seats to its waitlist,
    however they were freed. Returns how many seats were offered."""
    offered = 0
    waiting = Cohort.objects.filter(status=Cohort.Status.OPEN, sign_ups__status=SignUp.Status.WAITLISTED)
    for pk in waiting.values_list("pk", flat=True).distinct():
        with transaction.atomic():
            offered += offer_free_seats(cohort=Cohort.objects.select_for_update().get(pk=pk))
    return offered


@transaction.atomic
def accept_offer(*, sign_up):
    sign_up = SignUp.objects.select_for_update().get(pk=sign_up.pk)
    if sign_up.status == SignUp.Status.OFFERED:
        sign_up.status = SignUp.Status.MEMBER
        sign_up.save()
        _mail(sign_up, "member")
    return sign_up


@transaction.atomic
def move_sign_up(*, sign_up, cohort):
    """An organizer moves someone to another cohort: a seat there if there is one, else its waitlist."""
    old = Cohort.objects.select_for_update().get(pk=sign_up.cohort_id)
    target = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if SignUp.objects.filter(cohort=target, email=sign_up.email).exists():
        return False
    held_seat = sign_up.status in (SignUp.Status.MEMBER, SignUp.Status.OFFERED)
    sign_up.cohort = target
    if sign_up.status in (SignUp.Status.MEMBER, SignUp.Status.OFFERED, SignUp.Status.WAITLISTED):
        has_seat = target.sign_ups.holding_seats().count() < target.capacity
        sign_up.status = SignUp.Status.MEMBER if has_seat else SignUp.Status.WAITLISTED
    sign_up.save()
    _mail(sign_up, "moved")
    if held_seat:
        offer_free_seats(cohort=old)
    return True


def expire_unconfirmed(*, now):
    """Sign-ups never confirmed within COHORT_CONFIRM_DAYS stop waiting."""
    cutoff = now - timedelta(days=settings.COHORT_CONFIRM_DAYS)
    return SignUp.objects.unconfirmed().filter(created_at__lt=cutoff).update(status=SignUp.Status.EXPIRED)


def lapse_offers(*, now):
    """Offers not taken up within COHORT_OFFER_DAYS lapse, and the seat goes to the next person."""
    cutoff = now - timedelta(days=settings.COHORT_OFFER_DAYS)
    lapsed = 0
    for stale in SignUp.objects.filter(status=SignUp.Status.OFFERED, offered_at__lt=cutoff):
        with transaction.atomic():
            cohort = Cohort.objects.select_for_update().get(pk=stale.cohort_id)
            stale.status = SignUp.Status.WITHDRAWN
            stale.save()
            _mail(stale, "offer_lapsed")
            offer_free_seats(cohort=cohort)
        lapsed += 1
    return lapsed


def register_interest(*, node, name, email):
    """ "Tell me when a cohort starts on this" — confirmed by e-mail, the same answer for anyone."""
    try:
        with transaction.atomic():
            interest = Interest.objects.create(node=node, name=name, email=email)
    except IntegrityError:
        interest = Interest.objects.get(node=node, email=email)
    send_templated(
        to=[email],
        template="emails/cohorts/interest_confirm",
        context={"interest": interest, "site_url": settings.SITE_URL},
        opt_in=f"interest:{interest.pk}",
    )
    return interest


@transaction.atomic
def save_cohort(*, cohort):
    """Save a cohort as an organizer edited it. Opening it e-mails everyone who asked to hear
    about cohorts on its recommendation (returns how many were told); raising its capacity
    offers the new seats to its waitlist."""
    opening = cohort.is_open and not Cohort.objects.filter(pk=cohort.pk, status=Cohort.Status.OPEN).exists()
    cohort.save()
    if cohort.is_open:
        offer_free_seats(cohort=cohort)  # a raised capacity frees seats
    return notify_interest(cohort=cohort) if opening else 0


def notify_interest(*, cohort):
    """A cohort opened: e-mail everyone who asked to hear about cohorts on its recommendation."""
    interests = Interest.objects.filter(node=cohort.node, confirmed=True)
    for interest in interests:
        send_templated(
            to=[interest.email],
            template="emails/cohorts/cohort_opened",
            context={"interest": interest, "cohort": cohort, "site_url": settings.SITE_URL},
        )
    return interests.update(notified_at=timezone.now())


def confirm_interest(*, interest):
    interest.confirmed = True
    interest.save(update_fields=["confirmed"])


def withdraw_interest(*, interest):
    interest.delete()


@transaction.atomic
def move_to_interest_list(*, sign_up):
    """An organizer moves someone from a cohort to the interest list of its recommendation: they
    leave the cohort (their seat is offered on) and hear when the next one opens."""
    Interest.objects.get_or_create(
        node=sign_up.cohort.node, email=sign_up.email, defaults={"name": sign_up.name, "confirmed": True}
    )
    if sign_up.can_withdraw:
        withdraw(sign_up=sign_up)


def email_members(*, cohort, subject, body, sender=None):
    """An organizer's message to every member, each with their own withdraw link; the cohort keeps
    a record of it."""
    members = list(cohort.sign_ups.members())
    with transaction.atomic():
        for member in members:
            _mail(member, "organiser_message", subject=subject, body=body)
        CohortMessage.objects.create(
            cohort=cohort, subject=subject, body=body, sent_by=sender, recipients=len(members)
        )
    return len(members)


def sample_recipient(cohort, *, editor=None):
    """Who a preview greets (the first member), or a test send reaches (the editor, as if a
    member: their personal link in it leads nowhere)."""
    if editor is not None:
        name = editor.get_full_name() or editor.get_username()
        return SignUp(cohort=cohort, name=name, email=editor.email, token="test-send")
    return cohort.sign_ups.members().first() or SignUp(cohort=cohort, name="…", token="preview")


def preview_member_message(*, cohort, subject, body):
    """The message as the first member will read it: (subject, text)."""
    return render_templated(
        template="emails/cohorts/organiser_message",
        context={
            "sign_up": sample_recipient(cohort),
            "cohort": cohort,
            "site_url": settings.SITE_URL,
            "subject": subject,
            "body": body,
        },
    )


def test_member_message(*, cohort, subject, body, editor):
    """The message sent to the editor alone, as a member would get it."""
    _mail(sample_recipient(cohort, editor=editor), "organiser_message", subject=subject, body=body)


def invite(*, interest, cohort):
    """An organizer invites someone from an interest list: they get the cohort's sign-up link."""
    send_templated(
        to=[interest.email],
        template="emails/cohorts/cohort_opened",
        context={"interest": interest, "cohort": cohort, "site_url": settings.SITE_URL},
    )


# -- on a node's page (recommendations.node_page) ---------------------------------------------


def on_node(node, *, user):
    """A recommendation's cohorts and their free seats: one query (a principle takes none)."""
    if not node.takes_cohorts:
        return None
    cohorts = list(node.cohorts.with_seats_taken().order_by("-starts_on"))
    return {"cohorts": cohorts, "has_open_cohort": any(cohort.is_open for cohort in cohorts)}


def counts(pks, *, user):
    """{node pk: {"open_cohorts": {ids}}}: one query."""
    found = {}
    open_cohorts = Cohort.objects.visible_to(user).filter(node_id__in=pks, status=Cohort.Status.OPEN)
    for node_id, cohort in open_cohorts.values_list("node_id", "pk"):
        found.setdefault(node_id, {}).setdefault("open_cohorts", set()).add(cohort)
    return found
