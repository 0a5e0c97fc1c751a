"""The admin site, with the moderation queue: everything that waits for an editor, in one place."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blueprint import moderation


class BlueprintAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Wellbeing Blueprint editors")
    site_title = gettext_lazy("Wellbeing Blueprint")
    index_title = gettext_lazy("Editing the Blueprint")

    def get_urls(self):
        return [
            path("moderation/", self.admin_view(self.moderation_view), name="moderation"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if request.user.has_perm(moderation.PERMISSION):
            extra_context["moderation_counts"] = moderation.counts()
        return super().index(request, extra_context)

    def moderation_view(self, request):
        if not request.user.has_perm(moderation.PERMISSION):
            raise PermissionDenied
        if request.method == "POST":
            done, skipped = moderation.bulk_action(
                action=request.POST.get("action", ""),
                keys=request.POST.getlist("item"),
                note=request.POST.get("note", "").strip(),
                editor=request.user,
            )
            if done:
                messages.success(request, _("Done for %(count)d item(s).") % {"count": done})
            for reason in skipped:
                messages.warning(request, reason)
            return redirect("admin:moderation")
        context = {
            **self.each_context(request),
            "title": _("Moderation queue"),
            "items": moderation.queue(),
            "counts": moderation.counts(),
        }
        return TemplateResponse(request, "admin/moderation.html", context)
