"""The admin site, with the moderation queue: everything that waits for an editor, in one place."""

from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blueprint import moderation, protection


class PausedLoginForm(AdminAuthenticationForm):
    """The sign-in form while signing in is paused: it keeps the user name and checks nothing."""

    def clean(self):
        raise ValidationError(protection.LOGIN_PAUSED, code="paused")


class BlueprintAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Wellbeing Blueprint editors")
    site_title = gettext_lazy("Wellbeing Blueprint")
    index_title = gettext_lazy("Editing the Blueprint")

    def get_urls(self):
        return [
            path("moderation/", self.admin_view(self.moderation_view), name="moderation"),
            path("personal-data/", self.admin_view(self.personal_data_view), name="personal_data"),
            *super().get_urls(),
        ]

    def login(self, request, extra_context=None):
        """The admin sign-in, paused for a client or a user name after repeated failures."""
        if request.method != "POST":
            return super().login(request, extra_context)
        username = request.POST.get("username", "")
        if protection.login_locked(request, username):
            form = PausedLoginForm(request, data=request.POST)
            context = {
                **self.each_context(request),
                "title": _("Log in"),
                "app_path": request.get_full_path(),
                "username": request.user.get_username(),
                "form": form,
                **(extra_context or {}),
            }
            return TemplateResponse(request, self.login_template or "admin/login.html", context, status=429)
        response = super().login(request, extra_context)
        if response.status_code == 200:  # shown again: the password or the user name was wrong
            protection.record_login_failure(request, username)
        return response

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

    def personal_data_view(self, request):
        """Export, or erase, everything stored about one e-mail address."""
        import json

        from django import forms
        from django.core.serializers.json import DjangoJSONEncoder
        from django.http import HttpResponse

        from blueprint.forms import normalise_email
        from blueprint.personal_data import erase_personal_data, export_personal_data

        if not request.user.has_perm("blueprint.manage_personal_data"):
            raise PermissionDenied

        class PersonalDataForm(forms.Form):
            email = forms.EmailField(label=_("E-mail address"))
            confirm_erase = forms.BooleanField(
                label=_("Yes, erase everything about this address. This cannot be undone."),
                required=False,
            )

        form = PersonalDataForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            email = normalise_email(form.cleaned_data["email"])
            if request.POST.get("do") == "export":
                data = json.dumps(export_personal_data(email), cls=DjangoJSONEncoder, indent=2)
                response = HttpResponse(data, content_type="application/json")
                response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
                return response
            if form.cleaned_data["confirm_erase"]:
                counts = erase_personal_data(email)
                summary = ", ".join(f"{label}: {count}" for label, count in counts.items())
                messages.success(request, _("Erased. %(summary)s") % {"summary": summary})
                return redirect("admin:personal_data")
            form.add_error("confirm_erase", _("Tick this box to erase."))
        context = {**self.each_context(request), "title": _("Personal data"), "form": form}
        return TemplateResponse(request, "admin/personal_data.html", context)
