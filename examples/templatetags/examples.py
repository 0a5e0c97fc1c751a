from django import template

register = template.Library()


@register.inclusion_tag("examples/on_node.html", takes_context=True)
def attachments_of(context, node):
    """`{% attachments_of node %}`: the examples and tools a node page lists (two queries)."""
    user = context["request"].user
    return {
        "examples": node.examples.visible_to(user).only("slug", "title", "title_es", "place"),
        "tools": node.tools.visible_to(user).only("slug", "title", "title_es", "kind"),
    }
