from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from blueprint.common.mail import deliver_email
from blueprint.common.models import OptInEmail, OutgoingEmail, RateLimitCounter, UsedFormToken
from blueprint.pulse import figures
from blueprint.pulse.models import Instrument
from blueprint.pulse.services import forget_abandoned, forget_unconfirmed_and_old, send_reminders
from cohorts.services import expire_unconfirmed, lapse_offers, offer_seats_everywhere


class Command(BaseCommand):
    help = (
        "The site's periodic work, for cron (every few minutes): retry e-mails that failed or "
        "were never sent, expire unconfirmed cohort sign-ups, pass lapsed seat offers on to the "
        "waitlist, offer any free seat of an open cohort to its waitlist, prune old rate-limit counters, delete confirmation e-mails whose link lapsed, delete Pulse Checks abandoned for a year, send the Pulse Check reminders that are due, and delete unconfirmed “I'm working on this” entries after a week and messages sent through the site after 30 days."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        due = OutgoingEmail.objects.due_for_retry(
            max_attempts=settings.EMAIL_MAX_ATTEMPTS, stale_before=now - timedelta(minutes=15)
        )
        retried = 0
        for outgoing_id in due.values_list("pk", flat=True):
            deliver_email.enqueue(outgoing_id)
            retried += 1
        # A comment's confirmation link lapses: the copy of its e-mail, never sent, goes too.
        forgotten, _ = OutgoingEmail.objects.lapsed_copies(
            before=now - timedelta(days=settings.COMMENT_CONFIRM_DAYS)
        ).delete()
        # No limit counts over more than a day, so older counters can go; a form's start token
        # lapses after FORM_MAX_HOURS, so what says it was spent can go then.
        pruned, _ = RateLimitCounter.objects.filter(created_at__lt=now - timedelta(days=2)).delete()
        OptInEmail.objects.filter(day__lt=(now - timedelta(days=2)).date()).delete()
        UsedFormToken.objects.filter(used_at__lt=now - timedelta(hours=settings.FORM_MAX_HOURS + 1)).delete()
        expired = expire_unconfirmed(now=now)
        lapsed = lapse_offers(now=now)
        offered = offer_seats_everywhere()  # a safety net: a freed seat is never left empty
        # Pulse Checks nobody touched for a year and that hold no address go (the privacy page).
        abandoned = forget_abandoned(now=now)
        entries, messages = forget_unconfirmed_and_old(now=now)
        reminded = send_reminders(now=now)
        for instrument in Instrument.objects.all():  # the editors' figures, in batches
            figures.publish_instrument(instrument, now=now)
        self.stdout.write(
            f"Retried {retried} e-mail(s); expired {expired} unconfirmed sign-up(s); "
            f"lapsed {lapsed} seat offer(s); offered {offered} free seat(s); pruned {pruned} rate-limit "
            f"counter(s); deleted {forgotten} lapsed confirmation e-mail(s); deleted {abandoned} "
            f"abandoned Pulse Check(s); sent {reminded} Pulse Check reminder(s); deleted {entries} "
            f"unconfirmed “I'm working on this” entry(ies) and {messages} message(s) sent through the site."
        )
