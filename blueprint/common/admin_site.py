"""The editors' admin site: its names, the page shown while signing in is paused (by
django-axes, after repeated failures), and the pages apps add that belong to no one model
(the moderation queue, personal data)."""

from datetime import timedelta

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blueprint.common import protection
from blueprint.common.models import EditingPresence

# An open change form says so every 15 seconds; one not heard from in 45 is closed.
PRESENCE_SECONDS = 45


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
        self._index_figures = {}

    def add_index_figures(self, name, figures):
        """`figures(request)` (a dict, or None for those who may not see them) on the admin's
        first page as `name`: what waits in the moderation queue."""
        self._index_figures[name] = figures

    def index(self, request, extra_context=None):
        figures = {name: figures(request) for name, figures in self._index_figures.items()}
        return super().index(request, {**figures, **(extra_context or {})})

    def register_page(self, route, view, *, name, title, permission):
        """An app's own admin page at /admin/<route>, behind the admin's sign-in (`admin:<name>`),
        listed as `title` first in the admin's navigation for those with `permission`."""
        self._pages.append((route, view, name, title, permission))

    def get_urls(self):
        pages = [path(route, self.admin_view(view), name=name) for route, view, name, _, _ in self._pages]
        ping = path(
            "editing/<slug:app_label>/<slug:model_name>/<str:pk>/ping/",
            self.admin_view(self.editing_ping),
            name="editing_ping",
        )
        return [*pages, ping, *super().get_urls()]

    def editing_ping(self, request, app_label, model_name, pk):
        """An open change form says it is still open: the answer says who else has it open, and
        whether it was saved since the form's version (its `version` parameter)."""
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            raise Http404 from None
        model_admin = self._registry.get(model)
        obj = model._default_manager.filter(pk=pk).first() if model_admin else None
        if obj is None or not model_admin.has_change_permission(request, obj):
            raise Http404
        now = timezone.now()
        where = {"content_type": ContentType.objects.get_for_model(model), "object_pk": str(obj.pk)}
        EditingPresence.objects.update_or_create(user=request.user, **where, defaults={"seen_at": now})
        others = (
            EditingPresence.objects.filter(**where, seen_at__gte=now - timedelta(seconds=PRESENCE_SECONDS))
            .exclude(user=request.user)
            .select_related("user")
        )
        notices = [
            _("%(name)s has this page open too: save one after the other, and check what the other saved.")
            % {"name": presence.user.get_full_name() or presence.user.get_username()}
            for presence in others
        ]
        version = request.GET.get("version")
        if (
            version
            and hasattr(model_admin, "current_version")
            and model_admin.current_version(request, obj) != version
        ):
            notices.append(
                _(
                    "Someone saved this page since you opened it. If you save now, you will be shown "
                    "the differences to bring together first."
                )
            )
        return JsonResponse({"notices": notices})

    def get_app_list(self, request, app_label=None):
        """The apps' models, after a first section of the pages that belong to no one model (the
        moderation queue, personal data), on the index and in every page's navigation."""
        app_list = super().get_app_list(request, app_label)
        pages = [
            {
                "name": title,
                "object_name": name,
                "admin_url": reverse(f"admin:{name}"),
                "view_only": True,
                "perms": {"view": True},
            }
            for _, _, name, title, permission in self._pages
            if request.user.has_perm(permission)
        ]
        if pages and app_label is None:
            work = {
                "name": _("Work to do"),
                "app_label": "work",
                "app_url": pages[0]["admin_url"],
                "has_module_perms": True,
                "models": pages,
            }
            app_list = [work, *app_list]
        return app_list
