"""Writes to the tree that touch several models: suggestions from readers."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from blueprint.editors import editor_addresses
from blueprint.mail import send_templated
from recommendations.models import Node, Suggestion


class SuggestionConflict(Exception):
    """The node's text changed after the suggestion was started; an editor must decide."""


def next_child_number(node):
    numbers = [
        int(child.number.rsplit(".", 1)[-1])
        for child in node.get_children()
        if child.number.rsplit(".", 1)[0] == node.number
    ]
    return f"{node.number}.{max(numbers, default=0) + 1}"


@transaction.atomic
def apply_suggestion(*, suggestion, editor, resolve_conflict=False, note=""):
    """Accept a suggestion as a new revision credited to the suggester.

    Never silently undoes an edit made after the suggestion was started: with a conflict the
    editor must say so (`resolve_conflict=True`) after looking at both versions.
    """
    node = Node.objects.select_for_update().get(pk=suggestion.node_id)
    suggestion.node = node
    credit = f"Suggested by {suggestion.name}"[:100]  # simple-history's change reason holds 100
    if suggestion.kind == Suggestion.Kind.EDIT:
        if suggestion.has_conflict and not resolve_conflict:
            raise SuggestionConflict
        node.body = suggestion.text
        node._change_reason = credit
        node.save()
    else:
        child = Node(
            number=next_child_number(node),
            title=suggestion.title,
            body=suggestion.text,
            slug=slugify(suggestion.title)[:120],
        )
        child._change_reason = credit
        child.insert_at(node, position="last-child", save=True)
        suggestion.created_node = child
    _decide(suggestion, Suggestion.Status.ACCEPTED, editor=editor, note=note)
    return suggestion


@transaction.atomic
def decline_suggestion(*, suggestion, editor, note):
    _decide(suggestion, Suggestion.Status.DECLINED, editor=editor, note=note)


def _decide(suggestion, status, *, editor, note):
    """Record the editor's decision, then tell the suggester (the e-mail goes through the queue)."""
    suggestion.status = status
    suggestion.decided_by = editor
    suggestion.decided_at = timezone.now()
    suggestion.editor_note = note
    suggestion.save()
    send_templated(
        to=[suggestion.email],
        template="emails/suggestion_outcome",
        context={"suggestion": suggestion, "site_url": settings.SITE_URL},
    )


@transaction.atomic
def submit_suggestion(*, form):
    suggestion = form.save()
    editors = editor_addresses()
    if editors:
        send_templated(
            to=editors,
            template="emails/suggestion_for_editors",
            context={"suggestion": suggestion, "site_url": settings.SITE_URL},
            about=suggestion.email,
        )
    return suggestion
