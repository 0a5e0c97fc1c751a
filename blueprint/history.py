"""Revision history (django-simple-history): recent changes and differences between revisions."""

import difflib
import heapq
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

# The content a revision records and a difference shows: never the node's place in the tree.
CONTENT_FIELDS = ["number", "title", "slug", "status", "body", "organisation", "place", "kind",
                  "source_name", "source_url", "position"]
CHANGE_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def history_models():
    from blueprint.models import Page
    from examples.models import Example, Tool
    from recommendations.models import Node

    return [Node, Page, Example, Tool]


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
        fields = {name: getattr(self.record, name) for name in ("number", "slug") if hasattr(self.record, name)}
        return self.record.instance_type(pk=self.record.id, **fields).get_absolute_url()


def recent_changes(*, limit):
    """The newest changes to published content, newest first: one query per kind of content."""
    streams = []
    for model in history_models():
        published_ids = model.objects.published().values("pk")
        records = (
            model.history.filter(id__in=published_ids, status="published")
            .exclude(history_type="-")
            .order_by("-history_date")[:limit]
        )
        streams.append([Change(record, model._meta.verbose_name) for record in records])
    merged = heapq.merge(*streams, key=lambda change: change.when, reverse=True)
    return list(merged)[:limit]


def diff_fields(old, new):
    """[(field label, html)] for each content field that differs between two revisions."""
    rows = []
    for name in CONTENT_FIELDS:
        if not hasattr(new, name):
            continue
        before, after = str(getattr(old, name, "") or ""), str(getattr(new, name) or "")
        if before != after:
            label = new.instance._meta.get_field(name).verbose_name
            rows.append((label, diff_html(before, after)))
    return rows


def diff_html(before, after):
    """A line-by-line difference, escaped, with removed and added lines marked."""
    lines = []
    for line in difflib.unified_diff(
        before.splitlines(), after.splitlines(), lineterm="", n=2
    ):
        if line.startswith(("---", "+++")):
            continue
        css = {"+": "added", "-": "removed", "@": "hunk"}.get(line[:1], "same")
        lines.append(f'<span class="diff-{css}">{escape(line)}</span>')
    return mark_safe("\n".join(lines))
