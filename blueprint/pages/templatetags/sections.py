"""What a section page shows of what is under it, the way a GitBook section page leads on."""

from dataclasses import dataclass

from django import template

from cohorts.models import Cohort
from examples.models import Example, Tool

register = template.Library()


@dataclass(frozen=True)
class Section:
    entry: object  # the navigation's entry for a child
    examples: int
    tools: int
    open_cohorts: int


@register.simple_tag(takes_context=True)
def sections_under(context, children):
    """`{% sections_under children as sections %}`: each child with how many examples, tools and
    open cohorts it and what is under it have (three queries; none without children). The view
    shows the scopes of everything under the page (`Navigation.keys_under`), so these stay true."""
    if not children:
        return []
    navigation, user = context["navigation"], context["request"].user
    subtree = {
        child.key: [child.pk, *(entry.pk for entry in navigation.under(child.key))] for child in children
    }
    pks = [pk for pks in subtree.values() for pk in pks]
    counted = [
        Example.nodes.through.objects.filter(
            node_id__in=pks, example__in=Example.objects.visible_to(user)
        ).values_list("node_id", "example_id"),
        Tool.nodes.through.objects.filter(
            node_id__in=pks, tool__in=Tool.objects.visible_to(user)
        ).values_list("node_id", "tool_id"),
        Cohort.objects.visible_to(user)
        .filter(node_id__in=pks, status=Cohort.Status.OPEN)
        .values_list("node_id", "pk"),
    ]
    per_node = []
    for pairs in counted:
        found = {}
        for node_id, item in pairs:
            found.setdefault(node_id, set()).add(item)
        per_node.append(found)
    return [
        Section(
            child,
            *(len(set().union(*(found.get(pk, ()) for pk in subtree[child.key]))) for found in per_node),
        )
        for child in children
    ]
