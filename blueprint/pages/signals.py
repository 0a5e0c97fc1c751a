"""The search index follows its sources: derived data, rewritten whenever a source is saved."""

from blueprint.pages import search


def indexed_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index(instance)


def indexed_deleted(sender, instance, **kwargs):
    search.forget(instance)
