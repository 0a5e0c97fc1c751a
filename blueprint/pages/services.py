"""Writes of the pages around the Blueprint: ratings and signatures."""

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from blueprint.common.mail import send_templated
from blueprint.pages.models import Signer


def rate(*, form, page, visitor):
    """Save a reader's answer to "Was this helpful?" about `page`: their earlier answer changes,
    or a first answer is kept under the visitor's random number (a new one if they have none)."""
    vote = form.save(commit=False)
    if vote.pk is None:
        vote.page = page
        vote.visitor = visitor or secrets.token_urlsafe(24)
    vote.save()
    return vote


def sign_on(*, data):
    """Record a signature and e-mail its confirmation link; the same answer for any address."""
    try:
        with transaction.atomic():
            signer = Signer.objects.create(**data)
            template = "emails/signers/confirm"
    except IntegrityError:
        signer = Signer.objects.get(email=data["email"])
        if signer.status == Signer.Status.WITHDRAWN:
            for name, value in data.items():
                setattr(signer, name, value)
            signer.status = Signer.Status.UNCONFIRMED
            signer.confirmed_at = None
            signer.save()
            template = "emails/signers/confirm"
        else:
            template = "emails/signers/already_signed"
    send_templated(
        to=[signer.email],
        template=template,
        context={"signer": signer, "site_url": settings.SITE_URL},
        opt_in=f"signature:{signer.pk}",
    )
    return signer


def confirm_signature(*, signer):
    if signer.status == Signer.Status.UNCONFIRMED:
        signer.status = Signer.Status.CONFIRMED
        signer.confirmed_at = timezone.now()
        signer.save(update_fields=["status", "confirmed_at"])
    return signer


def withdraw_signature(*, signer):
    signer.status = Signer.Status.WITHDRAWN
    signer.save(update_fields=["status"])
    return signer


def signers_on_start(page, *, user):
    """How many have signed on, on "Start here." only (one query)."""
    if page.slug != page.START_SLUG:
        return None
    return {"signer_count": Signer.objects.confirmed().count()}
