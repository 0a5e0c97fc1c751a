"""Examples and tools in the sidebar, folded under the nodes they belong to (see
recommendations.navigation.add_leaves), as GitBook showed them: at most IN_SIDEBAR of each kind
under a node, then one link to the rest, so the sidebar stays the size of the tree however many
examples the community adds. Four queries when the navigation is built."""

from django.urls import reverse
from django.utils.translation import ngettext

from examples.models import Example, Tool
from examples.services import first_per_node

IN_SIDEBAR = 3


def attachments_by_node(*, editors):
    """{node pk: [(title, url, kind), …]}: examples first, then tools, each in the editors' order;
    kind "example", "tool", or "more" for the link to the rest."""
    found = {}
    for model, kind in ((Example, "example"), (Tool, "tool")):
        for node_id, (first, count) in first_per_node(model, per_node=IN_SIDEBAR, editors=editors).items():
            leaves = found.setdefault(node_id, [])
            leaves += [(item.local_title, item.get_absolute_url(), kind) for item in first]
            if count > IN_SIDEBAR:
                if model is Example:
                    title = ngettext("All %(count)d example", "All %(count)d examples", count)
                else:
                    title = ngettext("All %(count)d tool", "All %(count)d tools and playbooks", count)
                anchor = "#examples-heading" if model is Example else "#tools-heading"
                url = reverse("recommendations:stable", args=[node_id]) + anchor
                leaves.append((title % {"count": count}, url, "more"))
    return found
