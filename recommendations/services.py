"""Writes to the tree that touch several models: a node saved, added, moved or deleted (each
numbers the tree again where it must, and keeps the addresses links were made to), and
suggestions from readers. The admin, the imports, a revert and the reader's forms all write
through these functions."""

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.text import slugify

from blueprint.common.editors import editor_addresses
from blueprint.common.mail import send_templated
from blueprint.common.models import Status
from recommendations.models import Node, NodeAddress, Suggestion


class SuggestionConflict(Exception):
    """The node's text changed after the suggestion was started; an editor must decide."""


class InvalidMove(Exception):
    """A move that would break the tree's three levels; the message says why."""


# -- the tree ------------------------------------------------------------------------------


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


def numbers_after_unpublishing(node):
    """[(number now, number after)] of the published nodes outside `node`'s branch that unpublishing
    it would renumber: what the confirmation says."""
    nodes = list(
        Node.objects.in_navigation_order().only(
            "id", "number", "status", "parent_id", "tree_id", "lft", "rght"
        )
    )
    branch = {node.pk, *node.get_descendants().values_list("pk", flat=True)}
    for candidate in nodes:
        if candidate.pk == node.pk:
            candidate.status = Status.DRAFT
    wanted = wanted_numbers(nodes)
    return [
        (candidate.number, wanted[candidate.pk])
        for candidate in nodes
        if candidate.pk not in branch and candidate.is_published and candidate.number != wanted[candidate.pk]
    ]


@transaction.atomic
def renumber_tree(*, public_before=None):
    """Give every node the number of its place in the tree. A node whose number changes keeps its
    former address (NodeAddress), so old links still lead to it, when readers could have seen it
    there (`public_before`: the pks readers saw before the change; by default, those they see).
    Returns the nodes renumbered, with their numbers before: [(node, former number)]."""
    if public_before is None:
        public_before = set(Node.objects.public().values_list("pk", flat=True))
    nodes = list(
        Node.objects.in_navigation_order().only(
            "id", "number", "slug", "title", "status", "parent_id", "tree_id", "lft", "rght", "level"
        )
    )
    wanted = wanted_numbers(nodes)
    moved = [(node, node.number) for node in nodes if node.number != wanted[node.pk]]
    if not moved:
        return []
    for node, former in moved:
        if not former.startswith("~") and node.pk in public_before:  # a number readers saw
            NodeAddress.objects.get_or_create(number=former, slug=node.slug, defaults={"node_id": node.pk})
    # Out of the way first, so that no two nodes ever hold one number; then every new number.
    Node.objects.filter(pk__in=[node.pk for node, _ in moved]).update(
        number=Concat(Value("~"), Cast("id", CharField()))
    )
    for node, _ in moved:
        node.number = wanted[node.pk]
    Node.objects.bulk_update([node for node, _ in moved], ["number"])
    for node, _ in moved:  # each saved too: its search entry and the pages showing it follow
        node.skip_history_when_saving = True  # a number is not content
        node.save(update_fields=["number"])
    return moved


@transaction.atomic
def save_node(*, node, editor=None, reason=None):
    """Save an editor's (or an import's, or a revert's) change to a node. A new node, or one
    published, unpublished or given another parent, numbers the tree again; a new slug keeps
    the old address leading to it."""
    before = (
        Node.objects.filter(pk=node.pk).values("number", "slug", "status", "parent_id").first()
        if node.pk
        else None
    )
    public_before = set(Node.objects.public().values_list("pk", flat=True))
    if editor is not None:
        node._history_user = editor
    if reason:
        node._change_reason = reason
    node.save()
    if before is not None and before["slug"] != node.slug:
        NodeAddress.objects.get_or_create(
            number=before["number"], slug=before["slug"], defaults={"node_id": node.pk}
        )
    if before is None or (before["status"], before["parent_id"]) != (node.status, node.parent_id):
        for renumbered, _ in renumber_tree(public_before=public_before):
            if renumbered.pk == node.pk:
                node.number = renumbered.number
    return node


@transaction.atomic
def add_node(*, node, parent, editor=None):
    """A new node, last under `parent` (None: a principle), numbered by its place."""
    problem = node.problem_moving_under(parent)
    if problem:
        raise InvalidMove(problem)
    if editor is not None:
        node._history_user = editor
    # A number no sibling holds until the tree is numbered again, just below: last among them.
    siblings = parent.get_children() if parent else Node.objects.principles()
    node.number = f"{parent.number}.{siblings.count() + 1}" if parent else str(siblings.count() + 1)
    node.insert_at(parent, position="last-child", save=True)
    renumber_tree()
    node.refresh_from_db(fields=["number"])
    return node


@transaction.atomic
def move_node(*, node, target, position, editor=None):
    """Move `node` to `position` ("last-child", "left" or "right") of `target`, all or nothing,
    then number the tree again, and record the move in the node's history ("Moved from 1.1.4 to
    1.3.2, renumbering 1.3.2–1.3.5"). Refused (InvalidMove) when it would break the three levels.
    Returns the nodes renumbered, with their numbers before: [(node, former number)]."""
    node = Node.objects.select_for_update().get(pk=node.pk)
    target = Node.objects.get(pk=target.pk)
    problem = node.problem_moving_under(target if position == "last-child" else target.parent)
    if problem:
        raise InvalidMove(problem)
    node.move_to(target, position)
    renumbered = renumber_tree()
    node.refresh_from_db()
    others = [(former, other.number) for other, former in renumbered if other.pk != node.pk]
    former = next((former for other, former in renumbered if other.pk == node.pk), node.number)
    node._change_reason = move_description(former, node.number, others)[:100]
    node._history_user = editor
    node.force_revision = True
    node.save(update_fields=["updated_at"])
    return renumbered


def move_description(former, number, others):
    """ "Moved from 1.1.4 to 1.3.2, renumbering 1.3.3 → 1.3.4": what a move did, in words."""
    text = f"Moved from {former} to {number}" if former != number else f"Moved, keeping {number}"
    if others:
        text += ", renumbering " + ", ".join(f"{old} → {new}" for old, new in others)
    return text


@transaction.atomic
def delete_node(*, node):
    """Delete a node (one with nodes under it cannot be: they protect it), then number again."""
    node.delete()
    renumber_tree()


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
        save_node(node=node, editor=editor, reason=credit)
    else:
        child = Node(title=suggestion.title, body=suggestion.text, slug=slugify(suggestion.title)[:120])
        child._change_reason = credit
        suggestion.created_node = add_node(node=child, parent=node, editor=editor)
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
