"""Revision history in the admin (django-simple-history): its history and revert, plus the
differences between any two revisions. Content only: never a node's place in the tree."""

import difflib

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from blueprint.forms import whole_number

# The content a revision records and a difference shows: never the node's place in the tree.
CONTENT_FIELDS = [
    "number",
    "title",
    "slug",
    "status",
    "body",
    "organisation",
    "place",
    "kind",
    "source_name",
    "source_url",
    "position",
]


class RevisionAdmin(SimpleHistoryAdmin):
    """django-simple-history's history and revert, plus a difference between any two revisions."""

    object_history_template = "admin/revisions/object_history.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def compare_view(self, request, object_id):
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_history_permission(request, obj):
            raise PermissionDenied
        revisions = self.model.history.filter(id=obj.pk)
        old = get_object_or_404(revisions, history_id=whole_number(request.GET.get("old")))
        new = get_object_or_404(revisions, history_id=whole_number(request.GET.get("new")))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Differences between two revisions of “%(object)s”") % {"object": obj},
            "object": obj,
            "old": old,
            "new": new,
            "rows": diff_fields(old, new),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/revisions/compare.html", context)


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
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=2):
        if line.startswith(("---", "+++")):
            continue
        css = {"+": "added", "-": "removed", "@": "hunk"}.get(line[:1], "same")
        lines.append(f'<span class="diff-{css}">{escape(line)}</span>')
    return mark_safe("\n".join(lines))
