from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_comments_xtd.admin import XtdCommentsAdmin
from django_comments_xtd.models import XtdComment

from blueprint.comments import moderation
from blueprint.comments.services import dismiss_reports, hide_comment, publish_comment
from blueprint.common.lists import one_page


class HideForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why it is hidden (sent to its author)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReaderCommentAdmin(XtdCommentsAdmin):
    """The library's comment list, without its filter by every content type of the project; a
    comment opens as a moderation view, not as the raw form with content types and addresses."""

    list_filter = ("is_public", "is_removed", "followup")

    def get_urls(self):
        return [
            path(
                "<id:pk>/moderate/", self.admin_site.admin_view(self.moderate_view), name="comments_moderate"
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:comments_moderate", pk=object_id)

    def moderate_view(self, request, pk):
        """The comment, the page it is on, and what readers reported; hide, restore or dismiss."""
        if not request.user.has_perm(moderation.PERMISSION):
            raise PermissionDenied
        comment = get_object_or_404(XtdComment.objects.select_related("hiding"), pk=pk)
        form = HideForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            action, reason = request.POST.get("action"), form.cleaned_data["reason"].strip()
            if action == "hide" and not reason:
                form.add_error("reason", _("Hiding a comment needs a reason: it is sent to its author."))
            elif action in ("hide", "restore", "dismiss"):
                if action == "hide":
                    hide_comment(comment=comment, editor=request.user, reason=reason)
                    messages.success(request, _("The comment is hidden and its author told why."))
                elif action == "restore":
                    publish_comment(comment=comment, editor=request.user)
                    messages.success(request, _("The comment is shown again."))
                else:
                    dismiss_reports(comment=comment)
                    messages.success(request, _("The reports are dismissed; the comment stays."))
                return redirect("admin:moderation")
        context = {
            **self.admin_site.each_context(request),
            "title": _("A comment to moderate"),
            "comment": comment,
            "page": comment.content_object,
            "reports": comment.reports.all(),
            "hiding": getattr(comment, "hiding", None),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/comments/moderate.html", context)


admin.site.unregister(XtdComment)
admin.site.register(XtdComment, ReaderCommentAdmin)


def moderation_queue(request):
    """Everything that waits for an editor, oldest first, with actions on many at once."""
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
        return redirect(request.get_full_path())
    listing, redirect_to = one_page(request, moderation.waiting(), query={}, per_page=moderation.PER_PAGE)
    if redirect_to:
        return redirect_to
    context = {
        **admin.site.each_context(request),
        "title": _("Moderation queue"),
        **listing,
        "items": moderation.queue_page(listing["page"]),
        "counts": moderation.counts(),
    }
    return TemplateResponse(request, "admin/moderation.html", context)


admin.site.register_page(
    "moderation/",
    moderation_queue,
    name="moderation",
    title=gettext_lazy("Moderation queue"),
    permission=moderation.PERMISSION,
)
admin.site.add_index_figures(
    "moderation_counts",
    lambda request: moderation.counts() if request.user.has_perm(moderation.PERMISSION) else None,
)
