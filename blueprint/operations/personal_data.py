"""Everything stored about one e-mail address: exported on request, or erased on request.

Covers cohort sign-ups and interest, signatures, example submissions, suggestions, comments,
"I'm working on this" entries and the messages sent through them, Pulse Checks kept with an
address for a reminder, and
the copies of them elsewhere: credits in examples and their revision history, credits in the
tree's history, and e-mails sent to the person (the export) or about them (erased too; mail to
others is kept only until it is sent). The address is the only key, and
it is matched whole: `n@example.org` finds nothing of `ann@example.org`. Names are never keys:
two people may share one, and a name like "a" is part of every text.
"""

from django.core import serializers
from django.db import transaction
from django_comments.models import Comment

from blueprint.common.forms import normalise_email
from blueprint.common.models import OptInEmail, OutgoingEmail
from blueprint.pages.models import Signer
from blueprint.pulse.models import Answer, ContactMessage, PulseCheck, WorkingOn
from blueprint.pulse.services import forget_checks
from cohorts.models import Interest, SignUp
from examples.models import Example, ExampleSubmission
from recommendations.models import Node, Suggestion

ANONYMOUS_CREDIT = "Sent in by a reader"
ANONYMOUS_SUGGESTER = "Suggested by a reader"


def _records(email):
    return {
        "cohort sign-ups": SignUp.objects.from_address(email),
        "cohort interest": Interest.objects.filter(email__iexact=email),
        "signatures": Signer.objects.from_address(email),
        "example submissions": ExampleSubmission.objects.from_address(email),
        "suggestions": Suggestion.objects.from_address(email),
        # django-contrib-comments' rows hold the text and the name; django-comments-xtd's extend them.
        "comments": Comment.objects.filter(user_email__iexact=email),
        "I'm working on this": WorkingOn.objects.from_address(email),
        "messages sent through the site": ContactMessage.objects.filter(email__iexact=email),
        # Answers are kept with an address only when the person asked to be reminded.
        "Pulse Check answers": Answer.objects.filter(pulse_check__email__iexact=email),
        "Pulse Checks": PulseCheck.objects.from_address(email),
    }


def _names(records):
    """The names the person gave, to show them in the export (never to search by)."""
    names = set()
    for queryset in records.values():
        if queryset.model in (Answer, PulseCheck):
            continue  # they hold no name
        field = "user_name" if queryset.model is Comment else "name"
        names.update(name.strip() for name in queryset.values_list(field, flat=True) if name.strip())
    return names


def _credited_examples(email):
    return Example.objects.filter(submissions__email__iexact=email).distinct()


def _credited_revisions(email):
    """The revisions of the tree an editor made from this person's suggestions: on the node (or
    the new sub-recommendation) each was for, between the suggestion and its acceptance."""
    revisions = Node.history.none()
    for suggestion in Suggestion.objects.from_address(email).filter(status__in=Suggestion.TAKEN):
        revisions |= Node.history.filter(
            id__in=[suggestion.node_id, suggestion.created_node_id],
            history_date__range=(suggestion.created_at, suggestion.decided_at),
            history_change_reason=f"Suggested by {suggestion.name}"[:100],
        )
    return revisions


def export_personal_data(email):
    """A JSON document of every record about `email`."""
    email = normalise_email(email)
    records = _records(email)
    parts = {
        label: serializers.serialize("python", _with_many_to_many(queryset))
        for label, queryset in records.items()
    }
    # Only mail sent to them: what was sent to others about them (a notice to the editors, a
    # message they wrote to someone) holds those people's addresses and private links.
    parts["e-mails sent to them"] = serializers.serialize("python", OutgoingEmail.objects.sent_to(email))
    parts["examples credited"] = serializers.serialize(
        "python", _with_many_to_many(_credited_examples(email))
    )
    return {"email": email, "names": sorted(_names(records)), "records": parts}


def _with_many_to_many(queryset):
    """`queryset` with its many-to-many fields fetched in one query each: the serializer asks
    once per row otherwise (a person with a thousand submissions would cost a thousand queries)."""
    return queryset.prefetch_related(
        *(
            field.name
            for field in queryset.model._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        )
    )


@transaction.atomic
def erase_personal_data(email):
    """Erase every record about `email`; returns how many of each kind went."""
    email = normalise_email(email)
    counts = {"example credits": 0}
    # Credits in published examples, and in their revision history, become anonymous.
    for example in _credited_examples(email):
        example.source_name = ANONYMOUS_CREDIT
        example.save()
        for revision in Example.history.filter(id=example.pk).exclude(source_name=ANONYMOUS_CREDIT):
            revision.source_name = ANONYMOUS_CREDIT
            revision.save(update_fields=["source_name"])
        counts["example credits"] += 1  # each example once, however many revisions named them
    counts["history credits"] = 0
    for revision in _credited_revisions(email):  # recent changes shows the credit
        revision.history_change_reason = ANONYMOUS_SUGGESTER
        revision.save(update_fields=["history_change_reason"])
        counts["history credits"] += 1
    counts["e-mails"] = OutgoingEmail.objects.to_or_about(email).delete()[0]
    OptInEmail.objects.about(email).delete()  # counts under a keyed hash of the address
    records = _records(email)
    counts.update({label: queryset.count() for label, queryset in records.items()})
    forget_checks(records["Pulse Checks"])  # their answers leave the published figures as changes
    for queryset in records.values():
        queryset.delete()
    return counts
