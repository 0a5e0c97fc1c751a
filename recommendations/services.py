"""Writes to the tree that touch several models."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from blueprint.models import Page
from examples.models import Example, Tool
from recommendations.models import Node


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    moved: list = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self):
        return bool(self.created or self.updated or self.moved)

    def lines(self):
        yield (
            f"Created {len(self.created)}, updated {len(self.updated)}, "
            f"moved {len(self.moved)}, unchanged {self.unchanged}."
        )
        for label, items in (
            ("created", self.created),
            ("updated", self.updated),
            ("moved", self.moved),
        ):
            for item in items:
                yield f"  {label}: {item}"


def _update(instance, report, label, **values):
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        report.unchanged += 1
        return
    for name in changed:
        setattr(instance, name, values[name])
    instance.save()
    report.updated.append(f"{label} ({', '.join(changed)})")


@transaction.atomic
def import_outline(*, outline):
    """Bring the tree, the pages and the attachments named in `outline` in line with it.

    Idempotent: a second run with the same outline writes nothing. Things editors added that the
    outline does not name are kept.
    """
    report = ImportReport()

    for position, item in enumerate(outline.pages):
        page = Page.objects.filter(slug=item.slug).first()
        if page is None:
            Page.objects.create(slug=item.slug, title=item.title, position=position)
            report.created.append(f"page {item.title}")
        else:
            _update(page, report, f"page {item.title}", title=item.title, position=position)

    existing = {node.number: node for node in Node.objects.all()}
    for item in outline.nodes:
        node = existing.get(item.number)
        parent = existing[item.parent] if item.parent else None
        if node is None:
            node = Node(number=item.number, title=item.title, slug=slugify(item.title)[:120])
            node.insert_at(parent, position="last-child", save=True)
            existing[item.number] = node
            report.created.append(f"node {item.number}")
            continue
        _update(node, report, f"node {item.number}", title=item.title)
        if node.parent_id != (parent.pk if parent else None):
            node.move_to(parent, "last-child")
            report.moved.append(f"node {item.number}")

    _put_in_outline_order(outline, existing, report)

    for item in outline.attachments:
        model = Example if item.is_example else Tool
        attachment = model.objects.filter(slug=item.slug).first()
        if attachment is None:
            values = {"slug": item.slug, "title": item.title}
            if model is Tool:
                values["kind"] = item.kind
            attachment = model.objects.create(**values)
            attachment.nodes.add(*[existing[number] for number in item.node_numbers])
            report.created.append(f"{model._meta.verbose_name} {item.title}")
            continue
        linked = set(attachment.nodes.values_list("number", flat=True))
        missing = [number for number in item.node_numbers if number not in linked]
        if missing:
            attachment.nodes.add(*[existing[number] for number in missing])
            report.updated.append(f"{item.title} (attached to {', '.join(missing)})")
        else:
            report.unchanged += 1

    return report


def _put_in_outline_order(outline, existing, report):
    """Reorder siblings to the outline's order, moving only when the order differs."""
    wanted = {}
    for item in outline.nodes:
        wanted.setdefault(item.parent, []).append(item.number)
    for parent_number, numbers in wanted.items():
        if parent_number is None:
            current = list(
                Node.objects.principles().order_by("tree_id").values_list("number", flat=True)
            )
        else:
            current = list(
                existing[parent_number]
                .get_children()
                .order_by("lft")
                .values_list("number", flat=True)
            )
        in_outline = [number for number in current if number in numbers]
        if in_outline == numbers:
            continue
        for number in numbers:
            node = Node.objects.get(pk=existing[number].pk)
            parent = Node.objects.get(pk=existing[parent_number].pk) if parent_number else None
            if parent is None:
                last = Node.objects.principles().order_by("-tree_id").first()
                if last.pk != node.pk:
                    node.move_to(last, "right")
            else:
                node.move_to(parent, "last-child")
            report.moved.append(f"node {number}")


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
    from recommendations.models import Suggestion

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
    from recommendations.models import Suggestion

    _decide(suggestion, Suggestion.Status.DECLINED, editor=editor, note=note)


def _decide(suggestion, status, *, editor, note):
    """Record the editor's decision, then tell the suggester (the e-mail goes through the queue)."""
    from django.utils import timezone

    from blueprint.mail import send_templated

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
    from blueprint.mail import send_templated
    from blueprint.editors import editor_addresses

    suggestion = form.save()
    editors = editor_addresses()
    if editors:
        send_templated(
            to=editors,
            template="emails/suggestion_for_editors",
            context={"suggestion": suggestion, "site_url": settings.SITE_URL},
        )
    return suggestion
