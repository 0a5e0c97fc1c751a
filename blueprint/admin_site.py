"""The editors' admin site: its names, sign-in paused after repeated failures, and the pages
apps add that belong to no one model (the moderation queue, personal data)."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blueprint import protection


class PausedLoginForm(AdminAuthenticationForm):
    """The sign-in form while signing in is paused: it keeps the user name and checks nothing."""

    def clean(self):
        raise ValidationError(protection.LOGIN_PAUSED, code="paused")


class BlueprintAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Wellbeing Blueprint editors")
    site_title = gettext_lazy("Wellbeing Blueprint")
    index_title = gettext_lazy("Editing the Blueprint")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def register_page(self, route, view, *, name):
        """An app's own admin page at /admin/<route>, behind the admin's sign-in (`admin:<name>`)."""
        self._pages.append((route, view, name))

    def get_urls(self):
        pages = [path(route, self.admin_view(view), name=name) for route, view, name in self._pages]
        return [*pages, *super().get_urls()]

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
