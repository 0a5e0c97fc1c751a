"""Revision history in the admin (django-simple-history): its history and revert, plus the
differences between any two revisions. Content only: never a node's place in the tree."""

import difflib
import re

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from blueprint.common.forms import whole_number
from blueprint.common.models import Status

# The content a revision records and a difference shows: never the node's place in the tree.
CONTENT_FIELDS = [
    "number",
    "title",
    "slug",
    "status",
    "body",
    "title_es",
    "body_es",
    "organisation",
    "place",
    "kind",
    "source_name",
    "source_url",
    "position",
]


class DraftFirstAdmin:
    """New content starts as a draft: its add and change pages have "Save draft" and "Publish"
    buttons instead of a status to pick (examples, tools, stand-alone pages)."""

    change_form_template = "admin/draft_first/change_form.html"

    def get_fields(self, request, obj=None):
        return [name for name in super().get_fields(request, obj) if name != "status"]

    def save_model(self, request, obj, form, change):
        self.status_from_buttons(request, obj, change)
        super().save_model(request, obj, form, change)

    @staticmethod
    def status_from_buttons(request, obj, change):
        if "_publish" in request.POST:
            obj.status = Status.PUBLISHED
        elif "_save_draft" in request.POST or not change:
            obj.status = Status.DRAFT


class RevisionAdmin(SimpleHistoryAdmin):
    """django-simple-history's history and revert, plus a difference between any two revisions."""

    object_history_template = "admin/revisions/object_history.html"

    class Media:
        js = ["js/markdown_image.js"]  # "Add an image…" beside each Markdown field, with its description

    def set_history_delta_changes(self, request, page_obj, **kwargs):
        """Each revision listed says what it changed, compared with the one listed after it (and
        the last with the one before it: one query, not one per revision)."""
        records = list(page_obj.object_list)
        if not records:
            return
        older = [*records[1:], records[-1].prev_record]
        for record, previous in zip(records, older, strict=True):
            record.what_changed = changed_fields(record, previous)
        page_obj.object_list = records

    def view_on_site(self, obj):
        """ "View on site" on this site, whatever its address (the sites framework's may differ)."""
        return obj.get_absolute_url()

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
            "side_by_side": request.GET.get("view") == "side",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/revisions/compare.html", context)


def diff_fields(old, new):
    """[(field label, inline html, older side html, newer side html)] for each content field that
    differs between two revisions: the compare page shows them inline or side by side."""
    rows = []
    for name in CONTENT_FIELDS:
        if not hasattr(new, name):
            continue
        before, after = str(getattr(old, name, "") or ""), str(getattr(new, name) or "")
        if before != after:
            label = new.instance._meta.get_field(name).verbose_name
            runs = diff_runs(before, after)
            rows.append((label, render_runs(runs), render_runs(runs, "older"), render_runs(runs, "newer")))
    return rows


WORD = re.compile(r"\s+|[^\s]+")


def diff_runs(before, after):
    """A word-by-word difference as an editor reads it: unchanged text as str, each change as
    (removed, added). Changes separated only by spaces read as one change."""
    old, new = WORD.findall(before), WORD.findall(after)
    runs = []  # [removed, added] or a str of unchanged text
    for operation, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        same = "".join(old[i1:i2])
        if operation == "equal" and not (same.isspace() and runs and not isinstance(runs[-1], str)):
            runs.append(same)
        elif operation == "equal":
            runs[-1][0] += same
            runs[-1][1] += same
        elif runs and not isinstance(runs[-1], str):
            runs[-1][0] += "".join(old[i1:i2])
            runs[-1][1] += "".join(new[j1:j2])
        else:
            runs.append(["".join(old[i1:i2]), "".join(new[j1:j2])])
    return [run if isinstance(run, str) or run[0].strip() != run[1].strip() else run[1] for run in runs]


def render_runs(runs, side=None):
    """The difference as escaped HTML: inline, removed words struck through (<del>) and added
    words underlined (<ins>); or one side of it ("older": unchanged and removed, "newer":
    unchanged and added), for reading side by side."""
    parts = []
    for run in runs:
        if isinstance(run, str):
            parts.append(escape(run))
            continue
        removed, added = run
        if removed and side != "newer":
            parts.append(f'<del class="diff-removed">{escape(removed)}</del>')
        if added and side != "older":
            parts.append(f'<ins class="diff-added">{escape(added)}</ins>')
    return mark_safe("".join(parts))


def diff_html(before, after):
    """The inline word-by-word difference between two texts, as escaped HTML."""
    return render_runs(diff_runs(before, after))


def changed_fields(record, previous):
    """The content fields a revision changed since `previous`, in words ("title, text"), or ""
    for the first."""
    if previous is None:
        return ""
    labels = [
        str(record.instance_type._meta.get_field(name).verbose_name)
        for name in CONTENT_FIELDS
        if hasattr(record, name) and getattr(record, name) != getattr(previous, name, None)
    ]
    return ", ".join(labels)
