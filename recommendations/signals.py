"""Which reading pages a change to the tree or to a stand-alone page makes stale.

A new title, number, status or place in the tree changes the navigation, so every page; a new
text changes that page and the lists of content (recent changes, search, the print page).
"""

from blueprint.common.page_cache import CONTENT, NAVIGATION, changed, scope


def saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    changed(scope(instance), CONTENT, *([NAVIGATION] if instance.changes_navigation else []))
    instance.navigation_saved()


def deleted(sender, instance, **kwargs):
    changed(scope(instance), CONTENT, NAVIGATION)


def moved(sender, instance, **kwargs):
    changed(NAVIGATION, CONTENT)
