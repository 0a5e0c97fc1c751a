"""Writes to the tree that touch several models: its numbering, and suggestions from readers."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.text import slugify

from blueprint.common.editors import editor_addresses
from blueprint.common.mail import send_templated
from recommendations.models import Node, Suggestion


class SuggestionConflict(Exception):
    """The node's text changed after the suggestion was started; an editor must decide."""


# -- numbering -----------------------------------------------------------------------------

_numbering = ContextVar("numbering_at_the_end", default=False)


@contextmanager
def numbering_at_the_end():
    """For writes to many nodes (an import, a renumbering): the tree is numbered once, at the
    end, instead of after each save."""
    if _numbering.get():
        yield
        return
    token = _numbering.set(True)
    try:
        yield
    finally:
        _numbering.reset(token)
    renumber_tree()


def wanted_numbers(nodes):
    """{pk: number} for nodes given in tree order: principles 1, 2…, recommendations p.r,
    sub-recommendations p.r.s, by position among their siblings. Published siblings come first,
    drafts after them, so publishing or unpublishing renumbers what readers see."""
    children = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    numbers = {}

    def number_under(parent_id, prefix):
        siblings = children.get(parent_id, [])
        ordered = [n for n in siblings if n.is_published] + [n for n in siblings if not n.is_published]
        for position, node in enumerate(ordered, start=1):
            numbers[node.pk] = f"{prefix}{position}"
            number_under(node.pk, f"{numbers[node.pk]}.")

    number_under(None, "")
    return numbers


def renumber_tree():
    """Give every node the number of its place in the tree, in one transaction. A node whose
    number changes keeps its former address (NodeAddress), so old links still lead to it."""
    if _numbering.get():
        return []
    token = _numbering.set(True)
    try:
        with transaction.atomic():
            nodes = list(
                Node.objects.in_navigation_order().only(
                    "id",
                    "number",
                    "slug",
                    "title",
                    "title_es",
                    "status",
                    "parent_id",
                    "tree_id",
                    "lft",
                    "rght",
                    "level",
                )
            )
            wanted = wanted_numbers(nodes)
            moved = [node for node in nodes if node.number != wanted[node.pk]]
            if moved:
                # Out of the way first, so that no two nodes ever hold one number; then every
                # new number at once, so what each save below sets off sees the whole new tree.
                Node.objects.filter(pk__in=[node.pk for node in moved]).update(
                    number=Concat(Value("~"), Cast("id", CharField()))
                )
                for node in moved:
                    node.number = wanted[node.pk]
                Node.objects.bulk_update(moved, ["number"])
                for node in moved:  # keeps the former address, updates search and shared pages
                    node.skip_history_when_saving = True  # a number is not content
                    node.save(update_fields=["number"])
            return moved
    finally:
        _numbering.reset(token)


def renumber_after(sender, instance=None, raw=False, **kwargs):
    """Receives every save, delete and move of a node: the tree is numbered again, and the node
    saved learns its number."""
    if raw:
        return
    for node in renumber_tree():
        if instance is not None and node.pk == instance.pk:
            instance.number = node.number
            instance.navigation_saved()


@transaction.atomic
def apply_suggestion(*, suggestion, editor, resolve_conflict=False, note="", merged_text=None):
    """Accept a suggestion as a new revision credited to the suggester (the change reason) and
    the editor (its author).

    Never silently undoes an edit made after the suggestion was started: with a conflict the
    editor either says so (`resolve_conflict=True`) after looking at both versions, or writes
    the merged text (`merged_text`), and the reader is told it was accepted with changes.
    """
    node = Node.objects.select_for_update().get(pk=suggestion.node_id)
    suggestion.node = node
    credit = f"Suggested by {suggestion.name}"[:100]  # simple-history's change reason holds 100
    status = Suggestion.Status.ACCEPTED
    if suggestion.kind == Suggestion.Kind.EDIT:
        if merged_text is not None:
            status = Suggestion.Status.MERGED
        elif suggestion.has_conflict and not resolve_conflict:
            raise SuggestionConflict
        node.body = suggestion.text if merged_text is None else merged_text
        node._history_user = editor
        node._change_reason = credit
        node.save()
    else:
        child = Node(
            title=suggestion.title,
            body=suggestion.text,
            slug=slugify(suggestion.title)[:120],
        )
        child._change_reason = credit
        child.insert_at(node, position="last-child", save=True)
        suggestion.created_node = child
    _decide(suggestion, status, editor=editor, note=note)
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
            forget_when_sent=True,  # the editors' addresses are in it,
        )
    return suggestion
