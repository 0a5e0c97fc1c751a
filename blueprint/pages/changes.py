"""Recent changes: the newest revisions of published content (django-simple-history)."""

import heapq
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from blueprint.common.models import LOADED_FROM_SOURCES
from examples.models import Example, Tool
from recommendations.models import Node, Page

CHANGE_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}

HISTORY_MODELS = [Node, Page, Example, Tool]


@dataclass
class Change:
    record: object
    kind: str
    live: object = None  # a node as it is now: its revisions do not record its number or address

    @property
    def when(self):
        return self.record.history_date

    @property
    def title(self):
        number = getattr(self.live, "number", "")
        return f"{number} {self.record.title}".strip()

    @property
    def change_type(self):
        return CHANGE_TYPES[self.record.history_type]

    @property
    def url(self):
        if self.live is not None:
            return self.live.get_absolute_url()
        # Built from the revision's own fields: `record.instance` would query the live row for
        # its excluded fields, once per listed change.
        return self.record.instance_type(pk=self.record.id, slug=self.record.slug).get_absolute_url()


def published_revisions(model):
    """The revisions of `model`'s published content that are changes."""
    public_ids = model.objects.public().values("pk")
    return (
        model.history.filter(id__in=public_ids, status="published")
        .exclude(history_type="-")
        .exclude(history_change_reason=LOADED_FROM_SOURCES)  # the Blueprint as loaded: no change
    )


def recent_changes(*, limit):
    """The newest changes to published content, newest first: one query per kind of content."""
    streams = []
    for model in HISTORY_MODELS:
        records = published_revisions(model).order_by("-history_date")[:limit]
        live = {}
        if model is Node:  # one query for the nodes' numbers and addresses now
            live = Node.objects.only("number", "slug").in_bulk({record.id for record in records})
        streams.append([Change(record, model._meta.verbose_name, live.get(record.id)) for record in records])
    merged = heapq.merge(*streams, key=lambda change: change.when, reverse=True)
    return list(merged)[:limit]


class ChangeStream:
    """Every change `recent_changes` lists, as a sequence a Paginator can page through: its
    length is one count per kind of content, and a page merges the newest changes up to its end."""

    def __len__(self):
        return sum(published_revisions(model).count() for model in HISTORY_MODELS)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("a page of changes is a slice")
        return recent_changes(limit=index.stop)[index]
