"""Which reading pages a change to an example or a tool makes stale: its own page, the lists of
content, the pages of the nodes it is attached to (they list its title), and the navigation
(the sidebar lists it under those nodes)."""

from blueprint.common.page_cache import CONTENT, NAVIGATION, changed, scope


def node_scopes(node_ids):
    return [f"node:{pk}" for pk in node_ids]


def saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    navigation = [NAVIGATION] if instance.changes_navigation else []  # a new title, not a new text
    changed(scope(instance), CONTENT, *navigation, *node_scopes(instance.nodes.values_list("pk", flat=True)))
    instance.navigation_saved()


def deleting(sender, instance, **kwargs):
    # Its links to nodes are gone once it is deleted: remember them now, mark them after.
    instance.shown_on_nodes = list(instance.nodes.values_list("pk", flat=True))


def deleted(sender, instance, **kwargs):
    changed(scope(instance), CONTENT, NAVIGATION, *node_scopes(getattr(instance, "shown_on_nodes", [])))


def links_changed(sender, instance, action, model, pk_set, **kwargs):
    """An attachment linked to nodes or unlinked, from either side: `instance` is on one side,
    `model` and `pk_set` name the other."""
    if action == "pre_clear":
        # Cleared links are gone afterwards: remember them now, mark them after.
        instance.cleared_links = set(
            sender.objects.filter(**{instance._meta.model_name: instance.pk}).values_list(
                f"{model._meta.model_name}_id", flat=True
            )
        )
    elif action in ("post_add", "post_remove", "post_clear"):
        others = pk_set if action != "post_clear" else getattr(instance, "cleared_links", set())
        changed(CONTENT, NAVIGATION, scope(instance), *[f"{model._meta.model_name}:{pk}" for pk in others])
