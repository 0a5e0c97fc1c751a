"""Which reading pages a change to the maturity model makes stale: the model's own pages (the grid
and its cells), whatever changed. A strategy linked to a node or unlinked changes them too."""

from blueprint.common.page_cache import changed

MATURITY = "maturity"


def changed_model(sender, instance, raw=False, **kwargs):
    if not raw:
        changed(MATURITY)


def links_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        changed(MATURITY)
