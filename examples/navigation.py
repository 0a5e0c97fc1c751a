"""Examples and tools in the sidebar, folded under the nodes they belong to (see
recommendations.navigation.add_leaves): two queries when the navigation is built."""

from django.utils.translation import gettext as _

from examples.models import Example, Tool


def attachments_by_node(*, editors):
    """{node pk: [(title, url), …]}: examples first, then tools, each in the editors' order."""
    found = {}
    for model, label in ((Example, _("Example")), (Tool, _("Tool"))):
        items = model.objects.all() if editors else model.objects.public()
        links = (
            model.nodes.through.objects.filter(**{f"{model._meta.model_name}__in": items})
            .select_related(model._meta.model_name)
            .order_by(f"{model._meta.model_name}__position", f"{model._meta.model_name}__title")
        )
        for link in links:
            item = getattr(link, model._meta.model_name)
            found.setdefault(link.node_id, []).append(
                (f"{label}: {item.local_title}", item.get_absolute_url())
            )
    return found
