"""`{% url %}` that remembers what it reversed: Django's tag, a template builtin of this site.

Django's tag reverses on every render, ~20 µs each, and a node page has eighteen. What an
address is depends only on the view name, the arguments, the URLconf, the script prefix and the
language (`i18n_patterns`), so this tag remembers it per all of those. Arguments that are not
plain strings or numbers (a model instance, say) are reversed every time, as before, and so is
anything that does not reverse (`NoReverseMatch` behaves exactly as with Django's tag).
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template import defaulttags
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()
PLAIN = (str, int)


@lru_cache(maxsize=8192)
def remembered_reverse(view_name, args, kwargs, current_app, urlconf, prefix, language):
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


class RememberedURLNode(defaulttags.URLNode):
    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple((key, value.resolve(context)) for key, value in self.kwargs.items())
        view_name = self.view_name.resolve(context)
        plain = isinstance(view_name, str) and all(
            type(value) in PLAIN for value in (*args, *(value for _, value in kwargs))
        )
        if not plain:
            return super().render(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        try:
            url = remembered_reverse(view_name, args, kwargs, current_app, urlconf, get_script_prefix(), get_language())
        except Exception:
            return super().render(context)  # Django's tag raises or stores "" as it always does
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
