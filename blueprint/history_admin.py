from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from blueprint.history import diff_fields


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
        old = get_object_or_404(revisions, history_id=request.GET.get("old", "0"))
        new = get_object_or_404(revisions, history_id=request.GET.get("new", "0"))
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
