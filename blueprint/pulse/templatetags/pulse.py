from django import template

register = template.Library()


@register.inclusion_tag("pulse/on_node.html")
def working_on(node):
    """`{% working_on node %}`: “Who is working on this” on a recommendation's page (one query;
    none for a principle)."""
    entries = list(node.working_on.shown().order_by("confirmed_at", "pk")) if node.takes_cohorts else []
    return {"node": node, "entries": entries}
