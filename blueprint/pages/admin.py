from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from blueprint.pages.models import Feedback, SearchMiss, Signer


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["page", "rating", "comment", "updated_at"]
    list_filter = ["rating", "content_type"]
    readonly_fields = ["content_type", "object_id", "rating", "comment", "created_at", "updated_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "report/",
                self.admin_site.admin_view(self.report_view),
                name="pages_feedback_report",
            ),
            *super().get_urls(),
        ]

    def report_view(self, request):
        """Ratings per page: the answers to "Was this helpful?" counted for every rated page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = list(Feedback.objects.report())
        by_type = {}
        for row in rows:
            by_type.setdefault(row["content_type"], set()).add(row["object_id"])
        pages = {}
        for type_id, ids in by_type.items():
            model = ContentType.objects.get_for_id(type_id).model_class()
            for obj in model.objects.filter(pk__in=ids):
                pages[(type_id, obj.pk)] = obj
        for row in rows:
            row["page"] = pages.get((row["content_type"], row["object_id"]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Ratings per page"),
            "rows": rows,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/pages/feedback/report.html", context)


@admin.register(Signer)
class SignerAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "sector", "status", "show_publicly", "confirmed_at"]
    list_filter = ["status", "kind", "sector", "show_publicly"]
    search_fields = ["name", "organisation", "email"]
    readonly_fields = ["token", "created_at", "confirmed_at"]


@admin.register(SearchMiss)
class SearchMissAdmin(admin.ModelAdmin):
    """What readers looked for and did not find, most frequent first."""

    list_display = ["query", "day", "count"]
    list_filter = ["day"]
    search_fields = ["query"]
    readonly_fields = ["query", "day", "count"]

    def has_add_permission(self, request):
        return False
