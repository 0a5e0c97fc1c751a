"""Everything stored about one e-mail address: exported on request, or erased on request.

Covers cohort sign-ups and interest, signatures, example submissions, suggestions, comments, and
the copies of them elsewhere: credits in examples and their revision history, change reasons in
the tree's history, and e-mails sent to or about the person.
"""

from django.core import serializers
from django.db import transaction
from django.db.models import Q
from django_comments_xtd.models import XtdComment

from blueprint.models import OutgoingEmail
from blueprint.page_cache import CONTENT, changed
from blueprint.pages.models import Signer
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
        "comments": XtdComment.objects.filter(user_email__iexact=email),
    }


def _names(records):
    names = set()
    for queryset in records.values():
        for name in queryset.values_list("user_name" if queryset.model is XtdComment else "name", flat=True):
            if name.strip():
                names.add(name.strip())
    return names


def _emails_about(email, names):
    about = Q(to__icontains=email) | Q(body__icontains=email)
    for name in names:
        about |= Q(body__icontains=name) | Q(subject__icontains=name)
    return OutgoingEmail.objects.filter(about)


def export_personal_data(email):
    """A JSON document of every record about `email`."""
    records = _records(email)
    names = _names(records)
    parts = {label: serializers.serialize("python", queryset) for label, queryset in records.items()}
    parts["e-mails sent"] = serializers.serialize("python", _emails_about(email, names))
    credited = Example.objects.filter(submissions__email__iexact=email)
    parts["examples credited"] = serializers.serialize("python", credited)
    return {"email": email, "names": sorted(names), "records": parts}


@transaction.atomic
def erase_personal_data(email):
    """Erase every record about `email`; returns how many of each kind went."""
    records = _records(email)
    names = _names(records)
    counts = {}

    # Credits in published examples, and in their revision history, become anonymous.
    for example in Example.objects.filter(submissions__email__iexact=email):
        example.source_name = ANONYMOUS_CREDIT
        example.save()
        history = Example.history.filter(id=example.pk)
        counts["example credits"] = history.exclude(source_name=ANONYMOUS_CREDIT).update(
            source_name=ANONYMOUS_CREDIT
        )
    reasons = Q()
    for name in names:
        reasons |= Q(history_change_reason__icontains=name)
    if names:
        counts["history credits"] = Node.history.filter(reasons).update(
            history_change_reason=ANONYMOUS_SUGGESTER
        )
    counts["e-mails"] = _emails_about(email, names).delete()[0]
    for label, queryset in records.items():
        counts[label] = queryset.delete()[0]
    changed(CONTENT)  # credits in the history changed in bulk: recent changes shows them
    return counts
