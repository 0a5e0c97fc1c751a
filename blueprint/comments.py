"""Comments: django-comments-xtd, with the few rules it does not have itself.

- `BlueprintModerator`: a site setting holds confirmed comments for an editor, or publishes them.
- `comments_for`: the published comments of a page in one query, threads in order.
- `comment_rows`: what a page shows of them, as rows (a `PreparedQuery`).
- `comment_list_html`: those rows as HTML, built in Python (the template engine took ~3 ms for a
  page's 20 comments, more than the rest of the page).
"""

import html
from functools import lru_cache

from django.conf import settings
from django.template.defaultfilters import linebreaks_filter, urlize
from django.contrib.contenttypes.models import ContentType
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django_comments_xtd.models import XtdComment
from django_comments_xtd.moderation import XtdCommentModerator, moderator

from blueprint.dates import day_element
from blueprint.prepared import PreparedQuery, run_together


class BlueprintModerator(XtdCommentModerator):
    email_notification = False
    enable_field = None

    def moderate(self, comment, content_object, request):
        return settings.COMMENTS_HOLD_FOR_MODERATION


def register_moderation():
    from examples.models import Example, Tool
    from recommendations.models import Node

    for model in (Node, Example, Tool):
        if model not in moderator._registry:
            moderator.register(model, BlueprintModerator)


def comments_for(obj):
    """Published comments on `obj`, each thread followed by its replies."""
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        site_id=settings.SITE_ID,
        is_public=True,
        is_removed=False,
    ).order_by("thread_id", "order")


COMMENT_COLUMNS = ("pk", "level", "user_name", "submit_date", "comment")

_comment_rows = PreparedQuery(
    lambda content_type_id, object_pk: XtdComment.objects.filter(
        content_type_id=content_type_id,
        object_pk=object_pk,
        site_id=settings.SITE_ID,
        is_public=True,
        is_removed=False,
    ).order_by("thread_id", "order").values_list(*COMMENT_COLUMNS),
    content_type_id=-918_273_645,
    object_pk="\x00object_pk\x00",
)


def comment_rows(obj):
    """`comments_for(obj)` as the rows `comment_list_html` shows: (pk, level, name, date, text)."""
    return run_together(comment_query(type(obj), obj.pk))[0]


def comment_query(model, pk):
    """The rows of `comment_rows` for the `model` object `pk`, bound to run with other queries."""
    return _comment_rows.bind(content_type_id=ContentType.objects.get_for_model(model).pk, object_pk=str(pk))


def comment_list_html(rows, *, form_url):
    """A page's comments as HTML: who and when, the text, and Reply (threads only) and Report.

    `rows` are `comment_rows`. The text goes through `comment_text_html` (escaped, links made
    clickable, paragraphs kept) and every other value is escaped, so nothing a commenter typed
    runs as markup.
    """
    if not rows:
        return format_html("<p>{}</p>", gettext("No comments yet."))
    language, zone = get_language(), timezone.get_current_timezone()
    flag_url = url_pattern("blueprint:comment_flag")
    reply = escape(gettext("Reply"))
    report = escape(gettext("Report"))
    form_url = escape(form_url)
    items = []
    # html.escape is what Django's escape() does, without its lazy-text wrapper (~2 µs a call).
    for pk, level, name, submitted, text in rows:
        reply_link = f'<a href="{form_url}?reply_to={pk}">{reply}</a> · ' if level == 0 else ""
        items.append(
            f'<li class="comment level-{level}" id="c{pk}"><p class="comment-meta"><strong>'
            f"{html.escape(name)}</strong> · {day_element(submitted, language, zone)}</p>"
            f'<div class="comment-body">{comment_text_html(text)}</div><p class="comment-actions">'
            f'{reply_link}<a href="{flag_url.format(pk)}">{report}</a></p></li>'
        )
    return mark_safe('<ol class="comment-list">' + "".join(items) + "</ol>")


@lru_cache(maxsize=4096)
def comment_text_html(text):
    """A comment's text as HTML: escaped, links made clickable, paragraphs kept.

    The same as `|urlize|linebreaks`, remembered per text: urlize costs ~0.2 ms a comment, and
    a page shows every comment on it at each render.
    """
    return linebreaks_filter(urlize(text, autoescape=True), autoescape=True)


def url_pattern(name):
    """The address of a view that takes one number, as a format string: reversed once per
    script prefix instead of once per comment."""
    return _url_pattern(name, get_script_prefix())


@lru_cache(maxsize=64)
def _url_pattern(name, prefix):
    sentinel = 918273645
    return reverse(name, args=[sentinel]).replace("{", "{{").replace("}", "}}").replace(str(sentinel), "{}")
