"""Which reading pages a change to a cohort or a sign-up makes stale: the page of the node the
cohort works on, which lists its cohorts and their free seats. A new sign-up is unconfirmed and
holds no seat, so it changes nothing a reader sees."""

from blueprint.common.page_cache import changed


def cohort_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # the node it works on, and the one it was moved from
        nodes = {instance.node_id, getattr(instance, "loaded_node_id", None)} - {None}
        changed(*[f"node:{pk}" for pk in nodes])


def sign_up_changed(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        changed(f"node:{instance.cohort.node_id}")
