"""All of the site's e-mail, its own and the libraries', leaves through the task queue.

The site's e-mail backend (`QueuedEmailBackend`) stores each message as an `OutgoingEmail` row and
enqueues a task that delivers it through the delivery backend. A request never waits for a mail
server, a failed delivery is recorded, and `run_periodic` retries it. Whatever a person submitted
is saved before any e-mail is attempted, so a mail failure never loses it.
"""

import html

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django_tasks import task

from blueprint.common.models import OptInEmail, OutgoingEmail

try:
    from django.core.mail import mailers  # Django 6.1
except ImportError:  # Django 5.2 names the delivery backend in EMAIL_DELIVERY_BACKEND
    mailers = None

DELIVERY_MAILER = "delivery"


def delivery_connection():
    """The backend that really sends: SMTP in production, the outbox in tests."""
    if mailers is not None:
        return mailers[DELIVERY_MAILER]
    return get_connection(settings.EMAIL_DELIVERY_BACKEND)


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            outgoing = OutgoingEmail.from_message(message)
            deliver_email.enqueue(outgoing.pk)
            count += 1
        return count


@task()
def deliver_email(outgoing_id):
    outgoing = OutgoingEmail.objects.filter(pk=outgoing_id).first()
    if outgoing is None or outgoing.is_sent:
        return  # erased on request, or already delivered by a retry
    outgoing.deliver(delivery_connection())


def render_templated(*, template, context):
    """(subject, text) of the e-mail `send_templated` sends: for previews too."""
    # A subject is plain text: undo the HTML escaping templates apply (“A & B”, not “A &amp; B”).
    subject = html.unescape(" ".join(render_to_string(f"{template}_subject.txt", context).split()))
    return subject, render_to_string(f"{template}.txt", context)


def send_templated(*, to, template, context, reply_to=None, about="", forget_when_sent=False, opt_in=None):
    """Send one e-mail rendered from `<template>_subject.txt` and `<template>.txt`; returns
    whether it was sent.

    `about`: the address of the person an e-mail to others is about (an editor's notice of a
    submission), so that a request for their personal data finds it too.
    `forget_when_sent`: its stored copy is deleted once delivered (or once it lapses).
    `opt_in`: what an e-mail asking its one recipient to confirm something is about
    ("signature:12"): it is not sent when one about the same thing went to the address today,
    or the address had OPT_IN_EMAILS_PER_DAY of them today (anyone can type an address)."""
    if opt_in is not None and not OptInEmail.objects.take(address=to[0], thing=opt_in):
        return False
    subject, body = render_templated(template=template, context=context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to or []),
    )
    message.about = about
    message.forget_when_sent = forget_when_sent
    message.send()
    return True
