from django import template
from django.conf import settings
from django.urls import get_script_prefix
from django.utils.translation import get_language

from blueprint import dates
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


@register.filter(is_safe=True)
def day_element(moment):
    """`{{ page.updated_at|day_element }}`: `<time datetime="…">29 November 2026</time>`."""
    return dates.day_element(moment)


class ConstantNode(template.Node):
    """What `{% constant %}` encloses, rendered once per language and script prefix."""

    child_nodelists = ("nodelist",)

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered = {}

    def render(self, context):
        key = (get_language(), get_script_prefix(), context.autoescape)
        text = self.rendered.get(key)
        if text is None:
            # An empty context without the request: nothing of one request or visitor can end
            # up in the copy.
            empty = context.new()
            empty.request = None
            text = self.rendered[key] = self.nodelist.render(empty)
        return text


@register.tag
def constant(parser, token):
    """`{% constant %}…{% endconstant %}`: a part of the page that is the same for every request
    in a language (the site's own links, labels and asset addresses), rendered once per language
    per process instead of on every page. It renders without the page's context, so variables
    inside it are empty: anything that depends on the request belongs outside."""
    nodelist = parser.parse(("endconstant",))
    parser.delete_first_token()
    return ConstantNode(nodelist)
