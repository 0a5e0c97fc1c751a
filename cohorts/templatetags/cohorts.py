from django import template

register = template.Library()


@register.inclusion_tag("cohorts/on_node.html", takes_context=True)
def cohorts_on(context, node):
    """`{% cohorts_on node %}`: a node's cohorts and their free seats (one query; none for a
    principle, which takes no cohorts)."""
    cohorts = list(node.cohorts.with_seats_taken().order_by("-starts_on")) if node.takes_cohorts else []
    return {"node": node, "cohorts": cohorts, "has_open_cohort": any(cohort.is_open for cohort in cohorts)}
