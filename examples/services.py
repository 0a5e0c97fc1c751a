"""Examples and tools saved, and example submissions: sent in by readers, reviewed by editors."""

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.text import slugify

from blueprint.common.editors import editor_addresses
from blueprint.common.mail import send_templated
from examples.models import Example, ExampleSubmission, Tool


def _tell_submitter(submission):
    if submission.example and submission.example.is_published:
        submission.told_published_at = timezone.now()
        submission.save(update_fields=["told_published_at"])
    send_templated(
        to=[submission.email],
        template="emails/submission_outcome",
        context={"submission": submission, "site_url": settings.SITE_URL},
    )


@transaction.atomic
def save_attachment(*, item, editor=None):
    """Save an example or a tool, from the admin, a revert or an import. An example published
    now tells whoever sent it in, once: never a second time when it is published again."""
    if editor is not None:
        item._history_user = editor
    item.save()
    if isinstance(item, Example) and item.is_published:
        tell_submitters_published(item)
    return item


@transaction.atomic
def submit_example(*, form):
    """Save the submission first, then queue the e-mails: a mail failure never loses it."""
    submission = form.save()
    context = {"submission": submission, "site_url": settings.SITE_URL}
    send_templated(
        to=[submission.email],
        template="emails/submission_received",
        context=context,
        opt_in=f"submission:{submission.pk}",
    )
    editors = editor_addresses()
    if editors:
        send_templated(
            to=editors,
            template="emails/submission_for_editors",
            context=context,
            about=submission.email,
            forget_when_sent=True,  # the editors' addresses are in it
        )
    return submission


@transaction.atomic
def resubmit_example(*, form):
    submission = form.save(commit=False)
    submission.status = ExampleSubmission.Status.PENDING
    submission.save()
    form.save_m2m()
    editors = editor_addresses()
    if editors:
        send_templated(
            to=editors,
            template="emails/submission_for_editors",
            context={"submission": submission, "site_url": settings.SITE_URL, "resubmitted": True},
            about=submission.email,
            forget_when_sent=True,  # the editors' addresses are in it
        )
    return submission


def _unique_slug(title):
    base = slugify(title)[:100] or "example"
    slug, n = base, 2
    while Example.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def example_values(submission):
    """What a published example starts from; the editor may change any of it before publishing."""
    credit = f"Sent in by {submission.name}" if submission.consent_credit else "Sent in by a reader"
    return {
        "title": submission.title,
        "body": submission.what_happened,
        "organisation": submission.organisation,
        "place": submission.place,
        "source_url": submission.link,
        "source_name": credit,
    }


@transaction.atomic
def accept_submission(*, submission, editor, values=None, nodes=None, note=""):
    """Make the submission an Example attached to its nodes, published or (when values say
    so) a draft, and tell the submitter."""
    values = {**example_values(submission), **(values or {})}
    example = Example.objects.create(slug=_unique_slug(values["title"]), **values)
    example.nodes.set(nodes if nodes is not None else submission.nodes.all())
    submission.example = example
    _decide(submission, ExampleSubmission.Status.ACCEPTED, editor=editor, note=note)
    return example


def tell_submitters_published(example):
    """A draft made from accepted submissions is now published: tell whoever sent them in and
    has not been told yet."""
    waiting = example.submissions.filter(status=ExampleSubmission.Status.ACCEPTED, told_published_at=None)
    for submission in waiting:
        _tell_submitter(submission)


@transaction.atomic
def request_changes(*, submission, editor, note):
    _decide(submission, ExampleSubmission.Status.CHANGES_REQUESTED, editor=editor, note=note)


@transaction.atomic
def decline_submission(*, submission, editor, note):
    _decide(submission, ExampleSubmission.Status.DECLINED, editor=editor, note=note)


def _decide(submission, status, *, editor, note):
    """Record the editor's decision, then tell the submitter (the e-mail goes through the queue)."""
    submission.status = status
    submission.decided_by = editor
    submission.editor_note = note
    submission.save()
    _tell_submitter(submission)


# -- on a node's page (recommendations.node_page) ---------------------------------------------


ON_NODE = 10  # of each kind on a node's page; the rest are one link away, a page at a time


def _first(items, fields):
    """(the first ON_NODE of `items`, how many there are): one query, two when there are more."""
    shown = list(items.only(*fields)[: ON_NODE + 1])
    if len(shown) <= ON_NODE:
        return shown, len(shown)
    return shown[:ON_NODE], items.count()


def on_node(node, *, user):
    """A node's examples and tools, the first ON_NODE of each with how many: two queries (four
    when a node has more)."""
    examples, example_count = _first(
        node.examples.visible_to(user), ["slug", "title", "title_es", "place", "place_es"]
    )
    tools, tool_count = _first(node.tools.visible_to(user), ["slug", "title", "title_es", "kind"])
    return {
        "node": node,
        "examples": examples,
        "example_count": example_count,
        "tools": tools,
        "tool_count": tool_count,
    }


def first_per_node(model, *, per_node, editors=False):
    """{node pk: ([the first `per_node` attachments of `model`, in the editors' order], how many
    in all)}: what readers (or editors) see, two queries (one for counts only) whatever the
    number of attachments."""
    name = model._meta.model_name
    items = model.objects.all() if editors else model.objects.public()
    attached = model.nodes.through.objects.filter(**{f"{name}__in": items})
    order = [F(f"{name}__position").asc(), F(f"{name}__title").asc()]
    fields = ["node", name, *(f"{name}__{field}" for field in ("slug", "title", "title_es", "position"))]
    if model is Tool:
        fields.append(f"{name}__kind")
    counted = attached.values_list("node_id").annotate(n=Count("pk")).order_by()
    found = {node_id: ([], count) for node_id, count in counted}
    if per_node:
        first = (
            attached.annotate(rank=Window(RowNumber(), partition_by=[F("node_id")], order_by=order))
            .filter(rank__lte=per_node)
            .select_related(name)
            .only(*fields)
            .order_by("node_id", "rank")
        )
        for link in first:
            found[link.node_id][0].append(getattr(link, name))
    return found


def counts(pks, *, user):
    """{node pk: {"examples": {ids}, "tools": {ids}}} of what readers (or editors) see: two queries."""
    found = {}
    for model, name in ((Example, "examples"), (Tool, "tools")):
        links = model.nodes.through.objects.filter(
            node_id__in=pks, **{f"{model._meta.model_name}__in": model.objects.visible_to(user)}
        ).values_list("node_id", f"{model._meta.model_name}_id")
        for node_id, item in links:
            found.setdefault(node_id, {}).setdefault(name, set()).add(item)
    return found
