"""Examples and tools in the sidebar, folded under the nodes they belong to (see
recommendations.navigation.add_leaves), as GitBook showed them: at most IN_SIDEBAR of each kind
under a node, then one link to the rest, so the sidebar stays the size of the tree however many
examples the community adds. Four queries when the navigation is built."""

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from examples.models import Example, Tool

IN_SIDEBAR = 3


def attachments_by_node(*, editors):
    """{node pk: [(title, url), …]}: examples first, then tools, each in the editors' order."""
    found = {}
    for model, label in ((Example, _("Example")), (Tool, _("Tool"))):
        name = model._meta.model_name
        items = model.objects.all() if editors else model.objects.public()
        attached = model.nodes.through.objects.filter(**{f"{name}__in": items})
        order = [F(f"{name}__position").asc(), F(f"{name}__title").asc()]
        first = (
            attached.annotate(rank=Window(RowNumber(), partition_by=[F("node_id")], order_by=order))
            .filter(rank__lte=IN_SIDEBAR)
            .select_related(name)
            .only("node", name, f"{name}__slug", f"{name}__title", f"{name}__title_es")
            .order_by("node_id", "rank")
        )
        for link in first:
            item = getattr(link, name)
            found.setdefault(link.node_id, []).append(
                (f"{label}: {item.local_title}", item.get_absolute_url())
            )
        counts = attached.values_list("node_id").annotate(n=Count("pk")).order_by().filter(n__gt=IN_SIDEBAR)
        for node_id, count in counts:
            if model is Example:
                title = ngettext("All %(count)d example", "All %(count)d examples", count)
            else:
                title = ngettext("All %(count)d tool", "All %(count)d tools and playbooks", count)
            anchor = "#examples-heading" if model is Example else "#tools-heading"
            found[node_id].append(
                (title % {"count": count}, reverse("recommendations:stable", args=[node_id]) + anchor)
            )
    return found
