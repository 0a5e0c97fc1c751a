"""Recent changes: the newest revisions of published content (django-simple-history)."""

import heapq
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from examples.models import Example, Tool
from recommendations.models import Node, Page

CHANGE_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}

HISTORY_MODELS = [Node, Page, Example, Tool]


@dataclass
class Change:
    record: object
    kind: str

    @property
    def when(self):
        return self.record.history_date

    @property
    def title(self):
        number = getattr(self.record, "number", "")
        return f"{number} {self.record.title}".strip()

    @property
    def change_type(self):
        return CHANGE_TYPES[self.record.history_type]

    @property
    def url(self):
        # Built from the revision's own fields: `record.instance` would query the live row for
        # its excluded fields, once per listed change.
        fields = {
            name: getattr(self.record, name) for name in ("number", "slug") if hasattr(self.record, name)
        }
        return self.record.instance_type(pk=self.record.id, **fields).get_absolute_url()


def recent_changes(*, limit):
    """The newest changes to published content, newest first: one query per kind of content."""
    streams = []
    for model in HISTORY_MODELS:
        public_ids = model.objects.public().values("pk")
        records = (
            model.history.filter(id__in=public_ids, status="published")
            .exclude(history_type="-")
            .order_by("-history_date")[:limit]
        )
        streams.append([Change(record, model._meta.verbose_name) for record in records])
    merged = heapq.merge(*streams, key=lambda change: change.when, reverse=True)
    return list(merged)[:limit]
