"""The Pulse Check's start page lists the instruments: a change to one makes it stale. Answers
and group checks are behind private links, never shared, so they make nothing stale."""

from blueprint.common.page_cache import changed, scope

PULSE = "pulse"


def instrument_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        changed(PULSE)


def entry_changed(sender, instance, raw=False, **kwargs):
    """An entry confirmed, changed, hidden or withdrawn: its recommendation's page lists it."""
    if not raw:
        changed(f"node:{instance.node_id}")


def pulse_check_changed(sender, instance, raw=False, **kwargs):
    """Its result page (kept under its private address) and its group's page show its answers;
    a deleted check must never be served from a stored copy."""
    if not raw:
        changed(scope(instance), *([f"groupcheck:{instance.group_id}"] if instance.group_id else []))


def group_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        changed(scope(instance))
