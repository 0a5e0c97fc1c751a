"""The editors' admin site: its names, the page shown while signing in is paused (by
django-axes, after repeated failures), and the pages apps add that belong to no one model
(the moderation queue, personal data)."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blueprint import protection


class PausedLoginForm(AdminAuthenticationForm):
    """The sign-in form while signing in is paused: it keeps the user name and checks nothing."""

    def clean(self):
        raise ValidationError(protection.SIGN_IN_PAUSED, code="paused")


def sign_in_paused(request, original_response=None, credentials=None):
    """django-axes' answer while a user name is paused at this address: the sign-in page again,
    with the name kept and the reason at the top."""
    context = {
        **admin.site.each_context(request),
        "title": _("Log in"),
        "app_path": request.get_full_path(),
        "form": PausedLoginForm(request, data=request.POST),
    }
    return render(request, "admin/login.html", context, status=429)


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
