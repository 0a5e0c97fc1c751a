from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from markdownx.admin import MarkdownxModelAdmin

from blueprint.history_admin import RevisionAdmin
from blueprint.models import Feedback, OutgoingEmail, Page, SearchMiss, Signer


@admin.register(Page)
class PageAdmin(RevisionAdmin, MarkdownxModelAdmin):
    list_display = ["title", "position", "status", "updated_at"]
    fields = ["title", "slug", "status", "position", "body", "title_es", "body_es"]
    prepopulated_fields = {"slug": ["title"]}


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
                name="blueprint_feedback_report",
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
        return TemplateResponse(request, "admin/blueprint/feedback/report.html", context)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """What the site sent or tried to send; failed ones are retried by `run_periodic`."""

    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]

    @admin.display(description=_("to"))
    def recipients(self, outgoing):
        return ", ".join(outgoing.to)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Signer)
class SignerAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "sector", "status", "show_publicly", "confirmed_at"]
    list_filter = ["status", "kind", "sector", "show_publicly"]
    search_fields = ["name", "organisation", "email"]
    readonly_fields = ["token", "created_at", "confirmed_at"]


@admin.register(SearchMiss)
class SearchMissAdmin(admin.ModelAdmin):
    """What readers looked for and did not find, most frequent first."""

    list_display = ["query", "count", "last_searched_at"]
    search_fields = ["query"]
    readonly_fields = ["query", "count", "last_searched_at"]

    def has_add_permission(self, request):
        return False
