"""Site-wide writes that touch several models."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from blueprint.models import Page
from examples.models import Example, Tool
from recommendations.models import Node
from recommendations.outline import parse_outline
from recommendations.services import import_outline

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@transaction.atomic
def load_blueprint(*, directory=FIXTURES):
    """Load the whole Blueprint from `directory` into an empty database.

    Returns False, changing nothing, when the Blueprint is already there: what editors changed is
    never overwritten.
    """
    if Node.objects.exists():
        return False
    import_outline(outline=parse_outline((directory / "outline.txt").read_text("utf-8")))

    for path in sorted((directory / "pages").glob("*.md")):
        page = Page.objects.get(slug=path.stem)
        page.body = path.read_text("utf-8")
        page.save()

    data = json.loads((directory / "attachments.json").read_text("utf-8"))
    nodes = {node.number: node for node in Node.objects.all()}
    for model, items in ((Tool, data["tools"]), (Example, data["examples"])):
        for position, item in enumerate(items, start=1):
            item = dict(item)
            numbers = item.pop("nodes")
            attachment, _ = model.objects.update_or_create(
                slug=item.pop("slug"), defaults={**item, "position": position}
            )
            attachment.nodes.add(*[nodes[number] for number in numbers])
    return True


ANONYMOUS_FLAGGER = "anonymous-readers"


def flag_comment(*, comment):
    """A reader without an account flags a comment: it goes to the moderation queue.

    django-contrib-comments records a flag against a user; flags from readers without an
    account are recorded against one inactive account that stands for all of them.
    """
    from django.contrib.auth import get_user_model
    from django_comments.models import CommentFlag

    flagger, _ = get_user_model().objects.get_or_create(
        username=ANONYMOUS_FLAGGER, defaults={"is_active": False}
    )
    flag, created = CommentFlag.objects.get_or_create(
        comment=comment, user=flagger, flag=CommentFlag.SUGGEST_REMOVAL
    )
    return created


@transaction.atomic
def hide_comment(*, comment, editor, reason):
    """Hide a comment without deleting it, and tell its author why."""
    from blueprint.mail import send_templated
    from blueprint.models import CommentHiding

    CommentHiding.objects.update_or_create(
        comment=comment, defaults={"reason": reason, "hidden_by": editor}
    )
    comment.is_public = False
    comment.save(update_fields=["is_public"])
    comment.flags.all().delete()
    send_templated(
        to=[comment.user_email],
        template="emails/comment_hidden",
        context={"comment": comment, "reason": reason, "site_url": settings.SITE_URL},
    )


@transaction.atomic
def publish_comment(*, comment, editor):
    """Let a held or flagged comment through; tell followers of the page about it."""
    from django_comments_xtd.views import notify_comment_followers

    from blueprint.models import CommentHiding

    was_public = comment.is_public
    CommentHiding.objects.filter(comment=comment).delete()
    comment.is_public = True
    comment.save(update_fields=["is_public"])
    comment.flags.all().delete()
    if not was_public:
        notify_comment_followers(comment)


def sign_on(*, data):
    """Record a signature and e-mail its confirmation link; the same answer for any address."""
    from django.db import IntegrityError

    from blueprint.mail import send_templated
    from blueprint.models import Signer

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
        to=[signer.email], template=template, context={"signer": signer, "site_url": settings.SITE_URL}
    )
    return signer


def confirm_signature(*, signer):
    from django.utils import timezone

    from blueprint.models import Signer

    if signer.status == Signer.Status.UNCONFIRMED:
        signer.status = Signer.Status.CONFIRMED
        signer.confirmed_at = timezone.now()
        signer.save(update_fields=["status", "confirmed_at"])
    return signer


def withdraw_signature(*, signer):
    from blueprint.models import Signer

    signer.status = Signer.Status.WITHDRAWN
    signer.save(update_fields=["status"])
    return signer
