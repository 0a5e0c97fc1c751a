from django import template

from blueprint.common import revisions

register = template.Library()


@register.filter
def changed_fields(record):
    """`{{ record|changed_fields }}`: what a revision changed, in words."""
    return revisions.changed_fields(record)
