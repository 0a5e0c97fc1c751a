"""Moderation: the site's rule for new comments, and the queue of what waits for an editor
(held and flagged comments, example submissions, suggested edits)."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Value
from django.urls import reverse
from django.utils.translation import gettext as _
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from django_comments_xtd.moderation import XtdCommentModerator

from blueprint.comments.models import CommentHiding
from blueprint.comments.services import hide_comment, publish_comment
from blueprint.common.forms import whole_number
from examples.models import ExampleSubmission
from examples.services import accept_submission, decline_submission
from recommendations.models import Suggestion
from recommendations.services import SuggestionConflict, apply_suggestion, decline_suggestion

PERMISSION = "comments.moderate"


class BlueprintModerator(XtdCommentModerator):
    """A site setting holds confirmed comments for an editor, or publishes them at once."""

    email_notification = False
    enable_field = None

    def moderate(self, comment, content_object, request):
        return settings.COMMENTS_HOLD_FOR_MODERATION


@dataclass
class Item:
    key: str
    kind: str
    summary: str
    about: str
    sent_at: datetime
    review_url: str


def held_comments():
    """Confirmed comments waiting for an editor (not ones an editor already hid)."""
    return XtdComment.objects.filter(is_public=False, is_removed=False).exclude(
        Exists(CommentHiding.objects.filter(comment=OuterRef("pk")))
    )


def flagged_comments():
    return XtdComment.objects.filter(is_public=True, is_removed=False).filter(
        Exists(CommentFlag.objects.filter(comment=OuterRef("pk"), flag=CommentFlag.SUGGEST_REMOVAL))
    )


def counts():
    return {
        "held_comments": held_comments().count(),
        "flagged_comments": flagged_comments().count(),
        "submissions": ExampleSubmission.objects.waiting().count(),
        "suggestions": Suggestion.objects.waiting().count(),
    }


# How many waiting items one page of the queue shows.
PER_PAGE = 50


def waiting():
    """Everything waiting, oldest first, as (kind, pk, sent_at) rows: one query of the four
    sources, so the queue is paginated by the database (`queue_page` turns a page into items)."""

    def rows(items, kind, sent_at):
        return (
            items.order_by()
            # Every column named by an annotation, so the union's ORDER BY names them on every
            # Django (6.1 names "pk" after each model's own key column).
            .annotate(waiting_as=Value(kind), waiting_id=F("pk"), waiting_since=F(sent_at))
            .values_list("waiting_as", "waiting_id", "waiting_since")
        )

    return (
        rows(held_comments(), "held", "submit_date")
        .union(
            rows(flagged_comments(), "flagged", "submit_date"),
            rows(ExampleSubmission.objects.waiting(), "submission", "updated_at"),
            rows(Suggestion.objects.waiting(), "suggestion", "created_at"),
            all=True,
        )
        .order_by("waiting_since", "waiting_as", "waiting_id")
    )


def queue_page(rows):
    """The items of one page of `waiting()` rows, in its order (a query per kind on the page)."""
    wanted = {}
    for kind, pk, _sent_at in rows:
        wanted.setdefault(kind, []).append(pk)
    comments = XtdComment.objects.prefetch_related("content_object").in_bulk(
        wanted.get("held", []) + wanted.get("flagged", [])
    )
    submissions = ExampleSubmission.objects.prefetch_related("nodes").in_bulk(wanted.get("submission", []))
    suggestions = Suggestion.objects.select_related("node").in_bulk(wanted.get("suggestion", []))
    items = []
    for kind, pk, _sent_at in rows:
        if kind in ("held", "flagged"):
            items.append(
                _comment_item(comments[pk], _("Held comment") if kind == "held" else _("Flagged comment"))
            )
        elif kind == "submission":
            items.append(_submission_item(submissions[pk]))
        else:
            items.append(_suggestion_item(suggestions[pk]))
    return items


def _comment_item(comment, kind):
    return Item(
        key=f"comment:{comment.pk}",
        kind=kind,
        summary=f"{comment.user_name}: {comment.comment[:200]}",
        about=str(comment.content_object),
        sent_at=comment.submit_date,
        review_url=reverse("admin:comments_moderate", args=[comment.pk]),
    )


def _submission_item(submission):
    return Item(
        key=f"submission:{submission.pk}",
        kind=_("Example submission"),
        summary=f"{submission.title} ({submission.name})",
        about=", ".join(node.number for node in submission.nodes.all()),
        sent_at=submission.updated_at,
        review_url=reverse("admin:examples_examplesubmission_change", args=[submission.pk]),
    )


def _suggestion_item(suggestion):
    return Item(
        key=f"suggestion:{suggestion.pk}",
        kind=_("Suggested edit"),
        summary=f"{suggestion.get_kind_display()} ({suggestion.name})",
        about=str(suggestion.node),
        sent_at=suggestion.created_at,
        review_url=reverse("admin:recommendations_suggestion_change", args=[suggestion.pk]),
    )


ACTIONS = {
    "publish": ("comment",),
    "hide": ("comment",),
    "accept": ("submission", "suggestion"),
    "decline": ("submission", "suggestion"),
}


def _act_on_comment(pk, action, *, note, editor):
    comment = XtdComment.objects.filter(pk=pk).first()
    if comment is None:
        return False
    if action == "publish":
        publish_comment(comment=comment, editor=editor)
    else:
        hide_comment(comment=comment, editor=editor, reason=note)
    return True


def _act_on_submission(pk, action, *, note, editor):
    submission = ExampleSubmission.objects.waiting().filter(pk=pk).first()
    if submission is None:
        return False
    if action == "accept":
        accept_submission(submission=submission, editor=editor, note=note)
    else:
        decline_submission(submission=submission, editor=editor, note=note)
    return True


def _act_on_suggestion(pk, action, *, note, editor):
    suggestion = Suggestion.objects.waiting().filter(pk=pk).first()
    if suggestion is None:
        return False
    if action == "decline":
        decline_suggestion(suggestion=suggestion, editor=editor, note=note)
        return True
    try:
        apply_suggestion(suggestion=suggestion, editor=editor, note=note)
    except SuggestionConflict:
        return _("The suggestion for %(node)s conflicts with a later edit: review it on its own page.") % {
            "node": suggestion.node.number
        }
    return True


ACT_ON = {"comment": _act_on_comment, "submission": _act_on_submission, "suggestion": _act_on_suggestion}


def bulk_action(*, action, keys, note, editor):
    """Apply `action` to the chosen items; returns (how many were done, reasons for skipping)."""
    if action not in ACTIONS:
        return 0, [_("Choose an action.")]
    if action == "hide" and not note:
        return 0, [_("Hiding comments needs a reason: it is sent to their authors.")]
    done, skipped = 0, []
    for key in keys:
        kind, _sep, text = key.partition(":")
        pk = whole_number(text)
        if kind not in ACTIONS[action] or pk is None:
            skipped.append(_("“%(action)s” does not apply to %(key)s.") % {"action": action, "key": key})
            continue
        outcome = ACT_ON[kind](pk, action, note=note, editor=editor)
        if isinstance(outcome, str):  # why it was not done
            skipped.append(outcome)
        elif outcome:
            done += 1
    return done, skipped
