"""The links comments send by e-mail: to confirm a comment, and to stop the e-mails about replies.

Both are signed with Django's JSON signing (`django.core.signing`), never with
django-comments-xtd's own keys, which are pickles: a link can carry data, never code. A
confirmation link carries the comment as it will be stored and lapses after
`COMMENT_CONFIRM_DAYS`; a link to stop the e-mails names one address on one page.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django_comments_xtd.models import TmpXtdComment

CONFIRM_SALT = "blueprint.comments.confirm"
MUTE_SALT = "blueprint.comments.mute"
# What a confirmation link carries: the comment as django-comments-xtd will store it.
FIELDS = {
    "content_type_id", "object_pk", "site_id", "user_name", "user_email", "comment", "submit_date",
    "ip_address", "is_public", "is_removed", "followup", "parent_id",
}  # fmt: skip


def confirmation_link(comment):
    """The address that publishes `comment`, django-comments-xtd's comment as it was posted."""
    data = {name: comment.get(name) for name in FIELDS - {"content_type_id", "submit_date"}}
    data["content_type_id"] = comment["content_type"].pk
    data["submit_date"] = comment["submit_date"].isoformat()
    return reverse("comments:confirm", args=[signing.dumps(data, salt=CONFIRM_SALT, compress=True)])


def confirmed_comment(token):
    """The comment a confirmation link carries, not yet saved. Raises `signing.BadSignature` for a
    link the site did not make, one that was changed, or one older than COMMENT_CONFIRM_DAYS."""
    data = signing.loads(token, salt=CONFIRM_SALT, max_age=timedelta(days=settings.COMMENT_CONFIRM_DAYS))
    if not isinstance(data, dict) or set(data) != FIELDS:
        raise signing.BadSignature("Not a comment.")
    content_type = ContentType.objects.get_for_id(data.pop("content_type_id"))
    data["submit_date"] = parse_datetime(data["submit_date"])
    return TmpXtdComment(
        data,
        content_type=content_type,
        content_object=content_type.get_object_for_this_type(pk=data["object_pk"]),
    )


def mute_link(*, content_type_id, object_pk, email):
    """The address that stops the e-mails about replies on one page, for one address."""
    data = {"content_type_id": content_type_id, "object_pk": str(object_pk), "email": email}
    return reverse("comments:mute", args=[signing.dumps(data, salt=MUTE_SALT, compress=True)])


def muted(token):
    """(content type id, object id, address) a link names; raises `signing.BadSignature`."""
    data = signing.loads(token, salt=MUTE_SALT)
    if not isinstance(data, dict) or set(data) != {"content_type_id", "object_pk", "email"}:
        raise signing.BadSignature("Not a page and an address.")
    return data["content_type_id"], data["object_pk"], data["email"]
