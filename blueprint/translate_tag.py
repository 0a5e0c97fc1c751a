"""`{% load i18n %}` on this site: Django's i18n library, with `{% translate "text" %}`
remembered per language (the `libraries` option of the template engine names it `i18n`).

Django's tag looks the text up on every render, ~15 µs each, and a node page has over twenty.
For a quoted text with no filters, context or `as`, what it renders depends only on the text,
the active language and autoescaping, so this tag remembers it per all of those; every other
form of the tag is Django's own. What it remembers is forgotten when the settings that choose
translations change (tests that override them).
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Variable
from django.templatetags import i18n
from django.utils.translation import get_language

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)

_translated = {}


class RememberedTranslateNode(i18n.TranslateNode):
    def render(self, context):
        key = (self.filter_expression.var.literal, get_language(), context.autoescape)
        try:
            return _translated[key]
        except KeyError:
            text = _translated[key] = super().render(context)
            return text


def _plain(node):
    """Whether a `{% translate %}` node is a quoted text alone."""
    var = node.filter_expression.var
    return (
        isinstance(var, Variable) and isinstance(var.literal, str) and not node.filter_expression.filters
        and not node.noop and node.asvar is None and node.message_context is None
    )


@register.tag("translate")
@register.tag("trans")
def translate(parser, token):
    node = i18n.do_translate(parser, token)
    if not _plain(node):
        return node
    return RememberedTranslateNode(node.filter_expression, node.noop)


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _translated.clear()
