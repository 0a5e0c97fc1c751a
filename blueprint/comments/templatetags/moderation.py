from django import template

from blueprint.comments import moderation

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_counts(context):
    """`{% moderation_counts as counts %}`: what waits in the queue, for editors who moderate."""
    if context["request"].user.has_perm(moderation.PERMISSION):
        return moderation.counts()
    return None
