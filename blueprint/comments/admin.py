from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_comments_xtd.admin import XtdCommentsAdmin
from django_comments_xtd.models import XtdComment

from blueprint.comments import moderation


class ReaderCommentAdmin(XtdCommentsAdmin):
    """The library's comment list, without its filter by every content type of the project."""

    list_filter = ("is_public", "is_removed", "followup")


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
        return redirect("admin:moderation")
    context = {
        **admin.site.each_context(request),
        "title": _("Moderation queue"),
        "items": moderation.queue(),
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
