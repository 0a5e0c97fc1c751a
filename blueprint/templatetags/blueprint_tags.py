from django import template
from django.conf import settings

from blueprint.comments import comment_list_html, comment_text_html

register = template.Library()


@register.simple_tag
def site_url():
    """The site's address, for links in e-mails (rendered without a request)."""
    return settings.SITE_URL


@register.simple_tag
def comment_list(rows, form_url):
    """`rows` are `blueprint.comments.comment_rows`."""
    return comment_list_html(rows, form_url=form_url)


@register.filter(is_safe=True)
def comment_html(text):
    return comment_text_html(text)
